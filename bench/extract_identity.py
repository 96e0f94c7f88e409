"""extract_records output of one checkout, dumped record for record, and its extraction CPU; or two dumps compared.

    PYTHON bench/extract_identity.py dump OUT.pkl [--docs DOCS.spacy] [--syn 120] [--repeat 3] [PATH ...]
    PYTHON bench/extract_identity.py compare A.pkl B.pkl

`dump` runs the checkout whose `dyad` PYTHON imports (run it with main's .venv to dump main's output). The
articles are PATHs' (default: ../shared/corpus seeds, dev and plover-gsr) and --syn N distinct synthetic ones
(bench/synthetic.py). The parsed docs are kept in DOCS.spacy (a DocBin) on the first run and read back on the
next, so that two checkouts extract from the very same Doc objects and the comparison is of extraction alone.
Extraction runs --repeat times over every doc (each on a fresh copy of the doc, so no per-doc cache carries
over); the CPU seconds of each run and their median are printed. Records are compared by their repr, which
names every field of every record.
"""

from __future__ import annotations

import argparse
import pickle
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_PATHS = [CORPUS / "seeds", CORPUS / "dev", CORPUS / "plover-gsr" / "sentences.jsonl"]


def articles_of(paths: list[Path], synthetic: int, folder: Path) -> list:
    from dyad.clean import clean
    from dyad.ingest import expand_paths, read_inputs
    from dyad.records import Quarantine

    paths = list(paths)
    if synthetic:
        sys.path.insert(0, str(REPO / "bench"))
        from synthetic import generate, write

        write(folder / "syn", list(generate(synthetic)))
        paths.append(folder / "syn")
    found = []
    for raw in read_inputs(expand_paths([str(p) for p in paths]).inputs):
        if not isinstance(raw, Quarantine):
            found.append(clean(raw))
    return found


def parsed(articles: list, docs_file: Path | None) -> list:
    from spacy.tokens import DocBin

    from dyad.parse import load_nlp

    nlp = load_nlp()
    if docs_file and docs_file.is_file():
        docs = list(DocBin().from_bytes(docs_file.read_bytes()).get_docs(nlp.vocab))
        if [d.text for d in docs] != [a.body for a in articles]:
            sys.exit(f"{docs_file} holds other texts: delete it")
        return docs
    docs = list(nlp.pipe([a.body for a in articles], batch_size=32))
    if docs_file:
        keep = DocBin(store_user_data=False)
        for doc in docs:
            keep.add(doc)
        docs_file.write_bytes(keep.to_bytes())
        docs = list(DocBin().from_bytes(docs_file.read_bytes()).get_docs(nlp.vocab))  # as the next run reads
    return docs


def dump(args: argparse.Namespace) -> None:
    from spacy.tokens import Doc

    from dyad.extract import extract_records

    with tempfile.TemporaryDirectory() as folder:
        articles = articles_of(args.paths or DEFAULT_PATHS, args.syn, Path(folder))
        synthetic_folder = str(Path(folder) / "syn")
    docs = parsed(articles, args.docs)
    blobs = [doc.to_bytes(exclude=["user_data"]) for doc in docs]
    vocab = docs[0].vocab
    extract_records(articles[0], Doc(vocab).from_bytes(blobs[0]))  # lexicons and knowledge loaded off the clock
    cpu_runs, records = [], []
    for _ in range(args.repeat):
        fresh = [Doc(vocab).from_bytes(blob) for blob in blobs]
        start = time.process_time()
        records = [extract_records(article, doc) for article, doc in zip(articles, fresh, strict=True)]
        cpu_runs.append(time.process_time() - start)
    if args.profile:
        import cProfile
        import pstats

        fresh = [Doc(vocab).from_bytes(blob) for blob in blobs]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [extract_records(a, d) for a, d in zip(articles, fresh, strict=True)])
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    print(f"{len(articles)} docs; extraction CPU s per run: {', '.join(f'{s:.2f}' for s in cpu_runs)}; "
          f"median {statistics.median(cpu_runs):.2f}")
    # the synthetic articles' temporary folder is named anew in each run: it is left out of the comparison
    dumped = [(a.doc_id, repr(r).replace(synthetic_folder, "SYN")) for a, r in zip(articles, records, strict=True)]
    args.out.write_bytes(pickle.dumps(dumped))


def compare(args: argparse.Namespace) -> None:
    left, right = pickle.loads(args.a.read_bytes()), pickle.loads(args.b.read_bytes())
    # each checkout reaches the corpus through its own ../shared link: the articles' paths are compared below it
    left, right = ([(doc_id, _BELOW_CORPUS.sub("CORPUS/", text)) for doc_id, text in dumped]
                   for dumped in (left, right))
    if len(left) != len(right):
        sys.exit(f"{len(left)} docs against {len(right)}")
    differing = [a_id for (a_id, a), (_, b) in zip(left, right, strict=True) if a != b]
    for doc_id in differing[:10]:
        print(f"differs: {doc_id}")
    print(f"{len(left) - len(differing)} of {len(left)} docs identical")
    sys.exit(1 if differing else 0)


_BELOW_CORPUS = re.compile(r"(?<=')[^']*/shared/corpus/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = parser.add_subparsers(dest="verb", required=True)
    dumping = verbs.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("paths", nargs="*", type=Path)
    dumping.add_argument("--docs", type=Path, help="DocBin of the parsed docs: written once, then read")
    dumping.add_argument("--syn", type=int, default=0, help="add N distinct synthetic articles")
    dumping.add_argument("--repeat", type=int, default=1)
    dumping.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    dumping.add_argument("--sort", default="tottime", help="the cProfile order for --profile")
    comparing = verbs.add_parser("compare")
    comparing.add_argument("a", type=Path)
    comparing.add_argument("b", type=Path)
    args = parser.parse_args()
    dump(args) if args.verb == "dump" else compare(args)


if __name__ == "__main__":
    main()
