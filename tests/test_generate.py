"""The seeded demo-council generator (data.generate) and its working-day calendar."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import holidays
import numpy as np
import pytest

from data.demo import generate
from data.build.calendar import add_working_days, working_day_calendar

TABLES = ("build_info", "org_unit", "org_ancestor", "indicator", "indicator_unit", "measure", "target",
          "commentary", "calendar", "rollup")
AGGREGATIONS = {"ratio", "sum", "max", "latest", "none"}
BASES = {"in_month", "year_to_date", "rolling_12_months", "snapshot"}
# Every combination that means something: a stock ("latest") is only ever a snapshot.
COMBINATIONS = {(a, b) for a in AGGREGATIONS - {"latest"} for b in BASES} | {("latest", "snapshot")}


def _digest(path) -> dict[str, str]:
    """A hash of every table's sorted contents (build_info without built_at; rollup to 9 decimals,
    because its sums may add the same doubles in a different order)."""
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for table in TABLES:
        columns = [r[0] for r in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
            "ORDER BY column_index",
            [table]).fetchall()]
        types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                 "WHERE schema_name = 'main' AND table_name = ?",
                                 [table]).fetchall())
        columns = [c for c in columns if not (table == "build_info" and c == "built_at")]
        select = ", ".join(f"round({c}, 9)" if table == "rollup" and types[c] == "DOUBLE" else c for c in columns)
        rows = con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").fetchall()
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    con.close()
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "mi.duckdb"
    generate.build("tiny", 42, path)
    return path


@pytest.fixture(scope="module")
def con(tiny):
    con = duckdb.connect(str(tiny), read_only=True)
    yield con
    con.close()


def test_same_seed_gives_identical_tables_and_another_seed_differs(tiny, tmp_path):
    """A demo rebuilt with the same seed must show exactly the same figures; a new seed, new figures."""
    again, other = tmp_path / "again.duckdb", tmp_path / "other.duckdb"
    generate.build("tiny", 42, again)
    generate.build("tiny", 7, other)
    first, second, third = _digest(tiny), _digest(again), _digest(other)
    assert first == second
    for table in ("measure", "target", "commentary"):
        assert first[table] != third[table], table
    assert first["org_unit"] == third["org_unit"]  # the tree does not depend on the seed


def test_tiny_keeps_a_four_level_tree_with_two_children_everywhere(con):
    """Drill-down pages need council → directorate → service → team, with choices at every level."""
    levels = dict(con.execute("SELECT level, count(*) FROM org_unit GROUP BY level").fetchall())
    assert levels["council"] == 1 and levels["directorate"] >= 2
    children = con.execute("""
        SELECT p.level, min(n) FROM org_unit AS p
        JOIN (SELECT parent_code, count(*) AS n FROM org_unit GROUP BY parent_code) AS c ON c.parent_code = p.code
        GROUP BY p.level""").fetchall()
    assert dict(children).keys() == {"council", "directorate", "service"}
    assert all(n >= 2 for _, n in children)
    assert con.execute("""SELECT count(*) FROM org_unit AS o WHERE level <> 'team'
                          AND NOT EXISTS (SELECT 1 FROM org_unit c WHERE c.parent_code = o.code)""").fetchone() == (0,)
    # the closure: each unit with itself and every ancestor, depth 3 for a team
    assert con.execute("SELECT count(*) FROM org_ancestor WHERE depth = 0").fetchone()[0] == sum(levels.values())
    assert con.execute("""SELECT max(depth) FROM org_ancestor a JOIN org_unit o ON o.code = a.org_code
                          WHERE o.level = 'team'""").fetchone() == (3,)


def test_tiny_covers_every_aggregation_and_basis_for_two_years(con):
    """Every rollup rule is exercised by the test database, over at least 24 months."""
    kinds = {r[0] for r in con.execute("SELECT DISTINCT aggregation FROM indicator").fetchall()}
    bases = {r[0] for r in con.execute("SELECT DISTINCT basis FROM indicator").fetchall()}
    assert kinds == AGGREGATIONS and bases == BASES
    reported = con.execute("""SELECT DISTINCT aggregation, basis FROM measure m
                              JOIN indicator i ON i.code = m.indicator_code""").fetchall()
    assert set(reported) == COMBINATIONS
    frequencies = {r[0] for r in con.execute("SELECT DISTINCT frequency FROM indicator").fetchall()}
    assert frequencies == {"monthly", "quarterly", "annual"}
    months = con.execute("SELECT count(DISTINCT period_start) FROM measure").fetchone()[0]
    assert months >= 24
    assert con.execute("SELECT count(*) FROM indicator WHERE on_corporate_scorecard").fetchone()[0] >= 5
    assert 20 <= con.execute("SELECT count(*) FROM indicator").fetchone()[0] <= 30


def test_measure_rows_are_well_formed(con):
    """Ratios are exactly numerator / denominator; other kinds carry only a value; nothing outside the tree."""
    bad_ratio = con.execute("""
        SELECT count(*) FROM measure m JOIN indicator i ON i.code = m.indicator_code
        WHERE i.aggregation = 'ratio'
          AND (numerator IS NULL OR denominator IS NULL OR denominator <= 0 OR numerator < 0
               OR value <> numerator / denominator)""").fetchone()[0]
    assert bad_ratio == 0
    assert con.execute("""SELECT count(*) FROM measure m JOIN indicator i ON i.code = m.indicator_code
                          WHERE i.aggregation <> 'ratio' AND (numerator IS NOT NULL OR denominator IS NOT NULL)
                       """).fetchone() == (0,)
    counts = con.execute("""SELECT count(*) FROM measure m JOIN indicator i ON i.code = m.indicator_code
                            WHERE i.unit = 'count' AND i.aggregation <> 'none' AND value <> round(value)""")
    assert counts.fetchone() == (0,)
    outside = con.execute("""SELECT count(*) FROM measure m
        WHERE NOT EXISTS (SELECT 1 FROM indicator_unit iu WHERE iu.indicator_code = m.indicator_code
                          AND iu.org_code = m.org_code)""").fetchone()[0]
    assert outside == 0
    none_elsewhere = con.execute("""SELECT count(*) FROM measure m JOIN indicator i ON i.code = m.indicator_code
        JOIN org_unit o ON o.code = m.org_code WHERE i.aggregation = 'none' AND o.level <> 'council'""")
    assert none_elsewhere.fetchone() == (0,)
    first_days = con.execute("SELECT count(*) FROM measure WHERE day(period_start) <> 1").fetchone()
    assert first_days == (0,)


def test_returns_include_missing_late_and_provisional(con):
    """Exception reports need something to find: some returns missing, some late, the latest provisional."""
    expected, got = con.execute("""
        WITH p AS (SELECT indicator_code, count(DISTINCT period_start) AS n FROM measure GROUP BY 1)
        SELECT sum(p.n), (SELECT count(*) FROM measure)
        FROM indicator_unit iu JOIN p USING (indicator_code)""").fetchone()
    assert 0.005 < 1 - got / expected < 0.06
    late = con.execute("""
        SELECT avg(CASE WHEN c2.working_day_index - c1.working_day_index > i.due_working_days THEN 1 ELSE 0 END)
        FROM measure m JOIN indicator i ON i.code = m.indicator_code
        JOIN calendar c1 ON c1.day = last_day(m.period_start + to_months(
            (CASE i.frequency WHEN 'quarterly' THEN 3 WHEN 'annual' THEN 12 ELSE 1 END) * (1 + i.lag_periods) - 1))
        JOIN calendar c2 ON c2.day = CAST(m.received_at AS DATE)""").fetchone()[0]
    assert 0.01 < late < 0.2
    status = dict(con.execute("SELECT status, count(*) FROM measure GROUP BY 1").fetchall())
    assert status["provisional"] < status["validated"]
    latest = con.execute("""SELECT DISTINCT status FROM measure m WHERE period_start =
        (SELECT max(period_start) FROM measure WHERE indicator_code = m.indicator_code)""").fetchall()
    assert latest == [("provisional",)]


def test_targets_commentary_and_rag(con):
    """Scorecards show red, amber and green; off-target results carry commentary; data-only has no target."""
    rag = dict(con.execute("SELECT rag, count(*) FROM rollup WHERE org_code = 'EMC' GROUP BY 1").fetchall())
    assert rag.get("red", 0) > 0 and rag.get("amber", 0) > 0 and rag.get("green", 0) > 0
    assert con.execute("""SELECT count(*) FROM target t JOIN indicator i ON i.code = t.indicator_code
                          WHERE i.polarity = 'neither'""").fetchone() == (0,)
    local = con.execute("SELECT count(DISTINCT org_code) FROM target WHERE org_code <> 'EMC'").fetchone()[0]
    assert local >= 2
    noted = con.execute("""SELECT count(*) FROM commentary c
                           JOIN rollup r USING (indicator_code, org_code, period_start)
                           WHERE r.rag IN ('red', 'amber')""").fetchone()[0]
    assert noted == con.execute("SELECT count(*) FROM commentary").fetchone()[0] > 10
    percent_targets = con.execute("""SELECT min(target), max(target) FROM target t
        JOIN indicator i ON i.code = t.indicator_code WHERE i.unit = 'percent'""").fetchone()
    assert 0 <= percent_targets[0] and percent_targets[1] <= 100 and percent_targets[1] > 1


def test_a_failed_build_leaves_the_existing_database_untouched(tiny, tmp_path, monkeypatch):
    """Ctrl-C or a crash halfway must not destroy the database the dashboard is serving."""
    out = tmp_path / "mi.duckdb"
    out.write_bytes(tiny.read_bytes())
    before = out.read_bytes()
    calls = {"n": 0}
    real = generate.series.simulate

    def explode(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(generate.series, "simulate", explode)
    with pytest.raises(KeyboardInterrupt):
        generate.build("tiny", 42, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mi.duckdb"]


def test_command_line_build_covers_the_months_asked_for(tmp_path):
    """`--start/--end` set the span shown in the page header; nothing but the database is left behind."""
    out = tmp_path / "mi.duckdb"
    assert generate.main(["--preset", "tiny", "--seed", "3", "--start", "2025-01", "--end", "2026-03",
                          "--out", str(out), "--quiet"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["mi.duckdb"]
    con = duckdb.connect(str(out), read_only=True)
    info = con.execute("SELECT preset, seed, first_period, last_period, council_name, demonstration "
                       "FROM build_info").fetchall()
    assert info == [("tiny", 3, dt.date(2025, 1, 1), dt.date(2026, 3, 1), "Eastmere County Council", True)]
    assert con.execute("SELECT min(period_start), max(period_start) FROM measure").fetchone() == (
        dt.date(2025, 1, 1), dt.date(2026, 3, 1))
    orphans = con.execute("""SELECT count(*) FROM (
        SELECT org_code FROM measure UNION ALL SELECT org_code FROM target UNION ALL
        SELECT org_code FROM commentary UNION ALL SELECT org_code FROM indicator_unit) AS x
        WHERE org_code NOT IN (SELECT code FROM org_unit)""").fetchone()
    assert orphans == (0,)
    con.close()


@pytest.mark.parametrize("argv, message", [
    (["--start", "2025-04", "--end", "2024-04"], "before"),
    (["--start", "2025-13"], "YYYY-MM"),
    (["--end", "sept"], "YYYY-MM"),
    (["--preset", "huge"], "invalid choice"),
])
def test_bad_arguments_exit_2_with_one_line(argv, message, tmp_path, capsys):
    """A typo on the command line gets one clear line and status 2, and builds nothing."""
    with pytest.raises(SystemExit) as exc:
        generate.main(argv + ["--out", str(tmp_path / "x.duckdb")])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_calendar_knows_english_bank_holidays_and_weekends():
    """Due dates skip weekends and bank holidays as the holidays library lists them."""
    cal = working_day_calendar("2024-12-01", "2025-12-31").set_index("day")
    day = lambda text: cal.loc[np.datetime64(text, "s")]  # noqa: E731
    assert not day("2024-12-25").is_working_day and day("2024-12-25").bank_holiday == "Christmas Day"
    assert not day("2025-05-26").is_working_day
    assert day("2024-12-27").is_working_day and day("2024-12-27").bank_holiday is None
    assert not day("2025-01-04").is_working_day  # a Saturday
    known = holidays.country_holidays("GB", subdiv="ENG", years=[2025])
    weekdays = [d for d in known if d.weekday() < 5]
    assert all(not day(str(d)).is_working_day for d in weekdays)
    steps = cal["working_day_index"].diff().fillna(cal["working_day_index"].iloc[0])
    assert (steps == cal["is_working_day"].astype(int)).all()  # the index counts working days
    # after Friday 20 December 2024: 23, 24, 27, 30, 31 December, then 2 January (bank holidays skipped)
    moved = add_working_days(np.array(["2024-12-20", "2024-12-20"], dtype="datetime64[D]"), [5, 6])
    assert list(moved) == [np.datetime64(dt.date(2024, 12, 31)), np.datetime64(dt.date(2025, 1, 2))]


def test_calendar_table_spans_the_data(con):
    """Casework and late-return checks need every day from the first period to a year past the last."""
    first, last, n = con.execute("SELECT min(day), max(day), count(*) FROM calendar").fetchone()
    assert first == dt.date(2024, 4, 1) and last >= dt.date(2027, 9, 30)
    assert n == (last - first).days + 1
