"""Shared fixtures: one tiny demo database per test session, the app on it,
a live server for the browser, and Debian's Chromium for Playwright."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboard.security import QuietRequestHandler

# A loaded two-core machine (CI, or tests beside other work) can take longer than Playwright's default 5 s
# to draw a chart; what a user waits for is still asserted, with room for a slow machine.
expect.set_options(timeout=15_000)

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


# -- PostgreSQL from Debian's package, started on loopback for the store tests ----------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port; its URL prefix.
    PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user."""
    import os
    import shutil
    import socket
    import subprocess

    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL is not installed (make test installs Debian's postgresql package)")
    folder = Path(tempfile_dir := str(tmp_path_factory.mktemp("pg")))
    data = folder / "data"
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(folder, "postgres")
        folder.chmod(0o755)
        for parent in folder.parents:         # postgres must reach its folder through the pytest temp tree
            if str(parent).startswith("/tmp/") and parent.stat().st_mode & 0o005 != 0o005:
                parent.chmod(parent.stat().st_mode | 0o005)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(run_as + [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                             "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run(run_as + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                             f"-p {port} -k {tempfile_dir} -c listen_addresses=127.0.0.1 -c fsync=on"
                             " -c max_connections=200", "start"], check=True, capture_output=True)
    yield f"postgresql://postgres@127.0.0.1:{port}"
    subprocess.run(run_as + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                   capture_output=True)


def fresh_postgres(server_url: str) -> str:
    """A new empty database on the test cluster; its URL."""
    import uuid

    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine("postgresql+psycopg://" + server_url.split("://", 1)[1] + "/postgres",
                              isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return f"{server_url}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The returns store's URL on each backend (every store test runs on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'returns.sqlite'}"
    return fresh_postgres(request.getfixturevalue("postgres_server"))
