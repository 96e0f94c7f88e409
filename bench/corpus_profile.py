"""Where the corpus steps (dyad.analyze.run_corpus_steps) spend their time on a database of N distinct articles.

    .venv/bin/python bench/corpus_profile.py [--articles 400] [--seed 1] [--top 20]

Analyses N synthetic articles (bench/synthetic.py) into a temporary database, then runs the corpus steps once
more under cProfile (what every later `dyad analyze` pays, however few articles it adds) and prints each step's
seconds and the functions with the most cumulative time.
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
        steps = (pipeline.link_people_across_corpus, pipeline.cluster_events_across_corpus,
                 Store.settle_commitments, pipeline.build_claims_across_corpus)
        profile = cProfile.Profile()
        with Store(db) as store:
            print(f"corpus steps on {args.articles} distinct articles:")
            for step in steps:
                start = time.perf_counter()
                profile.runcall(step, store)
                print(f"  {step.__qualname__}: {time.perf_counter() - start:.2f} s")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
