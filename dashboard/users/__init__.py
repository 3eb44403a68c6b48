"""The dashboard's own store of accounts, sessions and the access log.

One SQLite file (``MI_USERS``, by default beside the database), never the
DuckDB build: builds replace that file, and the serving processes only read it.
Written with SQLAlchemy Core so the same tables can live in PostgreSQL.

* ``user``: one row per account — local (an argon2 password hash) or OpenID
  Connect (no password; matched on the provider's user name claim) — with its
  role, org unit (managers), partner organisation (partners) and the unit at or
  below which it may read case-level casework.
* ``session``: one row per signed-in browser; the cookie holds only its random
  id, so signing out, removing an account or changing a role takes effect on
  the next request.
* ``access_log``: append-only (triggers refuse UPDATE and DELETE): every
  sign-in, failed sign-in, sign-out, download of case-level data and briefing
  pack made, with who, when, the route and its parameters.  Throttling counts
  its rows, so the limits hold across every serving process.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

ROLES = ("cabinet", "manager", "analyst", "partner", "admin")
ROLE_TEXT = {
    "cabinet": "everything council-wide, no case-level data",
    "manager": "their unit and everything below it",
    "analyst": "everything; case-level casework only with the casework permission",
    "partner": "the partnerships page: the shared indicators their organisation supplies",
    "admin": "everything, case-level casework only with the casework permission, and the access log",
}

metadata = sa.MetaData()

users = sa.Table(
    "user", metadata,
    sa.Column("username", sa.String(200), primary_key=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("org_code", sa.String(60)),          # managers: their unit
    sa.Column("partner_code", sa.String(60)),      # partners: their organisation
    sa.Column("casework_code", sa.String(60)),     # case-level casework at or below this unit
    sa.Column("password_hash", sa.String(200)),    # NULL: signs in through OpenID Connect only
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("role IN ('cabinet', 'manager', 'analyst', 'partner', 'admin')", name="known_role"),
)

sessions = sa.Table(
    "session", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(200), sa.ForeignKey("user.username", ondelete="CASCADE"), nullable=False),
    sa.Column("method", sa.String(10), nullable=False),     # local | oidc
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("seen_at", sa.DateTime, nullable=False),
)

access_log = sa.Table(
    "access_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("username", sa.String(200)),
    sa.Column("address", sa.String(60)),
    sa.Column("route", sa.String(500), nullable=False),
    sa.Column("parameters", sa.Text, nullable=False),        # JSON
)

secret = sa.Table(
    "secret", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

# The log is evidence: the store itself refuses to change or delete a row.
_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log "
    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
]

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class UserError(ValueError):
    """A bad account request: unknown user, unknown role, a manager without a unit, ..."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    org_code: str | None
    partner_code: str | None
    casework_code: str | None
    local: bool


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class UserStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.engine = sa.create_engine(f"sqlite:///{self.path}", connect_args={"timeout": 15})
        sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self._ready = False

    def ensure(self) -> "UserStore":
        """Create the file and tables on first use (idempotent)."""
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            metadata.create_all(self.engine)
            with self.engine.begin() as con:
                for statement in _APPEND_ONLY:
                    con.exec_driver_sql(statement)
            try:
                self.path.chmod(0o600)
            except OSError:
                pass
            self._ready = True
        return self

    # -- accounts ------------------------------------------------------------
    def add(self, username: str, *, role: str, display_name: str = "", org_code: str | None = None,
            partner_code: str | None = None, casework_code: str | None = None, password: str | None = None) -> User:
        username = _username(username)
        _check_role(role, org_code, partner_code, casework_code)
        row = dict(username=username, display_name=display_name or username, role=role, org_code=org_code,
                   partner_code=partner_code, casework_code=casework_code,
                   password_hash=_hasher.hash(password) if password else None, created_at=now())
        with self.ensure().engine.begin() as con:
            if con.execute(sa.select(users.c.username).where(users.c.username == username)).first():
                raise UserError(f"There is already an account called “{username}”.")
            con.execute(users.insert().values(**row))
        return self.get(username)

    def remove(self, username: str) -> None:
        with self.ensure().engine.begin() as con:
            con.execute(sessions.delete().where(sessions.c.username == username))
            if con.execute(users.delete().where(users.c.username == username)).rowcount == 0:
                raise UserError(f"There is no account called “{username}”.")

    def get(self, username: str) -> User | None:
        with self.ensure().engine.connect() as con:
            row = con.execute(sa.select(users).where(users.c.username == username)).mappings().first()
        return _user(row) if row else None

    def all(self) -> list[User]:
        with self.ensure().engine.connect() as con:
            return [_user(r) for r in con.execute(sa.select(users).order_by(users.c.username)).mappings()]

    def update(self, username: str, **changes) -> User:
        user = self.get(username)
        if user is None:
            raise UserError(f"There is no account called “{username}”.")
        merged = {"role": user.role, "org_code": user.org_code, "partner_code": user.partner_code,
                  "casework_code": user.casework_code, **changes}
        _check_role(merged["role"], merged["org_code"], merged["partner_code"], merged["casework_code"])
        with self.engine.begin() as con:
            con.execute(users.update().where(users.c.username == username).values(**changes))
        return self.get(username)

    def set_role(self, username: str, role: str) -> User:
        user = self.get(username)
        keep = {} if user is None else {
            "org_code": user.org_code if role == "manager" else None,
            "partner_code": user.partner_code if role == "partner" else None,
            "casework_code": user.casework_code if role in ("manager", "analyst", "admin") else None}
        return self.update(username, role=role, **keep)

    def set_password(self, username: str, password: str) -> User:
        return self.update(username, password_hash=_hasher.hash(password))

    def verify(self, username: str, password: str) -> User | None:
        """The account when the password is right; None otherwise (same work either way)."""
        with self.ensure().engine.connect() as con:
            stored = con.execute(sa.select(users.c.password_hash).where(users.c.username == username)).scalar()
        try:
            _hasher.verify(stored or _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return self.get(username) if stored else None

    # -- sessions ------------------------------------------------------------
    def open_session(self, username: str, method: str) -> str:
        sid = secrets.token_urlsafe(32)
        at = now()
        with self.ensure().engine.begin() as con:
            con.execute(sessions.insert().values(id=sid, username=username, method=method, created_at=at, seen_at=at))
        return sid

    def session_user(self, sid: str, *, lifetime: dt.timedelta, idle: dt.timedelta) -> User | None:
        """The account of a live session; an expired or idle one is closed.  Marks it seen (once a minute)."""
        at = now()
        with self.ensure().engine.begin() as con:
            row = con.execute(sa.select(sessions).where(sessions.c.id == sid)).mappings().first()
            if row is None:
                return None
            if at - row["created_at"] > lifetime or at - row["seen_at"] > idle:
                con.execute(sessions.delete().where(sessions.c.id == sid))
                return None
            if at - row["seen_at"] >= dt.timedelta(minutes=1):
                con.execute(sessions.update().where(sessions.c.id == sid).values(seen_at=at))
            user = con.execute(sa.select(users).where(users.c.username == row["username"])).mappings().first()
        return _user(user) if user else None

    def close_session(self, sid: str) -> None:
        with self.ensure().engine.begin() as con:
            con.execute(sessions.delete().where(sessions.c.id == sid))

    # -- the access log --------------------------------------------------------
    def log(self, event: str, *, username: str | None, route: str, parameters: dict | None = None,
            address: str | None = None) -> None:
        with self.ensure().engine.begin() as con:
            con.execute(access_log.insert().values(at=now(), event=event, username=username, address=address,
                                                   route=route[:500],
                                                   parameters=json.dumps(parameters or {}, sort_keys=True)))

    def entries(self, *, limit: int = 200, event: str | None = None) -> list[dict]:
        query = sa.select(access_log).order_by(access_log.c.id.desc()).limit(limit)
        if event:
            query = query.where(access_log.c.event == event)
        with self.ensure().engine.connect() as con:
            return [dict(r) for r in con.execute(query).mappings()]

    def count_recent(self, event: str, *, since: dt.datetime, username: str | None = None,
                     address: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(access_log).where(access_log.c.event == event,
                                                                         access_log.c.at >= since)
        if username is not None:
            query = query.where(access_log.c.username == username)
        if address is not None:
            query = query.where(access_log.c.address == address)
        with self.ensure().engine.connect() as con:
            return int(con.execute(query).scalar())

    # -- the signing key when MI_SECRET_KEY is not set ----------------------------
    def signing_key(self) -> str:
        """A random key made once and kept here, shared by every serving process."""
        with self.ensure().engine.begin() as con:
            value = con.execute(sa.select(secret.c.value).where(secret.c.name == "session")).scalar()
            if value is None:
                value = secrets.token_hex(32)
                con.execute(sa.text("INSERT OR IGNORE INTO secret (name, value) VALUES ('session', :v)"), {"v": value})
                value = con.execute(sa.select(secret.c.value).where(secret.c.name == "session")).scalar()
        return value


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")        # readers never wait for the writer of a log line
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _user(row) -> User:
    return User(row["username"], row["display_name"], row["role"], row["org_code"], row["partner_code"],
                row["casework_code"], row["password_hash"] is not None)


def _username(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 200 or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError("A user name is 1 to 200 printable characters without spaces (an e-mail address will do).")
    return name


def _check_role(role: str, org_code, partner_code, casework_code) -> None:
    if role not in ROLES:
        raise UserError(f"“{role}” is not a role: use one of {', '.join(ROLES)}.")
    if role == "manager" and not org_code:
        raise UserError("A manager needs a unit: give --unit <org code>.")
    if role != "manager" and org_code:
        raise UserError("Only managers have a unit; the other roles see the whole council (partners: --partner).")
    if role == "partner" and not partner_code:
        raise UserError("A partner needs their organisation: give --partner <partner code>.")
    if role != "partner" and partner_code:
        raise UserError("Only partners have a partner organisation.")
    if casework_code and role in ("cabinet", "partner"):
        raise UserError(f"A {role} never sees case-level casework, so cannot have the casework permission.")
