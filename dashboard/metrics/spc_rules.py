"""The four SPC special-cause rules, vectorised with numpy.

Everything here works on the *observed* points of one series, in order (gaps
already removed by the caller), so each rule is a handful of array operations
rather than a Python loop per point: the dashboard runs the engine on tens of
thousands of series per data build.

``breaks[j]`` is True where a run may not continue from point j-1 to point j
(start of the series, a new partition when rules do not cross partitions, a
gap when gaps break runs, or a point without limits). Points without limits
are also given ``side == 0`` and never count as near or beyond a limit, so they
can neither start nor extend any run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Order used when settings.conflict == "precedence" (NHSRplotthedots):
# outside the limits > trend > two of three > shift.  The one statement of the
# order: the engine and the bulk status both resolve through in_precedence.
PRECEDENCE = ("limit", "trend", "two_of_three", "shift")


@dataclass(frozen=True)
class RuleFlags:
    """Per observed point: which rules fired, and in which direction (+1 high, -1 low)."""

    limit_hi: np.ndarray
    limit_lo: np.ndarray
    shift_hi: np.ndarray
    shift_lo: np.ndarray
    trend_hi: np.ndarray
    trend_lo: np.ndarray
    two3_hi: np.ndarray
    two3_lo: np.ndarray
    # Direction of the step to the right (+1/-1/0), used to break a tie when a
    # point ends one trend and starts the opposite one.
    step_right: np.ndarray

    @property
    def high(self) -> np.ndarray:
        return self.limit_hi | self.shift_hi | self.trend_hi | self.two3_hi

    @property
    def low(self) -> np.ndarray:
        return self.limit_lo | self.shift_lo | self.trend_lo | self.two3_lo


def in_runs(mask: np.ndarray, breaks: np.ndarray, min_len: int) -> np.ndarray:
    """True for elements of ``mask`` lying in a run of >= ``min_len`` consecutive Trues.

    A run is cut wherever ``breaks`` is True (the element starts a new run).
    """
    if mask.size == 0:
        return mask.copy()
    starts = mask.copy()
    starts[1:] &= ~mask[:-1] | breaks[1:]
    run_id = np.cumsum(starts)  # run number (1-based) for elements inside a run
    lengths = np.bincount(run_id[mask], minlength=int(run_id[-1]) + 1)
    return mask & (lengths[run_id] >= min_len)


def evaluate(
    x: np.ndarray,
    side: np.ndarray,
    outside_hi: np.ndarray,
    outside_lo: np.ndarray,
    near_hi: np.ndarray,
    near_lo: np.ndarray,
    breaks: np.ndarray,
    *,
    shift_length: int,
    trend_length: int,
) -> RuleFlags:
    """Apply the four rules to observed values ``x``.

    ``side`` is the sign of (value - mean) for points with limits, else 0.
    ``near_*`` marks points that count for the two-of-three rule (beyond the
    2-sigma line; whether points beyond the limit count is decided by the caller).
    """
    n = x.size

    # Rule 2, shift: a run of points on one side of the mean; a point on the
    # mean has side 0 and so breaks the run.
    shift_hi = in_runs(side > 0, breaks, shift_length)
    shift_lo = in_runs(side < 0, breaks, shift_length)

    # Rule 3, trend: N points each strictly above (below) the one before, i.e.
    # N-1 consecutive rises. A tie is neither a rise nor a fall, so it breaks it.
    # The trend is the one rule that ignores the mean, so it crosses it freely.
    rise = np.zeros(n, dtype=bool)
    fall = np.zeros(n, dtype=bool)
    if n > 1:
        linked = ~breaks[1:]
        rise[1:] = (x[1:] > x[:-1]) & linked
        fall[1:] = (x[1:] < x[:-1]) & linked
    trend_hi = _points_of_steps(in_runs(rise, breaks, trend_length - 1))
    trend_lo = _points_of_steps(in_runs(fall, breaks, trend_length - 1))

    # Rule 4, two of three: a window of three consecutive points, all on the
    # same side of the mean, with at least two of them near/beyond the same
    # 2-sigma line. Only the points beyond the 2-sigma line are flagged.
    two3_hi = _two_of_three(side > 0, near_hi, breaks)
    two3_lo = _two_of_three(side < 0, near_lo, breaks)

    step_right = np.zeros(n, dtype=np.int8)
    if n > 1:
        step_right[:-1] = np.sign(x[1:] - x[:-1])

    return RuleFlags(
        limit_hi=outside_hi,
        limit_lo=outside_lo,
        shift_hi=shift_hi,
        shift_lo=shift_lo,
        trend_hi=trend_hi,
        trend_lo=trend_lo,
        two3_hi=two3_hi,
        two3_lo=two3_lo,
        step_right=step_right,
    )


def _points_of_steps(steps: np.ndarray) -> np.ndarray:
    """A flagged step j (from point j-1 to j) flags both of its end points."""
    points = steps.copy()
    points[:-1] |= steps[1:]
    return points


def _two_of_three(same_side: np.ndarray, near: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    n = same_side.size
    flagged = np.zeros(n, dtype=bool)
    if n < 3:
        return flagged
    # Window starting at j covers j, j+1, j+2; it may not contain a break
    # after its first point.
    unbroken = ~breaks[1:-1] & ~breaks[2:]
    all_side = same_side[:-2] & same_side[1:-1] & same_side[2:]
    count = near[:-2].astype(np.int8) + near[1:-1] + near[2:]
    window = unbroken & all_side & (count >= 2)
    in_window = np.zeros(n, dtype=bool)
    in_window[:-2] |= window
    in_window[1:-1] |= window
    in_window[2:] |= window
    return in_window & near


def resolve_direction(flags: RuleFlags, conflict: str, improvement_sign: int) -> np.ndarray:
    """One direction per point: +1 special cause high, -1 low, 0 common cause.

    A point can be flagged high by one rule and low by another (e.g. above the
    mean at the start of a falling trend). MDC shows it as improvement; a
    "concern" option is offered for risk-averse use; NHSRplotthedots takes the
    direction of the highest-precedence rule. With no improvement direction
    (polarity "neither") improvement/concern mean nothing, so precedence decides.
    """
    high, low = flags.high, flags.low
    direction = high.astype(np.int8) - low.astype(np.int8)
    both = high & low
    if not both.any():
        return direction
    if conflict == "improvement" and improvement_sign != 0:
        direction[both] = improvement_sign
    elif conflict == "concern" and improvement_sign != 0:
        direction[both] = -improvement_sign
    else:
        direction[both] = _precedence_direction(flags)[both]
    return direction


def _precedence_direction(flags: RuleFlags) -> np.ndarray:
    # A point ending one trend and starting the opposite one takes the
    # direction of the trend it starts (the step to its right), as
    # NHSRplotthedots labels it.
    return in_precedence({
        "limit": (flags.limit_hi, flags.limit_lo),
        "trend": (flags.trend_hi, flags.trend_lo),
        "two_of_three": (flags.two3_hi, flags.two3_lo),
        "shift": (flags.shift_hi, flags.shift_lo),
    }, trend_tie=flags.step_right)


def in_precedence(rules: dict[str, tuple[np.ndarray, np.ndarray]],
                  trend_tie: np.ndarray | None = None) -> np.ndarray:
    """The direction (+1 high, -1 low, 0 none) of the highest rule in PRECEDENCE that fired.

    ``rules`` maps each rule of PRECEDENCE to its (high, low) flags.  ``trend_tie``
    is the direction for points in a rising and a falling trend at once; without
    it the rising trend wins (a caller that cannot have both leaves it out).
    """
    conditions: list[np.ndarray] = []
    choices: list = []
    for rule in PRECEDENCE:
        high, low = rules[rule]
        if rule == "trend" and trend_tie is not None:
            conditions.append(high & low)
            choices.append(trend_tie)
        conditions += [high, low]
        choices += [1, -1]
    return np.select(conditions, choices, 0).astype(np.int8)
