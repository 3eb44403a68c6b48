"""The scope matrix: a partner, a manager of another directorate and an
anonymous client each try every page, every download, an archived pack and a
tampered callback about the children's directorate (SCF), and get nothing of it:
checked on the bytes returned (its units' names and codes absent), not only the
status.  Pages and download tables are read from the registries, so a new page
or table is covered without touching this file.

If this broke, someone could read another directorate's figures, or a partner
the council's, by typing an address."""

from __future__ import annotations

import inspect
import json
import re

import pytest

from tests.conftest import ACCOUNTS, sign_in

OTHER = "SCF"                       # the children's directorate: outside every tried scope
TEAM = "SCF-CSC-T03"                # one of its casework teams
INDICATOR = "CSC-ASSESS-45"         # reported by its teams
ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}
TRIERS = ("police", "adults_manager", "anonymous")


def _pages() -> list[str]:
    """Every page module (the registry itself is filled only when an app is made)."""
    from tests.conftest import ROOT
    return sorted(f"dashboard.pages.{p.stem}" for p in (ROOT / "dashboard" / "pages").glob("*.py")
                  if p.stem != "__init__")


@pytest.fixture(scope="module")
def secrets_of_scf(tiny_con) -> list[str]:
    """Every name and code of the units at or below SCF: none may appear in what the triers get."""
    rows = tiny_con.execute("SELECT u.code, u.name FROM org_unit u JOIN org_ancestor a ON a.org_code = u.code "
                            "WHERE a.ancestor_code = ?", [OTHER]).fetchall()
    return [c for c, _ in rows] + [n for _, n in rows]


@pytest.fixture(scope="module")
def triers(secure_app):
    clients = {name: sign_in(secure_app, name) for name in TRIERS if name != "anonymous"}
    clients["anonymous"] = secure_app.server.test_client()
    return clients


def assert_nothing_of_scf(body: bytes | str, secrets: list[str], where: str) -> None:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = text.replace("\\u2019", "'").replace("\\u0027", "'")
    for secret in secrets:
        pattern = r"(?<![A-Za-z0-9-])" + re.escape(secret) + r"(?![A-Za-z0-9-])" if secret.isupper() else re.escape(secret)
        assert not re.search(pattern, text), f"{where} shows {secret!r}"


def _page_address(page) -> str:
    """The page's address naming SCF (or its team, or its indicator) wherever it takes a unit."""
    path = page.get("path_template") or page["path"]
    layout = inspect.unwrap(page["layout"])
    params = inspect.signature(layout).parameters if callable(layout) else {}
    path = path.replace("<code>", INDICATOR if "indicator" in path else OTHER)
    query = {"org": TEAM if "casework" in path else OTHER} if "org" in params else {}
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("module", _pages())
@pytest.mark.parametrize("who", TRIERS)
def test_every_page_refuses_the_other_directorate(module, who, triers, secrets_of_scf):
    import dash
    address = _page_address(dash.page_registry[module])
    client = triers[who]
    path, _, search = address.partition("?")
    first = client.get(address)
    if who == "anonymous":
        assert first.status_code == 302 and "/sign-in" in first.headers["Location"]
    elif "org" in address or "/org/" in address or "indicator" in address:
        assert first.status_code in (403, 404), (address, first.status_code)
    # Dash's index repeats the address asked for in its og:url meta tag: that echo is the asker's own
    shell = first.get_data(as_text=True).replace(address.replace("&", "&amp;"), "").replace(address, "")
    assert_nothing_of_scf(shell, secrets_of_scf, f"GET {address} as {who}")
    # the page as the browser draws it: the router's callback, which a tampered payload would call directly
    payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                    {"id": "_pages_location", "property": "search", "value": "?" + search if search else ""}]}
    drawn = client.post("/_dash-update-component", json=payload)
    if who == "anonymous":
        assert drawn.status_code == 401
    assert_nothing_of_scf(drawn.get_data(), secrets_of_scf, f"drawing {address} as {who}")


def _download_args(table: str) -> str:
    if table.startswith("indicator"):
        return f"code={INDICATOR}&org={OTHER}"
    if table == "casework_cases":
        return f"org={TEAM}"
    if table.startswith("benchmarking"):
        return ""
    return f"org={OTHER}"


def _tables():
    from dashboard.downloads import TABLES
    return sorted(TABLES)


@pytest.mark.parametrize("table", _tables())
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", TRIERS)
def test_every_download_refuses_the_other_directorate(table, fmt, who, triers, secrets_of_scf):
    response = triers[who].get(f"/download/{table}.{fmt}?{_download_args(table)}")
    if who == "anonymous":
        assert response.status_code == 401
    elif who == "police" and table != "partnerships":
        assert response.status_code == 403
    elif table.startswith(("benchmarking", "partnerships")):
        assert response.status_code in (200, 403, 404)     # published statistics; partnerships: council-wide
    else:
        assert response.status_code == 403, (table, response.get_data(as_text=True))
    body = response.get_data()
    if fmt == "xlsx" and response.status_code == 200:
        import io

        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(body))
        body = json.dumps([[c for c in row] for sheet in book for row in sheet.iter_rows(values_only=True)],
                          default=str)
    assert_nothing_of_scf(body, secrets_of_scf, f"{table}.{fmt} as {who}")


@pytest.fixture(scope="module")
def scf_pack(secure_app):
    """A pack of the children's directorate, in the archive."""
    from dashboard.briefing import generate
    from dashboard.briefing.content import PackRequest
    from dashboard.db import EVERYTHING

    settings = secure_app.server.extensions["mi_settings"]
    entry, _pack = generate(secure_app.server.extensions["mi_database"], PackRequest(org=OTHER, period="2026-06"),
                            scope=EVERYTHING, archive_folder=settings.archive_folder, generated_by="test")
    return entry.id


@pytest.mark.parametrize("name", ["pack.pdf", "pack.html", "document.json", "manifest.json"])
@pytest.mark.parametrize("who", TRIERS)
def test_archived_packs_of_another_directorate_are_refused(name, who, triers, scf_pack, secrets_of_scf):
    response = triers[who].get(f"/briefing/archive/{scf_pack}/{name}")
    assert response.status_code == (401 if who == "anonymous" else 403)
    assert_nothing_of_scf(response.get_data(), secrets_of_scf, f"archived {name} as {who}")


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("who", TRIERS)
def test_briefing_packs_of_another_directorate_are_refused(fmt, who, triers, secrets_of_scf):
    client = triers[who]
    if fmt == "html":
        response = client.get(f"/briefing/pack.html?org={OTHER}&period=2026-06")
    else:
        with client.session_transaction() as session:
            token = session.get("csrf_token", "")
        response = client.post("/briefing/pack.pdf", data={"org": OTHER, "period": "2026-06", "csrf_token": token})
    assert response.status_code in ((401,) if who == "anonymous" else (403,))
    assert_nothing_of_scf(response.get_data(), secrets_of_scf, f"pack.{fmt} as {who}")


@pytest.mark.parametrize("who", ["police", "adults_manager"])
def test_a_tampered_go_to_select_cannot_reach_another_unit_or_site(who, triers, secure_app):
    """The "go to any unit" select sends its value as the next address: a tampered value is refused when it
    leaves the site, and an address of another unit draws nothing of it."""
    from dashboard import ids
    payload = {"output": f"{ids.NAV_LOCATION}.href@" , "outputs": {"id": ids.NAV_LOCATION, "property": "href"},
               "inputs": [{"id": ids.CHILD_JUMP, "property": "value", "value": "https://evil.example/"}],
               "changedPropIds": [f"{ids.CHILD_JUMP}.value"], "state": []}
    from tests.test_hardening import callback_output
    payload["output"] = callback_output(secure_app, ids.CHILD_JUMP)
    response = triers[who].post("/_dash-update-component", json=payload)
    assert response.status_code == 400 and b"away from this site" in response.get_data()


def test_the_partner_sees_only_the_indicators_it_supplies(triers, tiny_con):
    from tests.test_pages import render
    body = render(triers["police"], "/partnerships")
    assert "Eastmere Police" in body
    for other in tiny_con.execute("SELECT name FROM partner WHERE code <> 'POLICE'").fetchall():
        assert other[0] not in body
    assert "/indicator/" not in body           # no link to a page the partner cannot open
    nav = re.findall(r'"children": \["?([A-Z][a-z ]+)', body)
    assert "Scorecard" not in body.split("site-header")[1][:3000]


def test_the_managers_navigation_offers_only_what_it_may_open(triers, secrets_of_scf):
    from tests.test_pages import render
    body = render(triers["adults_manager"], "/")
    assert "Adults, Health and Community Wellbeing" in body          # "/" is the manager's own unit
    assert "Eastmere County Council" not in body.split('"breadcrumb"')[-1][:2000]
    assert "/partnerships" not in body
    assert_nothing_of_scf(body, secrets_of_scf, "the adults manager's home page")


def test_accounts_cover_every_role():
    from dashboard.users import ROLES
    assert {a["role"] for a in ACCOUNTS.values()} == set(ROLES)
