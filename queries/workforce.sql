-- name: workforce_unit
-- The workforce of unit $org (its teams and those below it) at month $month and the month before, for all staff and
-- excluding schools' staff (a unit with only schools below it has no excluding_schools rows).
-- access: unit(org)
SELECT *
FROM workforce_rollup
WHERE org_code = $org
  AND month IN (CAST($month AS DATE), CAST($month AS DATE) - INTERVAL 1 MONTH)
ORDER BY scope, month;

-- name: workforce_units
-- The workforce of each unit directly below $org at month $month (staff $staff: all | excluding_schools); units without
-- staff in the scope have NULL figures.
-- access: unit(org)
WITH
units AS (
    SELECT code AS org_code, name, level, sort_order FROM org_unit WHERE parent_code = $org
),
rows AS (
    SELECT * FROM workforce_rollup
    WHERE month = CAST($month AS DATE) AND scope = $staff
      AND org_code IN (SELECT org_code FROM units)
      -- with IN alone the scan reads every unit's row groups
      AND org_code BETWEEN (SELECT min(org_code) FROM units) AND (SELECT max(org_code) FROM units)
)
SELECT u.org_code, u.name, u.level, w.* EXCLUDE (org_code, scope)
FROM units AS u
LEFT JOIN rows AS w USING (org_code)
ORDER BY u.sort_order, u.name;

-- name: workforce_history
-- Month by month up to $month, unit $org, staff $staff (all | excluding_schools): FTE and days lost in each month, the
-- series of the sickness SPC chart.
-- access: unit(org)
SELECT month, fte, headcount, establishment_fte, vacant_fte, sickness_short_days, sickness_long_days, agency_spend
FROM workforce_rollup
WHERE org_code = $org
  AND scope = $staff
  AND month <= CAST($month AS DATE)
ORDER BY month;
