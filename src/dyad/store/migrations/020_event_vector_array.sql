-- Events: the sentence vector as a fixed-size array of 300 float32 (the width of en_core_web_md's vectors,
-- the model Dyad vendors), not a list of any length. The corpus steps read the vectors of a block's mentions
-- as one float32 matrix (dyad.corpus._neighbours); a fixed-size column is read without per-row offsets, and
-- DuckDB scans it faster than a list (1.7 times on the vectors of 2,170 mentions out of 33,000). A vector of
-- another length (none is stored: every one comes from the one model) or an empty one becomes NULL, as an
-- event with no vector already is.
ALTER TABLE events ALTER COLUMN vector SET DATA TYPE FLOAT[300]
    USING CASE WHEN len(vector) = 300 THEN vector::FLOAT[300] END;
