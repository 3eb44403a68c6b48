"""The exception report against independent computations: RAG from the raw
returns, special-cause concern from the SPC engine run on the series as it
stood that month, and missing returns from the list of expected reporters.

If this broke, a manager would miss a team that is off target or whose return
never arrived, or chase a "concern" the SPC chart does not show."""

import io

import pandas as pd
import pytest

from dashboard.metrics.series import period_series
from dashboard.metrics.spc import analyse
from tests import independent


@pytest.fixture(scope="module")
def raw(tiny_con):
    return independent.load(tiny_con)


@pytest.fixture(scope="module")
def month(raw):
    return pd.Timestamp(raw["measure"]["period_start"].max()).date()


@pytest.fixture(scope="module")
def council(raw):
    return raw["org_unit"].query("level == 'council'")["code"].iloc[0]


@pytest.fixture(scope="module")
def listed(client, council, month):
    response = client.get("/download/exceptions.csv", query_string={"org": council, "period": f"{month:%Y-%m}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    frame = pd.read_csv(io.BytesIO(response.data), dtype={"period": str}, keep_default_na=False, na_values=[""])
    frame["reasons"] = frame["reasons"].fillna("").str.split()
    return frame


def _current(listed):
    return listed[listed["state"] != "resolved"]


def test_ranked_for_action_with_resolved_last(listed):
    current = _current(listed)
    assert len(current) > 0
    assert list(current["score"]) == sorted(current["score"], reverse=True)
    states = list(listed["state"])
    assert states == sorted(states, key=lambda s: s == "resolved")
    assert set(current["state"]) <= {"new", "persistent"}
    assert current["summary"].str.len().gt(10).all()


def test_red_and_amber_match_an_independent_scorecard(raw, listed, month):
    """Every red or amber monthly indicator at every unit is listed, and nothing else is listed as red or amber."""
    roll = independent.rollup(raw)
    ind = raw["indicator"].set_index("code")
    monthly = set(ind.index[ind["frequency"] == "monthly"])
    expected = set()
    for org in raw["org_unit"]["code"]:
        card = independent.scorecard(raw, roll, org, month, corporate_only=False)
        for r in card.itertuples():
            if r.rag in ("red", "amber") and r.indicator_code in monthly:
                expected.add((r.indicator_code, org, r.rag))
    current = _current(listed)
    current = current[current["indicator_code"].isin(monthly)]
    got = {(r.indicator_code, r.org_code, r.rag) for r in current.itertuples() if r.rag in ("red", "amber")}
    assert got == expected


def test_special_cause_concern_agrees_with_the_spc_engine(raw, tiny_con, listed, month):
    """For every monthly, non-seasonal series: listed as concern exactly when the engine,
    given the series up to this month, says the latest point is a concern."""
    ind = raw["indicator"].set_index("code")
    rows = tiny_con.execute(
        "SELECT indicator_code, org_code, period_start, period_value FROM rollup WHERE period_start <= ? "
        "ORDER BY indicator_code, org_code, period_start", [month]).df()
    expected = set()
    for (code, org), series in rows.groupby(["indicator_code", "org_code"]):
        info = ind.loc[code]
        if info["frequency"] != "monthly" or info["seasonal"] or pd.Timestamp(series["period_start"].max()).date() != month:
            continue
        values = period_series(series, column="period_value", frequency="monthly")
        point = analyse(values, improvement=info["polarity"]).points.iloc[-1]
        if point["point_type"] == "concern":
            expected.add((code, org))
    current = _current(listed)
    candidates = current[current["indicator_code"].map(lambda c: ind.at[c, "frequency"] == "monthly" and not ind.at[c, "seasonal"])]
    got = {(r.indicator_code, r.org_code) for r in candidates.itertuples() if "concern" in r.reasons}
    assert got == expected
    assert expected, "the tiny demo data show at least one special-cause concern"


def test_missing_returns_are_listed(raw, listed, month):
    """A unit expected to report a monthly indicator that did not is listed as a missing return."""
    ind = raw["indicator"].set_index("code")
    m = raw["measure"]
    reported = set(zip(m["indicator_code"], m["org_code"], m["period_start"].dt.date))
    first = m.groupby("indicator_code")["period_start"].min().dt.date
    expected = {(i, o) for i, o in zip(raw["indicator_unit"]["indicator_code"], raw["indicator_unit"]["org_code"])
                if ind.at[i, "frequency"] == "monthly" and ind.at[i, "lag_periods"] == 0
                and first.get(i) is not None and first[i] <= month and (i, o, month) not in reported}
    current = _current(listed)
    got = {(r.indicator_code, r.org_code) for r in current.itertuples() if "missing" in r.reasons}
    assert expected <= got
    assert expected, "the tiny demo data have at least one missing return this month"


def test_filters_narrow_the_list(client, council, month, listed):
    for reason in ("red", "concern", "missing"):
        response = client.get("/download/exceptions.csv", query_string={
            "org": council, "period": f"{month:%Y-%m}", "reason": reason})
        frame = pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])
        current = frame[frame["state"] != "resolved"]
        assert len(current) == sum(reason in r for r in _current(listed)["reasons"])


def test_bad_filter_is_rejected(client):
    response = client.get("/download/exceptions.csv", query_string={"reason": "bored"})
    assert response.status_code == 400
