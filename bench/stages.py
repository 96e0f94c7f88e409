"""Time each stage of Dyad's pipeline on the same texts, in one process, to see where the time goes.

    .venv/bin/python bench/stages.py [FOLDER] [--articles 200] [--distinct] [--profile 25]

Stages: decode + clean, parse with the stock spaCy model and with Dyad's pipeline (its actor ruler added, its
attribute ruler and lemmatizer the faster ones of dyad/spacy_components.py; each run twice, alternating, best
time kept), sentence
extraction, actor extraction (recognition and resolution), coreference (pronouns and descriptions), every
extractor together (`extract_records`, what a run does after the parse), and storing every record in a new
DuckDB file. --distinct takes distinct synthetic articles (bench/synthetic.py) instead of copies of FOLDER's;
--profile N runs `extract_records` once more under cProfile and prints its N costliest functions (own time).
The actor-resolution overhead is (Dyad's parse - stock parse + actor extraction) over the rest of the pipeline
(the faster components make it an underestimate);
coreference is measured against the parse (it must stay under a tenth of it).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from throughput import DEFAULT_FOLDER, make_corpus, stock_model


def timed(label: str, timings: dict[str, float], work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    timings[label] = time.perf_counter() - start
    return result


def parse_both(plain, nlp, bodies: list[str], timings: dict[str, float]) -> list:
    """Both parses twice, alternating, keeping each one's best time: the first pass pays for warm-up."""
    best: dict[str, float] = {}
    docs: list = []
    for _ in range(2):
        for label, model in (("parse, stock model", plain), ("parse, Dyad's pipeline", nlp)):
            docs = timed(label, timings, lambda model=model: list(model.pipe(bodies, batch_size=32)))
            best[label] = min(best.get(label, float("inf")), timings[label])
    timings.update(best)
    return docs


def profile_extractors(pairs: list, top: int) -> None:
    import cProfile
    import pstats

    from dyad.extract import extract_records

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [extract_records(a, d) for a, d in pairs])
    print(f"extract_records under cProfile, the {top} costliest functions by own time:")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--distinct", action="store_true", help="distinct synthetic articles, not copies")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    args = parser.parse_args()

    from dyad.clean import clean
    from dyad.extract import build_context, extract_records
    from dyad.extract.actors import extract_actors
    from dyad.extract.coreference import resolve_coreference
    from dyad.extract.sentences import extract_sentences
    from dyad.knowledge.base import load_knowledge
    from dyad.parse import load_nlp
    from dyad.records import DocumentRecords, RawDocument
    from dyad.store import Store

    kb, nlp, plain = load_knowledge(), load_nlp(), stock_model()
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        if args.distinct:
            from synthetic import generate, write

            write(Path(folder) / "distinct", list(generate(args.articles)))
            paths = sorted((Path(folder) / "distinct").glob("*.txt"))
        else:
            paths = make_corpus(args.folder, Path(folder), args.articles)
        raws = [RawDocument(str(p), p.read_bytes(), "text") for p in paths]
        articles = timed("decode + clean", timings, lambda: [clean(r) for r in raws])
        bodies = [a.body for a in articles]
        docs = parse_both(plain, nlp, bodies, timings)
        pairs = list(zip(articles, docs, strict=True))
        actors = timed("extract actors", timings, lambda: [extract_actors(a, d, kb) for a, d in pairs])
        timed("coreference", timings, lambda: [
            resolve_coreference(a.doc_id, d, sorted(r.mentions, key=lambda m: (m.start_char, m.end_char)), r.facts, kb)
            for (a, d), r in zip(pairs, actors, strict=True)])
        contexts = [build_context(a, d, kb) for a, d in pairs]
        sentences = timed("extract sentences", timings, lambda: [extract_sentences(c) for c in contexts])
        timed("every extractor (extract_records)", timings, lambda: [extract_records(a, d) for a, d in pairs])
        if args.profile:
            profile_extractors(pairs, args.profile)
        records = [DocumentRecords(article=a, parsed=True, sentences=s, mentions=r.mentions,
                                   actors=list(r.facts.values()))
                   for a, s, r in zip(articles, sentences, actors, strict=True)]
        with Store(Path(folder) / "bench.duckdb") as store:
            timed("store", timings, lambda: [store.write_batch(records[i : i + 32], [])
                                             for i in range(0, len(records), 32)])

    words = sum(len(b.split()) for b in bodies)
    kind = "distinct synthetic" if args.distinct else "copied"
    print(f"{len(paths)} {kind} articles, {words:,} words after cleaning")
    print("| stage | seconds |")
    print("|---|---:|")
    for label, seconds in timings.items():
        print(f"| {label} | {seconds:.2f} |")
    resolution = timings["parse, Dyad's pipeline"] - timings["parse, stock model"] + timings["extract actors"]
    rest = timings["decode + clean"] + timings["parse, stock model"] + timings["extract sentences"] + timings["store"]
    print(f"Actor recognition and resolution add {resolution:.2f} s to {rest:.2f} s: {resolution / rest:.1%}")
    parse = timings["parse, Dyad's pipeline"]
    print(f"Coreference takes {timings['coreference']:.2f} s, {timings['coreference'] / parse:.1%} of parse time")


if __name__ == "__main__":
    main()
