-- name: vfm_outputs
-- The outputs a unit cost can be worked out for below unit $org: indicators of $org's own directorate counting work
-- done (summed, per month, not a count of failures), with how many of the units directly below $org report them, most
-- widely reported first. None at the council, whose directorates do different work.
-- access: unit(org)
WITH
units AS (SELECT code AS org_code FROM org_unit WHERE parent_code = $org),
home AS (
    SELECT a.ancestor_code AS directorate_code
    FROM org_ancestor AS a
    JOIN org_unit AS u ON u.code = a.ancestor_code
    WHERE a.org_code = $org AND u.level = 'directorate'
),
reporting AS (
    SELECT DISTINCT u.org_code, iu.indicator_code
    FROM units AS u
    JOIN org_ancestor AS a ON a.ancestor_code = u.org_code
    JOIN indicator_unit AS iu ON iu.org_code = a.org_code
)
SELECT i.code, i.name, count(*) AS units_reporting
FROM reporting AS r
JOIN indicator AS i ON i.code = r.indicator_code
WHERE i.aggregation = 'sum' AND i.basis = 'in_month' AND i.unit = 'count' AND i.polarity <> 'down'
  AND i.directorate_code IN (SELECT directorate_code FROM home)
GROUP BY i.code, i.name
ORDER BY units_reporting DESC, i.code;

-- name: vfm_units
-- For each unit directly below $org over the 12 months to $month: gross spend (every category but income), and the
-- output $output delivered (Σ of each month's count) with the months reported.
-- access: unit(org)
WITH
units AS (SELECT code AS org_code, name, level, sort_order FROM org_unit WHERE parent_code = $org),
spend AS (
    SELECT f.org_code, sum(f.actual_month) AS gross_spend_12m
    FROM finance_rollup AS f
    JOIN finance_category AS c ON c.code = f.category
    WHERE NOT c.is_income
      AND f.org_code IN (SELECT org_code FROM units)
      -- with IN alone the scan reads every unit's row groups
      AND f.org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
      AND f.month BETWEEN CAST($month AS DATE) - INTERVAL 11 MONTH AND CAST($month AS DATE)
    GROUP BY f.org_code
),
done AS (
    SELECT r.org_code, sum(r.period_value) AS output_12m, count(r.period_value) AS output_months
    FROM rollup AS r
    WHERE r.indicator_code = $output
      AND r.org_code IN (SELECT org_code FROM units)
      AND r.org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
      AND r.period_start BETWEEN CAST($month AS DATE) - INTERVAL 11 MONTH AND CAST($month AS DATE)
    GROUP BY r.org_code
)
SELECT u.org_code, u.name, u.level, s.gross_spend_12m, d.output_12m, coalesce(d.output_months, 0) AS output_months
FROM units AS u
LEFT JOIN spend AS s USING (org_code)
LEFT JOIN done AS d USING (org_code)
ORDER BY u.sort_order, u.name;
