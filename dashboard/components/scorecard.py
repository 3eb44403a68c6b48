"""The scorecard: RAG counts, child units, and indicators grouped by theme or portfolio."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components.provenance import Provenance, source_line
from dashboard.components.rag import direction_label, rag_badge
from dashboard.vocabulary import RAG_ORDER, RAG_TEXT
from dashboard.components.sparkline import sparkline
from dashboard.components import spc_wording
from dashboard.components.spc import assurance_icon, icon_legend, variation_icon
from dashboard.frames import records
from dashboard.components.tables import UNIT_ROWS as CHILD_ROWS, unit_jump
from dashboard.vocabulary import format_value
from dashboard.pagedata.indicator_rows import Trend
from dashboard.periods import short_month_label


def rag_summary(counts: dict[str, int], *, label: str, source: Provenance | None = None) -> html.Section:
    return html.Section([
        html.H2(label, className="h5"),
        html.Ul([html.Li(rag_badge(status, count=counts.get(status, 0))) for status in RAG_ORDER],
                className="rag-counts"),
        source_line(source, of=ids.RAG_SUMMARY),
    ], id=ids.RAG_SUMMARY, **{"aria-label": label})




def child_units_table(children: pd.DataFrame, counts: pd.DataFrame, *, level_name: str, href,
                      download: html.P | None = None, source: Provenance | None = None) -> html.Section:
    """Each child unit with its RAG counts, each a link one level down.  A
    long list shows the CHILD_ROWS units with most reds (then ambers) and a
    select to go to any of them."""
    counts = counts.reindex(children["org_code"], fill_value=0)
    units = children.assign(**{s: counts[s].to_numpy() for s in RAG_ORDER})
    cut = len(units) > CHILD_ROWS
    if cut:
        units = units.sort_values(["red", "amber", "name"], ascending=[False, False, True]).head(CHILD_ROWS)
    rows = [html.Tr([
        html.Th(dcc.Link(child.name, href=href(child.org_code)), scope="row"),
        *[html.Td(int(getattr(child, s)), className=f"num cell-{s}") for s in RAG_ORDER],
    ]) for child in records(units)]
    noun = level_name.lower()
    return html.Section([
        html.H2(level_name, className="h5"),
        unit_jump(children, href, noun) if cut else None,
        html.Div(html.Table([
            html.Caption(f"RAG counts for each {noun.rstrip('s')} this month"
                         + (f": the {CHILD_ROWS} of {len(children)} with most red, then amber" if cut else "")),
            html.Thead(html.Tr([html.Th("Unit", scope="col"),
                                *[html.Th(RAG_TEXT[s], scope="col", className="num") for s in RAG_ORDER]])),
            html.Tbody(rows),
        ], className="table table-sm child-table"), className="table-responsive"),
        source_line(source, of=ids.CHILD_UNITS),
        download,
    ], id=ids.CHILD_UNITS)


@dataclass(frozen=True)
class Mine:
    """"My indicators" on the scorecard: the indicators the signed-in viewer owns (``codes``, of ``total``
    shown), whether only they are shown (``on``, ``?mine=1``), the links that turn it on and off."""
    codes: frozenset[str]
    on: bool
    owner: str
    total: int
    href_on: str
    href_off: str


def scorecard_tables(frame: pd.DataFrame, trends: dict[str, Trend], *, group: str,
                     indicator_href, sources: dict[str, Provenance] | None = None,
                     mine: Mine | None = None) -> html.Section:
    """One table per theme (or portfolio) of every indicator with its value, target and RAG, each
    with where its figures come from (``sources``, by theme or portfolio).  With ``mine`` switched on, only
    the signed-in owner's indicators."""
    sources = sources or {}
    if mine is not None and mine.on:
        frame = frame[frame["indicator_code"].isin(mine.codes)]
    groups: dict[str, list] = {}
    for r in records(frame):
        groups.setdefault(getattr(r, group), []).append(r)
    sections = [_finder(groups, total=len(frame), group=group, mine=mine)]
    for name in sorted(groups):
        body = [_indicator_row(r, trends.get(r.indicator_code), indicator_href) for r in groups[name]]
        sections.append(html.Div([
            html.H3(name, className="h6 group-heading", id=group_anchor(name)),
            html.Div(html.Table([
                html.Thead(html.Tr([
                    html.Th("Indicator", scope="col"), html.Th("Period", scope="col"),
                    html.Th("Value", scope="col", className="num"), html.Th("Target", scope="col", className="num"),
                    html.Th("Status", scope="col"), html.Th("SPC", scope="col"), html.Th("Since last period", scope="col"),
                    html.Th("Since last year", scope="col"), html.Th("Trend", scope="col"),
                ])),
                html.Tbody(body),
            ], className="table table-sm scorecard-table"), className="table-responsive"),
            source_line(sources.get(name)),
        ], className="scorecard-group"))
    return html.Section(sections + [icon_legend()], id=ids.SCORECARD, **{"aria-label": "Scorecard"})


def group_anchor(name: str) -> str:
    return "group-" + "".join(c if c.isalnum() else "-" for c in str(name).lower()).strip("-")


def _finder(groups: dict[str, list], *, total: int, group: str, mine: Mine | None = None) -> html.Div:
    """A search box that narrows the tables as one types (assets/scorecard_search.js), a live count of the
    indicators that match, "my indicators" for a signed-in owner, and a link to each theme's (or
    portfolio's) table."""
    noun = "theme" if group == "theme" else "portfolio"
    return html.Div([
        html.Div([
            html.Div([
                html.Label("Find an indicator", htmlFor=ids.SCORECARD_SEARCH, className="form-label"),
                dcc.Input(id=ids.SCORECARD_SEARCH, type="search", placeholder="Name, code or owner",
                          className="form-control", autoComplete="off", debounce=False),
            ], className="finder-search"),
            _mine_switch(mine) if mine is not None else None,
        ], className="finder-row"),
        html.P(f"{total} indicator{'s' if total != 1 else ''}", id=ids.SCORECARD_SEARCH_COUNT,
               className="small text-muted mb-1", role="status", **{"aria-live": "polite", "data-total": total}),
        html.Nav([html.Span(f"Go to a {noun}: ", className="small"),
                  html.Ul([html.Li(html.A(f"{name} ({len(rows)})", href=f"#{group_anchor(name)}",
                                          **{"data-group": group_anchor(name)}))
                           for name, rows in sorted(groups.items())], className="jump-links")],
                 id=ids.SCORECARD_JUMP, **{"aria-label": f"Scorecard by {noun}"}),
    ], className="scorecard-finder")


def _mine_switch(mine: Mine) -> html.Div:
    """Any owner's indicators or only mine, as two links (so the choice is in the URL: ``?mine=1``), and in
    words what "mine" means: the indicators whose owner in the catalogue is the signed-in account's name."""
    def option(label, active, href):
        text = [label, html.Span(" (selected)", className="visually-hidden")] if active else label
        return html.Li(dcc.Link(text, href=href, className="switch-link" + (" active" if active else "")))
    n = len(mine.codes)
    note = (f"Showing only the {n} indicator{'s' if n != 1 else ''} whose owner is {mine.owner} (you)."
            if mine.on else f"“My indicators”: the {n} whose owner is {mine.owner} (you).")
    return html.Div([
        html.Span("Owner: ", className="switch-label"),
        html.Ul([option(f"Any owner ({mine.total})", not mine.on, mine.href_off),
                 option(f"My indicators ({n})", mine.on, mine.href_on)], className="switch"),
        html.P(note, id=ids.SCORECARD_MINE_NOTE, className="small mb-0 mine-note"),
    ], id=ids.SCORECARD_MINE, className="mine-switch", role="group", **{"aria-label": "Whose indicators"})


def _code(value) -> str:
    return value if isinstance(value, str) else "none"


def _restated(r):
    """Beside a figure a later release changed: what it was and when it changed."""
    if not hasattr(r, "restated_on") or pd.isna(r.restated_on):
        return None
    was = format_value(r.restated_from, r.unit, r.decimals) if pd.notna(r.restated_from) else "not shown"
    return html.Div(f"restated {r.restated_on:%-d %b %Y}, was {was}", className="small text-muted restated")


def _return_status(r):
    """Returns entered on /returns since the build: "submitted, not yet signed off" or "signed off"."""
    status = getattr(r, "return_status", "")
    if not isinstance(status, str) or not status:
        return None
    return html.Div(status, className="small return-status")


def _indicator_row(r, trend: Trend | None, indicator_href) -> html.Tr:
    value = format_value(r.value, r.unit, r.decimals)
    target = format_value(r.target, r.unit, r.decimals) if pd.notna(r.target) else "–"
    if trend is not None and trend.values:
        alt = (f"Trend from {short_month_label(trend.periods[0])} "
               f"({format_value(trend.values[0], r.unit, r.decimals)}) to {short_month_label(trend.periods[-1])} "
               f"({format_value(trend.values[-1], r.unit, r.decimals)})")
        has_target = any(t is not None for t in trend.targets)
        spark = sparkline(trend.values, targets=trend.targets if has_target else None, description=alt)
    else:
        spark = html.Span("No trend", className="text-muted")
    # the icon's words checked against the trend beside it: worse four periods running is no "improvement"
    icon = variation_icon(_code(r.variation), with_text=False)
    if trend is not None and trend.values:
        icon.alt = icon.title = spc_wording.variation_label(
            _code(r.variation), trend.values, r.polarity, period=spc_wording.PERIOD_NOUN.get(r.frequency, "period"))
    reported = ""
    if pd.notna(r.units_expected) and r.units_expected > 1:
        reported = f"{int(r.units_reporting)} of {int(r.units_expected)} units reported"
    return html.Tr([
        html.Th([dcc.Link(r.indicator_name, href=indicator_href(r.indicator_code)),
                 html.Div(reported, className="small text-muted") if reported else None], scope="row"),
        # data-label: a phone shows each row as a card, each cell named (assets/10-dashboard.css)
        html.Td([r.period_label, html.Span(" (provisional)", className="small") if r.provisional_rows else None,
                 _return_status(r)], **{"data-label": "Period"}),
        html.Td([value, _restated(r)], className="num", **{"data-label": "Value"}),
        html.Td(target, className="num", **{"data-label": "Target"}),
        html.Td(rag_badge(r.rag), **{"data-label": "Status"}),
        html.Td([icon,
                 assurance_icon(_code(r.assurance), with_text=False)], className="spc-cell"),
        html.Td(direction_label(r.direction, against="the previous period"), **{"data-label": "Since last period"}),
        html.Td(direction_label(r.direction_year, against="the same period last year"),
                **{"data-label": "Since last year"}),
        html.Td(spark, className="trend-cell"),
    ], className=f"row-{r.rag}",
       **{"data-search": " ".join(str(x) for x in (r.indicator_name, r.indicator_code, getattr(r, "owner", ""))
                                  if isinstance(x, str)).lower()})


def top_exceptions(rows: pd.DataFrame, *, total: int, org_code: str, period_key: str,
                   source: Provenance | None = None) -> html.Section:
    """The most material exceptions — one per indicator, at its most material
    unit — each a link, and a link to the full list."""
    items = [html.Li([
        dcc.Link(f"{r.indicator_name} — {r.org_name}",
                 href=urls.indicator_url(r.indicator_code, org=r.org_code, period=period_key)),
        ": ", r.summary,
    ]) for r in records(rows)]
    return html.Section([
        html.H2("Top exceptions", className="h5"),
        html.Ol(items) if items else html.P("No exceptions this month."),
        source_line(source, of=ids.TOP_EXCEPTIONS),
        dcc.Link(f"See all {total} exceptions", href=urls.exceptions_url(org=org_code, period=period_key)),
    ], id=ids.TOP_EXCEPTIONS)
