"""Plotly figures, kept lean: plain dicts in plotly.js's own schema (building
a ``go.Figure`` validates every property in Python, which cost more than the
rest of the indicator page together), no template, and every chart has a
table beside it."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.vocabulary import LINE, RAG_COLOUR, TARGET, axis_ticks


Figure = dict   # {"data": [trace, ...], "layout": {...}}, as dcc.Graph takes it

_BASE_LAYOUT = dict(
    margin=dict(l=56, r=16, t=16, b=40),
    font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size=13, color="#0b0c0c"),
    hovermode="x unified",
    legend=dict(orientation="h", y=-0.2),
    paper_bgcolor="white",
    plot_bgcolor="white",
    xaxis=dict(gridcolor="#f3f2f1"),
)


def base_layout(**changes) -> dict:
    return {**_BASE_LAYOUT, **changes}


def dates(column: pd.Series) -> list[str]:
    """Dates as ISO strings, which plotly.js reads as a date axis."""
    return [d.strftime("%Y-%m-%d") for d in pd.to_datetime(column)]


def numbers(column) -> list[float | None]:
    """Numbers with gaps as None (JSON null), which plotly.js draws as a break."""
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in list(column)]


def value_axis(title: str, unit: str | None = None, decimals: int = 1) -> dict:
    """A value axis; given the unit, its tick labels are rounded (no 12.345678)."""
    ticks = axis_ticks(unit, decimals) if unit else {}
    return dict(title=dict(text=title), gridcolor="#e5e5e5", zeroline=False, **ticks)


def graph_style(fig: Figure) -> dict:
    """dcc.Graph's own height, matched to the figure's so no blank band is left."""
    return {"height": f"{fig['layout'].get('height', 360)}px"}


def trend_figure(trend: pd.DataFrame, *, value_title: str, unit: str | None = None, decimals: int = 1) -> Figure:
    """Value over time with its target, each point coloured by RAG (named in the hover text)."""
    x = dates(trend["period_start"])
    data = [dict(
        type="scatter", x=x, y=numbers(trend["value"]), mode="lines+markers", name="Value",
        line=dict(color=LINE, width=2),
        marker=dict(size=7, color=[RAG_COLOUR.get(r, LINE) for r in trend["rag"]], line=dict(color="white", width=1)),
        customdata=[str(r).replace("_", " ") for r in trend["rag"]],
        hovertemplate="%{y:,.4~g} (%{customdata})<extra></extra>",
    )]
    if trend["target"].notna().any():
        data.append(dict(type="scatter", x=x, y=numbers(trend["target"]), mode="lines", name="Target",
                         line=dict(color=TARGET, dash="dash", width=1.5),
                         hovertemplate="Target %{y:,.4~g}<extra></extra>"))
    return dict(data=data, layout=base_layout(height=360, yaxis=value_axis(value_title, unit, decimals)))


def children_figure(children: pd.DataFrame, *, value_title: str, unit: str | None = None,
                    decimals: int = 1) -> Figure:
    """Each child unit's value as a bar, sorted, coloured by RAG; a click drills down."""
    shown = children.dropna(subset=["value"]).sort_values("value")
    data = [dict(
        type="bar", x=numbers(shown["value"]), y=shown["name"].tolist(), orientation="h",
        marker=dict(color=[RAG_COLOUR.get(r, LINE) for r in shown["rag"]]),
        customdata=[[code, str(rag).replace("_", " ")] for code, rag in zip(shown["org_code"], shown["rag"])],
        hovertemplate="%{y}: %{x:,.4~g} (%{customdata[1]})<extra></extra>",
    )]
    layout = base_layout(hovermode="closest", height=max(220, 28 * len(shown) + 80),
                         margin=dict(l=220, r=16, t=16, b=40),
                         xaxis=dict(title=dict(text=value_title), gridcolor="#e5e5e5",
                                    **(axis_ticks(unit, decimals) if unit else {})))
    targets = shown["target"].dropna()
    if len(targets) and (targets == targets.iloc[0]).all():
        target = float(targets.iloc[0])
        layout["shapes"] = [dict(type="line", xref="x", yref="paper", x0=target, x1=target, y0=0, y1=1,
                                 line=dict(color=TARGET, dash="dash"))]
        layout["annotations"] = [dict(xref="x", yref="paper", x=target, y=1, text="Target", showarrow=False,
                                      xanchor="left", yanchor="top")]
    return dict(data=data, layout=layout)
