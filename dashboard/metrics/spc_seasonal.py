"""SPC for strongly seasonal indicators: XmR rules on seasonally adjusted values.

Why: on a raw seasonal series (e.g. winter pressures) the moving ranges include
the month-to-month seasonal swing and every winter forms a run above the mean,
so an ordinary XmR chart alarms every year with no real change. We estimate a
fixed additive effect for each month of the year by classical decomposition
(value minus a centred 12-month moving average, fitted per calendar month),
remove it, and apply the usual rules and settings to the adjusted values.
The effects are a few harmonics (as many as BIC supports), each month judged
with effects fitted without its own value: 12 free in-sample means gave about
20% more false signals (see docs/spc.md).
The centre line and limits are then put back on the original scale by adding
each month's effect, so a chart shows the real values against a seasonal band.

Why this rather than "same month in earlier years": comparing each month only
with its own history leaves 3-5 points per comparison (too few for limits) and
a year-on-year difference shows a step for only 12 months. The centred moving
average cannot be formed for the last half-year, so a recent change does not
leak into the seasonal effects that are used to judge it. Measured false-alarm
and detection rates are in docs/spc.md and tests/test_spc_seasonal.py.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from dashboard.metrics.spc import SpcResult, SpcSettings, analyse, assurance_code, check_basis

_LIMIT_KEYS = ("mean", "lpl", "upl", "lower_2sigma", "upper_2sigma")


def seasonal_effects(
    values: np.ndarray, season: np.ndarray, period: int = 12, min_per_season: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Additive seasonal effects: (profile per season, effect to remove per row).

    ``season[i]`` is the season (0..period-1) of row i; rows must be
    consecutive periods (a missing period is a NaN row, not a missing row).

    1. Detrend: value minus a centred moving average over one cycle (2x12 for
       months). It cannot be formed for the first and last half-cycle, so the
       latest six months never shape the effects used to judge them.
    2. Fit the detrended values with 1..period/2 pairs of harmonics and keep
       the fit with the lowest BIC. A smooth winter peak needs one or two
       harmonics (3-5 parameters), which keeps estimation noise down; a sharp
       month (a December spike) makes BIC take more, up to 12 free monthly effects.
    3. Leave one out: a row used in the fit is adjusted with the effect fitted
       without its own value. Otherwise an unusual month partly explains itself
       away (looking calmer than it is) while the end rows, which are not in the
       fit, look noisier; with that mix the limits suit neither, and false
       signals rose by about 20% (docs/spc.md).
    """
    v = np.asarray(values, dtype=float)
    season = np.asarray(season, dtype=np.int64)
    if period % 2 == 0:  # 2 x period centred moving average for an even period
        w = np.r_[0.5, np.ones(period - 1), 0.5] / period
    else:
        w = np.ones(period) / period
    half = w.size // 2
    trend = np.full(v.size, np.nan)
    if v.size >= w.size:
        trend[half : v.size - half] = np.convolve(v, w, mode="valid")  # NaN spreads: fine
    detrended = v - trend
    ok = ~np.isnan(detrended)
    counts = np.bincount(season[ok], minlength=period)
    if counts.min() < min_per_season:
        raise ValueError(
            f"seasonal adjustment needs at least {min_per_season} detrended values for "
            f"every season (about {min_per_season + 1} complete years of consecutive "
            f"periods); the fewest for any season here is {counts.min()}"
        )
    y, s = detrended[ok], season[ok]
    floor = 1e-12 * max(float(np.sum(y**2)), 1e-300)
    best: tuple[float, int, np.ndarray, np.ndarray] | None = None
    for h_max in range(1, period // 2 + 1):
        design = _harmonics(s, period, h_max)
        coef = np.linalg.lstsq(design, y, rcond=None)[0]
        rss = max(float(np.sum((y - design @ coef) ** 2)), floor)
        bic = y.size * np.log(rss / y.size) + design.shape[1] * np.log(y.size)
        if best is None or bic < best[0]:
            best = (bic, h_max, design, coef)
    _, h_max, design, coef = best
    profile = _harmonics(np.arange(period), period, h_max)[:, 1:] @ coef[1:]
    profile -= profile.mean()
    effect = profile[season]
    # Leave-one-out fitted value = fitted - h * residual / (1 - h), h the leverage.
    leverage = np.einsum("ij,ji->i", design, np.linalg.pinv(design))
    resid = y - design @ coef
    with np.errstate(invalid="ignore", divide="ignore"):
        shift = np.where(leverage < 1 - 1e-9, leverage * resid / (1 - leverage), 0.0)
    effect[ok] -= shift
    return profile, effect


def _harmonics(season: np.ndarray, period: int, h_max: int) -> np.ndarray:
    """Intercept plus cos/sin pairs; at h = period/2 the sine is zero, so cos only."""
    angle = 2 * np.pi * season / period
    cols = [np.ones(season.size)]
    for h in range(1, h_max + 1):
        cols.append(np.cos(h * angle))
        if 2 * h != period:
            cols.append(np.sin(h * angle))
    return np.column_stack(cols)


def season_of(index: pd.Index, period: int) -> np.ndarray:
    """Month (period 12) or quarter (period 4) of a date index; else position mod period."""
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        if period == 12:
            return np.asarray(index.month, dtype=np.int64) - 1
        if period == 4:
            return np.asarray(index.quarter, dtype=np.int64) - 1
    return np.arange(len(index), dtype=np.int64) % period


def analyse_seasonal(
    series: pd.Series,
    *,
    period: int = 12,
    improvement: str = "up",
    target: float | None = None,
    settings: SpcSettings = SpcSettings.MDC,
    recalc_at_positions: Iterable[int] = (),
    recalc_at_periods: Iterable[Any] = (),
    baseline: int | None = None,
    basis: str = "in_period",
) -> SpcResult:
    """:func:`~dashboard.metrics.spc.analyse` on seasonally adjusted values.

    ``series``: consecutive periods in order; with a DatetimeIndex/PeriodIndex
    the month (or quarter) comes from the index, otherwise from the position.
    The result's points carry the original ``value``, the ``seasonal_effect``
    and the ``adjusted`` value; mean and limits are on the original scale for
    each period (centre line + that period's effect). The summary limits are
    those of the latest period, and assurance compares the target with them.
    """
    check_basis(basis)  # before any fitting: refuse year-to-date values outright
    if not isinstance(series, pd.Series):
        series = pd.Series(list(series), dtype=float)
    values = pd.to_numeric(series, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    _, effect = seasonal_effects(values, season_of(series.index, period), period)
    adjusted = _drop_float_residue(values - effect)

    base = analyse(
        pd.Series(adjusted, index=series.index),
        improvement=improvement,  # type: ignore[arg-type]
        target=None,
        settings=settings,
        recalc_at_positions=recalc_at_positions,
        recalc_at_periods=recalc_at_periods,
        baseline=baseline,
        basis=basis,
    )
    arrays = dict(base.arrays)
    for key in _LIMIT_KEYS:
        arrays[key] = base.arrays[key] + effect
    arrays["value"] = values
    arrays["adjusted"] = adjusted
    arrays["seasonal_effect"] = effect

    observed = np.flatnonzero(~np.isnan(values))
    shift = effect[observed[-1]] if observed.size else 0.0
    mean, lpl, upl = base.mean + shift, base.lpl + shift, base.upl + shift
    return SpcResult(
        periods=base.periods,
        arrays=arrays,
        improvement=base.improvement,
        target=target,
        settings=settings,
        variation=base.variation,
        assurance=assurance_code(target, improvement, lpl, upl),
        mean=mean,
        lpl=lpl,
        upl=upl,
    )


def _drop_float_residue(x: np.ndarray) -> np.ndarray:
    """Round to 12 significant digits of the series' scale. The fit leaves
    ~1e-14 of floating-point residue; on an exactly seasonal series that would
    be all the "variation" there is, and the rules would judge noise."""
    finite = np.abs(x[~np.isnan(x)])
    if finite.size == 0 or finite.max() == 0:
        return x
    return np.round(x, 12 - int(np.ceil(np.log10(finite.max()))))
