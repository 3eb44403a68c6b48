"""Resolve what a URL asks for — which unit, which month — or say clearly why not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import flask

from dashboard.db import Database, Scope, EVERYTHING, OutOfScope
from dashboard.frames import records
from dashboard.periods import month_range, resolve_month


class NotFound(LookupError):
    """An org unit or indicator code that does not exist."""


class BadRequest(ValueError):
    """A query-string value that is malformed or not allowed."""


GROUPS = ("theme", "portfolio")
SCOPES = ("corporate", "all")


def current_db() -> Database:
    return flask.current_app.extensions["mi_database"]


def current_settings():
    return flask.current_app.extensions["mi_settings"]


def current_scope() -> Scope:
    """The request's viewer's scope (dashboard.auth resolves the viewer once per request)."""
    from dashboard.auth.viewer import current_viewer

    return current_viewer().scope


@dataclass(frozen=True)
class BuildInfo:
    council_code: str
    council_name: str
    demonstration: bool
    first_month: dt.date
    last_month: dt.date
    built_at: dt.datetime
    latest_received_at: dt.datetime | None

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.first_month, self.last_month)


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class PageContext:
    info: BuildInfo
    org: OrgUnit
    path: list[OrgUnit]
    month: dt.date

    @property
    def is_council(self) -> bool:
        return self.org.level == "council"


def build_info(db: Database) -> BuildInfo:
    row = db.query("build_info").iloc[0]
    council = db.query("council").iloc[0]
    received = row["latest_received_at"]
    return BuildInfo(
        council_code=council["org_code"],
        council_name=row["council_name"],
        demonstration=bool(row["demonstration"]),
        first_month=row["first_period"].date() if hasattr(row["first_period"], "date") else row["first_period"],
        last_month=row["last_period"].date() if hasattr(row["last_period"], "date") else row["last_period"],
        built_at=row["built_at"].to_pydatetime(),
        latest_received_at=None if received is None else received.to_pydatetime(),
    )


def org_unit(db: Database, code: str) -> OrgUnit:
    if not current_scope().allows(code):      # before looking it up: a unit outside the scope is not confirmed to exist
        raise OutOfScope("You do not have access to that unit.")
    rows = db.query("org_unit", code=code)
    if rows.empty:
        raise NotFound(f"There is no organisational unit with the code “{code}”.")
    row = rows.iloc[0]
    return OrgUnit(row["org_code"], row["name"], row["level"])


def page_context(db: Database, org_code: str | None, period: str | None) -> PageContext:
    """The unit (default: the viewer's own, or the council) and month a URL asks for."""
    from dashboard.auth.viewer import current_viewer

    info = build_info(db)
    org = org_unit(db, org_code or current_viewer().home_unit or info.council_code)
    path = [OrgUnit(r.org_code, r.name, r.level) for r in records(db.query("org_path", code=org.code))]
    return PageContext(info=info, org=org, path=path, month=resolve_month(period, info.first_month, info.last_month))


def month_context(db: Database, period: str | None) -> tuple[BuildInfo, dt.date]:
    """The build and the month a URL asks for, for pages about the whole council rather than a unit."""
    info = build_info(db)
    return info, resolve_month(period, info.first_month, info.last_month)


def choice(value: str | None, allowed: tuple[str, ...], default: str, name: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        raise BadRequest(f"“{value}” is not a valid {name}: use one of {', '.join(allowed)}.")
    return value
