"""Every setting of the dashboard, declared once with its default and help.

Settings come from the environment (``Settings.from_env()``); the README lists
them all (a test checks that it does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _setting(env: str, default, help: str):
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    db_path: Path = _setting(
        "MI_DB", PROJECT_ROOT / "data" / "mi.duckdb",
        "Path of the DuckDB database the dashboard reads (opened read-only).")
    host: str = _setting(
        "HOST", "127.0.0.1", "Address `python app.py` listens on.")
    port: int = _setting(
        "PORT", 8050, "Port `python app.py` and `make run` listen on.")
    duckdb_memory: str = _setting(
        "MI_DUCKDB_MEMORY", "400MB",
        "DuckDB memory limit for each serving process (its buffer cache; the file itself is not loaded).")
    duckdb_threads: int = _setting(
        "MI_DUCKDB_THREADS", 2, "DuckDB threads for each serving process.")
    home_area: str = _setting(
        "MI_HOME_AREA", "E10000012",
        "ONS code of the council the benchmarking pages compare (published data; the demo uses Essex, the council "
        "of the Audit Commission report).")
    archive: str = _setting(
        "MI_ARCHIVE", "",
        "Folder where every generated briefing pack is kept with the data it used (empty: a folder "
        "`briefing-archive` beside the database). The dashboard writes there, never to the database.")
    query_cache_size: int = _setting(
        "MI_QUERY_CACHE", 512,
        "How many query results each serving process keeps in memory, within 64 MB, least recently used out "
        "first (0 turns the cache off).")
    auth: str = _setting(
        "MI_AUTH", "local",
        "How people sign in: `local` (accounts made with `python -m dashboard.users`), `oidc` (the council's "
        "OpenID Connect provider, e.g. Entra ID, with roles from the same accounts) or `none` (no sign-in: "
        "refused unless the database is a demonstration build; `make run` uses it).")
    users: str = _setting(
        "MI_USERS", "",
        "SQLite file holding the accounts, sessions and the append-only access log (empty: `users.sqlite` "
        "beside the database). Never the DuckDB build.")
    store: str = _setting(
        "MI_STORE", "",
        "Where monthly returns, sign-offs, spot checks and SPC recalculation points are kept (append-only): a "
        "SQLite file path (empty: `returns.sqlite` beside the database) or `postgresql://user:password@host/db`.")
    today: str = _setting(
        "MI_TODAY", "",
        "Fix today's date (YYYY-MM-DD) for the returns calendar: tests and training only (empty: the real date).")
    secret_key: str = _setting(
        "MI_SECRET_KEY", "",
        "Key that signs the session cookie (empty: a random key made once and kept in `MI_USERS`, shared by "
        "every serving process).")
    oidc_issuer: str = _setting(
        "MI_OIDC_ISSUER", "",
        "OpenID Connect issuer URL (Entra ID: `https://login.microsoftonline.com/<tenant id>/v2.0`); its "
        "`/.well-known/openid-configuration` is read at sign-in.")
    oidc_client_id: str = _setting(
        "MI_OIDC_CLIENT_ID", "", "The dashboard's client (application) id at the OpenID provider.")
    oidc_client_secret: str = _setting(
        "MI_OIDC_CLIENT_SECRET", "", "The dashboard's client secret at the OpenID provider.")
    oidc_username_claim: str = _setting(
        "MI_OIDC_USERNAME_CLAIM", "preferred_username",
        "The ID token claim matched against the account names in `MI_USERS` (Entra ID: `preferred_username`, "
        "the user principal name).")
    session_hours: int = _setting(
        "MI_SESSION_HOURS", 8, "A session ends this many hours after signing in, however active.")
    idle_minutes: int = _setting(
        "MI_IDLE_MINUTES", 30, "A session ends after this many minutes without a request.")
    secure_cookies: bool = _setting(
        "MI_SECURE_COOKIES", True,
        "Send the session cookie over HTTPS only (`false` only to try the dashboard over plain HTTP on a "
        "machine other than this one's loopback).")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                if isinstance(f.default, bool):
                    values[f.name] = _flag(raw)
                else:
                    values[f.name] = Path(raw) if isinstance(f.default, Path) else kind(raw)
            except ValueError:
                raise SystemExit(f"{f.metadata['env']}={raw!r} is not a valid {kind.__name__}: {f.metadata['help']}")
        return cls(**values)

    @property
    def users_path(self) -> Path:
        return Path(self.users) if self.users else Path(self.db_path).parent / "users.sqlite"

    @property
    def archive_folder(self) -> Path:
        return Path(self.archive) if self.archive else Path(self.db_path).parent / "briefing-archive"

    @classmethod
    def documentation(cls) -> list[tuple[str, str, str]]:
        """(environment variable, default, help) for each setting."""
        return [(f.metadata["env"], _shown(f.default), f.metadata["help"]) for f in fields(cls)]


def _flag(raw: str) -> bool:
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise ValueError(raw)


def _shown(default) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, Path):
        return str(default.relative_to(PROJECT_ROOT))
    return str(default)
