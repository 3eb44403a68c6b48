"""Finance, workforce, customers, risks and value for money: every figure in
the downloads (which are the tables the pages draw) recomputed here from the
raw rows — the ledger, HR, feedback, survey and register tables — with plain
pandas, walking the org tree from parent_code, sharing no code with the
rollup SQL or the views.  And every page renders at every level.

If these broke, a finance officer would see a variance the ledger does not
support, sickness per FTE would be an average of rates, or a cabinet member
would meet an error page."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from tests.independent import ancestors

MONTH = "2026-03"          # a year end: forecasts equal outturn
MONTH2 = "2025-11"         # mid-year


@pytest.fixture(scope="module")
def raw(tiny_con):
    t = {name: tiny_con.execute(f"SELECT * FROM {name}").df()
         for name in ("org_unit", "finance", "finance_category", "workforce", "feedback", "survey_result",
                      "risk", "risk_review", "risk_appetite")}
    t["below"] = {}
    for unit, chain in ancestors(t["org_unit"]).items():
        for a in chain:
            t["below"].setdefault(a, set()).add(unit)
    return t


def csv(client, path: str) -> pd.DataFrame:
    r = client.get(path)
    assert r.status_code == 200, r.data[:300]
    return pd.read_csv(io.BytesIO(r.data))


def children(raw, org):
    ou = raw["org_unit"]
    return list(ou.loc[ou["parent_code"] == org, "code"])


@pytest.mark.parametrize("period", [MONTH, MONTH2])
def test_finance_units_add_up_from_the_ledger(client, raw, period):
    got = csv(client, f"/download/finance_units.csv?org=EMC&period={period}").set_index("org_code")
    f = raw["finance"].assign(month=lambda d: pd.to_datetime(d["month"]))
    month = pd.Timestamp(period + "-01")
    for unit in children(raw, "EMC"):
        rows = f[(f["month"] == month) & f["org_code"].isin(raw["below"][unit])]
        if rows.empty:
            assert pd.isna(got.loc[unit, "current_budget"])
            continue
        budget, forecast = rows["current_budget"].sum(), rows["forecast_outturn"].sum()
        assert got.loc[unit, "current_budget"] == pytest.approx(budget)
        assert got.loc[unit, "variance"] == pytest.approx(forecast - budget)
        pct = (forecast - budget) / abs(budget) * 100
        expected = ("red" if pct > 2 else "amber" if pct > 0.5 or pct < -5 else "green")
        assert got.loc[unit, "rag"] == expected
        assert got.loc[unit, "variance_words"] == ("overspend" if forecast > budget else "underspend")


def test_finance_year_to_date_resets_in_april_and_forecast_equals_outturn_in_march(client, raw):
    f = raw["finance"].assign(month=lambda d: pd.to_datetime(d["month"]))
    unit = children(raw, "EMC")[0]
    mine = f[f["org_code"].isin(raw["below"][unit])]
    got = csv(client, f"/download/finance_categories.csv?org={unit}&period={MONTH}").set_index("category")
    year = mine[(mine["month"] >= "2025-04-01") & (mine["month"] <= "2026-03-01")]
    for category, rows in year.groupby("category"):
        assert got.loc[category, "actual_ytd"] == pytest.approx(rows["actual"].sum())
        assert got.loc[category, "profiled_budget_ytd"] == pytest.approx(rows["profiled_budget"].sum())
    assert got.loc["total", "actual_ytd"] == pytest.approx(year["actual"].sum())
    march = mine[mine["month"] == "2026-03-01"]
    assert march["forecast_outturn"].sum() == pytest.approx(year["actual"].sum(), rel=1e-9)
    april = csv(client, f"/download/finance_categories.csv?org={unit}&period=2026-04").set_index("category")
    assert april.loc["total", "actual_ytd"] == pytest.approx(mine.loc[mine["month"] == "2026-04-01", "actual"].sum())


@pytest.mark.parametrize("staff", ["excluding_schools", "all"])
def test_sickness_per_fte_is_days_over_average_fte_of_the_same_12_months(client, raw, staff):
    w = raw["workforce"].assign(month=lambda d: pd.to_datetime(d["month"]))
    schools = set(raw["org_unit"].loc[raw["org_unit"]["is_schools"], "code"])
    if staff == "excluding_schools":
        w = w[~w["org_code"].isin(schools)]
    got = csv(client, f"/download/workforce_units.csv?org=EMC&period={MONTH2}&staff={staff}").set_index("org_code")
    end = pd.Timestamp(MONTH2 + "-01")
    window = w[(w["month"] > end - pd.DateOffset(months=12)) & (w["month"] <= end)]
    for unit in children(raw, "EMC"):
        rows = window[window["org_code"].isin(raw["below"][unit])]
        if rows.empty:
            continue
        by_month = rows.groupby("month").sum(numeric_only=True)
        days = by_month["sickness_short_days"].sum() + by_month["sickness_long_days"].sum()
        assert got.loc[unit, "sickness_days_per_fte_12m"] == pytest.approx(days / by_month["fte"].mean())
        now = by_month.loc[end]
        at_end = rows[rows["month"] == end]  # each team's vacant posts, never below zero, then summed
        vacant = (at_end["establishment_fte"] - at_end["fte"]).clip(lower=0).sum()
        assert got.loc[unit, "vacancy_rate_pct"] == pytest.approx(vacant / now["establishment_fte"] * 100)
        assert got.loc[unit, "turnover_pct_12m"] == pytest.approx(by_month["leavers"].sum() / by_month["headcount"].mean() * 100)


def test_complaints_timeliness_and_upheld_rate_from_the_records(client, raw):
    fb = raw["feedback"].copy()
    for c in ("received_on", "responded_on", "due_on"):
        fb[c] = pd.to_datetime(fb[c])
    got = csv(client, f"/download/customer_units.csv?org=EMC&period={MONTH2}").set_index("org_code")
    start, end = pd.Timestamp("2024-12-01"), pd.Timestamp("2025-11-30")
    for unit in children(raw, "EMC"):
        mine = fb[fb["org_code"].isin(raw["below"][unit]) & (fb["type"] == "complaint")]
        received = mine[(mine["received_on"] >= start) & (mine["received_on"] <= end)]
        answered = mine[(mine["responded_on"] >= start) & (mine["responded_on"] <= end)]
        stage1 = answered[(answered["stage"] == "1") & answered["due_on"].notna()]
        assert got.loc[unit, "complaints_12m"] == len(received)
        if len(stage1):
            on_time = (stage1["responded_on"] <= stage1["due_on"]).sum()
            assert got.loc[unit, "stage1_on_time_pct"] == pytest.approx(on_time / len(stage1) * 100)
        decided = answered[answered["outcome"].notna()]
        if len(decided):
            upheld = decided["outcome"].isin(["upheld", "partly_upheld"]).sum()
            assert got.loc[unit, "upheld_pct"] == pytest.approx(upheld / len(decided) * 100)


def test_survey_county_figure_is_summed_counts_with_an_interval_around_it(client, raw):
    got = csv(client, f"/download/survey.csv?period={MONTH2}")
    s = raw["survey_result"].assign(quarter_start=lambda d: pd.to_datetime(d["quarter_start"]))
    latest = s[s["quarter_start"] + pd.DateOffset(months=2) <= pd.Timestamp(MONTH2 + "-01")]["quarter_start"].max()
    county = got[(got["district_code"] == "ALL") & (pd.to_datetime(got["quarter_start"]) == latest)].set_index("theme_code")
    for theme, rows in s[s["quarter_start"] == latest].groupby("theme_code"):
        expected = rows["satisfied"].sum() / rows["respondents"].sum() * 100
        assert county.loc[theme, "satisfied_pct"] == pytest.approx(expected)
        assert county.loc[theme, "low_pct"] < expected < county.loc[theme, "high_pct"]
    districts = got[got["district_code"] != "ALL"]
    assert ((districts["high_pct"] - districts["low_pct"]) > 0).all() and (districts["high_pct"] <= 100).all()


def test_risk_register_as_at_a_month_end_from_the_reviews(client, raw):
    got = csv(client, f"/download/risks.csv?org=EMC&period={MONTH2}").set_index("risk_code")
    r = raw["risk"].copy()
    end = pd.Timestamp("2025-11-30")
    open_ = r[(pd.to_datetime(r["identified_on"]) <= end)
              & (r["closed_on"].isna() | (pd.to_datetime(r["closed_on"]) > end))]
    assert set(got.index) == set(open_["code"])
    rev = raw["risk_review"].assign(reviewed_on=lambda d: pd.to_datetime(d["reviewed_on"]))
    appetite = raw["risk_appetite"].set_index("category")
    for code, row in open_.set_index("code").iterrows():
        latest = rev[(rev["risk_code"] == code) & (rev["reviewed_on"] <= end)].sort_values("reviewed_on").iloc[-1]
        assert got.loc[code, "score"] == latest["likelihood"] * latest["impact"]
        a = appetite.loc[row["category"]]
        expected = "green" if latest["score"] <= a["appetite_score"] else (
            "amber" if latest["score"] <= a["tolerance_score"] else "red")
        assert got.loc[code, "rag"] == expected
        assert bool(got.loc[code, "review_overdue"]) == (pd.Timestamp(latest["next_review_due"]) < end)


ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def test_every_resource_page_renders_at_every_level(client, tiny_con):
    units = tiny_con.execute("SELECT arg_min(code, code) FROM org_unit GROUP BY level").df().iloc[:, 0]
    for path in ("/finance", "/workforce", "/customers", "/risks", "/value-for-money"):
        for unit in units:
            for period in ("2024-04", MONTH2, "2026-09"):
                payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                                {"id": "_pages_location", "property": "search",
                                                 "value": f"?org={unit}&period={period}"}]}
                body = json.dumps(client.post("/_dash-update-component", json=payload).get_json())
                assert "Something went wrong" not in body and "not quite right" not in body, (path, unit, period)


def test_unknown_choices_are_a_clear_400(client):
    assert client.get("/download/workforce_units.csv?staff=contractors").status_code == 400
    assert client.get("/download/value_for_money.csv?org=EMC&output=NOPE").status_code in (400, 404)
