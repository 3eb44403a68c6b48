-- Derive `risk_status`: every risk open at the end of each month of the data,
-- as its latest review up to that day left it (an ASOF join on risk_review),
-- with its RAG against the category's appetite (risk_rag).  A risk is open at
-- a month end when it was identified by then and not closed by then.  Run once
-- per data build by data/build/derive.py; it replaces the table's contents.

DELETE FROM risk_status;

INSERT INTO risk_status
WITH
months AS (
    SELECT CAST(unnest(generate_series(CAST(first_period AS TIMESTAMP), CAST(last_period AS TIMESTAMP),
                                       INTERVAL 1 MONTH)) AS DATE) AS month
    FROM build_info
),
open_at AS (
    SELECT r.code AS risk_code, r.org_code, r.category, r.target_score, m.month, last_day(m.month) AS month_end
    FROM risk AS r
    JOIN months AS m
      ON r.identified_on <= last_day(m.month) AND (r.closed_on IS NULL OR r.closed_on > last_day(m.month))
)
SELECT
    o.org_code,
    o.month,
    o.risk_code,
    o.category,
    v.likelihood,
    v.impact,
    v.score,
    o.target_score,
    p.appetite_score,
    p.tolerance_score,
    risk_rag(v.score, p.appetite_score, p.tolerance_score) AS rag,
    v.trend,
    v.reviewed_on                                          AS last_review_on,
    v.next_review_due,
    v.next_review_due < o.month_end                        AS review_overdue
FROM open_at AS o
ASOF JOIN risk_review AS v ON v.risk_code = o.risk_code AND o.month_end >= v.reviewed_on
JOIN risk_appetite AS p ON p.category = o.category
ORDER BY o.org_code, o.month, o.risk_code;
