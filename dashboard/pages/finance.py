"""/finance?org=<code>&period=YYYY-MM — budget monitoring of any unit: the
forecast outturn against the current budget, the year to date against the
profiled budget, which units below drive the variance, and how the forecast
has moved since April."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import Figure, base_layout, dates, graph_style, numbers
from dashboard.components.kpi import Kpi, headline
from dashboard.components.rag import rag_badge
from dashboard.components.tables import CHILD_NOUN, Column, money_column, table, units_table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.metrics import money
from dashboard.vocabulary import money_scale
from dashboard.metrics.money import Variance, money_text, variance_text
from dashboard.periods import financial_year_label, month_label, parse_month, short_month_label
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import finance

dash.register_page(__name__, path="/finance", title="Finance")



@friendly_errors
def layout(org: str | None = None, period: str | None = None, **_other):
    db = current_db()
    got = finance.data(db, current_scope(), finance.PAGE.parse(db, {"org": org, "period": period}))
    ctx = got.params.ctx
    period_key = got.params.period
    params = {"org": ctx.org.code, "period": period_key}
    sources = got.sources
    if got.total is None:
        body = [html.P(f"No budget is held by {ctx.org.name} or any unit below it in {month_label(ctx.month)}.")]
    else:
        body = [
            _headline(got.total, got.year, sources.get("month")),
            _categories(got.categories, params, sources.get("month")),
            _units(got.units, ctx.org.level, period_key, params, sources.get("month")) if len(got.units) else None,
            _movement(got.year, params, sources.get("year")),
            _method(),
        ]
    return frame.page(
        ctx.info, active="finance", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.section_url("finance", org=u.code, period=period_key)),
        heading=f"Finance · {ctx.org.name}",
        subheading=f"Revenue budget monitoring · {month_label(ctx.month)} · {financial_year_label(ctx.month)}",
        body=body,
    )


def _variance_of(row, prefix: str = "") -> Variance:
    return Variance(row[f"{prefix}variance"], row[f"{prefix}variance_pct"], row[f"{prefix}variance_words"],
                    row[f"{prefix}rag"])


def _headline(total, months, source: Provenance | None) -> html.Section:
    forecast = _variance_of(total)
    ytd = _variance_of(total, "ytd_")
    moved = months["forecast_outturn"].diff().iloc[-1] if len(months) > 1 else None
    movement = (None if moved is None or moved != moved else
                "No change since last month" if abs(moved) < 0.5 else
                f"{'Up' if moved > 0 else 'Down'} {money_text(abs(moved))} since last month")
    return headline([
        Kpi("Net budget", money_text(total["current_budget"]),
            f"original budget {money_text(total['original_budget'])}"),
        Kpi("Forecast outturn", money_text(total["forecast_outturn"]), movement),
        Kpi("Forecast variance", variance_text(forecast), "forecast outturn against the net budget", rag=forecast.rag),
        Kpi("Year to date", variance_text(ytd),
            f"spent {money_text(total['actual_ytd'])} against {money_text(total['profiled_budget_ytd'])} profiled",
            rag=ytd.rag),
    ], label="Budget headline", section_id=ids.FINANCE_HEADLINE, source=source)


def _variance_cell(rows, prefix: str = ""):
    """Each row's variance in words, every row at the scale of the largest (no £0.4m beside £412k)."""
    scale = money_scale(rows[f"{prefix}variance"]) if f"{prefix}variance" in rows else None

    def cell(r):
        v = Variance(getattr(r, f"{prefix}variance"), getattr(r, f"{prefix}variance_pct"),
                     getattr(r, f"{prefix}variance_words"), getattr(r, f"{prefix}rag"))
        return [variance_text(v, scale=scale), " ", rag_badge(v.rag)] if v.rag != "no_data" else "No budget"
    return cell


def _categories(cats, params, source: Provenance | None) -> html.Section:
    columns = [
        money_column("Net budget", cats, "current_budget"),
        money_column("Forecast outturn", cats, "forecast_outturn"),
        Column("Forecast variance", _variance_cell(cats)),
        money_column("Budget to date", cats, "profiled_budget_ytd"),
        money_column("Spent to date", cats, "actual_ytd"),
        Column("Variance to date", _variance_cell(cats, "ytd_")),
    ]
    return html.Section([
        html.H2("By category", className="h5"),
        table(cats, columns, caption="Spend is positive and income negative, so an income shortfall is an overspend.",
              row_header=Column("Category", lambda r: r.category_name), table_id=ids.FINANCE_CATEGORIES),
        source_line(source, of=ids.FINANCE_CATEGORIES),
        frame.download_links("finance_categories", **params),
    ])


def _units(below, level: str, period_key: str, params, source: Provenance | None) -> html.Section:
    noun = CHILD_NOUN[level]
    columns = [
        money_column("Net budget", below, "current_budget"),
        money_column("Forecast outturn", below, "forecast_outturn"),
        Column("Forecast variance", _variance_cell(below)),
        Column("Share of the overspend", lambda r: f"{r.share_of_overspend_pct:.0f}%"
               if r.share_of_overspend_pct == r.share_of_overspend_pct and r.share_of_overspend_pct is not None
               else "–", numeric=True),
        money_column("Forecast moved since last month", below, "movement"),
    ]
    return html.Section([
        html.H2(f"Which {noun} drive the variance", className="h5"),
        units_table(below, columns, caption=f"Forecast variance of each of the {noun}", noun=noun,
                    href=lambda code: urls.section_url("finance", org=code, period=period_key),
                    order=lambda f: f.sort_values("variance", ascending=False, na_position="last"),
                    order_text="with the largest overspend first"),
        source_line(source, of=ids.UNIT_TABLE),
        frame.download_links("finance_units", **params),
    ])


def movement_figure(months) -> Figure:
    """Budget and forecast in £m, ticks rounded to a tenth of a million."""
    x = dates(months["period"].map(parse_month))
    m = lambda col: [None if v is None else v / 1_000_000 for v in numbers(months[col])]
    return dict(data=[
        dict(type="scatter", x=x, y=m("current_budget"), mode="lines", name="Net budget",
             line=dict(color="#505a5f", dash="dash", width=1.5), hovertemplate="Budget £%{y:,.1f}m<extra></extra>"),
        dict(type="scatter", x=x, y=m("forecast_outturn"), mode="lines+markers",
             name="Forecast outturn", line=dict(color="#1d70b8", width=2),
             hovertemplate="Forecast £%{y:,.1f}m<extra></extra>"),
    ], layout=base_layout(height=300, margin=dict(l=80, r=16, t=16, b=40),
                          yaxis=dict(gridcolor="#e5e5e5", zeroline=False, tickprefix="£",
                                                 ticksuffix="m", tickformat=",.1f")))


def _movement(months, params, source: Provenance | None) -> html.Section:
    columns = [
        money_column("Net budget", months, "current_budget"),
        money_column("Forecast outturn", months, "forecast_outturn"),
        Column("Forecast variance", _variance_cell(months)),
    ]
    first = short_month_label(parse_month(months["period"].iloc[0])) if len(months) else ""
    return html.Section([
        html.H2("How the forecast has moved this year", className="h5"),
        html.Figure([
            dcc.Graph(id=ids.FINANCE_MOVEMENT, figure=(fig := movement_figure(months)), style=graph_style(fig),
                      config={"displaylogo": False, "responsive": True}),
            html.Figcaption(f"Net budget and forecast outturn at each month end since {first}; "
                            "the same figures are in the table below.", className="small text-muted"),
        ]),
        html.Details([html.Summary("Show the figures as a table"),
                      table(months, columns, caption="Forecast at each month end",
                            row_header=Column("Month", lambda r: short_month_label(parse_month(r.period))))]),
        source_line(source, of=ids.FINANCE_MOVEMENT),
        frame.download_links("finance_year", **params),
    ])


def _method() -> html.Details:
    return html.Details([
        html.Summary("How the status is judged"),
        html.P(f"A forecast overspend of more than {money.RED_OVER_PCT:g}% of the net budget is red and more than "
               f"{money.AMBER_OVER_PCT:g}% amber; an underspend of more than {money.AMBER_UNDER_PCT:g}% is amber "
               "too, since money held back from services is also a budgeting failure. Where the net budget is "
               f"under {money_text(money.NEAR_ZERO_BUDGET)} either way (a service funded mostly by its income) no "
               f"percentage is shown and the thresholds are {money_text(money.RED_OVER_MONEY)} over (red), "
               f"{money_text(money.AMBER_OVER_MONEY)} over or {money_text(money.AMBER_UNDER_MONEY)} under (amber). "
               "The year to date compares spend with the budget profiled to date, month by month.", className="small"),
    ], className="method")
