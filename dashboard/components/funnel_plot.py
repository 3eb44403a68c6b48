"""The funnel plot of /benchmarking (pagedata.funnel): proportion against its base, the group's
pooled rate and its 95% and 99.8% limits, the home council named, with the verdict in words and the figures
as a table."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components import frame
from dashboard.components.charts import base_layout, graph_style, numbers
from dashboard.components.tables import Column, scrollable, table
from dashboard.vocabulary import number_text
from dashboard.pagedata.funnel import funnel_table, funnel_verdict, lower_first


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
        yaxis=dict(title=dict(text=c.measure["measure_name"] + (" (%)" if k == 100 and "%" not in c.measure["measure_name"] else "")), gridcolor="#e5e5e5",
                   zeroline=False)))


def funnel_section(c, f, params: dict) -> html.Section:
    """The funnel plot with its verdict in words, a table alternative and downloads; or why there is none."""
    verdict = html.Div([html.P(line) for line in funnel_verdict(c, f)], id="benchmark-funnel-verdict")
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
                     html.Figcaption(f"Each area's {lower_first(c.measure['measure_name'])} against "
                                     f"its {lower_first(f.denominator_name)}; {c.home_name} is the blue "
                                     f"diamond, the line across is the pooled rate of {c.group_text}. {note} The table "
                                     "below has the figures.", className="small text-muted")]),
        html.Details([html.Summary("Show the funnel plot's figures as a table"),
                      scrollable(table(funnel_table(c, f), columns, table_id="benchmark-funnel-table",
                                       caption=f"{c.period}; pooled rate "
                                               f"{number_text(f.scale * f.result.target, ',.1f')}"
                                               + ("%" if f.scale == 100 else ""),
                                       row_header=Column("Area", lambda r: html.Strong(r.area_name)
                                                         if r.area_code == c.area else r.area_name)),
                                 "The funnel plot's figures")]),
        frame.download_links("benchmarking_funnel", **params),
    ], id="benchmark-funnel")
