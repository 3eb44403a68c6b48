"""Funnel plots on /benchmarking: the counts behind a published proportion found in its own file, the
group average and the 95%/99.8% limits (Spiegelhalter 2005) — all recomputed here by hand from the
publishers' CSVs read with pandas, never from the dashboard's own output.

If these broke, a cabinet member would be told Essex is "outside the limits" on limits drawn from the
wrong counts, or shown a funnel for a measure (caseload, turnover) that is not a proportion at all."""

from __future__ import annotations

import io
import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest

from tests.conftest import PUBLIC, ingest, published_copy

C1 = PUBLIC / "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
CSWW = PUBLIC / "dfe_csww_indicators_2017_to_2025.csv"
REGISTER = PUBLIC / "mysociety_uk_local_authorities_current.csv"
NEIGHBOURS = PUBLIC / "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"
ESSEX = "E10000012"
Z95, Z998 = 1.959963984540054, 3.090232306167813


@pytest.fixture(scope="module")
def funnel_client(tiny_db, tmp_path_factory):
    """The tiny demo with the register, both DfE files, the neighbours and Oflog imported."""
    from dashboard import create_app
    from dashboard.settings import Settings

    path = published_copy(tiny_db, tmp_path_factory.mktemp("funnel"), [
        ("register", REGISTER), ("ees", C1), ("ees", CSWW), ("neighbours", NEIGHBOURS),
        ("oflog", PUBLIC / "oflog_asc_data.csv")])
    return create_app(Settings(db_path=path, auth="none")).server.test_client()


def _csv(client, query: str) -> pd.DataFrame:
    r = client.get("/download/benchmarking_funnel.csv" + query)
    assert r.status_code == 200, r.data[:300]
    return pd.read_csv(io.BytesIO(r.data))


def _page(client, search: str) -> str:
    payload = {"output": ".._pages_content.children..._pages_store.data..",
               "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
               "changedPropIds": ["_pages_location.pathname"], "state": [],
               "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/benchmarking"},
                          {"id": "_pages_location", "property": "search", "value": search}]}
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200
    return json.dumps(r.get_json(), ensure_ascii=False)


def _essex_neighbours() -> set[str]:
    """Essex (DfE 881) and its ten statistical neighbours, DfE codes mapped to ONS codes by the C1 file itself."""
    groups = pd.read_csv(NEIGHBOURS, dtype=str, encoding="utf-8-sig")
    row = groups[groups["LA num"] == "881"].iloc[0]
    c1 = pd.read_csv(C1, dtype=str)
    la = c1[c1["geographic_level"] == "Local authority"]
    latest = la[la["time_period"] == la["time_period"].max()]
    ons = dict(zip(latest["old_la_code"], latest["new_la_code"]))
    return {ESSEX} | {ons[row[f"SN{k}"]] for k in range(1, 11)}


def _winsorised_phi(z: np.ndarray) -> float:
    z = np.sort(z)
    cut = int(0.1 * len(z))
    if cut:
        z = np.clip(z, z[cut], z[-1 - cut])
    return float(np.mean(z ** 2))


def test_rereferrals_funnel_against_statistical_neighbours(funnel_client):
    """Re-referrals over referrals, the latest year: the pooled average, Essex's limits, its Wilson interval
    and its place against the limits, all from the CSV by hand."""
    got = _csv(funnel_client, f"?measure=rereferral_percent&area={ESSEX}&group=neighbours")
    c1 = pd.read_csv(C1, dtype=str)
    la = c1[(c1["geographic_level"] == "Local authority") & (c1["time_period"] == c1["time_period"].max())]
    group = la[la["new_la_code"].isin(_essex_neighbours())]
    r = pd.to_numeric(group["rereferral_count"], errors="coerce")
    n = pd.to_numeric(group["referral_count"], errors="coerce")
    assert len(group) == 11 and r.notna().all() and n.notna().all()
    p0 = r.sum() / n.sum()
    assert set(got["area_code"]) == set(group["new_la_code"])
    assert got["numerator_is"].iloc[0] == "Re-referral count" and got["denominator_is"].iloc[0] == "Referral count"
    assert got["group_average"].iloc[0] == pytest.approx(100 * p0)

    essex = group[group["new_la_code"] == ESSEX].iloc[0]
    re, ne = float(essex["rereferral_count"]), float(essex["referral_count"])
    row = got[got["area_code"] == ESSEX].iloc[0]
    assert (row["numerator"], row["denominator"]) == (re, ne)
    assert row["published"] == float(essex["rereferral_percent"])
    se = math.sqrt(p0 * (1 - p0) / ne)
    for name, z in (("95", Z95), ("998", Z998)):
        assert row[f"limit{name}_low"] == pytest.approx(100 * (p0 - z * se))
        assert row[f"limit{name}_high"] == pytest.approx(100 * (p0 + z * se))
    # Wilson score interval, Newcombe's formula written out
    p, zz = re / ne, Z95 ** 2
    centre, half = (p + zz / (2 * ne)) / (1 + zz / ne), Z95 * math.sqrt(p * (1 - p) / ne + zz / (4 * ne * ne)) / (1 + zz / ne)
    assert row["wilson95_low"] == pytest.approx(100 * (centre - half))
    assert row["wilson95_high"] == pytest.approx(100 * (centre + half))
    zscore = (p - p0) / se
    expected = "outside 99.8%" if abs(zscore) > Z998 else "outside 95%" if abs(zscore) > Z95 else "inside 95%"
    assert row["within"] == expected

    # and in words on the page, with the home council and the comparator named
    body = _page(funnel_client, f"?measure=rereferral_percent&area={ESSEX}&group=neighbours")
    assert "benchmark-funnel-chart" in body and "Essex against DfE statistical neighbours" in body
    assert f"Essex, {100 * p:.1f}% ({re:,.0f} of {ne:,.0f}), is {'below' if p < p0 else 'above'}" in body
    assert {"outside 99.8%": "outside the 99.8% limits", "outside 95%": "outside the 95% limits",
            "inside 95%": "inside the 95% limits"}[expected] in body
    zs = (r / n - p0) / np.sqrt(p0 * (1 - p0) / n)
    assert f"φ = {_winsorised_phi(zs.to_numpy()):,.1f}" in body


def test_vacancy_rate_funnel_counts_vacancies_over_posts(funnel_client):
    """The workforce census's vacancy rate is vacancies over (vacancies + social workers in post), in FTE:
    the declared pairing, checked here on every county council with both figures."""
    got = _csv(funnel_client, f"?measure=vacancy_rate_fte&area={ESSEX}&group=type")
    register = pd.read_csv(REGISTER, dtype=str)
    counties = set(register.loc[(register["local-authority-type"] == "CTY") & register["end-date"].isna(), "gss-code"])
    raw = pd.read_csv(CSWW, dtype=str)
    la = raw[(raw["geographic_level"] == "Local authority") & (raw["time_period"] == raw["time_period"].max())]
    la = la[la["new_la_code"].isin(counties)]
    vac = pd.to_numeric(la["vacancy_fte"], errors="coerce")
    post = pd.to_numeric(la["inpost_fte"], errors="coerce")
    ok = vac.notna() & post.notna()
    assert set(got.dropna(subset=["denominator"])["area_code"]) == set(la.loc[ok, "new_la_code"])
    assert got["group_average"].iloc[0] == pytest.approx(100 * vac[ok].sum() / (vac[ok] + post[ok]).sum())
    essex = got[got["area_code"] == ESSEX].iloc[0]
    raw_essex = la[la["new_la_code"] == ESSEX].iloc[0]
    assert essex["denominator"] == pytest.approx(float(raw_essex["vacancy_fte"]) + float(raw_essex["inpost_fte"]))
    assert essex["proportion"] == pytest.approx(float(raw_essex["vacancy_rate_fte"]), abs=0.06)


@pytest.mark.parametrize("measure, why", [
    ("caseload_fte", "cases per social worker is a ratio"),
    ("turnover_rate_fte", "the leavers are not a subset of those in post"),
    ("absence_rate_fte", "not the working days available"),
    ("ASC1", "it is not a proportion of a count"),
])
def test_no_funnel_where_there_are_no_counts_says_why(funnel_client, measure, why):
    """Measures without a count and a base: the page says plainly that a funnel is not possible and why,
    and the funnel download answers 404 with the same reason."""
    group = "type" if measure == "ASC1" else "neighbours"
    body = _page(funnel_client, f"?measure={measure}&area={ESSEX}&group={group}")
    assert "A funnel plot is not possible" in body and why in body
    assert "benchmark-funnel-chart" not in body
    r = funnel_client.get(f"/download/benchmarking_funnel.csv?measure={measure}&area={ESSEX}&group={group}")
    assert r.status_code == 404 and why in r.data.decode()


def test_an_ees_file_never_seen_gets_its_funnel_from_its_own_counts(tiny_db, tmp_path):
    """A made-up EES publication (its columns named as EES names them, not known to the dashboard): the
    percentage is paired with its count and the base whose quotient gives the published figures."""
    from dashboard import create_app
    from dashboard.settings import Settings

    register = pd.read_csv(REGISTER, dtype=str)
    counties = register[(register["local-authority-type"] == "CTY") & register["end-date"].isna()].head(8)
    rows = []
    for k, (code, name) in enumerate(zip(counties["gss-code"], counties["nice-name"])):
        pupils, excluded, other = 1000 + 250 * k, 40 + 7 * k, 300 + k
        rows.append({"time_period": "202324", "time_identifier": "Academic year", "geographic_level": "Local authority",
                     "country_code": "E92000001", "country_name": "England", "region_code": "", "region_name": "",
                     "old_la_code": str(900 + k), "new_la_code": code, "la_name": name, "pupil_count": pupils,
                     "other_count": other, "suspended_count": excluded,
                     "suspended_percent": round(100 * excluded / pupils, 1)})
    data = pd.DataFrame(rows)
    file = tmp_path / "widget_suspensions_2024.csv"
    data.to_csv(file, index=False)
    db = tmp_path / "mi.duckdb"
    shutil.copy(tiny_db, db)
    ingest(db, "register", REGISTER)
    ingest(db, "ees", file)
    client = create_app(Settings(db_path=db, auth="none")).server.test_client()
    area = data["new_la_code"].iloc[0]
    got = _csv(client, f"?measure=suspended_percent&area={area}&group=type")
    assert got["denominator_is"].iloc[0] == "Pupil count"
    assert got["group_average"].iloc[0] == pytest.approx(100 * data["suspended_count"].sum() / data["pupil_count"].sum())
    plotted = got[got["denominator"].notna()]
    assert sorted(plotted["denominator"]) == sorted(data["pupil_count"].astype(float))
    # the other counties of the register are listed too, saying why they are not on the plot
    others = got[got["denominator"].isna()]
    assert len(others) > 0 and (others["within"] == "not plotted: not in the file").all()


# -- the maths alone (dashboard.metrics.funnel), against formulas written out here -------------------------

def test_limits_are_the_normal_approximation_to_the_binomial():
    from dashboard.metrics.funnel import funnel

    points = pd.DataFrame({"numerator": [10, 30, 200, 5], "denominator": [100, 200, 1000, 80]})
    result = funnel(points)
    p0 = 245 / 1380
    assert result.target == pytest.approx(p0)
    for _, row in result.points.iterrows():
        se = math.sqrt(p0 * (1 - p0) / row["denominator"])
        assert row["limit95_low"] == pytest.approx(p0 - Z95 * se)
        assert row["limit998_high"] == pytest.approx(p0 + Z998 * se)
        assert row["z"] == pytest.approx((row["numerator"] / row["denominator"] - p0) / se)
    # the drawn curve is the same formula along the base
    curve = result.curve.iloc[7]
    assert curve["high95"] == pytest.approx(p0 + Z95 * math.sqrt(p0 * (1 - p0) / curve["denominator"]))


def test_overdispersion_and_the_widened_limits():
    """φ from z-scores winsorised at 10% each end; τ² = (Iφ − (I−1)) / (Σw − Σw²/Σw), w = 1/s²."""
    from dashboard.metrics.funnel import funnel

    n = np.array([500, 800, 1200, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 9000], dtype=float)
    p = np.array([.10, .30, .12, .25, .18, .22, .15, .28, .11, .26, .20])
    points = pd.DataFrame({"numerator": np.round(p * n), "denominator": n})
    result = funnel(points)
    r = points["numerator"].to_numpy()
    p0 = r.sum() / n.sum()
    s2 = p0 * (1 - p0) / n
    z = (r / n - p0) / np.sqrt(s2)
    phi = _winsorised_phi(z)
    assert result.dispersion == pytest.approx(phi)
    assert result.overdispersed                       # these areas differ far beyond chance
    w = 1 / s2
    tau2 = (len(n) * phi - (len(n) - 1)) / (w.sum() - (w ** 2).sum() / w.sum())
    assert result.tau2 == pytest.approx(tau2)
    assert result.points["z_adjusted"].to_numpy() == pytest.approx((r / n - p0) / np.sqrt(s2 + tau2))


def test_reproduces_finds_the_scale_and_refuses_what_does_not_fit():
    from dashboard.metrics.funnel import reproduces

    r, n = pd.Series([10.0, 25, 33, 7]), pd.Series([100.0, 300, 250, 90])
    assert reproduces((100 * r / n).round(1), r, n) == 100
    assert reproduces((r / n).round(3), r, n) == 1
    assert reproduces((100 * r / (n + 50)).round(1), r, n) is None     # another base
    assert reproduces(pd.Series([10.0, 250, 13.2, 7.8]), r * 20, n) is None   # numerators above their base


def test_candidates_pair_a_percentage_with_its_count_not_with_other_rates():
    from dashboard.metrics.funnel import DECLARED, candidates

    names = {"widget_percent": "Widget percent", "widget_count": "Widget count", "pupil_count": "Pupil count",
             "other_rate": "Other rate"}
    found = candidates("widget_percent", names)
    assert [(p.numerator, p.denominator) for p in found] == [(("widget_count",), ("pupil_count",))]
    assert candidates("pupil_count", names) == []
    assert candidates("vacancy_rate_fte", {}) == [DECLARED["vacancy_rate_fte"]]
    assert candidates("caseload_fte", {"caseload_fte": "", "cases": ""}) == []


def test_overdispersion_threshold_is_the_tabulated_chi_square_point():
    """Upper 5% points of χ² from a printed table (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.4)."""
    from dashboard.metrics.funnel import chi2_upper_95

    for df, table in ((1, 3.841), (2, 5.991), (10, 18.307), (20, 31.410), (40, 55.758), (100, 124.342)):
        assert chi2_upper_95(df) == pytest.approx(table, rel=1e-3)
