"""Rollups at every level equal an independent pandas computation from the raw
reported rows, for every aggregation kind and basis.

If this broke, a director would see a directorate figure that is not what its
teams reported — e.g. an average of team percentages instead of Σ/Σ."""

import numpy as np
import pandas as pd
import pytest

from tests import independent


@pytest.fixture(scope="module")
def raw(tiny_con):
    return independent.load(tiny_con)


@pytest.fixture(scope="module")
def expected(raw):
    return independent.rollup(raw)


@pytest.fixture(scope="module")
def actual(tiny_con):
    frame = tiny_con.execute("SELECT * FROM rollup").df()
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def _joined(expected, actual):
    keys = ["indicator_code", "org_code", "period_start"]
    return expected.merge(actual, on=keys, how="outer", suffixes=("_expected", "_actual"), indicator=True)


def test_same_rows(expected, actual):
    joined = _joined(expected, actual)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"].head()


@pytest.mark.parametrize("aggregation", ["ratio", "sum", "max", "latest", "none"])
def test_values_match_for_each_aggregation(raw, expected, actual, aggregation):
    kinds = raw["indicator"].set_index("code")["aggregation"]
    joined = _joined(expected, actual)
    joined = joined[joined["indicator_code"].map(kinds) == aggregation]
    assert len(joined) > 0, f"the tiny preset has no {aggregation} indicator"
    np.testing.assert_allclose(joined["display_value_actual"], joined["display_value_expected"], rtol=1e-9)
    assert (joined["units_reporting_actual"] == joined["units_reporting_expected"]).all()


@pytest.mark.parametrize("basis", ["in_month", "year_to_date", "rolling_12_months", "snapshot"])
def test_values_match_for_each_basis_at_every_level(raw, expected, actual, basis):
    bases = raw["indicator"].set_index("code")["basis"]
    levels = raw["org_unit"].set_index("code")["level"]
    joined = _joined(expected, actual)
    joined = joined[joined["indicator_code"].map(bases) == basis]
    assert set(joined["org_code"].map(levels)) == {"council", "directorate", "service", "team"}
    np.testing.assert_allclose(joined["display_value_actual"], joined["display_value_expected"], rtol=1e-9)


def test_period_value_is_the_period_alone(expected, actual):
    """SPC charts use each period's own value, never the cumulative one."""
    joined = _joined(expected, actual)
    np.testing.assert_allclose(joined["period_value_actual"], joined["period_value_expected"], rtol=1e-9)


def test_year_to_date_resets_in_april(raw, actual):
    """An April year-to-date ratio is April's own Σ/Σ, not carried from March."""
    ind = raw["indicator"]
    code = ind[(ind["basis"] == "year_to_date") & (ind["aggregation"] == "ratio")]["code"].iloc[0]
    council = raw["org_unit"].query("level == 'council'")["code"].iloc[0]
    m = raw["measure"]
    april = m[(m["indicator_code"] == code) & (m["period_start"].dt.month == 4)]["period_start"].max()
    rows = m[(m["indicator_code"] == code) & (m["period_start"] == april)]
    scale = ind.set_index("code").at[code, "scale"]
    got = actual[(actual["indicator_code"] == code) & (actual["org_code"] == council)
                 & (actual["period_start"] == april)]["display_value"].iloc[0]
    assert got == pytest.approx(rows["numerator"].sum() / rows["denominator"].sum() * scale, rel=1e-12)


def test_ratio_is_not_an_average_of_percentages(raw, actual):
    """At least one council ratio differs from the mean of its teams' ratios, and we report Σ/Σ."""
    ind = raw["indicator"]
    code = ind[(ind["basis"] == "in_month") & (ind["aggregation"] == "ratio")]["code"].iloc[0]
    council = raw["org_unit"].query("level == 'council'")["code"].iloc[0]
    m = raw["measure"]
    m = m[m["indicator_code"] == code]
    period = m["period_start"].max()
    rows = m[m["period_start"] == period]
    scale = ind.set_index("code").at[code, "scale"]
    got = actual[(actual["indicator_code"] == code) & (actual["org_code"] == council)
                 & (actual["period_start"] == period)]["display_value"].iloc[0]
    assert got == pytest.approx(rows["numerator"].sum() / rows["denominator"].sum() * scale, rel=1e-12)
    assert got != pytest.approx(rows["value"].mean() * scale, rel=1e-6)


def test_rag_and_targets_match(raw, expected, actual):
    roll = expected.assign(target=independent.targets(raw, expected))
    ind = raw["indicator"].set_index("code")
    roll["rag"] = [independent.rag(v, t, ind.at[c, "polarity"], ind.at[c, "tolerance"], ind.at[c, "tolerance_kind"])
                   for c, v, t in zip(roll["indicator_code"], roll["display_value"], roll["target"])]
    joined = roll.merge(actual, on=["indicator_code", "org_code", "period_start"], suffixes=("_expected", "_actual"))
    np.testing.assert_allclose(joined["target_actual"].astype(float), joined["target_expected"].astype(float), rtol=1e-12)
    mismatched = joined[joined["rag_actual"] != joined["rag_expected"]]
    assert mismatched.empty, mismatched[["indicator_code", "org_code", "period_start", "rag_actual", "rag_expected"]].head()
    # every status occurs for real reasons in the demo data
    assert {"red", "amber", "green", "no_target"} <= set(actual["rag"])
