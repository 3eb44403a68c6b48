"""Year-end forecasts: the 80% intervals, calibrated on earlier years, hold
between 70% and 90% of the outturns of a year they did not see.

If this broke, a cabinet member would be told "between X and Y" with far more
(or far less) confidence than the record justifies."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.forecast import calibrate, interval, with_forecasts


@pytest.fixture(scope="module")
def council(council_db):
    con = duckdb.connect(str(council_db), read_only=True)
    yield con
    con.close()


def test_intervals_hold_about_80_percent_of_outturns_in_a_held_out_year(council):
    indicators = council.execute(
        "SELECT code, aggregation, frequency FROM indicator WHERE basis = 'year_to_date'").fetchall()
    assert len(indicators) >= 3
    hits = total = 0
    for code, aggregation, frequency in indicators:
        rows = council.execute("SELECT org_code, period_start, display_value AS value FROM rollup "
                               "WHERE indicator_code = ?", [code]).df()
        f = with_forecasts(rows, aggregation=aggregation, frequency=frequency)
        testable = f[f["forecast"].notna() & f["outturn"].notna() & (f["month_of_year"] < f["year_end_month"])]
        for year in sorted(testable["financial_year"].unique()):
            table = calibrate(f, aggregation, exclude_year=year)       # never sees the year it is judged on
            for r in testable[testable["financial_year"] == year].itertuples():
                fc = interval(r.forecast, r.month_of_year, table, aggregation)
                if fc.low is None:
                    continue
                total += 1
                hits += fc.low <= r.outturn <= fc.high
    assert total > 1000
    coverage = hits / total
    assert 0.70 <= coverage <= 0.90, f"80% intervals held {coverage:.1%} of {total} held-out outturns"


def test_forecast_by_last_years_remainder():
    """A rate moves by last year's remainder; a count grows in last year's proportion."""
    rows = pd.DataFrame({
        "org_code": ["A"] * 15,
        "period_start": pd.date_range("2024-04-01", periods=15, freq="MS"),
        "value": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 15, 30, 45],
    })
    rate = with_forecasts(rows, aggregation="ratio", frequency="monthly")
    june = rate[rate["period_start"] == "2025-06-01"].iloc[0]
    assert june["forecast"] == pytest.approx(45 + (120 - 30))
    count = with_forecasts(rows, aggregation="sum", frequency="monthly")
    june = count[count["period_start"] == "2025-06-01"].iloc[0]
    assert june["forecast"] == pytest.approx(45 * 120 / 30)
    assert np.isnan(rate.iloc[0]["forecast"]), "no forecast without last year's figures"
