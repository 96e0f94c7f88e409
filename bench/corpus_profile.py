"""Where the corpus steps (dyad.analyze.run_corpus_steps) spend their time on a database of N distinct articles.

    .venv/bin/python bench/corpus_profile.py [--articles 400] [--seed 1] [--top 20]
    .venv/bin/python bench/corpus_profile.py --source DB --size 3200 [--add 10] [--growth dense|stream] [--top 20]

Without --source: analyses N synthetic articles (bench/synthetic.py) into a temporary database, then runs the
corpus steps over all of them once more under cProfile (`dyad rebuild`) and prints the seconds and the
functions with the most cumulative time.

With --source (a database `dyad analyze` made of bench/synthetic.py's articles, as bench/incremental.py takes):
the records of its first --size articles are copied into a new database (re-dated as a stream of --add a day
with --growth stream), its corpus steps rebuilt, then the records of the next --add articles copied in and
the incremental pass a run would make (run_corpus_steps) profiled: what a run pays at that size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from incremental import copy_articles, ordered_doc_ids, stream_days
from synthetic import generate, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--source", type=Path, help="profile an incremental pass over this database's articles")
    parser.add_argument("--size", type=int, default=3200, help="with --source: the database's articles")
    parser.add_argument("--add", type=int, default=10, help="with --source: the articles the pass adds")
    parser.add_argument("--growth", choices=["dense", "stream"], default="dense")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime)")
    args = parser.parse_args()

    from dyad import analyze as pipeline
    from dyad.store import Store

    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "bench.duckdb"
        if args.source:
            doc_ids = ordered_doc_ids(args.source)
            base, added = doc_ids[:args.size], doc_ids[args.size:args.size + args.add]
            stream = args.growth == "stream"
            copy_articles(args.source, db, base, stream_days(base, 0, args.add) if stream else None)
            with Store(db) as store:
                pipeline.rebuild_corpus(store)
            copy_articles(args.source, db, added,
                          stream_days(added, -(-args.size // args.add) * args.add, args.add) if stream else None)
            with Store(db) as store:
                start, cpu = time.perf_counter(), time.process_time()
                summary = profile.runcall(pipeline.run_corpus_steps, store)
                print(f"incremental pass adding {len(added)} to {args.size} ({args.growth}): "
                      f"{time.perf_counter() - start:.2f} s, CPU {time.process_time() - cpu:.2f} s, {summary}")
        else:
            folder = Path(scratch) / "articles"
            write(folder, list(generate(args.articles, args.seed)))
            pipeline.analyze([str(folder)], db=db)
            with Store(db) as store:  # the full pass (dyad rebuild): what a run did before it was incremental
                start = time.perf_counter()
                summary = profile.runcall(pipeline.rebuild_corpus, store)
                print(f"corpus steps over all {args.articles} distinct articles (dyad rebuild): "
                      f"{time.perf_counter() - start:.2f} s, {summary}")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
