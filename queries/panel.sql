-- name: resources_panel
-- For unit $org, month $month and the month before (column month): net budget and forecast outturn; sickness days over
-- 12 months and average FTE (excluding schools' staff where the unit has others), establishment and FTE; complaints
-- received over the 12 months; risks above appetite (amber or red) on its registers and those below; and the county's
-- overall satisfaction in the latest survey quarter ended by then.
-- access: unit(org)
WITH
months AS (
    SELECT CAST($month AS DATE) AS month
    UNION ALL
    SELECT CAST(CAST($month AS DATE) - INTERVAL 1 MONTH AS DATE)
),
money AS (
    SELECT month, current_budget, forecast_outturn FROM finance_rollup
    WHERE org_code = $org AND category = 'total' AND month IN (SELECT month FROM months)
),
staff AS (
    SELECT month, arg_min(scope, scope = 'all') AS staff_scope,
           arg_min(sickness_short_days_12m + sickness_long_days_12m, scope = 'all') AS sickness_days_12m,
           arg_min(fte_avg_12m, scope = 'all') AS fte_avg_12m,
           arg_min(months_12m, scope = 'all') AS months_12m,
           arg_min(fte, scope = 'all') AS fte,
           arg_min(establishment_fte, scope = 'all') AS establishment_fte,
           arg_min(vacant_fte, scope = 'all') AS vacant_fte
    FROM workforce_rollup
    WHERE org_code = $org AND month IN (SELECT month FROM months)
    GROUP BY month
),
complaints AS (
    SELECT m.month, sum(f.received) AS complaints_12m
    FROM months AS m
    JOIN feedback_rollup AS f
      ON f.org_code = $org AND f.type = 'complaint'
     AND f.month BETWEEN m.month - INTERVAL 11 MONTH AND m.month
    GROUP BY m.month
),
risks AS (
    SELECT month, red + amber AS risks_above_appetite, risks FROM risk_rollup
    WHERE org_code = $org AND month IN (SELECT month FROM months)
),
survey AS (
    SELECT m.month,
           arg_max(s.satisfied_sum / s.respondents_sum, s.quarter_start) AS satisfaction,
           max(s.quarter_start) AS survey_quarter
    FROM months AS m
    JOIN (SELECT quarter_start, sum(satisfied) AS satisfied_sum, sum(respondents) AS respondents_sum
          FROM survey_result WHERE theme_code = 'OVERALL' GROUP BY quarter_start) AS s
      ON s.quarter_start + INTERVAL 2 MONTH <= m.month
    GROUP BY m.month
)
SELECT m.month, money.current_budget, money.forecast_outturn,
       staff.staff_scope, staff.sickness_days_12m, staff.fte_avg_12m, staff.months_12m, staff.fte,
       staff.establishment_fte,
       staff.vacant_fte,
       coalesce(complaints.complaints_12m, 0) AS complaints_12m,
       coalesce(risks.risks_above_appetite, 0) AS risks_above_appetite, coalesce(risks.risks, 0) AS risks,
       survey.satisfaction, survey.survey_quarter
FROM months AS m
LEFT JOIN money USING (month)
LEFT JOIN staff USING (month)
LEFT JOIN complaints USING (month)
LEFT JOIN risks USING (month)
LEFT JOIN survey USING (month)
ORDER BY m.month DESC;

-- name: panel_satisfaction
-- The scorecard's residents' satisfaction (CS-RESIDENT-SAT at the council, the county survey) for month $month and the
-- month before (column month): the value in percent of the latest survey quarter ended by then and that quarter's first
-- month, so that the panel's tile and the scorecard row are one number.
-- access: council
WITH
months AS (
    SELECT CAST($month AS DATE) AS month
    UNION ALL
    SELECT CAST(CAST($month AS DATE) - INTERVAL 1 MONTH AS DATE)
),
quarters AS (
    SELECT period_start, period_last_month, display_value
    FROM rollup
    WHERE indicator_code = 'CS-RESIDENT-SAT' AND org_code = (SELECT code FROM org_unit WHERE level = 'council')
)
SELECT m.month, arg_max(q.display_value, q.period_start) AS satisfaction_pct, max(q.period_start) AS survey_quarter
FROM months AS m
JOIN quarters AS q ON q.period_last_month <= m.month
GROUP BY m.month
ORDER BY m.month DESC;
