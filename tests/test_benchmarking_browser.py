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


@pytest.fixture(scope="module")
def any_file_server(tiny_db, tmp_path_factory):
    """The tiny demo with the register, the neighbours, two EES files written for the tests (several filters,
    counts and a population column) and ONS population estimates, served."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from tests.published_files import write_cla, write_mye, write_placements

    folder = tmp_path_factory.mktemp("any-file")
    path = published_copy(tiny_db, folder, [
        ("register", PUBLIC / "mysociety_uk_local_authorities_current.csv"), ("ees", write_cla(folder)),
        ("ees", write_placements(folder)),
        ("neighbours", PUBLIC / "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"),
        ("ons-mye", write_mye(folder))])
    server = make_server("127.0.0.1", 0, create_app(Settings(db_path=path, auth="none")).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_pickers_choose_a_breakdown_and_a_population(page: Page, any_file_server, console):
    """Choosing another value of one filter keeps the other filter's value and puts the breakdown in the URL;
    choosing the raw figures says they are raw; on a phone's width nothing runs off the side."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{any_file_server}/benchmarking?measure=dfe_cla_rates.number&area={ESSEX}")
    expect(page.locator("#benchmark-headline")).to_contain_text("per 10,000")
    which = page.get_by_label("Which children")
    expect(which).to_have_value("Children looked after at 31 March")
    page.get_by_label("Age group").select_option("Under 10")
    expect(page).to_have_url(re.compile(r"breakdown=.*Under\+10"))
    which = page.get_by_label("Which children")
    which.select_option("Children starting to be looked after")
    expect(page).to_have_url(re.compile(r"Children\+starting.*Under\+10"))       # the age group kept
    expect(page.locator("#benchmark-source")).to_contain_text("Children starting to be looked after")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Compare").select_option("raw")
    expect(page).to_have_url(re.compile(r"per=raw"))
    expect(page.locator("#benchmark-note")).to_contain_text("raw counts, not per head")
    _no_serious_axe_violations(page)
    assert console == []


def test_a_comparison_that_cannot_be_made_keeps_the_pickers(page: Page, any_file_server, console):
    page.goto(f"{any_file_server}/benchmarking?measure=dfe_placement_stability.children_percent&area={ESSEX}")
    expect(page.locator("#benchmark-why-not")).to_contain_text("Every area compared has the same figure")
    page.get_by_label("Social workers").select_option("3 or more social workers")
    expect(page.locator("#benchmark-headline")).to_contain_text("Rank")
    expect(page.locator("#benchmark-why-not")).to_have_count(0)
    _no_serious_axe_violations(page)
    assert console == []
