-- Stances: the evaluative words each stance rests on.
ALTER TABLE stances ADD COLUMN cues VARCHAR[];
