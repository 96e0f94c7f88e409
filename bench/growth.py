"""How `dyad analyze` and `dyad brief` grow with the corpus, on distinct synthetic articles (bench/synthetic.py).

    .venv/bin/python bench/growth.py [--sizes 200,400,800,1600] [--add 10] [--seed 1] [--json FILE]

(a) `dyad analyze` of N articles into a fresh database, for each N: seconds, seconds per article, share of the
    time in the corpus steps (dyad.analyze.run_corpus_steps), peak resident memory;
(b) adding --add new articles to each of those databases (a copy, best of two) against adding them to an
    empty database: seconds and corpus-step share;
(c) `dyad brief` on each database (best of two) against `dyad --version` (start-up alone) in the same run.
Every `dyad` runs in its own process, so start-up and the model load are in each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from synthetic import Article, generate, write
from timed_cli import Run, best_of, machine_note, run_dyad


def sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",") if part.strip()})


def subset_folder(parent: Path, name: str, articles: list[Article]) -> Path:
    folder = parent / name
    write(folder, articles)
    return folder


def row(run: Run, articles: int | None = None) -> dict[str, float]:
    figures = {"seconds": round(run.seconds, 2), "corpus_seconds": round(run.corpus_seconds, 2),
               "corpus_share": round(run.corpus_share, 3), "peak_mib": round(run.peak_mib)}
    if articles:
        figures["seconds_per_article"] = round(run.seconds / articles, 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=sizes("200,400,800,1600"))
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    largest = max(args.sizes)
    articles = list(generate(largest + args.add, args.seed))
    report: dict = {"note": machine_note(), "add": args.add, "analyze": {}, "add_to": {}, "brief": {}}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        extra = subset_folder(root, "extra", articles[largest:])
        empty_db = root / "empty.duckdb"
        report["add_to"]["0"] = row(best_of_copy(["analyze", str(extra), "--db", str(empty_db)], None, empty_db))
        report["startup"] = row(best_of(2, ["--version"]))
        for n in args.sizes:
            folder = subset_folder(root, f"n{n}", articles[:n])
            db = root / f"n{n}.duckdb"
            report["analyze"][str(n)] = row(run_dyad(["analyze", str(folder), "--db", str(db)]), n)
            report["brief"][str(n)] = row(best_of(2, ["brief", "--db", str(db), "--out", os.devnull]))
            grown = root / "grown.duckdb"
            report["add_to"][str(n)] = row(best_of_copy(["analyze", str(extra), "--db", str(grown)], db, grown))
            shutil.rmtree(folder)
            db.unlink()
    print_report(report, args.sizes)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


def best_of_copy(arguments: list[str], source: Path | None, db: Path) -> Run:
    """Best of two runs, each on a fresh copy of source (or a new database when source is None)."""
    runs = []
    for _ in range(2):
        db.unlink(missing_ok=True)
        if source is not None:
            shutil.copyfile(source, db)
        runs.append(run_dyad(arguments))
    db.unlink(missing_ok=True)
    return min(runs, key=lambda run: run.seconds)


def print_report(report: dict, ns: list[int]) -> None:
    print(report["note"])
    print("\n(a) dyad analyze of N distinct articles into a fresh database")
    print("| N | seconds | s/article | corpus steps s | corpus share | peak MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in ns:
        r = report["analyze"][str(n)]
        print(f"| {n} | {r['seconds']:.1f} | {r['seconds_per_article']:.3f} | {r['corpus_seconds']:.2f} "
              f"| {r['corpus_share']:.1%} | {r['peak_mib']} |")
    first = report["analyze"][str(ns[0])]
    for n in ns[1:]:
        r = report["analyze"][str(n)]
        print(f"N {ns[0]} → {n} (×{n / ns[0]:g}): time ×{r['seconds'] / first['seconds']:.2f}, "
              f"s/article ×{r['seconds_per_article'] / first['seconds_per_article']:.2f}, corpus steps "
              f"×{r['corpus_seconds'] / max(first['corpus_seconds'], 1e-9):.2f}")
    print(f"\n(b) adding {report['add']} new articles to a database of N (best of two)")
    print("| N | seconds | corpus steps s | corpus share | vs N = 0 |")
    print("|---:|---:|---:|---:|---:|")
    base = report["add_to"]["0"]
    for n in ["0", *map(str, ns)]:
        r = report["add_to"][n]
        print(f"| {n} | {r['seconds']:.1f} | {r['corpus_seconds']:.2f} | {r['corpus_share']:.1%} "
              f"| ×{r['seconds'] / base['seconds']:.2f} |")
    print("\n(c) dyad brief (best of two), against dyad --version (start-up alone) in the same run")
    start = report["startup"]["seconds"]
    print("| N | seconds | minus start-up | vs start-up |")
    print("|---:|---:|---:|---:|")
    print(f"| --version | {start:.2f} | 0.00 | ×1.00 |")
    for n in ns:
        r = report["brief"][str(n)]
        print(f"| {n} | {r['seconds']:.2f} | {r['seconds'] - start:.2f} | ×{r['seconds'] / start:.2f} |")


if __name__ == "__main__":
    main()
