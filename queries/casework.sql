-- Children's casework, computed from the case rows (casework_case) for any unit
-- $org — the cases of the teams at or below it (org_ancestor) — and any day $day,
-- as at the end of that day.  The working-day rules are stated once in
-- data/build/schema/casework.sql: day0_index() of a day is the working_day_index of that day, or
-- of the next working day when it is a weekend or bank holiday.

-- name: casework_latest_day
-- The latest day anything happened in the case data (a referral, allocation, assessment, strategy discussion,
-- conference or closure): the casework page's default day. NULL without cases.
-- access: public
SELECT greatest(max(referral_date), max(allocated_date), max(assessment_completed),
                max(strategy_discussion_date), max(conference_date), max(closed_date)) AS day
FROM casework_case;

-- name: casework_unallocated
-- One row per case of the teams at or below $org open and unallocated at the end of $day, with its wait in working and
-- calendar days; child protection first, then the longest waiting.
-- access: unit(org) case-level
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
waiting AS (
    SELECT c.case_id, c.org_code, c.category, c.age_band, c.referral_date,
           t.day0 - day0_index(r.working_day_index, r.is_working_day) AS working_days_waiting,
           date_diff('day', c.referral_date, t.day) AS calendar_days_waiting
    FROM casework_case AS c
    JOIN calendar AS r ON r.day = c.referral_date
    CROSS JOIN today AS t
    WHERE unit_at_or_below(c.org_code, $org)
      AND open_on(c.referral_date, c.closed_date, CAST($day AS DATE))
      AND not_yet_on(c.allocated_date, CAST($day AS DATE))
)
SELECT w.case_id, w.org_code, o.name AS team_name, w.category, w.age_band, w.referral_date,
       w.working_days_waiting, w.calendar_days_waiting
FROM waiting AS w
JOIN org_unit AS o ON o.code = w.org_code
ORDER BY w.category = 'child_protection' DESC, w.working_days_waiting DESC, w.calendar_days_waiting DESC,
         w.case_id;

-- name: casework_unallocated_by_team
-- Every casework team at or below $org (casework_staffing) × every category: cases unallocated at the end of $day (0
-- when none) and the longest wait among them in working and calendar days (NULL when none); in tree order, categories
-- as casework_category lists them.
-- access: unit(org)
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
teams AS (
    SELECT o.code AS org_code, o.name AS team_name, o.parent_code, o.sort_order
    FROM org_unit AS o
    WHERE unit_at_or_below(o.code, $org)
      AND o.code IN (SELECT DISTINCT org_code FROM casework_staffing)
),
waiting AS (
    SELECT c.org_code, c.category,
           t.day0 - day0_index(r.working_day_index, r.is_working_day) AS working_days_waiting,
           date_diff('day', c.referral_date, t.day) AS calendar_days_waiting
    FROM casework_case AS c
    JOIN calendar AS r ON r.day = c.referral_date
    CROSS JOIN today AS t
    WHERE c.org_code IN (SELECT org_code FROM teams)
      AND open_on(c.referral_date, c.closed_date, CAST($day AS DATE))
      AND not_yet_on(c.allocated_date, CAST($day AS DATE))
),
counts AS (
    SELECT org_code, category, count(*) AS unallocated,
           max(working_days_waiting) AS oldest_working_days_waiting,
           max(calendar_days_waiting) AS oldest_calendar_days_waiting
    FROM waiting GROUP BY org_code, category
)
SELECT t.org_code, t.team_name, k.code AS category, k.name AS category_name,
       coalesce(n.unallocated, 0) AS unallocated, n.oldest_working_days_waiting, n.oldest_calendar_days_waiting
FROM teams AS t
CROSS JOIN casework_category AS k
LEFT JOIN counts AS n ON n.org_code = t.org_code AND n.category = k.code
ORDER BY t.parent_code, t.sort_order, t.org_code, k.sort_order;

-- name: casework_unallocated_daily
-- Cases of the teams at or below $org unallocated at the end of each of the $days calendar days up to $day (oldest
-- first), and how many of them are child protection: the series for an SPC chart. A case counts from its referral day
-- until the day before it is allocated or closed.
-- access: unit(org)
WITH
days AS (
    SELECT day, is_working_day FROM calendar
    WHERE day BETWEEN CAST($day AS DATE) - CAST($days - 1 AS INTEGER) AND CAST($day AS DATE)
),
bounds AS (SELECT min(day) AS first_day FROM days),
spells AS (  -- each case's unallocated spell [referral_date, stop_day) that overlaps the days
    SELECT c.referral_date, least(c.allocated_date, c.closed_date) AS stop_day,
           c.category = 'child_protection' AS cp
    FROM casework_case AS c
    WHERE unit_at_or_below(c.org_code, $org)
      AND c.referral_date <= CAST($day AS DATE)
      AND not_yet_on(c.allocated_date, CAST($day AS DATE) - CAST($days - 1 AS INTEGER))
      AND not_yet_on(c.closed_date, CAST($day AS DATE) - CAST($days - 1 AS INTEGER))
),
changes AS (  -- +1 on the first day a case is unallocated (the first day shown for older ones), −1 when it stops
    SELECT greatest(s.referral_date, b.first_day) AS day, 1 AS n, s.cp FROM spells AS s, bounds AS b
    UNION ALL
    SELECT stop_day, -1, cp FROM spells WHERE stop_day <= CAST($day AS DATE)
),
per_day AS (
    SELECT day, sum(n) AS n, coalesce(sum(n) FILTER (WHERE cp), 0) AS n_cp FROM changes GROUP BY day
)
SELECT d.day, d.is_working_day,
       CAST(coalesce(sum(p.n) OVER w, 0) AS INTEGER) AS unallocated,
       CAST(coalesce(sum(p.n_cp) OVER w, 0) AS INTEGER) AS child_protection_unallocated
FROM days AS d
LEFT JOIN per_day AS p USING (day)
WINDOW w AS (ORDER BY d.day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY d.day;

-- name: casework_due
-- Assessments not completed and initial child protection conferences not held by the end of $day, of cases of the teams
-- at or below $org open on $day, that are overdue or due within the next $n working days: overdue first, then the
-- soonest due.
-- access: unit(org) case-level
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
open_cases AS (
    SELECT * FROM casework_case
    WHERE unit_at_or_below(org_code, $org)
      AND open_on(referral_date, closed_date, CAST($day AS DATE))
),
items AS (
    SELECT case_id, org_code, category, age_band, 'assessment' AS kind, assessment_due AS due_date
    FROM open_cases
    WHERE not_yet_on(assessment_completed, CAST($day AS DATE))
    UNION ALL
    SELECT case_id, org_code, category, age_band, 'conference', conference_due
    FROM open_cases
    WHERE strategy_discussion_date <= CAST($day AS DATE)
      AND not_yet_on(conference_date, CAST($day AS DATE))
)
SELECT i.case_id, i.org_code, o.name AS team_name, i.category, i.age_band, i.kind, i.due_date,
       d.working_day_index - t.day0 AS working_days_to_due,
       i.due_date < t.day AS overdue
FROM items AS i
JOIN calendar AS d ON d.day = i.due_date
CROSS JOIN today AS t
JOIN org_unit AS o ON o.code = i.org_code
WHERE d.working_day_index - t.day0 <= $n
ORDER BY overdue DESC, i.due_date, i.kind, i.case_id;

-- name: casework_team_scorecard
-- Every casework team at or below $org on $day: open cases, case-holding social worker FTE (latest casework_staffing
-- month on or before $day), caseload per social worker, unallocated cases, assessments completed in the 3 months to
-- $day and how many within 45 working days, assessments overdue; ranks (1 = best, ties share a rank, none without a
-- value) on timeliness, caseload and unallocated. In tree order.
-- access: unit(org)
WITH
teams AS (
    SELECT o.code AS org_code, o.name AS team_name, o.parent_code AS service_code, o.sort_order
    FROM org_unit AS o
    WHERE unit_at_or_below(o.code, $org)
      AND o.code IN (SELECT DISTINCT org_code FROM casework_staffing)
),
staff AS (
    SELECT org_code, arg_max(social_worker_fte, month) AS social_worker_fte
    FROM casework_staffing
    WHERE month <= CAST($day AS DATE) AND org_code IN (SELECT org_code FROM teams)
    GROUP BY org_code
),
now_open AS (
    SELECT org_code,
           count(*) AS open_cases,
           count(*) FILTER (WHERE not_yet_on(allocated_date, CAST($day AS DATE))) AS unallocated,
           count(*) FILTER (WHERE not_yet_on(assessment_completed, CAST($day AS DATE))
                              AND assessment_due < CAST($day AS DATE)) AS assessments_overdue
    FROM casework_case
    WHERE org_code IN (SELECT org_code FROM teams)
      AND open_on(referral_date, closed_date, CAST($day AS DATE))
    GROUP BY org_code
),
completed AS (
    SELECT org_code,
           count(*) AS assessments_completed_3m,
           count(*) FILTER (WHERE assessment_completed <= assessment_due) AS assessments_on_time_3m
    FROM casework_case
    WHERE org_code IN (SELECT org_code FROM teams)
      AND referral_date <= CAST($day AS DATE)
      AND assessment_completed > CAST(CAST($day AS DATE) - INTERVAL 3 MONTH AS DATE)
      AND assessment_completed <= CAST($day AS DATE)
    GROUP BY org_code
),
figures AS (
    SELECT t.org_code, t.team_name, t.service_code, t.sort_order,
           coalesce(n.open_cases, 0) AS open_cases,
           s.social_worker_fte,
           coalesce(n.open_cases, 0) / nullif(s.social_worker_fte, 0) AS caseload_per_social_worker,
           coalesce(n.unallocated, 0) AS unallocated,
           coalesce(a.assessments_completed_3m, 0) AS assessments_completed_3m,
           coalesce(a.assessments_on_time_3m, 0) AS assessments_on_time_3m,
           100.0 * a.assessments_on_time_3m / nullif(a.assessments_completed_3m, 0) AS timeliness_pct,
           coalesce(n.assessments_overdue, 0) AS assessments_overdue
    FROM teams AS t
    LEFT JOIN staff AS s USING (org_code)
    LEFT JOIN now_open AS n USING (org_code)
    LEFT JOIN completed AS a USING (org_code)
)
SELECT org_code, team_name, service_code, open_cases, social_worker_fte, caseload_per_social_worker,
       unallocated, assessments_completed_3m, assessments_on_time_3m, timeliness_pct, assessments_overdue,
       CASE WHEN timeliness_pct IS NOT NULL THEN
           rank() OVER (PARTITION BY timeliness_pct IS NULL ORDER BY timeliness_pct DESC) END AS timeliness_rank,
       CASE WHEN caseload_per_social_worker IS NOT NULL THEN
           rank() OVER (PARTITION BY caseload_per_social_worker IS NULL ORDER BY caseload_per_social_worker) END
           AS caseload_rank,
       rank() OVER (ORDER BY unallocated) AS unallocated_rank
FROM figures
ORDER BY service_code, sort_order, org_code;

-- name: casework_cases
-- The cases of team $team open at the end of $day, as known then (later events blank), with working and calendar days
-- waiting for allocation where unallocated and working days to the assessment (and conference) due date where not yet
-- done: unallocated first (longest waiting first), then by category and referral date.
-- access: unit(team) case-level
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
open_cases AS (
    SELECT c.*,
           not_yet_on(c.allocated_date, CAST($day AS DATE)) AS unallocated,
           day0_index(r.working_day_index, r.is_working_day) AS referral_day0
    FROM casework_case AS c
    JOIN calendar AS r ON r.day = c.referral_date
    WHERE c.org_code = $team
      AND open_on(c.referral_date, c.closed_date, CAST($day AS DATE))
)
SELECT c.case_id, c.org_code, o.name AS team_name, c.category, c.age_band, c.referral_date,
       CASE WHEN NOT c.unallocated THEN c.allocated_date END AS allocated_date,
       c.assessment_due,
       CASE WHEN c.assessment_completed <= t.day THEN c.assessment_completed END AS assessment_completed,
       CASE WHEN c.strategy_discussion_date <= t.day THEN c.strategy_discussion_date END AS strategy_discussion_date,
       CASE WHEN c.strategy_discussion_date <= t.day THEN c.conference_due END AS conference_due,
       CASE WHEN c.conference_date <= t.day THEN c.conference_date END AS conference_date,
       c.unallocated,
       CASE WHEN c.unallocated THEN t.day0 - c.referral_day0 END AS working_days_waiting,
       CASE WHEN c.unallocated THEN date_diff('day', c.referral_date, t.day) END AS calendar_days_waiting,
       CASE WHEN not_yet_on(c.assessment_completed, t.day)
            THEN a.working_day_index - t.day0 END AS working_days_to_assessment_due,
       CASE WHEN c.strategy_discussion_date <= t.day AND not_yet_on(c.conference_date, t.day)
            THEN f.working_day_index - t.day0 END AS working_days_to_conference_due
FROM open_cases AS c
CROSS JOIN today AS t
JOIN org_unit AS o ON o.code = c.org_code
JOIN calendar AS a ON a.day = c.assessment_due
LEFT JOIN calendar AS f ON f.day = c.conference_due
JOIN casework_category AS k ON k.code = c.category
ORDER BY c.unallocated DESC, working_days_waiting DESC NULLS LAST, k.sort_order, c.referral_date, c.case_id;

-- name: casework_unallocated_counts
-- The cases of casework_unallocated counted without their case numbers: for each team at or below $org, category and
-- wait (working and calendar days) at the end of $day, how many cases (n). For viewers without the casework permission.
-- access: unit(org)
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
waiting AS (
    SELECT c.org_code, c.category,
           t.day0 - day0_index(r.working_day_index, r.is_working_day) AS working_days_waiting,
           date_diff('day', c.referral_date, t.day) AS calendar_days_waiting
    FROM casework_case AS c
    JOIN calendar AS r ON r.day = c.referral_date
    CROSS JOIN today AS t
    WHERE unit_at_or_below(c.org_code, $org)
      AND open_on(c.referral_date, c.closed_date, CAST($day AS DATE))
      AND not_yet_on(c.allocated_date, CAST($day AS DATE))
)
SELECT w.org_code, o.name AS team_name, w.category, w.working_days_waiting, w.calendar_days_waiting, count(*) AS n
FROM waiting AS w
JOIN org_unit AS o ON o.code = w.org_code
GROUP BY w.org_code, o.name, w.category, w.working_days_waiting, w.calendar_days_waiting
ORDER BY w.category = 'child_protection' DESC, w.working_days_waiting DESC, w.calendar_days_waiting DESC, w.org_code;

-- name: casework_due_counts
-- The items of casework_due counted without their case numbers: for each team at or below $org, kind, due date and
-- overdue flag, how many assessments or initial conferences (n) are overdue or due within $n working days at the end of
-- $day. For viewers without the casework permission.
-- access: unit(org)
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
open_cases AS (
    SELECT * FROM casework_case
    WHERE unit_at_or_below(org_code, $org)
      AND open_on(referral_date, closed_date, CAST($day AS DATE))
),
items AS (
    SELECT org_code, category, 'assessment' AS kind, assessment_due AS due_date
    FROM open_cases
    WHERE not_yet_on(assessment_completed, CAST($day AS DATE))
    UNION ALL
    SELECT org_code, category, 'conference', conference_due
    FROM open_cases
    WHERE strategy_discussion_date <= CAST($day AS DATE)
      AND not_yet_on(conference_date, CAST($day AS DATE))
)
SELECT i.org_code, o.name AS team_name, i.category, i.kind, i.due_date,
       d.working_day_index - t.day0 AS working_days_to_due,
       i.due_date < t.day AS overdue, count(*) AS n
FROM items AS i
JOIN calendar AS d ON d.day = i.due_date
CROSS JOIN today AS t
JOIN org_unit AS o ON o.code = i.org_code
WHERE d.working_day_index - t.day0 <= $n
GROUP BY i.org_code, o.name, i.category, i.kind, i.due_date, d.working_day_index, t.day0, t.day
ORDER BY overdue DESC, i.due_date, i.kind, i.org_code;

-- name: casework_exceptions
-- Teams at or below $org with, at the end of $day, child protection cases unallocated for more than $cp_days working
-- days (1 on the page) or any cases unallocated for more than $any_days (5): the counts, and the longest wait of any
-- unallocated case in the team (working and calendar days). Worst first.
-- access: unit(org)
WITH
today AS (
    SELECT day, day0_index(working_day_index, is_working_day) AS day0
    FROM calendar WHERE day = CAST($day AS DATE)
),
waiting AS (
    SELECT c.org_code, c.category,
           t.day0 - day0_index(r.working_day_index, r.is_working_day) AS working_days_waiting,
           date_diff('day', c.referral_date, t.day) AS calendar_days_waiting
    FROM casework_case AS c
    JOIN calendar AS r ON r.day = c.referral_date
    CROSS JOIN today AS t
    WHERE unit_at_or_below(c.org_code, $org)
      AND open_on(c.referral_date, c.closed_date, CAST($day AS DATE))
      AND not_yet_on(c.allocated_date, CAST($day AS DATE))
),
per_team AS (
    SELECT org_code,
           count(*) FILTER (WHERE category = 'child_protection' AND working_days_waiting > $cp_days)
               AS child_protection_over_limit,
           count(*) FILTER (WHERE working_days_waiting > $any_days) AS over_limit,
           count(*) AS unallocated,
           max(working_days_waiting) AS longest_working_days_waiting,
           max(calendar_days_waiting) AS longest_calendar_days_waiting
    FROM waiting GROUP BY org_code
)
SELECT p.org_code, o.name AS team_name, o.parent_code AS service_code,
       p.child_protection_over_limit, p.over_limit, p.unallocated,
       p.longest_working_days_waiting, p.longest_calendar_days_waiting
FROM per_team AS p
JOIN org_unit AS o ON o.code = p.org_code
WHERE p.child_protection_over_limit > 0 OR p.over_limit > 0
ORDER BY p.child_protection_over_limit DESC, p.over_limit DESC, p.longest_working_days_waiting DESC, p.org_code;
