-- Derive `exception_base`: every indicator × unit × period that is an
-- exception — red or amber against target, special-cause concern on its SPC
-- chart, or a return that is missing or late — with what the exceptions page
-- needs to rank and describe it.  Run once per data build after rollup.sql,
-- return_status.sql and the SPC step (spc_status).
--
-- Ranking (materiality × persistence), stated on the page:
--   severity  red 3, amber 1.5, special-cause concern +2, missing return +1, late +0.5
--   distance  how far worse than target, as a share of the target (capped at 1), counts twice
--   reach     1 + log10(1 + people affected: the denominator of a rate, else the value)
--   spread    1 + the share of the reporting units below that are off target
--   persistence 1 + 0.2 per earlier consecutive period as an exception (up to 6)

DELETE FROM exception_base;

CREATE OR REPLACE TEMP TABLE exception_spread AS
-- How many of the reporting units below each unit are off target (red or amber)
-- out of those that reported against a target.
SELECT
    r.indicator_code, a.ancestor_code AS org_code, r.period_start,
    count(*) FILTER (WHERE r.rag IN ('red', 'amber')) AS units_off_target,
    count(*) FILTER (WHERE r.rag IN ('red', 'amber', 'green')) AS units_rated
FROM rollup AS r
JOIN indicator_unit AS iu ON iu.indicator_code = r.indicator_code AND iu.org_code = r.org_code
JOIN org_ancestor AS a ON a.org_code = r.org_code AND a.depth > 0
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE exception_next AS
-- For each reported period, the next period reported for the same indicator
-- and unit: a lagged indicator's due period is superseded once a later value
-- has arrived (the scorecard then shows that one).
SELECT indicator_code, org_code, period_start,
       lead(period_start) OVER (PARTITION BY indicator_code, org_code ORDER BY period_start) AS next_reported
FROM rollup;

INSERT INTO exception_base
WITH
judged AS (
    SELECT
        r.indicator_code, r.org_code, r.period_start,
        r.rag, r.display_value AS value, r.target,
        CASE WHEN r.rag IN ('red', 'amber') THEN
            abs(r.display_value - r.target) / nullif(abs(r.target), 0)
        END AS distance,
        coalesce(r.denominator, abs(r.value)) AS people,
        s.point_type = 'concern' AS concern,
        s.concern_since
    FROM rollup AS r
    LEFT JOIN spc_status AS s USING (indicator_code, org_code, period_start)
    WHERE r.rag IN ('red', 'amber') OR s.point_type = 'concern'
),
returns AS (
    SELECT indicator_code, org_code, period_start, status AS return_status, working_days_late
    FROM return_status
    WHERE status <> 'on_time'
),
combined AS (
    SELECT
        coalesce(j.indicator_code, rt.indicator_code) AS indicator_code,
        coalesce(j.org_code, rt.org_code) AS org_code,
        coalesce(j.period_start, rt.period_start) AS period_start,
        coalesce(j.rag, CASE WHEN rt.return_status = 'missing' THEN 'no_data' END) AS rag,
        j.value, j.target, j.distance, j.people,
        coalesce(j.concern, false) AS concern, j.concern_since,
        rt.return_status, rt.working_days_late
    FROM judged AS j
    FULL OUTER JOIN returns AS rt USING (indicator_code, org_code, period_start)
),
with_rag AS (
    -- a late return's unit may be green: give it its RAG from the rollup
    SELECT c.* REPLACE (coalesce(c.rag, r.rag) AS rag, coalesce(c.value, r.display_value) AS value,
                        coalesce(c.target, r.target) AS target)
    FROM combined AS c
    LEFT JOIN rollup AS r USING (indicator_code, org_code, period_start)
),
islands AS (
    SELECT
        w.*,
        i.frequency,
        (year(w.period_start) * 12 + month(w.period_start))
            // CASE i.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END AS period_number
    FROM with_rag AS w
    JOIN indicator AS i ON i.code = w.indicator_code
),
numbered AS (
    -- consecutive periods share period_number - row_number (gaps and islands)
    SELECT *, period_number - row_number() OVER (PARTITION BY indicator_code, org_code ORDER BY period_start) AS island
    FROM islands
),
rag_numbered AS (
    -- the same again for an unbroken run of one colour ("red for the 3rd month")
    SELECT *, period_number - row_number() OVER (PARTITION BY indicator_code, org_code, rag ORDER BY period_start) AS rag_island
    FROM numbered
),
streaks AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY indicator_code, org_code, island ORDER BY period_start) AS streak,
        row_number() OVER (PARTITION BY indicator_code, org_code, rag, rag_island ORDER BY period_start) AS rag_streak
    FROM rag_numbered
)
SELECT
    s.indicator_code, s.org_code, u.level, s.period_start,
    s.rag, s.value, s.target, s.distance, s.concern, s.concern_since,
    s.return_status, s.working_days_late,
    sp.units_off_target, sp.units_rated, s.people, s.streak, s.rag_streak, nx.next_reported,
    list_filter([
        CASE WHEN s.rag = 'red' THEN 'red' END,
        CASE WHEN s.rag = 'amber' THEN 'amber' END,
        CASE WHEN s.concern THEN 'concern' END,
        s.return_status
    ], lambda x: x IS NOT NULL) AS reasons,
    (CASE s.rag WHEN 'red' THEN 3 WHEN 'amber' THEN 1.5 ELSE 0 END
        + CASE WHEN s.concern THEN 2 ELSE 0 END
        + CASE s.return_status WHEN 'missing' THEN 1 WHEN 'late' THEN 0.5 ELSE 0 END
        + 2 * least(coalesce(s.distance, 0), 1))
    * (1 + log10(1 + coalesce(s.people, 0)))
    * (1 + coalesce(sp.units_off_target / nullif(sp.units_rated, 0), 0))
    * (1 + 0.2 * least(s.streak - 1, 6)) AS score
FROM streaks AS s
JOIN org_unit AS u ON u.code = s.org_code
LEFT JOIN exception_spread AS sp USING (indicator_code, org_code, period_start)
LEFT JOIN exception_next AS nx USING (indicator_code, org_code, period_start)
ORDER BY s.period_start, score DESC;

DROP TABLE exception_spread;
DROP TABLE exception_next;
