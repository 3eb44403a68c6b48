"""Profiled targets, set the way councils set them: last year's outturn plus a stretch.

For each financial year the council-level target is the previous year's outturn
moved a little in the good direction (occasionally a big stretch, occasionally a
softer target), rounded to a figure a cabinet report would print.  Within the
year it is profiled: counts in month follow last years' seasonal shares,
year-to-date counts accumulate them, council tax climbs with the instalment
profile; rates and stocks are flat.  Targets are in display units.

Local targets (rates only: ratio and max inherit from the nearest ancestor, so a
local target is meaningful there) are set the same way from the unit's own
outturn, for every directorate (``local="dir"``) or for a few services, a
directorate or a team (``local="some"``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo.returns import PERIOD_MONTHS
from data.demo.series import month_of_year


def financial_year(periods: np.ndarray) -> np.ndarray:
    months = periods.astype("datetime64[M]").astype(np.int64)
    return (months - 3) // 12  # years since 1970 of the April that starts the year


def _windowed(spec, num, den, val, fy):
    """Council (or unit) value per period for the indicator's basis, before display scaling."""
    per_year = 12 // PERIOD_MONTHS[spec.frequency]

    def window(x, how):
        out = np.empty_like(x)
        if spec.basis == "year_to_date":
            for y in np.unique(fy):  # a loop over financial years
                sel = fy == y
                out[sel] = np.cumsum(x[sel]) if how == "sum" else np.maximum.accumulate(x[sel])
        elif spec.basis == "rolling_12_months":
            for t in range(len(x)):  # a loop over periods of one series
                part = x[max(0, t - per_year + 1): t + 1]
                out[t] = part.sum() if how == "sum" else part.max()
        else:
            out[:] = x
        return out

    if spec.aggregation == "ratio":
        return window(num, "sum") / window(den, "sum")
    if spec.aggregation == "sum":
        return window(val, "sum")
    if spec.aggregation == "max":
        return window(val, "max")
    return val  # latest, none


def _nice(x: float, spec) -> float:
    """Round a target to a figure a cabinet report would print."""
    if spec.unit == "percent":
        if abs(x) >= 95 or abs(x) < 5:
            return float(np.round(x, 1))
        return float(np.round(x * 2) / 2)
    if x == 0 or not np.isfinite(x):
        return 0.0
    digits = 3 if abs(x) >= 100 else 2
    return float(np.round(x, digits - 1 - int(np.floor(np.log10(abs(x))))))


def _stretch(base: float, spec, rng) -> float:
    """Next year's target from an outturn: usually a little better, sometimes bold, sometimes softer."""
    if spec.m.get("link") == "identity":  # a variance: the target is always to balance
        return 0.0
    good = 1.0 if spec.polarity == "up" else -1.0
    bold = rng.random() < 0.12
    if spec.unit == "percent":
        step = rng.uniform(-1.0, 1.5) + (rng.uniform(2.0, 5.0) if bold else 0.0)
        if abs(base) < 10:  # small percentages move by small amounts, and so do those near 100
            step *= max(abs(base), 1.0) / 10
        elif base > 90:
            step *= max(100 - base, 1.0) / 10
        return _nice(float(np.clip(base + good * step, 0.1, 99.9)), spec)
    change = rng.uniform(-0.03, 0.05) + (rng.uniform(0.05, 0.12) if bold else 0.0)
    return _nice(base * (1 + good * change), spec)


def series_targets(spec, num, den, val, periods, tperiods, rng) -> np.ndarray:
    """Targets (display units) for ``tperiods`` from one aggregate series over ``periods``."""
    length = PERIOD_MONTHS[spec.frequency]
    per_year = 12 // length
    fy, tfy = financial_year(periods), financial_year(tperiods)
    tposition = (month_of_year(tperiods) - 4) % 12 // length
    shown = _windowed(spec, num, den, val, fy) * spec.scale
    complete = [y for y in np.unique(fy) if (fy == y).sum() == per_year]
    is_sum = spec.aggregation == "sum" and spec.basis in ("in_month", "year_to_date")
    climbs = spec.basis == "year_to_date" and (spec.m.get("den_mode") == "front" or "profile" in spec.m)

    # How the target builds through the year (a fraction of the annual target per period).
    profile = np.ones(per_year)
    if is_sum:
        shares = np.full(per_year, 1.0 / per_year)
        if complete:
            stack = np.array([val[fy == y] for y in complete])
            shares = (stack / np.maximum(stack.sum(axis=1, keepdims=True), 1e-9)).mean(axis=0)
        profile = np.cumsum(shares) if spec.basis == "year_to_date" else shares
    elif climbs and complete:
        stack = np.array([shown[fy == y] for y in complete])
        profile = (stack / stack[:, -1:]).mean(axis=0)

    def outturn(y):
        sel = fy == y
        if is_sum:
            return val[sel].mean() * per_year * spec.scale  # the year's total (annualised if partial)
        if climbs:
            return shown[sel][-1] if sel.sum() == per_year else np.nan
        return np.nanmean(shown[sel])

    years = np.unique(fy)
    annual = {}
    for y in np.unique(tfy):  # a loop over financial years
        earlier = [x for x in years if x < y and np.isfinite(outturn(x)) and (x in complete or not is_sum)]
        if earlier:
            base = outturn(earlier[-1])
        else:  # no earlier year: the first year's target was set near what happened
            own = outturn(y) if y in years else np.nan
            if not np.isfinite(own):
                own = np.nanmax(shown) if climbs else np.nanmean(shown)
            base = own * (1 + rng.normal(0, 0.02))
        annual[y] = _stretch(float(base), spec, rng)

    targets = np.array([annual[y] for y in tfy]) * profile[tposition]
    if is_sum or climbs:
        return np.array([_nice(x, spec) for x in targets])
    return targets


def local_nodes(spec, unit_rows: pd.DataFrame, rng) -> list[tuple[str, np.ndarray]]:
    """(org code, mask over the indicator's units) for each unit given a local target."""
    if spec.aggregation not in ("ratio", "max"):
        return []
    mode = spec.local
    if mode is None and rng.random() < 0.2:
        mode = "some"
    nodes = []
    if mode == "dir":
        for code in pd.unique(unit_rows["directorate"]):
            nodes.append((code, (unit_rows["directorate"] == code).to_numpy()))
    elif mode == "some":
        services = pd.unique(unit_rows["service"])
        directorates = pd.unique(unit_rows["directorate"])
        picks = []
        if len(directorates) > 1 and rng.random() < 0.4:
            picks.append(("directorate", directorates[rng.integers(len(directorates))]))
        for s in rng.permutation(services)[: rng.integers(1, 3)]:
            picks.append(("service", s))
        if rng.random() < 0.5:
            picks.append(("code", unit_rows["code"].to_numpy()[rng.integers(len(unit_rows))]))
        for column, code in picks:
            nodes.append((code, (unit_rows[column] == code).to_numpy()))
    return [(code, mask) for code, mask in nodes if mask.any()]
