"""Partitions and XmR limits for one series (numpy, no per-point loops).

A partition is a stretch of the series with its own limits (a recalculation
starts a new one). Within it the limits come from all its observed points, or
from its first ``baseline`` points and are extended over the rest.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from dashboard.metrics.spc_settings import SpcSettings


def partition_starts(
    periods: pd.Index, n: int, positions: Iterable[int], labels: Iterable[Any]
) -> np.ndarray:
    starts = {0}
    for p in positions:
        p = int(p)
        if not 0 <= p < max(n, 1):
            raise ValueError(f"recalculation position {p} is outside the series (0..{n - 1})")
        starts.add(p)
    for label in labels:
        hits = np.flatnonzero(np.asarray(periods == label))
        if hits.size == 0:
            raise ValueError(f"recalculation period {label!r} is not in the series")
        starts.add(int(hits[0]))
    return np.array(sorted(starts), dtype=np.int64)


def partition_limits(
    v: np.ndarray, part: np.ndarray, n_parts: int, s: SpcSettings, baseline: int | None
) -> dict[str, np.ndarray]:
    """Mean and mean moving range per partition (arrays of length n_parts)."""
    observed = ~np.isnan(v)
    # Rank of each observed point within its partition (1-based).
    counts_so_far = np.cumsum(observed)
    before_part = np.concatenate(([0], counts_so_far))[np.searchsorted(part, np.arange(n_parts))]
    rank = counts_so_far - before_part[part]
    used = observed & (rank <= baseline) if baseline else observed

    n_used = np.bincount(part, weights=used, minlength=n_parts)
    total = np.bincount(part, weights=np.where(used, v, 0.0), minlength=n_parts)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n_used

    # Moving ranges only between neighbouring periods of the same partition:
    # a range across a gap would span two periods (MDC warns this corrupts the
    # limits), and one across a recalculation would mix two processes.
    mr = np.abs(np.diff(v))
    mr_ok = used[1:] & used[:-1] & (part[1:] == part[:-1])
    mr_part = part[1:]
    amr = _mean_by(mr, mr_ok, mr_part, n_parts)
    if s.screen_outliers:
        # NHSRplotthedots keeps a range only if it is below 3.267 x the mean
        # range; a flat series (mean range 0) keeps all its (zero) ranges.
        keep = mr_ok & ((mr < s.outlier_factor * amr[mr_part]) | (amr[mr_part] == 0))
        amr = _mean_by(mr, keep, mr_part, n_parts)

    ok = (n_used >= s.min_points) & ~np.isnan(amr)
    half = np.where(ok, s.limit_factor * amr, np.nan)
    mean = np.where(ok, mean, np.nan)
    return {"mean": mean, "half": half, "n_used": n_used, "ok": ok}


def _mean_by(x: np.ndarray, mask: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    num = np.bincount(group[mask], weights=x[mask], minlength=n)
    den = np.bincount(group[mask], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den
