-- name: build_info
-- The one row describing this database: council name, preset, months covered, when built, and when the latest return
-- arrived.
-- access: public
WITH
latest_return AS (
    SELECT max(received_at) AS latest_received_at FROM measure
)
SELECT b.*, r.latest_received_at
FROM build_info AS b, latest_return AS r;

-- name: org_unit
-- The unit with code $code (no rows when unknown), with its parent's code.
-- access: unit(code)
SELECT code AS org_code, name, level, parent_code
FROM org_unit
WHERE code = $code;

-- name: org_path
-- The unit $code and its ancestors, council first: the breadcrumb.
-- access: unit(code)
SELECT u.code AS org_code, u.name, u.level, a.depth
FROM org_ancestor AS a
JOIN org_unit AS u ON u.code = a.ancestor_code
WHERE a.org_code = $code
ORDER BY a.depth DESC;

-- name: org_children
-- The direct children of $code in the council's order.
-- access: unit(code)
SELECT code AS org_code, name, level
FROM org_unit
WHERE parent_code = $code
ORDER BY sort_order, name;

-- name: council
-- The council (root of the tree).
-- access: public
SELECT code AS org_code, name, level
FROM org_unit
WHERE level = 'council';

-- name: org_below
-- Every unit at or below $code, the unit itself included: the org units of a manager's scope.
-- access: public
SELECT org_code FROM units_at_or_below($code) ORDER BY org_code;
