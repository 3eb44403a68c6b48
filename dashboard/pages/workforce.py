"""/workforce?org=<code>&period=YYYY-MM[&staff=all] — the workforce of any unit:
FTE against establishment, vacancies, sickness over a rolling 12 months (short
and long term, with an SPC chart of each month's days lost per FTE), turnover,
agency spend and mandatory training; schools' staff excluded unless asked for,
as councils usually report sickness."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import graph_style
from dashboard.components.kpi import Kpi, headline
from dashboard.components import spc_wording
from dashboard.components.spc import spc_figure, variation_icon
from dashboard.components.tables import CHILD_NOUN, Column, units_table, money_column
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import number_text
from dashboard.metrics import measures
from dashboard.metrics.money import money_text
from dashboard.metrics.rates import direction_of_travel
from dashboard.periods import month_label
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import workforce
from dashboard.pagedata.spc_series import SpcView

dash.register_page(__name__, path="/workforce", title="Workforce")



@friendly_errors
def layout(org: str | None = None, period: str | None = None, staff: str | None = None, **_other):
    db = current_db()
    got = workforce.data(db, current_scope(), workforce.PAGE.parse(db, {"org": org, "period": period,
                                                                        "staff": staff}))
    ctx, period_key, shown, sources = got.params.ctx, got.params.period, got.staff, got.sources
    params = {"org": ctx.org.code, "period": period_key, "staff": None if shown == "excluding_schools" else shown}
    if got.now is None:
        body = [html.P(f"No workforce figures for {ctx.org.name} in {month_label(ctx.month)}.")]
    else:
        body = [
            _staff_switch(ctx.org.code, period_key, shown),
            _headline(got.now, got.before, sources.get("month")),
            _units(got.units, ctx.org.level, period_key, shown, params, sources.get("month")) if len(got.units)
            else None,
            _sickness_spc(got.spc, params, sources.get("series")),
            _method(),
        ]
    return frame.page(
        ctx.info, active="workforce", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.section_url("workforce", org=u.code, period=period_key,
                                                                staff=params["staff"])),
        heading=f"Workforce · {ctx.org.name}",
        subheading=f"{month_label(ctx.month)} · {workforce.STAFF_TEXT[shown]}",
        body=body,
    )


def _staff_switch(org_code: str, period_key: str, shown: str) -> html.Div:
    def option(label, value):
        active = value == shown
        text = [label, html.Span(" (selected)", className="visually-hidden")] if active else label
        return html.Li(dcc.Link(text, className="switch-link" + (" active" if active else ""),
                                href=urls.section_url("workforce", org=org_code, period=period_key,
                                                      staff=None if value == "excluding_schools" else value)))
    return html.Div(html.Div([html.Span("Staff: ", className="switch-label"), html.Ul([
        option("Excluding schools", "excluding_schools"), option("All staff", "all")], className="switch")]),
        className="switches")


def _headline(now, before, source: Provenance | None) -> html.Section:
    # in the data's first year the rolling window is short: say so, and judge no direction from it
    months = int(now["months_12m"])
    window = "last 12 months" if months >= 12 else f"only the {months} month{'s' if months != 1 else ''} since the data begin"

    def d(column, lower_is_better=True, rolling=False):
        if rolling and months < 12:
            return "n/a"
        return direction_of_travel(now[column], before[column] if before is not None else None, lower_is_better=lower_is_better)
    return headline([
        Kpi("FTE in post", number_text(now["fte"], ",.1f"), f"against an establishment of {number_text(now['establishment_fte'], ',.1f')} FTE"),
        Kpi("Vacancy rate", number_text(now["vacancy_rate_pct"], ".1f", "%"),
            f"{number_text(now['vacancy_fte'], ',.1f')} FTE vacant", direction=d("vacancy_rate_pct")),
        Kpi("Sickness, days lost per FTE", number_text(now["sickness_days_per_fte_12m"], ".2f"),
            f"{window}: {number_text(now['short_term_days_per_fte_12m'], '.2f')} short term, "
            f"{number_text(now['long_term_days_per_fte_12m'], '.2f')} long term",
            direction=d("sickness_days_per_fte_12m", rolling=True)),
        Kpi("Turnover", number_text(now["turnover_pct_12m"], ".1f", "%"),
            f"{int(now['leavers_12m'])} leavers and {int(now['starters_12m'])} starters, {window}",
            direction=d("turnover_pct_12m", rolling=True)),
        Kpi("Agency spend", money_text(now["agency_spend"]), "this month; " + "; ".join(
            f"{money_text(v)} {label}" for v, label in measures.agency_spend_parts(
                now["agency_spend"], now["agency_spend_ytd"], now.get("agency_spend_all"),
                now.get("agency_spend_ytd_all"))[1:]), direction=d("agency_spend")),
        Kpi("Mandatory training", number_text(now["training_pct"], ".1f", "%"), "of required modules in date",
            direction=d("training_pct", lower_is_better=False)),
    ], label="Workforce headline", section_id=ids.WORKFORCE_HEADLINE, source=source)


def _units(below, level: str, period_key: str, staff: str, params, source: Provenance | None) -> html.Section:
    noun = CHILD_NOUN[level]
    columns = [
        Column("FTE", lambda r: number_text(r.fte, ",.1f"), numeric=True),
        Column("Establishment FTE", lambda r: number_text(r.establishment_fte, ",.1f"), numeric=True),
        Column("Vacancy rate", lambda r: number_text(r.vacancy_rate_pct, ".1f", "%"), numeric=True),
        Column("Days lost per FTE (12 months)", lambda r: number_text(r.sickness_days_per_fte_12m, ".2f"), numeric=True),
        Column("Turnover (12 months)", lambda r: number_text(r.turnover_pct_12m, ".1f", "%"), numeric=True),
        money_column("Agency spend this month", below, "agency_spend"),
        Column("Training in date", lambda r: number_text(r.training_pct, ".1f", "%"), numeric=True),
    ]
    return html.Section([
        html.H2(noun.capitalize(), className="h5"),
        units_table(below, columns, caption=f"Workforce of each of the {noun}", noun=noun,
                    href=lambda code: urls.section_url("workforce", org=code, period=period_key,
                                                       staff=None if staff == "excluding_schools" else staff),
                    order=lambda f: f.sort_values("sickness_days_per_fte_12m", ascending=False, na_position="last"),
                    order_text="with most days lost per FTE first"),
        source_line(source, of=ids.UNIT_TABLE),
        frame.download_links("workforce_units", **params),
    ])


def _sickness_spc(spc: SpcView | None, params, source: Provenance | None) -> html.Section:
    if spc is None:
        return html.Section([html.H2("Sickness each month", className="h5"),
                             html.P("Too few months of figures for a chart."), source_line(source)])
    fig = spc_figure(spc.points, target=None, value_title="Days lost per FTE")
    table_rows = spc.points.iloc[::-1].head(24)
    return html.Section([
        html.H2("Sickness each month: days lost per FTE", className="h5"),
        html.P(spc.description, className="small text-muted"),
        html.Div([variation_icon(spc.variation)], className="spc-icons"),
        html.P(spc_wording.variation_sentence(spc.variation, spc.points["value"].to_numpy(), "down", period="month")),
        html.Figure([
            dcc.Graph(id=ids.SICKNESS_SPC, figure=fig, style=graph_style(fig),
                      config={"displaylogo": False, "responsive": True}),
            html.Figcaption("Days lost to sickness in each month per FTE in post, with the mean and process "
                            "limits; the latest 24 months are in the table below and every month in the download.",
                            className="small text-muted"),
        ]),
        html.Details([html.Summary("Show the chart as a table"), html.Div(html.Table([
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Month", "Days lost per FTE", "Mean", "Lower limit",
                                                                   "Upper limit")])),
            html.Tbody([html.Tr([html.Th(f"{p:%b %Y}", scope="row"),
                                 *[html.Td(number_text(v, ".3f"), className="num") for v in (val, mean, lpl, upl)]])
                        for p, val, mean, lpl, upl in zip(table_rows["period_start"], table_rows["value"],
                                                          table_rows["mean"], table_rows["lpl"], table_rows["upl"])]),
        ], className="table table-sm"), className="table-responsive")]),
        source_line(source, of=ids.SICKNESS_SPC),
        frame.download_links("workforce_sickness", **params),
    ])


def _method() -> html.Details:
    return html.Details([
        html.Summary("How these figures are worked out"),
        html.Ul([
            html.Li("Vacancy rate: establishment FTE less FTE in post, as a share of establishment FTE, at the month end."),
            html.Li("Days lost per FTE: days lost to sickness over the last 12 months divided by the average FTE in "
                    "post over the same 12 months. Long term means an absence of more than 20 working days."),
            html.Li("Turnover: leavers over the last 12 months as a share of the average headcount over them."),
            html.Li("Every rate for a group of units is worked out from their added-up counts, never by averaging "
                    "their rates. Schools' staff are excluded unless “All staff” is chosen, as councils usually "
                    "report sickness."),
        ], className="small"),
    ], className="method")
