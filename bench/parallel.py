"""The same distinct synthetic articles analysed by one local process, by --workers 2, and on Spark local[2].

    .venv/bin/python bench/parallel.py [--workers-articles 200] [--spark-articles 400] [--repeat 1] [--json FILE]

Each `dyad analyze` runs in a fresh process into a fresh database (start-up and model load included), each
setup --repeat times keeping the fastest. In one run of this script:
  --workers 2 against --workers 1 on the first --workers-articles articles;
  --engine spark --master local[2] against --workers 1 on the first --spark-articles articles.
Besides the wall time, every run's CPU time is that of its whole process tree: this script makes itself the
reaper of the run's orphans (the fork server and its workers, Spark's JVM and Python daemon) so that they
stay in its tree, and samples every process under it from /proc ten times a second, keeping each one's last
user + system time (resource usage of reaped children would miss Spark's Python workers: their daemon ignores
SIGCHLD, so the kernel reaps them and drops their usage). On a machine that other work keeps busy, the CPU
ratio (how much more work the parallel run does) holds when the wall-time ratio does not.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import timed_cli
from synthetic import generate, write

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
ORPHANS_WAIT_SECONDS = 60.0
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class TreeRun:
    seconds: float  # wall time of the `dyad` process
    cpu_seconds: float  # user + system CPU of it and of every process it started, directly or not
    corpus_seconds: float
    load: float  # one-minute load average at the end of the run


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"bench: cannot become the reaper of the runs' orphans (errno {ctypes.get_errno()})")


class TreeSampler(threading.Thread):
    """Every SAMPLE_SECONDS, the user + system time of each process under this one (keyed by pid and start
    time, so a reused pid is another process); a process's CPU after its last sample is not counted."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.ticks: dict[tuple[int, int], int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.sample()

    def stop(self) -> float:
        self.done.set()
        self.join()
        self.sample()
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue  # ended while we looked
        children: dict[int, list[int]] = {}
        for pid, fields in stats.items():
            children.setdefault(int(fields[1]), []).append(pid)
        todo = list(children.get(os.getpid(), []))
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            fields = stats[pid]  # state ppid … utime(12) stime(13) … starttime(20), counted from 1 after ")"
            key = (pid, int(fields[19]))
            self.ticks[key] = max(self.ticks.get(key, 0), int(fields[11]) + int(fields[12]))


def run_tree(arguments: list[str]) -> TreeRun:
    """`dyad ARGUMENTS` through bench/timed_cli.py until it and every orphan it left have ended: the CPU of
    the whole tree."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        timings = Path(handle.name)
    sampler = TreeSampler()
    sampler.start()
    try:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, timed_cli.__file__, str(timings), *arguments],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, errors = process.communicate()
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            sys.exit(f"bench: dyad {' '.join(arguments)} failed ({process.returncode}):\n"
                     f"{errors.decode(errors='replace')[-3000:]}")
        _reap_orphans()
        corpus = json.loads(timings.read_text() or "{}").get("corpus_seconds", 0.0)
    finally:
        cpu = sampler.stop()
        timings.unlink(missing_ok=True)
    return TreeRun(seconds, cpu, corpus, os.getloadavg()[0])


def _reap_orphans() -> None:
    """Wait for the processes the run left behind (a fork server, a JVM): they end once their parent has."""
    deadline = time.monotonic() + ORPHANS_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.05)
    print("bench: some processes of the run were still alive; their CPU is not counted", file=sys.stderr)


def best(folder: Path, db: Path, options: list[str], repeat: int) -> TreeRun:
    runs = []
    for _ in range(repeat):
        db.unlink(missing_ok=True)
        runs.append(run_tree(["analyze", str(folder), "--db", str(db), *options]))
    db.unlink(missing_ok=True)
    return min(runs, key=lambda run: run.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers-articles", type=int, default=200)
    parser.add_argument("--spark-articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    become_subreaper()

    comparisons: list[tuple[str, int, TreeRun, TreeRun]] = []
    with tempfile.TemporaryDirectory() as scratch:
        articles = list(generate(max(args.workers_articles, args.spark_articles), args.seed))
        db = Path(scratch) / "bench.duckdb"
        for label, count, options in (("local, --workers 2", args.workers_articles, ["--workers", "2"]),
                                      ("spark, --master local[2]", args.spark_articles,
                                       ["--engine", "spark", "--master", "local[2]"])):
            folder = Path(scratch) / f"articles-{count}"
            if not folder.exists():
                write(folder, articles[:count])
            one = best(folder, db, [], args.repeat)
            other = best(folder, db, options, args.repeat)
            comparisons.append((label, count, one, other))

    note = timed_cli.machine_note()
    print(note)
    print(f"distinct synthetic articles, best of {args.repeat}; CPU = the whole process tree's user + system time")
    print("| run | articles | seconds | CPU s | corpus steps s | load at end | speed-up vs one process | CPU vs one "
          "process |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, count, one, other in comparisons:
        for name, run in (("local, --workers 1", one), (label, other)):
            print(f"| {name} | {count} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.corpus_seconds:.2f} "
                  f"| {run.load:.1f} | ×{one.seconds / run.seconds:.2f} | ×{run.cpu_seconds / one.cpu_seconds:.2f} |")
    if args.json:
        figures = [{"setup": label, "articles": count,
                    "one_process": {"seconds": round(one.seconds, 2), "cpu_seconds": round(one.cpu_seconds, 2)},
                    "parallel": {"seconds": round(other.seconds, 2), "cpu_seconds": round(other.cpu_seconds, 2)},
                    "speed_up": round(one.seconds / other.seconds, 3),
                    "cpu_ratio": round(other.cpu_seconds / one.cpu_seconds, 3)}
                   for label, count, one, other in comparisons]
        args.json.write_text(json.dumps({"note": note, "comparisons": figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
