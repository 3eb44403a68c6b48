"""Build `forecast_calibration`: for each year-to-date indicator, how wrong the
year-end forecast method was at each point of earlier years (5th and 95th
percentile errors), so pages can give an 80% interval without re-reading the
indicator's whole history."""

from __future__ import annotations

import pandas as pd

from dashboard.metrics.forecast import calibrate, with_forecasts


def build(con) -> int:
    """Replace the table's contents from `rollup`; returns the rows written."""
    con.execute("DELETE FROM forecast_calibration")
    indicators = con.execute(
        "SELECT code, aggregation, frequency FROM indicator WHERE basis = 'year_to_date' ORDER BY code").fetchall()
    tables = []
    for code, aggregation, frequency in indicators:
        rows = con.execute("SELECT org_code, period_start, display_value AS value FROM rollup "
                           "WHERE indicator_code = ? ORDER BY org_code, period_start", [code]).df()
        if rows.empty:
            continue
        table = calibrate(with_forecasts(rows, aggregation=aggregation, frequency=frequency), aggregation)
        tables.append(table.reset_index().assign(indicator_code=code))
    if not tables:
        return 0
    result = pd.concat(tables)[["indicator_code", "month_of_year", "low", "high", "n"]]
    con.register("calibration_rows", result)
    con.execute("INSERT INTO forecast_calibration SELECT * FROM calibration_rows")
    con.unregister("calibration_rows")
    return len(result)
