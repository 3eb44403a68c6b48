"""Signing in through OpenID Connect, end to end against a real provider on
loopback: discovery, the code flow with PKCE, state and nonce, the signed ID
token, and the account (role, scope) from the dashboard's own table.

If this broke, a council on Entra ID could not sign its staff in, or anyone the
provider knows could open the dashboard without an account."""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from werkzeug.serving import make_server

from dashboard.security import QuietRequestHandler
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, free_port, provider


@pytest.fixture(scope="module")
def oidc_site(tiny_db, tmp_path_factory):
    """The dashboard with MI_AUTH=oidc, and the provider it trusts: (dashboard URL, issuer)."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.users import UserStore

    users = tmp_path_factory.mktemp("oidc") / "users.sqlite"
    store = UserStore(users)
    store.add("j.smith", role="manager", org_code="AHCW", display_name="Jo Smith")      # no password: OIDC only
    store.add("analyst.one", role="analyst", casework_code="SCF")
    issuer_port = free_port()
    app = create_app(Settings(db_path=tiny_db, auth="oidc", users=str(users), oidc_issuer=f"http://127.0.0.1:{issuer_port}",
                              oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET, secure_cookies=False))
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_port}"
    with provider(issuer_port, f"{site}/sign-in/oidc/callback") as issuer:
        yield site, issuer, store
    server.shutdown()


def _form(html: str, base: str) -> tuple[str, dict]:
    action = re.search(r'<form[^>]*action="([^"]+)"', html).group(1)
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    return urljoin(base, action), fields


def sign_in_through_provider(site: str, login: str, next_path: str = "/") -> requests.Response:
    """What a person does at the provider: log in, then agree to share their identity."""
    session = requests.Session()
    page = session.get(f"{site}/sign-in/oidc?next={next_path}", timeout=60)
    assert urlsplit(page.url).path.startswith("/interaction/"), page.url
    action, fields = _form(page.text, page.url)
    page = session.post(action, data={**fields, "login": login, "password": "any"}, timeout=60)
    if urlsplit(page.url).path.startswith("/interaction/"):          # the consent page: "Continue"
        action, fields = _form(page.text, page.url)
        page = session.post(action, data=fields, timeout=60)
    page.session = session
    return page


def test_discovery_and_the_authorisation_request_use_pkce_state_and_nonce(oidc_site):
    site, issuer, _store = oidc_site
    first = requests.get(f"{site}/sign-in/oidc", allow_redirects=False, timeout=60)
    assert first.status_code == 302 and first.headers["Location"].startswith(issuer + "/auth?")
    query = parse_qs(urlsplit(first.headers["Location"]).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0]


def test_a_person_with_an_account_signs_in_with_their_role_and_scope(oidc_site):
    site, _issuer, store = oidc_site
    page = sign_in_through_provider(site, "j.smith", "/finance")
    assert page.status_code == 200 and urlsplit(page.url).path == "/finance", page.url
    session = page.session
    assert session.get(f"{site}/download/finance_units.csv?org=AHCW", timeout=60).status_code == 200
    assert session.get(f"{site}/download/finance_units.csv?org=SCF", timeout=60).status_code == 403
    last = store.entries(limit=1)[0]
    assert (last["event"], last["username"]) == ("sign_in", "j.smith") and '"method": "oidc"' in last["parameters"]


def test_someone_the_provider_knows_but_the_dashboard_does_not_is_refused(oidc_site):
    site, _issuer, store = oidc_site
    page = sign_in_through_provider(site, "stranger")
    assert page.status_code == 403 and "no account" in page.text
    assert requests.get(f"{site}/download/scorecard.csv", cookies=page.session.cookies, timeout=60).status_code == 401
    assert store.entries(limit=1)[0]["event"] == "sign_in_failed"


def test_a_forged_return_is_refused(oidc_site):
    """A callback with a code and state the dashboard never asked for."""
    site, _issuer, _store = oidc_site
    session = requests.Session()
    session.get(f"{site}/sign-in/oidc", allow_redirects=False, timeout=60)     # a real state is now pending
    forged = session.get(f"{site}/sign-in/oidc/callback?code=forged&state=forged", timeout=60)
    assert forged.status_code == 400 and "did not confirm" in forged.text
    assert session.get(f"{site}/download/scorecard.csv", timeout=60).status_code == 401
