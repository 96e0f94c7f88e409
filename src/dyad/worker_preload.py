"""Imported once by the fork server of `dyad.pipeline.WorkerPool`, before any worker is forked.

It loads the spaCy pipeline and runs one short article of our own through the whole pipeline, so that the
knowledge base, the lexicons and every extractor's data are read too. Each worker is then a fork of a
process that holds all of it, instead of importing spaCy, loading the model and reading the data itself:
the run's start costs what one process's start costs, however many workers there are. The model is never
pickled; the workers share the server's memory pages until they write to them.

The local workers are handed articles their parent has already cleaned, so the language identifier's model
(a second or so to read) is not loaded here; `warm_up_cleaning` loads it where the workers clean too (Spark).
"""

from __future__ import annotations

from dyad.clean import clean
from dyad.clean.language import detect_language
from dyad.extract import extract_records
from dyad.parse import load_nlp
from dyad.records import RawDocument

_WARM_UP = (
    b"Ministers meet in Geneva\n"
    b"The foreign minister of France said on Monday that Paris would sign the agreement with Germany.\n"
    b'"We will not give up," she told reporters, according to a statement from the ministry.\n'
)


def warm_up() -> None:
    """Load the pipeline and every cache the parse and extraction stages fill on first use."""
    # The declared language skips the language identifier (the workers' parent identifies it).
    article = clean(RawDocument("dyad-worker-warm-up.txt", _WARM_UP, "text", {"language": "en"}))
    extract_records(article, load_nlp()(article.body))


def warm_up_cleaning() -> None:
    """Load what cleaning loads on first use (the language identifier's model), for workers that clean."""
    detect_language(_WARM_UP.decode())


warm_up()
