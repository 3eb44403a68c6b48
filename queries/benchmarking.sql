-- Published statistics about English councils (imported by data/ingest), for
-- benchmarking one council against a comparator group.

-- name: published_measures
-- Every imported measure with how many areas and periods it has and the file it came from (the latest load when a code is in several files), by publisher then name.
WITH
latest AS (
    SELECT m.*, l.loaded_at, l.title,
           row_number() OVER (PARTITION BY m.measure_code ORDER BY l.loaded_at DESC) AS n
    FROM published_measure AS m
    JOIN published_load AS l USING (source_file)
)
SELECT l.measure_code, l.measure_name, l.publisher, l.unit, l.polarity, l.description, l.source_file, l.title,
       l.loaded_at,
       (SELECT count(DISTINCT v.area_code) FROM published_value AS v
         WHERE v.source_file = l.source_file AND v.measure_code = l.measure_code) AS areas
FROM latest AS l
WHERE l.n = 1
ORDER BY l.publisher, l.measure_name;

-- name: published_series
-- The values of measure $measure (from file $source_file) for the areas in $areas, every period, with status and breakdown: the whole area ('') where the file has it, else its one "Total"/"All" breakdown, else its only breakdown (a file whose one filter labels every row); nothing when it has several others.
WITH
chosen AS (
    -- the whole area, else a total, else the only breakdown; several others and none is chosen
    SELECT CASE WHEN bool_or(breakdown = '') THEN ''
                WHEN count(DISTINCT breakdown) FILTER (WHERE breakdown ILIKE '%: total%' OR breakdown ILIKE '%: all %') = 1
                THEN max(breakdown) FILTER (WHERE breakdown ILIKE '%: total%' OR breakdown ILIKE '%: all %')
                WHEN count(DISTINCT breakdown) = 1 THEN max(breakdown) END AS breakdown
    FROM published_value
    WHERE source_file = $source_file AND measure_code = $measure
)
SELECT v.area_code, v.area_name, v.area_type, v.breakdown, v.period_label, v.period_start, v.period_end, v.value, v.status,
       v.symbol, v.source_ref, v.loaded_at
FROM published_value AS v
WHERE v.source_file = $source_file
  AND v.measure_code = $measure
  AND v.breakdown = (SELECT breakdown FROM chosen)
  AND v.area_code IN (SELECT unnest($areas))
ORDER BY v.period_start, v.area_code;

-- name: comparator_areas
-- The comparator group $group of area $area: neighbours (the DfE statistical neighbours of its children's services), type (every authority of the same type) or districts (the districts whose county is $area); each with its name; the area itself included except for districts.
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
SELECT area_code, name, authority_type_name FROM authority WHERE area_code = $area;

-- name: indicator_published
-- The published measures indicator $code is paired with (indicator_published), those that have been imported only, with the measure's name and publisher.
SELECT p.indicator_code, p.measure_code, p.polarity, p.comparison, m.measure_name, m.publisher
FROM indicator_published AS p
JOIN (SELECT DISTINCT measure_code, measure_name, publisher FROM published_measure) AS m USING (measure_code)
WHERE p.indicator_code = $code
ORDER BY p.measure_code;

-- name: published_polarity
-- Which way is better for published measure $measure, where an indicator pairing says so (indicator_published).
SELECT DISTINCT polarity FROM indicator_published WHERE measure_code = $measure;
