"""Cross-site request forgery: every state-changing request is refused unless
it comes from this site.

* Forms (sign-in, sign-out, making a briefing pack) carry a random token kept
  in the signed session cookie (``csrf_token()``), checked by ``check_token``.
* Every POST, including Dash's callbacks (the renderer cannot add a token), is
  refused when the browser says it came from another site (``Origin`` or
  ``Sec-Fetch-Site``); the session cookie is SameSite=Lax besides.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

import flask

FIELD = "csrf_token"


def csrf_token() -> str:
    token = flask.session.get(FIELD)
    if not token:
        token = flask.session[FIELD] = secrets.token_urlsafe(32)
    return token


def token_valid() -> bool:
    sent = flask.request.form.get(FIELD, "")
    kept = flask.session.get(FIELD, "")
    return bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


def same_site() -> bool:
    """False when the browser reports the request as coming from another site."""
    fetch_site = flask.request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = flask.request.headers.get("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc != flask.request.host or parts.scheme != flask.request.scheme:
            return False
    return True
