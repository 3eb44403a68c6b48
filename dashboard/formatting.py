"""Numbers as the council writes them: 85.2%, 1,234, £1.2m, 12.3 days."""

from __future__ import annotations

import math

import pandas as pd


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "percent":
        return f"{value:,.{decimals}f}%"
    if unit == "currency":
        if abs(value) >= 1_000_000:
            return f"£{value / 1_000_000:,.{max(decimals, 1)}f}m"
        return f"£{value:,.0f}"
    text = f"{value:,.{decimals}f}"
    if unit in ("days", "weeks"):
        return f"{text} {unit}"
    return text


def number_text(value, fmt: str = ",.0f", suffix: str = "") -> str:
    """A figure with a format spec, or "–" when there is none (None, NaN or NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:{fmt}}{suffix}"


def plain_number(value: float | None, decimals: int) -> float | None:
    """Rounded for CSV and tables; None stays None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), decimals)
