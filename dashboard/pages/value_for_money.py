"""/value-for-money?org=<code>&period=YYYY-MM[&output=<indicator>] — where value
for money is being delivered: for the units below a node that do the same
work, the unit cost of an output against their performance, as a quadrant
chart whose points open the unit one level down, and the same as a table."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import base_layout, graph_style, numbers
from dashboard.components.provenance import source_line
from dashboard.components.tables import Column, money_column, units_table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import number_text
from dashboard.periods import month_label
from dashboard.pagedata import vfm

dash.register_page(__name__, path="/value-for-money", title="Value for money")

VFM_OUTPUT, VFM_SHOWN = "vfm-output", "vfm-shown"



@friendly_errors
def layout(org: str | None = None, period: str | None = None, output: str | None = None, **_other):
    db = current_db()
    got = vfm.data(db, current_scope(), vfm.PAGE.parse(db, {"org": org, "period": period, "output": output}))
    ctx, moved_from, choices = got.ctx, got.moved_from, got.choices
    period_key = got.params.period
    crumbs = frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                              link=lambda u: urls.section_url("value-for-money", org=u.code, period=period_key))
    page = dict(active="value-for-money", month=ctx.month, org_code=ctx.org.code, crumbs=crumbs,
                heading=f"Value for money · {ctx.org.name}",
                subheading=f"Unit cost against performance, the 12 months to {month_label(ctx.month)}")
    if choices.empty:
        return frame.page(ctx.info, **page, body=[html.P(
            "A unit cost compares units that do the same work, and no output is reported by two or more of the "
            "units directly below this one. Go down a level (a service, to compare its teams) using the "
            "breadcrumb or the scorecard.")])
    output, name, rows, source = got.output, got.output_name, got.units, got.source
    params = {"org": ctx.org.code, "period": period_key, "output": output}
    body = [
        html.P([f"A unit cost compares units that do the same work, and the units directly below {moved_from.name} "
                f"do different work, so this page opens on {ctx.org.name}. Use the breadcrumb to choose another "
                "unit."], className="alert alert-info", id="vfm-moved") if moved_from else None,
        html.Div([
            html.Label("Output", htmlFor=VFM_OUTPUT, className="form-label"),
            dcc.Store(id=VFM_SHOWN, data=(shown := urls.section_url("value-for-money", org=ctx.org.code,
                                                                    period=period_key, output=output))),
            dbc.Select(id=VFM_OUTPUT, value=shown, style={"maxWidth": "32rem"},
                       options=[{"label": f"{n} ({k} units)", "value": urls.section_url(
                           "value-for-money", org=ctx.org.code, period=period_key, output=c)}
                                for c, n, k in zip(choices["code"], choices["name"], choices["units_reporting"])]),
        ], className="mb-3"),
        html.Section([
            _chart(rows, name, period_key, output) if len(rows) >= 2 else
            html.P("Fewer than two units below reported this output in these 12 months: nothing to compare."),
            _table(rows, name, period_key, output),
            source_line(source, of=ids.VFM_TABLE),
            frame.download_links("value_for_money", **params),
        ], id="vfm-comparison", **{"aria-label": f"Unit cost of {name.lower()} against performance"}),
        html.P("Comparisons with similar councils use published data, where it is available, on the benchmarking "
               "pages.", className="small text-muted"),
    ]
    return frame.page(ctx.info, **page, body=body)


def _href(org_code: str, period_key: str, output: str) -> str:
    return urls.section_url("value-for-money", org=org_code, period=period_key, output=output)


def _chart(rows, name: str, period_key: str, output: str) -> html.Figure:
    cost_mid, perf_mid = rows["unit_cost"].median(), rows["green_pct"].median()
    fig = dict(data=[dict(
        # names are not drawn on the chart (with a few dozen units they overlap and run off the edge): the hover
        # names the point and the table below lists every unit with its figures
        type="scatter", mode="markers", x=numbers(rows["unit_cost"]), y=numbers(rows["green_pct"]),
        text=rows["name"].tolist(), marker=dict(size=11, color="#1d70b8", symbol="circle"),
        customdata=[_href(c, period_key, output) for c in rows["org_code"]],
        hovertemplate="%{text}: £%{x:,." + str(_cost_decimals(rows)) + "f} each, %{y:.0f}% of indicators green"
                      "<extra></extra>")],
        layout=base_layout(height=420, hovermode="closest",
                           xaxis=dict(title=dict(text="Gross spend per unit of output"), gridcolor="#e5e5e5",
                                      tickprefix="£", tickformat=",.0f"),
                           yaxis=dict(title=dict(text="Indicators green"), gridcolor="#e5e5e5", range=[-5, 105],
                                      ticksuffix="%", tickformat=".0f"),
                           shapes=[dict(type="line", xref="x", yref="paper", x0=cost_mid, x1=cost_mid, y0=0, y1=1,
                                        line=dict(color="#505a5f", dash="dot")),
                                   dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=perf_mid, y1=perf_mid,
                                        line=dict(color="#505a5f", dash="dot"))],
                           annotations=[dict(xref="paper", yref="paper", x=0, y=1, text="Lower cost, higher performance",
                                             showarrow=False, xanchor="left", yanchor="top", font=dict(size=11)),
                                        dict(xref="paper", yref="paper", x=1, y=0, text="Higher cost, lower performance",
                                             showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=11))]))
    return html.Figure([
        dcc.Graph(id=ids.VFM_CHART, figure=fig, style=graph_style(fig), config={"displaylogo": False, "responsive": True}),
        html.Figcaption(f"Each unit's gross spend per {name.lower()} against the share of its indicators that are "
                        "green; dotted lines are the medians of these units. Click a point to open that unit; the "
                        "table below gives the same figures with links.", className="small text-muted"),
    ])


def _cost_decimals(rows) -> int:
    """Unit costs to the pound, or to the penny when every one is under £10 (the column reads alike)."""
    costs = rows["unit_cost"].dropna()
    return 2 if len(costs) and costs.abs().max() < 10 else 0


def _table(rows, name: str, period_key: str, output: str) -> html.Div:
    places = _cost_decimals(rows)
    columns = [
        money_column("Gross spend (12 months)", rows, "gross_spend_12m"),
        Column(f"{name} (12 months)", lambda r: number_text(r.output_12m, ",.0f"), numeric=True),
        Column("Unit cost", lambda r: "£" + number_text(r.unit_cost, f",.{places}f") if r.unit_cost == r.unit_cost
               else "–", numeric=True),
        Column("Indicators green", lambda r: f"{number_text(r.green_pct, '.0f', '%')} of {r.indicators_rated}", numeric=True),
        Column("Quadrant", lambda r: r.quadrant),
    ]
    return units_table(rows, columns, caption="Unit cost and performance of each unit", table_id=ids.VFM_TABLE,
                       href=lambda code: _href(code, period_key, output), noun="units",
                       order=lambda f: f.sort_values("unit_cost", ascending=False), order_text="costliest first")


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True), Input(VFM_OUTPUT, "value"),
               State(VFM_SHOWN, "data"), prevent_initial_call=True)
def choose_output(href, shown):
    """The select's values are the page's own links for each output; the one
    shown (reported as the select mounts) does not navigate."""
    return href if href and href != shown else dash.no_update


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True), Input(ids.VFM_CHART, "clickData"),
               prevent_initial_call=True)
def open_unit(click):
    """A click on a point opens that unit's page one level down."""
    if not click or not click.get("points"):
        return dash.no_update
    return click["points"][0].get("customdata") or dash.no_update
