"""On a phone (390 px) and with the scorecard's search box, in headless Chromium.

If these broke, a manager on a phone would have to scroll sideways to see whether an indicator is red,
could not use the exceptions page or the commentary-due list, and a member could not find an indicator
by typing part of its name."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from dashboard import ids

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
