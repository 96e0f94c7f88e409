"""The same distinct synthetic articles analysed with one spaCy process, with --workers 2, and on Spark.

    .venv/bin/python bench/parallel.py [--articles 400] [--repeat 1] [--seed 1] [--json FILE]

Runs `dyad analyze` into a fresh database each time: --workers 1 (one local process), --workers 2, and
--engine spark --master local[2] (dyad.scale.spark.analyze_on_spark), each --repeat times keeping the best,
and prints the seconds and each one's ratio to the one local process, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from synthetic import generate, write
from timed_cli import Run, machine_note, run_dyad

SETUPS = {
    "local, --workers 1": [],
    "local, --workers 2": ["--workers", "2"],
    "spark, --master local[2]": ["--engine", "spark", "--master", "local[2]"],
}


def measure(folder: Path, db: Path, options: list[str], repeat: int) -> Run:
    runs = []
    for _ in range(repeat):
        db.unlink(missing_ok=True)
        runs.append(run_dyad(["analyze", str(folder), "--db", str(db), *options]))
    db.unlink(missing_ok=True)
    return min(runs, key=lambda run: run.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        write(folder, list(generate(args.articles, args.seed)))
        runs = {name: measure(folder, Path(scratch) / "bench.duckdb", options, args.repeat)
                for name, options in SETUPS.items()}
    note = machine_note()
    one = runs["local, --workers 1"].seconds
    print(note)
    print(f"{args.articles} distinct articles, best of {args.repeat}")
    print("| run | seconds | articles/s | corpus steps s | peak MiB | vs one process |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, run in runs.items():
        print(f"| {name} | {run.seconds:.1f} | {args.articles / run.seconds:.2f} | {run.corpus_seconds:.2f} "
              f"| {run.peak_mib:.0f} | ×{run.seconds / one:.2f} |")
    if args.json:
        figures = {name: {"seconds": round(run.seconds, 2), "corpus_seconds": round(run.corpus_seconds, 2),
                          "peak_mib": round(run.peak_mib), "ratio_to_one_process": round(run.seconds / one, 3)}
                   for name, run in runs.items()}
        args.json.write_text(json.dumps({"note": note, "articles": args.articles, "runs": figures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
