-- Derive `workforce_rollup`: the workforce of every unit at every level and
-- month, for all staff and excluding schools' staff.  Run once per data build
-- by data/build/derive.py; it replaces the table's contents.
--
--   1. each team's month counts towards its own team and every ancestor, once
--      in scope 'all' and, unless org_unit.is_schools, once in
--      'excluding_schools';
--   2. rolling 12 months = the month and the 11 before it (a range of dates,
--      so it is right even where a month is missing); averages of FTE and
--      headcount over the same months are the denominators of sickness per
--      FTE and turnover;
--   3. agency spend year to date from April.
-- FTE sums are rounded to hundredths and averages to 4 decimals, so that the
-- order DuckDB adds rows in never changes a stored figure (identical builds).

DELETE FROM workforce_rollup;

CREATE OR REPLACE TEMP TABLE workforce_by_month AS
SELECT
    a.ancestor_code            AS org_code,
    w.month,
    s.scope,
    count(*)                   AS teams,
    sum(w.headcount)           AS headcount,
    round(sum(w.fte), 2)       AS fte,  -- rounded: sums of FTE in hundredths, the same whatever the order
    round(sum(w.establishment_fte), 2) AS establishment_fte,
    round(sum(greatest(w.establishment_fte - w.fte, 0)), 2) AS vacant_fte,  -- per team: a surplus fills no other team's post
    sum(w.sickness_short_days) AS sickness_short_days,
    sum(w.sickness_long_days)  AS sickness_long_days,
    sum(w.starters)            AS starters,
    sum(w.leavers)             AS leavers,
    sum(w.agency_spend)        AS agency_spend,
    sum(w.training_completed)  AS training_completed,
    sum(w.training_required)   AS training_required
FROM workforce AS w
JOIN org_unit AS o ON o.code = w.org_code
JOIN (VALUES ('all'), ('excluding_schools')) AS s(scope) ON s.scope = 'all' OR NOT o.is_schools
JOIN org_ancestor AS a ON a.org_code = w.org_code
GROUP BY ALL;

INSERT INTO workforce_rollup
SELECT
    org_code,
    month,
    scope,
    teams,
    headcount,
    fte,
    establishment_fte,
    vacant_fte,
    sickness_short_days,
    sickness_long_days,
    sum(sickness_short_days) OVER r12 AS sickness_short_days_12m,
    sum(sickness_long_days) OVER r12  AS sickness_long_days_12m,
    round(avg(fte) OVER r12, 4)       AS fte_avg_12m,
    round(avg(headcount) OVER r12, 4) AS headcount_avg_12m,
    count(*) OVER r12                 AS months_12m,
    starters,
    leavers,
    sum(starters) OVER r12            AS starters_12m,
    sum(leavers) OVER r12             AS leavers_12m,
    agency_spend,
    sum(agency_spend) OVER ytd        AS agency_spend_ytd,
    training_completed,
    training_required
FROM workforce_by_month
WINDOW r12 AS (PARTITION BY org_code, scope ORDER BY month
               RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW),
       ytd AS (PARTITION BY org_code, scope, financial_year_start(month) ORDER BY month)
ORDER BY org_code, month, scope;

DROP TABLE workforce_by_month;
