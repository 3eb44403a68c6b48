-- name: briefing_returns
-- The data-quality statement of a briefing pack: for each indicator in $codes, the returns expected from unit $org and
-- the units below it for the period due at month $month — how many arrived on time, late or not at all, how many of the
-- values are still provisional, and when the latest of them arrived.
-- access: unit(org)
SELECT
    rs.indicator_code,
    i.name AS indicator_name,
    rs.period_start,
    i.frequency,
    count(*) AS expected,
    count(*) FILTER (WHERE rs.status = 'on_time') AS on_time,
    count(*) FILTER (WHERE rs.status = 'late') AS late,
    count(*) FILTER (WHERE rs.status = 'missing') AS missing,
    count(*) FILTER (WHERE m.status = 'provisional') AS provisional,
    max(rs.received_at) AS latest_received_at
FROM return_status AS rs
JOIN indicator AS i ON i.code = rs.indicator_code
LEFT JOIN measure AS m USING (indicator_code, org_code, period_start)
WHERE rs.indicator_code IN (SELECT unnest($codes))
  AND unit_at_or_below(rs.org_code, $org)
  AND rs.period_start = latest_due_period(CAST($month AS DATE), i.frequency, i.lag_periods)
GROUP BY ALL
ORDER BY missing DESC, late DESC, provisional DESC, rs.indicator_code;

-- name: briefing_portfolio_directorates
-- The directorates that own the indicators of cabinet portfolio $portfolio, most indicators first: a portfolio pack
-- shows the money, people and risks of the first.
-- access: council
SELECT u.code AS org_code, u.name, count(*) AS indicators
FROM indicator AS i
JOIN org_unit AS u ON u.code = i.directorate_code
WHERE i.portfolio = $portfolio
GROUP BY u.code, u.name, u.sort_order
ORDER BY indicators DESC, u.sort_order, u.code;
