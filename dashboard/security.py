"""What every request and response passes through, whoever is signed in:

* requests: a body limit; repeated query parameters (``?org=A&org=B``) answer
  400 on pages and files alike; ``..`` in a path answers 404; a Dash callback
  body that is not the shape Dash sends answers 400 (not a 500 from deep inside);
* page addresses answer with their real status — 404 for an unknown page, unit
  or indicator, 400 for a bad period, 403 outside the viewer's scope — by
  drawing the page once on the server (its layout says; the browser then draws
  it again with the site's header and navigation kept);
* callbacks may only send the browser to a path on this site;
* responses: a Content-Security-Policy the pages pass with a clean console,
  nosniff, no framing, a strict referrer policy, ``no-store`` on everything
  but the static files, and no server version banner.
"""

from __future__ import annotations

import json
import logging

import flask
from werkzeug.serving import WSGIRequestHandler

from dashboard import ids

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024          # a callback's body is a few kB; nothing the dashboard takes is larger
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
CALLBACK = "/_dash-update-component"


def install(app) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    @server.before_request
    def _check_request():
        request = flask.request
        if ".." in request.path or "\\" in request.path:
            return _text(404, "There is nothing at this address.")
        repeated = next((key for key, values in request.args.lists() if len(values) > 1), None)
        if repeated is not None:
            return _text(400, f"The address gives “{_short(repeated)}” more than once: give each setting once.")
        if request.path == CALLBACK and request.method == "POST":
            problem = _callback_problem(request, app)
            if problem:
                return _text(400, problem)
        return None

    @server.after_request
    def _secure(response: flask.Response) -> flask.Response:
        request = flask.request
        if (request.method == "GET" and request.endpoint in ("/", "/<path:path>") and response.status_code == 200
                and response.mimetype == "text/html"):
            response.status_code = page_status(app, request.path, request.args.to_dict())
        if request.path == CALLBACK and response.status_code == 200 and response.mimetype == "application/json":
            if not _local_hrefs(response):
                response = _text(400, "A callback tried to send the browser away from this site.")
        headers = response.headers
        headers["Content-Security-Policy"] = csp(app)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "SAMEORIGIN"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if not request.path.startswith(STATIC_PREFIXES):
            headers["Cache-Control"] = "no-store"
        return response

    @server.route("/favicon.ico")
    def _favicon():           # browsers ask for it on every page, the pack's HTML too; Dash serves it here
        return flask.redirect("/_favicon.ico", code=301)

    @server.errorhandler(413)
    def _too_large(_exc):
        return _text(413, f"The request is larger than the {MAX_BODY // 1024} kB the dashboard accepts.")

    @server.errorhandler(400)
    def _bad(_exc):
        return _text(400, "The request could not be read.")

    @server.errorhandler(500)
    def _failed(_exc):
        return _text(500, "Something went wrong; the error has been logged for the support team.")


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without its version banner (``Server: Werkzeug/3.x Python/3.x``);
    gunicorn sends only its name."""

    def version_string(self) -> str:
        return "dashboard"


_CSP_CACHE: dict[int, str] = {}


def csp(app) -> str:
    """Dash's own inline scripts by hash; styles inline (plotly and Dash set style attributes)."""
    policy = _CSP_CACHE.get(id(app))
    if policy is None:
        hashes = " ".join(app.csp_hashes())      # already quoted: 'sha256-…'
        policy = _CSP_CACHE[id(app)] = "; ".join([
            "default-src 'self'", f"script-src 'self' {hashes}", "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
            "base-uri 'self'", "form-action 'self'", "frame-src 'self'",
            "frame-ancestors 'self'"])   # the briefing page previews its pack in a frame of its own
    return policy


def page_status(app, path: str, args: dict) -> int:
    """The status a page's address deserves: its layout drawn once, as the browser will draw it."""
    from dash._pages import _path_to_page

    page, variables = _path_to_page(app.strip_relative_path(path))
    if not page or page.get("module", "").endswith("not_found_404"):
        return 404
    flask.g.mi_page_status = 200
    layout = page["layout"]
    if callable(layout):
        layout(**{**(variables or {}), **args})
    return flask.g.mi_page_status


def _callback_problem(request, app) -> str | None:
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, UnicodeDecodeError):
        return "A callback request must be JSON."
    if not isinstance(body, dict):
        return "A callback request must be a JSON object."
    if not isinstance(body.get("output"), str) or not isinstance(body.get("inputs"), list):
        return "A callback request needs its output and inputs."
    for key in ("inputs", "state"):
        for item in body.get(key) or []:
            items = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and "id" in i and isinstance(i.get("property"), str) for i in items):
                return f"A callback request's {key} must each name an id and a property."
    if body.get("changedPropIds") is not None and not isinstance(body.get("changedPropIds"), list):
        return "A callback request's changedPropIds must be a list."
    from dash._callback import GLOBAL_CALLBACK_MAP
    if body["output"] not in app.callback_map and body["output"] not in GLOBAL_CALLBACK_MAP:
        return "That callback does not exist."
    return None


def _local_hrefs(response: flask.Response) -> bool:
    """Every href a callback sends to the navigation location is a path on this site."""
    try:
        body = json.loads(response.get_data())
    except ValueError:
        return True
    location = (body.get("response") or {}).get(ids.NAV_LOCATION) if isinstance(body, dict) else None
    href = location.get("href") if isinstance(location, dict) else None
    return href is None or is_local_path(href)


def is_local_path(href) -> bool:
    return (isinstance(href, str) and href.startswith("/") and not href.startswith(("//", "/\\"))
            and not any(c in href for c in "\r\n\t\\"))


def _short(value: str, limit: int = 80) -> str:
    value = str(value)
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _text(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain; charset=utf-8")
