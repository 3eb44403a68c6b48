"""Statistical process control (XmR charts) in the NHS "Making Data Count" style.

Pure numpy/pandas, no Dash: the dashboard, the data build and the analyst CLI
(``python -m dashboard.spc``) all call :func:`analyse`. See docs/spc.md for the
method, the settings that reproduce MDC and NHSRplotthedots, gap handling and
the seasonal approach (:mod:`dashboard.metrics.spc_seasonal`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from dashboard.metrics import spc_rules
from dashboard.metrics.spc_limits import partition_limits, partition_starts
from dashboard.metrics.spc_settings import (
    IMPROVEMENT_SIGN,
    PRESETS,
    Conflict,
    Improvement,
    SpcSettings,
    check_basis,
)

__all__ = [
    "PRESETS", "Conflict", "Improvement", "SpcResult", "SpcSettings",
    "analyse", "assurance_code", "check_basis",
]

# Per-point type codes (int8 in the arrays, strings in the DataFrame).
_TYPE_NAMES = np.array([None, "common_cause", "improvement", "concern", "neither"], dtype=object)
_COLOURS = np.array(["", "grey", "blue", "orange", "purple"], dtype=object)
GAP, COMMON, IMPROVEMENT, CONCERN, NEITHER = range(5)


@dataclass(frozen=True)
class SpcResult:
    """Output of :func:`analyse`: per-point arrays, a lazy DataFrame and the summary.

    ``variation``: common_cause, improvement_high, improvement_low, concern_high,
    concern_low, neither_high, neither_low or none (from the last observed
    point). ``assurance``: pass, fail, hit_or_miss or none (target against the
    limits of the last observed point's partition). ``mean``/``lpl``/``upl``:
    those latest limits (NaN when that partition has too few points).
    """

    periods: pd.Index
    arrays: dict[str, np.ndarray] = field(repr=False)
    improvement: Improvement
    target: float | None
    settings: SpcSettings
    variation: str
    assurance: str
    mean: float
    lpl: float
    upl: float

    @cached_property
    def points(self) -> pd.DataFrame:
        """One row per input period, in input order (built on first use)."""
        a = self.arrays
        code = a["type_code"]
        frame = pd.DataFrame(
            {
                "value": a["value"],
                "mean": a["mean"],
                "lpl": a["lpl"],
                "upl": a["upl"],
                "lower_2sigma": a["lower_2sigma"],
                "upper_2sigma": a["upper_2sigma"],
                "partition": a["partition"],
                "rule_limit": a["rule_limit"],
                "rule_shift": a["rule_shift"],
                "rule_trend": a["rule_trend"],
                "rule_two_of_three": a["rule_two_of_three"],
                "direction": a["direction"],
                # object dtype keeps None (not NaN) for gaps
                "point_type": pd.Series(_TYPE_NAMES[code], index=self.periods, dtype=object),
                "colour": _COLOURS[code],
            },
            index=self.periods,
        )
        for extra in ("adjusted", "seasonal_effect"):  # seasonal analysis only
            if extra in a:
                frame[extra] = a[extra]
        frame.index.name = "period"
        return frame

    @cached_property
    def partitions(self) -> pd.DataFrame:
        """One row per partition: first row position, points used, mean and limits."""
        a = self.arrays
        return pd.DataFrame(
            {
                "start": a["partition_start"],
                "n_used": a["partition_n_used"].astype(int),
                "mean": a["partition_mean"],
                "lpl": a["partition_mean"] - a["partition_half"],
                "upl": a["partition_mean"] + a["partition_half"],
            }
        )

    def summary(self) -> dict[str, Any]:
        """The summary as plain JSON-ready values (NaN -> None)."""

        def num(v: float) -> float | None:
            return None if math.isnan(v) else float(v)

        return {
            "variation": self.variation,
            "assurance": self.assurance,
            "mean": num(self.mean),
            "lpl": num(self.lpl),
            "upl": num(self.upl),
        }


def analyse(
    values: pd.Series | Sequence[float | None] | np.ndarray,
    *,
    improvement: Improvement = "up",
    target: float | None = None,
    settings: SpcSettings = SpcSettings.MDC,
    recalc_at_positions: Iterable[int] = (),
    recalc_at_periods: Iterable[Any] = (),
    baseline: int | None = None,
    basis: str = "in_period",
) -> SpcResult:
    """Run an XmR analysis on one in-period series, in the order given.

    values: a Series (index = periods, kept as given, never sorted) or a list;
        NaN/None is a gap (a period with no value).
    recalc_at_positions: 0-based row positions where a new partition starts.
    recalc_at_periods: index labels where a new partition starts.
    baseline: each partition's limits come from its first ``baseline`` observed
        points and are extended over the rest of it.
    basis: "in_period" (or in_month/in_quarter/...). Cumulative bases such as
        "year_to_date" are refused with a ValueError.
    """
    check_basis(basis)
    if improvement not in IMPROVEMENT_SIGN:
        raise ValueError(f"improvement must be 'up', 'down' or 'neither', not {improvement!r}")
    if baseline is not None and baseline < 1:
        raise ValueError("baseline must be a positive number of points")
    if isinstance(values, pd.Series):
        periods = values.index
        v = pd.to_numeric(values, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    else:
        v = np.array(values, dtype=float)  # None -> NaN (a gap); copy: never alias input
        periods = pd.RangeIndex(v.size)
    if np.isinf(v).any():
        raise ValueError("values must be finite numbers or missing")

    starts = partition_starts(periods, v.size, recalc_at_positions, recalc_at_periods)
    part = np.searchsorted(starts, np.arange(v.size), side="right") - 1
    lim = partition_limits(v, part, len(starts), settings, baseline)
    return _judge(v, part, lim, periods, improvement, target, settings)


def _judge(
    v: np.ndarray,
    part: np.ndarray,
    lim: dict[str, np.ndarray],
    periods: pd.Index,
    improvement: Improvement,
    target: float | None,
    s: SpcSettings,
) -> SpcResult:
    mean, half = lim["mean"][part], lim["half"][part]
    lpl, upl = mean - half, mean + half
    l2, u2 = mean - half * (2 / 3), mean + half * (2 / 3)

    obs = np.flatnonzero(~np.isnan(v))
    x, m, p = v[obs], mean[obs], part[obs]
    judged = ~np.isnan(m)
    side = np.where(judged, np.sign(x - np.where(judged, m, 0.0)), 0.0)
    with np.errstate(invalid="ignore"):
        out_hi, out_lo = x > upl[obs], x < lpl[obs]
        near_hi, near_lo = x > u2[obs], x < l2[obs]
    if not s.two_of_three_counts_beyond_limits:
        near_hi, near_lo = near_hi & ~out_hi, near_lo & ~out_lo

    breaks = np.ones(x.size, dtype=bool)
    if x.size > 1:
        breaks[1:] = ~judged[1:] | ~judged[:-1]
        if not s.rules_cross_partitions:
            breaks[1:] |= p[1:] != p[:-1]
        if s.gap_breaks_runs:
            breaks[1:] |= np.diff(obs) > 1

    flags = spc_rules.evaluate(
        x, side, out_hi, out_lo, near_hi, near_lo, breaks,
        shift_length=s.shift_length, trend_length=s.trend_length,
    )  # fmt: skip
    sign = IMPROVEMENT_SIGN[improvement]
    direction = spc_rules.resolve_direction(flags, s.conflict, sign)

    if sign == 0:
        special = np.where(direction != 0, NEITHER, COMMON)
    else:
        special = np.where(direction == sign, IMPROVEMENT,
                           np.where(direction == 0, COMMON, CONCERN))

    n = v.size
    code = np.full(n, GAP, dtype=np.int8)
    code[obs] = special

    def scatter(a: np.ndarray, fill: Any = False) -> np.ndarray:
        out = np.full(n, fill, dtype=a.dtype)
        out[obs] = a
        return out

    arrays = {
        "value": v,
        "mean": mean,
        "lpl": lpl,
        "upl": upl,
        "lower_2sigma": l2,
        "upper_2sigma": u2,
        "partition": part,
        "rule_limit": scatter(flags.limit_hi | flags.limit_lo),
        "rule_shift": scatter(flags.shift_hi | flags.shift_lo),
        "rule_trend": scatter(flags.trend_hi | flags.trend_lo),
        "rule_two_of_three": scatter(flags.two3_hi | flags.two3_lo),
        "direction": scatter(direction, 0),
        "type_code": code,
        "partition_start": np.searchsorted(part, np.arange(lim["mean"].size)),
        "partition_n_used": lim["n_used"],
        "partition_mean": lim["mean"],
        "partition_half": lim["half"],
    }

    if obs.size:
        last = obs[-1]
        last_mean, last_lpl, last_upl = mean[last], lpl[last], upl[last]
        variation = _variation(int(code[last]), int(direction[-1]), bool(lim["ok"][part[last]]))
    else:
        last_mean = last_lpl = last_upl = np.nan
        variation = "none"
    assurance = assurance_code(target, improvement, last_lpl, last_upl)

    return SpcResult(
        periods=periods,
        arrays=arrays,
        improvement=improvement,
        target=target,
        settings=s,
        variation=variation,
        assurance=assurance,
        mean=float(last_mean),
        lpl=float(last_lpl),
        upl=float(last_upl),
    )


def _variation(code: int, direction: int, has_limits: bool) -> str:
    if not has_limits:
        return "none"
    if code == COMMON:
        return "common_cause"
    kind = {IMPROVEMENT: "improvement", CONCERN: "concern", NEITHER: "neither"}[code]
    return f"{kind}_{'high' if direction > 0 else 'low'}"


def assurance_code(target: float | None, improvement: str, lpl: float, upl: float) -> str:
    """Can the process be relied on to meet the target? (MDC assurance icon).

    Target beyond the limits on the good side: pass; on the bad side: fail;
    between them: hit_or_miss. none without target, limits or a direction.
    """
    sign = IMPROVEMENT_SIGN[improvement]
    if target is None or math.isnan(float(target)) or sign == 0:
        return "none"
    if math.isnan(lpl) or math.isnan(upl):
        return "none"
    target = float(target)
    if target > upl:  # the whole range of common-cause variation is below target
        return "fail" if sign > 0 else "pass"
    if target < lpl:
        return "pass" if sign > 0 else "fail"
    return "hit_or_miss"
