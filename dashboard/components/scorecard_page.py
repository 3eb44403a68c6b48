"""The scorecard view of any unit, with its children one click down.

Shared by / (the council) and /org/<code>; the pages only route to it.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard import ids, urls
from dashboard.components.kpi import headline
from dashboard.components import frame
from dashboard.auth.viewer import current_viewer
from dashboard.components.scorecard import Mine, child_units_table, rag_summary, scorecard_tables, top_exceptions
from dashboard.pagedata import exception_list as exceptions_report
from dashboard.pagedata import panel
from dashboard.pagedata import scorecard
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.periods import month_label
from dashboard.returns.service import owns

CHILD_LEVEL_NAME = {"council": "Directorates", "directorate": "Services", "service": "Teams"}


@friendly_errors
def scorecard_view(code: str | None = None, period: str | None = None, group: str | None = None,
                   scope: str | None = None, mine: str | None = None):
    db = current_db()
    got = scorecard.data(db, current_scope(), scorecard.PAGE.parse(db, {
        "code": code or "", "period": period, "group": group, "scope": scope, "mine": mine}))
    ctx, group, scope, mine_asked = got.params.ctx, got.params.group, got.params.showing, got.params.mine
    period_key = got.params.period
    council = ctx.info.council_code
    # Links keep the view's settings except the defaults, so URLs stay short.
    keep = {"group": group if group != "theme" else None, "mine": mine_asked}

    def unit_href(org_code: str) -> str:
        return urls.org_url(org_code, period=period_key, council_code=council, **keep)

    frame_rows, child_rows, listed, sources, children = got.rows, got.child_rows, got.exceptions, got.sources, \
        got.children
    everything = sources.scorecard
    counts = got.counts
    own_counts = counts.loc[ctx.org.code].to_dict() if ctx.org.code in counts.index else {}

    body = [rag_summary(own_counts, label=f"{len(frame_rows)} indicators this month", source=everything),
            headline(panel.kpis(got.resources, ctx.org.code, ctx.month, period_key, rag_now=own_counts,
                                directions=frame_rows["direction"].value_counts().to_dict(),
                                sources={**got.resource_sources, "performance": sources.brief}),
                     label="Resources and results", section_id=ids.RESOURCES_PANEL),
            _switches(ctx.org.code, period_key, council, group, scope, mine_asked)]
    if child_rows is not None:
        body.append(child_units_table(children, got.child_counts,
                                      level_name=CHILD_LEVEL_NAME[ctx.org.level], href=unit_href, source=everything,
                                      download=frame.download_links("child_units", org=ctx.org.code,
                                                                    period=period_key, scope=scope)))
    if listed is not None:
        open_rows = listed.rows[listed.rows["state"] != "resolved"]
        top = exceptions_report.with_summaries(open_rows.drop_duplicates("indicator_code").head(5))
        body.append(top_exceptions(top, total=listed.open_total, org_code=ctx.org.code, period_key=period_key,
                                   source=sources.every))
    body.append(html.H2("Indicators", className="h5 mt-3"))
    if frame_rows.empty:
        body.append(html.P("No indicators are reported by this unit or the units below it."))
    else:
        owned = _mine(frame_rows, asked=mine_asked,
                      href=lambda on: urls.org_url(ctx.org.code, period=period_key, council_code=council,
                                                   group=keep["group"], scope=scope, mine=on))
        body.append(scorecard_tables(
            frame_rows, got.trends, group=group, sources=sources.tables, mine=owned,
            indicator_href=lambda ind: urls.indicator_url(ind, org=ctx.org.code, period=period_key)))
    body.append(frame.download_links("scorecard", org=ctx.org.code, period=period_key, scope=scope))

    title = "Corporate scorecard" if scope == "corporate" else "All indicators"
    return frame.page(
        ctx.info, active="scorecard", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=council),
        heading=f"{ctx.org.name}", subheading=f"{title} · {month_label(ctx.month)}",
        body=body,
    )


def _mine(rows, *, asked: bool, href) -> Mine | None:
    """"My indicators": the rows the signed-in viewer owns, by the returns workflow's one rule of ownership
    (dashboard.returns.service.owns).  None when nobody is signed in (or in demonstration mode) or the viewer
    owns none of the indicators shown: then there is nothing to offer and ``?mine=1`` shows everything."""
    person = current_viewer()
    if person.demonstration or person.username is None or "owner" not in rows:
        return None
    codes = frozenset(rows.loc[rows["owner"].map(lambda o: owns(person.display_name, o)), "indicator_code"])
    if not codes:
        return None
    return Mine(codes=codes, on=asked, owner=person.display_name, total=rows["indicator_code"].nunique(),
                href_on=href(True), href_off=href(False))


def _switches(org_code: str, period_key: str, council: str, group: str, scope: str, mine: bool = False) -> html.Div:
    """Theme/portfolio and corporate/all switches, as links (so they are in the URL)."""
    def option(label, active, **params):
        text = [label, html.Span(" (selected)", className="visually-hidden")] if active else label
        return html.Li(dash.dcc.Link(text, href=urls.org_url(org_code, period=period_key, council_code=council,
                                                             mine=mine, **params),
                                     className="switch-link" + (" active" if active else "")))
    return html.Div([
        html.Div([html.Span("Group by: ", className="switch-label"), html.Ul([
            option("Theme", group == "theme", scope=scope),
            option("Portfolio", group == "portfolio", group="portfolio", scope=scope),
        ], className="switch")]),
        html.Div([html.Span("Show: ", className="switch-label"), html.Ul([
            option("Corporate scorecard", scope == "corporate", group=group, scope="corporate"),
            option("All indicators", scope == "all", group=group, scope="all"),
        ], className="switch")]),
    ], className="switches")
