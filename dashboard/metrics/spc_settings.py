"""Settings of the SPC engine: every rule parameter, with the two reference presets.

Defaults are NHS England Making Data Count's; ``SpcSettings.nhsr()`` gives
NHSRplotthedots 0.2.2. Also the check that refuses cumulative values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

Improvement = Literal["up", "down", "neither"]
Conflict = Literal["improvement", "concern", "precedence"]

IMPROVEMENT_SIGN = {"up": 1, "down": -1, "neither": 0}
_CONFLICTS = ("improvement", "concern", "precedence")
# SPC assumes each point is an independent reading of the process in its own
# period. Cumulative (year-to-date) values are not: each contains all earlier
# months, so they climb through the year and reset in April.
_IN_PERIOD = {"in_period", "in_month", "in_quarter", "in_week", "in_year"}
_CUMULATIVE = {"year_to_date", "ytd", "cumulative", "financial_year_to_date"}


@dataclass(frozen=True)
class SpcSettings:
    """Every rule parameter of the engine. The defaults are Making Data Count's."""

    shift_length: int = 6  # points in a row on one side of the mean
    trend_length: int = 6  # points each strictly higher (lower): N-1 rises
    min_points: int = 13  # fewer points than this -> no limits, no icons
    limit_factor: float = 2.66  # limits = mean +/- 2.66 x mean moving range
    screen_outliers: bool = False  # drop moving ranges >= factor x mean mR first
    outlier_factor: float = 3.267  # the upper limit of the moving-range chart
    # Whether a point beyond the 3-sigma limit also counts as "beyond the
    # 2-sigma line" for two-of-three. MDC and NHSRplotthedots both say no.
    two_of_three_counts_beyond_limits: bool = False
    # A point flagged both improving and concerning: "improvement" (MDC),
    # "concern", or "precedence" (NHSRplotthedots: limit > trend > 2of3 > shift).
    conflict: Conflict = "improvement"
    # MDC lets shift/trend/2-of-3 runs carry on over a recalculation;
    # NHSRplotthedots restarts every calculation at a rebase.
    rules_cross_partitions: bool = True
    # A gap (period with no value) is skipped by the run rules by default; set
    # True to make a gap end any run instead. Moving ranges never span a gap.
    gap_breaks_runs: bool = False

    MDC: ClassVar["SpcSettings"]
    NHSR: ClassVar["SpcSettings"]

    def __post_init__(self) -> None:
        if self.shift_length < 2 or self.trend_length < 2:
            raise ValueError("shift_length and trend_length must be at least 2")
        if self.min_points < 1:
            raise ValueError("min_points must be at least 1")
        if self.conflict not in _CONFLICTS:
            raise ValueError(f"conflict must be one of {_CONFLICTS}, not {self.conflict!r}")
        if not (self.limit_factor > 0 and self.outlier_factor > 0):
            raise ValueError("limit_factor and outlier_factor must be positive")

    @property
    def run_length(self) -> int:
        """The shift and trend length when they are equal (both references)."""
        return self.shift_length

    @classmethod
    def mdc(cls) -> "SpcSettings":
        """NHS England Making Data Count (Single Chart Tool v5.0)."""
        return cls()

    @classmethod
    def nhsr(cls) -> "SpcSettings":
        """NHSRplotthedots 0.2.2 defaults."""
        return cls(
            shift_length=7,
            trend_length=7,
            min_points=1,
            screen_outliers=True,
            conflict="precedence",
            rules_cross_partitions=False,
        )


SpcSettings.MDC = SpcSettings.mdc()
SpcSettings.NHSR = SpcSettings.nhsr()
PRESETS: dict[str, SpcSettings] = {"mdc": SpcSettings.MDC, "nhsr": SpcSettings.NHSR}


def check_basis(basis: str) -> None:
    """Refuse cumulative (year-to-date) values; SPC needs in-period values."""
    if basis in _CUMULATIVE:
        raise ValueError(
            f"SPC cannot be applied to {basis!r} values: a cumulative year-to-date "
            "figure contains every earlier month, so it rises through the year and "
            "resets at its start; the points are not independent readings of the "
            "process, moving ranges measure monthly increments, and trend and shift "
            "rules would fire by construction. Analyse the in-period (monthly or "
            "quarterly) values instead."
        )
    if basis not in _IN_PERIOD:
        raise ValueError(f"unknown basis {basis!r}; expected one of {sorted(_IN_PERIOD)}")
