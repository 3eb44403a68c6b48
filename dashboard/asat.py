"""Figures as they stood: ``?as_at=YYYY-MM-DD`` on any page, download or pack.

    resolve(db, "2026-03-05") -> AsAt     # the last release built on or before the day, or BadAsAt
    install(server)                        # each request's as_at, for the query runner and the links
    current() -> AsAt | None               # the request's (None: today's figures)

A day resolves to the last release whose extract was taken on or before it (``release.released_on``).
A day before the first release, a day in the future, a malformed date, or a database built before history
was kept answer 400 with one line.  A day that resolves to the latest release shows today's figures by the
normal path; an earlier one has the query runner read ``as_at.*`` (dashboard/db.py, data/build/history.py).
Links built while a request looks back keep its ``as_at`` (dashboard/urls.py)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from dashboard import db as dbmod

PARAM = "as_at"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class BadAsAt(ValueError):
    """An as_at day that cannot be shown; the message is one line for the reader."""


@dataclass(frozen=True)
class AsAt:
    day: dt.date             # the day asked for
    release: int             # the release it resolves to
    released_on: dt.date     # that release's extract day
    latest: bool             # it is the latest release: today's figures

    @property
    def text(self) -> str:
        return self.day.isoformat()

    @property
    def label(self) -> str:
        return f"{self.day:%-d %B %Y}"


_current: contextvars.ContextVar[AsAt | None] = contextvars.ContextVar("mi_as_at", default=None)


def current() -> AsAt | None:
    return _current.get()


def parse_day(text: str) -> dt.date:
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        raise BadAsAt(f"as_at must be a date written YYYY-MM-DD, not “{str(text)[:40]}”.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadAsAt(f"as_at “{text}” is not a date in the calendar.") from None


def resolve(db, text: str, *, today: dt.date | None = None) -> AsAt:
    """The release the day ``text`` shows, or BadAsAt saying why there is none."""
    day = parse_day(text)
    today = today or dt.date.today()
    if day > today:
        raise BadAsAt(f"as_at {day:%-d %B %Y} is in the future: figures can be shown only as they were known "
                      "on a day that has passed.")
    releases = db.query("release_list")
    if releases.empty or not bool(releases["history_kept"].iloc[0]) or releases["release_id"].isna().all():
        raise BadAsAt("This database was built before history was kept, so it cannot show figures as at a day; "
                      "rebuild it (python -m data.build) to keep history from now on.")
    dates = [_date(d) for d in releases["released_on"]]
    ids = [int(r) for r in releases["release_id"]]
    known = [(r, d) for r, d in zip(ids, dates) if d <= day]
    if not known:
        raise BadAsAt(f"as_at {day:%-d %B %Y} is before the first release of these figures "
                      f"({dates[0]:%-d %B %Y}).")
    release, released_on = max(known)
    return AsAt(day, release, released_on, latest=release == max(ids))


def _date(value) -> dt.date:
    return value.date() if hasattr(value, "date") else value


@contextlib.contextmanager
def looking_at(as_at: AsAt | None):
    """Run the queries inside as at ``as_at`` (None, or the latest release: today's figures)."""
    token = _current.set(as_at)
    with dbmod.at_release(None if as_at is None or as_at.latest else as_at.release):
        try:
            yield as_at
        finally:
            _current.reset(token)


def requested(request) -> str | None:
    """The as_at a request asks for: its query string, or for a Dash callback the page's own address
    (the search of the page's location in the callback's inputs, else the Referer the browser sends)."""
    value = request.args.get(PARAM)
    if value is not None or request.method != "POST" or request.path != "/_dash-update-component":
        return value
    data = request.get_data(cache=True)
    referer = request.headers.get("Referer") or ""
    if PARAM.encode() not in data and PARAM not in referer:      # today's callbacks: no parsing
        return None
    try:
        body = json.loads(data or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    for key in ("inputs", "state"):
        for item in (body.get(key) or []) if isinstance(body, dict) else []:
            for i in item if isinstance(item, list) else [item]:
                if isinstance(i, dict) and i.get("property") == "search" and isinstance(i.get("value"), str):
                    return (parse_qs(i["value"].lstrip("?")).get(PARAM) or [None])[0]
    return (parse_qs(urlsplit(referer).query).get(PARAM) or [None])[0] if referer else None


def install(server) -> None:
    """Resolve each request's as_at once, before any page, download or pack reads a figure."""
    import flask

    from dashboard.db import DatabaseUnavailable

    @server.before_request
    def _as_at():
        text = requested(flask.request)
        if text is None or text == "":
            return None
        try:
            as_at = resolve(flask.current_app.extensions["mi_database"], text)
        except BadAsAt as exc:
            return flask.Response(str(exc) + "\n", status=400, mimetype="text/plain; charset=utf-8")
        except DatabaseUnavailable:
            return None          # the page says the data are unavailable, as it would without as_at
        flask.g.mi_as_at = looking_at(as_at)
        flask.g.mi_as_at.__enter__()
        return None

    @server.teardown_request
    def _done(_exc):
        manager = flask.g.pop("mi_as_at", None)
        if manager is not None:
            manager.__exit__(None, None, None)


def banner(as_at: AsAt):
    """“As at 5 March 2026 — figures as they were known then”, above every page that looks back."""
    from dash import html

    from dashboard import ids

    return html.Div([
        html.Strong(f"As at {as_at.label}"), " — figures as they were known then",
        html.Span(f" (the release of {as_at.released_on:%-d %B %Y}; later corrections are not shown)"
                  if not as_at.latest else " (no release has changed them since)", className="small"),
    ], id=ids.AS_AT_BANNER, role="note", className="alert alert-warning as-at-banner py-2 mb-2")


def mark_pages(page_registry) -> None:
    """Every page's layout, while the request looks back, starts with the banner."""
    import functools

    from dash import html

    for page in page_registry.values():
        layout = page.get("layout")
        if not callable(layout) or getattr(layout, "marked_as_at", False):
            continue

        def marked(*args, _layout=layout, **kwargs):
            content = _layout(*args, **kwargs)
            looking = current()
            return content if looking is None else html.Div([banner(looking), content])

        functools.update_wrapper(marked, layout)
        marked.marked_as_at = True
        marked.guarded = getattr(layout, "guarded", False)
        page["layout"] = marked


def figures_day(db) -> tuple[dt.date, int] | None:
    """The day a pack's figures are as at, and their release: the day the request looks back to, else the
    latest release's (so the pack, remade as at that day, is the same pack).  None with no release."""
    looking = current()
    if looking is not None:
        return looking.day, looking.release
    releases = db.query("release_list").dropna(subset=["release_id"])
    if releases.empty:
        return None
    last = releases.iloc[-1]
    return _date(last["released_on"]), int(last["release_id"])
