"""PySpark's worker daemon with Dyad's pipeline loaded first (`spark.python.daemon.module`).

Spark starts one daemon per executor, which forks a Python worker for each task slot. Loading the spaCy
pipeline here, before the first fork (`dyad.worker_preload`), makes it one load per executor: every worker
starts with the model, the knowledge base and the extractors' data in memory instead of importing and
loading them itself. Nothing of it is pickled or sent; the workers share the daemon's memory pages.
"""

from pyspark.daemon import manager

import dyad.worker_preload  # loads the pipeline on import, before any worker is forked

dyad.worker_preload.warm_up_cleaning()  # Spark's workers clean their inputs too

if __name__ == "__main__":
    manager()
