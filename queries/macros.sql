-- Idioms the queries share, stated once.  Not named queries (no `-- name:` header): dashboard/db.py
-- creates these macros once on each connection it opens, in the connection's own in-memory catalog
-- (the data file is attached read-only), and puts that catalog last on every cursor's search path.
-- The tables in a macro are looked up where the calling query looks them up, so a request looking
-- back (as_at before main on the search path) reads the org tree as it stood, as the queries do.

-- The org units at or below unit org (org itself included): the subtree of the org tree.
CREATE OR REPLACE MACRO units_at_or_below(org) AS TABLE
    SELECT org_code FROM org_ancestor WHERE ancestor_code = org;

-- Whether unit code is org or a unit below it.
CREATE OR REPLACE MACRO unit_at_or_below(code, org) AS
    code IN (SELECT org_code FROM units_at_or_below(org));

-- Whether something dated on_day (NULL: not yet) had not happened by the end of day.
CREATE OR REPLACE MACRO not_yet_on(on_day, day) AS
    on_day IS NULL OR on_day > day;

-- Whether something that started on started_on and ended on ended_on (NULL: still going) was
-- going at the end of day: a case open, a referral waiting.
CREATE OR REPLACE MACRO open_on(started_on, ended_on, day) AS
    started_on <= day AND not_yet_on(ended_on, day);
