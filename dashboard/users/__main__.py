"""python -m dashboard.users add|remove|list|set-role|set-scope|set-password|log

Manage the dashboard's accounts in MI_USERS (the SQLite file beside the
database unless set).  Unit and partner codes are checked against the database
(MI_DB, or --db).  Exit status 0 on success; 2 with a one-line reason for a bad
request (an unknown role, unit or account, a manager without a unit, ...).

    add NAME --role manager --unit SCF [--casework SCF-CSC] [--name "Full name"] [--oidc]
    remove NAME
    list
    set-role NAME ROLE [--unit CODE] [--partner CODE]
    set-scope NAME [--unit CODE] [--partner CODE] [--casework CODE | --no-casework]
    set-password NAME
    log [--limit N] [--event sign_in|sign_in_failed|case_download|...]

A password is asked for twice on the terminal, or read from standard input with
--password-stdin (one line).  --oidc makes an account that signs in only through
the council's OpenID provider (MI_AUTH=oidc): NAME is then the provider's user
name claim (Entra ID: the user principal name, e.g. j.smith@council.gov.uk).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Sequence

from dashboard.users import ROLE_TEXT, ROLES, UserError, UserStore

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.users", description="Manage the dashboard's accounts.")
    parser.add_argument("--users", type=Path, help="the accounts file (default $MI_USERS, or users.sqlite beside the database)")
    parser.add_argument("--db", type=Path, help="the database whose unit and partner codes are checked (default $MI_DB)")
    commands = parser.add_subparsers(dest="command", required=True)

    add = commands.add_parser("add", help="add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES, help="; ".join(f"{r}: {t}" for r, t in ROLE_TEXT.items()))
    add.add_argument("--name", default="", help="the name shown in the header (default: the user name)")
    _scope_options(add)
    add.add_argument("--oidc", action="store_true", help="no password: signs in through the OpenID provider")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    remove = commands.add_parser("remove", help="remove an account (and end its sessions)")
    remove.add_argument("username")

    commands.add_parser("list", help="list the accounts")

    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    role.add_argument("--unit", help="a manager's unit")
    role.add_argument("--partner", help="a partner's organisation")

    scope = commands.add_parser("set-scope", help="change an account's unit, partner or casework permission")
    scope.add_argument("username")
    _scope_options(scope)
    scope.add_argument("--no-casework", action="store_true", help="take the casework permission away")

    password = commands.add_parser("set-password", help="set a new password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")

    log = commands.add_parser("log", help="print the access log, newest first")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--event", help="only this event (sign_in, sign_in_failed, sign_out, case_download, pack_made)")
    return parser


def _scope_options(parser) -> None:
    parser.add_argument("--unit", help="managers: the org unit they see (with everything below it)")
    parser.add_argument("--partner", help="partners: their organisation's code (see /partnerships)")
    parser.add_argument("--casework", help="case-level casework for the teams at or below this unit")


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from dashboard.settings import Settings

    settings = Settings.from_env()
    if args.db:
        settings = Settings(**{**settings.__dict__, "db_path": args.db})
    store = UserStore(args.users or settings.users_path)
    try:
        return _command(args, store, settings)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT


def _command(args, store: UserStore, settings) -> int:
    if args.command == "list":
        for u in store.all():
            where = u.org_code or (f"partner {u.partner_code}" if u.partner_code else "council-wide")
            cases = f", casework at or below {u.casework_code}" if u.casework_code else ""
            print(f"{u.username}\t{u.role}\t{where}{cases}\t{'password' if u.local else 'oidc'}\t{u.display_name}")
        return 0
    if args.command == "log":
        for e in store.entries(limit=args.limit, event=args.event):
            print(f"{e['at']:%Y-%m-%d %H:%M:%S}\t{e['event']}\t{e['username'] or '-'}\t{e['address'] or '-'}\t"
                  f"{e['route']}\t{e['parameters']}")
        return 0
    if args.command == "remove":
        store.remove(args.username)
        print(f"removed {args.username}")
        return 0
    for code, kind in ((getattr(args, "unit", None), "unit"), (getattr(args, "casework", None), "unit"),
                       (getattr(args, "partner", None), "partner")):
        if code and not _exists(settings, kind, code):
            raise UserError(f"There is no {'partner organisation' if kind == 'partner' else 'org unit'} “{code}” "
                            f"in {settings.db_path}.")
    if args.command == "add":
        password = None if args.oidc else _password(args.password_stdin)
        user = store.add(args.username, role=args.role, display_name=args.name, org_code=args.unit,
                         partner_code=args.partner, casework_code=args.casework, password=password)
        print(f"added {user.username} ({user.role})")
    elif args.command == "set-role":
        changes = {"role": args.role}
        if args.unit:
            changes["org_code"] = args.unit
        if args.partner:
            changes["partner_code"] = args.partner
        user = store.get(args.username)
        if user is None:
            raise UserError(f"There is no account called “{args.username}”.")
        store.update(args.username, **{
            "org_code": None, "partner_code": None,
            "casework_code": user.casework_code if args.role in ("manager", "analyst", "admin") else None,
            **changes})
        print(f"{args.username} is now {args.role}")
    elif args.command == "set-scope":
        changes = {}
        if args.unit:
            changes["org_code"] = args.unit
        if args.partner:
            changes["partner_code"] = args.partner
        if args.casework:
            changes["casework_code"] = args.casework
        if args.no_casework:
            changes["casework_code"] = None
        if not changes:
            raise UserError("Say what to change: --unit, --partner, --casework or --no-casework.")
        store.update(args.username, **changes)
        print(f"changed {args.username}")
    elif args.command == "set-password":
        store.set_password(args.username, _password(args.password_stdin))
        print(f"new password set for {args.username}")
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise UserError("The two passwords differ.")
    if len(password) < 12:
        raise UserError("A password has at least 12 characters.")
    return password


def _exists(settings, kind: str, code: str) -> bool:
    """Whether the database has that unit or partner (True when it cannot be read: nothing is checked then)."""
    from dashboard.db import Database, DatabaseUnavailable
    try:
        db = Database(settings.db_path, cache_size=0)
        return not db.query("org_unit" if kind == "unit" else "partner", code=code).empty
    except DatabaseUnavailable:
        return True


if __name__ == "__main__":
    sys.exit(run())
