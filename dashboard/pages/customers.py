"""/customers?org=<code>&period=YYYY-MM[&theme=<survey question>] — what
customers tell the council about a unit: complaints and compliments (volumes,
themes, timeliness, upheld rate), the county's residents' survey by district
with 95% intervals, and outputs charted beside the outcomes they should move."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import base_layout, dates, graph_style, numbers
from dashboard.components.kpi import Kpi, headline
from dashboard.components.tables import CHILD_NOUN, Column, table, units_table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import format_value, number_text
from dashboard.frames import records
from dashboard.periods import month_label, parse_month, short_month_label
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import customers

dash.register_page(__name__, path="/customers", title="Customers")

GRAPH_CONFIG = {"displaylogo": False, "responsive": True}



@friendly_errors
def layout(org: str | None = None, period: str | None = None, theme: str | None = None, **_other):
    db = current_db()
    got = customers.data(db, current_scope(), customers.PAGE.parse(db, {"org": org, "period": period,
                                                                        "theme": theme}))
    ctx, period_key, sources = got.params.ctx, got.params.period, got.sources
    feedback = sources.get("feedback")
    params = {"org": ctx.org.code, "period": period_key}
    body = [
        _headline(got.types, feedback),
        _types(got.types, params, feedback),
        _trend(got.months, params, sources.get("trend")),
        _themes(got.themes, feedback),
        _units(got.units, ctx.org.level, period_key, params, feedback) if len(got.units) else None,
        _survey(got.survey, got.theme, got.survey_themes, ctx.org.code, period_key, params, sources.get("survey")),
        _pairs(got) if got.pairs is not None else
        html.P("The outputs charted beside outcomes are council-wide figures, shown to those who see the whole "
               "council.", id="customers-council-wide", className="small text-muted"),
    ]
    return _page(ctx, period_key, body)


def _page(ctx, period_key, body):
    return frame.page(
        ctx.info, active="customers", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.section_url("customers", org=u.code, period=period_key)),
        heading=f"Customers · {ctx.org.name}",
        subheading=f"Feedback over the 12 months to {month_label(ctx.month)} · residents' survey",
        body=body,
    )


def _headline(kinds, source: Provenance | None) -> html.Section:
    complaints = kinds[kinds["type"] == "complaint"]
    stage1 = complaints[complaints["stage"] == "1"]
    s1 = stage1.iloc[0] if len(stage1) else None
    compliments = kinds.loc[kinds["type"] == "compliment", "received_12m"].sum()
    received = complaints["received_12m"].sum()
    decided = complaints["decided_12m"].sum()
    upheld = (complaints["upheld_12m"] + complaints["partly_upheld_12m"]).sum()
    return headline([
        Kpi("Complaints", number_text(received), "received in the last 12 months, all stages"),
        Kpi("Stage 1 answered on time", number_text(s1["on_time_pct"] if s1 is not None else None, ".1f", "%"),
            "within 20 working days, last 12 months"),
        Kpi("Upheld", number_text(upheld / decided * 100 if decided else None, ".1f", "%"),
            f"wholly or partly, of {int(decided)} complaints decided"),
        Kpi("Compliments", number_text(compliments), "received in the last 12 months"),
        Kpi("Open now", number_text(kinds["open_now"].sum()), f"{number_text(kinds['overdue_now'].sum())} past their due date"),
    ], label="Customer feedback headline", section_id=ids.CUSTOMERS_HEADLINE, source=source)


def _types(kinds, params, source: Provenance | None) -> html.Section:
    columns = [
        Column("This month", lambda r: number_text(r.received_month), numeric=True),
        Column("Last 12 months", lambda r: number_text(r.received_12m), numeric=True),
        Column("Answered", lambda r: number_text(r.responded_12m), numeric=True),
        Column("On time", lambda r: number_text(r.on_time_pct, ".1f", "%"), numeric=True),
        Column("Average working days", lambda r: number_text(r.average_working_days, ".1f"), numeric=True),
        Column("Upheld (wholly or partly)", lambda r: number_text(r.upheld_pct, ".1f", "%"), numeric=True),
        Column("Open now", lambda r: number_text(r.open_now), numeric=True),
        Column("Overdue now", lambda r: number_text(r.overdue_now), numeric=True),
    ]
    return html.Section([
        html.H2("Feedback by type", className="h5"),
        table(kinds, columns, caption="Received, answered and decided over the last 12 months; open at the month end",
              row_header=Column("Type", lambda r: r.label), table_id="feedback-types"),
        source_line(source, of="feedback-types"),
        frame.download_links("customer_feedback", **params),
    ])


def _trend(monthly, params, source: Provenance | None) -> html.Section:
    x = dates(monthly["period"].map(parse_month))
    fig = dict(data=[
        dict(type="scatter", x=x, y=numbers(monthly["complaints"]), mode="lines+markers", name="Complaints",
             line=dict(color="#d4351c", width=2), marker=dict(symbol="triangle-up", size=7)),
        dict(type="scatter", x=x, y=numbers(monthly["compliments"]), mode="lines+markers", name="Compliments",
             line=dict(color="#00703c", width=2, dash="dash"), marker=dict(symbol="circle", size=7)),
    ], layout=base_layout(height=300, yaxis=dict(gridcolor="#e5e5e5", zeroline=False, rangemode="tozero")))
    columns = [Column("Complaints", lambda r: number_text(r.complaints), numeric=True),
               Column("Compliments", lambda r: number_text(r.compliments), numeric=True)]
    return html.Section([
        html.H2("Complaints and compliments each month", className="h5"),
        html.Figure([dcc.Graph(figure=fig, style=graph_style(fig), config=GRAPH_CONFIG),
                     html.Figcaption("Received each month over the last two years; complaints as a solid line with "
                                     "triangles, compliments dashed with circles. The figures are in the table below.",
                                     className="small text-muted")]),
        html.Details([html.Summary("Show the figures as a table"),
                      table(monthly, columns, caption="Received each month",
                            row_header=Column("Month", lambda r: short_month_label(parse_month(r.period))))]),
        source_line(source, of="feedback-trend"),
    ])


def _themes(topics, source: Provenance | None) -> html.Section:
    parts = []
    for kind, title in (("complaint", "What complaints were about"), ("compliment", "What compliments were about")):
        rows = topics[topics["type"] == kind].head(8)
        parts.append(html.Div([
            html.H3(title, className="h6"),
            table(rows, [Column("Last 12 months", lambda r: number_text(r.received_12m), numeric=True)],
                  caption="The most frequent themes, most first", row_header=Column("Theme", lambda r: r.theme))
            if len(rows) else html.P("None in the last 12 months."),
        ], className="col-md-6"))
    return html.Section([html.H2("Themes", className="h5"), html.Div(parts, className="row"),
                         source_line(source, of="feedback-themes")])


def _units(below, level: str, period_key: str, params, source: Provenance | None) -> html.Section:
    noun = CHILD_NOUN[level]
    columns = [
        Column("Complaints (12 months)", lambda r: number_text(r.complaints_12m), numeric=True),
        Column("Compliments (12 months)", lambda r: number_text(r.compliments_12m), numeric=True),
        Column("Stage 1 on time", lambda r: number_text(r.stage1_on_time_pct, ".1f", "%"), numeric=True),
        Column("Upheld", lambda r: number_text(r.upheld_pct, ".1f", "%"), numeric=True),
    ]
    return html.Section([
        html.H2(noun.capitalize(), className="h5"),
        units_table(below, columns, caption=f"Feedback about each of the {noun}", noun=noun,
                    href=lambda code: urls.section_url("customers", org=code, period=period_key),
                    order=lambda f: f.sort_values("complaints_12m", ascending=False),
                    order_text="with most complaints first"),
        source_line(source, of=ids.UNIT_TABLE),
        frame.download_links("customer_units", **params),
    ])


def _ci(r) -> str:
    if r.satisfied_pct is None or r.satisfied_pct != r.satisfied_pct:
        return "–"
    return f"{r.satisfied_pct:.0f}% ({r.low_pct:.0f}–{r.high_pct:.0f})"


def _survey(survey, theme, themes, org_code, period_key, params, source: Provenance | None) -> html.Section:
    if survey.empty:
        return html.Section([html.H2("Residents' survey", className="h5"),
                             html.P("No quarter of the residents' survey had ended by this month.")])
    latest_q = survey["quarter_start"].max()
    now = survey[survey["quarter_start"] == latest_q]
    before = survey[survey["quarter_start"] < latest_q]
    quarter = now["quarter"].iloc[0]
    chosen = now[now["theme_code"] == theme].sort_values("district_order")
    fig = dict(data=[dict(
        type="scatter", mode="markers", x=numbers(chosen["satisfied_pct"]), y=chosen["district"].tolist(),
        marker=dict(color="#1d70b8", size=9, symbol="diamond"),
        error_x=dict(type="data", symmetric=False, array=numbers(chosen["high_pct"] - chosen["satisfied_pct"]),
                     arrayminus=numbers(chosen["satisfied_pct"] - chosen["low_pct"]), color="#505a5f"),
        hovertemplate="%{y}: %{x:.0f}% satisfied<extra></extra>")],
        layout=base_layout(height=60 + 28 * len(chosen), hovermode="closest", margin=dict(l=140, r=16, t=16, b=40),
                           xaxis=dict(title=dict(text="% satisfied (95% interval)"), range=[0, 100],
                                      gridcolor="#e5e5e5"),
                           yaxis=dict(autorange="reversed")))
    districts = now[now["theme_code"] == theme][["district_code", "district"]].drop_duplicates()
    cell = {(r.theme_code, r.district_code): r for r in records(now)}
    questions = now.drop_duplicates("theme_code").sort_values("theme_order")
    previous = before[before["district_code"] == "ALL"].set_index("theme_code")["satisfied_pct"].to_dict()
    rows = []
    for code, name in zip(questions["theme_code"], questions["theme"]):
        cells = [html.Td(_ci(cell[(code, d)]) if (code, d) in cell else "–", className="num")
                 for d in districts["district_code"]]
        rows.append(html.Tr([html.Th(dcc.Link(name, href=urls.section_url("customers", org=org_code, period=period_key,
                                                                           theme=code)), scope="row"),
                             *cells, html.Td(number_text(previous.get(code), ".0f", "%"), className="num")]))
    heads = [html.Th("Question", scope="col"), *[html.Th(n, scope="col", className="num") for n in districts["district"]],
             html.Th("County, quarter before", scope="col", className="num")]
    return html.Section([
        html.H2(f"Residents' survey, {quarter}", className="h5"),
        html.P("The county's quarterly survey of residents, by district (it is not split by service unit). Each "
               "figure is the share satisfied with its 95% interval worked out from the number who answered.",
               className="small text-muted"),
        html.Figure([dcc.Graph(id=ids.SURVEY_CHART, figure=fig,
                               style=graph_style(fig), config=GRAPH_CONFIG),
                     html.Figcaption(f"{themes[theme]}: share satisfied in each district and the county, with 95% "
                                     "intervals. Choose another question from the table.", className="small text-muted")]),
        html.Div(html.Table([html.Caption(f"Share satisfied, {quarter} (95% interval)"),
                             html.Thead(html.Tr(heads)), html.Tbody(rows)],
                            className="table table-sm", id=ids.SURVEY_TABLE), className="table-responsive"),
        source_line(source, of=ids.SURVEY_TABLE),
        frame.download_links("survey", **params),
    ])


def _pairs(got: customers.CustomersData) -> html.Section:
    sections, sources = [], got.sources
    for p in got.pairs.itertuples():
        series = got.pair_series[p.code]
        out = series[series["series"] == "output"]
        res = series[series["series"] == "outcome"]
        outcome_name = "Residents satisfied (%)" if p.outcome_kind == "survey" else "Compliments as a share of feedback (%)"
        fig = dict(data=[
            dict(type="scatter", x=dates(out["period"]), y=numbers(out["value"]), mode="lines+markers",
                 name=p.output_name, line=dict(color="#1d70b8", width=2), marker=dict(symbol="circle", size=6)),
            dict(type="scatter", x=dates(res["period"]), y=numbers(res["value"]), mode="lines+markers",
                 name=outcome_name, yaxis="y2", line=dict(color="#6f3c97", width=2, dash="dash"),
                 marker=dict(symbol="diamond", size=8)),
        ], layout=base_layout(height=300, hovermode="x unified",
                              yaxis=dict(title=dict(text="Output"), gridcolor="#e5e5e5", zeroline=False),
                              yaxis2=dict(title=dict(text="Outcome"), overlaying="y", side="right", zeroline=False),
                              margin=dict(l=56, r=56, t=16, b=40)))
        both = [Column("Output", lambda r: format_value(r.value, p.output_unit, p.output_decimals)
                       if r.series == "output" else "", numeric=True),
                Column("Outcome", lambda r: number_text(r.value, ".1f", "%") if r.series == "outcome" else "", numeric=True)]
        sections.append(html.Div([
            html.H3(p.title, className="h6"),
            html.P(p.explanation, className="small"),
            html.Figure([dcc.Graph(figure=fig, style=graph_style(fig), config=GRAPH_CONFIG),
                         html.Figcaption(f"{p.output_name} (solid, left axis) and {outcome_name.lower()} (dashed, "
                                         f"right axis), which typically follows it by {p.lag_months} months.",
                                         className="small text-muted")]),
            html.Details([html.Summary("Show the figures as a table"),
                          table(series.sort_values("period"), both, caption=p.title,
                                row_header=Column("Period", lambda r: short_month_label(r.period)))]),
            source_line(sources.get(f"pair:{p.code}")),
        ], className="outcome-pair"))
    return html.Section([html.H2("Outputs beside outcomes", className="h5"), *sections], id=ids.OUTCOME_PAIRS)
