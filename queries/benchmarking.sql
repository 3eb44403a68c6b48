-- Published statistics about English councils (imported by data/ingest), for
-- benchmarking one council against a comparator group.

-- name: published_measures
-- Every imported measure as the newest release of its publication gives it (the release whose figures reach the latest period; the later load where two reach as far): its name, file, publication (dataset), and how many areas the publication's current values cover, by publisher then name.
-- access: public
WITH
releases AS (
    -- each loaded file is a release of its publication (published_load.dataset); the newest reaches furthest,
    -- so loading an older release after a newer one does not make it the one shown
    SELECT l.source_file, l.dataset, l.title, l.loaded_at, max(v.period_end) AS reaches
    FROM published_load AS l
    JOIN published_value AS v USING (source_file)
    GROUP BY ALL
),
newest AS (
    SELECT m.*, r.dataset, r.title, r.loaded_at,
           row_number() OVER (PARTITION BY m.measure_code ORDER BY r.reaches DESC, r.loaded_at DESC, m.source_file DESC) AS n
    FROM published_measure AS m
    JOIN releases AS r USING (source_file)
),
areas AS (
    SELECT r.dataset, v.measure_code, count(DISTINCT v.area_code) AS areas
    FROM published_value AS v
    JOIN releases AS r USING (source_file)
    GROUP BY ALL
)
SELECT n.measure_code, n.measure_name, n.publisher, n.unit, n.polarity, n.description, n.source_file, n.title,
       n.loaded_at, n.dataset, a.areas
FROM newest AS n
JOIN areas AS a USING (dataset, measure_code)
WHERE n.n = 1
ORDER BY n.publisher, n.measure_name;

-- name: dataset_measures
-- The measure codes the releases of publication $dataset have (any release), with their names, in code order.
-- access: public
SELECT DISTINCT m.measure_code, m.measure_name
FROM published_measure AS m
JOIN published_load AS l USING (source_file)
WHERE l.dataset = $dataset
ORDER BY m.measure_code;

-- name: published_series
-- The current values of the measures $measures of publication $dataset for the areas in $areas, every period, with status, breakdown and the file each came from. Current as in published_current, but by release: where releases overlap, the newest release's value (the one reaching the latest period; the later load where two reach as far). For each measure the whole area ('') where the publication has it, else its one "Total"/"All" breakdown, else its only breakdown (a file whose one filter labels every row); nothing when it has several others.
-- access: public
WITH
releases AS (
    SELECT l.source_file, l.loaded_at, max(v.period_end) AS reaches
    FROM published_load AS l
    JOIN published_value AS v USING (source_file)
    WHERE l.dataset = $dataset
    GROUP BY ALL
),
chosen AS (
    -- the whole area, else a total, else the only breakdown; several others and none is chosen
    SELECT v.measure_code,
           CASE WHEN bool_or(v.breakdown = '') THEN ''
                WHEN count(DISTINCT v.breakdown) FILTER (WHERE v.breakdown ILIKE '%: total%' OR v.breakdown ILIKE '%: all %') = 1
                THEN max(v.breakdown) FILTER (WHERE v.breakdown ILIKE '%: total%' OR v.breakdown ILIKE '%: all %')
                WHEN count(DISTINCT v.breakdown) = 1 THEN max(v.breakdown) END AS breakdown
    FROM published_value AS v
    JOIN releases AS r USING (source_file)
    WHERE v.measure_code IN (SELECT unnest($measures))
    GROUP BY v.measure_code
),
ranked AS (
    SELECT v.*,
           row_number() OVER (PARTITION BY v.measure_code, v.breakdown, v.area_code, v.period_start, v.period_end
                              ORDER BY r.reaches DESC, r.loaded_at DESC, v.source_file DESC) AS newest
    FROM published_value AS v
    JOIN releases AS r USING (source_file)
    JOIN chosen AS c ON c.measure_code = v.measure_code AND c.breakdown = v.breakdown
    WHERE v.area_code IN (SELECT unnest($areas))
)
SELECT v.measure_code, v.area_code, v.area_name, v.area_type, v.breakdown, v.period_label, v.period_start, v.period_end,
       v.value, v.status, v.symbol, v.source_file, v.source_ref, v.loaded_at
FROM ranked AS v
WHERE v.newest = 1
ORDER BY v.measure_code, v.period_start, v.area_code;

-- name: comparator_areas
-- The comparator group $group of area $area: neighbours (the DfE statistical neighbours of its children's services), type (every authority of the same type) or districts (the districts whose county is $area); each with its name; the area itself included except for districts.
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
SELECT DISTINCT c.area_code, coalesce(a.name, c.area_code) AS name, c.rank
FROM chosen AS c
LEFT JOIN authority AS a ON a.area_code = c.area_code
ORDER BY c.area_code;

-- name: authority_named
-- The register's name of area $area (no rows when it is not in the register).
-- access: public
SELECT area_code, name, authority_type_name FROM authority WHERE area_code = $area;

-- name: indicator_published
-- The published measures indicator $code is paired with (indicator_published), those that have been imported only, with the measure's name and publisher.
-- access: public
SELECT p.indicator_code, p.measure_code, p.polarity, p.comparison, m.measure_name, m.publisher
FROM indicator_published AS p
JOIN (SELECT DISTINCT measure_code, measure_name, publisher FROM published_measure) AS m USING (measure_code)
WHERE p.indicator_code = $code
ORDER BY p.measure_code;

-- name: published_polarity
-- Which way is better for published measure $measure, where an indicator pairing says so (indicator_published).
-- access: public
SELECT DISTINCT polarity FROM indicator_published WHERE measure_code = $measure;
