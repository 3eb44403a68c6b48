"""Months as people type and read them: ``YYYY-MM`` in URLs, words on pages.

Financial years run April to March; quarters are the financial year's
(Q1 = April–June).
"""

from __future__ import annotations

import datetime as dt
import re

# ASCII digits only, matched whole (``\d`` takes "٢٠٢٦" and ``$`` a trailing newline).
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)


def ascii_number(text: str | None) -> int | None:
    """A whole number written in 1 to 9 ASCII digits; None for anything else (a 5,000-digit number too)."""
    return int(text) if isinstance(text, str) and _NUMBER.fullmatch(text) else None


class BadPeriod(ValueError):
    """A period in a URL that is malformed or outside the data."""


def parse_month(text: str) -> dt.date:
    """``"2026-09"`` → ``date(2026, 9, 1)``; anything else raises BadPeriod."""
    match = _MONTH.fullmatch(text or "") if isinstance(text, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadPeriod(f"“{text}” is not a month: write it as YYYY-MM, for example 2026-09.")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_key(day: dt.date) -> str:
    """``date(2026, 9, 1)`` → ``"2026-09"``."""
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day: dt.date) -> str:
    """``date(2026, 9, 1)`` → ``"September 2026"``."""
    return day.strftime("%B %Y")


def financial_year_label(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{str(start + 1)[-2:]}"


def period_label(start: dt.date, frequency: str) -> str:
    """The value's own period in words: a month, a financial quarter or a year."""
    if frequency == "quarterly":
        quarter = ((start.month - 4) % 12) // 3 + 1
        return f"Q{quarter} {financial_year_label(start)}"
    if frequency == "annual":
        return financial_year_label(start)
    return month_label(start)


def short_month_label(day: dt.date) -> str:
    return day.strftime("%b %Y")


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def resolve_month(text: str | None, first: dt.date, last: dt.date) -> dt.date:
    """The month a page shows: ``text`` if given and within the data, else the latest."""
    if text is None or text == "":
        return last
    month = parse_month(text)
    if not first <= month <= last:
        raise BadPeriod(
            f"There are no data for {month_label(month)}: this database covers "
            f"{month_label(first)} to {month_label(last)}."
        )
    return month


_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])", re.IGNORECASE | re.ASCII)


def parse_quarter(text: str) -> list[dt.date]:
    """``"2026-Q2"`` → the months of quarter 2 of the financial year 2026/27
    (July, August and September 2026), as councils number their quarters."""
    match = _QUARTER.fullmatch(text or "") if isinstance(text, str) else None
    if not match:
        raise BadPeriod(f"“{text}” is not a quarter: write it as YYYY-Qn, where YYYY is the year the financial "
                        "year starts (2026-Q1 is April to June 2026, 2026-Q4 is January to March 2027).")
    first = dt.date(int(match.group(1)), 4, 1)
    first = _add_months(first, 3 * (int(match.group(2)) - 1))
    return [_add_months(first, i) for i in range(3)]


def quarter_key(month: dt.date) -> str:
    """The financial quarter a month falls in: ``date(2026, 8, 1)`` → ``"2026-Q2"``."""
    start = month.year if month.month >= 4 else month.year - 1
    return f"{start}-Q{((month.month - 4) % 12) // 3 + 1}"


def quarter_label(months: list[dt.date]) -> str:
    """``"Q2 2026/27 (July to September 2026)"``."""
    first, last = months[0], months[-1]
    span = (f"{first:%B} to {last:%B %Y}" if first.year == last.year else f"{first:%B %Y} to {last:%B %Y}")
    return f"{period_label(first, 'quarterly')} ({span})"


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)
