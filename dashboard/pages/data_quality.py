"""/data-quality?org=<code>&period=YYYY-MM — for analysts: completeness and
timeliness of the returns due in the 12 months to the month, and the figures
restated since they were first published, by directorate and indicator owner,
for a unit and the units below it; and every release of the data."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from dashboard import urls
from dashboard.components import frame
from dashboard.components.rag import rag_badge
from dashboard.components.tables import Column, table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import format_value
from dashboard.pagedata import data_quality
from dashboard.periods import month_label, period_label
from dashboard.returns.dq import spot_check_failures

dash.register_page(__name__, path="/data-quality", title="Data quality")


def _share(part, whole) -> str:
    return f"{part / whole:.0%}" if whole else "–"


@friendly_errors
def layout(org: str | None = None, period: str | None = None, **_other):
    db = current_db()
    got = data_quality.data(db, current_scope(), data_quality.PAGE.parse(db, {"org": org, "period": period}))
    ctx, period_key = got.params.ctx, got.params.period
    owners, restated, releases = got.owners, got.restated, got.releases
    body = [html.P([f"Returns due from {ctx.org.name} and the units below it in the 12 months to "
                   f"{month_label(ctx.month)}: received, on time, late or missing, and restated (a value changed "
                   "after an earlier release published it). The systems each domain's data comes from are "
                   "listed under ", dcc.Link("data sources", href="/sources"), "."], className="small text-muted")]
    counts = [Column("Expected", lambda r: f"{r.expected:,}", numeric=True),
              Column("Received", lambda r: _share(r.received, r.expected), numeric=True),
              Column("On time", lambda r: _share(r.on_time, r.expected), numeric=True),
              Column("Late", lambda r: f"{r.late:,}", numeric=True),
              Column("Average working days late",
                     lambda r: f"{r.average_days_late:.1f}" if pd.notna(r.average_days_late) else "–", numeric=True),
              Column("Missing", lambda r: f"{r.missing:,}", numeric=True),
              Column("Restated", lambda r: f"{r.restated:,}", numeric=True)]
    if owners.empty:
        body.append(html.P("No returns were due in these 12 months."))
    else:
        by_directorate = got.directorates
        body.append(html.Section([
            html.H2("By directorate", className="h5"),
            table(by_directorate, counts, caption="Completeness, timeliness and restatements by directorate",
                  row_header=Column("Directorate", lambda r: r.directorate_name), table_id="dq-directorates")]))
        body.append(html.Section([
            html.H2("By indicator owner", className="h5"),
            table(owners, counts, caption="Completeness, timeliness and restatements by indicator owner",
                  row_header=Column("Owner", lambda r: f"{r.owner} ({r.directorate_code})"), table_id="dq-owners")]))
    figures = [
        Column("Unit", lambda r: r.org_name),
        Column("Period", lambda r: period_label(r.period_start, r.frequency)),
        Column("Was", lambda r: [format_value(r.old_value, r.unit, r.decimals), " ", rag_badge(r.old_rag)]
               if pd.notna(r.old_value) else "–", numeric=True),
        Column("Now", lambda r: [format_value(r.new_value, r.unit, r.decimals), " ", rag_badge(r.new_rag)]
               if pd.notna(r.new_value) else "withdrawn", numeric=True),
        Column("Restated on", lambda r: f"{r.restated_on:%-d %b %Y}"),
        Column("Owner", lambda r: r.owner),
    ]
    body.append(html.Section([
        html.H2("Figures restated", className="h5"),
        table(restated, figures, caption="Figures restated since first published, newest first (at most 200)",
              row_header=Column("Indicator", lambda r: dcc.Link(r.indicator_name, href=urls.indicator_url(
                  r.indicator_code, org=r.org_code, period=period_key))), table_id="dq-restated")
        if not restated.empty else html.P("No figure has been restated.", id="dq-restated")]))
    body.append(html.Section([
        html.H2("Releases", className="h5"),
        table(releases, [Column("Built", lambda r: f"{r.built_at:%-d %b %Y %H:%M}"),
                         Column("Returns", lambda r: f"{r.returns:,}", numeric=True),
                         Column("Returns restated", lambda r: f"{r.restated_returns:,}", numeric=True),
                         Column("Figures restated", lambda r: f"{r.restated_figures:,}", numeric=True)],
              caption="Every build of the data, newest first",
              row_header=Column("As at", lambda r: f"{r.released_on:%-d %b %Y}"), table_id="dq-releases")]))
    body.append(spot_check_failures(ctx.org.code))
    return frame.page(ctx.info, active="data-quality", month=ctx.month, heading="Data quality",
                      subheading=f"{ctx.org.name} · 12 months to {month_label(ctx.month)}", body=body,
                      org_code=ctx.org.code)
