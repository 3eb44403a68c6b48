"""Validate a staged extract: every problem at once, each with its file, line
or cell, column and a plain reason.

1. Field checks, compiled from the Table Schemas of
   data/build/extract/datapackage.json (type, required, enum, minimum and
   maximum, primary key, foreign keys) into one vectorised SQL pass a table,
   so 23 million returns are checked in seconds, not row by row.
2. Typed copies of the tables (``main`` of the staging database, named as the
   database's own tables, with ``_line``), then the cross-table rules of
   data/build/rules.sql: the tree, the financial calendar, proportions,
   counts, who returns what, sign conventions, case dates; and the warnings
   (values outside their SPC limits, jumps).

    problems = check(con, sources, progress)   # con: the staging database"""

from __future__ import annotations

import re
from pathlib import Path

from data.build import extract
from data.build.problems import Problem
from data.build.read import Source

RULES = Path(__file__).resolve().parent / "rules.sql"
SHOWN = 40          # problems shown of each kind before "and N more like these"


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name + '"'


def _shown(col: str) -> str:
    """The value as the reason quotes it (long values cut)."""
    return f"'''' || left({col}, 40) || ''''"


def typed_expr(field: extract.Field, col: str) -> str:
    """The value as its Table Schema type (NULL when it is not one)."""
    if field.type == "integer":
        return f"TRY_CAST({col} AS BIGINT)"
    if field.type == "number":
        return f"CASE WHEN isfinite(TRY_CAST({col} AS DOUBLE)) THEN TRY_CAST({col} AS DOUBLE) END"
    if field.type == "date":
        return f"CAST(try_strptime({col}, '%Y-%m-%d') AS DATE)"
    if field.type == "datetime":
        return (f"coalesce(try_strptime({col}, '%Y-%m-%d %H:%M:%S'), try_strptime({col}, '%Y-%m-%dT%H:%M:%S'), "
                f"try_strptime({col}, '%Y-%m-%d %H:%M'), try_strptime({col}, '%Y-%m-%d'))")
    if field.type == "boolean":
        trues = ", ".join(_lit(v) for v in field.true_values)
        falses = ", ".join(_lit(v) for v in field.false_values)
        return f"CASE WHEN {col} IN ({trues}) THEN TRUE WHEN {col} IN ({falses}) THEN FALSE END"
    if field.enum:  # a value not allowed is unknown to the rules (reported once, by the field check)
        return f"CASE WHEN {col} IN ({', '.join(_lit(v) for v in field.enum)}) THEN {col} END"
    if field.type == "yearmonth":
        return f"CAST(try_strptime(left({col}, 7) || '-01', '%Y-%m-%d') AS DATE)"
    return col


_TYPE_REASON = {
    "integer": "is not a whole number",
    "number": "is not a number",
    "date": "is not a date (write YYYY-MM-DD, e.g. 2026-09-30)",
    "datetime": "is not a date and time (write YYYY-MM-DD HH:MM:SS)",
    "boolean": "is not true or false",
    "yearmonth": "is not a month (write YYYY-MM, e.g. 2026-09)",
}


def _cell_checks(field: extract.Field) -> list[tuple[str, str]]:
    """(condition, reason SQL) pairs for one column; a condition true means a problem."""
    col = _q(field.name)
    out = []
    if field.required:
        out.append((f"{col} IS NULL", _lit("is empty: a value is required")))
    if field.type in _TYPE_REASON:
        bad = f"{col} IS NOT NULL AND {typed_expr(field, col)} IS NULL"
        if field.type == "yearmonth":
            bad = f"{col} IS NOT NULL AND NOT regexp_full_match({col}, '\\d{{4}}-(0[1-9]|1[0-2])(-01)?')"
        out.append((bad, f"{_shown(col)} || ' {_TYPE_REASON[field.type]}'"))
    if field.enum:
        allowed = ", ".join(_lit(v) for v in field.enum)
        out.append((f"{col} IS NOT NULL AND {col} NOT IN ({allowed})",
                    f"{_shown(col)} || {_lit(' is not one of: ' + ', '.join(field.enum))}"))
    typed = typed_expr(field, col)
    if field.minimum is not None:
        below = "is negative" if field.minimum == 0 else f"is below {field.minimum:g}"
        out.append((f"{typed} < {field.minimum}", f"{_shown(col)} || {_lit(' ' + below + ': it cannot be')}"
                                                    f" || {_lit(' below 0' if field.minimum == 0 else '')}"))
    if field.maximum is not None:
        out.append((f"{typed} > {field.maximum}", f"{_shown(col)} || {_lit(f' is above {field.maximum:g}')}"))
    return out


def field_problems_sql(res: extract.Resource) -> str:
    """One scan of raw.<table>: (line, column, reason) for every cell that breaks its field's rules."""
    items = []
    for field in res.fields:
        for condition, reason in _cell_checks(field):
            items.append(f"CASE WHEN {condition} THEN {{'col': {_lit(field.name)}, 'reason': {reason}}} END")
    if not items:
        return ""
    found = "list_filter([" + ", ".join(items) + "], lambda x: x IS NOT NULL)"
    return (f"SELECT _line, f.col, f.reason FROM (SELECT _line, unnest(found) AS f FROM "
            f"(SELECT _line, {found} AS found FROM raw.{res.name}) WHERE len(found) > 0) ORDER BY _line")


def key_problems_sql(res: extract.Resource) -> str:
    if not res.primary_key:
        return ""
    keys = ", ".join(_q(k) for k in res.primary_key)
    present = " AND ".join(f"{_q(k)} IS NOT NULL" for k in res.primary_key)
    keys_said = list(res.primary_key)
    said = ", ".join(keys_said[:-1]) + " and " + keys_said[-1] if len(keys_said) > 1 else keys_said[0]
    col = _lit(keys_said[0]) if len(keys_said) == 1 else "NULL"
    return (f"SELECT _line, {col} AS col, 'repeats line ' || first_line || ': the same {said} may appear only once' "
            f"FROM (SELECT _line, first_value(_line) OVER w AS first_line, row_number() OVER w AS n "
            f"FROM raw.{res.name} WHERE {present} WINDOW w AS (PARTITION BY {keys} ORDER BY _line)) "
            f"WHERE n > 1 ORDER BY _line")


def foreign_problems_sql(res: extract.Resource, fk: extract.ForeignKey, sources: dict[str, Source]) -> str:
    ref = sources[fk.resource]
    file = ref.path.name if ref.path else f"{fk.resource}.csv"
    col, target = _q(fk.field), _q(fk.reference)
    return (f"SELECT t._line, {_lit(fk.field)}, 'unknown {fk.reference.replace('_', ' ')} ' || {_shown('t.' + col)} "
            f"|| {_lit(f' (not in {file})')} FROM raw.{res.name} AS t "
            f"WHERE t.{col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM raw.{fk.resource} AS r "
            f"WHERE r.{target} = t.{col}) ORDER BY t._line")


def check(con, sources: dict[str, Source], progress=lambda step, rows=None: None) -> list[Problem]:
    """Every problem of the staged extract (``raw`` schema): field checks, then the rules on typed tables."""
    problems: list[Problem] = []
    for res in extract.resources():
        source = sources[res.name]
        queries = [field_problems_sql(res), key_problems_sql(res)]
        # codes are not looked up in a file that could not be read: its own error says what is wrong
        queries += [foreign_problems_sql(res, fk, sources) for fk in res.foreign_keys if sources[fk.resource].readable]
        for sql in filter(None, queries):
            problems += [Problem.error(source.where(line, col), reason, col)
                         for line, col, reason in con.execute(sql).fetchall()]
        progress(f"checked {source.path.name if source.path else res.name}", source.rows)
    make_typed(con)
    progress("typed tables made")
    problems += run_rules(con, sources)
    progress("cross-table rules checked")
    return problems


def make_typed(con) -> None:
    """main.<table> of the staging database: each table's values as their types, with _line."""
    for res in extract.resources():
        cols = ", ".join(f"{typed_expr(f, _q(f.name))} AS {_q(f.name)}" for f in res.fields)
        con.execute(f"CREATE OR REPLACE TABLE main.{res.name} AS SELECT _line, {cols} FROM raw.{res.name}")


def rules() -> list[tuple[str, str, str]]:
    """(name, severity, sql) of every rule in rules.sql."""
    text = RULES.read_text(encoding="utf-8")
    out = []
    for block in re.split(r"^-- name: ", text, flags=re.MULTILINE)[1:]:
        name, _, body = block.partition("\n")
        severity = re.search(r"^-- severity: (error|warning)$", body, flags=re.MULTILINE)
        out.append((name.strip(), severity.group(1) if severity else "error", body.strip().rstrip(";")))
    return out


def run_rules(con, sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for _name, severity, sql in rules():
        for table, line, column, reason in con.execute(sql).fetchall():
            source = sources[table]
            problems.append(Problem(severity, source.where(line, column), reason, column))
    return problems


def summarise(problems: list[Problem], shown: int = SHOWN) -> list[str]:
    """The lines to print: every problem, except that past ``shown`` of one kind (same file, column and
    reason once values are taken out) the rest are counted."""
    lines, seen = [], {}
    for p in problems:
        shape = re.sub(r"'[^']*'|\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|-?\d+(\.\d+)?(e[+-]\d+)?", "…", p.reason)
        kind = (p.severity, p.where.split(" ")[0], p.column, shape)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= shown:
            lines.append(p.line())
    for kind, n in seen.items():
        if n > shown:
            lines.append(f"{kind[0]}: {kind[1]}: and {n - shown:,} more like the above ({kind[3]})")
    return lines
