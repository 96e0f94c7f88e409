-- For analysts reading the tables directly (pandas, DuckDB, exports).
-- source_name(outlet, title, source): the one name a source goes by everywhere it is shown — its outlet,
-- else its title, else the file name of its path or URL (no folders, no #fragment), else the source as given.
CREATE OR REPLACE MACRO source_name(outlet, title, source) AS coalesce(
    nullif(trim(outlet), ''), nullif(trim(title), ''),
    nullif(regexp_extract(split_part(source, '#', 1), '([^/\\]+)[/\\]*$', 1), ''), source);

-- iso_date(day, precision, day_end): a date as ISO 8601 at the precision it is known to, never an invented
-- day: '2025' (year), '2025-01' (month), '2025-01-14' (day), '2024-10-01/2024-12-31' (a range).
CREATE OR REPLACE MACRO iso_date(day, precision, day_end) AS CASE
    WHEN day IS NULL THEN NULL
    WHEN precision = 'year' THEN strftime(day, '%Y')
    WHEN precision = 'month' THEN strftime(day, '%Y-%m')
    WHEN precision = 'range' AND day_end IS NOT NULL AND day_end <> day
        THEN strftime(day, '%Y-%m-%d') || '/' || strftime(day_end, '%Y-%m-%d')
    ELSE strftime(day, '%Y-%m-%d') END;

-- The sentence a quote, an event mention or a claim's evidence starts in (its text), filled when stored.
ALTER TABLE quotes ADD COLUMN sentence VARCHAR;
ALTER TABLE events ADD COLUMN sentence VARCHAR;
ALTER TABLE claim_links ADD COLUMN sentence VARCHAR;

-- One row per real event (a cluster of event mentions): its type, mode, dates with their precision, parties,
-- how many mentions in how many documents by which outlets, and its best-told mention (highest confidence).
CREATE VIEW clusters AS
WITH mentions_of AS (
    SELECT coalesce(e.cluster_id, e.event_id) AS cluster_id, e.* EXCLUDE (cluster_id),
           source_name(d.outlet, d.title, d.source) AS source_name,
           row_number() OVER (PARTITION BY coalesce(e.cluster_id, e.event_id)
                              ORDER BY e.confidence DESC NULLS LAST, e.doc_id, e.start_char, e.event_id) AS rank,
           row_number() OVER (PARTITION BY coalesce(e.cluster_id, e.event_id)
                              ORDER BY e.event_date NULLS LAST, e.date_end NULLS LAST, e.doc_id, e.start_char,
                                       e.event_id) AS date_rank
    FROM events e JOIN documents d USING (doc_id)
)
SELECT cluster_id,
       min(plover_type) AS plover_type,
       min(mode) AS mode,
       min(modality) FILTER (rank = 1) AS modality,
       min(iso_date(event_date, date_precision, date_end)) FILTER (date_rank = 1) AS date,
       min(event_date) AS event_date,
       max(coalesce(date_end, event_date)) AS date_end,
       min(date_precision) FILTER (date_rank = 1) AS date_precision,
       min(date_text) FILTER (date_rank = 1) AS date_text,
       list_sort(list(DISTINCT source_id) FILTER (source_id IS NOT NULL)) AS sources,
       list_sort(list(DISTINCT target_id) FILTER (target_id IS NOT NULL)) AS targets,
       count(*) AS mentions,
       count(DISTINCT doc_id) AS documents,
       list_sort(list(DISTINCT source_name)) AS outlets,
       list_sort(list(DISTINCT doc_id)) AS doc_ids,
       list_sort(list(event_id)) AS event_ids,
       min(summary) FILTER (rank = 1) AS summary,
       min(sentence) FILTER (rank = 1) AS sentence,
       min(doc_id) FILTER (rank = 1) AS doc_id,
       min(start_char) FILTER (rank = 1) AS start_char,
       min(end_char) FILTER (rank = 1) AS end_char
FROM mentions_of
GROUP BY cluster_id;
