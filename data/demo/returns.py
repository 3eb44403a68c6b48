"""When returns arrive: periods, missing returns, late returns and provisional status.

A period's return is due ``due_working_days`` working days after the end of the
period ``lag_periods`` periods later (a quarter published one quarter in
arrears is due after the *following* quarter ends), which is what
``latest_due_period`` in schema.sql expects.  Most units send it on a working
day before it is due; some units are habitually late; a return received after
the build's "as of" day (``AS_OF_WORKING_DAYS`` after the last month) is not in
the data yet.  About 1–2% of unit-periods are missing at random, and a few
units miss several periods in a row.  Each indicator's latest two months (its
latest quarter or year) are provisional; everything before is validated.
"""

from __future__ import annotations

import numpy as np

from data.demo.series import month_of_year

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
AS_OF_WORKING_DAYS = 12
MISSING_RATE = 0.012
RUN_SHARE = 0.03  # share of units that miss a run of periods
PROVISIONAL_MONTHS = 2


def periods_for(frequency: str, first: np.datetime64, last: np.datetime64) -> np.ndarray:
    """Starts (datetime64[M]) of the complete periods of ``frequency`` within [first, last]."""
    length = PERIOD_MONTHS[frequency]
    months = np.arange(first, last + 1, dtype="datetime64[M]")
    starts = months[(month_of_year(months) - 4) % length == 0]
    return starts[starts + (length - 1) <= last]


def target_periods(frequency: str, first: np.datetime64, last: np.datetime64) -> np.ndarray:
    """Period starts from ``first`` to the end of the financial year that contains ``last``."""
    year_end = last + (3 - month_of_year(np.array([last]))[0]) % 12
    return periods_for(frequency, first, year_end)


def month_end(months: np.ndarray) -> np.ndarray:
    """Last day (datetime64[D]) of each month."""
    return (np.asarray(months, dtype="datetime64[M]") + 1).astype("datetime64[D]") - 1


def as_of_day(last: np.datetime64, wd) -> np.datetime64:
    return wd.add(month_end(np.array([last])), AS_OF_WORKING_DAYS)[0]


def reporting_close(periods: np.ndarray, frequency: str, lag: int) -> np.ndarray:
    """The day the clock starts for each period's return: the end of the period ``lag`` periods later."""
    length = PERIOD_MONTHS[frequency]
    return month_end(periods + (1 + lag) * length - 1)


def due_dates(periods: np.ndarray, frequency: str, lag: int, due_working_days: int, wd) -> np.ndarray:
    """When each period's return is due (see the module docstring)."""
    return wd.add(reporting_close(periods, frequency, lag), due_working_days)


def arrivals(spec, periods: np.ndarray, n_units: int, late_propensity: np.ndarray, wd, as_of, rng) -> dict:
    """present (bool) and received (datetime64[s]) per unit and period, plus the due dates."""
    n_periods = len(periods)
    council_only = spec.aggregation == "none"
    present = rng.random((n_units, n_periods)) >= (0.004 if council_only else MISSING_RATE)
    if not council_only:  # a few units miss a run of periods (staff absence, system change)
        runs = rng.random(n_units) < RUN_SHARE
        start = rng.integers(0, max(n_periods, 1), n_units)
        stop = start + rng.integers(2, 7, n_units)
        t = np.arange(n_periods)[None, :]
        present &= ~(runs[:, None] & (t >= start[:, None]) & (t < stop[:, None]))

    base = reporting_close(periods, spec.frequency, spec.lag_periods)
    due = wd.add(base, spec.due_working_days)
    late = rng.random((n_units, n_periods)) < late_propensity[:, None]
    early_by = np.floor(spec.due_working_days * np.sqrt(rng.random((n_units, n_periods)))).astype(np.int64)
    shape = (n_units, n_periods)
    on_time_day = wd.add(np.broadcast_to(base, shape), np.clip(early_by, 0, spec.due_working_days - 1) + 1)
    late_day = wd.add(np.broadcast_to(due, shape), np.minimum(rng.geometric(0.3, shape), 30))
    day = np.where(late, late_day, on_time_day)
    seconds = rng.integers(int(8.5 * 3600), int(17.5 * 3600), (n_units, n_periods))
    received = day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    present &= day <= as_of
    return {"present": present, "received": received, "due": due}


def provisional(periods: np.ndarray, present: np.ndarray) -> np.ndarray:
    """True for periods within the indicator's latest PROVISIONAL_MONTHS months of data."""
    reported = present.any(axis=0)
    if not reported.any():
        return np.zeros_like(present)
    latest = periods[reported].max()
    return np.broadcast_to(periods > latest - PROVISIONAL_MONTHS, present.shape)
