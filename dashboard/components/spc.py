"""SPC in the Making Data Count style: the chart, the variation and assurance
icons (always with words), and a sentence saying what they mean."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.formatting import LOWER_LIMIT, UPPER_LIMIT
from dashboard.components.charts import Figure, base_layout, dates, numbers, value_axis

# Point colours in MDC's scheme, darkened where needed for 3:1 contrast on white.
POINT_COLOUR = {"common_cause": "#6f777b", "improvement": "#1d70b8", "concern": "#c25400", "neither": "#6f3c97"}
POINT_TEXT = {"common_cause": "Common cause", "improvement": "Special cause: improvement",
              "concern": "Special cause: concern", "neither": "Special cause (no preferred direction)"}

VARIATION_TEXT = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (higher)",
    "improvement_low": "Special cause improvement (lower)",
    "concern_high": "Special cause concern (higher)",
    "concern_low": "Special cause concern (lower)",
    "neither_high": "Special cause variation (higher)",
    "neither_low": "Special cause variation (lower)",
    "none": "Too few points to judge variation",
}
ASSURANCE_TEXT = {
    "pass": "Consistently meets the target",
    "fail": "Consistently misses the target",
    "hit_or_miss": "Will hit and miss the target",
    "none": "No assurance (no target or too few points)",
}


def variation_sentence(code: str) -> str:
    kind = code.split("_")[0]
    side = "higher" if code.endswith("high") else "lower"
    return {
        "common": "The latest value is within normal variation: nothing suggests the process has changed.",
        "improvement": f"The latest value is {side} than normal variation would explain, in the good direction: "
                       "something has changed for the better.",
        "concern": f"The latest value is {side} than normal variation would explain, in the wrong direction: "
                   "something has changed that needs investigating.",
        "neither": f"The latest value is {side} than normal variation would explain; neither direction is better.",
    }.get(kind, "There are too few points (fewer than 13) to tell normal variation from a real change.")


def assurance_sentence(code: str) -> str:
    return {
        "pass": "The target lies outside the process limits on the good side: the process will meet it "
                "unless something changes.",
        "fail": "The target lies outside the process limits on the bad side: the process will not meet it "
                "without a change to how the service works.",
        "hit_or_miss": "The target lies inside the process limits: the process will meet it in some periods and "
                       "miss it in others by chance alone.",
    }.get(code, "There is no target to assure against, or too few points.")


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
