"""The Arrow schemas batches are written with, one per record-contract table."""

from __future__ import annotations

import pyarrow as pa

# re-exported: the names and the merge rule live where reading the store needs no Arrow (store/contract.py)
from dyad.store.contract import CONTRACT_TABLES as CONTRACT_TABLES
from dyad.store.contract import MERGE_ACTORS as MERGE_ACTORS

FLOAT_LIST = pa.list_(pa.float32())  # a sentence vector: stored from numpy buffers (store/repository.py)
REMOVED_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string()), ("text", pa.string())])
DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("published", pa.date32()),
        ("published_source", pa.string()),
        ("language", pa.string()),
        ("language_score", pa.float64()),
        ("body", pa.string()),
        ("removed_spans", pa.list_(REMOVED_SPAN)),
        ("content_type", pa.string()),
        ("encoding", pa.string()),
        ("body_sha256", pa.string()),
        ("parsed", pa.bool_()),
        ("n_words", pa.int32()),
        ("n_sentences", pa.int32()),
        ("meta", pa.string()),
    ]
)
SENTENCES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sent_index", pa.int32()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
    ]
)
MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("surface", pa.string()),
        ("actor_id", pa.string()),
        ("how_resolved", pa.string()),
        ("antecedent_start", pa.int32()),
        ("antecedent_end", pa.int32()),
    ]
)
ACTORS = pa.schema(
    [
        ("actor_id", pa.string()),
        ("kind", pa.string()),
        ("name", pa.string()),
        ("roles", pa.list_(pa.string())),
        ("aliases", pa.list_(pa.string())),
        ("country", pa.string()),
    ]
)
QUOTES = pa.schema(
    [
        ("quote_id", pa.string()),
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("speaker_id", pa.string()),
        ("speaker_name", pa.string()),
        ("cue", pa.string()),
        ("confidence", pa.float64()),
        ("attribution", pa.string()),
        ("reason", pa.string()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("sentence", pa.string()),  # the text of the sentence the record starts in
    ]
)
EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("plover_type", pa.string()),
        ("mode", pa.string()),
        ("source_id", pa.string()),
        ("target_id", pa.string()),
        ("event_date", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("modality", pa.string()),
        ("summary", pa.string()),
        ("confidence", pa.float64()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("vector", pa.list_(pa.float32())),
        ("quantities", pa.list_(pa.string())),
        ("source_state", pa.string()),
        ("source_sector", pa.string()),
        ("target_state", pa.string()),
        ("target_sector", pa.string()),
        ("sentence", pa.string()),  # the text of the sentence the record starts in
    ]
)
RELATIONS = pa.schema(
    [
        ("a_id", pa.string()),
        ("b_id", pa.string()),
        ("type", pa.string()),
        ("status", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("observed_on", pa.date32()),
        ("cue", pa.string()),
        ("dated_by", pa.string()),
        ("valid_from_precision", pa.string()),
    ]
)
COMMITMENTS = pa.schema(
    [
        ("commitment_id", pa.string()),
        ("agreement", pa.string()),
        ("who_id", pa.string()),
        ("what", pa.string()),
        ("to_whom_id", pa.string()),
        ("due_text", pa.string()),
        ("due_date", pa.date32()),
        ("status", pa.string()),
        ("evidence_doc_id", pa.string()),
        ("evidence_start", pa.int32()),
        ("evidence_end", pa.int32()),
        ("event_id", pa.string()),
    ]
)
QUARANTINE = pa.schema(
    [
        ("quarantine_id", pa.string()),
        ("source", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)

CLAIMS = pa.schema([("claim_id", pa.string()), ("text", pa.string()), ("kind", pa.string())])
CLAIM_LINKS = pa.schema(
    [
        ("claim_id", pa.string()),
        ("doc_id", pa.string()),
        ("relation", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("detail", pa.string()),
        ("sentence", pa.string()),  # the text of the sentence the record starts in
    ]
)
STANCES = pa.schema(
    [
        ("holder_id", pa.string()),
        ("target", pa.string()),
        ("polarity", pa.string()),
        ("doc_id", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("cues", pa.list_(pa.string())),
    ]
)

# What a distributed run adds to every staged row (dyad.scale): the document it belongs to, the input's order
# and the row's order within its document, so that the import keeps what a local run keeps, in its order.
STAGED_COLUMNS = ("_doc", "_input", "_record", "_seq")
STAGED_ORIGIN = pa.schema([("_doc", pa.string()), ("_input", pa.int64()), ("_record", pa.int64())])


def staged_schema(schema: pa.Schema) -> pa.Schema:
    """A table's schema with the staging columns appended."""
    return schema.append(pa.field("_doc", pa.string())).append(pa.field("_input", pa.int64())).append(
        pa.field("_record", pa.int64())).append(pa.field("_seq", pa.int64()))
