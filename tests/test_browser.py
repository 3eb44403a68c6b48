"""The dashboard in headless Chromium, driven by clicks as a person would.

If these broke, someone could not click from the council down to a team, the
back button or a shared link would lose their place, the browser console would
show errors, or a screen-reader or keyboard user would be shut out."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from dashboard import ids

AXE = Axe()


def _loaded(page: Page, crumbs: int):
    expect(page.locator(f"#{ids.BREADCRUMB} li")).to_have_count(crumbs)
    expect(page.locator(f"#{ids.SCORECARD}")).to_be_visible()


def _no_serious_axe_violations(page: Page):
    violations = AXE.run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_click_from_council_to_team_and_back(page: Page, live_server, console):
    page.goto(live_server + "/")
    _loaded(page, 1)
    _no_serious_axe_violations(page)
    names = [page.locator(f"#{ids.BREADCRUMB} li").first.inner_text()]

    for depth in (2, 3, 4):           # directorate, service, team
        link = page.locator(f"#{ids.CHILD_UNITS} tbody th a").first
        names.append(link.inner_text())
        link.click()
        _loaded(page, depth)
        assert page.locator(f"#{ids.BREADCRUMB} li").all_inner_texts() == names
        expect(page.locator(f"#{ids.PAGE_HEADING}")).to_have_text(names[-1])
        _no_serious_axe_violations(page)
    assert re.search(r"/org/[^/?]+$", page.url.split("?")[0])
    assert page.locator(f"#{ids.CHILD_UNITS}").count() == 0, "a team has no units below it"

    page.go_back()
    _loaded(page, 3)
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_have_text(names[2])

    deep_link = page.url
    page.reload()
    _loaded(page, 3)
    assert page.url == deep_link
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_have_text(names[2])
    assert console == []


def test_period_picker_updates_url_and_keeps_it_on_reload(page: Page, live_server, console):
    page.goto(live_server + "/")
    _loaded(page, 1)
    picker = page.locator(f"#{ids.PERIOD_PICKER}")
    current = page.locator(f"#{ids.PAGE_HEADING} + p").inner_text()
    picker.focus()
    page.keyboard.press("ArrowDown")       # a native select changes with the arrow keys
    page.wait_for_url(re.compile(r"period=\d{4}-\d{2}"))
    expect(page.locator(f"#{ids.PAGE_HEADING} + p")).not_to_have_text(current)
    chosen = page.locator(f"#{ids.PAGE_HEADING} + p").inner_text()
    page.reload()
    expect(page.locator(f"#{ids.PAGE_HEADING} + p")).to_have_text(chosen)
    page.go_back()
    expect(page.locator(f"#{ids.PAGE_HEADING} + p")).to_have_text(current)
    assert console == []


def test_indicator_page_from_scorecard(page: Page, live_server, console):
    page.goto(live_server + "/")
    _loaded(page, 1)
    link = page.locator(f"#{ids.SCORECARD} tbody th a").first
    name = link.inner_text()
    link.click()
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_have_text(name)
    expect(page.locator(f"#{ids.INDICATOR_TREND} .main-svg").first).to_be_visible()
    _no_serious_axe_violations(page)
    # drill down through the table of units below
    child = page.locator(f"#{ids.INDICATOR_CHILDREN} tbody th a").first
    if child.count():
        child_name = child.inner_text()
        child.click()
        expect(page.locator(f"#{ids.BREADCRUMB} li").last).to_have_text(child_name)
    assert console == []


@pytest.mark.parametrize("path, words, status", [
    ("/org/NO-SUCH-UNIT", "NO-SUCH-UNIT", 404),
    ("/indicator/NO-SUCH-INDICATOR", "NO-SUCH-INDICATOR", 404),
    ("/?period=2026-13", "YYYY-MM", 400),
    ("/?period=1999-01", "no data", 400),
    ("/no/such/page", "no page", 404),
])
def test_bad_links_get_a_clear_message(page: Page, live_server, console, path, words, status):
    """The address answers its real status, and the page says what is wrong with the site's header kept."""
    response = page.goto(live_server + path)
    assert response.status == status
    expect(page.locator(f"#{ids.PAGE_ERROR}")).to_contain_text(re.compile(re.escape(words), re.I))
    expect(page.locator("nav[aria-label=Main]")).to_be_visible()
    # the browser notes the page's own status in the console; nothing else may be there
    assert [e for e in console if f"status of {status}" not in e] == []


@pytest.mark.parametrize("width", [375, 1024])
def test_no_sideways_scroll_on_phone_and_tablet(page: Page, live_server, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + "/")
    _loaded(page, 1)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_keyboard_reaches_the_drill_down(page: Page, live_server):
    """Tab from the top of the page reaches a directorate link and Enter follows it."""
    page.goto(live_server + "/")
    _loaded(page, 1)
    target = page.locator(f"#{ids.CHILD_UNITS} tbody th a").first
    href = target.get_attribute("href")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('href')") == href:
            break
    else:
        pytest.fail("a directorate link could not be reached with the keyboard")
    page.keyboard.press("Enter")
    _loaded(page, 2)


def test_exceptions_from_the_council_page_with_a_filter(page: Page, live_server, console):
    page.goto(live_server + "/")
    _loaded(page, 1)
    page.locator(f"#{ids.TOP_EXCEPTIONS} a[href^='/exceptions']").click()
    expect(page.locator(f"#{ids.EXCEPTION_TABLE}")).to_be_visible()
    _no_serious_axe_violations(page)
    everything = page.locator(f"#{ids.EXCEPTION_COUNT}").inner_text()
    page.select_option(f"#{ids.EXCEPTION_FILTER}-reason", "red")
    page.wait_for_url(re.compile(r"reason=red"))
    expect(page.locator(f"#{ids.EXCEPTION_COUNT}")).not_to_have_text(everything)
    statuses = page.locator(f"#{ids.EXCEPTION_TABLE} tbody tr:not(.state-resolved) td:nth-child(2)").all_inner_texts()
    assert statuses and all("Red" in s for s in statuses)
    # each row links to the indicator at that unit
    page.locator(f"#{ids.EXCEPTION_TABLE} tbody th a").first.click()
    expect(page.locator(f"#{ids.SPC_SECTION}")).to_be_visible()
    assert console == []


@pytest.mark.parametrize("section, heading", [("finance", "Finance"), ("workforce", "Workforce"),
                                               ("customers", "Customers"), ("risks", "Risks")])
def test_resource_pages_from_the_integrated_panel_down_a_level(page: Page, live_server, console, section, heading):
    """From the council's panel a manager opens a resource page, then a
    directorate's, with the unit and month kept; every chart and table is
    readable by assistive technology."""
    page.goto(live_server + "/?period=2025-11")
    expect(page.locator(f"#{ids.RESOURCES_PANEL}")).to_be_visible()
    page.locator(f"#{ids.RESOURCES_PANEL} a[href^='/{section}']").first.click()
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_contain_text(heading)
    assert "period=2025-11" in page.url
    _no_serious_axe_violations(page)
    link = page.locator(f"#{ids.UNIT_TABLE} tbody th a").first
    name = link.inner_text()
    link.click()
    expect(page.locator(f"#{ids.BREADCRUMB} li")).to_have_count(2)
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_contain_text(name)
    assert console == []
