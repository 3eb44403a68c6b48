"""Signing in with a real browser: a local account through the sign-in form,
and a council account through the OpenID provider's own pages; signing out.
The pages pass their Content-Security-Policy with a clean console.

If these broke, staff could not get in (or out) of the dashboard in the browser
they use, whatever the tests of the protocol say."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.security import QuietRequestHandler
from tests.conftest import PASSWORD, ROOT
from tests.test_browser import _no_serious_axe_violations
from tests.test_oidc import oidc_site  # noqa: F401 — the OpenID provider and the dashboard that trusts it

SCREENSHOTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def secure_server(secure_app):
    """The dashboard with local accounts (secure cookies: Chromium keeps them on loopback)."""
    server = make_server("127.0.0.1", 0, secure_app.server, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_sign_in_with_a_local_account_then_sign_out(page: Page, secure_server, console):
    page.goto(secure_server + "/finance?org=AHCW")
    expect(page).to_have_url(f"{secure_server}/sign-in?next=/finance?org%3DAHCW")
    expect(page.locator("h1")).to_have_text("Sign in")
    _no_serious_axe_violations(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sign-in.png"))
    page.fill("#username", "adults_manager")
    page.fill("#password", PASSWORD)
    page.click("#sign-in-button")
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_contain_text("Adults, Health and Community Wellbeing")
    expect(page.locator(f"#{ids.SIGNED_IN}")).to_contain_text("Adults Manager (manager)")
    expect(page.locator("nav[aria-label=Main]")).not_to_contain_text("Partnerships")     # not offered: council-wide
    _no_serious_axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / "signed-in.png"), full_page=False)
    page.click(f"#{ids.SIGN_OUT}")
    expect(page.locator("[role=status]")).to_contain_text("You have signed out")
    page.goto(secure_server + "/finance?org=AHCW")
    expect(page.locator("h1")).to_have_text("Sign in")
    assert console == []


def test_a_wrong_password_says_so(page: Page, secure_server, console):
    page.goto(secure_server + "/sign-in")
    page.fill("#username", "cabinet")
    page.fill("#password", "not the password")
    page.click("#sign-in-button")
    expect(page.locator("#sign-in-error")).to_contain_text("do not match")
    # the failed sign-in answers 401: the browser notes the status, nothing else
    assert [e for e in console if "401" not in e] == []


def test_sign_in_through_the_councils_openid_provider(page: Page, oidc_site):  # noqa: F811
    site, issuer, _store = oidc_site
    ours: list[str] = []            # errors on the dashboard's pages (the provider's own pages are its business)
    page.on("console", lambda m: ours.append(m.text) if m.type == "error" and page.url.startswith(site) else None)
    page.on("pageerror", lambda e: ours.append(str(e)) if page.url.startswith(site) else None)
    page.goto(site + "/workforce?org=AHCW")
    page.click("text=Sign in with your council account")
    expect(page).to_have_url(re.compile(re.escape(issuer) + "/interaction/"))
    page.fill("input[name=login]", "j.smith")
    page.fill("input[name=password]", "any")
    page.click("button[type=submit]")
    page.click("button[type=submit]")                     # the provider's consent page: "Continue"
    expect(page.locator(f"#{ids.SIGNED_IN}")).to_contain_text("Jo Smith (manager)")
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_contain_text("Adults, Health and Community Wellbeing")
    assert page.url == site + "/workforce?org=AHCW"
    assert ours == []
