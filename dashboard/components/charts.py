"""Plotly figures, kept lean: no template bloat, and every chart has a table beside it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

RAG_COLOUR = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "no_target": "#505a5f", "no_data": "#b1b4b6"}
LINE = "#1d70b8"
TARGET = "#505a5f"

_BASE_LAYOUT = dict(
    template="none",
    margin=dict(l=56, r=16, t=16, b=40),
    font=dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size=13, color="#0b0c0c"),
    hovermode="x unified",
    legend=dict(orientation="h", y=-0.2),
    paper_bgcolor="white",
    plot_bgcolor="white",
)


def base_layout() -> dict:
    return dict(_BASE_LAYOUT)


def graph_style(fig: go.Figure) -> dict:
    """dcc.Graph's own height, matched to the figure's so no blank band is left."""
    return {"height": f"{fig.layout.height or 360}px"}


def trend_figure(trend: pd.DataFrame, *, value_title: str) -> go.Figure:
    """Value over time with its target, each point coloured by RAG (named in the hover text)."""
    fig = go.Figure(layout={**_BASE_LAYOUT, "height": 360})
    fig.add_scatter(
        x=trend["period_start"], y=trend["value"], mode="lines+markers", name="Value",
        line=dict(color=LINE, width=2),
        marker=dict(size=7, color=[RAG_COLOUR.get(r, LINE) for r in trend["rag"]], line=dict(color="white", width=1)),
        customdata=trend["rag"].str.replace("_", " "), hovertemplate="%{y:,.4~g} (%{customdata})<extra></extra>",
    )
    if trend["target"].notna().any():
        fig.add_scatter(x=trend["period_start"], y=trend["target"], mode="lines", name="Target",
                        line=dict(color=TARGET, dash="dash", width=1.5), hovertemplate="Target %{y:,.4~g}<extra></extra>")
    fig.update_yaxes(title_text=value_title, gridcolor="#e5e5e5", zeroline=False)
    fig.update_xaxes(gridcolor="#f3f2f1")
    return fig


def children_figure(children: pd.DataFrame, *, value_title: str) -> go.Figure:
    """Each child unit's value as a bar, sorted, coloured by RAG; a click drills down."""
    shown = children.dropna(subset=["value"]).sort_values("value")
    fig = go.Figure(layout={**_BASE_LAYOUT, "hovermode": "closest",
                            "height": max(220, 28 * len(shown) + 80), "margin": dict(l=220, r=16, t=16, b=40)})
    fig.add_bar(
        x=shown["value"], y=shown["name"], orientation="h",
        marker_color=[RAG_COLOUR.get(r, LINE) for r in shown["rag"]],
        customdata=list(zip(shown["org_code"], shown["rag"].str.replace("_", " "))),
        hovertemplate="%{y}: %{x:,.4~g} (%{customdata[1]})<extra></extra>",
    )
    if shown["target"].notna().any():
        target = shown["target"].dropna().iloc[0]
        if (shown["target"].dropna() == target).all():
            fig.add_vline(x=target, line=dict(color=TARGET, dash="dash"), annotation_text="Target")
    fig.update_xaxes(title_text=value_title, gridcolor="#e5e5e5")
    return fig
