-- Coreference: a pronoun or description resolved to an actor points back to the phrase it stands for.
ALTER TABLE mentions ADD COLUMN antecedent_start INTEGER;  -- the antecedent's span in the body (how_resolved
ALTER TABLE mentions ADD COLUMN antecedent_end INTEGER;    -- = 'coreference:<rule>'); NULL for other mentions
