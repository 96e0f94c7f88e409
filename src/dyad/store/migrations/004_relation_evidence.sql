-- Relations: when the article states the relation (publication date, or the article's latest written date
-- when that is unknown) and the word that states it.
ALTER TABLE relations ADD COLUMN observed_on DATE;
ALTER TABLE relations ADD COLUMN cue VARCHAR;
