"""/benchmarking?measure=<code>&area=<ONS code>&group=<neighbours|type|districts>&period=<label>
— one council against a comparator group on published statistics (imported
with ``python -m data.ingest``): rank and quartile, the group median, the trend
against it, a funnel plot where the file has the counts behind a proportion,
and the values with their source, status and load date."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import base_layout, dates, graph_style, numbers
from dashboard.components.kpi import Kpi, headline
from dashboard.components.tables import Column, table
from dashboard.context import current_db, current_settings, page_context
from dashboard.errors import friendly_errors
from dashboard.components.spc import variation_icon
from dashboard.formatting import number_text
from dashboard.metrics.spc import analyse
from dashboard.views import benchmarking as report

dash.register_page(__name__, path="/benchmarking", title="Benchmarking")

MEASURE_PICKER, MEASURE_SHOWN = "benchmark-measure", "benchmark-shown"
POLARITY_TEXT = {"up": "higher is better", "down": "lower is better"}


def _url(**params) -> str:
    return urls.benchmarking_url(**params)


@friendly_errors
def layout(measure: str | None = None, area: str | None = None, group: str | None = None,
           period: str | None = None, **_other):
    db = current_db()
    ctx = page_context(db, None, None)
    area = area or current_settings().home_area
    catalogue = report.measures(db)
    # published periods are the publishers' own, so the month picker has no part here
    page = dict(active="benchmarking", month=ctx.month, heading="Benchmarking on published statistics",
                picker=html.Div())
    if catalogue.empty:
        return frame.page(ctx.info, **page, body=[html.P(
            "No published statistics have been imported into this database yet. An analyst imports the "
            "publishers' own files with `python -m data.ingest <kind> FILE` (see the README); the demo's own "
            "figures are invented, so they are never compared with real councils.")])
    measure = measure or catalogue["measure_code"].iloc[0]
    c = report.compare(db, measure, area, group, period, catalogue=catalogue)
    params = {"measure": measure, "area": area, "group": c.group, "period": c.period}
    m = c.measure
    home_name = c.home_name
    body = [
        _choices(catalogue, measure, area, c),
        html.P([f"{m['measure_name']} ({m['publisher']}; {POLARITY_TEXT.get(m['polarity'], 'no preferred direction')}). ",
                f"Compared with {c.group_text} ({len(c.values)} areas), {c.period}. ",
                html.Span(f"Source: {m['title']}, file {m['source_file']}, imported {m['loaded_at']:%-d %B %Y}.",
                          className="text-muted")], className="small", id="benchmark-source"),
        _headline(c, home_name),
        _trend(c, home_name),
        _table(c, area, params),
        _funnel(c, report.funnel(db, c), params),
        _club(c) if c.group == "districts" else None,
    ]
    return frame.page(ctx.info, **page, subheading=f"{home_name} · {m['measure_name']}", body=body)


def _choices(catalogue, measure, area, c) -> html.Div:
    return html.Div([
        html.Label("Measure", htmlFor=MEASURE_PICKER, className="form-label"),
        dbc.Select(id=MEASURE_PICKER, value=measure, style={"maxWidth": "40rem"},
                   options=[{"label": f"{r.measure_name} ({r.publisher})", "value": r.measure_code}
                            for r in catalogue.itertuples()]),
        dcc.Store(id=MEASURE_SHOWN, data=measure),
        html.Div([html.Span("Compare with: ", className="switch-label"), html.Ul([
            html.Li(dcc.Link([text, html.Span(" (selected)", className="visually-hidden")] if key == c.group else text,
                             href=_url(measure=measure, area=area, group=key),
                             className="switch-link" + (" active" if key == c.group else "")))
            for key, text in report.GROUPS.items()], className="switch")], className="switches mt-2"),
    ], className="mb-3")


def _headline(c, home_name) -> html.Section:
    if c.group == "districts":      # the county is not one of its districts: the club compares them with each other
        n = int(c.values["value"].notna().sum())
        best = c.values.dropna(subset=["value"]).iloc[0] if n else None
        return headline([
            Kpi("Districts with a value", f"{n}", c.period),
            Kpi("District median", number_text(c.values["value"].median(), ",.1f")),
            Kpi("Ranked first", best["area_name"] if best is not None else "–",
                POLARITY_TEXT.get(c.measure["polarity"], "ranked high to low: no preferred direction")),
        ], label="Benchmark headline", section_id="benchmark-headline")
    if c.home is None or c.home["rank"] != c.home["rank"]:
        return html.P(f"{home_name} has no value for {c.period}; the group's figures are below.")
    n = int(c.values["value"].notna().sum())
    median = c.values["value"].median()
    quartile = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}[int(c.home["quartile"])]
    direction = POLARITY_TEXT.get(c.measure["polarity"])
    return headline([
        Kpi(home_name, number_text(c.home["value"], ",.1f"), f"{c.period}"),
        Kpi("Rank", f"{int(c.home['rank'])} of {n}", f"{quartile} ({direction})" if direction else
            "ranked high to low: no preferred direction"),
        Kpi("Group median", number_text(median, ",.1f"),
            f"{number_text(c.home['from_median'], '+,.1f')} from it"),
    ], label="Benchmark headline", section_id="benchmark-headline")


def _trend(c, home_name) -> html.Section:
    t = c.trend
    home_line = [] if c.group == "districts" else [
        dict(type="scatter", x=dates(t["period_start"]), y=numbers(t["home"]), mode="lines+markers", name=home_name,
             line=dict(color="#1d70b8", width=2), marker=dict(symbol="circle", size=7))]
    fig = dict(data=home_line + [
        dict(type="scatter", x=dates(t["period_start"]), y=numbers(t["median"]), mode="lines+markers",
             name=f"Median of {c.group_text}", line=dict(color="#505a5f", width=2, dash="dash"),
             marker=dict(symbol="diamond", size=7)),
    ], layout=base_layout(height=300, yaxis=dict(gridcolor="#e5e5e5", zeroline=False)))
    columns = [Column(home_name, lambda r: number_text(r.home, ",.1f"), numeric=True),
               Column("Group median", lambda r: number_text(r.median, ",.1f"), numeric=True),
               Column("Areas with a value", lambda r: str(int(r.count)), numeric=True)]
    return html.Section([
        html.H2(f"Against the median of {c.group_text} over time", className="h5"),
        html.Figure([dcc.Graph(id="benchmark-trend", figure=fig, style=graph_style(fig),
                               config={"displaylogo": False, "responsive": True}),
                     html.Figcaption(f"{home_name} (solid) and the median of {c.group_text} (dashed), each period "
                                     "published; the table below has the figures.", className="small text-muted")]),
        html.Details([html.Summary("Show the figures as a table"),
                      table(t, columns, caption="Each published period", row_header=Column("Period", lambda r: r.period_label))]),
    ])


def _table(c, area, params) -> html.Section:
    mixed = c.values["source_file"].nunique() > 1
    columns = [
        Column("Value", lambda r: number_text(r.value, ",.1f") if r.status == "value" else
               f"{number_text(r.value, ',.1f')} ({r.status})" if r.value == r.value else r.status.replace("_", " "),
               numeric=True),
        Column("Rank", lambda r: "–" if r.rank != r.rank else str(int(r.rank)), numeric=True),
        Column("Quartile", lambda r: "–" if r.quartile != r.quartile else str(int(r.quartile)), numeric=True),
        Column("From the median", lambda r: number_text(r.from_median, "+,.1f"), numeric=True),
        # the file too where the publication's current values come from more than one of its releases
        Column("Source", lambda r: f"{r.source_file + ' ' if mixed else ''}{r.source_ref}, imported "
                                   f"{r.loaded_at:%-d %b %Y}"),
    ]
    return html.Section([
        html.H2(f"{c.group_text.capitalize()}, {c.period}", className="h5"),
        table(c.values, columns, caption="Rank 1 is best where the publisher says which way is better",
              row_header=Column("Area", lambda r: [html.Strong(r.area_name) if r.area_code == area else r.area_name]),
              table_id="benchmark-table"),
        frame.download_links("benchmarking", **params),
    ])


def _limit_lines(curve, k: float, low: str, high: str, name: str, line: dict) -> list[dict]:
    """A pair of limit lines drawn as one legend entry."""
    x = numbers(curve["denominator"])
    return [dict(type="scatter", x=x, y=numbers(k * curve[col]), mode="lines", name=name, legendgroup=name,
                 showlegend=col == low, line=line, hoverinfo="skip") for col in (low, high)]


def _funnel_figure(c, f) -> dict:
    """Proportion against its base: the group's areas, the home council named, the group's pooled rate and
    the 95% and 99.8% limits (and, where areas differ beyond chance, the 99.8% limits widened for it)."""
    r, k = f.result, f.scale
    points, home = r.points, r.points[r.points["is_home"]]
    others = points[~points["is_home"]]
    # "Essex: 15.4% (881 of 5,705)": the rate, then the counts it comes from
    hover = "%{text}: %{y:,.1f}" + ("%" if k == 100 else "") + " (%{customdata:,.0f} of %{x:,.0f})<extra></extra>"
    average = f"Pooled rate of {c.group_text}"
    data = (_limit_lines(r.curve, k, "low998", "high998", "99.8% limits", dict(color="#505a5f", width=1.5))
            + _limit_lines(r.curve, k, "low95", "high95", "95% limits", dict(color="#505a5f", width=1, dash="dot")))
    if r.overdispersed:
        # #b34700 is 5:1 on white: a line that carries meaning needs 3:1 (WCAG 1.4.11)
        data += (_limit_lines(r.curve, k, "adjusted_low998", "adjusted_high998", "99.8% limits widened for the "
                              "spread between areas", dict(color="#b34700", width=1.5, dash="dash"))
                 + _limit_lines(r.curve, k, "adjusted_low95", "adjusted_high95", "95% limits widened for the "
                                "spread between areas", dict(color="#b34700", width=1, dash="dashdot")))
    data += [
        dict(type="scatter", x=numbers(r.curve["denominator"].iloc[[0, -1]]), y=[k * r.target] * 2, mode="lines",
             name=average, line=dict(color="#0b0c0c", width=1.5), hoverinfo="skip"),
        dict(type="scatter", x=numbers(others["denominator"]), y=numbers(k * others["proportion"]), mode="markers",
             name=f"Other {c.group_text}", text=list(others["area_name"]), customdata=numbers(others["numerator"]),
             marker=dict(color="#6f777b", size=8, line=dict(color="white", width=1)),
             hovertemplate=hover),
    ]
    if len(home):
        data.append(dict(type="scatter", x=numbers(home["denominator"]), y=numbers(k * home["proportion"]),
                         mode="markers+text", name=c.home_name, text=[c.home_name], textposition="top center",
                         customdata=numbers(home["numerator"]),
                         marker=dict(color="#1d70b8", size=13, symbol="diamond", line=dict(color="white", width=1)),
                         hovertemplate=hover))
    title = f"{c.measure['measure_name']}, {c.period}: {c.home_name} against {c.group_text}"
    # bases spanning more than twentyfold crowd the small areas into a corner on a linear axis
    log = points["denominator"].max() > 20 * points["denominator"].min()
    return dict(data=data, layout=base_layout(
        height=420, hovermode="closest", margin=dict(l=56, r=16, t=40, b=40),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=14)),
        xaxis=dict(title=dict(text=f"Base: {f.denominator_name}{' (log scale)' if log else ''}"),
                   gridcolor="#f3f2f1", type="log" if log else "linear"),
        yaxis=dict(title=dict(text=c.measure["measure_name"] + (" (%)" if k == 100 else "")), gridcolor="#e5e5e5",
                   zeroline=False)))


def _funnel(c, f, params) -> html.Section:
    verdict = html.Div([html.P(line) for line in report.funnel_verdict(c, f)], id="benchmark-funnel-verdict")
    if f.result is None:
        return html.Section([html.H2("Funnel plot", className="h5"), verdict], id="benchmark-funnel")
    heading = html.H2(f"Funnel plot: is {c.home_name}'s difference from {c.group_text} more than chance?",
                      className="h5")
    fig = _funnel_figure(c, f)
    interval = lambda lo, hi: "–" if lo != lo else f"{lo:,.1f}–{hi:,.1f}"   # noqa: E731  (NaN: no counts)
    columns = [Column(f.numerator_name, lambda r: number_text(r.numerator, ",.0f"), numeric=True),
               Column(f.denominator_name, lambda r: number_text(r.denominator, ",.0f"), numeric=True),
               Column("Proportion" + (" (%)" if f.scale == 100 else ""), lambda r: number_text(r.proportion, ",.1f"),
                      numeric=True),
               Column("95% interval (Wilson)", lambda r: interval(r.wilson95_low, r.wilson95_high), numeric=True),
               Column("95% limits", lambda r: interval(r.limit95_low, r.limit95_high), numeric=True),
               Column("99.8% limits", lambda r: interval(r.limit998_low, r.limit998_high), numeric=True),
               Column("Against the limits", lambda r: r.within)]
    if f.result.overdispersed:
        columns.append(Column("Against the widened limits",
                              lambda r: r.within_widened if isinstance(r.within_widened, str) else "–"))
    note = " ".join(x for x in ("Spiegelhalter's funnel plot (2005): the limits are the pooled rate ± 1.96 and "
                                "3.09 binomial standard errors (normal approximation, rough for bases under about "
                                "100; the Wilson intervals in the table hold for small ones) at each base.",
                                f.pairing.note) if x)
    return html.Section([
        heading, verdict,
        html.Figure([dcc.Graph(id="benchmark-funnel-chart", figure=fig, style=graph_style(fig),
                               config={"displaylogo": False, "responsive": True}),
                     html.Figcaption(f"Each area's {report.lower_first(c.measure['measure_name'])} against "
                                     f"its {report.lower_first(f.denominator_name)}; {c.home_name} is the blue "
                                     f"diamond, the line across is the pooled rate of {c.group_text}. {note} The table "
                                     "below has the figures.", className="small text-muted")]),
        html.Details([html.Summary("Show the funnel plot's figures as a table"),
                      table(report.funnel_table(c, f), columns, table_id="benchmark-funnel-table",
                            caption=f"{c.period}; pooled rate {number_text(f.scale * f.result.target, ',.1f')}"
                                    + ("%" if f.scale == 100 else ""),
                            row_header=Column("Area", lambda r: html.Strong(r.area_name) if r.area_code == c.area
                                              else r.area_name))]),
        frame.download_links("benchmarking_funnel", **params),
    ], id="benchmark-funnel")


def _club(c) -> html.Section:
    """The district benchmarking club: each district's own series judged with SPC (Making Data Count rules),
    so a district sees whether its latest figure is a real change or ordinary variation."""
    rows = []
    for code, series in c.series.groupby("area_code"):
        values = series.sort_values("period_start").set_index("period_start")["value"].astype(float)
        result = analyse(values, improvement=c.measure["polarity"] if c.measure["polarity"] in ("up", "down") else "neither")
        rows.append(html.Tr([
            html.Th(series["area_name"].iloc[0], scope="row"),
            html.Td(number_text(values.iloc[-1], ",.1f"), className="num"),
            html.Td(f"{series['period_label'].iloc[-1]}"),
            html.Td(variation_icon(result.variation)),
            html.Td(str(int(values.notna().sum())), className="num"),
        ]))
    return html.Section([
        html.H2("The district benchmarking club: each district's own trend", className="h5"),
        html.P("Each district's published series judged as an XmR chart (Making Data Count rules; limits need 13 "
               "or more values), so a district can tell a real change from ordinary variation.",
               className="small text-muted"),
        html.Div(html.Table([
            html.Caption("Latest value and the variation its own series shows"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("District", "Latest", "Period", "Variation",
                                                                   "Values")])),
            html.Tbody(rows)], className="table table-sm", id="benchmark-club"), className="table-responsive"),
    ])


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True), Input(MEASURE_PICKER, "value"),
               State(MEASURE_SHOWN, "data"), State("_pages_location", "search"), prevent_initial_call=True)
def choose_measure(measure, shown, search):
    """Another measure keeps the area and starts from its own default group and
    latest period; the one shown (reported as the select mounts) does not navigate."""
    if not measure or measure == shown:
        return dash.no_update
    return "/benchmarking" + urls.replace_query(search, measure=measure, group=None, period=None)
