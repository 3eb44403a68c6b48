"""Sign-in and the viewer of each request.

``install(server, settings)`` makes every request go through one gate:

1. the viewer is resolved once (``resolve_viewer``): with ``MI_AUTH=none`` the
   demonstration viewer (only on demonstration data), otherwise the account of
   the session cookie, or nobody;
2. the query runner is told the viewer's scope for the rest of the request
   (``dashboard.db.viewing``), so every query is checked against it;
3. nobody signed in gets the sign-in page (pages) or a one-line 401 (anything
   else), except for the sign-in routes and the static files the sign-in page needs;
4. a POST from another site is refused (dashboard.auth.csrf).

The routes: ``GET|POST /sign-in`` (local accounts), ``POST /sign-out``,
``GET /sign-in/oidc`` and ``GET /sign-in/oidc/callback`` (OpenID Connect).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import flask

from dashboard.auth import csrf
from dashboard.auth.viewer import ANONYMOUS, DEMONSTRATION, Viewer, current_viewer, viewer_for
from dashboard.db import DatabaseUnavailable, viewing
from dashboard.users import UserStore

log = logging.getLogger(__name__)

MODES = ("local", "oidc", "none")
# Sign-ins refused for a while after repeated failures, counted in the access log (shared by every process).
FAILURES_PER_NAME, FAILURES_PER_ADDRESS, FAILURE_WINDOW = 5, 20, dt.timedelta(minutes=15)
# Paths open to everyone: the sign-in routes and static files (the site's style sheets, Dash's and
# plotly's published scripts); no data.  Static files are served without looking up a session.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico", "/favicon.ico")
OPEN_PREFIXES = ("/sign-in",) + STATIC_PREFIXES
SESSION_ID = "sid"


def store() -> UserStore:
    return flask.current_app.extensions["mi_users"]


def install(server: flask.Flask, settings) -> None:
    if settings.auth not in MODES:
        raise SystemExit(f"MI_AUTH={settings.auth!r} is not a way to sign in: use local, oidc or none.")
    if settings.auth == "oidc" and not (settings.oidc_issuer and settings.oidc_client_id):
        raise SystemExit("MI_AUTH=oidc needs MI_OIDC_ISSUER, MI_OIDC_CLIENT_ID and MI_OIDC_CLIENT_SECRET.")
    users = UserStore(settings.users_path)
    server.extensions["mi_users"] = users
    server.config.update(
        SECRET_KEY=settings.secret_key or _signing_key(users, settings),
        SESSION_COOKIE_NAME="mi_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_hours),
    )
    if settings.auth == "oidc":
        from dashboard.auth import oidc
        oidc.register(server, settings)

    @server.before_request
    def _gate():
        if flask.request.path.startswith(STATIC_PREFIXES) and flask.request.method in ("GET", "HEAD"):
            flask.g.mi_viewer = ANONYMOUS
            return None
        viewer = resolve_viewer(settings)
        if viewer is REFUSED:
            return text(503, "No sign-in (MI_AUTH=none) is allowed only on demonstration data, and this database "
                             "is not: set MI_AUTH=local or oidc.")
        flask.g.mi_viewer = viewer
        flask.g.mi_viewing = viewing(viewer.scope)
        flask.g.mi_viewing.__enter__()
        if flask.request.method not in ("GET", "HEAD", "OPTIONS") and not csrf.same_site():
            return text(403, "This request came from another site, so it was refused.")
        if viewer.partner and flask.request.path == "/" and flask.request.method == "GET":
            return flask.redirect("/partnerships")          # a partner's only page is their home
        if viewer.signed_in or flask.request.path.startswith(OPEN_PREFIXES):
            return None
        if flask.request.method == "GET" and flask.request.endpoint in PAGE_ENDPOINTS:
            return flask.redirect(flask.url_for("sign_in", next=_local(flask.request.full_path)))
        return text(401, "Sign in first, at /sign-in.")

    @server.teardown_request
    def _release(_exc):
        manager = flask.g.pop("mi_viewing", None)
        if manager is not None:
            manager.__exit__(None, None, None)

    from dashboard.auth import routes
    routes.register(server, settings)


PAGE_ENDPOINTS = ("/", "/<path:path>", "returns_list", "return_entry", "returns_review", "returns_audit",
                  "returns_chasing", "returns_spot_checks", "returns_recalculation")
REFUSED = Viewer(None, "refused", None, ANONYMOUS.scope)    # MI_AUTH=none on data that are not a demonstration     # Dash's index: every page's first load


def resolve_viewer(settings) -> Viewer:
    """The one place a request's viewer is decided."""
    if settings.auth == "none":
        if not _demonstration_data():
            return REFUSED
        return DEMONSTRATION
    sid = flask.session.get(SESSION_ID)
    if not sid:
        return ANONYMOUS
    user = store().session_user(sid, lifetime=dt.timedelta(hours=settings.session_hours),
                                idle=dt.timedelta(minutes=settings.idle_minutes))
    if user is None:
        flask.session.pop(SESSION_ID, None)
        return ANONYMOUS
    try:
        return viewer_for(user, flask.current_app.extensions["mi_database"])
    except DatabaseUnavailable:
        return ANONYMOUS


def _demonstration_data() -> bool:
    """True while the database is a demonstration build (or cannot be read: the pages say why)."""
    from dashboard.context import build_info
    try:
        return build_info(flask.current_app.extensions["mi_database"]).demonstration
    except DatabaseUnavailable:
        return True


def refuse_none_on_real_data(db, settings) -> None:
    """At start-up: no sign-in is for demonstration data only."""
    if settings.auth != "none":
        return
    from dashboard.context import build_info
    try:
        demonstration = build_info(db).demonstration
    except DatabaseUnavailable:
        return
    if not demonstration:
        raise SystemExit(f"MI_AUTH=none is refused: {Path(settings.db_path).name} is not demonstration data, so "
                         "people must sign in (MI_AUTH=local or oidc).")


def _signing_key(users: UserStore, settings) -> str:
    """The key kept in MI_USERS, the same in every serving process; with no sign-in on a folder that
    cannot be written, a key of this process's own (the demo's pack form then works per process)."""
    import sqlalchemy
    try:
        return users.signing_key()
    except (OSError, sqlalchemy.exc.OperationalError):
        if settings.auth != "none":
            raise
        import secrets
        return secrets.token_hex(32)


def _local(path: str) -> str:
    """``path`` if it is a path on this site, else "/": never a redirect elsewhere."""
    path = (path or "").rstrip("?")
    if not path.startswith("/") or path.startswith(("//", "/\\")) or any(c in path for c in "\r\n\\"):
        return "/"
    return path


def text(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain; charset=utf-8")


def record(event: str, *, username: str | None, parameters: dict | None = None) -> None:
    """One line in the append-only access log for this request."""
    store().log(event, username=username, route=flask.request.path, parameters=parameters,
                address=flask.request.remote_addr)


__all__ = ["install", "current_viewer", "record", "resolve_viewer", "refuse_none_on_real_data"]


def section_of(path: str) -> str:
    """The navigation section a page's path belongs to: "/" and "/org/…" are the scorecard."""
    first = path.strip("/").split("/")[0]
    return {"": "scorecard", "org": "scorecard"}.get(first, first)


def guard_pages(page_registry) -> None:
    """Every page's layout first asks whether the viewer may open its section: the same answer for
    the page's address, the router's callback and a tampered callback payload."""
    import functools

    from dashboard.errors import forbidden_page

    for page in page_registry.values():
        layout = page.get("layout")
        if not callable(layout) or page["module"].endswith("not_found_404") or getattr(layout, "guarded", False):
            continue
        section = section_of(page.get("path_template") or page["path"])

        def guarded(*args, _layout=layout, _section=section, **kwargs):
            if not current_viewer().may_open(_section):
                return forbidden_page("This page is not available to you.")
            return _layout(*args, **kwargs)

        functools.update_wrapper(guarded, layout)
        guarded.guarded = True
        page["layout"] = guarded
