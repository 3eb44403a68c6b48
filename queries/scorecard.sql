-- name: scorecard
-- For each unit in $orgs and each indicator reported by it or a unit below it (only corporate-scorecard indicators when
-- $corporate_only; only indicator $indicator unless it is ''): the value to show for month $month — the latest period
-- that has ended by then, provided it is not older than the period due (missing returns are not carried forward) — with
-- target, RAG, directions of travel, the SPC variation and assurance icons as at that period, and — when a later
-- release restated it — the value first published and the day it was restated.
-- access: unit(orgs)
WITH
units AS (
    SELECT unnest($orgs) AS org_code
),
reported AS (
    SELECT DISTINCT u.org_code, iu.indicator_code
    FROM units AS u
    JOIN org_ancestor AS a ON a.ancestor_code = u.org_code
    JOIN indicator_unit AS iu ON iu.org_code = a.org_code
    WHERE $indicator = '' OR iu.indicator_code = $indicator
),
due AS (
    SELECT
        r.org_code,
        i.code AS indicator_code,
        latest_due_period(CAST($month AS DATE), i.frequency, i.lag_periods) AS due_period
    FROM reported AS r
    JOIN indicator AS i ON i.code = r.indicator_code
    WHERE (i.on_corporate_scorecard OR NOT $corporate_only)
      AND ($indicator = '' OR i.code = $indicator)
),
latest AS (
    SELECT r.*
    FROM rollup AS r
    WHERE r.org_code IN (SELECT org_code FROM units)
      -- with IN alone the scan reads every unit's row groups
      AND r.org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
      AND r.period_last_month <= CAST($month AS DATE)
      AND r.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
      AND ($indicator = '' OR r.indicator_code = $indicator)
    QUALIFY row_number() OVER (PARTITION BY r.org_code, r.indicator_code ORDER BY r.period_start DESC) = 1
),
spc AS (
    -- filtered like latest so the scan skips other units' row groups instead of reading every series
    SELECT s.org_code, s.indicator_code, s.period_start, s.variation, s.assurance
    FROM spc_status AS s
    WHERE s.org_code IN (SELECT org_code FROM units)
      AND s.org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
      AND s.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
      AND ($indicator = '' OR s.indicator_code = $indicator)
)
SELECT
    d.org_code,
    d.indicator_code,
    i.name AS indicator_name,
    i.unit, i.scale, i.decimals, i.polarity, i.aggregation, i.basis, i.frequency,
    i.theme, i.portfolio, i.owner, i.on_corporate_scorecard,
    d.due_period,
    CASE WHEN l.period_start >= d.due_period THEN l.period_start ELSE d.due_period END AS period_start,
    l.period_start AS last_reported_period,
    CASE WHEN l.period_start >= d.due_period THEN l.display_value END AS value,
    CASE WHEN l.period_start >= d.due_period THEN l.target END AS target,
    CASE WHEN l.period_start >= d.due_period THEN l.rag ELSE 'no_data' END AS rag,
    CASE WHEN l.period_start >= d.due_period THEN l.direction ELSE 'n/a' END AS direction,
    CASE WHEN l.period_start >= d.due_period THEN l.direction_year ELSE 'n/a' END AS direction_year,
    CASE WHEN l.period_start >= d.due_period THEN l.previous_value END AS previous_value,
    CASE WHEN l.period_start >= d.due_period THEN l.year_ago_value END AS year_ago_value,
    CASE WHEN l.period_start >= d.due_period THEN l.units_reporting ELSE 0 END AS units_reporting,
    l.units_expected,
    CASE WHEN l.period_start >= d.due_period THEN l.provisional_rows ELSE 0 END AS provisional_rows,
    CASE WHEN l.period_start >= d.due_period THEN s.variation ELSE 'none' END AS variation,
    CASE WHEN l.period_start >= d.due_period THEN s.assurance ELSE 'none' END AS assurance,
    CASE WHEN l.period_start >= d.due_period THEN fr.old_value END AS restated_from,
    CASE WHEN l.period_start >= d.due_period THEN fr.restated_on END AS restated_on
FROM due AS d
JOIN indicator AS i ON i.code = d.indicator_code
LEFT JOIN latest AS l USING (org_code, indicator_code)
LEFT JOIN spc AS s
  ON s.org_code = l.org_code AND s.indicator_code = l.indicator_code AND s.period_start = l.period_start
LEFT JOIN figure_restatement AS fr
  ON fr.org_code = l.org_code AND fr.indicator_code = l.indicator_code AND fr.period_start = l.period_start
 AND fr.release_id = (SELECT max(release_id) FROM figure_restatement AS f2
                      WHERE f2.org_code = l.org_code AND f2.indicator_code = l.indicator_code
                        AND f2.period_start = l.period_start)
ORDER BY d.org_code, i.theme, i.name;

-- name: scorecard_trends
-- The last 13 periods (ending by month $month) of each indicator at $org, oldest first: the small trend lines.
-- access: unit(org)
SELECT indicator_code, period_start, display_value AS value, target
FROM rollup
WHERE org_code = $org
  AND period_last_month <= CAST($month AS DATE)
  AND period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY period_start DESC) <= 13
ORDER BY indicator_code, period_start;
