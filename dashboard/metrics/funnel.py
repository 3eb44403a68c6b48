"""Funnel plots for proportions (Spiegelhalter, "Funnel plots for comparing
institutional performance", Statistics in Medicine 2005;24:1185-1202).

Each area's proportion y = r/n is set against its denominator n.  The target
is the group's pooled proportion p0 = Σr/Σn (not the mean of the areas'
proportions: a small area's figure is noisier and counts for less), and the
control limits are p0 ± z·√(p0(1−p0)/n), the normal approximation to the
binomial, at 95% (z = 1.96) and 99.8% (z = 3.09).  An area outside the 99.8%
limits is further from the group than chance alone would put it about once in
500 comparisons.

Also here: which published measures have a count and a base at all
(``DECLARED``, ``NOT_PROPORTION`` and the naming rule of ``candidates``) and
``reproduces``, which checks a pairing against the published figure, so a
funnel is drawn only where the counts really make the published proportion.
Pure pandas/numpy: no Dash, no SQL.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics.rates import wilson_interval

Z95 = 1.959963984540054      # two-sided 95%
Z998 = 3.090232306167813     # two-sided 99.8%
Z_ONE_SIDED_95 = 1.6448536269514722
WINSOR = 0.10                # Spiegelhalter 2005 §3.3: z-scores winsorised at 10% each end for the dispersion


@dataclass(frozen=True)
class Pairing:
    """The counts behind a published proportion: numerator and denominator, each a sum of measure codes."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    base: str                 # what the denominator counts, in words ("referrals")
    note: str = ""            # a caveat to print beside the plot

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.numerator + self.denominator))


# Published proportions whose counts are in the same file but not by name (the
# DfE children's social work workforce census): the rate is the numerator over
# a sum of two columns, as DfE's methodology defines it.  ``reproduces`` still
# checks each against the published rate before a funnel is drawn.
_FTE = "FTE are treated as counts of posts: a fair approximation for whole departments, rough for small ones."
DECLARED: dict[str, Pairing] = {
    "vacancy_rate_fte": Pairing(("vacancy_fte",), ("vacancy_fte", "inpost_fte"),
                                "FTE posts (vacancies plus social workers in post)", _FTE),
    "agency_rate_fte": Pairing(("agency_fte",), ("agency_fte", "inpost_fte"),
                               "FTE social workers (agency plus employed)", _FTE),
    "agency_rate_headcount": Pairing(("agency_headcount",), ("agency_headcount", "inpost_headcount"),
                                     "social workers (agency plus employed)"),
}

# Rates in those files that look like proportions but are not, and why: said
# on the page instead of a misleading funnel.
_TURNOVER = ("it is leavers over the year divided by social workers in post on census day: the leavers are not a "
             "subset of those in post, so it is not a proportion of a count and has no binomial spread")
NOT_PROPORTION: dict[str, str] = {
    "turnover_rate_fte": _TURNOVER,
    "turnover_rate_headcount": _TURNOVER,
    "absence_rate_fte": ("the file gives the working days lost but not the working days available, so the base "
                         "of the rate is not published"),
    "caseload_fte": "cases per social worker is a ratio (it can exceed one), not a proportion of a count",
    "agency_cover_rate_fte": ("agency workers covering vacancies are not a subset of the agency workers counted "
                              "on census day, so the rate is not a proportion of a count"),
    "vacancy_agency_cover_rate_fte": ("agency workers covering vacancies are counted differently from the "
                                      "vacancies, so the rate is not a proportion of a count"),
}

# An EES percentage column names its count: rereferral_percent beside rereferral_count.
_RATE_NAME = re.compile(r"^(?P<stem>.+?)_(?:percent|percentage|pct|rate|proportion)$")


def looks_like_proportion(code: str, unit: str | None) -> bool:
    return unit == "percent" or bool(_RATE_NAME.match(code))


def candidates(measure: str, codes: dict[str, str]) -> list[Pairing]:
    """The pairings that could lie behind ``measure``, given the measures of its publication (code → name).

    Declared ones first; otherwise, for ``<stem>_percent`` (or _rate, _pct...) with a ``<stem>_count``
    (or ``<stem>_number``, ``<stem>``) in the same file, that count over each other non-rate measure of the
    file.  The base is not guessed from names: ``reproduces`` keeps the one whose counts give the
    published figures, which is how an EES file never seen before gets its funnel."""
    if measure in DECLARED:
        return [DECLARED[measure]]
    if measure in NOT_PROPORTION:
        return []
    m = _RATE_NAME.match(measure)
    if not m:
        return []
    stem = m.group("stem")
    numerator = next((c for c in (f"{stem}_count", f"{stem}_number", stem) if c in codes), None)
    if numerator is None:
        return []
    bases = [c for c in codes if c not in (measure, numerator) and not _RATE_NAME.match(c)]
    return [Pairing((numerator,), (base,), codes[base].lower()) for base in bases]


def sums(columns, codes: tuple[str, ...]) -> np.ndarray:
    """The sum of the measure columns ``codes`` (a mapping or frame of code → values); NaN where any is."""
    return np.sum([np.asarray(columns[c], dtype=float) for c in codes], axis=0)


def reproduces(published, numerator, denominator) -> float | None:
    """The scale (100 for a percentage, 1 for a fraction) at which numerator/denominator gives the published
    figures, within their rounding, on at least 95% of the rows that have all three (and at least three rows,
    every numerator within its denominator); None when it does not.  Plain arrays: it runs for every
    candidate base of a measure on every page view."""
    p, r, n = (np.asarray(x, dtype=float) for x in (published, numerator, denominator))
    keep = ~(np.isnan(p) | np.isnan(r) | np.isnan(n)) & (n > 0)
    p, r, n = p[keep], r[keep], n[keep]
    if len(p) < 3 or (r < 0).any() or (r > n * (1 + 1e-9)).any():
        return None
    tolerance = 0.5 * 10.0 ** -_decimals(p) + 0.05   # the published rounding, plus FTE counts' own
    for scale in (100.0, 1.0):
        t = tolerance if scale == 100.0 else tolerance / 100
        if (np.abs(scale * r / n - p) <= t).mean() >= 0.95:
            return scale
    return None


def _decimals(values: pd.Series) -> int:
    """Decimal places the figures were published to (at most 4)."""
    for d in range(5):
        if np.allclose(values, values.round(d), atol=1e-9):
            return d
    return 4


@dataclass(frozen=True)
class FunnelResult:
    points: pd.DataFrame      # input columns + proportion, wilson_low/high, z, limit95/998 low/high, within
    target: float             # pooled proportion p0 (0-1)
    curve: pd.DataFrame       # denominator, low95, high95, low998, high998 (0-1), for drawing
    dispersion: float         # φ: mean of squared (winsorised) z-scores; about 1 when chance explains the spread
    overdispersed: bool       # φ larger than chance would give (one-sided 95% test)
    tau2: float               # between-area variance beyond chance (additive random effects); 0 when not overdispersed


def limits(target: float, denominator, z: float) -> tuple[np.ndarray, np.ndarray]:
    """p0 ± z·√(p0(1−p0)/n), clipped to 0–1."""
    n = np.asarray(denominator, dtype=float)
    half = z * np.sqrt(target * (1 - target) / n)
    return np.clip(target - half, 0, 1), np.clip(target + half, 0, 1)


def funnel(points: pd.DataFrame) -> FunnelResult:
    """``points`` has ``numerator`` and ``denominator`` (any other columns are kept), each row an area with
    a denominator above zero.  Proportions and limits are fractions (0–1)."""
    if points.empty:
        raise ValueError("a funnel needs at least one area with counts")
    out = points.copy()
    r, n = out["numerator"].astype(float), out["denominator"].astype(float)
    target = float(r.sum() / n.sum())
    out["proportion"] = r / n
    intervals = [wilson_interval(a, b) for a, b in zip(r, n)]
    out["wilson_low"] = [i[0] for i in intervals]
    out["wilson_high"] = [i[1] for i in intervals]
    se = np.sqrt(target * (1 - target) / n)
    out["z"] = np.where(se > 0, (out["proportion"] - target) / se.where(se > 0, 1), 0.0)
    for name, z in (("95", Z95), ("998", Z998)):
        out[f"limit{name}_low"], out[f"limit{name}_high"] = limits(target, n, z)
    out["within"] = _within(out["z"])
    low, high = float(n.min()), float(n.max())
    grid = np.unique(np.geomspace(max(1.0, low * 0.8), high * 1.15, 120)) if high > 0 else np.array([1.0])
    curve = pd.DataFrame({"denominator": grid})
    for name, z in (("95", Z95), ("998", Z998)):
        curve[f"low{name}"], curve[f"high{name}"] = limits(target, grid, z)
    phi, over = dispersion(out["z"].to_numpy())
    tau2 = between_variance(phi, se.to_numpy()) if over else 0.0
    # Spiegelhalter 2005 §3.4: with overdispersion, judge each area against limits widened by τ² as well
    out["z_adjusted"] = (out["proportion"] - target) / np.sqrt(se * se + tau2).where(se > 0, 1)
    out["within_adjusted"] = _within(out["z_adjusted"])
    for name, z in (("95", Z95), ("998", Z998)):
        half = z * np.sqrt(target * (1 - target) / grid + tau2)
        curve[f"adjusted_low{name}"], curve[f"adjusted_high{name}"] = (np.clip(target - half, 0, 1),
                                                                       np.clip(target + half, 0, 1))
    return FunnelResult(out, target, curve, phi, over, tau2)


def _within(z: pd.Series) -> np.ndarray:
    return np.select([z.abs() > Z998, z.abs() > Z95], ["outside 99.8%", "outside 95%"], "inside 95%")


def between_variance(phi: float, se: np.ndarray) -> float:
    """τ² of the additive random-effects model (Spiegelhalter 2005 §3.4, a DerSimonian–Laird estimate):
    (I·φ − (I − 1)) / (Σw − Σw²/Σw) with w = 1/s², floored at 0."""
    w = 1 / (se[se > 0] ** 2)
    k = len(w)
    if k < 2:
        return 0.0
    return max(0.0, float((k * phi - (k - 1)) / (w.sum() - (w * w).sum() / w.sum())))


def dispersion(z: np.ndarray) -> tuple[float, bool]:
    """Spiegelhalter's φ = (1/I)·Σz² on z-scores winsorised at 10% each end, and whether I·φ exceeds the
    upper 5% point of χ² on I − 1 degrees of freedom (Wilson–Hilferty), i.e. the areas differ more than
    binomial chance allows and the limits are narrower than the real spread."""
    z = np.sort(np.asarray(z, dtype=float))
    k = len(z)
    if k < 2:
        return float("nan"), False
    cut = int(math.floor(WINSOR * k))
    if cut:
        z = np.clip(z, z[cut], z[k - 1 - cut])
    phi = float(np.mean(z * z))
    return phi, k * phi > chi2_upper_95(k - 1)


# The upper 5% points of χ² for 1–30 degrees of freedom, from the standard tables: groups of areas are
# small, and there the Wilson–Hilferty approximation is a little low (5.94 for 5.99 at 2).
_CHI2_95 = (3.841, 5.991, 7.815, 9.488, 11.070, 12.592, 14.067, 15.507, 16.919, 18.307, 19.675, 21.026, 22.362,
            23.685, 24.996, 26.296, 27.587, 28.869, 30.144, 31.410, 32.671, 33.924, 35.172, 36.415, 37.652, 38.885,
            40.113, 41.337, 42.557, 43.773)


def chi2_upper_95(df: int) -> float:
    """The upper 5% point of χ² on ``df`` degrees of freedom: tabulated to 30, Wilson–Hilferty above
    (within 0.1% there)."""
    if df <= len(_CHI2_95):
        return _CHI2_95[df - 1]
    return df * (1 - 2 / (9 * df) + Z_ONE_SIDED_95 * math.sqrt(2 / (9 * df))) ** 3
