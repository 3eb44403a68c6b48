"""/returns over HTTP: an owner sees what is due (due dates in working days, overdue), enters
values that are checked (a proportion's numerator above its denominator is refused, an unusual
value asks for a reason, a red value without commentary cannot be submitted), a head of service
signs off and the period locks, an admin unlocks with a reason, and the audit trail has each step.

If these broke, owners could submit impossible values, a signed-off return could still change,
or nobody could tell who changed what."""

from __future__ import annotations

import datetime as dt
import re

import holidays
import numpy as np
import pytest

from tests.returns_fixtures import PERIOD, TODAY, as_user, enter, returns_app, token


@pytest.fixture(scope="module")
def site(tiny_db, tmp_path_factory):
    return returns_app(tiny_db, tmp_path_factory.mktemp("returns"))


def _expected_dues(tiny_con, owner):
    """Independently: the owner's indicator × units, each due n working days after 30 September."""
    rows = tiny_con.execute("SELECT i.code, iu.org_code, i.due_working_days FROM indicator_unit iu "
                            "JOIN indicator i ON i.code = iu.indicator_code WHERE i.owner = ? AND i.frequency = 'monthly'"
                            " AND i.lag_periods = 0", [owner]).fetchall()
    bank = [np.datetime64(d) for d in holidays.country_holidays("GB", subdiv="ENG", years=[2026])]
    out = {}
    for code, org, days in rows:
        due = np.busday_offset(np.datetime64("2026-09-30"), days, roll="forward", holidays=bank)
        out[(code, org)] = due.astype(dt.date)
    return out


def test_the_owner_sees_their_returns_with_working_day_due_dates(site, tiny_con):
    client = as_user(site, "payments")
    page = client.get("/returns").get_data(as_text=True)
    expected = _expected_dues(tiny_con, "Head of Payments")
    assert len(expected) == 4
    rows = re.findall(r'<tr id="due-([^"]+)">(.*?)</tr>', page, re.S)
    assert len(rows) == 4
    for key, row in rows:
        code, org = key.rsplit("-", 3)[0], "-".join(key.rsplit("-", 3)[1:])
        due = expected[(code, org)]
        assert due.strftime("%-d %b %Y") in row
        assert ("overdue" in row) == (due < dt.date.fromisoformat(TODAY))


def test_a_proportion_cannot_have_more_in_the_numerator(site):
    client = as_user(site, "payments")
    response = enter(client, "FIN-INVOICES-30", "FIN-PAY-T01", numerator="120", denominator="100",
                     action_kind="submit")
    assert response.status_code == 422
    assert "cannot be more than the denominator" in response.get_data(as_text=True)


def test_entry_review_lock_unlock_and_audit(site):
    owner = as_user(site, "payments")
    # 99% is above the process limits: saved only with a reason
    asked = enter(owner, "FIN-INVOICES-30", "FIN-PAY-T01", numerator="99", denominator="100", action_kind="submit")
    assert asked.status_code == 422 and 'id="return-needs-reason"' in asked.get_data(as_text=True)
    done = enter(owner, "FIN-INVOICES-30", "FIN-PAY-T01", numerator="99", denominator="100", action_kind="submit",
                 reason="backlog cleared by the new scanning contract")
    assert done.status_code == 200 and "submitted for sign-off" in done.get_data(as_text=True)
    # 60% is red against the 93.5% target: no submission without commentary, a draft is fine
    blocked = enter(owner, "FIN-INVOICES-30", "FIN-PAY-T02", numerator="60", denominator="100", action_kind="submit",
                    reason="system outage")
    assert blocked.status_code == 422 and 'id="return-blocked"' in blocked.get_data(as_text=True)
    assert enter(owner, "FIN-INVOICES-30", "FIN-PAY-T02", numerator="60", denominator="100", action_kind="draft",
                 reason="system outage").status_code == 200
    assert enter(owner, "FIN-INVOICES-30", "FIN-PAY-T02", numerator="60", denominator="100", action_kind="submit",
                 reason="system outage", what_why="The payments system was down for a week",
                 action="Overtime to clear the backlog", recovery_date="2026-12-31").status_code == 200
    for org, days in (("FIN-PAY-T01", "70"), ("FIN-PAY-T02", "90")):
        r = enter(owner, "FIN-AP-OLDEST", org, value=days, action_kind="submit", reason="checked",
                  what_why="Old disputed invoices", action="Chasing suppliers")
        assert r.status_code == 200, r.get_data(as_text=True)[-3000:]

    # the owner cannot sign off their own returns; the director can
    path = "/returns/review"
    mine = owner.post(path, data={"csrf_token": token(owner, path), "org": "FIN-PAY-T01", "period": PERIOD,
                                  "decision-FIN-INVOICES-30": "signed_off"})
    assert "cannot sign off or send back a return you submitted" in mine.get_data(as_text=True)
    head = as_user(site, "finance_head")
    assert as_user(site, "libraries").post(path, data={"csrf_token": token(owner, path), "org": "FIN-PAY-T01",
                                                      "period": PERIOD}).status_code in (403, 400)
    sent = head.post(path, data={"csrf_token": token(head, path), "org": "FIN-PAY-T02", "period": PERIOD,
                                 "decision-FIN-AP-OLDEST": "sent_back", "comment-FIN-AP-OLDEST": "90 days? check"})
    assert "1 decisions recorded" in sent.get_data(as_text=True)
    assert enter(owner, "FIN-AP-OLDEST", "FIN-PAY-T02", value="45", action_kind="submit", reason="typo",
                 what_why="Typed 90 for 45", action="none").status_code == 200
    for org in ("FIN-PAY-T01", "FIN-PAY-T02"):
        page = head.post(path, data={"csrf_token": token(head, path), "org": org, "period": PERIOD,
                                     "decision-FIN-INVOICES-30": "signed_off", "decision-FIN-AP-OLDEST": "signed_off"})
        assert "signed off and locked" in page.get_data(as_text=True)
    # locked: the owner cannot change it; only an admin unlocks, with a reason
    assert enter(owner, "FIN-AP-OLDEST", "FIN-PAY-T02", value="46", action_kind="submit", reason="x",
                 what_why="x", action="x").status_code == 409
    assert head.post("/returns/unlock", data={"csrf_token": token(head, path), "org": "FIN-PAY-T02",
                                              "period": PERIOD, "reason": "x"}).status_code == 403
    admin = as_user(site, "admin")
    assert admin.post("/returns/unlock", data={"csrf_token": token(admin, path), "org": "FIN-PAY-T02",
                                               "period": PERIOD, "reason": ""}).status_code == 400
    unlocked = admin.post("/returns/unlock", data={"csrf_token": token(admin, path), "org": "FIN-PAY-T02",
                                                   "period": PERIOD, "reason": "auditor query"})
    assert unlocked.status_code == 303
    trail = admin.get(f"/returns/audit?org=FIN-PAY-T02&period={PERIOD}").get_data(as_text=True)
    events = re.findall(r'<td class="event">([^<]+)</td>', trail)
    assert events == ["draft saved", "submitted", "submitted", "sent back", "draft saved", "submitted",
                      "signed off", "signed off", "locked", "unlocked"]
    assert "auditor query" in trail and "90 days? check" in trail and "60/100" in trail


def test_no_sign_in_no_returns(client):
    assert client.get("/returns").status_code == 403


def test_the_scorecard_shows_returned_values_signed_off(site, tiny_con):
    """After the sign-off above: the payments service's invoices figure is recombined from both teams' returns
    (99/100 and 60/100), rated against its target, and no longer provisional."""
    import datetime as dt

    from dashboard.pagedata import indicator_rows
    from dashboard.db import EVERYTHING
    from dashboard.returns.overlay import SIGNED_OFF, with_returns

    db, store = site.server.extensions["mi_database"], site.server.extensions["mi_returns"]
    frame = indicator_rows.scorecard(db, ["FIN-PAY", "FIN-PAY-T01"], dt.date(2026, 9, 1), corporate_only=False,
                                     scope=EVERYTHING)
    shown = with_returns(db, store, frame).set_index(["org_code", "indicator_code"])
    row = shown.loc[("FIN-PAY", "FIN-INVOICES-30")]
    assert row["value"] == pytest.approx(100 * (99 + 60) / (100 + 100))
    target, tolerance, kind = tiny_con.execute(
        "SELECT r.target, i.tolerance, i.tolerance_kind FROM rollup r JOIN indicator i ON i.code = r.indicator_code "
        "WHERE r.org_code = 'FIN-PAY' AND r.indicator_code = 'FIN-INVOICES-30' AND r.period_start = DATE '2026-09-01'"
    ).fetchone()
    allowed = tolerance * target if kind == "relative" else tolerance
    assert row["rag"] == ("green" if 79.5 >= target else "amber" if target - 79.5 <= allowed else "red")
    assert row["return_status"] == SIGNED_OFF and row["provisional_rows"] == 0
    team = shown.loc[("FIN-PAY-T01", "FIN-INVOICES-30")]
    assert team["value"] == pytest.approx(99.0) and team["return_status"] == SIGNED_OFF
    # the page itself says so
    import flask

    from dashboard.auth.viewer import Viewer
    from dashboard.components.scorecard_page import scorecard_view
    with site.server.test_request_context("/org/FIN-PAY?period=2026-09"):
        flask.g.mi_viewer = Viewer("admin", "Admin", "admin", EVERYTHING)
        page = str(scorecard_view(code="FIN-PAY", period="2026-09"))
    assert "signed off" in page and "79.5%" in page


def _independent_overdue(tiny_con, store_file):
    """Every expected return overdue on TODAY, computed from the tables and the store file directly."""
    import sqlite3

    today = dt.date.fromisoformat(TODAY)
    bank = [np.datetime64(d) for d in holidays.country_holidays("GB", subdiv="ENG", years=[2025, 2026])]
    submitted = {(i, o, p) for i, o, p in sqlite3.connect(store_file).execute(
        "SELECT indicator_code, org_code, period FROM return_event e WHERE id = (SELECT max(id) FROM return_event f "
        "WHERE f.indicator_code = e.indicator_code AND f.org_code = e.org_code AND f.period = e.period) "
        "AND state = 'submitted'")}
    validated = {(i, o, str(p)[:7]) for i, o, p in tiny_con.execute(
        "SELECT indicator_code, org_code, period_start FROM measure WHERE status = 'validated'").fetchall()}
    overdue = set()
    for code, org, freq, lag, days in tiny_con.execute(
            "SELECT i.code, iu.org_code, i.frequency, i.lag_periods, i.due_working_days FROM indicator_unit iu "
            "JOIN indicator i ON i.code = iu.indicator_code").fetchall():
        if freq == "monthly":
            start = (np.datetime64("2026-09") - lag)
            end = start + 1
        elif freq == "quarterly":                       # July to September 2026 is the last complete quarter
            start = np.datetime64("2026-07") - 3 * lag
            end = start + 3
        else:                                           # April 2025 to March 2026 the last complete year
            start = np.datetime64("2025-04") - 12 * lag
            end = start + 12
        last_day = (end.astype("datetime64[D]") - 1)
        due = np.busday_offset(last_day, days, roll="forward", holidays=bank).astype(dt.date)
        key = (code, org, str(start))
        if due < today and key not in submitted and key not in validated:
            overdue.add(key)
    return overdue


def test_the_chasing_list_matches_an_independent_count(site, tiny_con):
    admin = as_user(site, "admin")
    csv = admin.get("/returns/chasing.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    import io

    import pandas as pd
    listed = pd.read_csv(io.StringIO(csv.get_data(as_text=True)))
    store_file = site.server.extensions["mi_returns"].engine.url.database
    expected = _independent_overdue(tiny_con, store_file)
    assert len(expected) > 10
    assert set(zip(listed["indicator_code"], listed["org_code"], listed["period"])) == expected
    assert len(listed) == len(expected)
    page = admin.get("/returns/chasing").get_data(as_text=True)
    owners = listed.groupby("owner").size()
    for owner, n in owners.items():
        assert re.search(rf"<td>{re.escape(owner.replace(chr(39), '&#39;'))}</td><td class=\"num\">{n}</td>", page), owner
    # a manager's list is their own units only
    payments = pd.read_csv(io.StringIO(as_user(site, "libraries").get("/returns/chasing.csv").get_data(as_text=True)))
    assert set(payments["org_code"]) <= {o for _, o, _ in expected if o.startswith("AHCW-LIB")}


def test_the_spot_check_sample_is_stratified_and_failures_show_on_data_quality(site):
    checker = as_user(site, "checker")
    page = checker.get("/returns/spot-checks").get_data(as_text=True)
    strata = dict(re.findall(r'<tr id="sample-([^"]+)">.*?<td class="stratum">([^<]+)</td>', page, re.S))
    # independently: the four signed-off September returns; 60% against 93.5% is red, the other three changed the
    # build's value (or were resubmitted), so are "restated": 1 red + 3 restated, all within the strata's sizes
    assert strata == {"FIN-INVOICES-30-FIN-PAY-T02": "red", "FIN-INVOICES-30-FIN-PAY-T01": "restated",
                      "FIN-AP-OLDEST-FIN-PAY-T01": "restated", "FIN-AP-OLDEST-FIN-PAY-T02": "restated"}
    path = "/returns/spot-checks"
    done = checker.post(path, data={"csrf_token": token(checker, path), "indicator": "FIN-INVOICES-30",
                                    "org": "FIN-PAY-T02", "period": PERIOD, "stratum": "red", "result": "fail",
                                    "evidence": "Payments ledger shows 72/100, not 60/100"})
    assert "Recorded" in done.get_data(as_text=True)
    assert checker.get(path).get_data(as_text=True).count("not yet checked") == 3      # the sample is kept
    import flask

    from dashboard.auth.viewer import Viewer
    from dashboard.db import EVERYTHING
    import dash
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/data-quality")
    with site.server.test_request_context("/data-quality"):
        flask.g.mi_viewer = Viewer("checker", "Checker", "analyst", EVERYTHING)
        text = str(layout())
    assert "Payments ledger shows 72/100" in text


def test_export_folds_signed_off_returns_into_the_extract(site, tiny_con, tmp_path):
    """python -m dashboard.returns export: the four signed-off September returns replace the extract's rows (three
    with commentary),
    validated; running it twice changes nothing more."""
    import subprocess
    import sys

    import pandas as pd

    from tests.conftest import ROOT
    rows = tiny_con.execute("SELECT indicator_code, org_code, strftime(period_start, '%Y-%m-%d') AS period_start, "
                            "numerator, denominator, value, status, strftime(received_at, '%Y-%m-%d %H:%M:%S') "
                            "AS received_at FROM measure WHERE org_code LIKE 'FIN-PAY%' ORDER BY ALL").df()
    rows.to_csv(tmp_path / "measure.csv", index=False)
    store_file = site.server.extensions["mi_returns"].engine.url.database
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "dashboard.returns", "export", "--period", PERIOD, "--into",
                               str(tmp_path), "--store", store_file], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert "4 signed-off returns for 2026-09: 4 replaced and 0 added" in done.stdout
    out = pd.read_csv(tmp_path / "measure.csv")
    assert len(out) == len(rows)
    sept = out[out["period_start"] == "2026-09-01"].set_index(["indicator_code", "org_code"])
    assert sept.loc[("FIN-INVOICES-30", "FIN-PAY-T01"), "value"] == pytest.approx(0.99)
    assert sept.loc[("FIN-INVOICES-30", "FIN-PAY-T02"), "numerator"] == 60
    assert sept.loc[("FIN-AP-OLDEST", "FIN-PAY-T02"), "value"] == 45
    assert set(sept.loc[[("FIN-INVOICES-30", "FIN-PAY-T01"), ("FIN-AP-OLDEST", "FIN-PAY-T02")], "status"]) == {"validated"}
    notes = pd.read_csv(tmp_path / "commentary.csv")
    assert len(notes) == 3 and "The payments system was down for a week" in set(notes["text"])


def test_a_recalculation_point_restarts_the_limits_the_entry_checks_use(site, tiny_con):
    """An analyst's point "process changed in 2025-06" (with a reason) moves the process mean shown on the entry page
    to the mean of the 14 values since then (computed here from the measure table; SPC draws limits from 13 or
    more)."""
    def mean_shown(client):
        page = client.get(f"/returns/FIN-INVOICES-30/FIN-PAY-T01?period={PERIOD}").get_data(as_text=True)
        found = re.search(r"\(mean ([0-9.]+)%\)", page)
        assert found, page[-3000:]
        return float(found.group(1))

    owner = as_user(site, "payments")
    before = mean_shown(owner)
    checker = as_user(site, "checker")
    path = "/returns/recalculation"
    refused = checker.post(path, data={"csrf_token": token(checker, path), "indicator": "FIN-INVOICES-30",
                                       "period": "2026-04", "reason": ""})
    assert "needs a reason" in refused.get_data(as_text=True)
    assert as_user(site, "payments").post(path, data={"csrf_token": token(owner, "/sign-in"),
                                                      "indicator": "FIN-INVOICES-30", "period": "2026-04",
                                                      "reason": "x"}).status_code == 403
    saved = checker.post(path, data={"csrf_token": token(checker, path), "indicator": "FIN-INVOICES-30",
                                     "period": "2025-06", "reason": "New payments system from June 2025"})
    assert "New payments system from June 2025" in saved.get_data(as_text=True)
    since = tiny_con.execute("SELECT avg(value) FROM measure WHERE indicator_code = 'FIN-INVOICES-30' AND "
                             "org_code = 'FIN-PAY-T01' AND period_start BETWEEN DATE '2025-06-01' AND "
                             "DATE '2026-08-01'").fetchone()[0]
    after = mean_shown(owner)
    assert after == pytest.approx(100 * since, abs=0.05) and after != before


def test_the_main_navigation_links_to_returns_for_accounts_with_returns(site):
    """Owners and heads of service (managers), analysts and admins get a plain "Returns" link (a full page load:
    /returns is not a Dash page); a cabinet member or a partner does not."""
    import flask

    from dashboard import ids
    from dashboard.auth.viewer import Viewer
    from dashboard.components.frame import header
    from dashboard.context import build_info
    from dashboard.db import EVERYTHING, Scope

    def links(role, scope=EVERYTHING):
        with site.server.test_request_context("/"):
            flask.g.mi_viewer = Viewer(role, role, role, scope)
            html = str(header(build_info(site.server.extensions["mi_database"]), active="scorecard"))
        return html.count(f"id='{ids.NAV_RETURNS}'"), "href='/returns'" in html

    assert links("manager") == (1, True) and links("analyst") == (1, True) and links("admin") == (1, True)
    assert links("cabinet") == (0, False)
    partner = Scope(units=frozenset(), casework=frozenset(), partner="NHS")
    assert links("manager", partner) == (0, False)
