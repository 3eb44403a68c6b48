-- Published statistics about English councils (imported by data/ingest), for
-- benchmarking one council against a comparator group.

-- name: benchmark_catalogue
-- Every imported measure of every publication (published_load.dataset), once, as the newest release of the publication
-- describes it (the release whose figures reach the latest period; the later load, then the later name, where two reach
-- as far — published_current's rule): its id for URLs (the publication without its kind, a dot, the measure code),
-- name, unit, kind, decimals, polarity (the file's, else the declared list's, else an indicator pairing's, with its
-- source), grouping and place in the file; the publication's release files newest first (so the page reads current
-- figures without working the order out again), the breakdowns with at least one number in the publication's order, and
-- the kinds of area it has figures for; by publisher, publication and place. Held for the life of the file
-- (dashboard/db.py's reference queries): it scans every imported value.
-- access: public
WITH
releases AS (
    SELECT l.source_file, l.dataset, l.kind AS file_kind, l.title, l.loaded_at, max(v.period_end) AS reaches
    FROM published_load AS l
    JOIN published_value AS v USING (source_file)
    GROUP BY ALL
),
ordered AS (
    SELECT *, row_number() OVER (PARTITION BY dataset ORDER BY reaches DESC, loaded_at DESC,
           source_file DESC) AS release_rank
    FROM releases
),
files AS (
    SELECT dataset, list(source_file ORDER BY release_rank) AS files, max(reaches) AS reaches
    FROM ordered
    GROUP BY dataset
),
newest AS (
    SELECT m.*, o.dataset, o.file_kind, o.title, o.loaded_at,
           row_number() OVER (PARTITION BY o.dataset, m.measure_code ORDER BY o.release_rank) AS n
    FROM published_measure AS m
    JOIN ordered AS o USING (source_file)
),
figures AS (
    -- each breakdown with a number, in the order the file has them, and the kinds of area with a number
    SELECT o.dataset, v.measure_code, v.breakdown, min(v.rowid) AS first_row, count(v.value) AS numbers,
           list(DISTINCT v.area_type) FILTER (WHERE v.value IS NOT NULL) AS area_types
    FROM published_value AS v
    JOIN ordered AS o USING (source_file)
    GROUP BY ALL
),
covered AS (
    SELECT dataset, measure_code,
           list(breakdown ORDER BY first_row) FILTER (WHERE numbers > 0) AS breakdowns,
           list_sort(list_distinct(flatten(list(area_types)))) AS area_types
    FROM figures
    GROUP BY ALL
),
paired AS (
    SELECT measure_code, min(polarity) AS polarity FROM indicator_published GROUP BY ALL
)
SELECT regexp_replace(n.dataset, '^[^:]*:', '') || '.' || n.measure_code AS measure_id,
       n.measure_code, n.measure_name, n.publisher, n.unit, n.kind, n.decimals, n.grouping, n.position,
       coalesce(n.polarity, p.polarity) AS polarity,
       CASE WHEN n.polarity IS NOT NULL THEN n.polarity_source
            WHEN p.polarity IS NOT NULL THEN 'the indicator this dashboard pairs it with' END AS polarity_source,
       n.description, n.source_file, n.title, n.loaded_at, n.dataset, n.file_kind, f.files, f.reaches,
       coalesce(c.breakdowns, []) AS breakdowns, coalesce(c.area_types, []) AS area_types
FROM newest AS n
JOIN files AS f USING (dataset)
LEFT JOIN covered AS c USING (dataset, measure_code)
LEFT JOIN paired AS p USING (measure_code)
WHERE n.n = 1
ORDER BY n.publisher, n.dataset, n.position, n.measure_code;

-- name: benchmark_breakdowns
-- What each breakdown of each publication is (published_breakdown, as its newest release with the breakdown describes
-- it): one row per breakdown and filter column, with the filter's label and hint, the value, its place in the
-- publisher's order and whether it is the filter's total. Held for the life of the file.
-- access: public
WITH
releases AS (
    SELECT l.source_file, l.dataset, max(v.period_end) AS reaches, l.loaded_at
    FROM published_load AS l
    JOIN published_value AS v USING (source_file)
    GROUP BY ALL
),
ranked AS (
    SELECT b.*, r.dataset,
           row_number() OVER (PARTITION BY r.dataset, b.breakdown, b.filter_col
                              ORDER BY r.reaches DESC, r.loaded_at DESC, b.source_file DESC) AS n
    FROM published_breakdown AS b
    JOIN releases AS r USING (source_file)
)
SELECT dataset, breakdown, filter_position, filter_col, filter_label, filter_hint, groups, item, item_position, is_total
FROM ranked
WHERE n = 1
ORDER BY dataset, filter_position, item_position, breakdown;

-- name: benchmark_values
-- The figures of the measures $measures in the breakdowns $breakdowns for the areas $areas, every period, from the
-- release files $files of one publication listed newest first (benchmark_catalogue.files): where releases overlap, the
-- newest release's figure (published_current's rule). With status and the file and line each came from.
-- access: public
WITH ranked AS (
    SELECT v.measure_code, v.breakdown, v.area_code, v.area_name, v.area_type, v.period_label, v.period_start,
           v.period_end, v.value, v.status, v.source_file, v.source_ref,
           row_number() OVER (PARTITION BY v.measure_code, v.breakdown, v.area_code, v.period_start, v.period_end
                              ORDER BY list_position($files, v.source_file)) AS newest
    FROM published_value AS v
    WHERE list_contains($files, v.source_file) AND list_contains($measures, v.measure_code)
      AND list_contains($breakdowns, v.breakdown) AND list_contains($areas, v.area_code)
)
SELECT * EXCLUDE (newest)
FROM ranked
WHERE newest = 1
ORDER BY measure_code, period_start, area_code;

-- name: comparator_areas
-- The comparator group $group of area $area: neighbours (the DfE statistical neighbours of its children's services),
-- type (every authority of the same type) or districts (the districts whose county is $area); each once, with its name;
-- the area itself included except for districts. Held for the life of the file (a reference query).
-- access: public
WITH
home AS (SELECT * FROM authority WHERE area_code = $area),
neighbours AS (
    SELECT s.neighbour_area_code AS area_code, s.rank
    FROM statistical_neighbour AS s
    WHERE $group = 'neighbours' AND s.is_current AND s.area_code = $area AND s.neighbour_area_code IS NOT NULL
),
same_type AS (
    SELECT a.area_code, NULL::INTEGER AS rank FROM authority AS a, home AS h
    WHERE $group = 'type' AND a.authority_type = h.authority_type AND a.area_code IS NOT NULL
      AND a.end_date IS NULL
),
districts AS (
    SELECT a.area_code, NULL::INTEGER AS rank FROM authority AS a, home AS h
    WHERE $group = 'districts' AND a.parent_county_code = h.code AND a.area_code IS NOT NULL AND a.end_date IS NULL
),
chosen AS (
    SELECT * FROM neighbours UNION ALL SELECT * FROM same_type UNION ALL SELECT * FROM districts
    UNION ALL SELECT $area, 0 WHERE $group IN ('neighbours', 'type')
)
SELECT c.area_code, coalesce(any_value(a.name), c.area_code) AS name, min(c.rank) AS rank
FROM chosen AS c
LEFT JOIN authority AS a ON a.area_code = c.area_code
GROUP BY c.area_code
ORDER BY c.area_code;

-- name: authority_named
-- The register's name of area $area (no rows when it is not in the register).
-- access: public
SELECT area_code, name, authority_type_name FROM authority WHERE area_code = $area;

-- name: indicator_published
-- The published measures indicator $code is paired with (indicator_published), those that have been imported only, with
-- the measure's name and publisher.
-- access: public
SELECT p.indicator_code, p.measure_code, p.polarity, p.comparison, m.measure_name, m.publisher
FROM indicator_published AS p
JOIN (SELECT DISTINCT measure_code, measure_name, publisher FROM published_measure) AS m USING (measure_code)
WHERE p.indicator_code = $code
ORDER BY p.measure_code;
