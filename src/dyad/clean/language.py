"""Which language an article is written in: the language its record declares, else py3langid's guess.

The guess is made among the languages of data/languages.txt. A short text gives the model little to go on
("Germany invaded France" scores 0.44 for English), so a short text is taken as English unless the model
is fairly sure of another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_SAMPLE_CHARS = 3000
_SHORT_TEXT_CHARS = 200
_SHORT_TEXT_MIN_PROBABILITY = 0.4  # a short text is English unless another language scores this much
DEFAULT_LANGUAGE = "en"
_DECLARED = re.compile(r"^([a-z]{2})(?:$|[-_])", re.IGNORECASE)  # "en", "en-GB", "fr_FR"


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # ISO 639-1
    probability: float


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    text = resources.files("dyad").joinpath("data/languages.txt").read_text("utf-8")
    codes = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    identifier.set_languages([c for c in codes if c in identifier.nb_classes])
    return identifier


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
