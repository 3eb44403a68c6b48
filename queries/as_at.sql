-- name: release_list
-- access: public
-- Every release of the database (release_id, released_on), oldest first, and whether it keeps the history that
-- figures as at an earlier day are read from (history_kept: the schema data/build/history.py writes).  Read
-- from the current release, whatever day a request looks at (dashboard/asat.py resolves the day with it).
WITH kept AS (
    SELECT count(*) > 0 AS history_kept
    FROM duckdb_schemas()
    WHERE database_name = current_database() AND schema_name = 'history'
)
SELECT r.release_id, r.released_on, k.history_kept
FROM kept AS k
LEFT JOIN main.release AS r ON true
ORDER BY r.release_id;
