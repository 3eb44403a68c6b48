"""Which series an indicator's SPC chart judges, with which settings, and what
the URL may change (a recalculation point or a baseline, for exploration)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.context import BadRequest
from dashboard.metrics.series import SEASON_LENGTH, period_series
from dashboard.metrics.spc import analyse
from dashboard.metrics.spc_seasonal import analyse_seasonal
from dashboard.periods import month_key, parse_month, ascii_number


@dataclass(frozen=True)
class SpcView:
    points: pd.DataFrame          # period_start, value, mean, lpl, upl, point_type
    variation: str
    assurance: str
    target: float | None
    description: str
    periods: list                 # the series' periods, for the recalculation picker
    recalculations: tuple = ()    # the saved recalculation points the limits use (RecalcPoint), period order

    @property
    def recalculation(self):
        """The saved point the latest limits run from (None: the build's limits)."""
        return self.recalculations[-1] if self.recalculations else None


def spc_analysis(ind, trend: pd.DataFrame, *, recalc: str | None, baseline: str | None,
                 saved: list | tuple = ()) -> SpcView:
    """SPC of each period's own value (never a cumulative one) at the unit.  ``saved``: the indicator's saved
    recalculation points (dashboard.returns.overlay.saved_points); those within the series start new limits,
    and a ``recalc`` from the URL (exploring) adds one more."""
    from dashboard.returns.overlay import points_within

    series = period_series(trend, column="period_value", frequency=ind["frequency"])
    periods = list(series.index)
    recalc_at = _recalc_position(recalc, periods)
    applied = tuple(points_within(list(saved), periods))
    keys = [month_key(p) for p in periods]
    positions = sorted({keys.index(p.period) for p in applied} | ({recalc_at} if recalc_at is not None else set()))
    first_n = _baseline(baseline, len(series))
    # A year-to-date or rolling target is for the cumulative figure; it says
    # nothing about one period's value, so there is no assurance against it.
    per_period_target = ind["basis"] in ("in_month", "snapshot")
    target = trend["target"].dropna().iloc[-1] if per_period_target and trend["target"].notna().any() else None
    kwargs = dict(improvement=ind["polarity"], target=target, baseline=first_n,
                  recalc_at_positions=tuple(positions))
    seasonal = bool(ind["seasonal"]) and ind["frequency"] in SEASON_LENGTH
    if len(series) == 0:
        return SpcView(pd.DataFrame(columns=["period_start", "value", "mean", "lpl", "upl", "point_type"]),
                       "none", "none", target, "No values have been reported.", periods, applied)
    result = None
    if seasonal:
        try:
            result = analyse_seasonal(series, period=SEASON_LENGTH[ind["frequency"]], **kwargs)
        except ValueError:      # too short to estimate seasonal effects: judged as it is
            seasonal = False
    if result is None:
        result = analyse(series, **kwargs)
    points = result.points.reset_index(drop=True)
    points.insert(0, "period_start", periods)
    what = "each month's own value" if ind["frequency"] == "monthly" else f"each {ind['frequency'][:-2]}'s own value"
    if ind["basis"] in ("year_to_date", "rolling_12_months"):
        what += " (not the cumulative figure shown on the scorecard)"
    description = f"XmR chart of {what}, Making Data Count rules."
    if seasonal:
        description += " Judged against seasonally adjusted limits, as this indicator has a strong seasonal pattern."
    elif ind["seasonal"]:
        description += (" This indicator is seasonal, but the series is too short to estimate the seasonal "
                        "pattern, so it is judged unadjusted.")
    return SpcView(points, result.variation, result.assurance, target, description, periods, applied)


def _recalc_position(recalc: str | None, periods: list) -> int | None:
    if not recalc:
        return None
    month = pd.Timestamp(parse_month(recalc))
    if month not in periods or month == periods[0]:
        raise BadRequest(f"Limits can be recalculated only from a period of this series after the first; "
                         f"{recalc} is not one.")
    return periods.index(month)


def _baseline(baseline: str | None, n: int) -> int | None:
    if not baseline:
        return None
    points = ascii_number(baseline)
    if points is None or not 2 <= points <= max(n, 2):
        raise BadRequest(f"A baseline is a number of points between 2 and {max(n, 2)}, not “{baseline}”.")
    return points


def period_options(periods: list) -> list[dict]:
    return [{"label": f"{p:%b %Y}", "value": month_key(p)} for p in periods[1:]]
