-- name: indicator
-- The catalogue entry of indicator $code (no rows when unknown), with its owning directorate's name.
-- access: public
SELECT i.*, u.name AS directorate_name
FROM indicator AS i
LEFT JOIN org_unit AS u ON u.code = i.directorate_code
WHERE i.code = $code;

-- name: indicator_trend
-- Every period of indicator $code at unit $org up to month $month, oldest first: value, target, RAG and how many units
-- reported.
-- access: unit(org)
SELECT org_code, period_start, display_value AS value, period_value, numerator, denominator, target, rag,
       units_reporting, units_expected, provisional_rows
FROM rollup
WHERE org_code = $org
  AND indicator_code = $code
  AND period_last_month <= CAST($month AS DATE)
ORDER BY period_start;

-- name: indicator_children
-- The children of unit $org that report indicator $code (or have units below that do), with their value for period
-- $period_start (NULL when they did not report).
-- access: unit(org)
WITH
children AS (
    SELECT code AS org_code, name, level, sort_order
    FROM org_unit
    WHERE parent_code = $org
),
reporting_children AS (
    SELECT DISTINCT c.org_code, c.name, c.level, c.sort_order
    FROM children AS c
    JOIN org_ancestor AS a ON a.ancestor_code = c.org_code
    JOIN indicator_unit AS iu ON iu.org_code = a.org_code AND iu.indicator_code = $code
)
SELECT c.org_code, c.name, c.level,
       r.display_value AS value, r.numerator, r.denominator, r.target,
       coalesce(r.rag, 'no_data') AS rag, r.units_reporting, r.units_expected, r.provisional_rows
FROM reporting_children AS c
LEFT JOIN rollup AS r
  ON r.org_code = c.org_code
 AND r.indicator_code = $code
 AND r.period_start = CAST($period_start AS DATE)
ORDER BY c.sort_order, c.name;

-- name: indicator_commentary
-- Commentary on indicator $code for unit $org, newest period first, up to month $month.
-- access: unit(org)
SELECT org_code, period_start, author, written_at, text, action, action_owner, recovery_date
FROM commentary
WHERE indicator_code = $code
  AND org_code = $org
  AND period_start <= CAST($month AS DATE)
ORDER BY period_start DESC, written_at DESC
LIMIT 12;

-- name: indicator_returns
-- The returns behind the value of indicator $code at unit $org for period $period_start: each expected reporting unit's
-- row as reported (or missing), with when it was due and whether it was late (return_status).
-- access: unit(org)
SELECT rs.org_code, u.name, rs.period_start, m.numerator, m.denominator, m.value, m.status,
       rs.received_at, rs.due_date, rs.status = 'late' AS late, rs.status AS return_status
FROM return_status AS rs
JOIN org_ancestor AS a ON a.org_code = rs.org_code AND a.ancestor_code = $org
JOIN org_unit AS u ON u.code = rs.org_code
LEFT JOIN measure AS m
  ON m.indicator_code = rs.indicator_code AND m.org_code = rs.org_code AND m.period_start = rs.period_start
WHERE rs.indicator_code = $code
  AND rs.period_start = CAST($period_start AS DATE)
ORDER BY rs.status = 'missing' DESC, rs.org_code;

-- name: annual_target
-- The target for indicator $code at unit $org for the period $period_start (the year's last period): the unit's own,
-- else for rates the nearest ancestor's.
-- access: unit(org)
SELECT t.target, t.org_code AS target_org_code, a.depth
FROM org_ancestor AS a
JOIN indicator AS i ON i.code = $code
JOIN target AS t
  ON t.indicator_code = $code AND t.org_code = a.ancestor_code AND t.period_start = CAST($period_start AS DATE)
WHERE a.org_code = $org
  AND (a.depth = 0 OR i.aggregation IN ('ratio', 'max'))
ORDER BY a.depth
LIMIT 1;

-- name: rag
-- RAG of a value against a target, by the rule defined once in data/build/schema/indicators.sql.
-- access: public
SELECT rag_status(CAST($value AS DOUBLE), CAST($target AS DOUBLE), $polarity, CAST($tolerance AS DOUBLE),
       $tolerance_kind) AS rag;

-- name: forecast_calibration
-- The 10th and 90th percentile errors of the year-end forecast method for indicator $code, by month of the financial
-- year (1 = April), from the data build.
-- access: public
SELECT month_of_year, low, high, n
FROM forecast_calibration
WHERE indicator_code = $code
ORDER BY month_of_year;
