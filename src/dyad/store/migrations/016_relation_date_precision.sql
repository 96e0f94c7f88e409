-- How much of a relation's own date the sentence gives ("since 2024" is a year, not 1 January 2024), so that
-- it is shown and exported at that precision (iso_date).
ALTER TABLE relations ADD COLUMN valid_from_precision VARCHAR;
