"""The query runner: bound parameters, the scope seam, a missing or locked
database, and a database replaced by a newer build while serving.

If this broke, a page could show another council unit's data to someone not
allowed to see it, or keep showing yesterday's data after a rebuild."""

import os

import duckdb
import pytest

from dashboard.db import Database, DatabaseUnavailable, Scope
from data.build import schema
from tests.conftest import ROOT


def _make(path, council_name):
    con = duckdb.connect(str(path))
    schema.create(con)
    con.execute("INSERT INTO org_unit VALUES ('C', ?, 'council', NULL, 1, false), ('D1', 'One', 'directorate', 'C', 1, false), "
                "('D2', 'Two', 'directorate', 'C', 2, false)", [council_name])
    con.close()


def test_parameters_are_bound_not_pasted(tmp_path):
    _make(tmp_path / "a.duckdb", "Council")
    db = Database(tmp_path / "a.duckdb")
    evil = "C' OR '1'='1"
    assert db.query("org_unit", code=evil).empty
    with pytest.raises(TypeError, match="missing"):
        db.query("org_unit")
    with pytest.raises(TypeError, match="unexpected"):
        db.query("org_unit", code="C", extra=1)


def test_scope_drops_units_the_viewer_may_not_see(tmp_path):
    _make(tmp_path / "a.duckdb", "Council")
    db = Database(tmp_path / "a.duckdb")
    everything = db.query("org_children", code="C")
    assert list(everything["org_code"]) == ["D1", "D2"]
    limited = db.query("org_children", code="C", scope=Scope(frozenset({"C", "D2"})))
    assert list(limited["org_code"]) == ["D2"]


def test_missing_database_says_how_to_build_it(tmp_path):
    db = Database(tmp_path / "absent.duckdb")
    with pytest.raises(DatabaseUnavailable, match="does not exist.*data.generate"):
        db.query("council")


def test_locked_database_is_a_clear_message(tmp_path):
    path = tmp_path / "a.duckdb"
    _make(path, "Council")
    writer = duckdb.connect(str(path))     # a writer holds the file's lock
    try:
        # DuckDB's lock is per process, so probe from a child process as a server would.
        import subprocess, sys
        code = ("from dashboard.db import Database, DatabaseUnavailable\n"
                f"try:\n    Database({str(path)!r}).query('council')\n"
                "except DatabaseUnavailable as e:\n    print(e)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert "locked" in out.stdout, out.stdout + out.stderr
    finally:
        writer.close()


def test_replaced_database_is_reopened(tmp_path):
    path = tmp_path / "a.duckdb"
    _make(path, "Old name")
    db = Database(path)
    assert db.query("org_unit", code="C")["name"].iloc[0] == "Old name"
    _make(tmp_path / "b.duckdb", "New name")
    os.replace(tmp_path / "b.duckdb", path)      # how builds swap a new file in
    assert db.query("org_unit", code="C")["name"].iloc[0] == "New name"


def test_reference_queries_exist_and_survive_a_cache_of_zero(tmp_path):
    """The org tree and catalogue stay in memory even with the result cache off
    (as the bench's data phase runs), and a misspelt name would fail here."""
    from dashboard.db import REFERENCE_QUERIES, load_queries

    assert REFERENCE_QUERIES <= set(load_queries())
    path = tmp_path / "a.duckdb"
    _make(path, "Old name")
    db = Database(path, cache_size=0)
    first = db.query("org_unit", code="C")
    assert db.query("org_unit", code="C") is not first and db._reference   # a copy of the kept frame


def test_unknown_codes_from_urls_are_not_kept(tmp_path):
    """A crawler trying made-up codes must not grow every worker's memory."""
    path = tmp_path / "a.duckdb"
    _make(path, "Name")
    db = Database(path, cache_size=0)
    for i in range(50):
        assert db.query("org_unit", code=f"BOGUS{i}").empty
    assert db._reference == {}


def test_the_runner_refuses_units_outside_the_scope_before_running(tmp_path):
    """Every query names its unit parameters (-- access:); a unit outside the viewer's scope is refused,
    a council-wide query needs a council-wide viewer, and case-level rows the casework permission."""
    from dashboard.db import OutOfScope, viewing
    _make(tmp_path / "a.duckdb", "Council")
    db = Database(tmp_path / "a.duckdb")
    manager = Scope(units=frozenset({"D2"}), casework=frozenset())
    assert list(db.query("org_children", code="D2", scope=manager)["org_code"]) == []
    with pytest.raises(OutOfScope):
        db.query("org_children", code="C", scope=manager)            # the total above their unit
    with pytest.raises(OutOfScope):
        db.query("partnerships", month="2026-09-01", scope=manager)
    with pytest.raises(OutOfScope):
        db.query("casework_cases", team="D2", day="2026-09-01", scope=manager)   # no casework permission
    with viewing(manager):                                           # a request's viewer: the default scope
        with pytest.raises(OutOfScope):
            db.query("org_path", code="D1")
        with pytest.raises(OutOfScope, match="other than the viewer's"):
            db.query("org_path", code="D1", scope=Scope())           # a page cannot widen it


def test_every_query_declares_its_access(tmp_path):
    from dashboard.db import load_queries
    (tmp_path / "x.sql").write_text("-- name: undeclared\n-- Anything.\nSELECT 1;\n")
    with pytest.raises(ValueError, match="needs one `-- access:` line"):
        load_queries(tmp_path)
    (tmp_path / "x.sql").write_text("-- name: wrong\n-- Anything.\n-- access: unit(nope)\nSELECT $org;\n")
    with pytest.raises(ValueError, match="not parameters"):
        load_queries(tmp_path)
    assert all(q.access.kind in ("public", "council", "unit") for q in load_queries().values())


def test_no_line_of_a_query_file_is_over_120_characters():
    """Query files are read in review diffs and terminals; long header lines are wrapped (the
    parser reads a description over several `--` lines)."""
    files = sorted((ROOT / "queries").glob("*.sql"))
    assert ROOT / "queries" / "macros.sql" in files
    long = [f"{path.name}:{n}" for path in files
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if len(line) > 120]
    assert long == []


def test_the_shared_macros_are_on_every_cursor_and_read_the_callers_tables(tmp_path):
    """queries/macros.sql is created once per connection, found by every query's cursor, and its
    tables are those the query reads (as_at before main when looking back)."""
    from dashboard.db import at_release

    path = tmp_path / "a.duckdb"
    _make(path, "Council")
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO org_ancestor VALUES ('C', 'C', 0), ('D1', 'D1', 0), ('D2', 'D2', 0), "
                "('D1', 'C', 1), ('D2', 'C', 1)")
    # A stand-in for the as_at views: the tree as it stood had no D2.
    con.execute("CREATE SCHEMA as_at")
    con.execute("CREATE VIEW as_at.org_ancestor AS SELECT * FROM main.org_ancestor WHERE org_code <> 'D2'")
    con.close()
    db = Database(path, cache_size=0)
    db.queries["probe"] = db.queries["org_below"].__class__(
        "probe", "SELECT org_code, unit_at_or_below(org_code, 'C') AS below, open_on(DATE '2026-01-01', NULL, "
                 "DATE '2026-01-02') AS open, not_yet_on(DATE '2026-01-03', DATE '2026-01-02') AS pending "
                 "FROM units_at_or_below('C') ORDER BY org_code", frozenset())
    for _ in range(2):      # a second query is a second cursor
        assert db.query("probe").to_dict("list") == {"org_code": ["C", "D1", "D2"], "below": [True] * 3,
                                                     "open": [True] * 3, "pending": [True] * 3}
    with at_release(1):
        assert list(db.query("probe")["org_code"]) == ["C", "D1"]
    assert list(db.query("org_below", code="C")["org_code"]) == ["C", "D1", "D2"]


def test_the_query_cache_stays_within_its_byte_budget(tiny_db, monkeypatch):
    """A worker's memory is bounded by bytes, not by a count of results of any size: the scorecards people
    reopen are kept, least recently used out first, and a result too large to keep is not kept at all (nor
    does it push the others out)."""
    import datetime as dt

    import dashboard.db as runner

    directorates = ["EMC", "SCF", "AHCW", "ESH", "FIN"]
    months = [dt.date(2026, m, 1) for m in range(1, 10)]

    def scorecard(db, month, orgs=directorates):
        return db.query("scorecard", orgs=orgs, month=month, corporate_only=False, indicator="")

    one = int(scorecard(Database(tiny_db, cache_size=0), months[0]).memory_usage(deep=True).sum())
    monkeypatch.setattr(runner, "CACHE_BYTES", 3 * one + one // 2)
    monkeypatch.setattr(runner, "CACHE_ENTRY_BYTES", 2 * one)
    db = Database(tiny_db)
    for month in months:
        scorecard(db, month)

    def kept_months():
        return [dict(key[4])["month"] for key in db._cache]

    assert kept_months() == months[-3:]          # the three most recent, not all nine
    assert sum(int(frame.memory_usage(deep=True).sum()) for frame, _ in db._cache.values()) <= runner.CACHE_BYTES
    every_unit = list(db.query("org_below", code="EMC")["org_code"])
    assert len(scorecard(db, months[-1], every_unit)) > 0
    assert kept_months() == months[-3:]          # the whole council's result was too large to keep
