"""The year-end forecast shown for a year-to-date indicator at one unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database
from dashboard.metrics.forecast import YEAR_END_MONTH, interval, with_forecasts

METHOD = ("Forecast by last year's remainder: a rate is expected to move between now and the year end by as much "
          "as it did over the same months last year; a count to grow in the same proportion. The 80% interval adds "
          "the 5th and 95th percentiles of the errors this method made at the same point of earlier years, across "
          "every unit that reports the indicator (wider than 10th–90th because one year's surprises are shared by "
          "all units); a backtest checks that it holds about 80% of actual outturns.")


@dataclass(frozen=True)
class ForecastView:
    state: str                    # forecast | outturn | no_history
    value: float | None
    low: float | None
    high: float | None
    target: float | None
    rag: str
    year_end: dt.date


def year_end_forecast(db: Database, ind, trend: pd.DataFrame) -> ForecastView | None:
    """None unless the indicator is reported year to date."""
    if ind["basis"] != "year_to_date" or trend.empty:
        return None
    f = with_forecasts(trend.assign(org_code=trend["org_code"]), aggregation=ind["aggregation"],
                       frequency=ind["frequency"])
    latest = f.iloc[-1]
    fy = int(latest["financial_year"])
    year_end = (pd.Timestamp(fy, 4, 1) + pd.DateOffset(months=YEAR_END_MONTH[ind["frequency"]] - 1)).date()
    targets = db.query("annual_target", code=ind["code"], org=latest["org_code"], period_start=year_end)
    target = float(targets["target"].iloc[0]) if len(targets) else None
    if latest["month_of_year"] == latest["year_end_month"]:
        state, fc = "outturn", None
        value, low, high = float(latest["value"]), None, None
    elif pd.isna(latest["forecast"]):
        return ForecastView("no_history", None, None, None, target, "no_data", year_end)
    else:
        calibration = db.query("forecast_calibration", code=ind["code"]).set_index("month_of_year")
        fc = interval(float(latest["forecast"]), int(latest["month_of_year"]), calibration, ind["aggregation"])
        state, value, low, high = "forecast", fc.forecast, fc.low, fc.high
    rag = db.query("rag", value=value, target=target, polarity=ind["polarity"], tolerance=ind["tolerance"],
                   tolerance_kind=ind["tolerance_kind"])["rag"].iloc[0]
    return ForecastView(state, value, low, high, target, rag, year_end)
