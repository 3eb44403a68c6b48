-- Where the figures come from (/sources): each domain's system and extract,
-- when it was loaded, how many rows the database holds from it and the first
-- and last day those rows are about.

-- name: data_sources
-- One row per domain of data_source: its system, extract and load time; the rows held from it
-- (finance; workforce; feedback; survey_result; risk with risk_review; casework_case with casework_staffing);
-- and the first and last day they are about: whole months of the ledger and HR, feedback received, survey
-- quarters, risk reviews, casework referrals and staffing months.
-- access: council
WITH held AS (
    SELECT 'finance' AS domain, count(*) AS rows_held, min(month) AS first_day, last_day(max(month)) AS last_day
    FROM finance
    UNION ALL
    SELECT 'workforce', count(*), min(month), last_day(max(month)) FROM workforce
    UNION ALL
    SELECT 'feedback', count(*), min(received_on), max(received_on) FROM feedback
    UNION ALL
    SELECT 'survey', count(*), min(quarter_start), last_day(CAST(max(quarter_start) + INTERVAL 2 MONTH AS DATE))
    FROM survey_result
    UNION ALL
    SELECT 'risk', (SELECT count(*) FROM risk) + count(*), min(reviewed_on), max(reviewed_on) FROM risk_review
    UNION ALL
    SELECT 'casework', (SELECT count(*) FROM casework_staffing) + count(*),
           least(min(referral_date), (SELECT min(month) FROM casework_staffing)),
           greatest(max(referral_date), (SELECT last_day(max(month)) FROM casework_staffing))
    FROM casework_case
)
SELECT s.domain, s.system, s.extract, s.loaded_at, coalesce(h.rows_held, 0) AS rows_held,
       h.first_day, h.last_day
FROM data_source AS s
LEFT JOIN held AS h USING (domain)
ORDER BY list_position(['finance', 'workforce', 'feedback', 'survey', 'risk', 'casework'], s.domain), s.domain
