"""The sign-in page, signing out and the OpenID Connect return.

The sign-in page is plain HTML from Flask (no script): it works before anything
else is allowed, with the site's own style sheets.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import logging
from urllib.parse import quote

import flask

from dashboard import auth
from dashboard.auth import csrf
from dashboard.users import now

log = logging.getLogger(__name__)


def register(server: flask.Flask, settings) -> None:
    @server.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
    def sign_in():
        next_path = auth._local(flask.request.values.get("next", "/"))
        if settings.auth == "none":
            return flask.redirect("/")
        if flask.request.method == "GET":
            return _page(settings, next_path, status=200,
                         note="You have signed out." if flask.request.args.get("signed_out") else None)
        if not csrf.token_valid():
            return _page(settings, next_path, status=400,
                         error="The form had expired: please sign in again.")
        if settings.auth != "local":
            return _page(settings, next_path, status=400, error="Sign in with your council account.")
        username = flask.request.form.get("username", "").strip()[:200]
        password = flask.request.form.get("password", "")[:1000]
        since = now() - auth.FAILURE_WINDOW
        users = auth.store()
        if (users.count_recent("sign_in_failed", since=since, username=username) >= auth.FAILURES_PER_NAME
                or users.count_recent("sign_in_failed", since=since, address=flask.request.remote_addr)
                >= auth.FAILURES_PER_ADDRESS):
            auth.record("sign_in_refused", username=username, parameters={"reason": "too many failures"})
            return _page(settings, next_path, status=429,
                         error="Too many failed sign-ins: wait 15 minutes and try again, or ask the administrator.")
        user = users.verify(username, password) if username and password else None
        if user is None:
            auth.record("sign_in_failed", username=username or None, parameters={"method": "local"})
            return _page(settings, next_path, status=401, error="That user name and password do not match an account.")
        _open(user, "local")
        return flask.redirect(next_path)

    @server.route("/sign-out", methods=["POST"], endpoint="sign_out")
    def sign_out():
        if not csrf.token_valid():
            return auth.text(400, "The sign-out form had expired: reload the page and sign out again.")
        sid = flask.session.get(auth.SESSION_ID)
        viewer = auth.current_viewer()
        if sid:
            auth.store().close_session(sid)
            auth.record("sign_out", username=viewer.username)
        flask.session.clear()
        return flask.redirect(flask.url_for("sign_in", signed_out=1))

    if settings.auth != "oidc":
        return

    from dashboard.auth import oidc

    @server.route("/sign-in/oidc", endpoint="oidc_start")
    def oidc_start():
        flask.session["next"] = auth._local(flask.request.args.get("next", "/"))
        return oidc.start(server, flask.url_for("oidc_callback", _external=True))

    @server.route("/sign-in/oidc/callback", endpoint="oidc_callback")
    def oidc_callback():
        next_path = auth._local(flask.session.pop("next", "/"))
        try:
            claims = oidc.finish(server, settings.oidc_username_claim)
        except Exception as exc:      # a bad state, code, nonce or signature: Authlib's errors, logged in full
            log.warning("OpenID Connect sign-in failed: %s", exc)
            auth.record("sign_in_failed", username=None, parameters={"method": "oidc", "error": type(exc).__name__})
            return _page(settings, next_path, status=400,
                         error="The council's sign-in service did not confirm who you are: please try again.")
        name = str(claims.get(settings.oidc_username_claim) or claims.get("email") or "")[:200]
        user = auth.store().get(name) if name else None
        if user is None:
            auth.record("sign_in_failed", username=name or None, parameters={"method": "oidc", "reason": "no account"})
            return _page(settings, next_path, status=403,
                         error=f"You signed in as {name[:80] or 'someone'}, but this dashboard has no account for "
                               "that name: ask its administrator to add one.")
        _open(user, "oidc")
        return flask.redirect(next_path)


def _open(user, method: str) -> None:
    """A new session (a fresh id: never one chosen before sign-in), logged."""
    flask.session.clear()
    flask.session[auth.SESSION_ID] = auth.store().open_session(user.username, method)
    flask.session.permanent = True
    csrf.csrf_token()
    auth.record("sign_in", username=user.username, parameters={"method": method, "role": user.role})


def _page(settings, next_path: str, *, status: int, error: str | None = None, note: str | None = None):
    esc = html_text.escape
    if settings.auth == "oidc":
        form = (f'<p><a class="btn btn-primary" href="/sign-in/oidc?next={esc(quote(next_path, safe="/"))}">'
                'Sign in with your council account</a></p>')
    else:
        form = f"""<form method="post" action="/sign-in" class="sign-in-form">
  <input type="hidden" name="{csrf.FIELD}" value="{esc(csrf.csrf_token())}">
  <input type="hidden" name="next" value="{esc(next_path)}">
  <div class="mb-3"><label class="form-label" for="username">User name</label>
    <input class="form-control" id="username" name="username" autocomplete="username" required autofocus></div>
  <div class="mb-3"><label class="form-label" for="password">Password</label>
    <input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
  <button class="btn btn-primary" type="submit" id="sign-in-button">Sign in</button>
</form>"""
    message = (f'<p class="alert alert-danger" role="alert" id="sign-in-error">{esc(error)}</p>' if error else
               f'<p class="alert alert-info" role="status">{esc(note)}</p>' if note else "")
    body = f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Council performance</title>
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"><link rel="stylesheet" href="/assets/10-dashboard.css"></head>
<body>
<header class="site-header"><div class="container-fluid header-inner"><div class="brand">
<span class="council-name">Council performance</span></div></div></header>
<main id="main-content" class="container page-body" style="max-width: 28rem">
<h1 class="h3 mt-4">Sign in</h1>
{message}
{form}
<p class="small text-muted mt-4">For council staff and partners with an account. Ask the dashboard's administrator for one.</p>
</main>
</body></html>"""
    response = flask.Response(body, status=status, mimetype="text/html")
    return response
