"""SPC "as at" every period of every series at once: what :func:`analyse` would
say about the last point of each series truncated at each of its periods.

Used once per data build (data/build/derive.py → table ``spc_status``) so the
exceptions page can ask, for any month, which of hundreds of thousands of
series showed special-cause concern *as it stood then*. Running ``analyse`` on
every prefix is O(n²) per series; here every quantity is a cumulative sum or a
window of at most ``max(shift_length, trend_length)`` points ending at the
period, computed for all series together on 2-D blocks (series × position).

Equivalence with the engine (tests/test_spc_bulk.py checks every prefix):
for row k of a series, the result equals ``analyse(grid[: j + 1], improvement=...,
settings=...)`` where ``grid`` is the series on consecutive periods of its
frequency (a period with no row, or a row whose value is missing, is a NaN gap)
and ``j`` is row k's place in it. With no recalculation and no baseline, the
prefix is one partition, so:

* mean = Σx / n over the observed points so far; mean moving range = mean of
  |x_j − x_{j−1}| over consecutive *periods* only (no range spans a gap);
  limits exist when n ≥ min_points and there is at least one moving range;
* the rules at the last point need only the last few points, each judged
  against the limits *as at k* (the whole prefix shares them): beyond a limit;
  the last ``shift_length`` points on one side; the last ``trend_length``
  points strictly monotone; two of three — the only window that can flag the
  last point is the last three points (later windows do not exist yet);
* gaps: the run rules skip them (MDC), unless ``gap_breaks_runs``.

Differences from the engine's last-point result, by design:
``point_type`` is missing (not ``common_cause``) when the series has no limits
yet (the engine shows such points grey, but they are not judged); and a row
whose value is missing gets no point type while its variation, limits and
assurance are those of the latest observed point (as the engine's summary).

Seasonal series are adjusted once, with the whole series
(:func:`~dashboard.metrics.spc_seasonal.seasonal_effects`), then classified as
at each period like any other; limits are returned on the original scale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dashboard.metrics import spc_rules
from dashboard.metrics.spc import SpcSettings
from dashboard.metrics.series import SEASON_LENGTH, STEP_MONTHS
from dashboard.metrics.spc_seasonal import _drop_float_residue, seasonal_effects
from dashboard.metrics.spc_settings import IMPROVEMENT_SIGN

__all__ = [
    "ASSURANCES", "POINT_TYPES", "SEASON_LENGTH", "STEP_MONTHS", "VARIATIONS", "classify_as_at",
]

# Annual series are never seasonally adjusted (SEASON_LENGTH has no "annual").

POINT_TYPES = ("common_cause", "improvement", "concern", "neither")
VARIATIONS = (
    "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low",
    "neither_high", "neither_low", "none",
)
ASSURANCES = ("pass", "fail", "hit_or_miss", "none")

# Point-type codes as in dashboard.metrics.spc (0 = not judged).
_NONE, _COMMON, _IMPROVEMENT, _CONCERN, _NEITHER = range(5)
_VAR_COMMON, _VAR_CONCERN_HIGH, _VAR_CONCERN_LOW, _VAR_NONE = 0, 3, 4, 7
_PASS, _FAIL, _HIT, _ASSURANCE_NONE = range(4)

# Cells (series × positions) per 2-D block: ~15 arrays of this size are alive at
# once, so 1M cells is ~150 MB, and large enough for numpy to run at full speed.
BLOCK_CELLS = 1_000_000


def classify_as_at(
    frame: pd.DataFrame,
    *,
    settings: SpcSettings = SpcSettings.MDC,
    frequency: str = "monthly",
    seasonal: bool = False,
    block_cells: int = BLOCK_CELLS,
) -> pd.DataFrame:
    """SPC of each series as at each of its periods.

    ``frame`` columns (rows in any order):

    * ``series_id`` — or ``indicator_code`` and ``org_code`` — one series each;
    * ``period_start`` — dates (the month counts; quarters and years are their
      first month); at most one row per series and period;
    * ``value`` — the period's own value; NaN is a gap;
    * ``improvement`` — "up", "down" or "neither", constant within a series;
    * optional ``target`` — the target as at that period (NaN: none);
    * optional ``frequency`` — "monthly" | "quarterly" | "annual" per row
      (else the ``frequency`` argument): which periods are consecutive;
    * optional ``seasonal`` — bool per row (else the ``seasonal`` argument):
      judge the series on seasonally adjusted values.

    Returns one row per input row, same index and order, with columns
    ``point_type`` (categorical: common_cause | improvement | concern | neither,
    missing when not judged), ``variation`` (the engine's variation icon code),
    ``assurance`` (pass | fail | hit_or_miss | none), ``mean``, ``lpl``, ``upl``
    (limits as at the period; NaN without limits), ``concern_since`` (first
    period of the current unbroken run of rows whose variation is concern, NaT
    otherwise) and ``seasonally_adjusted``.

    Settings: any :class:`SpcSettings` except ``screen_outliers`` (its threshold
    depends on each prefix's mean moving range; refused). ``rules_cross_partitions``
    does not matter: without recalculations there is one partition.
    """
    if settings.screen_outliers:
        raise NotImplementedError("classify_as_at does not support screen_outliers (NHSRplotthedots)")
    n = len(frame)
    sid = _series_ids(frame)
    period = frame["period_start"].to_numpy()
    if period.dtype.kind != "M":
        period = pd.to_datetime(frame["period_start"]).to_numpy()
    if np.isnat(period).any():
        raise ValueError("period_start must not be missing")
    value = _floats(frame["value"])
    if np.isinf(value).any():
        raise ValueError("values must be finite numbers or missing")
    sign = _mapped(frame["improvement"], IMPROVEMENT_SIGN, "improvement")
    if "frequency" in frame:
        step = _mapped(frame["frequency"], STEP_MONTHS, "frequency")
    else:
        step = np.full(n, STEP_MONTHS[frequency], dtype=np.int8)
    if "seasonal" in frame:
        seas = frame["seasonal"].to_numpy(dtype=bool, na_value=False)
    else:
        seas = np.full(n, bool(seasonal))
    target = _floats(frame["target"]) if "target" in frame else np.full(n, np.nan)

    # Work on rows sorted by series, then period: in place when they already
    # are, else through an index, a block of whole series at a time (no sorted
    # copy of every column).
    order = None
    if n and ((sid[1:] < sid[:-1]) | ((sid[1:] == sid[:-1]) & (period[1:] < period[:-1]))).any():
        order = _sort_order(sid, period.astype("datetime64[M]").view(np.int64))
        sid = sid[order]
    new = np.ones(n, dtype=bool)
    new[1:] = sid[1:] != sid[:-1]

    out = {
        "point_type": np.zeros(n, dtype=np.int8),
        "variation": np.zeros(n, dtype=np.int8),
        "assurance": np.zeros(n, dtype=np.int8),
        "mean": np.empty(n), "lpl": np.empty(n), "upl": np.empty(n),
        "concern_since": np.empty(n, dtype=period.dtype),
        "seasonally_adjusted": np.zeros(n, dtype=bool),
    }
    starts = np.flatnonzero(new)
    cuts = np.unique(np.r_[starts[np.searchsorted(starts, np.arange(0, n, block_cells), side="right") - 1], n])
    for a, b in zip(cuts[:-1], cuts[1:]):
        rows = slice(a, b) if order is None else order[a:b]
        per, first = period[rows], new[a:b]
        month = per.astype("datetime64[M]").view(np.int64)
        if (~first[1:] & (month[1:] == month[:-1])).any():
            raise ValueError("more than one row for the same series and period")
        columns = sign[rows], step[rows], seas[rows]
        for name, col in zip(("improvement", "frequency", "seasonal"), columns):
            if (~first[1:] & (col[1:] != col[:-1])).any():
                raise ValueError(f"{name} must be the same for every row of a series")
        got = _classify_rows(sid[a:b], month, per, value[rows], *columns, target[rows], first,
                             settings, block_cells)
        for key, arr in got.items():
            out[key][rows] = arr

    columns = {
        "point_type": _categorical(out.pop("point_type") - 1, POINT_TYPES),
        "variation": _categorical(out.pop("variation"), VARIATIONS),
        "assurance": _categorical(out.pop("assurance"), ASSURANCES),
        **out,
    }
    return pd.DataFrame(columns, index=frame.index, copy=False)


def _classify_rows(sid, month, period, value, sign, step, seas, target, new, settings, block_cells):
    """classify_as_at on sorted rows holding whole series."""
    n = sid.size
    x, effect, adjusted = _seasonal_adjustment(value, month, step, seas, new)

    # Classify the observed points (gaps are not points).
    observed = ~np.isnan(x)
    obs = np.flatnonzero(observed)
    xo, mo = x[obs], month[obs]
    so = sid[obs]
    first = np.ones(obs.size, dtype=bool)  # not new[obs]: a series may start with NaN rows
    first[1:] = so[1:] != so[:-1]
    consecutive = np.zeros(obs.size, dtype=bool)
    consecutive[1:] = ~first[1:] & (mo[1:] - mo[:-1] == step[obs][1:])
    code_o, var_o, mean_o, lpl_o, upl_o = _classify_points(
        xo, first, consecutive, sign[obs], settings, block_cells)

    # Every row takes the latest observed point's result (its own if observed).
    latest = np.maximum.accumulate(np.where(observed, np.arange(n), -1))
    has = latest >= 0
    has[has] = sid[latest[has]] == sid[has]
    at = np.where(has, np.cumsum(observed) - 1, 0)  # index into the observed arrays
    code = np.where(observed, code_o[at] if obs.size else 0, _NONE).astype(np.int8)
    var = np.where(has, var_o[at] if obs.size else _VAR_NONE, _VAR_NONE).astype(np.int8)
    limits = []
    for arr in (mean_o, lpl_o, upl_o):
        lim = np.where(has, arr[at] if obs.size else np.nan, np.nan)
        if adjusted.any():  # back on the original scale, with the latest point's effect
            lim = np.where(adjusted, lim + effect[np.where(has, latest, 0)], lim)
        limits.append(lim)
    mean, lpl, upl = limits
    return {
        "point_type": code,
        "variation": var,
        "assurance": _assurance(target, sign, lpl, upl),
        "mean": mean, "lpl": lpl, "upl": upl,
        "concern_since": _concern_since(var, new, period),
        "seasonally_adjusted": adjusted,
    }


# --- input ------------------------------------------------------------------


def _series_ids(frame: pd.DataFrame) -> np.ndarray:
    if "series_id" in frame:
        ids = frame["series_id"]
        if pd.api.types.is_integer_dtype(ids.dtype):
            return ids.to_numpy(dtype=np.int64)
        return pd.factorize(ids)[0].astype(np.int64)
    if "indicator_code" in frame and "org_code" in frame:
        return frame.groupby(["indicator_code", "org_code"], sort=False, observed=True,
                             dropna=False).ngroup().to_numpy(dtype=np.int64)
    raise ValueError("frame needs a series_id column, or indicator_code and org_code")


def _floats(column: pd.Series) -> np.ndarray:
    """A numeric column as float64, without a copy when it already is one."""
    if column.dtype == np.float64:
        return column.to_numpy()
    return pd.to_numeric(column, errors="raise").to_numpy(dtype=float, na_value=np.nan)


def _sort_order(sid: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Rows by series, then period: one stable argsort of a combined key when it fits."""
    span = int(month.max() - month.min()) + 1
    sid_min, sid_span = int(sid.min()), int(sid.max() - sid.min()) + 1
    if sid_span * span < 2**62:
        key = (sid - sid_min) * span + (month - month.min())
        return np.argsort(key, kind="stable")
    return np.lexsort((month, sid))


def _mapped(column: pd.Series, mapping: dict[str, int], name: str) -> np.ndarray:
    """Codes of a string column as int8 (categoricals map their categories only)."""
    column = pd.Series(column)
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        table = pd.Series(column.cat.categories).map(mapping).to_numpy(dtype=float)
        got = np.where(codes >= 0, table[codes], np.nan) if table.size else np.full(codes.size, np.nan)
    else:
        got = column.map(mapping).to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(got).any():
        bad = sorted({str(v) for v in column[np.isnan(got)].unique()})
        raise ValueError(f"{name} must be one of {sorted(mapping)}, not {bad[:5]}")
    return got.astype(np.int8)


# --- seasonal adjustment ----------------------------------------------------


def _seasonal_adjustment(value, month, step, seas, new):
    """Adjusted values (unchanged for non-seasonal series), the effect removed
    per row, and whether the row's series was adjusted.

    As :func:`analyse_seasonal`: the series is laid on consecutive periods
    (gaps NaN), the effects are fitted once on all of it, and the adjusted
    values are rounded to drop floating-point residue. A series too short for
    the fit (about three years), with annual data, or with periods not on its
    frequency's grid is judged unadjusted (``seasonally_adjusted`` False).
    One numpy fit per series: seasonal indicators are few (docs/spc.md).
    """
    x = value.copy()
    effect = np.zeros(value.size)
    adjusted = np.zeros(value.size, dtype=bool)
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], value.size]
    for a, b in zip(starts[seas[starts]], ends[seas[starts]]):
        period = SEASON_LENGTH.get({1: "monthly", 3: "quarterly"}.get(int(step[a]), ""))
        offset = month[a:b] - month[a]
        if period is None or (offset % step[a]).any():
            continue
        pos = offset // step[a]
        grid = np.full(int(pos[-1]) + 1, np.nan)
        grid[pos] = value[a:b]
        calendar_month = (month[a] + np.arange(grid.size) * step[a]) % 12
        season = calendar_month // (12 // period)  # month 0..11, or quarter 0..3
        try:
            _, eff = seasonal_effects(grid, season, period)
        except ValueError:  # too short to estimate the seasonal pattern
            continue
        adj = _drop_float_residue(grid - eff)
        x[a:b] = adj[pos]
        effect[a:b] = eff[pos]
        adjusted[a:b] = True
    return x, effect, adjusted


# --- the rules, as at each point --------------------------------------------


def _classify_points(x, first, consecutive, sign, s: SpcSettings, block_cells: int):
    """Per observed point (sorted by series, then period): point-type code,
    variation code, mean, lpl, upl of the series truncated at that point."""
    m = x.size
    code = np.zeros(m, dtype=np.int8)
    var = np.full(m, _VAR_NONE, dtype=np.int8)
    mean, lpl, upl = (np.full(m, np.nan) for _ in range(3))
    if m == 0:
        return code, var, mean, lpl, upl
    starts = np.flatnonzero(first)
    lengths = np.diff(np.r_[starts, m])
    by_length = np.argsort(-lengths, kind="stable")  # long series first: little padding
    i = 0
    while i < by_length.size:
        width = int(lengths[by_length[i]])
        rows = by_length[i : i + max(1, block_cells // width)]
        i += rows.size
        col = np.arange(width)
        valid = col < lengths[rows][:, None]
        idx = np.where(valid, starts[rows][:, None] + col, 0)
        block = _classify_block(
            np.where(valid, x[idx], np.nan), consecutive[idx] & valid, valid,
            sign[starts[rows]][:, None], s,
        )  # fmt: skip
        dest = idx[valid]
        for out, got in zip((code, var, mean, lpl, upl), block):
            out[dest] = got[valid]
    return code, var, mean, lpl, upl


def _shifted(a: np.ndarray, d: int, fill: Any) -> np.ndarray:
    """Column k holds a[:, k - d] (``fill`` where k < d)."""
    if d == 0:
        return a
    out = np.full(a.shape, fill, dtype=a.dtype)
    if d < a.shape[1]:  # a series shorter than the shift (a council's first months) is all fill
        out[:, d:] = a[:, : a.shape[1] - d]
    return out


def _classify_block(X, C, valid, sign, s: SpcSettings):
    """Rows = series, columns = positions (observed points, left-aligned).
    Column k is judged as the last point of its series truncated at k.

    The arithmetic repeats the engine's operation for operation (sequential
    sums, the same expressions for the limits), so ties — a point exactly on
    the mean or a limit, common with counts — are decided identically.
    """
    n, width = X.shape
    count = np.arange(1, width + 1, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.cumsum(np.where(valid, X, 0.0), axis=1) / count
        mr = np.zeros_like(X)
        if width > 1:
            mr[:, 1:] = np.where(C[:, 1:], np.abs(X[:, 1:] - X[:, :-1]), 0.0)
        n_mr = np.cumsum(C, axis=1)
        amr = np.cumsum(mr, axis=1) / n_mr
    del mr
    ok = valid & (count >= s.min_points) & (n_mr > 0)
    half = np.where(ok, s.limit_factor * amr, np.nan)
    mean = np.where(ok, mean, np.nan)
    lpl, upl = mean - half, mean + half
    l2, u2 = mean - half * (2 / 3), mean + half * (2 / 3)
    del half, amr

    def run_of(mask_at: Any, length: int, first_link: int = 0) -> np.ndarray:
        """Column k: mask_at(d) holds for d = 0..length-1 (points k-d), and with
        gap_breaks_runs no gap lies between them (nor, with first_link, before
        the first). MDC lets runs skip gaps, so only the series start cuts them."""
        got = mask_at(0).copy()
        for d in range(1, length):
            got &= mask_at(d)
        if s.gap_breaks_runs:
            for d in range(length - 1 + first_link):
                got &= _shifted(C, d, False)
        return got

    with np.errstate(invalid="ignore"):
        # Side of each of the last points against the mean as at k (NaN -> False).
        depth = max(s.shift_length, 3)
        above = [_shifted(X, d, np.nan) > mean for d in range(depth)]
        below = [_shifted(X, d, np.nan) < mean for d in range(depth)]

        # Rule 1, beyond a limit.
        limit_hi, limit_lo = X > upl, X < lpl
        # Rule 2, shift: the last shift_length points on one side of the mean.
        shift_hi = run_of(lambda d: above[d], s.shift_length)
        shift_lo = run_of(lambda d: below[d], s.shift_length)
        # Rule 3, trend: the last trend_length - 1 steps all rises (falls).
        rise = np.zeros(X.shape, dtype=bool)
        fall = np.zeros(X.shape, dtype=bool)
        if width > 1:
            rise[:, 1:] = X[:, 1:] > X[:, :-1]
            fall[:, 1:] = X[:, 1:] < X[:, :-1]
        # trend_length - 1 steps ending at k; every step must itself be linked.
        trend_hi = run_of(lambda d: _shifted(rise, d, False), s.trend_length - 1, first_link=1)
        trend_lo = run_of(lambda d: _shifted(fall, d, False), s.trend_length - 1, first_link=1)

        # Rule 4, two of three: the last three points on one side, the last
        # point and at least one of the two before beyond the 2-sigma line
        # (not beyond the limit, unless the settings say so).
        def near(d: int, hi: bool) -> np.ndarray:
            xd = _shifted(X, d, np.nan)
            got = xd > u2 if hi else xd < l2
            if not s.two_of_three_counts_beyond_limits:
                got &= ~(xd > upl) if hi else ~(xd < lpl)
            return got

        # (points before the start of the series are NaN, so never above or below)
        two3_hi = run_of(lambda d: above[d], 3) & near(0, True) & (near(1, True) | near(2, True))
        two3_lo = run_of(lambda d: below[d], 3) & near(0, False) & (near(1, False) | near(2, False))
    del above, below, rise, fall, l2, u2

    high = limit_hi | shift_hi | trend_hi | two3_hi
    low = limit_lo | shift_lo | trend_lo | two3_lo
    direction = high.astype(np.int8) - low.astype(np.int8)
    both = high & low
    if both.any():
        # A last point cannot be in a rising and a falling trend at once, so
        # precedence never needs the step to the right (there is none).
        precedence = spc_rules.in_precedence({
            "limit": (limit_hi, limit_lo), "trend": (trend_hi, trend_lo),
            "two_of_three": (two3_hi, two3_lo), "shift": (shift_hi, shift_lo),
        })
        signed = sign != 0
        if s.conflict == "improvement":
            resolved = np.where(signed, sign, precedence)
        elif s.conflict == "concern":
            resolved = np.where(signed, -sign, precedence)
        else:
            resolved = precedence
        direction = np.where(both, resolved, direction).astype(np.int8)
    direction = np.where(ok, direction, 0)

    code = np.where(
        sign == 0,
        np.where(direction != 0, _NEITHER, _COMMON),
        np.where(direction == sign, _IMPROVEMENT, np.where(direction == 0, _COMMON, _CONCERN)),
    )
    code = np.where(ok, code, _NONE).astype(np.int8)
    # common_cause 0; improvement/concern/neither high 1/3/5, low 2/4/6; none 7
    var = np.where(code == _COMMON, _VAR_COMMON, 1 + 2 * (code - _IMPROVEMENT) + (direction < 0))
    var = np.where(ok, var, _VAR_NONE).astype(np.int8)
    return code, var, mean, lpl, upl


# --- icons and runs ---------------------------------------------------------


def _assurance(target, sign, lpl, upl) -> np.ndarray:
    """:func:`~dashboard.metrics.spc.assurance_code`, one per row."""
    with np.errstate(invalid="ignore"):
        judged = ~np.isnan(target) & (sign != 0) & ~np.isnan(lpl) & ~np.isnan(upl)
        up = sign > 0
        code = np.where(target > upl, np.where(up, _FAIL, _PASS),
                        np.where(target < lpl, np.where(up, _PASS, _FAIL), _HIT))
    return np.where(judged, code, _ASSURANCE_NONE).astype(np.int8)


def _concern_since(var, new, period) -> np.ndarray:
    """First period of the unbroken run of concern rows ending at each row.

    Runs are over the series' rows: a period with no row neither breaks nor
    extends a run (as gaps in the run rules); a row with a missing value
    carries the latest observed point's variation, so it continues a run.
    """
    concern = (var == _VAR_CONCERN_HIGH) | (var == _VAR_CONCERN_LOW)
    prev = np.zeros_like(concern)
    prev[1:] = concern[:-1]
    start = concern & (new | ~prev)
    run_start = np.maximum.accumulate(np.where(start, np.arange(var.size), 0)) if var.size else var
    out = np.full(var.size, np.datetime64("NaT"), dtype=period.dtype)
    out[concern] = period[run_start[concern]]
    return out


def _categorical(codes: np.ndarray, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype(np.int8), categories=list(categories))
