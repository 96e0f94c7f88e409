-- Relations: how a statement is dated — 'sentence' (valid_from, a date the sentence gives), 'article' (it
-- speaks in the present: valid as of observed_on) or 'undated' (past background, or a span of time such as
-- "has been a member since its inception": it holds only when no dated statement says otherwise).
ALTER TABLE relations ADD COLUMN dated_by VARCHAR;
