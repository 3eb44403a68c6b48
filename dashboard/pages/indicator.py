"""/indicator/<code>?org=<org>&period=YYYY-MM — one indicator at one unit:
trend against target, the units below it, definition, returns and commentary."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls
from dashboard import commentary as commentary_rule
from dashboard.components import frame
from dashboard.components.charts import children_figure, graph_style, trend_figure
from dashboard.components.rag import rag_badge
from dashboard.components import spc_wording
from dashboard.components.spc import assurance_icon, spc_figure, variation_icon
from dashboard.vocabulary import POINT_TEXT, assurance_sentence
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import indicator
from dashboard.pagedata.forecast import METHOD as FORECAST_METHOD, ForecastView
from dashboard.pagedata.spc_series import SpcView, period_options
from dashboard.context import current_db, current_scope, current_settings
from dashboard.errors import friendly_errors
from dashboard.vocabulary import format_value, worth_a_chart
from dashboard.frames import records
from dashboard.periods import month_label, parse_month, period_label

dash.register_page(__name__, path_template="/indicator/<code>", title="Indicator")

POLARITY_TEXT = {"up": "Higher is better", "down": "Lower is better", "neither": "Neither higher nor lower is better (context only)"}
AGGREGATION_TEXT = {
    "ratio": "Rolled up as the sum of numerators over the sum of denominators",
    "sum": "Rolled up as a total",
    "max": "Rolled up as the highest value",
    "latest": "A stock at the end of the period, totalled over units",
    "none": "Reported for the whole council only",
}
BASIS_TEXT = {"in_month": "In month", "year_to_date": "Year to date (from April)",
              "rolling_12_months": "Rolling 12 months", "snapshot": "Snapshot at period end"}
TABLE_ROWS = 50  # rows shown in a long table (units below, returns); downloads have every row
NONE = "none"   # the select option meaning "not set" (a select cannot show an empty value)
GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


@friendly_errors
def layout(code: str | None = None, org: str | None = None, period: str | None = None,
           recalc: str | None = None, baseline: str | None = None, **_other):
    db = current_db()
    got = indicator.data(db, current_scope(), indicator.PAGE.parse(db, {
        "code": code, "org": org, "period": period, "recalc": recalc, "baseline": baseline}))
    ind, ctx, row, trend, children = got.params.indicator, got.params.ctx, got.row, got.trend, got.children
    period_key, spc, forecast, sources = got.params.period, got.spc, got.forecast, got.sources
    # the value shown rests on the returns of its period (or window); the charts on every period's
    shown, series = sources.get("period"), sources.get("series")
    value_title = _value_title(ind)
    params = {"code": ind["code"], "org": ctx.org.code, "period": period_key}
    body = [
        _headline(ind, row, spc, shown),
        _forecast_section(forecast, ind, series) if forecast else None,
        _spc_section(ind, spc, recalc=recalc, baseline=baseline, value_title=value_title, source=series,
                     params={**params, "recalc": recalc, "baseline": baseline}) if ind["spc_applies"]
        else html.Section([html.H2("Statistical process control", className="h5"), html.P(
            "No SPC chart: one period's own value of this indicator means nothing on its own (the year's amount is "
            "raised at the start of the year), so only the year-to-date figure and its forecast are shown.")]),
        html.Section([
            html.H2("Trend against target", className="h5"),
            _figure(_graph(ids.INDICATOR_TREND, trend_figure(trend, value_title=value_title, unit=ind["unit"], decimals=int(ind["decimals"]))),
                    f"{ind['name']} at {ctx.org.name} over time, with its target. "
                    "The figures are in the table below the chart and the download."),
            _trend_table(trend, ind),
            source_line(series, of=ids.INDICATOR_TREND),
            frame.download_links("indicator_trend", **params),
        ]),
    ]
    if not children.empty:
        child_level = children["level"].iloc[0]
        body.append(html.Section([
            html.H2(f"By {child_level} · {period_label(row['period_start'], ind['frequency'])}", className="h5"),
            # one bar compares nothing: the table alone says it
            _figure(_graph(ids.INDICATOR_CHILDREN_CHART, children_figure(
                children, value_title=value_title, unit=ind["unit"], decimals=int(ind["decimals"]))),
                f"Each {child_level}'s value, coloured by RAG status; click a bar to open that {child_level}. "
                "The table below gives the same figures, with links.")
            if worth_a_chart(int(children["value"].notna().sum())) else None,
            _children_table(children, ind, period_key),
            source_line(shown, of=ids.INDICATOR_CHILDREN),
            frame.download_links("indicator_children", **params),
        ]))
    body += [
        _published(got.published),
        _about(ind),
        _returns_section(got.returns, ind, row, params, sources.get("returns")),
        _commentary_section(got.commentary, _commentary_due(row, got.commentary, ctx.month)),
    ]
    return frame.page(
        ctx.info, active="scorecard", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.indicator_url(ind["code"], org=u.code, period=period_key)),
        heading=ind["name"], subheading=f"{ctx.org.name} · {month_label(ctx.month)}", body=body,
    )


def _graph(graph_id: str, fig) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG, style=graph_style(fig))


def _figure(graph, caption: str) -> html.Figure:
    """A chart with a caption saying what it shows and where its table is."""
    return html.Figure([graph, html.Figcaption(caption, className="small text-muted")])


def _value_title(ind) -> str:
    return {"percent": "%", "currency": "£"}.get(ind["unit"], ind["unit"])


def _headline(ind, row, spc: SpcView | None, source: Provenance | None) -> html.Section:
    value = format_value(row["value"], ind["unit"], ind["decimals"])
    target = format_value(row["target"], ind["unit"], ind["decimals"]) if pd.notna(row["target"]) else "No target"
    status = "Provisional" if row["provisional_rows"] else "Validated"
    return html.Section([html.Dl([
        html.Div([html.Dt("Value"), html.Dd(value, className="headline-value")]),
        html.Div([html.Dt("Period"), html.Dd(period_label(row["period_start"], ind["frequency"]))]),
        html.Div([html.Dt("Target"), html.Dd(target)]),
        html.Div([html.Dt("Status"), html.Dd(rag_badge(row["rag"]))]),
        html.Div([html.Dt("Variation"), html.Dd(variation_icon(spc.variation) if spc else "SPC not applicable")]),
        html.Div([html.Dt("Assurance"), html.Dd(assurance_icon(spc.assurance) if spc else "SPC not applicable")]),
        html.Div([html.Dt("Data"), html.Dd(status if pd.notna(row["value"]) else "No return")]),
        html.Div([html.Dt("Units reporting"),
                  html.Dd(f"{int(row['units_reporting'])} of {int(row['units_expected'])}" if pd.notna(row["units_expected"]) else "–")]),
    ], className="headline"), source_line(source, of="indicator-headline")], id="indicator-headline",
        **{"aria-label": "Headline"})


def _forecast_section(fc: ForecastView, ind, source: Provenance | None) -> html.Section:
    def fmt(v):
        return format_value(v, ind["unit"], ind["decimals"])
    year = f"the year ending {fc.year_end:%B %Y}"
    target = f"the annual target of {fmt(fc.target)}" if fc.target is not None else "no annual target"
    if fc.state == "outturn":
        text = [f"Outturn for {year}: ", html.Strong(fmt(fc.value)), f", against {target}: ", rag_badge(fc.rag)]
    elif fc.state == "no_history":
        text = [f"No forecast for {year}: the method needs the same months of last year."]
    else:
        spread = (f" (80% interval {fmt(fc.low)} to {fmt(fc.high)})" if fc.low is not None
                  else " (no interval: too little history to calibrate one)")
        text = [f"Forecast outturn for {year}: ", html.Strong(fmt(fc.value)), spread,
                f". Forecast status against {target}: ", rag_badge(fc.rag)]
    return html.Section([
        html.H2("Year-end forecast", className="h5"),
        html.P(text, id=ids.FORECAST),
        html.P(FORECAST_METHOD, className="small text-muted"),
        source_line(source, of=ids.FORECAST),
    ])


def _spc_section(ind, spc: SpcView, *, recalc, baseline, value_title: str, params: dict,
                 source: Provenance | None) -> html.Section:
    points = spc.points
    latest = points.iloc[::-1].head(TABLE_ROWS)
    table = html.Details([
        html.Summary("Show the SPC chart as a table"),
        html.Div(html.Table([
            html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                ("Period", "Value", "Mean", "Lower limit", "Upper limit", "Variation")])),
            html.Tbody([html.Tr([
                html.Th(period_label(r.period_start, ind["frequency"]), scope="row"),
                *[html.Td(format_value(v, ind["unit"], ind["decimals"]) if pd.notna(v) else "–", className="num")
                  for v in (r.value, r.mean, r.lpl, r.upl)],
                html.Td(POINT_TEXT.get(r.point_type, "Not judged") if pd.notna(r.value) else "No return"),
            ]) for r in records(latest)]),
        ], className="table table-sm"), className="table-responsive"),
        _cut_note(len(latest), len(points), "periods (latest first)"),
    ])
    return html.Section([
        html.H2("Statistical process control", className="h5"),
        html.P(spc.description, className="small text-muted"),
        _recalculation_note(spc, recalc),
        html.Div([variation_icon(spc.variation), assurance_icon(spc.assurance)], className="spc-icons"),
        # the words are checked against the line: a series worse four periods running is no "improvement"
        html.P([spc_wording.variation_sentence(spc.variation, points["value"].to_numpy(), ind["polarity"],
                                               period=spc_wording.PERIOD_NOUN.get(ind["frequency"], "period")),
                " ", assurance_sentence(spc.assurance)]),
        _figure(_graph(ids.INDICATOR_SPC, spc_figure(points, target=spc.target, value_title=value_title, unit=ind["unit"],
                                                     decimals=int(ind["decimals"]))),
                f"SPC chart of {ind['name']}: each period's value with the mean and process limits; points are "
                "shaped and coloured by type. The figures are in the table below and the download."),
        table,
        source_line(source, of=ids.INDICATOR_SPC),
        frame.download_links("indicator_spc", **params),
        spc_controls(spc, recalc=recalc, baseline=baseline, frequency=ind["frequency"]),
    ], id=ids.SPC_SECTION)


def _recalculation_note(spc: SpcView, recalc: str | None) -> html.P | None:
    """Which saved recalculation point the limits run from, and why (earlier ones said after it)."""
    if not spc.recalculations:
        return None
    latest, earlier = spc.recalculations[-1], spc.recalculations[:-1]
    text = [html.Strong(latest.text + ".")]
    if earlier:
        text.append(" Earlier: " + "; ".join(p.text for p in reversed(earlier)) + ".")
    if recalc:
        text.append(f" Exploring: limits also recalculated from {month_label(parse_month(recalc))} (this view only).")
    return html.P(text, id=ids.SPC_RECALC_NOTE)


def _trend_table(trend: pd.DataFrame, ind) -> html.Details:
    latest = trend.iloc[::-1].head(TABLE_ROWS)
    rows = [html.Tr([
        html.Th(period_label(r.period_start, ind["frequency"]), scope="row"),
        html.Td(format_value(r.value, ind["unit"], ind["decimals"]), className="num"),
        html.Td(format_value(r.target, ind["unit"], ind["decimals"]) if pd.notna(r.target) else "–", className="num"),
        html.Td(rag_badge(r.rag)),
        html.Td(f"{r.units_reporting} of {r.units_expected}", className="num"),
    ]) for r in records(latest)]
    return html.Details([
        html.Summary("Show the figures as a table"),
        html.Div(html.Table([
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Period", "Value", "Target", "Status", "Units reporting")])),
            html.Tbody(rows),
        ], className="table table-sm"), className="table-responsive"),
        _cut_note(len(latest), len(trend), "periods (latest first)"),
    ])


def _children_table(children: pd.DataFrame, ind, period_key: str) -> html.Div:
    # worst first: the units that need attention lead, and a long list is cut there
    ordered = children.sort_values("value", ascending=ind["polarity"] != "down", na_position="first")
    shown = ordered.head(TABLE_ROWS)
    rows = [html.Tr([
        html.Th(dcc.Link(r.name, href=urls.indicator_url(ind["code"], org=r.org_code, period=period_key)), scope="row"),
        html.Td(format_value(r.value, ind["unit"], ind["decimals"]), className="num"),
        html.Td(format_value(r.target, ind["unit"], ind["decimals"]) if pd.notna(r.target) else "–", className="num"),
        html.Td(rag_badge(r.rag)),
    ]) for r in records(shown)]
    return html.Div([html.Table([
        html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Unit", "Value", "Target", "Status")])),
        html.Tbody(rows),
    ], className="table table-sm", id=ids.INDICATOR_CHILDREN), _cut_note(len(shown), len(ordered), "units")],
        className="table-responsive")


def _cut_note(shown: int, total: int, what: str) -> html.P | None:
    """Long tables show their first TABLE_ROWS rows; the download has them all."""
    if shown == total:
        return None
    return html.P(f"Showing the first {shown} of {total} {what}; download the table for all of them.",
                  className="small text-muted")


def _published(published: list[indicator.Published]) -> html.Section | None:
    """The home council's published figure against its comparators, labelled as
    published data with its own period and definition (never this dashboard's)."""
    if not published:
        return None
    home = current_settings().home_area
    items = []
    for pub in published:
        p, c = pub.pairing, pub.comparison
        n = int(c.values["value"].notna().sum())
        shown = f",.{c.decimals}f"
        items.append(html.Li([
            html.Strong(f"{p.measure_name} ({p.publisher}), {c.period}: "),
            f"{c.home_name} {c.home['value']:{shown}}, ranked {int(c.home['rank'])} of {n} {c.group_text} "
            f"(median {c.values['value'].median():{shown}}; "
            f"{'lower' if c.measure['polarity'] == 'down' else 'higher'} is better). ",
            html.Span(p.comparison, className="small text-muted"), " ",
            dcc.Link("Compare in full", href=urls.benchmarking_url(measure=c.measure["measure_id"], area=home)),
            source_line(Provenance(
                f"{c.measure['publisher']}, {c.measure['title']} (file {c.measure['source_file']})", c.period,
                _published_status(c, n), f"imported {c.measure['loaded_at']:%-d %b %Y}")),
        ]))
    if not items:
        return None
    return html.Section([
        html.H2("Published figures for comparison", className="h5"),
        html.P("Published statistics about the real council set in the benchmarking settings — not this "
               "dashboard's figures, which they are not mixed with.", className="small text-muted"),
        html.Ul(items),
    ], id="indicator-published")


def _about(ind) -> html.Section:
    tolerance = (f"{ind['tolerance'] * 100:g}% of the target" if ind["tolerance_kind"] == "relative"
                 else f"{format_value(ind['tolerance'], ind['unit'], ind['decimals'])}")
    facts = [
        ("Definition", ind["definition"]),
        ("Direction", POLARITY_TEXT[ind["polarity"]]),
        ("Basis", BASIS_TEXT[ind["basis"]]),
        ("Frequency", ind["frequency"].capitalize() + (f", {ind['lag_periods']} period(s) in arrears" if ind["lag_periods"] else "")),
        ("Roll-up", AGGREGATION_TEXT[ind["aggregation"]]),
        ("Amber tolerance", f"Up to {tolerance} worse than target"),
        ("Owner", f"{ind['owner']} ({ind['directorate_name']})"),
        ("Theme", ind["theme"]),
        ("Portfolio", ind["portfolio"]),
        ("National measure", ind["national_code"] or "Local measure"),
        ("Source", ind["source"]),
        ("Return due", f"{ind['due_working_days']} working days after the period ends"),
    ]
    return html.Section([
        html.H2("About this indicator", className="h5"),
        html.Dl([html.Div([html.Dt(k), html.Dd(v)]) for k, v in facts], className="facts"),
    ])


def _returns_section(returns: pd.DataFrame, ind, row, params: dict, source: Provenance | None) -> html.Section:
    if returns.empty:
        content = html.P("No returns were received for this period.")
    else:
        late = int((returns["return_status"] == "late").sum())
        missing = int((returns["return_status"] == "missing").sum())
        provisional = int((returns["status"] == "provisional").sum())
        content = html.Details([
            html.Summary(f"{len(returns) - missing} returns behind this figure · {missing} missing · {late} late · "
                         f"{provisional} provisional"),
            html.Div(html.Table([
                html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                    ("Unit", "Numerator", "Denominator", "Value", "Status", "Received", "Due")])),
                html.Tbody([html.Tr([
                    html.Th(r.name, scope="row"),
                    html.Td("–" if pd.isna(r.numerator) else f"{r.numerator:,.0f}", className="num"),
                    html.Td("–" if pd.isna(r.denominator) else f"{r.denominator:,.0f}", className="num"),
                    html.Td(format_value(r.display_value, ind["unit"], ind["decimals"]), className="num"),
                    html.Td(r.status.capitalize() if isinstance(r.status, str) else "Missing"),
                    html.Td([f"{r.received_at:%-d %b %Y}", html.Strong(" late") if r.late else None]
                            if pd.notna(r.received_at) else html.Strong("Not received")),
                    html.Td(f"{r.due_date:%-d %b %Y}" if pd.notna(r.due_date) else "–"),
                ]) for r in records(returns.head(TABLE_ROWS))]),
            ], className="table table-sm"), className="table-responsive"),
            _cut_note(min(len(returns), TABLE_ROWS), len(returns), "returns (missing ones first)"),
            frame.download_links("indicator_returns", **params),
        ])
    return html.Section([
        html.H2(f"Returns · {period_label(row['period_start'], ind['frequency'])}", className="h5"),
        content,
        source_line(source, of="indicator-returns"),
    ], id="indicator-returns")


def _commentary_due(row, commentary: pd.DataFrame, month) -> list[str]:
    """The packs' rule (dashboard.commentary) for a red or amber figure: no commentary, commentary written for an
    earlier period, or a recovery date passed."""
    if row["rag"] not in ("red", "amber"):
        return []
    latest = commentary.iloc[0] if len(commentary) else None
    return commentary_rule.flags(rag=row["rag"], period_start=row["period_start"],
                                 commentary_period=None if latest is None else latest["period_start"],
                                 recovery_date=None if latest is None else latest["recovery_date"],
                                 month=month, has_commentary=latest is not None)


def _commentary_section(commentary: pd.DataFrame, due: list[str] | None = None) -> html.Section:
    flag = html.P([html.Strong("Commentary due: ", className="commentary-due"),
                   "; ".join(commentary_rule.REASONS[x].lower() for x in due), "."],
                  id="indicator-commentary-due") if due else None
    if commentary.empty:
        items = [html.P("No commentary has been written for this unit.")]
    else:
        items = [html.Article([
            html.H3(f"{month_label(r.period_start)} — {r.author}", className="h6"),
            html.P(r.text),
            html.P([html.Strong("Action: "), r.action,
                    f" (owner: {r.action_owner})" if r.action_owner else "",
                    f"; recovery expected by {r.recovery_date:%-d %B %Y}" if pd.notna(r.recovery_date) else ""])
            if r.action else None,
        ], className="commentary") for r in records(commentary)]
    return html.Section([html.H2("Commentary", className="h5"), flag, *items])


def spc_controls(spc: SpcView, *, recalc: str | None, baseline: str | None, frequency: str) -> html.Div:
    """Explore the chart: recalculate limits from a period, or fix them from the
    first n points.  Both live in the URL, so a view can be shared."""
    # Making Data Count needs 13 points for limits, so shorter baselines would show none.
    baselines = [n for n in (13, 18, 24, 36) if n < len(spc.periods)]
    return html.Div([
        html.Div([
            html.Label("Recalculate limits from", htmlFor=ids.SPC_RECALC, className="form-label"),
            dbc.Select(id=ids.SPC_RECALC, value=recalc or NONE,
                       options=[{"label": "No recalculation", "value": NONE}] + period_options(spc.periods)),
        ]),
        html.Div([
            html.Label("Limits from", htmlFor=ids.SPC_BASELINE, className="form-label"),
            dbc.Select(id=ids.SPC_BASELINE, value=baseline or NONE,
                       options=[{"label": "All points", "value": NONE}]
                       + [{"label": f"The first {n} points (baseline)", "value": str(n)} for n in baselines]),
        ]),
    ], className="spc-controls")


@dash.callback(
    Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
    Input(ids.SPC_RECALC, "value"),
    Input(ids.SPC_BASELINE, "value"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def explore_spc(recalc, baseline, pathname, search):
    """Changing the recalculation or baseline puts it in the URL (and redraws)."""
    new = urls.replace_query(search, recalc=None if recalc in (None, NONE) else recalc,
                             baseline=None if baseline in (None, NONE) else baseline)
    return dash.no_update if new == (search or "") else pathname + new


@dash.callback(
    Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
    Input(ids.INDICATOR_CHILDREN_CHART, "clickData"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def drill_from_bar(click, pathname, search):
    """Clicking a unit's bar opens the indicator for that unit (the table has the same links)."""
    if not click or not click.get("points"):
        return dash.no_update
    org_code = click["points"][0]["customdata"][0]
    return pathname + urls.replace_query(search, org=org_code)


def _published_status(c, n: int) -> str:
    """"11 of 11 areas with a value", and the home council's figure's note when it has one ("provisional")."""
    status = str(c.home["status"])
    note = "" if status == "value" else f"{c.home_name}'s figure {status.replace('_', ' ')}; "
    return f"{note}{n} of {len(c.values)} areas with a value"
