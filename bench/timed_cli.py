"""Run the `dyad` command line in a fresh process with the corpus steps timed, and measure the whole run.

    run_dyad(["analyze", FOLDER, "--db", DB]) -> Run(seconds, corpus_seconds, peak_mib)

The child (this file run as a script) wraps dyad.analyze.run_corpus_steps (also under the name the Spark
engine imported it by) so that its seconds are known, then runs the command line exactly as `dyad` does.
seconds is the wall time of the whole process (start-up and model load included); peak_mib is the largest
resident set of the `dyad` process and of the processes it reaped itself: spaCy's workers (started by a
fork server) and Spark's JVM and executors are not counted.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MACHINE_NOTE = ("this machine has 2 cores shared with other sessions (load average {load}): absolute figures "
                "move between runs; the ratios are measured within one run")


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    corpus_seconds: float  # inside dyad.analyze.run_corpus_steps (0 if the command does not run them)
    peak_mib: float
    cpu_seconds: float = 0.0  # user + system of the `dyad` process (its reaped children too)

    @property
    def corpus_share(self) -> float:
        return self.corpus_seconds / self.seconds


def machine_note() -> str:
    return MACHINE_NOTE.format(load=" ".join(f"{x:.1f}" for x in os.getloadavg()))


def run_dyad(arguments: list[str]) -> Run:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        timings = Path(handle.name)
    try:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, str(timings), *arguments],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            sys.exit(f"bench: dyad {' '.join(arguments)} failed ({process.returncode}):\n{errors[-3000:]}")
        corpus = json.loads(timings.read_text() or "{}").get("corpus_seconds", 0.0)
    finally:
        timings.unlink(missing_ok=True)
    return Run(seconds, corpus, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def best_of(times: int, arguments: list[str]) -> Run:
    return min((run_dyad(arguments) for _ in range(times)), key=lambda run: run.seconds)


def _child(timings: Path, arguments: list[str]) -> None:
    import atexit

    from dyad.serve.cli import app

    if arguments[:1] not in (["analyze"], ["rebuild"]):  # a reading command: started as `dyad` starts it, without
        app(arguments, prog_name="dyad")  # the pipeline the corpus-step timer would import
        return

    following = dict(itertools.pairwise(arguments))  # each option's value
    if following.get("--engine") == "spark":
        from dyad.scale import warm

        warm.start_early(following.get("--master"))  # as `dyad analyze` does, before the imports below
    import dyad.analyze
    import dyad.scale.spark
    from dyad.store import Store

    steps = dyad.analyze.run_corpus_steps
    spent = [0.0]

    def timed_corpus_steps(store: Store) -> None:
        start = time.perf_counter()
        try:
            steps(store)
        finally:
            spent[0] += time.perf_counter() - start

    dyad.analyze.run_corpus_steps = timed_corpus_steps
    dyad.scale.spark.run_corpus_steps = timed_corpus_steps
    atexit.register(lambda: timings.write_text(json.dumps({"corpus_seconds": spent[0]})))
    app(arguments, prog_name="dyad")


if __name__ == "__main__":
    _child(Path(sys.argv[1]), sys.argv[2:])
