"""Figures as they stood: every row the pages read, tagged with the releases it was valid in.

    record(con, release, carried)   # from releases.record, after the derived tables

For each table of a release (``TABLES``: whatever the pages read that an extract or a derivation can change)
``history.<table>`` holds the table's columns plus ``valid_from`` and ``valid_to`` (release ids, both
inclusive; ``valid_to`` NULL while the row is still current).  A build carries the history of the database
it replaces: a current row whose content is in the new table stays current (its ``valid_from`` kept); one
that is not is closed at the previous release; a row not seen before opens at this one.  Rows are compared
by a fingerprint of their content (doubles as single precision, so the last bits of a sum taken in another
order do not count as a change).  Exact duplicate rows count once in the comparison.

``as_at.<table>`` is a view of the history at the release in the connection's ``as_at_release`` variable,
with the table's own columns in its order; ``as_at.release``, ``as_at.restatement`` and
``as_at.figure_restatement`` keep the releases up to it.  The query runner puts ``as_at`` before ``main`` on
the search path of a request that looks back (dashboard/db.py), so the pages' queries run unchanged."""

from __future__ import annotations

# What the pages read that a release can change.  Published statistics (data.ingest) are not releases'.
TABLES = ("build_info", "data_source", "org_unit", "org_ancestor", "calendar",
          "indicator", "indicator_unit", "measure", "target", "commentary",
          "rollup", "spc_status", "return_status", "return_summary", "exception_base", "forecast_calibration",
          "finance_category", "finance", "workforce", "feedback_theme", "feedback", "district", "survey_theme",
          "survey_result", "outcome_pair", "risk_appetite", "risk", "risk_review",
          "finance_rollup", "workforce_rollup", "feedback_rollup", "risk_status", "risk_rollup",
          "casework_category", "casework_case", "casework_staffing",
          "indicator_published", "partner", "partner_indicator")
# Tables that are themselves a record of releases: kept up to the release looked at.
BY_RELEASE = ("release", "restatement", "figure_restatement")


def record(con, release: int, carried: bool) -> dict[str, int]:
    """Write ``history.*`` and ``as_at.*`` on ``con`` (the new database, ``previous`` attached when
    ``carried``); returns how many rows opened and closed at this release."""
    con.execute("CREATE SCHEMA IF NOT EXISTS history")
    con.execute("CREATE SCHEMA IF NOT EXISTS as_at")
    opened = closed = 0
    for table in TABLES:
        columns = _columns(con, _catalog(con), table)
        if not columns:
            continue
        names = ", ".join(_quote(c) for c, _ in columns)
        con.execute(f"CREATE TABLE history.{table} AS SELECT {names}, NULL::INTEGER AS valid_from, "
                    f"NULL::INTEGER AS valid_to FROM main.{table} LIMIT 0")
        if carried and _same_columns(con, table, columns):
            o, c = _carry(con, table, columns, release)
            opened, closed = opened + o, closed + c
        else:
            opened += con.execute(f"INSERT INTO history.{table} SELECT {names}, $r, NULL FROM main.{table}",
                                  {"r": release}).fetchall()[0][0]
        con.execute(f"CREATE VIEW as_at.{table} AS SELECT {names} FROM history.{table} "
                    "WHERE valid_from <= getvariable('as_at_release') "
                    "AND coalesce(valid_to, 2147483647) >= getvariable('as_at_release')")
        _comment(con, table)
    for table in BY_RELEASE:
        con.execute(f"CREATE VIEW as_at.{table} AS SELECT * FROM main.{table} "
                    "WHERE release_id <= getvariable('as_at_release')")
        con.execute(f"COMMENT ON VIEW as_at.{table} IS 'main.{table} up to the release "
                    "getvariable(''as_at_release''): what ?as_at= pages read.'")
        _copy_comments(con, table, ("as_at",))
    return {"history_opened": opened, "history_closed": closed}


def _carry(con, table: str, columns: list[tuple[str, str]], release: int) -> tuple[int, int]:
    """The previous history, its current rows closed unless still present, and the rows new at ``release``."""
    names = ", ".join(_quote(c) for c, _ in columns)
    fingerprint = _fingerprint(columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE fp_new AS SELECT DISTINCT {fingerprint} AS h FROM main.{table}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE fp_old AS SELECT DISTINCT {fingerprint} AS h "
                f"FROM previous.history.{table} WHERE valid_to IS NULL")
    con.execute(f"INSERT INTO history.{table} SELECT {names}, valid_from, valid_to "
                f"FROM previous.history.{table} WHERE valid_to IS NOT NULL")
    con.execute(f"""
        INSERT INTO history.{table}
        SELECT {names}, valid_from, CASE WHEN {fingerprint} IN (SELECT h FROM fp_new) THEN NULL ELSE $before END
        FROM previous.history.{table} WHERE valid_to IS NULL""", {"before": release - 1})
    opened = con.execute(f"""
        INSERT INTO history.{table}
        SELECT {names}, $r, NULL FROM main.{table}
        WHERE {fingerprint} NOT IN (SELECT h FROM fp_old)""", {"r": release}).fetchall()[0][0]
    closed = con.execute(f"SELECT count(*) FROM history.{table} WHERE valid_to = $before",
                         {"before": release - 1}).fetchall()[0][0]
    con.execute("DROP TABLE fp_new")
    con.execute("DROP TABLE fp_old")
    return opened, closed


def _fingerprint(columns: list[tuple[str, str]]) -> str:
    parts = [f"{_quote(c)}::FLOAT" if t == "DOUBLE" else _quote(c) for c, t in columns]
    return f"hash({', '.join(parts)})"


def _catalog(con) -> str:
    return con.execute("SELECT current_database()").fetchall()[0][0]


def _columns(con, catalog: str, table: str, schema: str = "main") -> list[tuple[str, str]]:
    return [tuple(r) for r in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $d AND schema_name = $s "
        "AND table_name = $t ORDER BY column_index", {"d": catalog, "s": schema, "t": table}).fetchall()]


def _same_columns(con, table: str, columns: list[tuple[str, str]]) -> bool:
    """Whether the previous history of ``table`` has this table's columns (a schema change starts it again)."""
    before = _columns(con, "previous", table, "history")
    return before == columns + [("valid_from", "INTEGER"), ("valid_to", "INTEGER")]


def _comment(con, table: str) -> None:
    """The table's own column comments on its history and its view, and what they add (the catalogue
    documents itself)."""
    con.execute(f"COMMENT ON TABLE history.{table} IS 'Every row main.{table} has had in a release, with the "
                f"releases it was valid in (figures as they stood: as_at.{table} shows one release).'")
    con.execute(f"COMMENT ON VIEW as_at.{table} IS 'main.{table} as it stood in the release "
                "getvariable(''as_at_release''): what ?as_at= pages read.'")
    _copy_comments(con, table, ("history", "as_at"))
    con.execute(f"COMMENT ON COLUMN history.{table}.valid_from IS 'The first release (release.release_id) this "
                "row was in.'")
    con.execute(f"COMMENT ON COLUMN history.{table}.valid_to IS 'The last release it was in; NULL while it is "
                "current.'")


def _copy_comments(con, table: str, schemas: tuple[str, ...]) -> None:
    for column, comment in con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = $t AND comment IS NOT NULL", {"t": table}).fetchall():
        for schema in schemas:
            con.execute(f"COMMENT ON COLUMN {schema}.{table}.{_quote(column)} IS {_literal(comment)}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

