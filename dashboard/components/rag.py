"""RAG shown in words and shape as well as colour (WCAG 1.4.1)."""

from __future__ import annotations

from dash import html

RAG_ORDER = ["red", "amber", "green", "no_target", "no_data"]
RAG_TEXT = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_target": "No target",
    "no_data": "No data",
}
# A distinct shape per status, so print-outs in black and white and readers
# who cannot tell red from green still see the difference.
RAG_SYMBOL = {"red": "▲", "amber": "◆", "green": "●", "no_target": "○", "no_data": "–"}

DIRECTION_TEXT = {"improving": "Improving", "worsening": "Worsening", "same": "No change", "n/a": "Not comparable"}
DIRECTION_SYMBOL = {"improving": "↑", "worsening": "↓", "same": "→", "n/a": ""}


def rag_badge(status: str, *, count: int | None = None) -> html.Span:
    """A coloured label with a symbol and the status in words (and a count, if given)."""
    text = RAG_TEXT.get(status, status)
    label = f"{count} {text}" if count is not None else text
    return html.Span(
        [html.Span(RAG_SYMBOL.get(status, ""), className="rag-symbol", **{"aria-hidden": "true"}), label],
        className=f"rag rag-{status}",
    )


def direction_label(direction: str, *, against: str) -> html.Span:
    """Direction of travel in words with an arrow, e.g. "↑ Improving" (against the previous period)."""
    text = DIRECTION_TEXT.get(direction, direction)
    return html.Span(
        [html.Span(DIRECTION_SYMBOL.get(direction, ""), **{"aria-hidden": "true"}), f" {text}"],
        className=f"direction direction-{direction.replace('/', '')}",
        title=f"{text} against {against}",
    )
