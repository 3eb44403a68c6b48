"""SPC in the Making Data Count style: the chart, the variation and assurance
icons (always with words), and a sentence saying what they mean."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.vocabulary import ASSURANCE_TEXT, LOWER_LIMIT, POINT_COLOUR, POINT_TEXT, UPPER_LIMIT, VARIATION_TEXT
from dashboard.components.charts import Figure, base_layout, dates, numbers, value_axis



def _icon(kind: str, code: str, text: str, with_text: bool) -> html.Span | html.Img:
    """An icon from assets/icons (cached by the browser, a few bytes per use)
    with its meaning as visible text, or as alt text when shown alone."""
    src = f"/assets/icons/{kind}-{code.replace('_', '-')}.svg"
    if not with_text:
        return html.Img(src=src, alt=text, title=text, width=22, height=22, className="spc-icon-img")
    return html.Span([html.Img(src=src, alt="", width=22, height=22), html.Span(text, className="icon-text")],
                     className=f"spc-icon {kind}-{code}")


def variation_icon(code: str, *, with_text: bool = True) -> html.Span:
    code = code if code in VARIATION_TEXT else "none"
    return _icon("variation", code, VARIATION_TEXT[code], with_text)


def assurance_icon(code: str, *, with_text: bool = True) -> html.Span:
    code = code if code in ASSURANCE_TEXT else "none"
    return _icon("assurance", code, ASSURANCE_TEXT[code], with_text)


def icon_legend() -> html.Details:
    """What the icons mean, for the scorecards."""
    return html.Details([
        html.Summary("What the SPC icons mean"),
        html.Ul([html.Li([variation_icon(c, with_text=False), " ", VARIATION_TEXT[c]])
                 for c in ("common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
                           "neither_high", "none")]
                + [html.Li([assurance_icon(c, with_text=False), " ", ASSURANCE_TEXT[c]])
                   for c in ("pass", "fail", "hit_or_miss", "none")], className="icon-legend"),
        html.P("Icons come from a statistical process control (XmR) chart of each period's own value, "
               "using NHS England's Making Data Count rules.", className="small"),
    ], className="spc-legend")


def spc_figure(points: pd.DataFrame, *, target: float | None, value_title: str, unit: str | None = None,
               decimals: int = 1) -> Figure:
    """Values with mean, process limits and target; each point coloured by its SPC type."""
    x = dates(points["period_start"])
    values = numbers(points["value"])
    kinds = points["point_type"].tolist()
    data = [dict(type="scatter", x=x, y=values, mode="lines", line=dict(color="#b1b4b6", width=1.5),
                 name="Value", showlegend=False, hoverinfo="skip")]
    for kind, colour in POINT_COLOUR.items():
        chosen = [i for i, k in enumerate(kinds) if k == kind]
        if chosen:
            data.append(dict(type="scatter", x=[x[i] for i in chosen], y=[values[i] for i in chosen],
                             mode="markers", name=POINT_TEXT[kind],
                             marker=dict(color=colour, size=8, symbol=_SYMBOL[kind], line=dict(color="white", width=1)),
                             hovertemplate="%{y:,.4~g} · " + POINT_TEXT[kind] + "<extra></extra>"))
    unjudged = [i for i, k in enumerate(kinds) if not isinstance(k, str) and values[i] is not None]
    if unjudged:
        data.append(dict(type="scatter", x=[x[i] for i in unjudged], y=[values[i] for i in unjudged],
                         mode="markers", name="Too few points to judge",
                         marker=dict(color="#6f777b", size=7, symbol="circle-open"),
                         hovertemplate="%{y:,.4~g}<extra></extra>"))
    if points["mean"].notna().any():
        data.append(dict(type="scatter", x=x, y=numbers(points["mean"]), mode="lines", name="Mean",
                         line=dict(color="#0b0c0c", width=1.5), hovertemplate="Mean %{y:,.4~g}<extra></extra>"))
        # both limits named in the legend (a reader should not guess which line is the lower one)
        for column, label, dash in (("upl", UPPER_LIMIT, "dot"), ("lpl", LOWER_LIMIT, "dashdot")):
            data.append(dict(type="scatter", x=x, y=numbers(points[column]), mode="lines", name=label,
                             legendgroup="limits",
                             line=dict(color="#505a5f", width=1, dash=dash),
                             hovertemplate=label + " %{y:,.4~g}<extra></extra>"))
    if target is not None and pd.notna(target):
        data.append(dict(type="scatter", x=x, y=[float(target)] * len(x), mode="lines", name="Target",
                         line=dict(color="#d4351c", width=1.5, dash="dash"),
                         hovertemplate="Target %{y:,.4~g}<extra></extra>"))
    return dict(data=data, layout=base_layout(height=380, yaxis=value_axis(value_title, unit, decimals)))


# Shapes differ by type as well as colour, for readers who cannot tell them apart.
_SYMBOL = {"common_cause": "circle", "improvement": "triangle-up", "concern": "diamond", "neither": "square"}
