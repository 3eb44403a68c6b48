-- Derive `return_status`: every return each unit was expected to make, with
-- when it was due and when (or whether) it arrived.  Run once per data build,
-- after rollup.sql.
--
-- Expected: every unit in indicator_unit, for every period of the indicator's
-- frequency from its first reported period to the latest period due by the
-- end of the data (latest_due_period of build_info.last_period).
-- Due: the last day of the period — moved on by lag_periods for data published
-- in arrears — plus the indicator's due_working_days, counted in England's
-- working days (calendar table).

DELETE FROM return_status;

INSERT INTO return_status
WITH
bounds AS (
    SELECT
        i.code AS indicator_code,
        i.frequency,
        i.lag_periods,
        i.due_working_days,
        min(m.period_start) AS first_period,
        latest_due_period((SELECT last_period FROM build_info), i.frequency, i.lag_periods) AS last_due
    FROM indicator AS i
    JOIN measure AS m ON m.indicator_code = i.code
    GROUP BY ALL
),
periods AS (
    SELECT
        b.indicator_code, b.due_working_days,
        CAST(p.period_start AS DATE) AS period_start,
        CAST(p.period_start + to_months((1 + b.lag_periods) * CASE b.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END)
             - INTERVAL 1 DAY AS DATE) AS reporting_end
    FROM bounds AS b,
         LATERAL (SELECT unnest(generate_series(CAST(b.first_period AS TIMESTAMP), CAST(b.last_due AS TIMESTAMP),
                  to_months(CASE b.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END))) AS period_start) AS p
),
due AS (
    SELECT p.*, d.day AS due_date
    FROM periods AS p
    JOIN calendar AS e ON e.day = p.reporting_end
    JOIN calendar AS d ON d.working_day_index = e.working_day_index + p.due_working_days AND d.is_working_day
)
SELECT
    iu.indicator_code,
    iu.org_code,
    d.period_start,
    d.due_date,
    m.received_at,
    CASE
        WHEN m.received_at IS NULL THEN 'missing'
        WHEN CAST(m.received_at AS DATE) > d.due_date THEN 'late'
        ELSE 'on_time'
    END AS status,
    greatest(received.working_day_index - due_day.working_day_index, 0) AS working_days_late
FROM indicator_unit AS iu
JOIN due AS d ON d.indicator_code = iu.indicator_code
JOIN calendar AS due_day ON due_day.day = d.due_date
LEFT JOIN measure AS m
  ON m.indicator_code = iu.indicator_code AND m.org_code = iu.org_code AND m.period_start = d.period_start
LEFT JOIN calendar AS received ON received.day = CAST(m.received_at AS DATE)
ORDER BY iu.org_code, iu.indicator_code, d.period_start;

-- return_summary: what the "Source:" lines count (the returns behind a unit's
-- figure for each period, summed over the unit and everything below it), kept
-- per unit so a page reads a few rows instead of every return in the council.
DELETE FROM return_summary;

INSERT INTO return_summary
SELECT indicator_code, org_code, period_start,
       sum(returns), sum(provisional), sum(missing), max(latest_received)
FROM (
    SELECT m.indicator_code, a.ancestor_code AS org_code, m.period_start,
           count(*) AS returns, count(*) FILTER (WHERE m.status = 'provisional') AS provisional,
           0 AS missing, max(m.received_at) AS latest_received
    FROM measure AS m
    JOIN org_ancestor AS a ON a.org_code = m.org_code
    GROUP BY ALL
    UNION ALL
    SELECT rs.indicator_code, a.ancestor_code, rs.period_start, 0, 0, count(*), NULL
    FROM return_status AS rs
    JOIN org_ancestor AS a ON a.org_code = rs.org_code
    WHERE rs.status = 'missing'
    GROUP BY ALL
)
GROUP BY ALL
ORDER BY org_code, indicator_code, period_start;
