-- Data quality for analysts (/data-quality): whether returns arrive, arrive on
-- time and stay as first published, by indicator owner and directorate, for
-- the returns of unit $org and the units below it.

-- name: data_quality_by_owner
-- For each directorate and indicator owner: the returns for periods starting in the 12 months to month $month from
-- units at or below $org (return_status), how many arrived, arrived on time, came late (and how late on average) or are
-- missing, and how many of them have been restated since first published.
-- access: unit(org)
WITH
units AS (SELECT org_code FROM units_at_or_below($org)),
due AS (
    SELECT s.indicator_code, s.org_code, s.period_start, s.status, s.working_days_late
    FROM return_status AS s
    WHERE s.org_code IN (SELECT org_code FROM units)
      AND s.period_start > CAST($month AS DATE) - INTERVAL 12 MONTH
      AND s.period_start <= CAST($month AS DATE)
),
restated AS (
    SELECT DISTINCT r.indicator_code, r.org_code, r.period_start
    FROM restatement AS r JOIN due USING (indicator_code, org_code, period_start)
)
SELECT i.directorate_code, d.name AS directorate_name, d.sort_order, i.owner,
       count(*) AS expected,
       count(*) FILTER (WHERE due.status <> 'missing') AS received,
       count(*) FILTER (WHERE due.status = 'on_time') AS on_time,
       count(*) FILTER (WHERE due.status = 'late') AS late,
       count(*) FILTER (WHERE due.status = 'missing') AS missing,
       avg(due.working_days_late) FILTER (WHERE due.status = 'late') AS average_days_late,
       count(r.indicator_code) AS restated
FROM due
JOIN indicator AS i ON i.code = due.indicator_code
JOIN org_unit AS d ON d.code = i.directorate_code
LEFT JOIN restated AS r USING (indicator_code, org_code, period_start)
GROUP BY ALL
ORDER BY d.sort_order, i.owner;

-- name: data_quality_restatements
-- The latest 200 figures restated at $org or below (figure_restatement): the value as first shown and as restated, with
-- both RAGs, when, and the indicator's owner and directorate.
-- access: unit(org)
SELECT f.indicator_code, i.name AS indicator_name, i.unit, i.decimals, i.frequency, i.owner,
       i.directorate_code, f.org_code, o.name AS org_name, o.level, f.period_start, f.restated_on,
       f.old_value, f.new_value, f.old_rag, f.new_rag
FROM figure_restatement AS f
JOIN indicator AS i ON i.code = f.indicator_code
JOIN org_unit AS o ON o.code = f.org_code
WHERE unit_at_or_below(f.org_code, $org)
ORDER BY f.restated_on DESC, o.level = 'team', f.indicator_code, f.org_code, f.period_start DESC
LIMIT 200;

-- name: data_quality_releases
-- Every release of the database, newest first: its date, when it was built, its returns and what it restated.
-- access: public
SELECT release_id, released_on, built_at, returns, restated_returns, restated_figures
FROM release
ORDER BY release_id DESC;
