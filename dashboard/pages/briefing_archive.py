"""/briefing/archive — every pack issued, newest first, with its content hash
and the files exactly as they were issued."""

from __future__ import annotations

import datetime as dt

import dash
from dash import dcc, html

from dashboard import urls
from dashboard.briefing import archive
from dashboard.components import frame
from dashboard.context import build_info, current_db, current_scope, current_settings
from dashboard.errors import friendly_errors

dash.register_page(__name__, path="/briefing/archive", title="Briefing packs issued")


@friendly_errors
def layout(**_other):
    info = build_info(current_db())
    folder = current_settings().archive_folder
    viewer = current_scope()
    entries = [e for e in archive.entries(folder) if viewer.allows(e.manifest["org_code"])]
    if entries:
        rows = [html.Tr([
            html.Th(e.manifest["title"], scope="row"),
            html.Td(e.manifest["period_label"]),
            html.Td(_when(e.manifest["generated_at"])),
            html.Td(e.manifest["generated_by"]),
            html.Td([html.Code(e.manifest["content_hash"][:16], title=e.manifest["content_hash"]),
                     None if archive.same_renderer(e) else
                     html.Span(" (made by an earlier version of the pack renderer)", className="small text-muted")]),
            html.Td([html.A("PDF", href=urls.archived_file_url(e.id, "pack.pdf"), className="me-2"),
                     html.A("HTML", href=urls.archived_file_url(e.id, "pack.html"), className="me-2"),
                     html.A("Data", href=urls.archived_file_url(e.id, "document.json"))]),
        ]) for e in entries]
        table = html.Div(html.Table([
            html.Caption(f"{len(entries)} packs issued, newest first"),
            html.Thead(html.Tr([html.Th(t, scope="col") for t in
                                ("Pack", "Period", "Made", "From", "Content hash", "Files as issued")])),
            html.Tbody(rows)], className="table table-sm", id="briefing-archive-table"), className="table-responsive")
    else:
        table = html.P("No packs have been issued yet: a pack is kept here when its PDF is downloaded or made "
                       "from the command line.")
    body = [
        html.P(["Every pack issued is kept with the data it used — values, commentary and the as-at date — and "
                "a content hash (SHA-256 of the pack as rendered). Making a pack again from its stored data, with "
                "the same version of the renderer, gives the same hash, so a pack can be shown to be the one that "
                "went to the leadership team or to Cabinet, even after the figures have been revised; the PDF as "
                "issued is kept either way. ",
                dcc.Link("Make a pack", href=urls.briefing_url()), "."]),
        table,
    ]
    return frame.page(info, active="briefing", month=info.last_month, heading="Briefing packs issued",
                      subheading=f"Archive: {folder.name}", body=body, picker=html.Div())


def _when(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%-d %B %Y %H:%M UTC")
