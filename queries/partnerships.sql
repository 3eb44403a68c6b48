-- name: partnerships
-- Each partner and the shared indicators it supplies or contributes to, with the council-wide value of the latest
-- period reported that had ended by month $month (its own period, target and RAG) and when the figures for that period
-- arrived (the latest return received for it, and how many returns it took).
-- access: council partner
WITH
council AS (SELECT code FROM org_unit WHERE level = 'council'),
shown AS (
    SELECT r.indicator_code, r.period_start, r.display_value, r.target, r.rag
    FROM rollup AS r
    WHERE r.org_code = (SELECT code FROM council)
      AND r.indicator_code IN (SELECT indicator_code FROM partner_indicator)
      AND r.period_last_month <= CAST($month AS DATE)
      AND r.period_start > CAST($month AS DATE) - INTERVAL 36 MONTH
    QUALIFY row_number() OVER (PARTITION BY r.indicator_code ORDER BY r.period_start DESC) = 1
),
arrived AS (
    SELECT m.indicator_code, m.period_start, max(m.received_at) AS received_at, count(*) AS returns
    FROM measure AS m
    JOIN shown AS s USING (indicator_code, period_start)
    GROUP BY ALL
)
SELECT p.code AS partner_code, p.name AS partner_name, p.kind, pi.role, pi.what,
       i.code AS indicator_code, i.name AS indicator_name, i.unit, i.decimals, i.frequency,
       s.period_start, s.display_value AS value, s.target, s.rag, a.received_at, a.returns
FROM partner AS p
JOIN partner_indicator AS pi ON pi.partner_code = p.code
JOIN indicator AS i ON i.code = pi.indicator_code
LEFT JOIN shown AS s ON s.indicator_code = i.code
LEFT JOIN arrived AS a ON a.indicator_code = i.code
ORDER BY p.sort_order, pi.role DESC, i.name;

-- name: partner
-- The partner organisation $code, its name and kind (no rows when unknown): accounts of partners are checked against
-- it.
-- access: public
SELECT code AS partner_code, name, kind FROM partner WHERE code = $code;
