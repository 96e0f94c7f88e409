"""PySpark's worker daemon with Dyad's pipeline loaded first (`spark.python.daemon.module`).

Spark starts one daemon per executor, which forks a Python worker for each task slot. On a local master the
driver has already started a server that loads the pipeline while the JVM starts (`dyad.scale.warm`): this
process hands itself over to it, and the daemon the JVM talks to is a fork of that server. Elsewhere the
pipeline is loaded here, before the first fork (`dyad.worker_preload`). Either way it is one load per
executor: every worker starts with the model, the knowledge base and the extractors' data in memory instead
of importing and loading them itself. Nothing of it is pickled or sent; the workers share the daemon's pages.
"""

import os

from dyad.scale.warm import hand_over

if __name__ == "__main__" and not hand_over():
    from pyspark.daemon import manager

    import dyad.worker_preload  # loads the pipeline on import, before any worker is forked

    dyad.worker_preload.warm_up_cleaning()  # Spark's workers clean their inputs too
    code = 0
    try:
        manager()
    except SystemExit as done:  # PySpark's daemon ends with sys.exit
        code = done.code if isinstance(done.code, int) else 1
    finally:
        os._exit(code)  # without the teardown that would free the loaded pipeline object by object
