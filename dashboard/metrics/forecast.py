"""Year-end forecasts for year-to-date indicators, with 80% intervals
calibrated on how well the same method did in earlier years.

Method ("last year's remainder"):
  * a rate (ratio or max aggregation) is forecast to move between now and
    March by as much as it moved over the same months last year:
    forecast = YTD now + (last March − last year's YTD at the same month);
  * a count (sum) is forecast to grow in the same proportion as last year:
    forecast = YTD now × last March ÷ last year's YTD at the same month.
The 80% interval adds the 5th and 95th percentiles of the errors this method
made at the same point of the year in earlier years, pooled across the units
that report the indicator (additive errors for rates, relative for counts);
a leave-one-year-out backtest shows it holds about 80% of actual outturns.

Pure pandas: the data build calibrates once (``calibrate``) and the indicator
page forecasts one series (``forecast_year_end``).  A backtest in the tests
checks that the intervals hold about 80% of actual outturns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# The 80% interval uses the 5th and 95th percentiles of past errors, not the
# 10th and 90th: errors of one year are shared by every unit (one bad winter
# hits all teams), so pooled past errors understate the next year's spread.
# The backtest (tests/test_forecast.py) set this: held-out coverage 72% with
# 10/90, 82% with 5/95, on the council demo data.
LOW_Q, HIGH_Q = 0.05, 0.95
MIN_ERRORS = 8          # fewer past errors than this: no interval is given


def _additive(aggregation: str) -> bool:
    return aggregation != "sum"


# The month of the financial year (1 = April) of a year's last period.
YEAR_END_MONTH = {"monthly": 12, "quarterly": 10, "annual": 1}


def with_forecasts(frame: pd.DataFrame, *, aggregation: str, frequency: str) -> pd.DataFrame:
    """For every row of one indicator's YTD series (columns org_code,
    period_start, value) add financial_year, month_of_year (1 = April),
    forecast (NaN without last year's data) and outturn (the value at the
    year's last period, NaN until it is known)."""
    f = frame[["org_code", "period_start", "value"]].copy()
    start = pd.to_datetime(f["period_start"])
    f["financial_year"] = start.dt.year - (start.dt.month < 4).astype(int)
    f["month_of_year"] = (start.dt.month - 4) % 12 + 1
    f["year_end_month"] = YEAR_END_MONTH[frequency]
    outturns = (f[f["month_of_year"] == f["year_end_month"]]
                .set_index(["org_code", "financial_year"])["value"].rename("outturn"))
    f = f.join(outturns, on=["org_code", "financial_year"])
    last_year = (f.assign(financial_year=f["financial_year"] + 1)
                 .set_index(["org_code", "financial_year", "month_of_year"])[["value", "outturn"]]
                 .set_axis(["ly_value", "ly_outturn"], axis=1))
    f = f.join(last_year, on=["org_code", "financial_year", "month_of_year"])
    if _additive(aggregation):
        f["forecast"] = f["value"] + (f["ly_outturn"] - f["ly_value"])
    else:
        f["forecast"] = f["value"] * f["ly_outturn"] / f["ly_value"].replace(0, np.nan)
    return f


def errors(f: pd.DataFrame, aggregation: str) -> pd.Series:
    """The method's error where the outturn is known (not at the year-end month itself)."""
    known = f["forecast"].notna() & f["outturn"].notna() & (f["month_of_year"] < f["year_end_month"])
    if _additive(aggregation):
        err = (f["outturn"] - f["forecast"])[known]
    else:   # a forecast of zero (nothing yet this year) has no relative error
        err = (f["outturn"] / f["forecast"].where(f["forecast"] != 0) - 1)[known]
    return err[np.isfinite(err)]


def calibrate(f: pd.DataFrame, aggregation: str, *, exclude_year: int | None = None) -> pd.DataFrame:
    """Low and high percentile of past errors for each month of the year.
    ``exclude_year`` leaves a year out (for backtests)."""
    err = errors(f, aggregation)
    months = f.loc[err.index, "month_of_year"]
    if exclude_year is not None:
        keep = f.loc[err.index, "financial_year"] != exclude_year
        err, months = err[keep], months[keep]
    grouped = err.groupby(months)
    table = pd.DataFrame({"low": grouped.quantile(LOW_Q), "high": grouped.quantile(HIGH_Q), "n": grouped.size()})
    return table[table["n"] >= MIN_ERRORS]


@dataclass(frozen=True)
class YearEndForecast:
    forecast: float
    low: float | None
    high: float | None
    month_of_year: int
    errors_used: int


def interval(forecast: float, month_of_year: int, calibration: pd.DataFrame, aggregation: str) -> YearEndForecast:
    if month_of_year not in calibration.index:
        return YearEndForecast(forecast, None, None, month_of_year, 0)
    row = calibration.loc[month_of_year]
    if _additive(aggregation):
        low, high = forecast + row["low"], forecast + row["high"]
    else:
        low, high = forecast * (1 + row["low"]), forecast * (1 + row["high"])
    return YearEndForecast(forecast, low, high, month_of_year, int(row["n"]))
