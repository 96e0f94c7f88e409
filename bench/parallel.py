"""The same distinct synthetic articles analysed by one local process, by --workers 2, and on Spark local[2].

    .venv/bin/python bench/parallel.py [--workers-articles 200] [--spark-articles 400] [--repeat 1] [--json FILE]
                                       [--only workers|spark] [--timeline]

Each `dyad analyze` runs in a fresh process into a fresh database (start-up and model load included), each
setup --repeat times keeping the fastest. In one run of this script:
  --workers 2 against --workers 1 on the first --workers-articles articles;
  --engine spark --master local[2] against --workers 1 on the first --spark-articles articles.
Besides the wall time, every run's CPU time is that of its whole process tree: this script makes itself the
reaper of the run's orphans (the fork server and its workers, Spark's JVM and Python daemon) so that they
stay in its tree, and samples every process under it from /proc ten times a second, keeping each one's last
user + system time (resource usage of reaped children would miss Spark's Python workers: their daemon ignores
SIGCHLD, so the kernel reaps them and drops their usage). On a machine that other work keeps busy, the CPU
ratio (how much more work the parallel run does) holds when the wall-time ratio does not, and so does the
estimate of each run's wall time on 2 idle cores, made from the samples (TreeSampler.idle_seconds). --timeline
prints each process's CPU over the run: when it starts working, when it waits.
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
TIMELINE_STEP = 0.5
IDLE_CORES = 2


@dataclass(frozen=True, slots=True)
class TreeRun:
    seconds: float  # wall time of the `dyad` process
    cpu_seconds: float  # user + system CPU of it and of every process it started, directly or not
    corpus_seconds: float
    load: float  # one-minute load average at the end of the run
    timeline: str  # each process's CPU over the run (TreeSampler.timeline)
    idle_seconds: float  # the wall time estimated for IDLE_CORES idle cores (TreeSampler.idle_seconds)


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
        self.names: dict[tuple[int, int], str] = {}
        self.trace: list[tuple[float, dict[tuple[int, int], int]]] = []  # (seconds since start, ticks then)
        self.started = time.perf_counter()
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
            name = _process_name(pid)  # again each time: a shell script may exec a JVM
            if name.split(" ", 1)[-1].strip() or key not in self.names:  # an ended process has no command line
                self.names[key] = name
        self.trace.append((time.perf_counter() - self.started, dict(self.ticks)))

    def per_step(self, step: float) -> dict[tuple[int, int], list[float]]:
        """Each process's CPU seconds in each `step` seconds of the run's wall time."""
        hertz = os.sysconf("SC_CLK_TCK")
        end = self.trace[-1][0] if self.trace else 0.0
        bins = int(end / step) + 1
        rows: dict[tuple[int, int], list[float]] = {key: [0.0] * bins for key in self.ticks}
        last: dict[tuple[int, int], int] = {}
        for seconds, ticks in self.trace:
            for key, value in ticks.items():
                rows[key][min(int(seconds / step), bins - 1)] += (value - last.get(key, 0)) / hertz
                last[key] = value
        return rows

    def idle_seconds(self, cores: int = IDLE_CORES) -> float:
        """The run's wall time on `cores` idle cores, estimated from what ran side by side: each step of the
        timeline takes the longer of its CPU spread over the cores and the CPU of its busiest process (one
        process uses one core). A process's waits (for the model, for the writer) stay where they were, so
        the estimate keeps the design's serial parts while the other sessions' load drops out."""
        rows = list(self.per_step(SAMPLE_SECONDS).values())
        return sum(max(sum(cpu) / cores, max(cpu)) for cpu in zip(*rows, strict=True)) if rows else 0.0

    def timeline(self, step: float) -> str:
        """Each process's CPU per `step` seconds of wall time, a row per process in order of start: when
        each one works and when it waits."""
        rows = self.per_step(step)
        lines = [f"CPU seconds per {step:g} s of wall time (. under 10% of a core; digits: tenths of a core)"]
        for key in sorted(rows, key=lambda k: k[1]):
            total = sum(rows[key])
            if total < 0.05:
                continue
            cells = "".join("." if cpu / step < 0.1 else str(min(9, int(10 * cpu / step))) for cpu in rows[key])
            lines.append(f"{self.names.get(key, '?')[:28]:28} {total:6.2f} s |{cells}|")
        return "\n".join(lines)


def _process_name(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(w.decode(errors="replace") for w in words if w)
    for marker in ("java", "forkserver", "dyad.scale.warm", "dyad.scale.daemon", "timed_cli", "spawn_main"):
        if marker in text:
            return f"{pid} {marker}"
    return f"{pid} {text.rsplit('/', 1)[-1][:40]}"


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
    return TreeRun(seconds, cpu, corpus, os.getloadavg()[0], sampler.timeline(TIMELINE_STEP),
                   sampler.idle_seconds())


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


def ensure_jvm_archive(scratch: Path, articles: list, db: Path) -> str:
    """Every Spark run but a machine's first maps the JVM's class-data archive (dyad.scale.jvm), written by
    the first one at its JVM's exit: where there is none yet, an untimed run on a few articles writes it, so
    that the timed runs are the ones a user makes after the first."""
    from dyad.scale.jvm import archive_for
    from dyad.scale.spark import LOCAL_JVM_OPTIONS

    if archive_for(LOCAL_JVM_OPTIONS).path is not None:
        return "JVM class-data archive: in the cache"
    folder = scratch / "archive-warm-up"
    write(folder, articles)
    run_tree(["analyze", str(folder), "--db", str(db), "--engine", "spark", "--master", "local[2]"])
    db.unlink(missing_ok=True)
    found = archive_for(LOCAL_JVM_OPTIONS).path is not None
    return f"JVM class-data archive: written by an untimed Spark run first ({'done' if found else 'FAILED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers-articles", type=int, default=200)
    parser.add_argument("--spark-articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", choices=("workers", "spark"), help="run one of the two comparisons")
    parser.add_argument("--timeline", action="store_true", help="print each run's CPU per process over time")
    args = parser.parse_args()
    become_subreaper()

    comparisons: list[tuple[str, int, TreeRun, TreeRun]] = []
    with tempfile.TemporaryDirectory() as scratch:
        articles = list(generate(max(args.workers_articles, args.spark_articles), args.seed))
        db = Path(scratch) / "bench.duckdb"
        archive_note = ensure_jvm_archive(Path(scratch), articles[:4], db) if args.only != "workers" else ""
        for label, count, options in (("local, --workers 2", args.workers_articles, ["--workers", "2"]),
                                      ("spark, --master local[2]", args.spark_articles,
                                       ["--engine", "spark", "--master", "local[2]"])):
            if args.only and args.only not in label:
                continue
            folder = Path(scratch) / f"articles-{count}"
            if not folder.exists():
                write(folder, articles[:count])
            one = best(folder, db, [], args.repeat)
            other = best(folder, db, options, args.repeat)
            comparisons.append((label, count, one, other))

    note = report(comparisons, args.repeat, archive_note, timeline=args.timeline)
    if args.json:
        figures = [{"setup": label, "articles": count,
                    "one_process": {"seconds": round(one.seconds, 2), "cpu_seconds": round(one.cpu_seconds, 2)},
                    "parallel": {"seconds": round(other.seconds, 2), "cpu_seconds": round(other.cpu_seconds, 2)},
                    "speed_up": round(one.seconds / other.seconds, 3),
                    "idle_core_estimate": {"one_process": round(one.idle_seconds, 2),
                                           "parallel": round(other.idle_seconds, 2),
                                           "speed_up": round(one.idle_seconds / other.idle_seconds, 3)},
                    "cpu_ratio": round(other.cpu_seconds / one.cpu_seconds, 3)}
                   for label, count, one, other in comparisons]
        args.json.write_text(json.dumps({"note": note, "comparisons": figures}, indent=2) + "\n")


def report(comparisons: list[tuple[str, int, TreeRun, TreeRun]], repeat: int, archive_note: str, *,
           timeline: bool) -> str:
    """Print the table (and the timelines); the machine note it starts with."""
    note = timed_cli.machine_note()
    print(note)
    print(f"distinct synthetic articles, best of {repeat}; CPU = the whole process tree's user + system time")
    if archive_note:
        print(archive_note)
    print(f"idle-core estimate: the run's wall time on {IDLE_CORES} idle cores from its timeline "
          "(TreeSampler.idle_seconds): what to compare when the load is above 2")
    print("| run | articles | seconds | CPU s | corpus steps s | load at end | speed-up vs one process | CPU vs one "
          f"process | estimate on {IDLE_CORES} idle cores s | estimated speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, count, one, other in comparisons:
        for name, run in (("local, --workers 1", one), (label, other)):
            print(f"| {name} | {count} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.corpus_seconds:.2f} "
                  f"| {run.load:.1f} | ×{one.seconds / run.seconds:.2f} | ×{run.cpu_seconds / one.cpu_seconds:.2f} "
                  f"| {run.idle_seconds:.1f} | ×{one.idle_seconds / run.idle_seconds:.2f} |")
    if timeline:
        for label, _, one, other in comparisons:
            for name, run in (("local, --workers 1", one), (label, other)):
                print(f"\n{name}:\n{run.timeline}")
    return note


if __name__ == "__main__":
    main()
