-- What the corpus steps (dyad.corpus) have taken in, so that a run works only where new records touch.

-- The documents whose records the corpus steps have read, and in which pass: the others are new to them.
-- Event clusters grow pass by pass, so a rebuild replays the passes in order.
CREATE TABLE corpus_documents (
    doc_id VARCHAR PRIMARY KEY,
    pass   INTEGER NOT NULL
);

-- Each actor's kind and country as the corpus steps last saw them: a country learned since (or an actor
-- joined to another and dropped) changes the state-level parties of records the new articles do not hold.
CREATE TABLE corpus_actors (
    actor_id VARCHAR PRIMARY KEY,
    kind     VARCHAR,
    country  VARCHAR
);

-- The state-level parties each event mention was clustered with (a mention keeps its cluster when a country
-- is learned later; its claims follow the parties it has now).
CREATE TABLE event_clustering (
    event_id VARCHAR PRIMARY KEY,
    parties  VARCHAR[] NOT NULL
);

-- A counter that every write raises: readers (the server's cache of the briefing) know the data changed.
CREATE TABLE store_version (
    version BIGINT NOT NULL
);
INSERT INTO store_version VALUES (0);
