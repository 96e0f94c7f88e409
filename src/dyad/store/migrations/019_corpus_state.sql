-- What the corpus steps (dyad.corpus) have taken in, so that a run works only where new records touch.

-- The documents whose records the corpus steps have read: the others are new to them.
CREATE TABLE corpus_documents (
    doc_id VARCHAR PRIMARY KEY
);

-- Each actor's kind and country as the corpus steps last saw them: a country learned since (or an actor
-- joined to another and dropped) changes the state-level parties of records the new articles do not hold.
CREATE TABLE corpus_actors (
    actor_id VARCHAR PRIMARY KEY,
    kind     VARCHAR,
    country  VARCHAR
);

-- The component of each event mention (the mentions joined to it by a chain of alike pairs: the unit that
-- is reclustered) and the state-level parties it was clustered with.
CREATE TABLE event_components (
    event_id     VARCHAR PRIMARY KEY,
    component_id VARCHAR NOT NULL,
    parties      VARCHAR[] NOT NULL
);

-- A counter that every write raises: readers (the server's cache of the briefing) know the data changed.
CREATE TABLE store_version (
    version BIGINT NOT NULL
);
INSERT INTO store_version VALUES (0);
