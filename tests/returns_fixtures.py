"""An app with sign-in over the tiny demo and a returns store of its own, "today" fixed at
20 October 2026 (September's returns are due and overdue): the Head of Payments owns two
indicators for two teams; the Director of Finance (a manager of FIN) is their head of service."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD, sign_in

TODAY = "2026-10-20"
PERIOD = "2026-09"
RETURNS_ACCOUNTS = {
    "payments": dict(role="manager", org_code="FIN-PAY", display_name="Head of Payments"),
    "finance_head": dict(role="manager", org_code="FIN", display_name="Director of Finance (Section 151 Officer)"),
    "libraries": dict(role="manager", org_code="AHCW-LIB", display_name="Head of Libraries"),
    "admin": dict(role="admin", display_name="Admin"),
    "checker": dict(role="analyst", display_name="Checker"),
}


def returns_app(db, folder, store_url: str | None = None):
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.users import UserStore

    users = UserStore(folder / "users.sqlite")
    for name, account in RETURNS_ACCOUNTS.items():
        users.add(name, password=PASSWORD, **account)
    return create_app(Settings(db_path=db, auth="local", users=str(folder / "users.sqlite"),
                               store=store_url or str(folder / "returns.sqlite"), today=TODAY,
                               archive=str(folder / "archive")))


def token(client, path: str = "/sign-in") -> str:
    """The session's form token, from ``path``'s form (the sign-in form has it when a page shows none)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    return found.group(1) if found else token(client)


def enter(client, indicator: str, org: str, **fields):
    path = f"/returns/{indicator}/{org}?period={PERIOD}"
    return client.post(path, data={"csrf_token": token(client, path), "period": PERIOD, **fields})


def as_user(app, name: str):
    return sign_in(app, name)
