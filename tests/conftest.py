"""Shared fixtures: one tiny demo database per test session, the app on it,
a live server for the browser, and Debian's Chromium for Playwright."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from werkzeug.serving import make_server

from dashboard.security import QuietRequestHandler

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """The tiny preset, built once per session with the real generator."""
    from data.generate import build

    path = tmp_path_factory.mktemp("db") / "tiny.duckdb"
    build(preset="tiny", seed=42, out=path, quiet=True)
    return path


@pytest.fixture(scope="session")
def tiny_con(tiny_db):
    con = duckdb.connect(str(tiny_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def app(tiny_db):
    from dashboard import create_app
    from dashboard.settings import Settings

    return create_app(Settings(db_path=tiny_db, auth="none"))


@pytest.fixture(scope="session")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The dashboard served on a free loopback port for the browser tests."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def council_db(tmp_path_factory) -> Path:
    """The council preset (a few seconds): for tests that need several years of history."""
    from data.generate import build

    path = tmp_path_factory.mktemp("db") / "council.duckdb"
    build(preset="council", seed=42, out=path, quiet=True)
    return path


@pytest.fixture
def console(page):
    """Every console error and uncaught exception on the page (browser tests assert it stays empty)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


PUBLIC = SHARED / "data" / "public"


def ingest(db: Path, kind: str, path: Path) -> None:
    """Import a published file into ``db`` with the real command line, as an analyst would."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "data.ingest", kind, str(path), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def published_copy(tiny_db: Path, folder: Path, files) -> Path:
    """A copy of the tiny demo in ``folder`` with the published ``files`` ((kind, path) pairs) imported."""
    import shutil

    path = folder / "mi.duckdb"
    shutil.copy(tiny_db, path)
    for kind, file in files:
        ingest(path, kind, file)
    return path


# -- signed-in clients ----------------------------------------------------------------

PASSWORD = "correct horse battery staple"
# Accounts on the tiny demo: EMC is the council, SCF its children's directorate, AHCW adults'.
ACCOUNTS = {
    "cabinet": dict(role="cabinet"),
    "analyst": dict(role="analyst", casework_code="SCF"),
    "admin": dict(role="admin"),
    "adults_manager": dict(role="manager", org_code="AHCW"),          # a manager of another directorate than SCF
    "children_manager": dict(role="manager", org_code="SCF", casework_code="SCF"),
    "police": dict(role="partner", partner_code="POLICE"),
}


@pytest.fixture(scope="session")
def users_file(tmp_path_factory) -> Path:
    from dashboard.users import UserStore

    path = tmp_path_factory.mktemp("users") / "users.sqlite"
    store = UserStore(path)
    for name, account in ACCOUNTS.items():
        store.add(name, password=PASSWORD, display_name=name.replace("_", " ").title(), **account)
    return path


@pytest.fixture(scope="session")
def secure_app(tiny_db, users_file, tmp_path_factory):
    """The dashboard as a council runs it: local accounts, sign-in required."""
    from dashboard import create_app
    from dashboard.settings import Settings

    return create_app(Settings(db_path=tiny_db, auth="local", users=str(users_file),
                               archive=str(tmp_path_factory.mktemp("archive"))))


def sign_in(app, username: str, password: str = PASSWORD, client=None):
    """A test client signed in through the sign-in form, as a browser would."""
    import re

    client = client or app.server.test_client()
    form = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post("/sign-in", data={"username": username, "password": password, "csrf_token": token,
                                             "next": "/"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def client_as(secure_app):
    """``client_as("cabinet")``: a fresh client signed in as one of ACCOUNTS."""
    return lambda username: sign_in(secure_app, username)


def analyst_client(db: Path, folder: Path):
    """A client signed in as an analyst on a council's own (not demonstration) database, where the
    dashboard always asks for sign-in: the account is made in a users file under ``folder``."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.users import UserStore

    users = folder / "users.sqlite"
    UserStore(users).add("analyst", role="analyst", password=PASSWORD)
    app = create_app(Settings(db_path=db, auth="local", users=str(users), archive=str(folder / "archive")))
    return sign_in(app, "analyst")
