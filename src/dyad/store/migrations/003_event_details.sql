-- Events: the end of a date range, the word that triggered the event, and the sentence vector used to
-- cluster reports of one event across articles.
ALTER TABLE events ADD COLUMN date_end DATE;
ALTER TABLE events ADD COLUMN trigger VARCHAR;
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN vector FLOAT[];
