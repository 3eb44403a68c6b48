-- Derive `rollup` from what units reported.  Run once at the end of every data
-- build (data.generate, data.ingest); it replaces the table's contents.
--
-- For every indicator, every unit that reports it or has descendants that do,
-- and every period in which at least one of them reported:
--   1. each reported row counts towards its own unit and every ancestor
--      (aggregation `none` only towards its own unit);
--   2. rows are combined per period: Σnumerator, Σdenominator, Σvalue, max(value);
--   3. the basis widens the window: year to date from April, rolling 12 months,
--      or just the period (in month, snapshot);
--   4. the value follows the aggregation: ratio = Σnumerator / Σdenominator over
--      units and window (never an average of ratios), sum, max, latest (the
--      stock at the period: summed over units, not over time), none (as reported);
--   5. the value of the period alone (period_value), which SPC charts use:
--      never the cumulative year-to-date or rolling figure;
--   6. the target that applies (own, or nearest ancestor's for rates), RAG and
--      direction of travel against the previous period and the same period a
--      year earlier.
-- A period with no reported row has no rollup row: missing returns are never
-- carried forward, and units_reporting says how many units a value rests on.

DELETE FROM rollup;

CREATE OR REPLACE TEMP TABLE rollup_period AS
SELECT
    m.indicator_code,
    a.ancestor_code                                  AS org_code,
    m.period_start,
    sum(m.numerator)                                 AS numerator,
    sum(m.denominator)                               AS denominator,
    sum(m.value)                                     AS total,
    max(m.value)                                     AS peak,
    count(*)                                         AS units_reporting,
    count(*) FILTER (WHERE m.status = 'provisional') AS provisional_rows
FROM measure AS m
JOIN indicator AS i ON i.code = m.indicator_code
JOIN org_ancestor AS a ON a.org_code = m.org_code
WHERE i.aggregation <> 'none' OR a.depth = 0
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE rollup_window AS
WITH
per_period AS (
    SELECT
        p.*,
        i.basis,
        i.aggregation,
        financial_year_start(p.period_start) AS financial_year
    FROM rollup_period AS p
    JOIN indicator AS i ON i.code = p.indicator_code
),
single_period AS (
    SELECT
        indicator_code, org_code, period_start,
        period_start AS window_start,
        numerator, denominator, total, peak, total AS stock,
        units_reporting, provisional_rows,
        numerator AS period_numerator, denominator AS period_denominator, total AS period_total, peak AS period_peak
    FROM per_period
    WHERE basis IN ('in_month', 'snapshot') OR aggregation IN ('latest', 'none')
),
year_to_date AS (
    SELECT
        indicator_code, org_code, period_start,
        financial_year AS window_start,
        sum(numerator) OVER w AS numerator,
        sum(denominator) OVER w AS denominator,
        sum(total) OVER w AS total,
        max(peak) OVER w AS peak,
        total AS stock,
        units_reporting,
        sum(provisional_rows) OVER w AS provisional_rows,
        numerator AS period_numerator, denominator AS period_denominator, total AS period_total, peak AS period_peak
    FROM per_period
    WHERE basis = 'year_to_date' AND aggregation NOT IN ('latest', 'none')
    WINDOW w AS (PARTITION BY indicator_code, org_code, financial_year
                 ORDER BY period_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
rolling_12_months AS (
    SELECT
        indicator_code, org_code, period_start,
        CAST(period_start - INTERVAL 11 MONTH AS DATE) AS window_start,
        sum(numerator) OVER w AS numerator,
        sum(denominator) OVER w AS denominator,
        sum(total) OVER w AS total,
        max(peak) OVER w AS peak,
        total AS stock,
        units_reporting,
        sum(provisional_rows) OVER w AS provisional_rows,
        numerator AS period_numerator, denominator AS period_denominator, total AS period_total, peak AS period_peak
    FROM per_period
    WHERE basis = 'rolling_12_months' AND aggregation NOT IN ('latest', 'none')
    WINDOW w AS (PARTITION BY indicator_code, org_code
                 ORDER BY period_start RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
)
SELECT * FROM single_period
UNION ALL SELECT * FROM year_to_date
UNION ALL SELECT * FROM rolling_12_months;

CREATE OR REPLACE TEMP TABLE rollup_value AS
WITH
expected AS (
    SELECT iu.indicator_code, a.ancestor_code AS org_code, count(*) AS units_expected
    FROM indicator_unit AS iu
    JOIN indicator AS i ON i.code = iu.indicator_code
    JOIN org_ancestor AS a ON a.org_code = iu.org_code
    WHERE i.aggregation <> 'none' OR a.depth = 0
    GROUP BY ALL
),
valued AS (
    SELECT
        w.indicator_code, w.org_code, w.period_start, w.window_start,
        CAST(w.period_start + to_months(CASE i.frequency WHEN 'quarterly' THEN 2 WHEN 'annual' THEN 11 ELSE 0 END) AS DATE)
            AS period_last_month,
        CASE WHEN i.aggregation = 'ratio' THEN w.numerator END AS numerator,
        CASE WHEN i.aggregation = 'ratio' THEN w.denominator END AS denominator,
        CASE i.aggregation
            WHEN 'ratio' THEN w.numerator / nullif(w.denominator, 0)
            WHEN 'sum' THEN w.total
            WHEN 'max' THEN w.peak
            ELSE w.stock
        END AS value,
        CASE i.aggregation
            WHEN 'ratio' THEN w.period_numerator / nullif(w.period_denominator, 0)
            WHEN 'max' THEN w.period_peak
            ELSE w.period_total
        END * i.scale AS period_value,
        i.scale,
        w.units_reporting,
        coalesce(e.units_expected, w.units_reporting) AS units_expected,
        w.provisional_rows
    FROM rollup_window AS w
    JOIN indicator AS i ON i.code = w.indicator_code
    LEFT JOIN expected AS e USING (indicator_code, org_code)
)
SELECT *, value * scale AS display_value
FROM valued
WHERE value IS NOT NULL;

-- The target that applies: the unit's own, else (rates only) the nearest
-- ancestor's.  A council's count target says nothing about one team.
CREATE OR REPLACE TEMP TABLE rollup_target AS
SELECT
    v.indicator_code, v.org_code, v.period_start,
    arg_min(t.target, a.depth)   AS target,
    arg_min(t.org_code, a.depth) AS target_org_code
FROM rollup_value AS v
JOIN indicator AS i ON i.code = v.indicator_code
JOIN org_ancestor AS a ON a.org_code = v.org_code
JOIN target AS t
  ON t.indicator_code = v.indicator_code
 AND t.org_code = a.ancestor_code
 AND t.period_start = v.period_start
WHERE a.depth = 0 OR i.aggregation IN ('ratio', 'max')
GROUP BY ALL;

INSERT INTO rollup
SELECT
    v.indicator_code, v.org_code, v.period_start, v.period_last_month, v.window_start,
    v.numerator, v.denominator, v.value, v.display_value, v.period_value,
    v.units_reporting, v.units_expected, v.provisional_rows,
    t.target, t.target_org_code,
    rag_status(v.display_value, t.target, i.polarity, i.tolerance, i.tolerance_kind),
    prev.display_value,
    direction_of_travel(v.display_value, prev.display_value, i.polarity),
    year_ago.display_value,
    direction_of_travel(v.display_value, year_ago.display_value, i.polarity)
FROM rollup_value AS v
JOIN indicator AS i ON i.code = v.indicator_code
LEFT JOIN rollup_target AS t USING (indicator_code, org_code, period_start)
LEFT JOIN rollup_value AS prev
  ON prev.indicator_code = v.indicator_code
 AND prev.org_code = v.org_code
 AND prev.period_start = CAST(v.period_start - to_months(CASE i.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END) AS DATE)
LEFT JOIN rollup_value AS year_ago
  ON year_ago.indicator_code = v.indicator_code
 AND year_ago.org_code = v.org_code
 AND year_ago.period_start = CAST(v.period_start - INTERVAL 12 MONTH AS DATE)
ORDER BY v.org_code, v.indicator_code, v.period_start;

DROP TABLE rollup_period;
DROP TABLE rollup_window;
DROP TABLE rollup_value;
DROP TABLE rollup_target;
