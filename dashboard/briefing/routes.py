"""The pack as files over HTTP:

    POST /briefing/pack.pdf (org, period, kind, portfolio and the form's token)   made, archived, downloaded
    GET /briefing/pack.html?...                             the same pack as HTML (the page's preview; not archived)
    GET /briefing/archive/<id>/<file>                       pack.pdf, pack.html, document.json or manifest.json as stored

Errors answer like the table downloads: 404 for an unknown unit or pack, 400
for a bad period, kind or portfolio, 503 when the database is unavailable,
each with a one-line plain-text reason.
"""

from __future__ import annotations

import datetime as dt
import logging

import flask

from dashboard import auth
from dashboard.auth import csrf
from dashboard.users import now

from dashboard.briefing import archive, generate
from dashboard.briefing.content import PackRequest, gather
from dashboard.briefing.render import render_html
from dashboard.context import current_db, current_scope, current_settings
from dashboard.downloads import REQUEST_ERRORS, error_response, text_response

log = logging.getLogger(__name__)
ARCHIVED_FILES = {"pack.pdf": "application/pdf", "pack.html": "text/html; charset=utf-8",
                  "document.json": "application/json", "manifest.json": "application/json"}


# Packs one viewer (or, with no sign-in, one address) may make in a window: each is rendered and archived.
PACKS_PER_WINDOW, PACK_WINDOW = 10, dt.timedelta(minutes=10)


def register_routes(server: flask.Flask) -> None:
    @server.route("/briefing/pack.<fmt>", methods=["GET", "POST"])
    def briefing_pack(fmt: str):
        if fmt not in ("pdf", "html"):
            return text_response(404, f"Packs come as .pdf or .html, not “.{fmt[:20]}”.")
        if fmt == "pdf" and flask.request.method != "POST":
            return text_response(405, "A PDF pack is made (and archived) by the “Download the PDF” button on "
                                      "/briefing, which sends a POST; the HTML is at /briefing/pack.html.")
        if fmt == "html" and flask.request.method != "GET":
            return text_response(405, "The HTML pack is read with GET.")
        if not auth.current_viewer().may_open("briefing"):
            return text_response(403, "Briefing packs are not available to you.")
        if fmt == "pdf":
            refused = _refuse_pack()
            if refused is not None:
                return refused
        args = flask.request.args if fmt == "html" else flask.request.form
        request = PackRequest(org=args.get("org", ""), period=args.get("period", ""),
                              kind=args.get("kind", "") or "monthly", portfolio=args.get("portfolio", ""))
        if not request.period:
            return text_response(400, "Say which period the pack is for: period=YYYY-MM, or YYYY-Qn for a quarter.")
        try:
            if fmt == "html":
                return flask.Response(render_html(gather(current_db(), request, scope=current_scope())),
                                      mimetype="text/html")
            entry, pack = generate(current_db(), request, scope=current_scope(),
                                   archive_folder=current_settings().archive_folder, generated_by="dashboard")
        except REQUEST_ERRORS as exc:
            return error_response(exc)
        except OSError as exc:     # the archive folder cannot be written: no pack goes out unrecorded
            log.error("briefing archive: %s", exc)
            return text_response(503, f"The pack could not be archived ({exc.strerror or exc}), so it was not "
                                      "issued; the support team has the details.")
        viewer = auth.current_viewer()
        auth.record("pack_made", username=viewer.username,
                    parameters={"pack": entry.id, "org": request.org, "period": request.period, "kind": request.kind,
                                "portfolio": request.portfolio})
        response = flask.Response(pack.pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{entry.id}.pdf"'
        response.headers["X-Content-Hash"] = pack.content_hash
        return response

    @server.route("/briefing/archive/<pack_id>/<name>")
    def briefing_archived(pack_id: str, name: str):
        if name not in ARCHIVED_FILES:
            return text_response(404, f"An archived pack has {', '.join(ARCHIVED_FILES)}; not “{name}”.")
        try:
            entry = archive.load(current_settings().archive_folder, pack_id)
        except archive.NotArchived as exc:
            return text_response(404, str(exc))
        if not current_scope().allows(entry.manifest["org_code"]) or not auth.current_viewer().may_open("briefing"):
            return text_response(403, "You do not have access to that pack.")
        response = flask.send_file(entry.folder / name, mimetype=ARCHIVED_FILES[name])
        if name == "pack.pdf":
            response.headers["Content-Disposition"] = f'attachment; filename="{entry.id}.pdf"'
        return response


def _refuse_pack() -> flask.Response | None:
    """A pack is made only from the page's form (its token), and at most PACKS_PER_WINDOW per viewer."""
    if not csrf.token_valid():
        return text_response(403, "The pack's form had expired or did not come from the briefing page: reload "
                                  "/briefing and press “Download the PDF” again.")
    viewer = auth.current_viewer()
    since = now() - PACK_WINDOW
    users = auth.store()
    made = (users.count_recent("pack_made", since=since, username=viewer.username) if viewer.username
            else users.count_recent("pack_made", since=since, address=flask.request.remote_addr))
    if made >= PACKS_PER_WINDOW:
        return text_response(429, f"You have made {made} packs in the last {PACK_WINDOW.seconds // 60} minutes: "
                                  "wait a few minutes before making another.")
    return None
