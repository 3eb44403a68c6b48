"""On a phone (390 px) and with the scorecard's search box, in headless Chromium.

If these broke, a manager on a phone would have to scroll sideways to see whether an indicator is red,
could not use the exceptions page or the commentary-due list, and a member could not find an indicator
by typing part of its name, an owner could not list the indicators they own, and the indicator page would
scroll sideways on a phone."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.security import QuietRequestHandler
from tests.conftest import PASSWORD
from tests.returns_fixtures import returns_app
from tests.test_browser import _no_serious_axe_violations

PHONE = {"width": 390, "height": 844}


def _fits(page: Page, selector: str) -> None:
    """Nothing on the page is wider than the phone: no sideways scroll."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, (selector, width)


def test_scorecard_search_narrows_the_list_and_counts(page: Page, live_server, console):
    page.goto(live_server + "/")
    expect(page.locator(f"#{ids.SCORECARD}")).to_be_visible()
    rows = page.locator(f"#{ids.SCORECARD} tr[data-search]")
    total = rows.count()
    assert total > 5
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(f"{total} indicators")
    first = rows.first.get_attribute("data-search")
    word = max(first.split(), key=len)           # a distinctive word of the first indicator's name
    expected = sum(word in (rows.nth(i).get_attribute("data-search") or "") for i in range(total))
    page.locator(f"#{ids.SCORECARD_SEARCH}").fill(word)
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(
        re.compile(rf"^{expected} of {total} indicators? match"))
    assert page.locator(f"#{ids.SCORECARD} tr[data-search]:visible").count() == expected
    page.locator(f"#{ids.SCORECARD_SEARCH}").fill("zzzz no such indicator")
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(re.compile(rf"^0 of {total} indicators"))
    expect(page.locator(f"#{ids.SCORECARD} .scorecard-group:visible")).to_have_count(0)
    page.locator(f"#{ids.SCORECARD_SEARCH}").fill("")
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(f"{total} indicators")
    # jump links: one per theme, each to its table
    links = page.locator(f"#{ids.SCORECARD_JUMP} a")
    assert links.count() == page.locator(f"#{ids.SCORECARD} .group-heading").count()
    href = links.first.get_attribute("href")
    assert page.locator(href).count() == 1
    assert console == []


def test_phone_scorecard_keeps_the_status_in_view(page: Page, live_server, console):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/")
    expect(page.locator(f"#{ids.SCORECARD}")).to_be_visible()
    _fits(page, "scorecard")
    row = page.locator(f"#{ids.SCORECARD} tr[data-search]").first
    status = row.locator("td[data-label='Status']")
    status.scroll_into_view_if_needed()
    expect(status).to_be_in_viewport()
    box = status.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert console == []


def test_phone_exceptions_and_commentary_due_are_usable(page: Page, live_server, console):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/exceptions")
    expect(page.locator(f"#{ids.EXCEPTION_TABLE}")).to_be_visible()
    _fits(page, "exceptions")
    first = page.locator(f"#{ids.EXCEPTION_TABLE} tbody tr").first
    badge = first.locator("td").first
    box = badge.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"], box
    # the filters are full-width and usable
    select = page.locator(f"#{ids.EXCEPTION_FILTER}-reason")
    assert select.bounding_box()["width"] <= PHONE["width"]
    page.get_by_role("link", name="Commentary due, by owner").click()
    expect(page.locator(f"#{ids.COMMENTARY_DUE_COUNT}")).to_contain_text("Commentary is due on")
    _fits(page, "commentary due")
    assert console == []


@pytest.fixture(scope="module")
def owners_site(tiny_db, tmp_path_factory):
    """Sign-in over the tiny demo, with the Head of Payments' account (tests/returns_fixtures.py)."""
    app = returns_app(tiny_db, tmp_path_factory.mktemp("my-indicators"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_my_indicators_for_the_signed_in_owner(page: Page, owners_site, tiny_con, console):
    # independently: the catalogue's indicators whose owner is the account's display name
    owned = sorted(r[0] for r in tiny_con.execute(
        "SELECT code FROM indicator WHERE lower(owner) = lower('Head of Payments')").fetchall())
    assert owned
    page.goto(f"{owners_site}/sign-in?next=/")
    page.fill("#username", "payments")
    page.fill("#password", PASSWORD)
    page.click("#sign-in-button")
    switch = page.locator(f"#{ids.SCORECARD_MINE}")
    expect(switch).to_be_visible()
    rows = page.locator(f"#{ids.SCORECARD} tr[data-search]")
    total = rows.count()
    assert total > len(owned)
    mine = switch.get_by_role("link", name=f"My indicators ({len(owned)})")
    expect(switch.get_by_role("link", name=f"Any owner ({total}) (selected)")).to_be_visible()
    expect(page.locator(f"#{ids.SCORECARD_MINE_NOTE}")).to_contain_text("whose owner is Head of Payments")
    # from the keyboard: Tab from the search box to the switch, Enter
    page.locator(f"#{ids.SCORECARD_SEARCH}").focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("My indicators"):
            break
    expect(mine).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]mine=1"))
    expect(rows).to_have_count(len(owned))
    assert all("head of payments" in rows.nth(i).get_attribute("data-search") for i in range(len(owned)))
    expect(page.locator(f"#{ids.SCORECARD_MINE_NOTE}")).to_have_text(
        f"Showing only the {len(owned)} indicators whose owner is Head of Payments (you).")
    expect(switch.get_by_role("link", name=f"My indicators ({len(owned)}) (selected)")).to_be_visible()
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(f"{len(owned)} indicators")
    # the state is in the URL: a reload (or a bookmark) shows the same
    page.reload()
    expect(rows).to_have_count(len(owned))
    # and back to everything
    switch.get_by_role("link", name=re.compile(r"^Any owner")).click()
    expect(rows).to_have_count(total)
    assert "mine=" not in page.url
    _no_serious_axe_violations(page)
    assert console == []


def test_no_my_indicators_in_demonstration_mode(page: Page, live_server, console):
    page.goto(live_server + "/?mine=1")
    expect(page.locator(f"#{ids.SCORECARD}")).to_be_visible()
    expect(page.locator(f"#{ids.SCORECARD_MINE}")).to_have_count(0)
    total = page.locator(f"#{ids.SCORECARD} tr[data-search]").count()
    expect(page.locator(f"#{ids.SCORECARD_SEARCH_COUNT}")).to_have_text(f"{total} indicators")
    assert console == []


def test_phone_indicator_pages_have_no_sideways_scroll(page: Page, live_server, tiny_con, console):
    """Every indicator's page fits a phone: its tables scroll inside their own box, its headline wraps (a long
    assurance label such as "No assurance (no target or too few points)" made the page 464 px wide)."""
    page.set_viewport_size(PHONE)
    codes = [r[0] for r in tiny_con.execute("SELECT code FROM indicator ORDER BY code").fetchall()]
    wide = {}
    for code in codes:
        page.goto(f"{live_server}/indicator/{code}")
        expect(page.locator("#indicator-headline")).to_be_visible()
        expect(page.locator(f"#{ids.INDICATOR_TREND}")).to_be_visible()
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll != client:
            wide[code] = scroll
    assert client == PHONE["width"] and wide == {}, wide
    assert console == []
