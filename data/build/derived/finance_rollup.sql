-- Derive `finance_rollup`: budget monitoring for every unit at every level,
-- month and category, from the cost centres' rows in `finance`.  Run once per
-- data build by data/build/derive.py; it replaces the table's contents.
--
--   1. each cost centre's row counts towards its own team and every ancestor
--      (org_ancestor), summed per unit, month and category;
--   2. category 'total' is the net of the categories (income is negative);
--   3. year to date sums the months from April of the month's financial year.
-- Only sums are stored: variances and percentages are worked out when read.

DELETE FROM finance_rollup;

CREATE OR REPLACE TEMP TABLE finance_by_category AS
SELECT
    a.ancestor_code            AS org_code,
    f.month,
    f.category,
    sum(f.original_budget)     AS original_budget,
    sum(f.current_budget)      AS current_budget,
    sum(f.profiled_budget)     AS profiled_budget,
    sum(f.actual)              AS actual,
    sum(f.forecast_outturn)    AS forecast_outturn,
    count(*)                   AS cost_centres
FROM finance AS f
JOIN org_ancestor AS a ON a.org_code = f.org_code
GROUP BY ALL;

INSERT INTO finance_rollup
WITH
with_total AS (
    SELECT * FROM finance_by_category
    UNION ALL
    SELECT
        org_code, month, 'total',
        sum(original_budget), sum(current_budget), sum(profiled_budget), sum(actual), sum(forecast_outturn),
        max(cost_centres)  -- every cost centre has an employees budget
    FROM finance_by_category
    GROUP BY org_code, month
)
SELECT
    org_code,
    month,
    category,
    original_budget,
    current_budget,
    profiled_budget                  AS profiled_budget_month,
    sum(profiled_budget) OVER ytd    AS profiled_budget_ytd,
    actual                           AS actual_month,
    sum(actual) OVER ytd             AS actual_ytd,
    forecast_outturn,
    cost_centres
FROM with_total
WINDOW ytd AS (PARTITION BY org_code, category, financial_year_start(month) ORDER BY month)
ORDER BY org_code, month, category;

DROP TABLE finance_by_category;
