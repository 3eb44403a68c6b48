"""SPC charts for printed packs, drawn as SVG by the app.

A pack's charts must render offline, identically every time (the archive
checks a content hash) and as vector graphics with real text, so they are
written here as SVG rather than exported from a browser.  The shapes follow
the dashboard's charts: special causes differ by marker shape as well as
colour, so the chart reads in black and white.
"""

from __future__ import annotations

import math
from html import escape

from dashboard.vocabulary import LOWER_LIMIT, POINT_COLOUR, POINT_TEXT, UPPER_LIMIT

WIDTH, HEIGHT = 680, 230
LEFT, RIGHT, TOP, BOTTOM = 62, 14, 14, 58
INK, GRID, TARGET = "#0b0c0c", "#d8dadc", "#b3261e"


def spc_chart(points: list[dict], *, target: float | None, value_title: str, title: str, fmt) -> str:
    """``points``: period (label), value, mean, lpl, upl, point_type, oldest first.
    ``fmt`` turns a value into its display text (for the axis)."""
    values = [v for p in points for v in (p["value"], p["mean"], p["lpl"], p["upl"]) if v is not None]
    if target is not None:
        values.append(target)
    if not values:
        return ""
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
           f"<title>{escape(title)}</title>"]
    for t in ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="{GRID}" '
                   'stroke-width="0.6"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(t) + 3.5:.1f}" text-anchor="end" font-size="10">{escape(fmt(t))}</text>')
    out.append(f'<text x="12" y="{TOP + plot_h / 2:.1f}" font-size="10" text-anchor="middle" '
               f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">{escape(value_title)}</text>')
    step = max(1, math.ceil(n / 8))
    # every step-th period from the last one back, so the latest is always labelled and none collide
    for i, p in enumerate(points):
        if (n - 1 - i) % step == 0:
            out.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                       f'font-size="9.5">{escape(p["period"])}</text>')
    for key, dash, width in (("upl", "5 3", 1), ("lpl", "5 3", 1), ("mean", "", 1.2)):
        out.extend(_segments(points, key, x, y, stroke="#505a5f", dash=dash, width=width))
    if target is not None:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                   f'stroke="{TARGET}" stroke-width="1.4" stroke-dasharray="8 3 2 3"/>')
    out.extend(_segments(points, "value", x, y, stroke=INK, dash="", width=1.3))
    for i, p in enumerate(points):
        if p["value"] is not None:
            out.append(_marker(p["point_type"], x(i), y(p["value"])))
    out.append(_legend(target is not None, {p["point_type"] for p in points if p["value"] is not None}))
    out.append("</svg>")
    return "".join(out)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered ticks covering low..high (about ``count`` of them)."""
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    t = start
    while t < high + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _segments(points, key, x, y, *, stroke, dash, width) -> list[str]:
    """A line through consecutive non-empty values (a gap breaks it)."""
    out, run = [], []
    for i, p in enumerate(points + [{key: None}]):
        if p.get(key) is not None:
            run.append(f"{x(i):.1f},{y(p[key]):.1f}")
            continue
        if len(run) > 1:
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{stroke}" '
                       f'stroke-width="{width}"{dashed}/>')
        run = []
    return out


def _marker(kind: str, cx: float, cy: float) -> str:
    colour = POINT_COLOUR.get(kind, POINT_COLOUR["common_cause"])
    if kind == "concern":
        return (f'<polygon points="{cx:.1f},{cy - 6:.1f} {cx + 6:.1f},{cy:.1f} {cx:.1f},{cy + 6:.1f} '
                f'{cx - 6:.1f},{cy:.1f}" fill="{colour}" stroke="{INK}" stroke-width="0.6"/>')
    if kind == "improvement":
        return (f'<polygon points="{cx:.1f},{cy - 6:.1f} {cx + 6:.1f},{cy + 4.5:.1f} {cx - 6:.1f},{cy + 4.5:.1f}" '
                f'fill="{colour}" stroke="{INK}" stroke-width="0.6"/>')
    if kind == "neither":
        return (f'<rect x="{cx - 4.5:.1f}" y="{cy - 4.5:.1f}" width="9" height="9" fill="{colour}" '
                f'stroke="{INK}" stroke-width="0.6"/>')
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>'


def _legend(with_target: bool, kinds: set[str]) -> str:
    """The key under the plot, on a second row when one would run past the edge."""
    items = [("line", "#505a5f", "", "Mean"), ("line", "#505a5f", "5 3", UPPER_LIMIT),
             ("line", "#505a5f", "5 3", LOWER_LIMIT)]
    if with_target:
        items.append(("line", TARGET, "8 3 2 3", "Target"))
    items += [("marker", k, "", POINT_TEXT[k]) for k in ("common_cause", "improvement", "concern", "neither")
              if k in kinds]
    out, cursor, y0 = [], LEFT, HEIGHT - 26
    for kind, what, dash, text in items:
        width = 30 + len(text) * 5.6          # glyph, gap and about 5.6 px a character at 9.5 px
        if cursor + width > WIDTH - RIGHT:
            cursor, y0 = LEFT, y0 + 14
        if kind == "line":
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{cursor}" x2="{cursor + 18}" y1="{y0 - 3}" y2="{y0 - 3}" stroke="{what}" '
                       f'stroke-width="1.4"{dashed}/>')
        else:
            out.append(_marker(what, cursor + 9, y0 - 3))
        out.append(f'<text x="{cursor + 22}" y="{y0}" font-size="9.5">{escape(text)}</text>')
        cursor += int(width) + 6
    return "".join(out)
