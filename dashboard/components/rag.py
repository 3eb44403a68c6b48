"""RAG shown in words and shape as well as colour (WCAG 1.4.1)."""

from __future__ import annotations

from dash import html

from dashboard.vocabulary import DIRECTION_TEXT, RAG_TEXT


def rag_badge(status: str, *, count: int | None = None) -> html.Span:
    """A coloured label with the status in words (and a count, if given); its
    shape (▲ red, ◆ amber, ● green: readable in black and white and without
    colour vision) is drawn by assets/10-dashboard.css, hidden from screen
    readers, so a scorecard row stays one small component."""
    text = RAG_TEXT.get(status, status)
    return html.Span(f"{count} {text}" if count is not None else text, className=f"rag rag-{status}")


def direction_label(direction: str, *, against: str) -> html.Span:
    """Direction of travel in words, e.g. "Improving" (the arrow comes from the style sheet)."""
    text = DIRECTION_TEXT.get(direction, direction)
    return html.Span(text, className=f"direction direction-{direction.replace('/', '')}",
                     title=f"{text} against {against}")
