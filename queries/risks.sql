-- name: risk_register
-- Every risk open at the end of month $month on the register of unit $org or a unit below it, with its current
-- likelihood, impact and score, RAG against the council's appetite for its category, trend at the latest review and
-- whether that review is overdue; most serious first.
-- access: unit(org)
SELECT
    s.risk_code, r.title, r.description, s.category, r.owner_role, s.org_code, u.name AS org_name, u.level,
    s.likelihood, s.impact, s.score, s.target_score, s.appetite_score, s.tolerance_score, s.rag, s.trend,
    s.last_review_on, s.next_review_due, s.review_overdue, r.mitigating_actions, a.appetite
FROM risk_status AS s
JOIN risk AS r ON r.code = s.risk_code
JOIN org_unit AS u ON u.code = s.org_code
JOIN risk_appetite AS a ON a.category = s.category
WHERE s.month = CAST($month AS DATE)
  AND unit_at_or_below(s.org_code, $org)
ORDER BY CASE s.rag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END, s.score DESC, s.review_overdue DESC, s.risk_code;

-- name: risk_units
-- Counts of the open risks at the end of month $month on the registers of each unit directly below $org and the units
-- below it (zero where none).
-- access: unit(org)
SELECT u.code AS org_code, u.name, u.level,
       coalesce(r.risks, 0) AS risks, coalesce(r.red, 0) AS red, coalesce(r.amber, 0) AS amber,
       coalesce(r.green, 0) AS green, coalesce(r.reviews_overdue, 0) AS reviews_overdue,
       coalesce(r.increasing, 0) AS increasing
FROM org_unit AS u
LEFT JOIN risk_rollup AS r ON r.org_code = u.code AND r.month = CAST($month AS DATE)
WHERE u.parent_code = $org
ORDER BY u.sort_order, u.name;
