"""The month's returns in a real browser (issue 15's "done when"): the Head of Payments signs in,
enters September's four returns — one needs a reason (above the process limits), one is blocked
until it has commentary (red) — the Director of Finance signs them off, the scorecard shows the
signed-off values, the audit trail shows each step, and the chasing list and spot-check sample
match an independent computation.

If this broke, owners could not make their monthly return in the browser they use."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from dashboard.security import QuietRequestHandler
from tests.conftest import PASSWORD, ROOT
from tests.returns_fixtures import PERIOD, returns_app
from tests.test_browser import _no_serious_axe_violations
from tests.test_returns_pages import _independent_overdue

SCREENSHOTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def returns_site(tiny_db, tmp_path_factory):
    app = returns_app(tiny_db, tmp_path_factory.mktemp("returns-browser"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _sign_in(page: Page, site: str, user: str, next_path: str):
    page.context.clear_cookies()
    page.goto(f"{site}/sign-in?next={next_path}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#sign-in-button")


def _enter(page: Page, site: str, indicator: str, org: str, **fields):
    page.goto(f"{site}/returns/{indicator}/{org}?period={PERIOD}")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.click("#submit-return")


def test_a_month_of_returns_from_entry_to_scorecard(page: Page, returns_site, tiny_con, console):
    app, site = returns_site
    SCREENSHOTS.mkdir(exist_ok=True)
    _sign_in(page, site, "payments", "/returns")
    expect(page.locator("#returns-heading")).to_have_text("Returns due")
    expect(page.locator("#returns-due tbody tr")).to_have_count(4)
    _no_serious_axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / "returns-list.png"), full_page=True)

    # above the process limits: asked for a reason, then accepted with one
    _enter(page, site, "FIN-INVOICES-30", "FIN-PAY-T01", numerator="99", denominator="100")
    expect(page.locator("#return-needs-reason")).to_contain_text("outside the process limits")
    page.fill("#reason", "Backlog cleared by the new scanning contract")
    page.click("#submit-return")
    expect(page.locator("#return-state")).to_have_text("submitted")
    # red against the target: blocked until there is commentary
    _enter(page, site, "FIN-INVOICES-30", "FIN-PAY-T02", numerator="60", denominator="100")
    expect(page.locator("#return-blocked")).to_contain_text("RED")
    _no_serious_axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / "returns-blocked.png"), full_page=True)
    if page.locator("#reason").count():
        page.fill("#reason", "System outage")
    page.fill("#what_why", "The payments system was down for a week")
    page.fill("#action", "Overtime to clear the backlog")
    page.fill("#recovery_date", "2026-12-31")
    page.click("#submit-return")
    expect(page.locator("#return-state")).to_have_text("submitted")
    for org, days in (("FIN-PAY-T01", "70"), ("FIN-PAY-T02", "72")):
        _enter(page, site, "FIN-AP-OLDEST", org, value=days, what_why="Old disputed invoices",
               action="Chasing suppliers")
        if page.locator("#return-needs-reason").count():
            page.fill("#reason", "Checked against the ledger")
            page.click("#submit-return")
        expect(page.locator("#return-state")).to_have_text("submitted")

    # the head of service signs off both teams' returns
    _sign_in(page, site, "finance_head", "/returns/review")
    for org in ("FIN-PAY-T01", "FIN-PAY-T02"):
        for code in ("FIN-INVOICES-30", "FIN-AP-OLDEST"):
            page.select_option(f"#decision-{code}-{org}", "signed_off")
        page.click(f"#review-{org}-{PERIOD}-save")
        expect(page.locator("[role=status]").first).to_contain_text("signed off and locked")
    page.screenshot(path=str(SCREENSHOTS / "returns-review.png"), full_page=True)

    # the scorecard shows the signed-off values: (99 + 60) / (100 + 100) for the service
    page.goto(f"{site}/org/FIN-PAY?period={PERIOD}")
    row = page.locator("tr", has=page.locator("a", has_text="Undisputed invoices paid within 30 days"))
    expect(row).to_contain_text("79.5%")
    expect(row).to_contain_text("signed off")
    expect(row).not_to_contain_text("provisional")
    page.screenshot(path=str(SCREENSHOTS / "returns-scorecard.png"), full_page=False)

    # the audit trail: each step, in order
    page.goto(f"{site}/returns/audit?org=FIN-PAY-T02&period={PERIOD}")
    events = page.locator("#audit-trail td.event").all_inner_texts()
    assert events == ["submitted", "submitted", "signed off", "signed off", "locked"]
    expect(page.locator("#audit-trail")).to_contain_text("60/100")

    # the chasing list and the spot-check sample against an independent computation
    _sign_in(page, site, "admin", "/returns/chasing")
    expected = _independent_overdue(tiny_con, app.server.extensions["mi_returns"].engine.url.database)
    expect(page.locator("#chasing-list tbody tr")).to_have_count(len(expected))
    listed = {tuple(t.split("\t")) for t in page.locator("#chasing-list tbody tr").all_inner_texts()}
    assert len(listed) == len(expected)
    _no_serious_axe_violations(page)
    _sign_in(page, site, "checker", "/returns/spot-checks")
    strata = dict(zip([i.split("sample-", 1)[1] for i in page.locator("#spot-check-sample tbody tr")
                       .evaluate_all("rows => rows.map(r => r.id)")],
                      page.locator("#spot-check-sample td.stratum").all_inner_texts()))
    assert strata == {"FIN-INVOICES-30-FIN-PAY-T02": "red", "FIN-INVOICES-30-FIN-PAY-T01": "restated",
                      "FIN-AP-OLDEST-FIN-PAY-T01": "restated", "FIN-AP-OLDEST-FIN-PAY-T02": "restated"}
    assert [e for e in console if "422" not in e] == []       # a refused entry answers 422: the browser notes it


def test_saved_recalculation_on_the_indicator_page_and_returns_in_the_navigation(page: Page, returns_site, console):
    """An analyst's saved recalculation point is named on the indicator page's SPC section, and the main
    navigation's "Returns" link is reached with the keyboard and opens /returns; no console errors."""
    app, site = returns_site
    SCREENSHOTS.mkdir(exist_ok=True)
    app.server.extensions["mi_returns"].recalculation(username="checker", indicator_code="CSC-CASELOAD",
                                                      period="2025-04", reason="New caseload model")
    _sign_in(page, site, "checker", "/indicator/CSC-CASELOAD?org=EMC%26period=2026-09")
    page.goto(f"{site}/indicator/CSC-CASELOAD?org=EMC&period=2026-09")
    expect(page.locator("#spc-recalculation")).to_contain_text(
        "Limits recalculated from April 2025: New caseload model — saved by checker on")
    expect(page.locator("#indicator-spc .main-svg").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "indicator-recalculation.png"), full_page=True)
    for _ in range(60):                      # Tab through the page from the top until the link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "nav-returns":
            break
    else:
        pytest.fail("the Returns link is never reached with the Tab key")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/returns")
    assert console == []
