-- Derive `feedback_rollup`: customer feedback about every unit at every level,
-- per month, type, complaint stage and theme.  Run once per data build by
-- data/build/derive.py; it replaces the table's contents.
--
-- Each record counts in up to three kinds of month:
--   * the month it was received (received);
--   * the month it was responded to (responded; with a due date, on time or
--     not; working days taken, counted in the calendar table; the outcome of
--     a decided complaint);
--   * every month at whose end it was still open (received by then, not yet
--     responded to), overdue if its due date was before that month's last day.
-- Months after build_info.last_period are left out (a response between the end
-- of the data and the extract counts only towards the months it was open).
-- Summed per team first, then over org_ancestor; only combinations with
-- something to count have rows.

DELETE FROM feedback_rollup;

CREATE OR REPLACE TEMP TABLE feedback_by_team AS
WITH
bounds AS (
    SELECT coalesce((SELECT max(last_period) FROM build_info),
                    (SELECT CAST(date_trunc('month', max(received_on)) AS DATE) FROM feedback)) AS last_month
),
records AS (
    SELECT
        f.org_code, f.type, coalesce(f.stage, 'none') AS stage, f.theme_code,
        f.received_on, f.responded_on, f.due_on, f.outcome,
        CAST(date_trunc('month', f.received_on) AS DATE)  AS received_month,
        CAST(date_trunc('month', f.responded_on) AS DATE) AS responded_month
    FROM feedback AS f
),
events AS (
    SELECT org_code, received_month AS month, type, stage, theme_code,
           1 AS received, 0 AS responded, 0 AS with_due, 0 AS on_time, 0 AS working_days,
           0 AS upheld, 0 AS partly_upheld, 0 AS not_upheld, 0 AS open, 0 AS overdue
    FROM records
    UNION ALL
    SELECT r.org_code, r.responded_month, r.type, r.stage, r.theme_code,
           0, 1,
           CAST(r.due_on IS NOT NULL AS INTEGER),
           CAST(coalesce(r.responded_on <= r.due_on, FALSE) AS INTEGER),
           responded.working_day_index - received.working_day_index,
           CAST(r.outcome IS NOT DISTINCT FROM 'upheld' AS INTEGER),
           CAST(r.outcome IS NOT DISTINCT FROM 'partly_upheld' AS INTEGER),
           CAST(r.outcome IS NOT DISTINCT FROM 'not_upheld' AS INTEGER),
           0, 0
    FROM records AS r
    JOIN calendar AS received ON received.day = r.received_on
    JOIN calendar AS responded ON responded.day = r.responded_on
    WHERE r.responded_on IS NOT NULL
    UNION ALL
    SELECT r.org_code, CAST(m.month AS DATE), r.type, r.stage, r.theme_code,
           0, 0, 0, 0, 0, 0, 0, 0,
           1,
           CAST(coalesce(r.due_on < last_day(CAST(m.month AS DATE)), FALSE) AS INTEGER)
    FROM records AS r, bounds AS b,
         LATERAL (SELECT unnest(generate_series(
             CAST(r.received_month AS TIMESTAMP),
             CAST(coalesce(r.responded_month - INTERVAL 1 MONTH, b.last_month) AS TIMESTAMP),
             INTERVAL 1 MONTH)) AS month) AS m
)
SELECT
    org_code, month, type, stage, theme_code,
    sum(received)      AS received,
    sum(responded)     AS responded,
    sum(with_due)      AS responded_with_due,
    sum(on_time)       AS responded_on_time,
    sum(working_days)  AS working_days_to_respond,
    sum(upheld)        AS upheld,
    sum(partly_upheld) AS partly_upheld,
    sum(not_upheld)    AS not_upheld,
    sum(open)          AS open_at_month_end,
    sum(overdue)       AS overdue_at_month_end
FROM events
WHERE month <= (SELECT last_month FROM bounds)
GROUP BY ALL;

INSERT INTO feedback_rollup
SELECT
    a.ancestor_code AS org_code,
    t.month, t.type, t.stage, t.theme_code,
    sum(t.received), sum(t.responded), sum(t.responded_with_due), sum(t.responded_on_time),
    sum(t.working_days_to_respond), sum(t.upheld), sum(t.partly_upheld), sum(t.not_upheld),
    sum(t.open_at_month_end), sum(t.overdue_at_month_end)
FROM feedback_by_team AS t
JOIN org_ancestor AS a ON a.org_code = t.org_code
GROUP BY ALL
ORDER BY 1, 2, 3, 4, 5;

DROP TABLE feedback_by_team;
