"""Each build is a release, dated by the day its extract was taken.  A return
whose value differs from the one the previous release published is a
restatement: both values are kept (``restatement``), and so are both values
of every figure it moved (``figure_restatement``, from the two rollups).  Every row the pages read is
kept with the releases it was valid in (data/build/history.py), so any page can be shown as at a release.

    record(con, previous, about)   # after the derived tables are built

The history is carried from the database the build replaces when it is the
same council's (same name; for the demo, the same preset and seed): a
different council, or another demo, starts a history of its own."""

from __future__ import annotations

from pathlib import Path

from data.build import history

KEY = ("indicator_code", "org_code", "period_start")


def record(con, previous: Path | None, about: dict) -> dict[str, int]:
    carried = previous is not None and _same_history(con, previous, about)
    if carried:
        con.execute("ATTACH $path AS previous (READ_ONLY)", {"path": str(previous)})
    try:
        if carried:
            for table in ("release", "restatement", "figure_restatement"):
                if _has(con, "previous", table):
                    con.execute(f"INSERT INTO main.{table} SELECT * FROM previous.main.{table}")
        release = con.execute("SELECT coalesce(max(release_id), 0) + 1 FROM release").fetchall()[0][0]
        params = {"release": release, "on": about["released_on"]}
        if carried:
            con.execute("""
                INSERT INTO restatement
                SELECT o.indicator_code, o.org_code, o.period_start, $release, $on,
                       o.numerator, o.denominator, o.value, o.received_at,
                       n.numerator, n.denominator, n.value, n.received_at
                FROM previous.main.measure AS o
                LEFT JOIN main.measure AS n USING (indicator_code, org_code, period_start)
                WHERE n.value IS NULL
                   OR round(o.value, 9) <> round(n.value, 9)
                   OR round(o.numerator, 9) IS DISTINCT FROM round(n.numerator, 9)
                   OR round(o.denominator, 9) IS DISTINCT FROM round(n.denominator, 9)""", params)
            con.execute("""
                INSERT INTO figure_restatement
                SELECT o.indicator_code, o.org_code, o.period_start, $release, $on,
                       o.display_value, n.display_value, o.rag, n.rag
                FROM previous.main.rollup AS o
                LEFT JOIN main.rollup AS n USING (indicator_code, org_code, period_start)
                WHERE round(o.display_value, 9) IS DISTINCT FROM round(n.display_value, 9)""", params)
        counts = con.execute("""
            SELECT (SELECT count(*) FROM measure),
                   (SELECT count(*) FROM restatement WHERE release_id = $release),
                   (SELECT count(*) FROM figure_restatement WHERE release_id = $release)""",
                             {"release": release}).fetchall()[0]
        con.execute("INSERT INTO release VALUES ($release, $on, $at, $returns, $returns_restated, $figures)",
                    {**params, "at": about["built_at"], "returns": counts[0], "returns_restated": counts[1],
                     "figures": counts[2]})
        kept = history.record(con, release, carried)
        return {"release": release, "restated_returns": counts[1], "restated_figures": counts[2], **kept}
    finally:
        if carried:
            con.execute("DETACH previous")


def _has(con, database: str, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = $d AND table_name = $t",
                            {"d": database, "t": table}).fetchall()[0][0])


def _same_history(con, previous: Path, about: dict) -> bool:
    """Whether the database being replaced holds an earlier release of the same council's figures."""
    con.execute("ATTACH $path AS earlier (READ_ONLY)", {"path": str(previous)})
    try:
        if not (_has(con, "earlier", "build_info") and _has(con, "earlier", "measure")):
            return False
        rows = con.execute("SELECT council_name, preset, seed FROM earlier.main.build_info").fetchall()
        return bool(rows) and rows[0] == (about["council_name"], about["preset"], about["seed"])
    finally:
        con.execute("DETACH earlier")
