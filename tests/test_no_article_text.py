"""Guard: the repository must not carry copies of third-party article text.

The corpora in ../shared (seed and dev articles, their manifests, the PLOVER
GSR sentences) are copyrighted news text; comments, docstrings, data files and
unit tests use invented sentences instead.  Any line of the README, src/, tests/, bench/ or scripts/ that
shares a run of 8 words with a corpus text is reported as file:line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
RUN = 8  # 7-word runs catch stock phrases ("the united states and its allies")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # a lone quote mark is no word
# Files that may hold prose: code, lexicons, fixtures, docs.
SUFFIXES = {".py", ".toml", ".tsv", ".txt", ".md", ".json"}
# Not article text: fixed strings of publishing platforms, which the cleaner must match to remove them
# (data/boilerplate.toml), and the official names of organisations (data/cameo_organisations.tsv).
ALLOWED = (
    "note: only a member of this blog may post a comment",
    "your email address will not be published",
    "national union for the total independence of angola",
)


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _strings(value: object) -> Iterator[str]:
    """Every string inside a parsed JSON value (manifest titles, notes, ...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _corpus_texts() -> Iterator[str]:
    for path in sorted(CORPUS.glob("*/*")):
        if path.suffix == ".txt":
            yield path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix in {".html", ".htm"}:
            # Tags and attributes are not article text; drop them.
            raw = path.read_text(encoding="utf-8", errors="replace")
            yield re.sub(r"<[^>]*>", " ", raw)
        elif path.suffix == ".json":
            yield from _strings(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield from _strings(json.loads(line))


def _runs(words: list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))


def _repo_files() -> Iterator[Path]:
    yield ROOT / "README.md"
    for top in ("src", "tests", "bench", "scripts"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and (path.suffix in SUFFIXES or top == "scripts") and "__pycache__" not in path.parts:
                yield path


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent; nothing to compare against")
def test_no_line_copies_article_text() -> None:
    corpus_runs: set[tuple[str, ...]] = set()
    for text in _corpus_texts():
        corpus_runs.update(_runs(_words(text)))
    assert corpus_runs, "corpus present but no text read from it"
    for phrase in ALLOWED:
        corpus_runs.difference_update(_runs(_words(phrase)))
    copied: list[str] = []
    for path in _repo_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            hit = next((run for run in _runs(_words(line)) if run in corpus_runs), None)
            if hit is not None:
                copied.append(f"{path.relative_to(ROOT)}:{number}: {' '.join(hit)}")
    assert not copied, "lines share an 8-word run with article text:\n" + "\n".join(copied)
