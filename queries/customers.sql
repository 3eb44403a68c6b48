-- name: feedback_types
-- Customer feedback about unit $org (its teams and those below it) by type (complaints by stage) over the 12 months to
-- $month: received, responded (on time where a response is due), decided outcomes, and what was open and overdue at the
-- end of $month.
-- access: unit(org)
WITH
rows AS (
    SELECT * FROM feedback_rollup
    WHERE org_code = $org
      AND month BETWEEN CAST($month AS DATE) - INTERVAL 11 MONTH AND CAST($month AS DATE)
)
SELECT
    type, stage,
    sum(received)                  AS received_12m,
    sum(received) FILTER (WHERE month = CAST($month AS DATE)) AS received_month,
    sum(responded)                 AS responded_12m,
    sum(responded_with_due)        AS responded_with_due_12m,
    sum(responded_on_time)         AS responded_on_time_12m,
    sum(working_days_to_respond)   AS working_days_to_respond_12m,
    sum(upheld)                    AS upheld_12m,
    sum(partly_upheld)             AS partly_upheld_12m,
    sum(not_upheld)                AS not_upheld_12m,
    sum(open_at_month_end) FILTER (WHERE month = CAST($month AS DATE))    AS open_now,
    sum(overdue_at_month_end) FILTER (WHERE month = CAST($month AS DATE)) AS overdue_now
FROM rows
GROUP BY type, stage
ORDER BY CASE type WHEN 'complaint' THEN 0 WHEN 'compliment' THEN 1 WHEN 'comment' THEN 2 ELSE 3 END, stage;

-- name: feedback_themes
-- Complaints and compliments about unit $org over the 12 months to $month by theme, most first.
-- access: unit(org)
SELECT f.type, f.theme_code, t.name AS theme, t.area_name, sum(f.received) AS received_12m
FROM feedback_rollup AS f
JOIN feedback_theme AS t ON t.code = f.theme_code
WHERE f.org_code = $org
  AND f.type IN ('complaint', 'compliment')
  AND f.month BETWEEN CAST($month AS DATE) - INTERVAL 11 MONTH AND CAST($month AS DATE)
GROUP BY f.type, f.theme_code, t.name, t.area_name, t.sort_order
HAVING sum(f.received) > 0
ORDER BY f.type, received_12m DESC, t.sort_order;

-- name: feedback_months
-- Complaints (all stages) and compliments received about unit $org each month, the 24 months to $month.
-- access: unit(org)
SELECT
    month,
    coalesce(sum(received) FILTER (WHERE type = 'complaint'), 0)  AS complaints,
    coalesce(sum(received) FILTER (WHERE type = 'compliment'), 0) AS compliments
FROM feedback_rollup
WHERE org_code = $org
  AND month BETWEEN CAST($month AS DATE) - INTERVAL 23 MONTH AND CAST($month AS DATE)
GROUP BY month
ORDER BY month;

-- name: feedback_units
-- For each unit directly below $org, complaints and compliments over the 12 months to $month, stage 1 complaints
-- answered and answered on time, and complaints decided and upheld (wholly or partly).
-- access: unit(org)
WITH
units AS (
    SELECT code AS org_code, name, level, sort_order FROM org_unit WHERE parent_code = $org
),
counts AS (
    SELECT
        org_code,
        sum(received) FILTER (WHERE type = 'complaint')                  AS complaints_12m,
        sum(received) FILTER (WHERE type = 'compliment')                 AS compliments_12m,
        sum(responded_with_due) FILTER (WHERE type = 'complaint' AND stage = '1') AS stage1_answered_12m,
        sum(responded_on_time) FILTER (WHERE type = 'complaint' AND stage = '1')  AS stage1_on_time_12m,
        sum(upheld + partly_upheld + not_upheld) FILTER (WHERE type = 'complaint') AS decided_12m,
        sum(upheld + partly_upheld) FILTER (WHERE type = 'complaint')    AS upheld_12m
    FROM feedback_rollup
    WHERE org_code IN (SELECT org_code FROM units)
      -- with IN alone the scan reads every unit's row groups
      AND org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
      AND month BETWEEN CAST($month AS DATE) - INTERVAL 11 MONTH AND CAST($month AS DATE)
    GROUP BY org_code
)
SELECT u.org_code, u.name, u.level,
       coalesce(c.complaints_12m, 0) AS complaints_12m, coalesce(c.compliments_12m, 0) AS compliments_12m,
       coalesce(c.stage1_answered_12m, 0) AS stage1_answered_12m,
       coalesce(c.stage1_on_time_12m, 0) AS stage1_on_time_12m,
       coalesce(c.decided_12m, 0) AS decided_12m, coalesce(c.upheld_12m, 0) AS upheld_12m
FROM units AS u
LEFT JOIN counts AS c USING (org_code)
ORDER BY u.sort_order, u.name;

-- name: survey_quarter
-- The residents' survey of the latest quarter that had ended by the end of month $month, and the quarter before it:
-- respondents and satisfied per question and district, and for the county (district_code 'ALL', the sum over
-- districts).
-- access: public
WITH
latest AS (
    SELECT max(quarter_start) AS quarter_start FROM survey_result
    WHERE quarter_start + INTERVAL 2 MONTH <= CAST($month AS DATE)
),
wanted AS (
    SELECT quarter_start FROM latest
    UNION ALL
    SELECT quarter_start - INTERVAL 3 MONTH FROM latest
),
rows AS (
    SELECT r.* FROM survey_result AS r WHERE r.quarter_start IN (SELECT quarter_start FROM wanted)
)
SELECT r.quarter_start, r.theme_code, t.name AS theme, t.sort_order AS theme_order,
       r.district_code, d.name AS district, d.sort_order AS district_order, r.respondents, r.satisfied
FROM rows AS r
JOIN survey_theme AS t ON t.code = r.theme_code
JOIN district AS d ON d.code = r.district_code
UNION ALL
SELECT r.quarter_start, r.theme_code, t.name, t.sort_order, 'ALL', 'Whole county', 0, sum(r.respondents),
       sum(r.satisfied)
FROM rows AS r
JOIN survey_theme AS t ON t.code = r.theme_code
GROUP BY ALL
ORDER BY quarter_start DESC, theme_order, district_order;

-- name: outcome_pairs
-- The declared output-versus-outcome pairs, with the output indicator's name, unit and polarity.
-- access: public
SELECT p.*, i.name AS output_name, i.unit AS output_unit, i.decimals AS output_decimals, i.frequency AS output_frequency
FROM outcome_pair AS p
JOIN indicator AS i ON i.code = p.output_indicator_code
ORDER BY p.code;

-- name: outcome_series
-- For pair $pair, up to month $month and over the three years before it: the output indicator's council-wide value each
-- period, and the outcome each quarter (survey: county share satisfied) or month (feedback: compliments as a share of
-- compliments and complaints about the pair's unit and those below it).
-- access: council
WITH
pair AS (SELECT * FROM outcome_pair WHERE code = $pair),
council AS (SELECT code FROM org_unit WHERE level = 'council'),
output_values AS (
    SELECT 'output' AS series, r.period_start AS period, r.display_value AS value,
           NULL::BIGINT AS numerator, NULL::BIGINT AS denominator
    FROM rollup AS r
    WHERE r.indicator_code = (SELECT output_indicator_code FROM pair)
      AND r.org_code = (SELECT code FROM council)
      AND r.period_last_month <= CAST($month AS DATE)
      AND r.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
),
survey_values AS (
    SELECT 'outcome', s.quarter_start, sum(s.satisfied) / sum(s.respondents) * 100, sum(s.satisfied), sum(s.respondents)
    FROM survey_result AS s
    WHERE (SELECT outcome_kind FROM pair) = 'survey'
      AND s.theme_code = (SELECT outcome_code FROM pair)
      AND s.quarter_start + INTERVAL 2 MONTH <= CAST($month AS DATE)
      AND s.quarter_start > CAST($month AS DATE) - INTERVAL 36 MONTH
    GROUP BY s.quarter_start
),
feedback_values AS (
    SELECT 'outcome', f.month,
           sum(f.received) FILTER (WHERE f.type = 'compliment') / nullif(sum(f.received), 0) * 100,
           sum(f.received) FILTER (WHERE f.type = 'compliment'), sum(f.received)
    FROM feedback_rollup AS f
    WHERE (SELECT outcome_kind FROM pair) = 'feedback'
      AND f.org_code = (SELECT outcome_org_code FROM pair)
      AND f.type IN ('complaint', 'compliment')
      AND f.month <= CAST($month AS DATE)
      AND f.month > CAST($month AS DATE) - INTERVAL 36 MONTH
    GROUP BY f.month
)
SELECT * FROM output_values
UNION ALL SELECT * FROM survey_values
UNION ALL SELECT * FROM feedback_values
ORDER BY series, period;
