"""Numbers as the council writes them, in one place: 85.2%, 1,234, £1.2m,
12.3 days, −£448,896, "£0.4m underspend", "1 case".

Rules every page and pack follows (tested in tests/test_formatting.py):
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

