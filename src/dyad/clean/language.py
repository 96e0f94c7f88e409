"""Which language an article is written in: the language its record declares, else py3langid's guess.

The guess is made among the languages of data/languages.txt. A short text gives the model little to go on
("Germany invaded France" scores 0.44 for English), so a short text is taken as English unless the model
is fairly sure of another language.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import py3langid
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array

from dyad.data_cache import cache_root, mark_used, remove_unused
from dyad.data_files import data_text

_SAMPLE_CHARS = 3000
_SHORT_TEXT_CHARS = 200
_SHORT_TEXT_MIN_PROBABILITY = 0.4  # a short text is English unless another language scores this much
DEFAULT_LANGUAGE = "en"
_DECLARED = re.compile(r"^([a-z]{2})(?:$|[-_])", re.IGNORECASE)  # "en", "en-GB", "fr_FR"


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # ISO 639-1
    probability: float


# The arrays of py3langid's model, in the order its loader reads them.
_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


@cache
def _identifier() -> LanguageIdentifier:
    # what LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True) followed by set_languages(ours)
    # builds, from the same arrays already restricted to our languages
    arrays = _model_arrays(_languages())
    return LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(), _to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(), norm_probs=True, tk_row=_to_array(arrays["nextmove_row"]))


def _languages() -> tuple[str, ...]:
    text = data_text("languages.txt")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _restricted(arrays: dict[str, np.ndarray], codes: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The model's arrays with only the columns of these languages (those the model knows), in the model's
    order: what set_languages keeps, done once for the cache instead of by every process (0.2 s)."""
    wanted = set(codes)
    indices = [i for i, c in enumerate(arrays["classes"].tolist()) if c in wanted]
    return {**arrays, "ptc": arrays["ptc"][:, indices], "pc": arrays["pc"][indices],
            "classes": arrays["classes"][indices]}


def detect_language(text: str, *, declared: str | None = None) -> LanguageGuess:
    """The declared language (a manifest's or record's 'language': 'en', 'en-GB') if valid, else a guess."""
    match = _DECLARED.match(declared.strip()) if declared else None
    if match:
        return LanguageGuess(match.group(1).lower(), 1.0)
    sample = text[:_SAMPLE_CHARS]
    code, probability = _identifier().classify(sample)
    if code != DEFAULT_LANGUAGE and len(text) < _SHORT_TEXT_CHARS and probability < _SHORT_TEXT_MIN_PROBABILITY:
        code, probability = next((c, p) for c, p in _identifier().rank(sample) if c == DEFAULT_LANGUAGE)
    return LanguageGuess(code, round(float(probability), 4))


def _model_arrays(codes: tuple[str, ...]) -> dict[str, np.ndarray]:
    """py3langid's model arrays, restricted to the languages `codes`. The model ships LZMA-compressed, and
    decompressing it is most of what a run spends before its first article (0.6 s): the arrays are kept
    decompressed (and restricted) in Dyad's cache folder the first time and memory-mapped from there after
    (the same values: the model is never retrained in place, and the folder is named after the model file's
    version, size and date and the languages). Without a writable cache folder every process decompresses
    the model, as py3langid does."""
    model = MODEL_DIR / MODEL_FILE
    stat = model.stat()
    key = hashlib.sha256(f"{py3langid.__version__}|{model}|{stat.st_size}|{stat.st_mtime_ns}|{'|'.join(codes)}"
                         .encode()).hexdigest()
    folder = cache_root() / f"langid-{key[:16]}"
    try:
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _MODEL_ARRAYS}
        mark_used(folder)
        return arrays
    except (OSError, ValueError):
        pass  # not cached yet (or unreadable): decompress, and cache when the folder can be written
    # in memory: zipfile seeks, which an LZMA stream does only by decompressing again from the start
    with np.load(io.BytesIO(lzma.decompress(model.read_bytes())), allow_pickle=False) as data:
        arrays = _restricted({name: data[name] for name in _MODEL_ARRAYS}, codes)
    _cache_arrays(arrays, folder)
    remove_unused(folder.parent.glob("langid-*"), keep=folder)  # other models' or languages' copies, unused for weeks
    return arrays


def _cache_arrays(arrays: dict[str, np.ndarray], folder: Path) -> None:
    """Write the arrays to a folder of their own and rename it into place: a reader sees all of them or none."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
        try:
            for name, array in arrays.items():
                np.save(staging / f"{name}.npy", array, allow_pickle=False)
            staging.replace(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # left only when another process renamed its copy first
    except OSError:
        pass  # a read-only home: every run decompresses the model

