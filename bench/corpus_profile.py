"""Where the corpus steps (dyad.analyze.run_corpus_steps) spend their time on a database of N distinct articles.

    .venv/bin/python bench/corpus_profile.py [--articles 400] [--seed 1] [--top 20]

Analyses N synthetic articles (bench/synthetic.py) into a temporary database, then runs the corpus steps over
all of them once more under cProfile (`dyad rebuild`; a run pays only for what its new articles touch: see
bench/incremental.py) and prints the seconds and the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from synthetic import generate, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    from dyad import analyze as pipeline
    from dyad.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        folder, db = Path(scratch) / "articles", Path(scratch) / "bench.duckdb"
        write(folder, list(generate(args.articles, args.seed)))
        pipeline.analyze([str(folder)], db=db)
        profile = cProfile.Profile()
        with Store(db) as store:  # the full pass (dyad rebuild): what a run did before it was incremental
            start = time.perf_counter()
            summary = profile.runcall(pipeline.rebuild_corpus, store)
            print(f"corpus steps over all {args.articles} distinct articles (dyad rebuild): "
                  f"{time.perf_counter() - start:.2f} s, {summary}")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
