-- Where each figure comes from: the "Source:" line under every chart, table
-- and set of headline figures (dashboard/pagedata/provenance.py words them,
-- dashboard/components/provenance.py draws them).  Every number here is
-- counted from the rows behind the figure: performance figures from the
-- returns (measure) and the returns expected (return_status), through
-- return_summary, which holds each unit's period counts summed over the units
-- below it (so a council-wide figure reads a few rows, not every return); the
-- other domains from their raw tables, with their system and load time from
-- data_source.  No query here returns org_code: each counts the rows of one
-- unit and the units below it, which the page has already checked the viewer
-- may see.

-- name: provenance_scorecard
-- Where the scorecard of unit $org for month $month comes from: one row per group of its tables (figure 'table', grp
-- the theme or portfolio by $grouping: theme | portfolio), one for the whole scorecard (figure 'scorecard'), both only
-- corporate-scorecard indicators when $corporate_only, and one for every indicator reported at or below $org (figure
-- 'all': what the exceptions are drawn from). Each with the indicators' source systems ('|' between them, those with
-- most returns first), the earliest and latest period shown with their frequencies, and the returns behind the values —
-- every reported row of the units at or below $org in each value's window (the period shown; the year to date or the 12
-- months it sums) — with how many are provisional, how many expected returns in those windows are missing, and when the
-- latest arrived. The period shown is the scorecard's: the latest reported period ended by $month, or the period due
-- when that is older.
-- access: unit(org)
WITH
below AS (
    SELECT org_code FROM units_at_or_below($org)
),
due AS (
    SELECT i.code AS indicator_code, i.source, i.frequency,
           i.on_corporate_scorecard OR NOT $corporate_only AS on_scorecard,
           CASE WHEN $grouping = 'portfolio' THEN i.portfolio ELSE i.theme END AS grp,
           latest_due_period(CAST($month AS DATE), i.frequency, i.lag_periods) AS due_period
    FROM indicator AS i
    WHERE i.code IN (SELECT iu.indicator_code FROM indicator_unit AS iu
                     WHERE iu.org_code IN (SELECT org_code FROM below))
),
latest AS (
    SELECT r.indicator_code, max(r.period_start) AS period_start,
           arg_max(r.window_start, r.period_start) AS window_start
    FROM rollup AS r
    WHERE r.org_code = $org
      AND r.period_last_month <= CAST($month AS DATE)
      AND r.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
    GROUP BY r.indicator_code
),
shown AS MATERIALIZED (
    -- nothing reported for the period due: its own period, every return missing
    SELECT d.indicator_code, d.source, d.frequency, d.grp, d.on_scorecard,
           CASE WHEN l.period_start >= d.due_period THEN l.period_start ELSE d.due_period END AS period_start,
           CASE WHEN l.period_start >= d.due_period THEN l.window_start ELSE d.due_period END AS window_start
    FROM due AS d
    LEFT JOIN latest AS l USING (indicator_code)
),
received AS (
    -- return_summary holds each period's returns summed over the unit and everything below it
    SELECT r.indicator_code, sum(r.returns) AS returns, sum(r.provisional) AS provisional,
           sum(r.missing) AS missing, max(r.latest_received) AS latest_received
    FROM return_summary AS r
    JOIN shown AS s
      ON s.indicator_code = r.indicator_code AND r.period_start BETWEEN s.window_start AND s.period_start
    WHERE r.org_code = $org
    GROUP BY r.indicator_code
),
per_indicator AS MATERIALIZED (
    SELECT s.*, coalesce(r.returns, 0) AS returns, coalesce(r.provisional, 0) AS provisional,
           coalesce(r.missing, 0) AS missing, r.latest_received
    FROM shown AS s
    LEFT JOIN received AS r USING (indicator_code)
),
by_source AS (
    -- each system's returns, for naming the systems the most returns came from first
    SELECT grp, source, on_scorecard, sum(returns) AS returns FROM per_indicator GROUP BY ALL
),
tables AS (
    SELECT CASE WHEN grouping(grp) = 1 THEN 'scorecard' ELSE 'table' END AS figure, grp, count(*) AS indicators,
           min(period_start) AS first_period, arg_min(frequency, period_start) AS first_frequency,
           max(period_start) AS last_period, arg_max(frequency, period_start) AS last_frequency,
           sum(returns) AS returns, sum(provisional) AS provisional, sum(missing) AS missing,
           max(latest_received) AS latest_received
    FROM per_indicator
    WHERE on_scorecard
    GROUP BY GROUPING SETS ((grp), ())
),
table_sources AS (
    SELECT grp, string_agg(source, '|' ORDER BY returns DESC, source) AS sources
    FROM (SELECT grp, source, sum(returns) AS returns FROM by_source WHERE on_scorecard
          GROUP BY GROUPING SETS ((grp, source), (source)))
    GROUP BY grp
),
everything AS (
    SELECT 'all' AS figure, NULL AS grp, count(*) AS indicators,
           min(period_start) AS first_period, arg_min(frequency, period_start) AS first_frequency,
           max(period_start) AS last_period, arg_max(frequency, period_start) AS last_frequency,
           sum(returns) AS returns, sum(provisional) AS provisional, sum(missing) AS missing,
           max(latest_received) AS latest_received,
           (SELECT string_agg(source, '|' ORDER BY returns DESC, source)
            FROM (SELECT source, sum(returns) AS returns FROM by_source GROUP BY source)) AS sources
    FROM per_indicator
),
figures AS (
    SELECT t.*, s.sources FROM tables AS t LEFT JOIN table_sources AS s ON s.grp IS NOT DISTINCT FROM t.grp
    UNION ALL BY NAME
    SELECT * FROM everything
)
SELECT figure, grp, sources, indicators, first_period, first_frequency, last_period, last_frequency,
       coalesce(returns, 0) AS returns, coalesce(provisional, 0) AS provisional, coalesce(missing, 0) AS missing,
       latest_received
FROM figures
ORDER BY figure, grp;

-- name: provenance_indicator
-- Where the figures of indicator $code at unit $org come from: figure 'period' — the returns behind the value for
-- period $period_start (its window: the period itself, or the year to date or 12 months it sums; the period alone when
-- nothing was reported for it) from the units at or below $org; figure 'returns' — those of the period alone (the
-- returns table); figure 'series' — the returns behind the trend and SPC charts (every period ended by $month). Each
-- with the indicator's source, the first period of its window (window_start), the first and last period shown, how many
-- returns are provisional, how many expected returns are missing, and when the latest arrived.
-- access: unit(org)
WITH
figures AS (
    SELECT 'period' AS figure,
           coalesce(max(window_start), CAST($period_start AS DATE)) AS window_start,
           CAST($period_start AS DATE) AS first_period, CAST($period_start AS DATE) AS last_period
    FROM rollup
    WHERE org_code = $org AND indicator_code = $code AND period_start = CAST($period_start AS DATE)
    UNION ALL
    SELECT 'returns', CAST($period_start AS DATE), CAST($period_start AS DATE), CAST($period_start AS DATE)
    UNION ALL
    SELECT 'series', min(window_start), min(period_start), max(period_start)
    FROM rollup
    WHERE org_code = $org AND indicator_code = $code AND period_last_month <= CAST($month AS DATE)
),
received AS (
    SELECT f.figure, sum(r.returns) AS returns, sum(r.provisional) AS provisional, sum(r.missing) AS missing,
           max(r.latest_received) AS latest_received
    FROM figures AS f
    JOIN return_summary AS r
      ON r.org_code = $org AND r.indicator_code = $code AND r.period_start BETWEEN f.window_start AND f.last_period
    GROUP BY f.figure
)
SELECT f.figure, i.source, i.frequency, i.basis, f.window_start, f.first_period, f.last_period,
       coalesce(r.returns, 0) AS returns, coalesce(r.provisional, 0) AS provisional,
       coalesce(r.missing, 0) AS missing, r.latest_received
FROM figures AS f
JOIN indicator AS i ON i.code = $code
LEFT JOIN received AS r USING (figure)
ORDER BY f.figure;

-- name: provenance_panel
-- Where the org page's resources panel for unit $org and month $month comes from, one row per figure: 'finance' — cost
-- centres (teams at or below $org) in the ledger for $month; 'workforce' — teams with staff records in the 12 months to
-- $month (excluding schools' teams where the unit has others, as the panel does), from the first of those months;
-- 'feedback' — complaint records (every stage) received in the 12 months to $month; 'survey' — answers to the overall
-- satisfaction question in the latest survey quarter ended by $month; 'risk' — risks open at the end of $month on the
-- registers of the unit and those below, with how many are overdue for review. Each with its system, extract and load
-- time (data_source), the first and last day the rows cover, the count of rows (records) and, where it applies, of
-- those still pending.
-- access: unit(org)
WITH
below AS (
    SELECT a.org_code, u.is_schools FROM org_ancestor AS a JOIN org_unit AS u ON u.code = a.org_code
    WHERE a.ancestor_code = $org
),
month_end AS (
    SELECT CAST($month AS DATE) AS month, last_day(CAST($month AS DATE)) AS last_day,
           CAST(CAST($month AS DATE) - INTERVAL 11 MONTH AS DATE) AS year_start
),
finance_rows AS (
    SELECT 'finance' AS figure, 'finance' AS domain, min(f.month) AS first_day, max(f.month) AS last_day,
           count(DISTINCT f.org_code) AS records, NULL::BIGINT AS pending
    FROM finance AS f
    WHERE f.org_code IN (SELECT org_code FROM below)
      AND f.org_code BETWEEN (SELECT min(org_code) FROM below) AND (SELECT max(org_code) FROM below)
      AND f.month = (SELECT month FROM month_end)
),
staff_teams AS (
    -- the panel's staff: excluding schools where the unit has other teams
    SELECT org_code FROM below
    WHERE NOT is_schools OR NOT EXISTS (SELECT 1 FROM below WHERE NOT is_schools)
),
workforce_rows AS (
    SELECT 'workforce' AS figure, 'workforce', min(w.month), max(w.month), count(DISTINCT w.org_code), NULL::BIGINT
    FROM workforce AS w
    WHERE w.org_code IN (SELECT org_code FROM staff_teams)
      AND w.org_code BETWEEN (SELECT min(org_code) FROM staff_teams) AND (SELECT max(org_code) FROM staff_teams)
      AND w.month BETWEEN (SELECT year_start FROM month_end) AND (SELECT month FROM month_end)
),
feedback_rows AS (
    SELECT 'feedback' AS figure, 'feedback', min(f.received_on), max(f.received_on), count(*), NULL::BIGINT
    FROM feedback AS f
    WHERE f.type = 'complaint'
      AND f.org_code IN (SELECT org_code FROM below)
      AND f.received_on BETWEEN (SELECT year_start FROM month_end) AND (SELECT last_day FROM month_end)
),
survey_rows AS (
    SELECT 'survey' AS figure, 'survey', max(s.quarter_start),
           CAST(max(s.quarter_start) + INTERVAL 2 MONTH AS DATE), arg_max(s.respondents, s.quarter_start), NULL::BIGINT
    FROM (SELECT quarter_start, sum(respondents) AS respondents FROM survey_result
          WHERE theme_code = 'OVERALL' AND quarter_start + INTERVAL 2 MONTH <= (SELECT month FROM month_end)
          GROUP BY quarter_start) AS s
),
risk_rows AS (
    SELECT 'risk' AS figure, 'risk', max(r.last_review_on), (SELECT last_day FROM month_end),
           count(*), count(*) FILTER (WHERE r.review_overdue)
    FROM risk_status AS r
    WHERE r.month = (SELECT month FROM month_end)
      AND r.org_code IN (SELECT org_code FROM below)
),
figures AS (
    SELECT * FROM finance_rows
    UNION ALL SELECT * FROM workforce_rows
    UNION ALL SELECT * FROM feedback_rows
    UNION ALL SELECT * FROM survey_rows
    UNION ALL SELECT * FROM risk_rows
)
SELECT f.figure, s.system, s.extract, s.loaded_at, f.first_day, f.last_day, f.records, f.pending
FROM figures AS f
JOIN data_source AS s USING (domain)
ORDER BY f.figure;

-- name: provenance_finance
-- Where the finance page of unit $org for month $month comes from: the ledger (data_source 'finance') and when it was
-- loaded; the cost centres (teams at or below $org) with ledger rows in $month; and over the financial year to $month
-- (the forecast's movement) the cost centres, the first and last month with rows.
-- access: unit(org)
WITH
below AS (
    SELECT org_code FROM units_at_or_below($org)
),
rows AS (
    SELECT f.org_code, f.month
    FROM finance AS f
    WHERE f.org_code IN (SELECT org_code FROM below)
      -- with IN alone the scan reads every unit's row groups
      AND f.org_code BETWEEN (SELECT min(org_code) FROM below) AND (SELECT max(org_code) FROM below)
      AND f.month BETWEEN financial_year_start(CAST($month AS DATE)) AND CAST($month AS DATE)
)
SELECT s.system, s.extract, s.loaded_at,
       count(DISTINCT r.org_code) FILTER (WHERE r.month = CAST($month AS DATE)) AS cost_centres,
       max(r.month) FILTER (WHERE r.month = CAST($month AS DATE)) AS month,
       count(DISTINCT r.org_code) AS cost_centres_year,
       min(r.month) AS first_month, max(r.month) AS last_month
FROM data_source AS s
LEFT JOIN rows AS r ON true
WHERE s.domain = 'finance'
GROUP BY s.system, s.extract, s.loaded_at;

-- name: provenance_workforce
-- Where the workforce page of unit $org for month $month and staff $staff (all | excluding_schools) comes from: HR and
-- payroll (data_source 'workforce') and when it was loaded; teams at or below $org in that staff group with records in
-- $month; the first month of the rolling 12 months to $month that has records, and the teams in them; the first month
-- of all records to $month (the sickness chart's series) and the team-months in it.
-- access: unit(org)
WITH
below AS (
    SELECT a.org_code FROM org_ancestor AS a JOIN org_unit AS u ON u.code = a.org_code
    WHERE a.ancestor_code = $org AND ($staff = 'all' OR NOT u.is_schools)
),
rows AS (
    SELECT w.org_code, w.month
    FROM workforce AS w
    WHERE w.org_code IN (SELECT org_code FROM below)
      AND w.org_code BETWEEN (SELECT min(org_code) FROM below) AND (SELECT max(org_code) FROM below)
      AND w.month <= CAST($month AS DATE)
)
SELECT s.system, s.extract, s.loaded_at,
       count(DISTINCT r.org_code) FILTER (WHERE r.month = CAST($month AS DATE)) AS teams,
       max(r.month) FILTER (WHERE r.month = CAST($month AS DATE)) AS month,
       min(r.month) FILTER (WHERE r.month > CAST($month AS DATE) - INTERVAL 12 MONTH) AS rolling_first_month,
       min(r.month) AS first_month, count(r.org_code) AS team_months
FROM data_source AS s
LEFT JOIN rows AS r ON true
WHERE s.domain = 'workforce'
GROUP BY s.system, s.extract, s.loaded_at;

-- name: provenance_customers
-- Where the customers page of unit $org for month $month comes from, one row per figure (the outputs beside outcomes
-- are provenance_customers_council's): 'feedback' — feedback records about the teams at or below $org received in the
-- 12 months to $month (pending: records received by the end of $month and not answered by then, whenever received);
-- 'trend' — those received in the 24 months to $month; 'survey' — answers to every question in the latest survey
-- quarter ended by $month, and the districts they came from (pending). Each with its system, extract and load time
-- (data_source) and the first and last day the rows cover.
-- access: unit(org)
WITH
below AS (
    SELECT org_code FROM units_at_or_below($org)
),
bounds AS (
    SELECT CAST($month AS DATE) AS month, last_day(CAST($month AS DATE)) AS month_end,
           CAST(CAST($month AS DATE) - INTERVAL 11 MONTH AS DATE) AS year_start,
           CAST(CAST($month AS DATE) - INTERVAL 23 MONTH AS DATE) AS trend_start
),
records AS (
    SELECT f.received_on, f.responded_on
    FROM feedback AS f
    WHERE f.org_code IN (SELECT org_code FROM below)
      AND f.received_on <= (SELECT month_end FROM bounds)
),
feedback_rows AS (
    SELECT 'feedback' AS figure, 'feedback' AS domain, NULL AS pair_code,
           min(received_on) FILTER (WHERE received_on >= (SELECT year_start FROM bounds)) AS first_day,
           max(received_on) AS last_day,
           count(*) FILTER (WHERE received_on >= (SELECT year_start FROM bounds)) AS records,
           count(*) FILTER (WHERE not_yet_on(responded_on, (SELECT month_end FROM bounds))) AS pending
    FROM records
),
trend_rows AS (
    SELECT 'trend', 'feedback', NULL, min(received_on), max(received_on), count(*), NULL::BIGINT
    FROM records
    WHERE received_on >= (SELECT trend_start FROM bounds)
),
survey_rows AS (
    SELECT 'survey' AS figure, 'survey' AS domain, NULL AS pair_code, max(quarter_start) AS first_day,
           CAST(max(quarter_start) + INTERVAL 2 MONTH AS DATE) AS last_day,
           sum(respondents) AS records, count(DISTINCT district_code) AS pending
    FROM survey_result
    WHERE quarter_start = (SELECT max(quarter_start) FROM survey_result
                           WHERE quarter_start + INTERVAL 2 MONTH <= (SELECT month FROM bounds))
),
domains AS (
    SELECT f.*, NULL::BIGINT AS provisional, NULL::BIGINT AS missing, NULL::TIMESTAMP AS latest_received,
           NULL AS output_source
    FROM (SELECT * FROM feedback_rows UNION ALL SELECT * FROM trend_rows UNION ALL SELECT * FROM survey_rows) AS f
)
SELECT d.figure, d.pair_code, s.system, s.extract, s.loaded_at, d.first_day, d.last_day, d.records, d.pending,
       d.provisional, d.missing, d.latest_received, d.output_source
FROM domains AS d
JOIN data_source AS s USING (domain)
ORDER BY d.figure, d.pair_code;

-- name: provenance_customers_council
-- The council-wide figures of the customers page for month $month, one row per figure 'pair' — for each
-- output-versus-outcome pair (pair_code), the returns behind its output series (council-wide, the periods ended by
-- $month in the 36 months before it) with how many are provisional and missing and when the latest arrived, and the
-- outcome's system. Each with its system, extract and load time (data_source) and the first and last day the rows
-- cover.
-- access: council
WITH
bounds AS (
    SELECT CAST($month AS DATE) AS month, last_day(CAST($month AS DATE)) AS month_end,
           CAST(CAST($month AS DATE) - INTERVAL 11 MONTH AS DATE) AS year_start,
           CAST(CAST($month AS DATE) - INTERVAL 23 MONTH AS DATE) AS trend_start
),
pairs AS (
    SELECT p.code, p.output_indicator_code, p.outcome_kind, i.source
    FROM outcome_pair AS p JOIN indicator AS i ON i.code = p.output_indicator_code
),
output_periods AS (
    SELECT p.code, min(r.window_start) AS window_start, min(r.period_start) AS first_period,
           max(r.period_start) AS last_period
    FROM pairs AS p
    JOIN rollup AS r ON r.indicator_code = p.output_indicator_code
    WHERE r.org_code = (SELECT code FROM org_unit WHERE level = 'council')
      AND r.period_last_month <= (SELECT month FROM bounds)
      AND r.period_start > (SELECT month FROM bounds) - INTERVAL 36 MONTH
    GROUP BY p.code
),
output_returns AS (
    -- council-wide: return_summary at the council sums every unit's returns
    SELECT o.code, sum(r.returns) AS returns, sum(r.provisional) AS provisional, sum(r.missing) AS missing,
           max(r.latest_received) AS latest_received
    FROM output_periods AS o
    JOIN pairs AS p USING (code)
    JOIN return_summary AS r
      ON r.org_code = (SELECT code FROM org_unit WHERE level = 'council')
     AND r.indicator_code = p.output_indicator_code AND r.period_start BETWEEN o.window_start AND o.last_period
    GROUP BY o.code
),
domains AS (
    SELECT 'pair' AS figure, CASE p.outcome_kind WHEN 'survey' THEN 'survey' ELSE 'feedback' END AS domain,
           p.code AS pair_code, o.first_period AS first_day, o.last_period AS last_day,
           coalesce(r.returns, 0) AS records, NULL::BIGINT AS pending, coalesce(r.provisional, 0) AS provisional,
           coalesce(r.missing, 0) AS missing, r.latest_received, p.source AS output_source
    FROM pairs AS p
    LEFT JOIN output_periods AS o USING (code)
    LEFT JOIN output_returns AS r USING (code)
)
SELECT d.figure, d.pair_code, s.system, s.extract, s.loaded_at, d.first_day, d.last_day, d.records, d.pending,
       d.provisional, d.missing, d.latest_received, d.output_source
FROM domains AS d
JOIN data_source AS s USING (domain)
ORDER BY d.figure, d.pair_code;

-- name: provenance_risks
-- Where the risk figures of unit $org for month $month come from: the risk registers (data_source 'risk') and when they
-- were loaded; the risks open at the end of $month on the registers of $org and the units below it, how many registers
-- hold them, how many are overdue for review, and the latest review among them.
-- access: unit(org)
WITH
below AS (
    SELECT org_code FROM units_at_or_below($org)
),
rows AS (
    SELECT r.org_code, r.review_overdue, r.last_review_on
    FROM risk_status AS r
    WHERE r.month = CAST($month AS DATE)
      AND r.org_code IN (SELECT org_code FROM below)
)
SELECT s.system, s.extract, s.loaded_at, last_day(CAST($month AS DATE)) AS as_at,
       count(r.org_code) AS risks, count(DISTINCT r.org_code) AS registers,
       count(r.org_code) FILTER (WHERE r.review_overdue) AS reviews_overdue,
       max(r.last_review_on) AS latest_review
FROM data_source AS s
LEFT JOIN rows AS r ON true
WHERE s.domain = 'risk'
GROUP BY s.system, s.extract, s.loaded_at;

-- name: provenance_vfm
-- Where the value-for-money comparison below unit $org of output $output over the 12 months to $month comes from: the
-- ledger (data_source 'finance'), its load time and the cost centres (teams at or below $org) with ledger rows in those
-- months, and the first and last month; the output indicator's source and the returns behind the output (units at or
-- below $org, periods in those 12 months), how many are provisional, how many expected returns are missing, and when
-- the latest arrived.
-- access: unit(org)
WITH
below AS (
    SELECT org_code FROM units_at_or_below($org)
),
span AS (
    SELECT CAST(CAST($month AS DATE) - INTERVAL 11 MONTH AS DATE) AS first_month, CAST($month AS DATE) AS last_month
),
spend AS (
    SELECT count(DISTINCT f.org_code) AS cost_centres, min(f.month) AS first_month, max(f.month) AS last_month
    FROM finance AS f
    WHERE f.org_code IN (SELECT org_code FROM below)
      AND f.org_code BETWEEN (SELECT min(org_code) FROM below) AND (SELECT max(org_code) FROM below)
      AND f.month BETWEEN (SELECT first_month FROM span) AND (SELECT last_month FROM span)
),
received AS (
    SELECT coalesce(sum(r.returns), 0) AS returns, coalesce(sum(r.provisional), 0) AS provisional,
           coalesce(sum(r.missing), 0) AS missing, max(r.latest_received) AS latest_received
    FROM return_summary AS r
    WHERE r.org_code = $org AND r.indicator_code = $output
      AND r.period_start BETWEEN (SELECT first_month FROM span) AND (SELECT last_month FROM span)
)
SELECT s.system, s.extract, s.loaded_at, sp.cost_centres, sp.first_month, sp.last_month,
       i.source AS output_source, r.returns, r.provisional, r.missing, r.latest_received
FROM data_source AS s
CROSS JOIN spend AS sp
CROSS JOIN received AS r
JOIN indicator AS i ON i.code = $output
WHERE s.domain = 'finance';

-- name: provenance_casework
-- Where the casework figures of unit $org (figure 'unit') and of the teams it is ranked among, those at or below $peers
-- (figure 'peers'; no row when $peers is $org), on day $day come from: the case records (data_source 'casework') and
-- when they were loaded; the casework teams (casework_staffing), the cases open at the end of $day, and the cases open
-- at any time in the $days calendar days to $day (the daily chart's span).
-- access: unit(org, peers)
WITH
scopes AS (
    SELECT 'unit' AS figure, $org AS org
    UNION ALL
    SELECT 'peers', $peers WHERE $peers <> $org
),
teams AS (
    SELECT DISTINCT s.figure, c.org_code
    FROM scopes AS s
    JOIN org_ancestor AS a ON a.ancestor_code = s.org
    JOIN casework_staffing AS c ON c.org_code = a.org_code
),
counts AS (
    SELECT t.figure, count(DISTINCT t.org_code) AS teams,
           count(c.case_id) FILTER (WHERE open_on(c.referral_date, c.closed_date, CAST($day AS DATE))) AS open_cases,
           count(c.case_id) FILTER (WHERE c.referral_date <= CAST($day AS DATE)
                                      AND not_yet_on(c.closed_date, CAST($day AS DATE) - ($days - 1))) AS cases_in_span
    FROM teams AS t
    LEFT JOIN casework_case AS c ON c.org_code = t.org_code AND c.referral_date <= CAST($day AS DATE)
    GROUP BY t.figure
)
SELECT s2.figure, d.system, d.extract, d.loaded_at, coalesce(c.teams, 0) AS teams,
       coalesce(c.open_cases, 0) AS open_cases, coalesce(c.cases_in_span, 0) AS cases_in_span,
       CAST(CAST($day AS DATE) - ($days - 1) AS DATE) AS span_start
FROM scopes AS s2
CROSS JOIN data_source AS d
LEFT JOIN counts AS c USING (figure)
WHERE d.domain = 'casework'
ORDER BY s2.figure DESC;
