-- name: finance_categories
-- Budget monitoring at unit $org (its cost centres and those below it) for month $month: one row per category in the
-- order budget reports list them, then the net total.
-- access: unit(org)
SELECT
    f.category,
    coalesce(c.name, 'Net total') AS category_name,
    coalesce(c.is_income, false) AS is_income,
    f.original_budget, f.current_budget, f.profiled_budget_ytd, f.actual_ytd, f.forecast_outturn, f.cost_centres
FROM finance_rollup AS f
LEFT JOIN finance_category AS c ON c.code = f.category
WHERE f.org_code = $org
  AND f.month = CAST($month AS DATE)
ORDER BY f.category = 'total', c.sort_order;

-- name: finance_units
-- Net budget monitoring for month $month of each unit directly below $org, with last month's forecast in the same
-- financial year (NULL in April) for the movement; units with no cost centres have NULL figures.
-- access: unit(org)
WITH
units AS (
    SELECT code AS org_code, name, level, sort_order FROM org_unit WHERE parent_code = $org
),
this_month AS (
    SELECT * FROM finance_rollup
    WHERE category = 'total' AND month = CAST($month AS DATE)
      AND org_code IN (SELECT org_code FROM units)
      -- with IN alone the scan reads every unit's row groups
      AND org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
),
last_month AS (
    SELECT org_code, forecast_outturn FROM finance_rollup
    WHERE category = 'total' AND month = CAST($month AS DATE) - INTERVAL 1 MONTH
      AND financial_year_start(month) = financial_year_start(CAST($month AS DATE))
      AND org_code IN (SELECT org_code FROM units)
      AND org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
)
SELECT
    u.org_code, u.name, u.level,
    t.current_budget, t.forecast_outturn, t.profiled_budget_ytd, t.actual_ytd,
    l.forecast_outturn AS previous_forecast
FROM units AS u
LEFT JOIN this_month AS t USING (org_code)
LEFT JOIN last_month AS l USING (org_code)
ORDER BY u.sort_order, u.name;

-- name: finance_year
-- Net budget and forecast outturn of unit $org for each month of the financial year of $month, April to $month: how the
-- forecast moved.
-- access: unit(org)
SELECT month, current_budget, forecast_outturn, profiled_budget_ytd, actual_ytd
FROM finance_rollup
WHERE org_code = $org
  AND category = 'total'
  AND month BETWEEN financial_year_start(CAST($month AS DATE)) AND CAST($month AS DATE)
ORDER BY month;
