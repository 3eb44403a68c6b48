"""SPC for a daily stock, such as the cases waiting for allocation (issue 16).

A stock counted each day is mostly yesterday's stock: a case waiting on Monday
is usually still waiting on Tuesday.  Consecutive points are strongly
correlated, so the moving ranges of an XmR chart are small beside the real
spread and its limits are far too narrow — on the demo a daily XmR chart calls
about two thirds of all days special causes.  The SPC literature's remedies
(Montgomery, *Introduction to Statistical Quality Control*, ch. 10; Wheeler on
autocorrelated data) are to chart a coarser sample and to allow for the
autocorrelation that remains.  Here:

1. each week's mean of the working days' counts is one point (weeks with fewer
   than MIN_DAYS working days are left out);
2. the XmR limits of the weekly means are widened by 1/√(1 − r₁), where r₁ is
   the lag-1 autocorrelation of the weekly means (the moving range of an AR(1)
   series understates its standard deviation by about √(1 − r₁));
3. the Making Data Count rules are applied to those points and limits.

Pure pandas/numpy; the casework page says why on the page (:data:`WHY`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics import spc_rules
from dashboard.metrics.spc import _COLOURS, _TYPE_NAMES, COMMON, CONCERN, IMPROVEMENT, NEITHER, _variation, analyse
from dashboard.metrics.spc_settings import IMPROVEMENT_SIGN, SpcSettings

MIN_DAYS = 3            # working days a week needs to be a point
MAX_R1 = 0.95           # beyond this the widening would swamp any signal
WHY = ("The number of cases waiting is a stock: most of today's cases were also waiting yesterday, so "
       "day-to-day changes are small and an ordinary XmR chart of daily counts draws limits far too narrow "
       "(it would flag about {daily:.0%} of days). The chart shows each week's average instead, with the limits "
       "widened for the correlation that remains between weeks (lag-1 autocorrelation r₁ = {r1:.2f}, limits × "
       "{factor:.2f}); {weekly:.0%} of weeks are flagged.")


@dataclass(frozen=True)
class StockSpc:
    points: pd.DataFrame      # one row per week: period_start (the week's Monday), value, mean, lpl, upl, ...
    variation: str            # as dashboard.metrics.spc: common_cause, improvement_low, concern_high, ...
    r1: float                 # lag-1 autocorrelation of the weekly means
    factor: float             # how much the XmR limits were widened
    daily_flagged: float      # share of days a daily XmR chart would flag
    weekly_flagged: float     # share of weeks flagged here

    @property
    def why(self) -> str:
        return WHY.format(daily=self.daily_flagged, r1=self.r1, factor=self.factor, weekly=self.weekly_flagged)


def weekly_means(daily: pd.Series) -> pd.Series:
    """Mean of each Monday-to-Sunday week's values (index: the week's Monday), weeks with MIN_DAYS values."""
    s = pd.Series(daily.to_numpy(dtype=float), index=pd.to_datetime(daily.index)).dropna()
    weeks = s.index.to_period("W-SUN").start_time
    grouped = s.groupby(weeks)
    means = grouped.mean()[grouped.count() >= MIN_DAYS]
    means.index.name = "week"
    return means


def lag1_autocorrelation(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 3 or np.allclose(x, x[0]):
        return 0.0
    d = x - x.mean()
    return float((d[1:] * d[:-1]).sum() / (d * d).sum())


def _flagged_share(types) -> float:
    judged = [t for t in types if t is not None]
    return sum(t != "common_cause" for t in judged) / len(judged) if judged else 0.0


def analyse_stock(daily: pd.Series, *, improvement: str = "down",
                  settings: SpcSettings = SpcSettings.MDC) -> StockSpc:
    """Weekly-mean SPC of a daily stock (index: days; values: the count at each day's end)."""
    daily_xmr = analyse(pd.Series(daily.to_numpy(dtype=float), index=daily.index), improvement=improvement)
    weekly = weekly_means(daily)
    base = analyse(weekly, improvement=improvement, settings=settings)
    r1 = min(max(lag1_autocorrelation(weekly.to_numpy()), 0.0), MAX_R1)
    factor = 1 / math.sqrt(1 - r1)

    points = base.points.copy()
    x = points["value"].to_numpy(dtype=float)
    mean = points["mean"].to_numpy(dtype=float)
    half = (points["upl"].to_numpy(dtype=float) - mean) * factor
    lpl, upl = mean - half, mean + half
    l2, u2 = mean - half * 2 / 3, mean + half * 2 / 3
    judged = ~np.isnan(mean) & ~np.isnan(x)
    side = np.where(judged, np.sign(np.where(judged, x - np.nan_to_num(mean), 0.0)), 0.0)
    with np.errstate(invalid="ignore"):
        out_hi, out_lo = judged & (x > upl), judged & (x < lpl)
        near_hi, near_lo = judged & (x > u2), judged & (x < l2)
    if not settings.two_of_three_counts_beyond_limits:
        near_hi, near_lo = near_hi & ~out_hi, near_lo & ~out_lo
    breaks = np.zeros(x.size, dtype=bool)
    if x.size:
        breaks[0] = True
    flags = spc_rules.evaluate(x, side, out_hi, out_lo, near_hi, near_lo, breaks,
                               shift_length=settings.shift_length, trend_length=settings.trend_length)
    sign = IMPROVEMENT_SIGN[improvement]
    direction = spc_rules.resolve_direction(flags, settings.conflict, sign)
    if sign == 0:
        code = np.where(direction != 0, NEITHER, COMMON)
    else:
        code = np.where(direction == sign, IMPROVEMENT, np.where(direction == 0, COMMON, CONCERN))
    points["lpl"], points["upl"] = np.maximum(lpl, 0.0), upl   # a count is never below zero
    points["lower_2sigma"], points["upper_2sigma"] = l2, u2
    points["rule_limit"] = flags.limit_hi | flags.limit_lo
    points["rule_shift"] = flags.shift_hi | flags.shift_lo
    points["rule_trend"] = flags.trend_hi | flags.trend_lo
    points["rule_two_of_three"] = flags.two3_hi | flags.two3_lo
    points["direction"] = direction
    points["point_type"] = pd.Series(_TYPE_NAMES[code], index=points.index, dtype=object)
    points["colour"] = _COLOURS[code]
    points = points.reset_index(drop=True)
    points.insert(0, "period_start", weekly.index)
    variation = _variation(int(code[-1]), int(direction[-1]), not np.isnan(mean[-1])) if len(x) else "none"
    return StockSpc(points, variation, r1, factor, _flagged_share(daily_xmr.points["point_type"]),
                    _flagged_share(points["point_type"]))
