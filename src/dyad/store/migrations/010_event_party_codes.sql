-- Events: each party coded as PLOVER/POLECAT code actors, a state (ISO alpha-3) and a CAMEO sector
-- (GOV, MIL, COP, OPP, REB, BUS, IGO …): a person, body or agent stands for its state; source_id and
-- target_id keep the named actor.
ALTER TABLE events ADD COLUMN source_state VARCHAR;
ALTER TABLE events ADD COLUMN source_sector VARCHAR;
ALTER TABLE events ADD COLUMN target_state VARCHAR;
ALTER TABLE events ADD COLUMN target_sector VARCHAR;
