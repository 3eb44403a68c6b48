"""/benchmarking in headless Chromium on real published files: the funnel
plot is drawn with its verdict in words and a table alternative reachable from
the keyboard, the measure picker changes the URL, and nothing errors."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from tests.conftest import PUBLIC, published_copy
from tests.test_browser import _no_serious_axe_violations

ESSEX = "E10000012"


@pytest.fixture(scope="module")
def published_server(tiny_db, tmp_path_factory):
    """The tiny demo with the register, the DfE neighbour groups, the C1 referrals and the social work workforce files, served."""
    from dashboard import create_app
    from dashboard.settings import Settings

    path = published_copy(tiny_db, tmp_path_factory.mktemp("published"), [
        (kind, PUBLIC / name) for kind, name in (
            ("register", "mysociety_uk_local_authorities_current.csv"),
            ("ees", "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
            ("ees", "dfe_csww_indicators_2017_to_2025.csv"),
            ("neighbours", "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"))])
    server = make_server("127.0.0.1", 0, create_app(Settings(db_path=path, auth="none")).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_funnel_plot_with_its_verdict_and_table(page: Page, published_server, console):
    page.goto(f"{published_server}/benchmarking?measure=rereferral_percent&area={ESSEX}&group=neighbours")
    funnel = page.locator("#benchmark-funnel")
    expect(funnel.locator("h2")).to_contain_text("Funnel plot")
    expect(page.locator("#benchmark-funnel-chart .main-svg").first).to_be_visible()
    # the verdict says where Essex lies, in words
    expect(page.locator("#benchmark-funnel-verdict")).to_contain_text("Essex")
    expect(page.locator("#benchmark-funnel-verdict")).to_contain_text(re.compile(r"inside|outside"))
    # the table alternative opens from the keyboard
    summary = funnel.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#benchmark-funnel-table")).to_be_visible()
    expect(page.locator("#benchmark-funnel-table")).to_contain_text("Essex")
    _no_serious_axe_violations(page)
    assert console == []


def test_a_measure_without_counts_says_why_there_is_no_funnel(page: Page, published_server, console):
    page.goto(f"{published_server}/benchmarking?measure=turnover_rate_fte&area={ESSEX}&group=neighbours")
    expect(page.locator("#benchmark-funnel h2")).to_contain_text("Funnel plot")
    expect(page.locator("#benchmark-funnel-chart")).to_have_count(0)
    expect(page.locator("#benchmark-funnel-verdict")).to_contain_text("leavers")   # why: not a subset of those in post
    assert console == []
