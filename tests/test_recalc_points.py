"""A saved SPC recalculation point ("the process changed in April 2025: new caseload model") is used wherever
the series is judged — the indicator page's chart and words, the exceptions list, a briefing pack — not only on
the scorecard's icons and the entry checks.

Checked against an independent computation: the mean and limits of the values from the point on, computed here
with numpy from the rollup table (mean ± 2.66 × the mean moving range), and the Making Data Count rules for the
latest point applied by hand.

If these broke, a green (or amber) indicator could still say "special-cause concern" under limits from a process
that ended a year and a half ago, on one page and not another."""

from __future__ import annotations

import datetime as dt

import flask
import numpy as np
import pytest

from tests.returns_fixtures import returns_app

CODE, ORG, POINT = "CSC-CASELOAD", "EMC", "2025-04"
REASON = "New caseload model from April 2025"
MONTH = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def site(tiny_db, tmp_path_factory):
    app = returns_app(tiny_db, tmp_path_factory.mktemp("recalc"))
    app.server.extensions["mi_returns"].recalculation(username="checker", indicator_code=CODE, period=POINT,
                                                      reason=REASON)
    return app


@pytest.fixture(scope="module")
def expected(tiny_con):
    """Independently: the series from the point on, its mean and limits, and whether its latest value is special
    cause under them (beyond a limit, six on one side, six rising or falling, two of three beyond two sigma)."""
    rows = tiny_con.execute(
        "SELECT r.period_start, r.period_value * i.scale FROM rollup r JOIN indicator i ON i.code = r.indicator_code "
        "WHERE r.indicator_code = ? AND r.org_code = ? AND r.period_start BETWEEN ? AND ? ORDER BY r.period_start",
        [CODE, ORG, dt.date.fromisoformat(POINT + "-01"), MONTH]).fetchall()
    periods = [p for p, _ in rows]
    v = np.array([x for _, x in rows], dtype=float)
    assert len(v) == 18 and not np.isnan(v).any()
    mean = v.mean()
    half = 2.66 * np.abs(np.diff(v)).mean()
    lpl, upl = mean - half, mean + half
    last6, last3 = v[-6:], v[-3:]
    two_sigma = 2 / 3 * half
    special = bool(v[-1] > upl or v[-1] < lpl or (last6 > mean).all() or (last6 < mean).all()
                   or (np.diff(last6) > 0).all() or (np.diff(last6) < 0).all()
                   or (v[-1] > mean + two_sigma and (last3 > mean + two_sigma).sum() >= 2)
                   or (v[-1] < mean - two_sigma and (last3 < mean - two_sigma).sum() >= 2))
    return {"periods": periods, "values": v, "mean": mean, "lpl": lpl, "upl": upl, "special": special}


def _in_request(site, path: str):
    from dashboard.auth.viewer import Viewer
    from dashboard.db import EVERYTHING

    context = site.server.test_request_context(path)
    context.push()
    flask.g.mi_viewer = Viewer("admin", "Admin", "admin", EVERYTHING)
    return context


def _find(component, wanted_id):
    if getattr(component, "id", None) == wanted_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            found = _find(child, wanted_id)
            if found is not None:
                return found
    return None


def test_the_build_judged_the_latest_value_under_the_old_process(tiny_con, expected):
    """The case is worth testing: the build's exception says special-cause concern since April 2025 (a shift away
    from the old mean), while under limits from April 2025 on the latest value is common cause."""
    concern, since = tiny_con.execute("SELECT concern, concern_since FROM exception_base WHERE indicator_code = ? "
                                      "AND org_code = ? AND period_start = ?", [CODE, ORG, MONTH]).fetchone()
    assert concern and expected["special"] is False


def test_the_indicator_page_draws_and_names_the_saved_point(site, expected):
    from dashboard import ids
    from dashboard.pages.indicator import layout

    context = _in_request(site, f"/indicator/{CODE}?org={ORG}&period=2026-09")
    try:
        page = layout(code=CODE, org=ORG, period="2026-09")
    finally:
        context.pop()
    figure = _find(page, ids.INDICATOR_SPC).figure
    traces = {t["name"]: t for t in figure["data"]}
    x = [str(p)[:7] for p in traces["Mean"]["x"]]
    since = [i for i, p in enumerate(x) if p >= POINT]
    assert len(since) == 18
    for name, want in (("Mean", expected["mean"]),):
        assert [traces[name]["y"][i] for i in since] == pytest.approx([want] * 18)
    limits = [t for t in figure["data"] if t["name"] not in ("Mean", "Value", "Target") and t.get("mode") == "lines"]
    ends = sorted({round(t["y"][since[-1]], 6) for t in limits})
    assert ends == pytest.approx(sorted([expected["lpl"], expected["upl"]]))
    note = _find(page, ids.SPC_RECALC_NOTE)
    text = str(note.children)
    assert f"Limits recalculated from April 2025: {REASON} — saved by checker on" in text
    assert "concern" not in str(_find(page, ids.SPC_SECTION).children[3]).lower()    # the icons' words


def test_the_exceptions_list_judges_under_the_saved_point(site, expected):
    from dashboard.db import EVERYTHING
    from dashboard.pagedata import exception_list as report

    context = _in_request(site, f"/exceptions?org={ORG}&period=2026-09")
    try:
        listed = report.exceptions(site.server.extensions["mi_database"], ORG, MONTH, scope=EVERYTHING)
    finally:
        context.pop()
    row = listed.rows[(listed.rows["indicator_code"] == CODE) & (listed.rows["org_code"] == ORG)].iloc[0]
    assert bool(row["concern"]) is expected["special"]
    assert ("concern" in list(row["reasons"])) is expected["special"]
    assert row["variation"] == ("common_cause" if not expected["special"] else row["variation"])
    assert REASON in row["recalculated"]
    summary = report.with_summaries(listed.rows[listed.rows.index == row.name]).iloc[0]["summary"]
    assert "special-cause concern" not in summary


def test_a_pack_judges_under_the_saved_point_and_records_it(site, expected):
    from dashboard.briefing.content import PackRequest, gather
    from dashboard.db import EVERYTHING

    context = _in_request(site, f"/briefing?org={ORG}&period=2026-09")
    try:
        document = gather(site.server.extensions["mi_database"], PackRequest(org=ORG, period="2026-09"),
                          scope=EVERYTHING)
    finally:
        context.pop()
    entry = next(e for e in document["exceptions"] if e["code"] == CODE)
    chart = entry["chart"][-18:]
    assert [p["mean"] for p in chart] == pytest.approx([expected["mean"]] * 18)
    assert [p["lpl"] for p in chart] == pytest.approx([expected["lpl"]] * 18)
    assert [p["upl"] for p in chart] == pytest.approx([expected["upl"]] * 18)
    assert [p["value"] for p in chart] == pytest.approx(list(expected["values"]))
    assert REASON in entry["recalculation"] and "concern" not in entry["variation"].lower()
    recorded = [p for p in document["recalculations"] if p["indicator_code"] == CODE]
    assert [(p["period"], p["reason"], p["username"]) for p in recorded] == [(POINT, REASON, "checker")]
    line = next(r for r in document["scorecard"] if r.get("code", r.get("indicator_code")) == CODE)
    assert "concern" not in str(line.get("variation", "")).lower()


def test_the_spc_download_has_the_limits_the_page_draws(site, expected):
    """An analyst exporting the chart's data gets the limits under the saved point, not the old process's."""
    import io

    import pandas as pd

    from tests.returns_fixtures import as_user

    response = as_user(site, "checker").get(f"/download/indicator_spc.csv?code={CODE}&org={ORG}&period=2026-09")
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = pd.read_csv(io.BytesIO(response.data))
    since = rows[rows["period"] >= POINT]
    assert len(since) == 18
    assert since["mean"].tolist() == pytest.approx([expected["mean"]] * 18)
    assert since["lpl"].tolist() == pytest.approx([expected["lpl"]] * 18)
    assert since["upl"].tolist() == pytest.approx([expected["upl"]] * 18)
