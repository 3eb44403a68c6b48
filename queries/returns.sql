-- Monthly returns (/returns, dashboard/returns): what each unit is expected to
-- return, its history and targets, for the units at or below $org.  The
-- returns themselves live in the returns store (MI_STORE), not here.

-- name: returns_expected
-- Every indicator × unit expected to report (indicator_unit) at or below $org, with the indicator's catalogue entry,
-- the unit's name and the indicator's directorate.
-- access: unit(org)
WITH
units AS (SELECT org_code FROM units_at_or_below($org))
SELECT i.code AS indicator_code, i.name AS indicator_name, i.unit, i.scale, i.decimals, i.polarity,
       i.aggregation, i.basis, i.frequency, i.lag_periods, i.tolerance, i.tolerance_kind, i.owner,
       i.directorate_code, d.name AS directorate_name, i.due_working_days, i.spc_applies,
       iu.org_code, o.name AS org_name, o.parent_code
FROM indicator_unit AS iu
JOIN indicator AS i ON i.code = iu.indicator_code
JOIN org_unit AS o ON o.code = iu.org_code
JOIN org_unit AS d ON d.code = i.directorate_code
WHERE iu.org_code IN (SELECT org_code FROM units)
ORDER BY d.sort_order, i.owner, i.code, o.sort_order;

-- name: returns_history
-- Each value reported (measure) for periods from $since by units at or below $org: numerator, denominator, value,
-- status.
-- access: unit(org)
WITH
units AS (SELECT org_code FROM units_at_or_below($org))
SELECT m.indicator_code, m.org_code, m.period_start, m.numerator, m.denominator, m.value, m.status
FROM measure AS m
WHERE m.org_code IN (SELECT org_code FROM units) AND m.period_start >= CAST($since AS DATE)
ORDER BY m.indicator_code, m.org_code, m.period_start;

-- name: returns_targets
-- For each indicator × unit expected at or below $org and each period from $since: the target it is judged against (its
-- own, or for rates its nearest ancestor's), in display units.
-- access: unit(org)
WITH
units AS (SELECT org_code FROM units_at_or_below($org)),
candidates AS (
    SELECT iu.indicator_code, iu.org_code, t.period_start, t.target, a.depth
    FROM indicator_unit AS iu
    JOIN indicator AS i ON i.code = iu.indicator_code
    JOIN org_ancestor AS a ON a.org_code = iu.org_code
    JOIN target AS t ON t.indicator_code = iu.indicator_code AND t.org_code = a.ancestor_code
    WHERE iu.org_code IN (SELECT org_code FROM units) AND t.period_start >= CAST($since AS DATE)
      AND (a.depth = 0 OR i.aggregation IN ('ratio', 'max'))
)
SELECT indicator_code, org_code, period_start, arg_min(target, depth) AS target
FROM candidates
GROUP BY ALL
ORDER BY indicator_code, org_code, period_start;

-- name: returns_measures
-- The values the build holds for period $period from every unit at or below each of $orgs, with the indicator's
-- aggregation, scale and RAG settings: what the scorecard overlay recombines with submitted returns.
-- access: unit(orgs)
WITH
units AS (
    SELECT DISTINCT a.org_code, a.ancestor_code
    FROM org_ancestor AS a
    WHERE a.ancestor_code IN (SELECT unnest($orgs))
)
SELECT u.ancestor_code AS shown_org, iu.indicator_code, iu.org_code, m.numerator, m.denominator, m.value, m.status,
       i.aggregation, i.basis, i.scale, i.polarity, i.tolerance, i.tolerance_kind
FROM units AS u
JOIN indicator_unit AS iu ON iu.org_code = u.org_code
JOIN indicator AS i ON i.code = iu.indicator_code
LEFT JOIN measure AS m
       ON m.indicator_code = iu.indicator_code AND m.org_code = iu.org_code AND m.period_start = CAST($period AS DATE)
ORDER BY u.ancestor_code, iu.indicator_code, iu.org_code;

-- name: returns_spc_series
-- The in-period series (rollup.period_value) of $org for periods up to $month over the last 36 months, every indicator:
-- what SPC judges, re-judged here when an analyst has saved recalculation points.
-- access: unit(org)
SELECT r.indicator_code, r.period_start, r.period_value
FROM rollup AS r
WHERE r.org_code = $org AND r.period_start <= CAST($month AS DATE)
  AND r.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
ORDER BY r.indicator_code, r.period_start;
