"""SPC for a daily stock (issue 16): the unallocated cases counted each day are
autocorrelated, so the casework page charts weekly means with limits widened
for that.  If this breaks, the chart flags most days as special causes again."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.spc_stock import analyse_stock, lag1_autocorrelation, weekly_means


def _stock(days=182, seed=11, phi=0.85):
    """An AR(1) stock around 70 on working days, the way a waiting list moves."""
    rng = np.random.default_rng(seed)
    x = np.empty(days)
    x[0] = 70
    for t in range(1, days):
        x[t] = 70 + phi * (x[t - 1] - 70) + rng.normal(0, 3)
    index = pd.bdate_range("2026-04-01", periods=days)
    return pd.Series(np.round(x), index=index)


def test_weekly_means_are_plain_means_of_each_weeks_days():
    s = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8], index=pd.bdate_range("2026-09-07", periods=8))  # Mon..Wed next week
    got = weekly_means(s)
    assert list(got.index) == [pd.Timestamp("2026-09-07"), pd.Timestamp("2026-09-14")]
    assert got.tolist() == [3.0, 7.0]


def test_lag1_autocorrelation_by_hand():
    x = np.array([1.0, 2, 3, 2, 1])
    d = x - x.mean()
    assert lag1_autocorrelation(x) == pytest.approx((d[1:] * d[:-1]).sum() / (d * d).sum())
    assert lag1_autocorrelation([5, 5, 5]) == 0.0


def test_weekly_limits_are_widened_and_flag_far_fewer_points_than_a_daily_xmr():
    result = analyse_stock(_stock())
    assert result.factor == pytest.approx(1 / math.sqrt(1 - result.r1))
    p = result.points
    judged = p.dropna(subset=["mean"])
    assert (judged["upl"] - judged["mean"]).iloc[-1] > 0
    assert result.daily_flagged > 0.5            # the daily XmR chart of a stock cries wolf
    assert result.weekly_flagged < result.daily_flagged / 2
    assert judged["rule_limit"].mean() < 0.1     # few weeks beyond the widened limits
    assert "stock" in result.why and f"{result.r1:.2f}" in result.why
