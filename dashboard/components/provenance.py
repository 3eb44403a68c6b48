"""The "Source:" line under a chart, table or set of headline figures: which
system or return the figures come from, the period they cover, the state of
the rows behind them and when those rows arrived.  Plain visible text (small,
muted, AA contrast), so it works from the keyboard, for screen readers and
on paper; no tooltip to hover for."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

CLASS = "provenance"


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from, each part already in words."""
    source: str                    # "SAP (general ledger)", "Mosaic, LAS and 2 other systems"
    period: str | None = None      # "September 2026", "12 months to September 2026", "as at 30 September 2026"
    status: str | None = None      # "80 returns: 26 provisional, 2 missing"
    loaded: str | None = None      # "latest received 14 Oct 2026", "loaded 27 Nov 2026 11:34"

    def text(self) -> str:
        return "Source: " + " · ".join(p for p in (self.source, self.period, self.status, self.loaded) if p)


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
