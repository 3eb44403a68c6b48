-- Derive `risk_rollup` from risk_status: for every unit and month, counts of
-- the open risks on its own register and the registers below it.  Run once per
-- data build by data/build/derive.py, after risk_status.sql.

DELETE FROM risk_rollup;

INSERT INTO risk_rollup
SELECT
    a.ancestor_code                                  AS org_code,
    s.month,
    count(*)                                         AS risks,
    count(*) FILTER (WHERE a.depth = 0)              AS own_risks,
    count(*) FILTER (WHERE s.rag = 'red')            AS red,
    count(*) FILTER (WHERE s.rag = 'amber')          AS amber,
    count(*) FILTER (WHERE s.rag = 'green')          AS green,
    count(*) FILTER (WHERE s.score > s.target_score) AS above_target,
    count(*) FILTER (WHERE s.review_overdue)         AS reviews_overdue,
    count(*) FILTER (WHERE s.trend = 'increasing')   AS increasing,
    count(*) FILTER (WHERE s.trend = 'decreasing')   AS decreasing,
    count(*) FILTER (WHERE s.trend = 'new')          AS new
FROM risk_status AS s
JOIN org_ancestor AS a ON a.org_code = s.org_code
GROUP BY ALL
ORDER BY org_code, s.month;
