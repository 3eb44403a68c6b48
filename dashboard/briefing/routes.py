"""The pack as files over HTTP:

    GET /briefing/pack.pdf?org=&period=&kind=&portfolio=   made, archived, downloaded
    GET /briefing/pack.html?...                             the same pack as HTML (the page's preview; not archived)
    GET /briefing/archive/<id>/<file>                       pack.pdf, pack.html, document.json or manifest.json as stored

Errors answer like the table downloads: 404 for an unknown unit or pack, 400
for a bad period, kind or portfolio, 503 when the database is unavailable,
each with a one-line plain-text reason.
"""

from __future__ import annotations

import logging

import flask

from dashboard.briefing import archive, generate
from dashboard.briefing.content import PackRequest, gather
from dashboard.briefing.render import render_html
from dashboard.context import current_db, current_scope, current_settings
from dashboard.downloads import REQUEST_ERRORS, error_response, text_response

log = logging.getLogger(__name__)
ARCHIVED_FILES = {"pack.pdf": "application/pdf", "pack.html": "text/html; charset=utf-8",
                  "document.json": "application/json", "manifest.json": "application/json"}


def register_routes(server: flask.Flask) -> None:
    @server.route("/briefing/pack.<fmt>")
    def briefing_pack(fmt: str):
        if fmt not in ("pdf", "html"):
            return text_response(404, f"Packs come as .pdf or .html, not .{fmt}.")
        args = flask.request.args
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
        if not current_scope().allows(entry.manifest["org_code"]):
            return text_response(403, f"You do not have access to the packs of {entry.manifest['org_code']}.")
        response = flask.send_file(entry.folder / name, mimetype=ARCHIVED_FILES[name])
        if name == "pack.pdf":
            response.headers["Content-Disposition"] = f'attachment; filename="{entry.id}.pdf"'
        return response
