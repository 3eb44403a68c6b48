-- name: exceptions
-- Every exception at unit $org or below for month $month — red, amber, special-cause concern, missing or late return —
-- at the period the scorecard shows, plus those resolved since the previous period; filtered by $directorate, $theme,
-- $portfolio and $reason ('' for all) and ranked by score: $limit rows (NULL for all) from row $offset, each with its
-- owner and latest commentary. Every row also carries the totals of the whole filtered list (open, resolved, and open
-- by reason); when the page is empty a single row with NULL indicator_code still carries them. Each row names its root
-- (root_org_code: the highest unit at or above it, within $org, up to which every unit on the way is an exception of
-- the same indicator, open or resolved alike) and how many units that root's exception covers (units_affected); with
-- $grouped only the roots are listed and counted, each with the units it covers (affected: names, levels and RAG,
-- highest first), and units_total counts the units they cover.
-- access: unit(org, directorate)
WITH RECURSIVE
scope AS (
    SELECT org_code FROM units_at_or_below($org)
),
chosen AS (
    SELECT
        i.*,
        latest_due_period(CAST($month AS DATE), i.frequency, 0) AS ended,
        latest_due_period(CAST($month AS DATE), i.frequency, i.lag_periods) AS due,
        CAST(latest_due_period(CAST($month AS DATE), i.frequency, 0)
             - to_months(CASE i.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END) AS DATE) AS previous
    FROM indicator AS i
    WHERE ($theme = '' OR i.theme = $theme)
      AND ($portfolio = '' OR i.portfolio = $portfolio)
      AND ($directorate = '' OR i.directorate_code = $directorate)
),
recent AS MATERIALIZED (
    -- only what ranking and counting need: the other columns are read for the page's rows alone
    SELECT e.indicator_code, e.org_code, e.period_start, e.next_reported, e.streak, e.reasons, e.score,
           c.ended, c.due, c.previous
    FROM exception_base AS e
    JOIN chosen AS c ON c.code = e.indicator_code
    WHERE e.period_start BETWEEN CAST($month AS DATE) - INTERVAL 36 MONTH AND CAST($month AS DATE)
      AND e.period_start IN (c.ended, c.due, c.previous)
      AND e.org_code IN (SELECT org_code FROM scope)
),
current AS (
    -- the period the scorecard shows: the latest ended period, or for data
    -- published in arrears the period due, unless a later value has arrived
    SELECT r.*
    FROM recent AS r
    WHERE r.period_start = r.ended
       OR (r.period_start = r.due AND r.due < r.ended AND not_yet_on(r.next_reported, r.ended))
),
resolved AS (
    SELECT r.*
    FROM recent AS r
    WHERE r.period_start = r.previous
      AND NOT EXISTS (SELECT 1 FROM current AS c WHERE c.indicator_code = r.indicator_code AND c.org_code = r.org_code)
),
listed AS (
    SELECT *, CASE WHEN streak = 1 THEN 'new' ELSE 'persistent' END AS state FROM current
    UNION ALL
    SELECT * REPLACE (0.0 AS score), 'resolved' AS state FROM resolved
),
filtered_units AS (
    SELECT *, state = 'resolved' AS gone FROM listed WHERE $reason = '' OR list_contains(reasons, $reason)
),
listed_units AS (
    -- a unit can have two rows: the period due, published in arrears, and the latest ended period
    SELECT DISTINCT indicator_code, org_code, gone FROM filtered_units
),
parent_listed AS (
    -- each listed unit with its parent when that is listed too, for the same indicator and open or resolved alike;
    -- $org's own parent is outside the list
    SELECT f.indicator_code, f.org_code, f.gone, p.org_code AS parent_code
    FROM listed_units AS f
    JOIN org_unit AS u ON u.code = f.org_code
    LEFT JOIN listed_units AS p
      ON p.indicator_code = f.indicator_code AND p.gone = f.gone AND p.org_code = u.parent_code
     AND f.org_code <> $org
),
rooting AS (
    -- the root cause: the highest unit reached through units that are all exceptions of this indicator. Walked down
    -- from the units whose parent is not listed, so each unit is visited once (the tree is at most four levels deep)
    SELECT indicator_code, org_code, gone, org_code AS root_org_code FROM parent_listed WHERE parent_code IS NULL
    UNION ALL
    SELECT c.indicator_code, c.org_code, c.gone, r.root_org_code
    FROM rooting AS r
    JOIN parent_listed AS c ON c.parent_code = r.org_code AND c.indicator_code = r.indicator_code AND c.gone = r.gone
),
rooted AS (
    SELECT f.*, r.root_org_code, n.units_affected
    FROM filtered_units AS f
    JOIN rooting AS r USING (indicator_code, org_code, gone)
    JOIN (SELECT indicator_code, root_org_code, gone, count(*) AS units_affected FROM rooting GROUP BY ALL) AS n
      USING (indicator_code, root_org_code, gone)
),
filtered AS (
    SELECT * EXCLUDE (gone) FROM rooted WHERE NOT $grouped OR org_code = root_org_code
),
totals AS (
    SELECT
        (SELECT count(*) FROM rooting WHERE NOT gone) AS units_total,
        count(*) FILTER (WHERE state <> 'resolved') AS open_total,
        count(*) FILTER (WHERE state = 'resolved') AS resolved_total,
        count(*) FILTER (WHERE state <> 'resolved' AND list_contains(reasons, 'red')) AS red_total,
        count(*) FILTER (WHERE state <> 'resolved' AND list_contains(reasons, 'amber')) AS amber_total,
        count(*) FILTER (WHERE state <> 'resolved' AND list_contains(reasons, 'concern')) AS concern_total,
        count(*) FILTER (WHERE state <> 'resolved' AND list_contains(reasons, 'missing')) AS missing_total,
        count(*) FILTER (WHERE state <> 'resolved' AND list_contains(reasons, 'late')) AS late_total
    FROM filtered
),
page AS (
    -- ranked and cut before anything is joined to the rows, so a page of a long list stays cheap
    SELECT * FROM filtered
    ORDER BY state = 'resolved', score DESC, indicator_code, org_code
    LIMIT $limit OFFSET $offset
),
page_rows AS (
    SELECT e.* REPLACE (p.score AS score), p.state, p.root_org_code, p.units_affected
    FROM page AS p
    JOIN exception_base AS e USING (indicator_code, org_code, period_start)
),
affected AS (
    -- the units each listed root's exception covers, highest first (nested under it on the page)
    SELECT r.indicator_code, r.root_org_code, r.state = 'resolved' AS gone,
           list({'org_code': r.org_code, 'org_name': u.name, 'level': u.level, 'rag': e.rag}
                ORDER BY CASE u.level WHEN 'council' THEN 0 WHEN 'directorate' THEN 1 WHEN 'service' THEN 2 ELSE 3 END,
                         u.name) AS affected
    FROM (
        -- a unit with two rows (a period in arrears and the latest) is one unit: its latest row
        SELECT * FROM rooted
        WHERE $grouped AND (indicator_code, root_org_code) IN (SELECT (indicator_code, root_org_code) FROM page_rows)
        QUALIFY row_number() OVER (PARTITION BY indicator_code, org_code, gone ORDER BY period_start DESC) = 1
    ) AS r
    JOIN org_unit AS u ON u.code = r.org_code
    JOIN exception_base AS e USING (indicator_code, org_code, period_start)
    GROUP BY ALL
),
latest_commentary AS (
    SELECT c.indicator_code, c.org_code,
           arg_max(c, (c.period_start, c.written_at)) AS latest
    FROM commentary AS c
    WHERE c.period_start <= CAST($month AS DATE)
      AND (c.indicator_code, c.org_code) IN (SELECT (indicator_code, org_code) FROM page_rows)
    GROUP BY ALL
)
SELECT
    l.indicator_code, i.name AS indicator_name, l.org_code, u.name AS org_name, l.level,
    l.period_start, i.frequency, i.unit, i.decimals, i.polarity, i.scale, i.theme, i.portfolio, i.owner,
    i.directorate_code,
    l.state, l.rag, l.value, l.target, l.distance, l.concern, l.concern_since,
    l.return_status, l.working_days_late, l.units_off_target, l.units_rated, l.people,
    l.streak, l.rag_streak, l.reasons, l.score, l.root_org_code, l.units_affected, af.affected,
    lc.latest.period_start AS commentary_period, lc.latest.text AS commentary, lc.latest.action AS action,
    lc.latest.action_owner AS action_owner, lc.latest.recovery_date AS recovery_date,
    t.*
FROM totals AS t
LEFT JOIN page_rows AS l ON true
LEFT JOIN indicator AS i ON i.code = l.indicator_code
LEFT JOIN org_unit AS u ON u.code = l.org_code
LEFT JOIN latest_commentary AS lc USING (indicator_code, org_code)
LEFT JOIN affected AS af
       ON af.indicator_code = l.indicator_code AND af.root_org_code = l.root_org_code
          AND af.gone = (l.state = 'resolved')
ORDER BY l.state = 'resolved', l.score DESC, l.indicator_code, l.org_code;

-- name: exception_filters
-- The choices for the exceptions page's filters: directorates, themes and portfolios.
-- access: public
SELECT 'directorate' AS kind, code AS value, name AS label FROM org_unit WHERE level = 'directorate'
UNION ALL
SELECT DISTINCT 'theme', theme, theme FROM indicator
UNION ALL
SELECT DISTINCT 'portfolio', portfolio, portfolio FROM indicator
ORDER BY kind, label;
