"""The dashboard's vocabulary, in one place and without Dash: the words for
each status, the colours that go with them, and numbers as the council writes
them — 85.2%, 1,234, £1.2m, 12.3 days, −£448,896, "£0.4m underspend",
"1 case".  Pages, charts and the briefing packs all speak it, so a status or a
figure reads the same on screen and on paper.

Rules every page and pack follows (tested in tests/test_formatting.py):
- RAG is always said in words as well as shown in colour (WCAG 1.4.1);
- a negative number carries a true minus sign (U+2212), before the £: −£448,896;
- money in a column uses one scale (£, £k or £m) chosen from the column's largest value;
- counts have thousands separators and no decimals;
- a variance is said in words ("£0.4m underspend"), never as a signed sum;
- plurals agree with their number ("1 case", "2 cases").
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

import pandas as pd


# -- words and colours -------------------------------------------------------------

RAG_ORDER = ["red", "amber", "green", "no_target", "no_data"]
RAG_TEXT = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_target": "No target",
    "no_data": "No data",
}
DIRECTION_TEXT = {"improving": "Improving", "worsening": "Worsening", "same": "No change", "n/a": "Not comparable"}
# GOV.UK's palette; the RAG colours are never the only cue (every status is also in words and a shape).
RAG_COLOUR = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "no_target": "#505a5f", "no_data": "#b1b4b6"}
LINE = "#1d70b8"
TARGET = "#505a5f"

# SPC point colours in Making Data Count's scheme, darkened where needed for 3:1 contrast on white.
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

MINUS = "\u2212"
DASH = "–"               # no figure
SCALES = {"£": 1, "£k": 1_000, "£m": 1_000_000}

# The SPC chart's limit lines, named alike on the page and in the pack.
UPPER_LIMIT, LOWER_LIMIT = "Upper process limit", "Lower process limit"


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def signed(text: str) -> str:
    """A formatted number with Python's hyphen-minus turned into a true minus sign."""
    return text.replace("-", MINUS)


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    """An indicator's value in its unit (percent, currency, days, weeks, number)."""
    if _missing(value):
        return DASH
    if unit == "percent":
        return signed(f"{value:,.{decimals}f}%")
    if unit == "currency":
        # an indicator in pounds: exact below a million, as its owner reports it
        return money(value, scale="£m" if abs(value) >= 1_000_000 else "£", decimals=max(decimals, 1))
    text = signed(f"{value:,.{decimals}f}")
    if unit in ("days", "weeks"):
        return f"{text} {unit}"
    return text


def number_text(value, fmt: str = ",.0f", suffix: str = "") -> str:
    """A figure with a format spec, or "–" when there is none (None, NaN or NA)."""
    if _missing(value):
        return DASH
    return signed(f"{value:{fmt}}") + suffix


def count(value) -> str:
    """A count: thousands separators, no decimals (4,244; 281,532)."""
    if _missing(value):
        return DASH
    return signed(f"{round(float(value)):,.0f}")


def plural(n, noun: str, plural_form: str | None = None) -> str:
    """ "1 case", "2 cases", "1,204 cases"; ``plural_form`` for irregular nouns ("1 child", "3 children")."""
    word = noun if not _missing(n) and round(float(n)) == 1 else (plural_form or noun + "s")
    return f"{count(n)} {word}"


def money_scale(values: Iterable) -> str:
    """The one scale (£, £k or £m) for a set of sums: £m when the largest is a million or more and none
    (but nought) would read as £0.0m; else £k from £10,000; else £.  Councils' reports do the same in £000s."""
    sizes = [abs(float(v)) for v in values if not _missing(v)]
    biggest = max(sizes, default=0.0)
    smallest = min((x for x in sizes if x >= 0.5), default=0.0)
    if biggest >= 1_000_000 and (smallest == 0.0 or smallest >= 50_000):
        return "£m"
    if biggest >= 10_000:
        return "£k"
    return "£"


def money(value, *, scale: str | None = None, decimals: int = 1) -> str:
    """A sum of money: £1.2m, £350k, £900, −£448,896 with ``scale="£"``.

    ``scale`` fixes the unit (so a column reads alike); by default it suits the value itself.
    £m takes ``decimals`` places, £k and £ none."""
    if _missing(value):
        return DASH
    value = float(value)
    scale = scale or money_scale([value])
    v = abs(value)
    if scale == "£m" and 0 < v < 0.5 * 10 ** -decimals * 1_000_000:
        # a sum too small for the column's scale is not nothing: "under £0.1m", not "£0.0m"
        return f"under £{10 ** -decimals:.{decimals}f}m"
    if scale == "£m":
        text = f"£{v / 1_000_000:,.{decimals}f}m"
    elif scale == "£k":
        text = f"£{v / 1_000:,.0f}k"
    else:
        text = f"£{v:,.0f}"
    # no "−£0k": a sum that rounds to nothing has no sign
    return (MINUS + text) if value < 0 and any(c in "123456789" for c in text) else text


def money_column(values: Iterable) -> Callable[[object], str]:
    """A formatter for one column of money: every cell at the scale of the column's largest sum."""
    scale = money_scale(list(values))
    return lambda v: money(v, scale=scale)


def variance_words(value, *, scale: str | None = None, decimals: int = 1) -> str:
    """A forecast minus budget in words: "£0.4m underspend", "£1.2m overspend", "on budget"."""
    if _missing(value):
        return DASH
    value = float(value)
    if abs(value) < 0.5:
        return "on budget"
    shown = money(abs(value), scale=scale or money_scale([value]), decimals=decimals)
    return f"{shown} {'overspend' if value > 0 else 'underspend'}"


def axis_ticks(unit: str, decimals: int = 1) -> dict:
    """Plotly axis settings with rounded tick labels (no 12.345678) for a value in ``unit``."""
    if unit == "percent":
        return {"tickformat": ",.0f", "ticksuffix": "%"}
    if unit == "currency":
        return {"tickformat": ",.0f", "tickprefix": "£"}
    return {"tickformat": ",.0f" if decimals == 0 else ",.4~g"}


def worth_a_chart(n_bars: int) -> bool:
    """A bar chart needs at least two bars to compare; one bar is said in words instead."""
    return n_bars >= 2

