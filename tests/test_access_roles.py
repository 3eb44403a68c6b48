"""Sign-in, sessions and what each role sees.

If this broke, a council could not let its staff in, a stolen cookie would
outlive signing out, a cabinet member would read children's case numbers, or
nobody could tell afterwards who downloaded a case list."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.conftest import ACCOUNTS, PASSWORD, ROOT, sign_in
from tests.test_pages import render


def _token(client, path="/sign-in") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _store(app):
    return app.server.extensions["mi_users"]


# -- signing in and out ------------------------------------------------------------

def test_nobody_signed_in_is_sent_to_the_sign_in_page(secure_app):
    client = secure_app.server.test_client()
    response = client.get("/finance?org=EMC")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/finance")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and b'id="password"' in page.data
    assert client.get("/download/scorecard.csv").status_code == 401


def test_signing_in_opens_the_page_asked_for_and_says_who_is_signed_in(secure_app):
    client = secure_app.server.test_client()
    token = _token(client)
    response = client.post("/sign-in", data={"username": "cabinet", "password": PASSWORD, "csrf_token": token,
                                             "next": "/finance?org=EMC"})
    assert response.status_code == 302 and response.headers["Location"] == "/finance?org=EMC"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Cabinet (cabinet)" in render(client, "/finance", "?org=EMC")


def test_a_wrong_password_is_refused_and_logged(secure_app):
    client = secure_app.server.test_client()
    response = client.post("/sign-in", data={"username": "analyst", "password": "wrong", "csrf_token": _token(client)})
    assert response.status_code == 401 and b"do not match" in response.data
    last = _store(secure_app).entries(limit=1)[0]
    assert (last["event"], last["username"], last["route"]) == ("sign_in_failed", "analyst", "/sign-in")


def test_a_next_address_elsewhere_is_not_followed(secure_app):
    client = secure_app.server.test_client()
    response = client.post("/sign-in", data={"username": "admin", "password": PASSWORD, "csrf_token": _token(client),
                                             "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_sign_in_needs_the_forms_token(secure_app):
    client = secure_app.server.test_client()
    client.get("/sign-in")
    response = client.post("/sign-in", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 400 and b"expired" in response.data


def test_a_post_from_another_site_is_refused(secure_app):
    client = sign_in(secure_app, "cabinet")
    with client.session_transaction() as session:
        token = session["csrf_token"]
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/sign-out", data={"csrf_token": token}, headers=headers)
        assert response.status_code == 403
        assert client.post("/_dash-update-component", json={}, headers=headers).status_code == 403


def test_signing_out_ends_the_session_even_for_a_copied_cookie(secure_app):
    client = sign_in(secure_app, "analyst")
    stolen = client.get_cookie("mi_session").value
    with client.session_transaction() as session:
        token = session["csrf_token"]
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 302 and "signed_out" in response.headers["Location"]
    replay = secure_app.server.test_client()
    replay.set_cookie("mi_session", stolen)
    assert replay.get("/download/scorecard.csv").status_code == 401
    assert _store(secure_app).entries(limit=1)[0]["event"] == "sign_out"


@pytest.mark.parametrize("column, age", [("seen_at", dt.timedelta(minutes=31)), ("created_at", dt.timedelta(hours=9))])
def test_idle_and_old_sessions_end(secure_app, column, age):
    """30 minutes without a request, or 8 hours after signing in, and the session is over."""
    from dashboard.users import sessions

    client = sign_in(secure_app, "admin")
    assert client.get("/download/scorecard.csv").status_code == 200
    with _store(secure_app).engine.begin() as con:
        con.execute(sessions.update().where(sessions.c.username == "admin")
                    .values(**{column: dt.datetime.now() - age}))
    assert client.get("/download/scorecard.csv").status_code == 401


def test_repeated_failures_are_throttled(tiny_db, tmp_path):
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.users import UserStore

    UserStore(tmp_path / "u.sqlite").add("victim", role="cabinet", password=PASSWORD)
    app = create_app(Settings(db_path=tiny_db, auth="local", users=str(tmp_path / "u.sqlite")))
    client = app.server.test_client()
    token = _token(client)
    for _ in range(5):
        assert client.post("/sign-in", data={"username": "victim", "password": "guess", "csrf_token": token}
                           ).status_code == 401
    # now even the right password waits: the guessing has to stop
    refused = client.post("/sign-in", data={"username": "victim", "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 429 and b"Too many" in refused.data


def test_the_access_log_is_append_only(secure_app):
    from dashboard.users import access_log

    engine = _store(secure_app).engine
    for statement in (sa.delete(access_log), sa.update(access_log).values(username="nobody")):
        with pytest.raises(sa.exc.IntegrityError, match="append-only"):
            with engine.begin() as con:
                con.execute(statement)


# -- what each role sees -------------------------------------------------------------

def test_a_manager_sees_their_own_unit_and_below(client_as, tiny_con):
    client = client_as("adults_manager")
    body = render(client, "/")
    assert "Adults, Health and Community Wellbeing" in body
    service = tiny_con.execute("SELECT code, name FROM org_unit WHERE parent_code = 'AHCW' ORDER BY code").fetchone()
    assert client.get(f"/org/{service[0]}").status_code == 200
    assert service[1] in render(client, f"/org/{service[0]}")
    assert client.get("/org/EMC").status_code == 403                  # the council is above their unit
    csv = client.get("/download/scorecard.csv?org=AHCW")
    assert csv.status_code == 200 and b"AHCW" in csv.data


def test_cabinet_sees_casework_counts_without_case_numbers(client_as, tiny_con):
    client = client_as("cabinet")
    team = "SCF-CSC-T03"
    cases = [r[0] for r in tiny_con.execute("SELECT case_id FROM casework_case WHERE org_code = ?", [team]).fetchall()]
    body = render(client, "/casework", f"?org={team}")
    assert "Waiting for allocation" in body and "casework-no-cases" in body
    assert not any(re.search(rf"\b{re.escape(c)}\b", body) for c in cases)
    for table in ("casework_cases", "casework_unallocated", "casework_due"):
        assert client.get(f"/download/{table}.csv?org={team}").status_code == 403
    assert client.get(f"/download/casework_teams.csv?org={team}").status_code == 200


def test_the_casework_permission_shows_case_numbers_and_every_download_is_logged(secure_app, client_as):
    client = client_as("analyst")
    body = render(client, "/casework", "?org=SCF-CSC-T03")
    assert "casework-cases" in body and "casework-no-cases" not in body
    response = client.get("/download/casework_cases.csv?org=SCF-CSC-T03")
    assert response.status_code == 200 and b"case_id" in response.data
    last = _store(secure_app).entries(limit=1)[0]
    assert (last["event"], last["username"], last["route"]) == ("case_download", "analyst",
                                                                 "/download/casework_cases.csv")
    assert '"org": "SCF-CSC-T03"' in last["parameters"]
    assert response.headers["Cache-Control"] == "no-store"


def test_counts_for_those_without_the_permission_match_the_case_lists(client_as):
    """The same headline, with or without case numbers."""
    with_cases = render(client_as("analyst"), "/casework", "?org=SCF")
    without = render(client_as("cabinet"), "/casework", "?org=SCF")
    for section in ("casework-headline", "casework-unallocated-teams"):
        assert _component(with_cases, section) == _component(without, section) is not None


def _component(body: str, wanted: str):
    """The component with id ``wanted`` in a rendered page, as JSON."""
    import json

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                return json.dumps(node, sort_keys=True)
            return next((found for v in node.values() if (found := walk(v)) is not None), None)
        if isinstance(node, list):
            return next((found for v in node if (found := walk(v)) is not None), None)
        return None
    return walk(json.loads(body))


def test_admin_only_sees_what_an_analyst_sees_with_the_same_permission(client_as):
    client = client_as("admin")
    assert client.get("/download/casework_cases.csv?org=SCF-CSC-T03").status_code == 403
    assert client.get("/org/EMC").status_code == 200


def test_a_role_change_takes_effect_on_the_next_request(secure_app, client_as):
    client = client_as("children_manager")
    assert client.get("/download/scorecard.csv?org=SCF").status_code == 200
    _store(secure_app).update("children_manager", org_code="AHCW", casework_code=None)
    try:
        assert client.get("/download/scorecard.csv?org=SCF").status_code == 403
    finally:
        _store(secure_app).update("children_manager", org_code="SCF", casework_code="SCF")


# -- commands --------------------------------------------------------------------------

def _users(*args, stdin=None, users=None, db=None):
    return subprocess.run([sys.executable, "-m", "dashboard.users", "--users", str(users), "--db", str(db), *args],
                          cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120)


def test_the_users_command_manages_accounts(tmp_path, tiny_db):
    users = tmp_path / "users.sqlite"
    done = _users("add", "j.smith@council.gov.uk", "--role", "manager", "--unit", "SCF", "--password-stdin",
                  stdin=PASSWORD + "\n", users=users, db=tiny_db)
    assert done.returncode == 0, done.stderr
    assert _users("add", "x", "--role", "manager", "--unit", "NOWHERE", "--password-stdin", stdin=PASSWORD + "\n",
                  users=users, db=tiny_db).stderr.strip() == f"There is no org unit “NOWHERE” in {tiny_db}."
    assert _users("add", "y", "--role", "manager", "--oidc", users=users, db=tiny_db).returncode == 2
    assert _users("set-scope", "j.smith@council.gov.uk", "--casework", "SCF-CSC", users=users, db=tiny_db).returncode == 0
    assert _users("set-role", "j.smith@council.gov.uk", "cabinet", users=users, db=tiny_db).returncode == 0
    listed = _users("list", users=users, db=tiny_db).stdout
    assert "j.smith@council.gov.uk\tcabinet\tcouncil-wide\tpassword" in listed     # casework dropped with the role
    assert _users("remove", "j.smith@council.gov.uk", users=users, db=tiny_db).returncode == 0
    assert _users("list", users=users, db=tiny_db).stdout == ""


def test_briefing_command_as_a_user_is_scoped(tmp_path, tiny_db, users_file):
    run = lambda *a: subprocess.run([sys.executable, "-m", "dashboard.briefing", "--db", str(tiny_db),  # noqa: E731
                                     "--users", str(users_file), "--period", "2026-06", "--out",
                                     str(tmp_path / "p.pdf"), *a], cwd=ROOT, capture_output=True, text=True,
                                    timeout=300, env={**__import__("os").environ, "MI_ARCHIVE": str(tmp_path / "a")})
    refused = run("--as", "adults_manager", "--org", "SCF")
    assert refused.returncode == 2 and "do not have access" in refused.stderr
    assert "Schools, Children" not in refused.stderr
    assert run("--as", "nobody").returncode == 2


# -- no sign-in ------------------------------------------------------------------------

def test_no_sign_in_says_so_on_every_page(client):
    assert "No sign-in: demonstration mode" in render(client, "/")
    assert "No sign-in: demonstration mode" in render(client, "/finance")


def test_no_sign_in_is_refused_on_data_that_are_not_a_demonstration(tiny_db, tmp_path):
    import shutil

    import duckdb
    real = tmp_path / "real.duckdb"
    shutil.copy(tiny_db, real)
    con = duckdb.connect(str(real))
    con.execute("UPDATE build_info SET demonstration = false")
    con.close()
    code = ("from dashboard import create_app\nfrom dashboard.settings import Settings\n"
            f"create_app(Settings(db_path={str(real)!r}, auth='none'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == ("MI_AUTH=none is refused: real.duckdb is not demonstration "
                                                    "data, so people must sign in (MI_AUTH=local or oidc).")


def test_a_partner_starts_on_the_partnerships_page(client_as):
    client = client_as("police")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/partnerships"
    assert client.get("/partnerships").status_code == 200


def test_no_sign_in_stops_when_a_real_build_replaces_the_demo(tiny_db, tmp_path):
    """MI_AUTH=none is checked on every request too: a real build swapped in under a demo server locks it."""
    import os
    import shutil

    import duckdb

    from dashboard import create_app
    from dashboard.settings import Settings

    served = tmp_path / "mi.duckdb"
    shutil.copy(tiny_db, served)
    client = create_app(Settings(db_path=served, auth="none")).server.test_client()
    assert client.get("/download/scorecard.csv").status_code == 200
    real = tmp_path / "real.duckdb"
    shutil.copy(tiny_db, real)
    con = duckdb.connect(str(real))
    con.execute("UPDATE build_info SET demonstration = false")
    con.close()
    os.replace(real, served)
    response = client.get("/download/scorecard.csv")
    assert response.status_code == 503 and b"only on demonstration data" in response.data


def test_every_role_has_an_account_in_the_fixtures():
    assert {"cabinet", "manager", "analyst", "partner", "admin"} == {a["role"] for a in ACCOUNTS.values()}
