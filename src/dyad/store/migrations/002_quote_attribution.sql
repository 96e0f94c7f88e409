-- How each quote was attributed and, when no speaker could be told, why; where the speaker is named.
ALTER TABLE quotes ADD COLUMN attribution VARCHAR;    -- named|relative_pronoun|pronoun|description|continuation|named_later|unnamed|missing|none
ALTER TABLE quotes ADD COLUMN reason VARCHAR;         -- why speaker_id is NULL (subject_missing, no_speech_cue, …)
ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;  -- the speaker's name in the body, when the cue names them
ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
