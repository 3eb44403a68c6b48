"""England's working-day calendar, and working-day arithmetic on arrays of dates.

Working days exclude Saturdays, Sundays and the English bank holidays that the
``holidays`` library knows (including one-off ones such as the 2022 state
funeral and the 2023 coronation); nothing here is typed by hand.

``working_day_calendar`` builds the rows of the ``calendar`` table;
``add_working_days`` moves many dates on by a number of working days at once
(the generator uses it for due dates; casework reuses it for deadlines).
"""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pandas as pd


def _as_day(value) -> np.datetime64:
    return np.datetime64(pd.Timestamp(value).date(), "D")


def working_day_calendar(start, end) -> pd.DataFrame:
    """One row per day from ``start`` to ``end`` inclusive.

    Columns: ``day`` (datetime64[s] at midnight), ``is_working_day``,
    ``working_day_index`` (working days from ``start`` up to and including the
    day, so the difference between two days counts the working days between
    them) and ``bank_holiday`` (the holiday's name, or None).
    """
    first, last = _as_day(start), _as_day(end)
    if last < first:
        raise ValueError(f"calendar end {last} is before its start {first}")
    days = np.arange(first, last + np.timedelta64(1, "D"), dtype="datetime64[D]")
    years = range(int(str(first)[:4]), int(str(last)[:4]) + 1)
    known = holidays.country_holidays("GB", subdiv="ENG", years=years)
    holiday_days = np.array(sorted(known.keys()), dtype="datetime64[D]")
    holiday_names = np.array([known[d] for d in sorted(known.keys())], dtype=object)
    position = np.searchsorted(holiday_days, days)
    position_clipped = np.minimum(position, max(len(holiday_days) - 1, 0))
    is_holiday = (
        (position < len(holiday_days)) & (holiday_days[position_clipped] == days)
        if len(holiday_days)
        else np.zeros(len(days), dtype=bool)
    )
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    working = (weekday < 5) & ~is_holiday
    names = np.where(is_holiday, holiday_names[position_clipped] if len(holiday_days) else None, None)
    return pd.DataFrame(
        {
            "day": days.astype("datetime64[s]"),
            "is_working_day": working,
            "working_day_index": np.cumsum(working).astype(np.int32),
            "bank_holiday": pd.Series(names, dtype=object),
        }
    )


class WorkingDays:
    """Working-day arithmetic over a calendar built by ``working_day_calendar``."""

    def __init__(self, calendar: pd.DataFrame):
        self.first = calendar["day"].iloc[0].to_datetime64().astype("datetime64[D]")
        self.index = calendar["working_day_index"].to_numpy(np.int64)
        self.working = calendar.loc[calendar["is_working_day"], "day"].to_numpy().astype("datetime64[D]")

    def _offset(self, dates) -> np.ndarray:
        offset = (np.asarray(dates, dtype="datetime64[D]") - self.first).astype(np.int64)
        if offset.size and (offset.min() < 0 or offset.max() >= len(self.index)):
            raise ValueError("date outside the working-day calendar")
        return offset

    def add(self, dates, n) -> np.ndarray:
        """The n-th working day after each date (n ≥ 1; n = 0 leaves the date as it is)."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), dates.shape)
        target = self.index[self._offset(dates)] + n - 1
        if target.size and target.max() >= len(self.working):
            raise ValueError("working-day calendar too short for this offset")
        moved = self.working[np.clip(target, 0, None)]
        return np.where(n == 0, dates, moved)

    def between(self, start, end) -> np.ndarray:
        """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
        return self.index[self._offset(end)] - self.index[self._offset(start)]


def add_working_days(dates, n, calendar: pd.DataFrame | None = None) -> np.ndarray:
    """Vectorised: each date moved on by n working days (``n`` scalar or array).

    Without ``calendar`` one is built to cover the dates with a year to spare.
    """
    dates = np.asarray(dates, dtype="datetime64[D]")
    if calendar is None:
        first = dates.min() if dates.size else np.datetime64(dt.date.today(), "D")
        last = dates.max() if dates.size else first
        extra = int(np.max(n)) * 2 + 400 if np.size(n) else 400
        calendar = working_day_calendar(first, last + np.timedelta64(extra, "D"))
    return WorkingDays(calendar).add(dates, n)
