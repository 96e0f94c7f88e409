-- Claims: what a claim is about and where it came from; links: what exactly differs.
ALTER TABLE claims ADD COLUMN kind VARCHAR;        -- event | commitment | internal_error
ALTER TABLE claim_links ADD COLUMN detail VARCHAR;  -- 'due: "next week" vs "in the coming weeks"', 'list names AZE twice'
