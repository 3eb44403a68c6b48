"""`make bench` smoke coverage: the bench runs end to end on the tiny preset (with
the published files imported for /benchmarking) and writes latest.json in
exactly the documented shape, and the pandas baseline it compares against gives
the dashboard's own numbers.  No timing
assertions: timings are the bench's job, not the tests'."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import ingest

ROOT = Path(__file__).resolve().parents[1]

TOP_KEYS = {"preset": str, "rows": int, "cold_start_s": float, "rss_mb": int, "baseline_rss_mb": int,
            "concurrent_users": int, "concurrent_p95_ms": float, "concurrent_errors": int,
            "browser_drill_ms": float, "interactions": list}
ROW_KEYS = {"name": str, "p50_ms": float, "p95_ms": float, "cold_p50_ms": float, "bytes": int,
            "data_p50_ms": float, "baseline_p50_ms": float, "sql_p50_ms": float}
NAMES = ["council_scorecard", "drill_directorate", "drill_service", "drill_team", "change_period",
         "indicator_spc", "exceptions_council", "exceptions_directorate", "finance", "workforce", "customers",
         "risks", "value_for_money", "casework", "benchmarking", "benchmarking_funnel"]


def _is(value, kind) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def test_bench_runs_and_writes_the_documented_json(tmp_path):
    out = tmp_path / "latest.json"
    env = {**os.environ, "BENCH_REPS": "3", "BENCH_CONCURRENT_S": "4"}
    done = subprocess.run([sys.executable, "-m", "bench.run", "--preset", "tiny", "--users", "3",
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert list(report) == list(TOP_KEYS)
    for key, kind in TOP_KEYS.items():
        assert _is(report[key], kind), (key, report[key])
    assert report["preset"] == "tiny" and report["rows"] > 0
    assert [r["name"] for r in report["interactions"]] == NAMES
    for row in report["interactions"]:
        assert list(row) == list(ROW_KEYS)
        for key, kind in ROW_KEYS.items():
            assert _is(row[key], kind), (row["name"], key, row[key])
    assert "council_scorecard" in done.stdout      # the readable table


@pytest.fixture(scope="module")
def baseline(tiny_db):
    from bench.baseline import Baseline
    return Baseline.load(tiny_db)


def test_baseline_scorecard_equals_the_dashboards(app, tiny_con, baseline):
    from dashboard.pagedata import indicator_rows
    from dashboard.db import EVERYTHING

    db = app.server.extensions["mi_database"]
    units = tiny_con.execute("SELECT code, level FROM org_unit ORDER BY level, code").fetchall()
    last = tiny_con.execute("SELECT last_period FROM build_info").fetchone()[0]
    picks = [next(c for c, lv in units if lv == lv_want) for lv_want in ("council", "directorate", "service", "team")]
    months = [last, dt.date(last.year - (last.month <= 3), (last.month - 4) % 12 + 1, 1),
              dt.date(last.year - 1, last.month, 1)]
    checked = 0
    for org in picks:
        for month in months:
            for corporate in (True, False):
                with app.server.app_context():
                    ours = indicator_rows.scorecard(db, [org], month, corporate_only=corporate, scope=EVERYTHING)
                theirs = baseline.scorecard([org], month, corporate)
                both = ours.merge(theirs, on=["org_code", "indicator_code"], how="outer", suffixes=("", "_b"),
                                  indicator=True)
                assert (both["_merge"] == "both").all(), (org, month)
                for col in ("rag", "direction", "direction_year"):
                    assert (both[col] == both[f"{col}_b"]).all(), (org, month, col)
                for col in ("value", "target"):
                    assert np.allclose(both[col].astype(float), both[f"{col}_b"].astype(float), equal_nan=True), \
                        (org, month, col)
                assert (pd.to_datetime(both["period_start"]) == pd.to_datetime(both["period_start_b"])).all()
                checked += len(both)
    assert checked > 0


def test_baseline_scorecard_equals_the_download_csv(client, tiny_con, baseline):
    import io

    org = tiny_con.execute("SELECT code FROM org_unit WHERE level = 'directorate' ORDER BY code").fetchone()[0]
    last = tiny_con.execute("SELECT last_period FROM build_info").fetchone()[0]
    r = client.get(f"/download/scorecard.csv?org={org}&period={last:%Y-%m}")
    assert r.status_code == 200
    csv = pd.read_csv(io.BytesIO(r.data))
    theirs = baseline.scorecard([org], last, corporate_only=False).set_index("indicator_code")
    csv = csv.set_index("indicator_code")
    assert set(csv.index) == set(theirs.index)
    theirs = theirs.loc[csv.index]
    assert list(csv["rag"]) == list(theirs["rag"])
    assert np.allclose(csv["value"].astype(float), theirs["value"].astype(float), equal_nan=True)


def test_baseline_resource_pages_equal_the_dashboards(app, tiny_con, baseline, tiny_db):
    """The pandas reference answers finance, workforce, customers, risks and
    value for money with the dashboard's numbers, so the bench compares like with like."""
    from bench.baseline_resources import ResourcesBaseline
    from dashboard.db import EVERYTHING
    from dashboard.pagedata import customers, finance, risks, vfm, workforce

    db = app.server.extensions["mi_database"]
    res = ResourcesBaseline.load(tiny_db, baseline)
    month = dt.date(2025, 11, 1)
    council = tiny_con.execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]
    services = [c for (c,) in tiny_con.execute("SELECT code FROM org_unit WHERE level = 'service' ORDER BY code").fetchall()]
    code = {i: c for i, c in enumerate(baseline.org_codes)}
    with app.server.app_context():
        ours = finance.units(db, council, month, scope=EVERYTHING).set_index("org_code")
        theirs = res.finance_page(council, month)["units"].rename(index=code)
        for org, row in theirs.iterrows():
            assert ours.loc[org, "variance"] == pytest.approx(row["variance"])
        ours = workforce.units(db, council, month, "excluding_schools", scope=EVERYTHING).set_index("org_code")
        theirs = res.workforce_page(council, month)["units"].rename(index=code)
        for org, row in theirs.iterrows():
            assert ours.loc[org, "sickness_days_per_fte_12m"] == pytest.approx(row["sickness_days_per_fte_12m"])
        ours = customers.units(db, council, month, scope=EVERYTHING).set_index("org_code")
        theirs = res.customers_page(council, month)["complaints_by_unit"].rename(index=code)
        for org, n in theirs.items():
            assert ours.loc[org, "complaints_12m"] == n
        ours = risks.register(db, council, month, scope=EVERYTHING).set_index("risk_code")
        theirs = res.risks_page(council, month)
        assert set(ours.index) == set(theirs.index)
        assert (ours.loc[theirs.index, "rag"].to_numpy() == theirs["rag"].to_numpy()).all()
        compared = 0
        for service in services:
            choices = vfm.outputs(db, service)
            theirs = res.vfm_page(service, month)
            if choices.empty:
                assert theirs.empty
                continue
            assert res.vfm_output(service) == choices["code"].iloc[0]
            ours = vfm.units(db, service, month, choices["code"].iloc[0], scope=EVERYTHING, choices=choices)
            ours = ours.set_index("org_code")
            theirs = theirs.rename(index=code)
            assert set(ours.index) == set(theirs.index)
            for org, row in theirs.iterrows():
                assert ours.loc[org, "unit_cost"] == pytest.approx(row["unit_cost"])
                assert ours.loc[org, "green_pct"] == pytest.approx(row["green_pct"])
            compared += 1
        assert compared >= 1


def test_baseline_casework_equals_the_dashboards(app, tiny_con, baseline, tiny_db):
    """Unallocated cases by team and category, and assessment timeliness by team, as the pandas reference counts them."""
    from bench.baseline_resources import ResourcesBaseline
    from dashboard.db import EVERYTHING
    from dashboard.pagedata import casework

    db = app.server.extensions["mi_database"]
    res = ResourcesBaseline.load(tiny_db, baseline)
    directorate = tiny_con.execute("""SELECT a.ancestor_code FROM casework_case AS c JOIN org_ancestor AS a
        ON a.org_code = c.org_code JOIN org_unit AS u ON u.code = a.ancestor_code
        WHERE u.level = 'directorate' LIMIT 1""").fetchone()[0]
    for day in (dt.date(2025, 11, 12), dt.date(2025, 12, 27), dt.date(2026, 3, 31)):
        theirs = res.casework_page(directorate, day)
        with app.server.app_context():
            by_team = casework.unallocated_by_team(db, directorate, day, scope=EVERYTHING)
            teams = casework.team_scorecard(db, directorate, day, scope=EVERYTHING).set_index("org_code")
        ours = by_team[by_team["unallocated"] > 0].set_index(["org_code", "category"])
        assert sorted(ours.index) == sorted(theirs["by_team"].index)
        for key, row in theirs["by_team"].iterrows():
            assert ours.loc[key, "unallocated"] == row["size"]
            assert ours.loc[key, "oldest_working_days_waiting"] == row["max"]
        for team, row in theirs["teams"].iterrows():
            assert teams.loc[team, "open_cases"] == row["open_cases"]
            if row["completed"]:
                assert teams.loc[team, "timeliness_pct"] == pytest.approx(row["timeliness_pct"])


def test_baseline_daily_unallocated_count_equals_the_dashboards(app, tiny_con, baseline, tiny_db):
    from bench.baseline_resources import ResourcesBaseline
    from dashboard.db import EVERYTHING
    from dashboard.pagedata import casework

    res = ResourcesBaseline.load(tiny_db, baseline)
    db = app.server.extensions["mi_database"]
    day = dt.date(2026, 3, 31)
    council = tiny_con.execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]
    theirs = res.casework_page(council, day)["daily"]
    with app.server.app_context():
        ours = casework.unallocated_daily(db, council, day, casework.TREND_DAYS, scope=EVERYTHING)
    assert list(ours["unallocated"]) == list(theirs.to_numpy())


@pytest.fixture(scope="module")
def published_db(tiny_db, tmp_path_factory):
    """The tiny demo with the published files the benchmarking interactions use, imported as bench.run does."""
    import shutil

    from bench.run import IMPORTS, PUBLIC

    path = tmp_path_factory.mktemp("published") / "mi.duckdb"
    shutil.copy(tiny_db, path)
    for kind, name in IMPORTS[:6]:   # the register, both DfE files, the neighbours, Oflog, council tax
        ingest(path, kind, PUBLIC / name)
    return path


@pytest.mark.parametrize("measure, group, period", [
    ("rereferral_percent", "neighbours", None), ("vacancy_rate_fte", "type", "Year to 30 September 2024"),
    ("caseload_fte", "neighbours", None), ("ASC1", "type", None), ("ct_receipts_year", "districts", None),
])
def test_baseline_benchmarking_equals_the_dashboards(published_db, measure, group, period):
    """Ranks, quartiles, medians, the trend and the funnel's average and verdicts, as the pandas reference
    answers them from the raw published tables, so the bench compares like with like."""
    from bench.baseline_benchmarking import PublishedBaseline
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.pagedata import comparison as benchmarking
    from dashboard.pagedata.funnel import funnel

    app = create_app(Settings(db_path=published_db, query_cache_size=0, auth="none"))
    db = app.server.extensions["mi_database"]
    home = "E10000012"
    with app.server.app_context():
        c = benchmarking.compare(db, measure, home, group, period)
        f = funnel(c)
    theirs = PublishedBaseline.load(published_db).page(measure, home, group, period)
    assert theirs["period"] == c.period and theirs["group"] == c.group
    ours, base = c.values.set_index("area_code"), theirs["values"].set_index("area_code")
    assert set(ours.index) == set(base.index) and len(ours) > 0
    for col in ("value", "rank", "quartile", "from_median"):
        assert np.allclose(ours[col].astype(float), base.loc[ours.index, col].astype(float), equal_nan=True), col
    t_ours, t_base = c.trend.set_index("period_label"), theirs["trend"].set_index("period_label")
    assert np.allclose(t_ours["median"], t_base.loc[t_ours.index, "median"])
    assert np.allclose(t_ours["home"].astype(float), t_base.loc[t_ours.index, "home"].astype(float), equal_nan=True)
    assert (f.result is None) == (theirs["funnel"] is None)
    if f.result is not None:
        assert f.result.target == pytest.approx(theirs["funnel"].target)
        a = f.result.points.set_index("area_code")
        b = theirs["funnel"].points.set_index("area_code")
        assert set(a.index) == set(b.index)
        assert (a["within"] == b.loc[a.index, "within"]).all()
        assert (a["within_adjusted"] == b.loc[a.index, "within_adjusted"]).all()
