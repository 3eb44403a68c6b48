"""What probing the running app as an outsider found, each closed: formula
injection in downloads, non-ASCII digits and huge numbers, repeated
parameters, malformed callback bodies, page addresses answering with their real
status, long archive ids, path traversal, security headers, and errors that
never show a path or the database's own words.

If this broke, a downloaded spreadsheet could run a formula, a crafted link
could crash a page (500) or send the browser elsewhere, or an error page would
tell an attacker where the database lives."""

from __future__ import annotations

import io
import json
import shutil

import openpyxl
import pandas as pd
import pytest

from tests.test_pages import ROUTER, render

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


# -- spreadsheet formula injection ----------------------------------------------------

def test_text_that_would_run_as_a_formula_is_neutralised_in_csv():
    from dashboard.downloads import neutralised
    frame = pd.DataFrame({"name": FORMULAS + ["plain", None], "value": [-1.0, 2, 3, 4, 5, 6, 7, 8]})
    out = neutralised(frame)
    assert list(out["name"][:6]) == ["'" + f for f in FORMULAS]
    assert out["name"][6] == "plain" and pd.isna(out["name"][7])
    assert list(out["value"]) == list(frame["value"])            # numbers are numbers, minus signs and all


@pytest.fixture(scope="module")
def hostile_client(tiny_db, tmp_path_factory):
    """The demo with a unit whose name came in as a formula (as an imported file could carry)."""
    import duckdb

    from dashboard import create_app
    from dashboard.settings import Settings

    path = tmp_path_factory.mktemp("hostile") / "mi.duckdb"
    shutil.copy(tiny_db, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE org_unit SET name = ? WHERE code = 'AHCW'", [FORMULAS[0]])
    con.close()
    return create_app(Settings(db_path=path, auth="none")).server.test_client()


def test_formula_text_from_the_data_is_text_in_both_downloads(hostile_client):
    csv = hostile_client.get("/download/child_units.csv?org=EMC").get_data(as_text=True)
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv and ",=HYPERLINK" not in csv
    book = openpyxl.load_workbook(io.BytesIO(hostile_client.get("/download/child_units.xlsx?org=EMC").data))
    cells = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)       # a string cell, never a formula ("f")


# -- numbers and dates: ASCII digits only ----------------------------------------------

@pytest.mark.parametrize("query", [
    "period=٢٠٢٦-٠٩", "period=2026-09%0A", "period=2026-9", "period=" + "9" * 5000,
])
def test_periods_take_ascii_digits_only(client, query):
    assert client.get(f"/download/scorecard.csv?{query}").status_code == 400
    assert client.get(f"/finance?{query}").status_code == 400


@pytest.mark.parametrize("query", ["days=²", "days=٣", "days=" + "9" * 5000, "date=２０２６-０６-０１",
                                   "date=20260601", "date=2026-06-01%0A"])
def test_casework_days_and_dates_take_ascii_digits_only(client, query):
    assert client.get(f"/download/casework_due.csv?org=EMC&{query}").status_code == 400
    assert client.get(f"/casework?org=EMC&{query}").status_code == 400


@pytest.mark.parametrize("number", ["٢", "²", "0", "9" * 5000, "99999999"])
def test_exception_pages_are_checked_before_the_query(client, number):
    assert client.get(f"/exceptions?page={number}").status_code == 400
    body = render(client, "/exceptions", f"?page={number}")
    assert "There is no page" in body and "Something went wrong" not in body


def test_a_baseline_takes_ascii_digits_only(client, tiny_con):
    code = tiny_con.execute("SELECT code FROM indicator WHERE spc_applies LIMIT 1").fetchone()[0]
    for baseline in ("٣", "²", "9" * 5000):
        assert client.get(f"/download/indicator_spc.csv?code={code}&baseline={baseline}").status_code == 400


# -- repeated parameters ------------------------------------------------------------------

def test_repeated_parameters_are_a_bad_request_on_pages_and_downloads(client):
    assert client.get("/download/scorecard.csv?org=EMC&org=SCF").status_code == 400
    response = client.get("/finance?org=EMC&org=SCF")
    assert response.status_code == 400 and b"more than once" in response.data
    body = render(client, "/finance", "?org=EMC&org=SCF")       # as the browser would draw it
    assert "more than once" in body and "Something went wrong" not in body


# -- the callback endpoint ----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    b"not json", b"[1, 2]", b'{"output": 1}', b'{"output": "x", "inputs": "no"}',
    b'{"output": "no-such.children", "inputs": []}',
    json.dumps({**ROUTER, "inputs": [1, 2]}).encode(),
    json.dumps({**ROUTER, "inputs": [{"id": "_pages_location"}]}).encode(),
])
def test_malformed_callback_bodies_are_a_bad_request(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400


def test_a_huge_callback_body_is_refused(client):
    response = client.post("/_dash-update-component", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413


@pytest.mark.parametrize("href", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_callbacks_send_the_browser_only_to_this_site(app, href):
    from dashboard import ids
    output = callback_output(app, ids.CHILD_JUMP)
    response = app.server.test_client().post("/_dash-update-component", json={
        "output": output, "outputs": {"id": ids.NAV_LOCATION, "property": "href"},
        "inputs": [{"id": ids.CHILD_JUMP, "property": "value", "value": href}],
        "changedPropIds": [f"{ids.CHILD_JUMP}.value"], "state": []})
    assert response.status_code == 400 and b"away from this site" in response.data


def callback_output(app, input_id: str) -> str:
    """The output key of the page callback fed by ``input_id``."""
    return next(key for key, spec in app.callback_map.items() if any(i["id"] == input_id for i in spec["inputs"]))


def test_a_message_quotes_at_most_80_characters_of_a_bad_value(client):
    long = "X" * 500
    for response in (client.get(f"/download/scorecard.csv?org={long}"), client.get(f"/download/{long}.csv")):
        text = response.get_data(as_text=True)
        assert "X" * 79 in text and "X" * 81 not in text, text
    assert "X" * 81 not in render(client, "/finance", f"?period={long}")


# -- page addresses answer with their real status, header kept ---------------------------------

@pytest.mark.parametrize("path, status", [
    ("/org/NOWHERE", 404), ("/indicator/NOTHING", 404), ("/no-such-page", 404), ("/finance?org=NOWHERE", 404),
    ("/?period=2026-13", 400), ("/finance?period=1999-01", 400), ("/", 200), ("/finance?org=EMC", 200),
])
def test_page_addresses_answer_with_their_status(client, path, status):
    assert client.get(path).status_code == status


def test_an_error_page_keeps_the_header_and_navigation(client):
    body = render(client, "/org/NOWHERE")
    assert "site-header" in body and '"aria-label": "Main"' in body and "Page not found" in body


# -- archive ids and traversal ---------------------------------------------------------------

def test_an_archive_id_longer_than_a_file_name_is_not_found(client):
    assert client.get(f"/briefing/archive/{'a' * 300}/pack.pdf").status_code == 404
    assert client.get("/briefing/archive/abc%0A/pack.pdf").status_code == 404


@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/..%2F..%2F..%2Fsettings.py",
                                  "/_dash-component-suites/dash/deps/..%2F..%2F__init__.py",
                                  "/assets/..%2F__init__.py"])
def test_traversal_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404 and b"import" not in response.data


# -- headers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/download/scorecard.csv", "/assets/10-dashboard.css", "/briefing/archive",
                                  "/sign-in", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "same-origin"
    if not path.startswith("/assets/"):
        assert headers["Cache-Control"] == "no-store"


def test_no_server_version_banner(live_server):
    import requests
    server = requests.get(live_server + "/sign-in", timeout=30).headers.get("Server", "")
    assert "Werkzeug" not in server and "Python" not in server and not any(c.isdigit() for c in server)


# -- errors never show paths or the database's words --------------------------------------------

@pytest.fixture(scope="module")
def corrupt_client(tiny_db, tmp_path_factory):
    from dashboard import create_app
    from dashboard.settings import Settings

    path = tmp_path_factory.mktemp("corrupt") / "mi.duckdb"
    data = bytearray(tiny_db.read_bytes())
    for at in range(len(data) // 4, len(data), 4096):       # damage every block after the first quarter
        data[at:at + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return create_app(Settings(db_path=path, auth="none")).server.test_client(), path


def test_a_corrupt_database_answers_503_data_unavailable(corrupt_client):
    client, path = corrupt_client
    for url in ("/download/scorecard.csv", "/download/finance_units.csv?org=EMC"):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.status_code == 503 and "cannot read its data" in text, (url, response.status_code, text)
        assert str(path.parent) not in text and "duckdb" not in text.lower()
    page = client.get("/finance")
    assert page.status_code == 503
    drawn = render(client, "/finance")
    assert "The data are unavailable" in drawn and str(path.parent) not in drawn


def test_a_missing_database_does_not_show_its_path(tmp_path):
    from dashboard import create_app
    from dashboard.settings import Settings

    client = create_app(Settings(db_path=tmp_path / "absent.duckdb", auth="none")).server.test_client()
    response = client.get("/download/scorecard.csv")
    assert response.status_code == 503 and str(tmp_path) not in response.get_data(as_text=True)
    assert str(tmp_path) not in render(client, "/")


def test_file_names_are_built_from_codes_only(client):
    """A quote, a newline or a stray character in a parameter never reaches the Content-Disposition header."""
    response = client.get('/download/casework_teams.csv?org=EMC&period=x"%3B%20filename=evil.exe')
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="casework_teams_EMC.csv"'
    ok = client.get("/download/scorecard.csv?org=EMC&period=2026-06")
    assert ok.headers["Content-Disposition"] == 'attachment; filename="scorecard_EMC_2026-06.csv"'
