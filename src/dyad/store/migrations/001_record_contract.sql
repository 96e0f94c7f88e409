-- The record contract of DESIGN.md: every table, created now, even those later stages fill.
-- Offsets are character offsets into documents.body.

CREATE TABLE documents (
    doc_id           VARCHAR PRIMARY KEY,     -- first 16 hex digits of sha256 of the input bytes
    source           VARCHAR NOT NULL,        -- the path or URL as given (#line=N / #offset=N inside containers)
    url              VARCHAR,
    outlet           VARCHAR,
    title            VARCHAR,
    author           VARCHAR,
    published        DATE,
    published_source VARCHAR,                 -- manifest | record | page
    language         VARCHAR,
    language_score   DOUBLE,
    body             VARCHAR NOT NULL,        -- the cleaned article text
    removed_spans    STRUCT("start" INTEGER, "end" INTEGER, reason VARCHAR, "text" VARCHAR)[],
    content_type     VARCHAR,                 -- text | html
    encoding         VARCHAR,
    body_sha256      VARCHAR NOT NULL,
    parsed           BOOLEAN NOT NULL,
    n_words          INTEGER,
    n_sentences      INTEGER,
    meta             JSON,                    -- everything else the manifest / record said
    ingested_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE sentences (
    doc_id      VARCHAR NOT NULL,
    sent_index  INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, sent_index)
);

CREATE TABLE quarantine (
    quarantine_id VARCHAR PRIMARY KEY,        -- hash of (source, stage, reason): re-runs add no duplicates
    source        VARCHAR NOT NULL,
    stage         VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    detail        VARCHAR,
    seen_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE actors (
    actor_id VARCHAR PRIMARY KEY,
    kind     VARCHAR NOT NULL,                -- state|igo|institution|person|group|place|outlet
    name     VARCHAR NOT NULL,
    roles    VARCHAR[],
    aliases  VARCHAR[],
    country  VARCHAR
);

CREATE TABLE mentions (
    doc_id       VARCHAR NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    surface      VARCHAR NOT NULL,
    actor_id     VARCHAR,
    how_resolved VARCHAR,
    PRIMARY KEY (doc_id, start_char, end_char)
);

CREATE TABLE quotes (
    quote_id     VARCHAR PRIMARY KEY,
    doc_id       VARCHAR NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,            -- direct|indirect|mixed
    speaker_id   VARCHAR,
    speaker_name VARCHAR,
    cue          VARCHAR,
    confidence   DOUBLE
);

CREATE TABLE events (
    event_id       VARCHAR PRIMARY KEY,
    doc_id         VARCHAR NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    plover_type    VARCHAR NOT NULL,
    mode           VARCHAR,
    source_id      VARCHAR,
    target_id      VARCHAR,
    event_date     DATE,
    date_precision VARCHAR,                   -- day|month|year|range
    date_text      VARCHAR,
    modality       VARCHAR,                   -- past|announced|hypothetical|historical|negated
    cluster_id     VARCHAR,
    summary        VARCHAR,
    confidence     DOUBLE
);

CREATE TABLE commitments (
    commitment_id   VARCHAR PRIMARY KEY,
    agreement       VARCHAR,
    who_id          VARCHAR,
    what            VARCHAR NOT NULL,
    to_whom_id      VARCHAR,
    due_text        VARCHAR,
    due_date        DATE,
    status          VARCHAR NOT NULL,         -- pending|kept|broken|unknown
    evidence_doc_id VARCHAR NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL
);

CREATE TABLE relations (
    a_id       VARCHAR NOT NULL,
    b_id       VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,              -- member|ally|partner|observer|applicant|…
    status     VARCHAR NOT NULL,              -- active|suspended|ended|planned
    valid_from DATE,
    valid_to   DATE,
    doc_id     VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);

CREATE TABLE stances (
    holder_id  VARCHAR NOT NULL,              -- an outlet or an actor
    target     VARCHAR NOT NULL,
    polarity   VARCHAR NOT NULL,              -- positive|negative|mixed|neutral
    doc_id     VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL
);

CREATE TABLE claims (
    claim_id VARCHAR PRIMARY KEY,
    text     VARCHAR NOT NULL
);

CREATE TABLE claim_links (
    claim_id   VARCHAR NOT NULL,
    doc_id     VARCHAR NOT NULL,
    relation   VARCHAR NOT NULL,              -- supports|contradicts|differs
    start_char INTEGER,
    end_char   INTEGER
);
