"""Rates from counts: always Σnumerator / Σdenominator, with an interval when
the counts come from a sample (the residents' survey)."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def rate(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if numerator is None or denominator is None or denominator == 0 or _nan(numerator) or _nan(denominator):
        return None
    return float(numerator) / float(denominator)


def direction_of_travel(now: float | None, before: float | None, *, lower_is_better: bool) -> str:
    """improving | worsening | same | n/a, comparing a figure with its earlier value."""
    if now is None or before is None or _nan(now) or _nan(before):
        return "n/a"
    if abs(now - before) < 1e-9:
        return "same"
    return "improving" if (now < before) == lower_is_better else "worsening"


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion (95% by default): unlike the
    normal approximation it stays inside 0–1 and behaves for small samples,
    which a district's quarter of survey responses often is."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)
