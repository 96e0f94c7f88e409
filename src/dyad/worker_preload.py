"""Imported once by the fork server of `dyad.pipeline.WorkerPool`, before any worker is forked.

It loads the spaCy pipeline and runs one short article of our own through parsing and extraction, so that
the knowledge base, the lexicons and every extractor's data are read too. Each worker is then a fork of a
process that holds all of it, instead of importing spaCy, loading the model and reading the data itself:
the run's start costs what one process's start costs, however many workers there are. The model is never
pickled; the workers share the server's memory pages until they write to them.

The local workers are handed articles their parent has already cleaned, so cleaning (its modules and the
language identifier's model, a second or so to read) is not loaded here: `warm_up_cleaning` loads it where
the workers clean too (Spark's daemon).
"""

from __future__ import annotations

import gc

from dyad.extract import extract_records
from dyad.parse import load_nlp
from dyad.records import Article, RawDocument

_WARM_UP = (
    "Ministers meet in Geneva\n\n"
    "The foreign minister of France said on Monday that Paris would sign the agreement with Germany.\n\n"
    '"We will not give up," she told reporters, according to a statement from the ministry.\n'
)


def warm_up() -> None:
    """Load the pipeline and every cache the parse and extraction stages fill on first use."""
    article = Article(doc_id="dyad-worker-warm-up", source="dyad-worker-warm-up.txt", body=_WARM_UP,
                      content_type="text", encoding="utf-8", raw_sha256="", language="en", language_score=1.0)
    extract_records(article, load_nlp()(article.body))


def warm_up_cleaning() -> None:
    """Load what cleaning loads on first use (its modules, the language identifier's model), for workers
    that clean their inputs themselves."""
    from dyad.clean import clean

    clean(RawDocument("dyad-worker-warm-up.txt", _WARM_UP.encode(), "text"))
    freeze()


def freeze() -> None:
    """Leave what is loaded out of the garbage collector's passes: a pass would write to every object's
    header, and each forked worker would then copy the pages of the whole model it shares."""
    gc.collect()
    gc.freeze()


warm_up()
freeze()
