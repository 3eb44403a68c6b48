"""The "Source:" line under a chart, table or set of headline figures: which
system or return the figures come from, the period they cover, the state of
the rows behind them and when those rows arrived.  Plain visible text (small,
muted, AA contrast), so it works from the keyboard, for screen readers and
on paper; no tooltip to hover for."""

from __future__ import annotations

from dash import html

from dashboard.pagedata.provenance import Provenance  # noqa: F401  (drawn here, made there)

CLASS = "provenance"


def source_id(figure_id: str) -> str:
    """The id of the source line of the figure with id ``figure_id`` (for tests and links)."""
    return f"{figure_id}-source"


def source_line(provenance: Provenance | None, *, of: str | None = None) -> html.P | None:
    """``<p class="provenance">Source: … · … · …</p>`` (id ``<of>-source`` when ``of``, the
    figure's id, is given), or nothing when there is no provenance."""
    if provenance is None:
        return None
    attrs = {"id": source_id(of)} if of else {}
    return html.P(provenance.text(), className=CLASS, **attrs)
