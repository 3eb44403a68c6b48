"""Signing in through the council's OpenID Connect provider (Entra ID or any
certified provider) with Authlib: the provider's metadata from
``<issuer>/.well-known/openid-configuration``, the authorisation code flow with
PKCE (S256), and a state and nonce checked on return; the ID token's signature,
issuer, audience and nonce are verified by Authlib.  The account (role, unit)
comes from the dashboard's own table, matched on one claim of the ID token
(``MI_OIDC_USERNAME_CLAIM``): the provider says who someone is, the council's
administrator what they may see."""

from __future__ import annotations

import flask
from authlib.integrations.flask_client import OAuth

NAME = "council"


def register(server: flask.Flask, settings) -> OAuth:
    oauth = OAuth(server)
    oauth.register(
        NAME,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256"},
    )
    return oauth


def client(server: flask.Flask):
    return server.extensions["authlib.integrations.flask_client"].create_client(NAME)


def start(server: flask.Flask, redirect_uri: str):
    return client(server).authorize_redirect(redirect_uri)


def finish(server: flask.Flask, wanted: str) -> dict:
    """The verified ID token's claims (raises on a bad state, code, nonce or signature).  A provider that
    keeps the ``wanted`` claim out of the ID token (as OpenID Connect's default profile does) is asked
    for it at its userinfo endpoint, with the access token just issued, for the same subject."""
    council = client(server)
    token = council.authorize_access_token()
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise ValueError("the provider returned no ID token")
    if wanted not in claims:
        extra = dict(council.userinfo(token=token))
        if extra.get("sub") != claims["sub"]:
            raise ValueError("the userinfo endpoint described another subject")
        claims = {**extra, **claims}
    return claims
