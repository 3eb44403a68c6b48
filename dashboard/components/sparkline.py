"""Small trend lines as inline SVG images: a few hundred bytes each, no chart library."""

from __future__ import annotations

import math
from dash import html

WIDTH, HEIGHT, PAD = 96, 24, 2


def sparkline(values: list[float | None], *, targets: list[float | None] | None = None,
              description: str) -> html.Img:
    """An <img> of the trend; ``description`` is its alt text (the trend in words)."""
    return html.Img(src=_svg_data_uri(values, targets or []), alt=description,
                    width=WIDTH, height=HEIGHT, className="sparkline")


def _svg_data_uri(values: list[float | None], targets: list[float | None]) -> str:
    numbers = [v for v in values + targets if v is not None and not math.isnan(v)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">']
    if numbers:
        low, high = min(numbers), max(numbers)
        span = (high - low) or 1.0
        step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

        def y(v: float) -> float:
            return round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1)

        def path(series: list[float | None]) -> str:
            # A gap in the data breaks the line rather than bridging it.
            out, pen_down = [], False
            for i, v in enumerate(series):
                if v is None or math.isnan(v):
                    pen_down = False
                    continue
                out.append(f"{'L' if pen_down else 'M'}{round(PAD + i * step, 1)} {y(v)}")
                pen_down = True
            return "".join(out)

        if targets:
            parts.append(f'<path d="{path(targets)}" fill="none" stroke="#6f777b" stroke-width="1" stroke-dasharray="2 2"/>')
        parts.append(f'<path d="{path(values)}" fill="none" stroke="#1d70b8" stroke-width="1.5"/>')
        last = [(i, v) for i, v in enumerate(values) if v is not None and not math.isnan(v)]
        if last:
            i, v = last[-1]
            parts.append(f'<circle cx="{round(PAD + i * step, 1)}" cy="{y(v)}" r="2" fill="#1d70b8"/>')
    parts.append("</svg>")
    # Escape only what a data URI needs (%, #, <, >; double quotes become
    # single): a third smaller than percent-encoding everything.
    svg = "".join(parts).replace('"', "'")
    for char, code in (("%", "%25"), ("#", "%23"), ("<", "%3C"), (">", "%3E")):
        svg = svg.replace(char, code)
    return "data:image/svg+xml;utf8," + svg
