"""Seasonal indicators: no alarm every winter, yet a real step is caught.

Measured on synthetic monthly series (seeded numpy generator, many series):
the false-alarm rate with no real change and the time to detect a 1.5-sigma
step. The numbers asserted here are quoted in docs/spc.md.

A "signal" is an episode: a run of consecutive special-cause points counts
once (that is one thing for someone to investigate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.spc import analyse
from dashboard.metrics.spc_seasonal import analyse_seasonal

SIGMA = 1.0
# A winter peak and summer trough (Jan..Dec), amplitude 3 sigma, not a pure sine.
WINTER = np.array([3.0, 2.2, 1.0, -0.5, -1.5, -2.0, -2.5, -3.0, -1.0, 0.5, 1.5, 2.3])
# Sharp single months: a December spike and an August (school holiday) dip.
SHARP = 2 * np.cos(2 * np.pi * np.arange(12) / 12)
SHARP[11] += 4
SHARP[7] -= 3
PROFILES = {"winter": WINTER - WINTER.mean(), "sharp": SHARP - SHARP.mean()}

MONTHS = pd.date_range("2015-01-01", periods=120, freq="MS")
N_SERIES = 800
HISTORY = 48  # four years before the step
STEP = 1.5 * SIGMA


def signals(result) -> int:
    special = result.points["point_type"].isin(["improvement", "concern", "neither"]).to_numpy()
    return int(np.sum(special & ~np.r_[False, special[:-1]]))


def series(profile, n, rng, start=0):
    months = np.arange(start, start + n) % 12
    return 100 + profile[months] + rng.normal(0, SIGMA, n)


@pytest.fixture(scope="module", params=sorted(PROFILES))
def false_alarms(request):
    """Signals per five years (60 months) of in-control seasonal data."""
    rng = np.random.default_rng(20240101)
    profile = PROFILES[request.param]
    seasonal, plain = [], []
    for _ in range(N_SERIES):
        x = series(profile, 60, rng)
        seasonal.append(signals(analyse_seasonal(pd.Series(x, index=MONTHS[:60]))))
        plain.append(signals(analyse(x)))
    return request.param, np.mean(seasonal), np.mean(plain)


def test_ordinary_chart_alarms_every_winter_on_seasonal_data(false_alarms):
    name, _, plain = false_alarms
    assert plain >= 3.5, (name, plain)  # ~one alarm per year with no real change


def test_seasonal_method_at_most_one_false_signal_in_five_years(false_alarms):
    name, seasonal, _ = false_alarms
    assert seasonal <= 1.0, (name, seasonal)


@pytest.fixture(scope="module", params=sorted(PROFILES))
def detection(request):
    """Months after a 1.5-sigma step until the chart, as it stood that month,
    shows a special cause at or after the step in the step's direction."""
    rng = np.random.default_rng(20240202)
    profile = PROFILES[request.param]
    first = []
    for _ in range(N_SERIES):
        y = series(profile, HISTORY + 6, rng)
        y[HISTORY:] += STEP
        found = np.inf
        for k in range(1, 7):
            res = analyse_seasonal(pd.Series(y[: HISTORY + k], index=MONTHS[: HISTORY + k]))
            if (res.points["direction"].to_numpy()[HISTORY:] > 0).any():
                found = k
                break
        first.append(found)
    return request.param, np.array(first)


def test_a_real_step_is_detected_within_six_months(detection):
    name, first = detection
    assert np.median(first) <= 6, name
    assert np.mean(first <= 6) >= 0.6, (name, np.mean(first <= 6))


# --- behaviour of analyse_seasonal on exact, noise-free series -----------------------


def test_noise_free_seasonal_series_is_all_common_cause_and_effects_are_recovered():
    profile = PROFILES["winter"]
    s = pd.Series(100 + profile[np.arange(48) % 12], index=MONTHS[:48])
    res = analyse_seasonal(s)
    p = res.points
    assert set(p["colour"]) == {"grey"}
    assert np.allclose(p["seasonal_effect"], profile[np.arange(48) % 12], atol=1e-9)
    assert np.allclose(p["adjusted"], 100, atol=1e-9)
    assert list(p["value"]) == list(s)  # original values are kept
    assert np.allclose(p["mean"], s, atol=1e-9)  # centre line follows the season


def test_effects_follow_calendar_months_from_a_date_index():
    # A series starting in July: the January rows still get January's effect.
    profile = PROFILES["sharp"]
    idx = pd.date_range("2019-07-01", periods=48, freq="MS")
    s = pd.Series(50 + profile[idx.month - 1], index=idx)
    p = analyse_seasonal(s).points
    january = p.index.month == 1
    assert np.allclose(p.loc[january, "seasonal_effect"], profile[0], atol=1e-9)


def test_a_winter_spike_beyond_the_seasonal_band_is_flagged_and_ordinary_winter_is_not():
    rng = np.random.default_rng(7)
    profile = PROFILES["winter"]
    x = series(profile, 60, rng)
    x[-1] += 6 * SIGMA  # a real spike in the last (December) month
    res = analyse_seasonal(pd.Series(x, index=MONTHS[:60]))
    assert res.variation == "improvement_high"
    assert res.upl < x[-1]  # latest limits are on the original (seasonal) scale


def test_too_short_a_history_is_refused():
    with pytest.raises(ValueError, match="complete years"):
        analyse_seasonal(pd.Series(np.arange(30.0), index=MONTHS[:30]))


def test_year_to_date_is_refused_for_seasonal_analysis_too():
    s = pd.Series(np.arange(48.0), index=MONTHS[:48])
    with pytest.raises(ValueError, match="year-to-date"):
        analyse_seasonal(s, basis="year_to_date")
