"""Headline figures: a label, the figure, and a line saying what it is measured against."""

from __future__ import annotations

from dash import dcc, html

from dashboard.components.provenance import CLASS as PROVENANCE_CLASS, Provenance, source_line
from dashboard.components.rag import direction_label, rag_badge
from dashboard.pagedata.base import Kpi


def headline(kpis: list[Kpi], *, label: str = "Headline", section_id: str | None = None,
             source: Provenance | None = None) -> html.Section:
    """The figures as a description list, with a source line under them when they share a ``source``
    (a figure from elsewhere carries its own: ``Kpi.source``)."""
    items = []
    for k in kpis:
        value = dcc.Link(k.value, href=k.href) if k.href else k.value
        extras = [rag_badge(k.rag) if k.rag else None,
                  direction_label(k.direction, against=k.since) if k.direction else None]
        items.append(html.Div([
            html.Dt(k.label),
            html.Dd([value], className="headline-value"),
            html.Dd([x for x in extras if x is not None] or None, className="headline-status") if any(extras) else None,
            html.Dd(k.detail, className="small text-muted") if k.detail else None,
            html.Dd(k.source.text(), className=PROVENANCE_CLASS) if k.source else None,
        ]))
    attrs = {"id": section_id} if section_id else {}
    return html.Section([html.Dl(items, className="headline"), source_line(source, of=section_id)],
                        **{"aria-label": label}, **attrs)
