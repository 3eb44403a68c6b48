"""What a published figure is, in a few plain rules shared by the importer (which stores the answers) and the
benchmarking page (which falls back on them for files imported before they were stored):

* its kind — a ``count`` or an ``amount`` of money (both grow with the size of the area, so they are compared
  per head, or said to be raw), a ``percent``, a ``rate`` already per head, a ``population``, or another
  ``figure`` (a score, a ratio, an average);
* the decimal places it was published to;
* its value per head of a population, and the base (per 10,000 ...) that reads naturally.

Pure Python/numpy: no Dash, no SQL."""

from __future__ import annotations

import re

import numpy as np

KINDS = ("count", "amount", "percent", "rate", "population", "figure")
SIZED = frozenset({"count", "amount"})   # bigger areas have more: compare per head, or say it is raw
MAX_DECIMALS = 3                         # a file printing more is printing unrounded arithmetic

_WORDS = re.compile(r"[a-z]+|\d+")
_PER = re.compile(r"\bper\s*(?:\d|head|capita|thousand|hundred|ten|100k|10k)|\bper_?\d|rate_per|_per_\d", re.I)
_PERCENT_CODE = re.compile(r"(?:^|_)(?:percent|percentage|pct|proportion|rate)(?:_|$)", re.I)
_PERCENT_NAME = re.compile(r"%|\bpercent|\bpercentage\b|\bproportion\b|\brate\b", re.I)
_FIGURE = re.compile(r"caseload|ratio|average|\bmean\b|median|score|index|(?:^|_)avg(?:_|$)", re.I)
_COUNT_CODE = re.compile(r"(?:_count|_number|_num|_headcount|_fte|_total)$|^(?:number|count|num)_|(?:^|_)headcount(?:_|$)",
                         re.I)


def kind_of(code: str, name: str = "", unit: str | None = None, integral: bool | None = None) -> str:
    """The kind of a published measure from its code, name and unit, and whether every figure is a whole number.

    EES names columns ``{title}_{data type}`` (pupil_count, pupil_percent: DfE's open data standards), which is
    what the name rules read; ``integral`` settles the rest (whole numbers are counts)."""
    code, name, unit = str(code or ""), str(name or ""), str(unit or "").strip().lower()
    text = f"{code} {name}"
    if "population" in text.lower():
        return "population"
    if unit in ("%", "percent", "percentage"):
        return "percent"
    if "£" in unit or unit.startswith(("gbp", "pound")):
        return "amount"
    if unit == "pp":            # percentage points: a difference, not a share
        return "figure"
    if _PER.search(code) or _PER.search(name):
        return "rate"
    if _PERCENT_CODE.search(code) or _PERCENT_NAME.search(name):
        return "percent"
    if _FIGURE.search(text):
        return "figure"
    if _COUNT_CODE.search(code) or name.lower().startswith("number of"):
        return "count"
    return "count" if integral else "figure"


def decimals_of(values) -> int:
    """The decimal places the figures were published to: the fewest that write every one of them exactly
    (trailing zeros say nothing), at most ``MAX_DECIMALS``."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return 0
    for d in range(MAX_DECIMALS + 1):
        if np.allclose(v, np.round(v, d), rtol=0, atol=1e-9 * max(1.0, float(np.abs(v).max()))):
            return d
    return MAX_DECIMALS


# Money in the units publishers print it in (spaces and case ignored), as pounds.
_MONEY = {"£": 1.0, "£thousand": 1e3, "£thousands": 1e3, "£000": 1e3, "£000s": 1e3, "£k": 1e3, "£m": 1e6,
          "£million": 1e6, "£millions": 1e6, "£bn": 1e9, "£billion": 1e9}


def pounds(unit: str | None) -> float:
    """How many pounds one unit of an amount is (1 for £, 1,000 for £ thousand, 1,000,000 for £m)."""
    return _MONEY.get(re.sub(r"\s+", "", str(unit or "")).lower(), 1.0)


PER_COUNTS = (10_000, 100_000)   # DfE's and ONS's usual bases; the larger one only where rates would be below 1


def per_base(kind: str, rates_per_person) -> int:
    """What to multiply a rate per person by: 1 for money (£ per head); for counts 10,000 (the base DfE uses for
    children in need, looked after and on plans), or 100,000 where the typical rate per 10,000 is below 1."""
    if kind == "amount":
        return 1
    r = np.asarray(rates_per_person, dtype=float)
    r = r[np.isfinite(r)]
    typical = float(np.median(r)) if len(r) else 0.0
    return PER_COUNTS[0] if typical * PER_COUNTS[0] >= 1 or typical == 0 else PER_COUNTS[1]


def per_text(base: int, kind: str, population_label: str) -> str:
    """'per 10,000 children aged 0–17', '£ per head (residents, all ages)'."""
    if kind == "amount":
        return f"£ per head ({population_label})"
    return f"per {base:,} {population_label}"
