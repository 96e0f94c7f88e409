"""Entry point for spark-submit: `spark-submit --master URL path/to/submit.py INPUTS… --db FILE`.

spark-submit runs a Python file, not a console script; this file is `dyad analyze --engine spark` with the
master, executors and memory that spark-submit was given.
"""

import sys

from dyad.serve.cli import app

if __name__ == "__main__":
    app(["analyze", "--engine", "spark", *sys.argv[1:]])
