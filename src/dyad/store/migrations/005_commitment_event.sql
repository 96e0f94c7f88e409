-- Commitments: the announced event each commitment rests on, and the report that settled its status.
ALTER TABLE commitments ADD COLUMN event_id VARCHAR;
ALTER TABLE commitments ADD COLUMN settled_by_event_id VARCHAR;
