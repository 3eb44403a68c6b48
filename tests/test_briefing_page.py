"""The briefing page in headless Chromium: a cabinet member's officer picks a
pack, reads the preview, downloads the PDF and finds it in the archive."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from dashboard import ids
from tests.test_browser import _no_serious_axe_violations


def test_choose_preview_download_and_find_in_the_archive(page: Page, live_server, console):
    page.goto(live_server + "/briefing")
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_have_text("Briefing packs")
    preview = page.frame_locator("#briefing-preview")
    expect(preview.locator("h1")).to_contain_text("Monthly performance pack")
    _no_serious_axe_violations(page)

    page.select_option("#briefing-kind", "cabinet")
    expect(page).to_have_url(re.compile(r"kind=cabinet"))
    expect(page.locator("#briefing-period")).to_have_value(re.compile(r"^\d{4}-Q[1-4]$"))   # the newest complete quarter
    expect(preview.locator("h1")).to_contain_text("Quarterly performance report to Cabinet")
    expect(preview.locator("#recommendations")).to_contain_text("Cabinet is asked to")

    page.select_option("#briefing-for", label="Portfolio: Children and Families")
    expect(page).to_have_url(re.compile(r"portfolio=Children\+and\+Families"))
    expect(preview.locator("h1")).to_contain_text("Children and Families portfolio")
    # the choice survives a reload, from the URL alone
    page.reload()
    expect(page.locator("#briefing-for")).to_have_value("portfolio:Children and Families")

    with page.expect_download() as download:
        page.click("#briefing-pdf")
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf") and "cabinet" in download.value.suggested_filename

    page.get_by_role("link", name="Briefing packs").click()
    page.goto(live_server + "/briefing/archive")
    table = page.locator("#briefing-archive-table")
    expect(table).to_contain_text("Quarterly performance report to Cabinet: Children and Families portfolio")
    _no_serious_axe_violations(page)
    assert console == []


def test_the_pack_itself_is_accessible_html(page: Page, live_server, console):
    """The HTML that becomes the PDF: headings in order, every table with headers, no serious axe findings."""
    page.goto(live_server + "/briefing/pack.html?period=2026-09&kind=cabinet")
    levels = [int(h.evaluate("e => e.tagName")[1]) for h in page.locator("h1, h2, h3, h4").all()]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert page.locator("table:not(:has(th[scope=col]))").count() == 0
    assert page.locator("svg[role=img] > title").count() == page.locator("svg").count() > 0
    _no_serious_axe_violations(page)
    assert console == []


def test_a_bad_period_gets_a_clear_message(page: Page, live_server, console):
    response = page.goto(live_server + "/briefing?kind=cabinet&period=2019-Q1")
    assert response.status == 400
    expect(page.locator(f"#{ids.PAGE_ERROR}")).to_contain_text("This database covers")
    assert [e for e in console if "status of 400" not in e] == []     # the browser notes the page's status
