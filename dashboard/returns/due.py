"""What is due, when, and what a return is judged against: pure calculations on the
build's catalogue and history (``queries/returns.sql``) and the store's latest events.

* The period due for an indicator on a day: the last complete month, quarter or
  financial year before that day's month, moved back by its ``lag_periods``.
* Its due date: the period's last day plus ``due_working_days`` working days
  (England and Wales bank holidays, the ``holidays`` library, as the build's calendar).
* A return is done when it is submitted here or the build already holds a
  *validated* value for it; a provisional value from an extract still needs a return
  (it is offered as the starting value).  Overdue: not done and past its due date.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.build.calendar import add_working_days
from dashboard.metrics.spc import analyse
from dashboard.periods import parse_month


def today(settings=None) -> dt.date:
    """``MI_TODAY`` when set (tests, training), else the real date."""
    fixed = (getattr(settings, "today", "") if settings is not None else "") or os.environ.get("MI_TODAY", "")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def due_period(frequency: str, lag: int, on: dt.date) -> dt.date:
    """First month of the latest complete period before ``on``'s month, moved back ``lag`` periods."""
    last = add_months(on.replace(day=1), -1)                       # the last complete month
    if frequency == "monthly":
        return add_months(last, -lag)
    if frequency == "quarterly":                                   # quarters start in Apr, Jul, Oct, Jan
        start = add_months(last, -((last.month - 1) % 3))
        if add_months(start, 2) != last:
            start = add_months(start, -3)
        return add_months(start, -3 * lag)
    year_start = dt.date(last.year if last.month >= 4 else last.year - 1, 4, 1)   # financial years
    if last != dt.date(year_start.year + 1, 3, 1):
        year_start = dt.date(year_start.year - 1, 4, 1)
    return dt.date(year_start.year - lag, 4, 1)


def period_end(period: dt.date, frequency: str) -> dt.date:
    months = {"monthly": 1, "quarterly": 3}.get(frequency, 12)
    return add_months(period, months) - dt.timedelta(days=1)


def due_dates(ends: list[dt.date], days: list[int]) -> list[dt.date]:
    if not ends:
        return []
    moved = add_working_days(np.array(ends, dtype="datetime64[D]"), np.array(days, dtype=int))
    return [pd.Timestamp(d).date() for d in moved]


@dataclass
class Due:
    """One return expected from one unit for one period, with what it is judged against."""
    indicator_code: str
    indicator_name: str
    org_code: str
    org_name: str
    owner: str
    directorate_code: str
    directorate_name: str
    unit: str
    scale: float
    decimals: int
    polarity: str
    aggregation: str
    basis: str
    frequency: str
    tolerance: float
    tolerance_kind: str
    spc_applies: bool
    period: str                      # YYYY-MM
    due_date: dt.date
    last_value: float | None         # the previous period's value (stored units)
    build_value: dict | None         # the build's value for this period (numerator, denominator, value, status)
    mean: float | None = None        # SPC limits of the unit's series (stored units)
    lpl: float | None = None
    upl: float | None = None
    average_moving_range: float | None = None
    target: float | None = None      # display units
    current: dict | None = None      # the store's latest event for it
    review: dict | None = None       # the latest review of it
    locked: bool = False
    history: list = field(default_factory=list, repr=False)

    @property
    def proportion(self) -> bool:
        return self.aggregation == "ratio"

    @property
    def state(self) -> str:
        if self.current is None:
            return "validated in the build" if self.build_value and self.build_value["status"] == "validated" \
                else "not started"
        if self.current["state"] == "submitted":
            signed = self.review is not None and self.review["decision"] == "signed_off" and \
                self.review["return_id"] == self.current["id"]
            return "signed off" if signed else "submitted"
        if self.review is not None and self.review["decision"] == "sent_back" and \
                self.current["username"] == self.review["username"]:
            return "sent back"
        return "draft"

    @property
    def done(self) -> bool:
        return self.state in ("submitted", "signed off", "validated in the build")

    def overdue(self, on: dt.date) -> bool:
        return not self.done and on > self.due_date

    def working_days_overdue(self, on: dt.date) -> int:
        if not self.overdue(on):
            return 0
        return int(np.busday_count(np.datetime64(self.due_date, "D") + 1, np.datetime64(on, "D") + 1,
                                   holidays=_holidays(self.due_date, on)))


def _holidays(first: dt.date, last: dt.date) -> list:
    import holidays as hol
    known = hol.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    return [np.datetime64(d, "D") for d in known]


def build_dues(expected: pd.DataFrame, history: pd.DataFrame, targets: pd.DataFrame, store, on: dt.date,
               recalculation_points: dict[str, list[str]] | None = None) -> list[Due]:
    """The returns due on ``on`` for the rows of ``returns_expected`` (one per indicator × unit)."""
    from dashboard.returns.store import returns as returns_table, reviews as reviews_table

    if expected.empty:
        return []
    points = recalculation_points or {}
    periods = [due_period(r.frequency, int(r.lag_periods), on) for r in expected.itertuples()]
    dates = due_dates([period_end(p, r.frequency) for p, r in zip(periods, expected.itertuples())],
                      [int(d) for d in expected["due_working_days"]])
    by_series = {k: g for k, g in history.groupby(["indicator_code", "org_code"])} if not history.empty else {}
    target_of = {(r.indicator_code, r.org_code, pd.Timestamp(r.period_start).date()): r.target
                 for r in targets.itertuples()} if not targets.empty else {}
    keys = sorted({month_key(p) for p in periods})
    orgs = sorted(set(expected["org_code"]))
    current = {(r["indicator_code"], r["org_code"], r["period"]): r
               for r in store.latest(returns_table, period=keys, org_code=orgs)}
    reviewed = {(r["indicator_code"], r["org_code"], r["period"]): r
                for r in store.latest(reviews_table, period=keys, org_code=orgs)}
    dues = []
    for r, period, due in zip(expected.itertuples(), periods, dates):
        series = by_series.get((r.indicator_code, r.org_code))
        before = pd.DataFrame() if series is None else series[pd.to_datetime(series["period_start"]).dt.date < period]
        this = None if series is None else series[pd.to_datetime(series["period_start"]).dt.date == period]
        key = (r.indicator_code, r.org_code, month_key(period))
        d = Due(r.indicator_code, r.indicator_name, r.org_code, r.org_name, r.owner, r.directorate_code,
                r.directorate_name, r.unit, float(r.scale), int(r.decimals), r.polarity, r.aggregation, r.basis,
                r.frequency, float(r.tolerance), r.tolerance_kind, bool(r.spc_applies), month_key(period), due,
                last_value=float(before["value"].iloc[-1]) if len(before) else None,
                build_value=(this.iloc[0][["numerator", "denominator", "value", "status"]].to_dict()
                             if this is not None and len(this) else None),
                target=_num(target_of.get((r.indicator_code, r.org_code, period))),
                current=current.get(key), review=reviewed.get(key))
        if len(before) >= 2:
            _limits(d, before, points.get(r.indicator_code, []))
        dues.append(d)
    locks = {(o, p) for o, p in {(d.org_code, d.period) for d in dues} if store.locked(o, p)}
    for d in dues:
        d.locked = (d.org_code, d.period) in locks
    return dues


def _limits(d: Due, before: pd.DataFrame, recalc: list[str]) -> None:
    values = pd.Series(before["value"].astype(float).to_numpy(),
                       index=[month_key(pd.Timestamp(p).date()) for p in before["period_start"]])
    # consecutive periods of the indicator's frequency, a missing return a gap (SPC judges neighbours)
    step = {"monthly": 1, "quarterly": 3}.get(d.frequency, 12)
    first, last = period_date(values.index[0]), period_date(values.index[-1])
    periods, at = [], first
    while at <= last:
        periods.append(month_key(at))
        at = add_months(at, step)
    values = values.reindex(periods).tail(36)
    d.history = list(values.dropna().items())
    try:
        result = analyse(values, improvement=d.polarity if d.polarity in ("up", "down") else "neither",
                         recalc_at_periods=[p for p in recalc if p in values.index])
    except ValueError:
        return
    d.mean, d.lpl, d.upl = _num(result.mean), _num(result.lpl), _num(result.upl)
    start = [p for p in recalc if p in values.index]
    tail = values[values.index >= max(start)] if start else values
    ranges = tail.dropna().diff().abs().dropna()
    d.average_moving_range = float(ranges.mean()) if len(ranges) else None


def _num(v) -> float | None:
    if v is None:
        return None
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def period_date(key: str) -> dt.date:
    return parse_month(key)
