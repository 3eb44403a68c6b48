"""/benchmarking on EES files it has never seen (tests/published_files.py: several filters, a total and none,
counts, rates and a population column, with and without the EES metadata file) and on ONS population
estimates: every breakdown can be chosen, counts are compared per head, a measure is named by its publication,
and a comparison that cannot be made says why beside the pickers.  Ranks, quartiles, medians and rates per
head are worked out here from the files with pandas, never from the dashboard's output.

If these broke, an analyst would be told "no values" for the most important measure in a file, or shown Kent
"ranked 1" for having more children than North Somerset."""

from __future__ import annotations

import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from tests.conftest import PUBLIC, ingest
from tests.published_files import districts, write_cla, write_mye, write_placements

ESSEX = "E10000012"
NEIGHBOURS = PUBLIC / "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"
REGISTER = PUBLIC / "mysociety_uk_local_authorities_current.csv"
LATEST = "Year to 31 March 2025"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    return {"cla": write_cla(folder), "placements": write_placements(folder), "mye": write_mye(folder),
            "folder": folder}


@pytest.fixture(scope="module")
def db_path(tiny_db, files, tmp_path_factory):
    """The tiny demo with the register, the two EES files, the neighbours and the ONS estimates imported."""
    db = tmp_path_factory.mktemp("any") / "mi.duckdb"
    shutil.copy(tiny_db, db)
    for kind, path in (("register", REGISTER), ("ees", files["cla"]), ("ees", files["placements"]),
                       ("neighbours", NEIGHBOURS), ("ons-mye", files["mye"])):
        ingest(db, kind, path)
    return db


@pytest.fixture(scope="module")
def client(db_path):
    from dashboard import create_app
    from dashboard.settings import Settings

    return create_app(Settings(db_path=db_path, auth="none")).server.test_client()


def _csv(client, query: str) -> pd.DataFrame:
    r = client.get("/download/benchmarking.csv" + query)
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


# -- worked out here, from the files ----------------------------------------------------------------------

def essex_neighbours(data: pd.DataFrame) -> set[str]:
    """Essex and its ten DfE statistical neighbours, DfE codes mapped to ONS codes by the file itself."""
    groups = pd.read_csv(NEIGHBOURS, dtype=str, encoding="utf-8-sig")
    row = groups[groups["LA num"] == "881"].iloc[0]
    ons = dict(zip(data["old_la_code"].astype(str), data["new_la_code"]))
    return {ESSEX} | {ons[row[f"SN{k}"]] for k in range(1, 11)}


def ranked(values: pd.Series, lower_better: bool = False) -> pd.DataFrame:
    """Rank (1 the highest, or the lowest where lower is better; ties share the better rank), quartile (1 holds
    rank 1) and distance from the median, by hand."""
    v = values.dropna()
    rank = {}
    for code, x in v.items():
        rank[code] = 1 + int(((v < x) if lower_better else (v > x)).sum())
    n = len(v)
    out = pd.DataFrame({"value": v, "rank": pd.Series(rank)})
    out["quartile"] = [min(4, 1 + (r - 1) * 4 // n) for r in out["rank"]]
    out["from_median"] = out["value"] - float(np.median(v.to_numpy()))
    return out


def mye_children(path, year: int) -> pd.Series:
    """Children aged 0–17 by area at mid-``year``: districts and unitaries from the file, each county the sum of
    its districts (the register's county-la)."""
    raw = pd.read_csv(path, skiprows=1)
    kids = raw[raw["age"] <= 17].groupby("ladcode23")[f"population_{year}"].sum()
    d = districts()
    counties = d.dropna(subset=["county"]).groupby("county")["code"].agg(list)
    return pd.concat([kids, pd.Series({c: kids[codes].sum() for c, codes in counties.items()})])


def _check(got: pd.DataFrame, expected: pd.DataFrame, *, decimals: int = 9) -> None:
    got = got.dropna(subset=["rank"]).set_index("area_code")
    assert set(got.index) == set(expected.index)
    e = expected.loc[got.index]
    assert np.allclose(got["value"], e["value"], atol=10.0 ** -decimals)
    assert (got["rank"] == e["rank"]).all() and (got["quartile"] == e["quartile"]).all()
    assert np.allclose(got["from_median"], e["from_median"], atol=10.0 ** -decimals)


# -- the tests ------------------------------------------------------------------------------------------------

def test_a_file_without_a_total_compares_its_first_breakdown(client, files):
    """The children-looked-after rate has three population types and no total: the page starts from the
    first one in the publisher's order (age group's total), never "no values"."""
    data = pd.read_csv(files["cla"], dtype=str)
    group = essex_neighbours(data)
    got = _csv(client, f"?measure=dfe_cla_rates.rate_per_10000&area={ESSEX}")
    assert got["breakdown"].iloc[0] == "population_type: Children looked after at 31 March; age_group: Total"
    rows = data[(data["time_period"] == "2025") & data["new_la_code"].isin(group)
                & (data["population_type"] == "Children looked after at 31 March") & (data["age_group"] == "Total")]
    expected = ranked(pd.to_numeric(rows.set_index("new_la_code")["rate_per_10000"], errors="coerce"))
    _check(got, expected)
    assert got["period_label"].iloc[0] == LATEST and len(got) == 11


def test_every_filter_and_value_can_be_chosen(client, files):
    """Each filter has a picker with every value; another combination compares that combination."""
    body = _page(client, f"?measure=dfe_cla_rates.rate_per_10000&area={ESSEX}")
    for label in ("Which children", "Filter by which children are counted", "Age group"):
        assert label in body                                 # the labels and hint of the metadata file
    for value in ("Children looked after at 31 March", "Children starting to be looked after",
                  "Children ceasing to be looked after", "Under 10", "10 and over"):
        assert f'"value": "{value}"' in body
    data = pd.read_csv(files["cla"], dtype=str)
    breakdown = "population_type: Children ceasing to be looked after; age_group: 10 and over"
    got = _csv(client, f"?measure=dfe_cla_rates.rate_per_10000&area={ESSEX}&breakdown={breakdown}")
    rows = data[(data["time_period"] == "2025") & data["new_la_code"].isin(essex_neighbours(data))
                & (data["population_type"] == "Children ceasing to be looked after")
                & (data["age_group"] == "10 and over")]
    _check(got, ranked(pd.to_numeric(rows.set_index("new_la_code")["rate_per_10000"], errors="coerce")))


def test_a_count_is_compared_per_head_of_the_files_own_population(client, files):
    """Number of children looked after per 10,000 of the population estimate on the same row of the file."""
    data = pd.read_csv(files["cla"], dtype=str)
    got = _csv(client, f"?measure=dfe_cla_rates.number&area={ESSEX}")
    assert got["compared"].iloc[0] == "per 10,000 population estimate, children aged 0 to 17"
    rows = data[(data["time_period"] == "2025") & data["new_la_code"].isin(essex_neighbours(data))
                & (data["population_type"] == "Children looked after at 31 March") & (data["age_group"] == "Total")]
    rows = rows.set_index("new_la_code")
    rate = 10_000 * pd.to_numeric(rows["number"], errors="coerce") / rows["population_estimate"].astype(float)
    _check(got, ranked(rate))
    essex = got.set_index("area_code").loc[ESSEX]
    assert essex["published_value"] == float(rows.loc[ESSEX, "number"])


def test_a_count_without_a_population_of_its_own_is_divided_by_ons_children(client, files):
    """Placement counts per 10,000 children aged 0–17: the ONS estimate of mid-2024 for the year to 31 March
    2025 (the latest before its end), counties summed from their districts."""
    data = pd.read_csv(files["placements"], dtype=str)
    got = _csv(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}")
    assert got["compared"].iloc[0] == "per 10,000 children aged 0–17"
    assert set(got["population_period"].dropna()) == {"Mid-2024"}
    rows = data[(data["time_period"] == "2025") & data["new_la_code"].isin(essex_neighbours(data))
                & (data["social_workers"] == "Total")].set_index("new_la_code")
    children = mye_children(files["mye"], 2024)
    rate = 10_000 * rows["children_count"].astype(float) / rows.index.map(children).astype(float)
    _check(got, ranked(pd.Series(rate.to_numpy(), index=rows.index)))
    assert np.allclose(got.set_index("area_code").loc[rows.index, "population"], rows.index.map(children))


def test_an_earlier_year_uses_the_estimate_before_it(client, files):
    got = _csv(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}"
                       "&period=Year to 31 March 2024")
    assert set(got["population_period"].dropna()) == {"Mid-2023"}
    essex = got.set_index("area_code").loc[ESSEX]
    assert essex["population"] == mye_children(files["mye"], 2023)[ESSEX]


def test_a_raw_count_is_said_to_be_raw(client, files):
    """Asked for the figures as published, the page ranks the counts but says they are raw."""
    got = _csv(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}&per=raw")
    assert got["compared"].iloc[0] == "raw count, not per head"
    assert (got["value"].dropna() == got["published_value"].dropna()).all()
    body = _page(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}&per=raw")
    assert "These are raw counts, not per head" in body and "raw count, not per head" in body


def test_a_total_that_is_every_area_100_percent_says_so_and_offers_the_others(client, files):
    """The placements percentage's total breakdown is 100% everywhere: the page says there is nothing to rank,
    on the normal page with the pickers, and "3 or more social workers" can be chosen and compared."""
    body = _page(client, f"?measure=dfe_placement_stability.children_percent&area={ESSEX}")
    assert "This comparison cannot be made" in body and "Every area compared has the same figure, 100.0%" in body
    assert "Page not found" not in body and '"value": "3 or more social workers"' in body
    data = pd.read_csv(files["placements"], dtype=str)
    got = _csv(client, f"?measure=dfe_placement_stability.children_percent&area={ESSEX}"
                       "&breakdown=social_workers: 3 or more social workers")
    rows = data[(data["time_period"] == "2025") & data["new_la_code"].isin(essex_neighbours(data))
                & (data["social_workers"] == "3 or more social workers")]
    _check(got, ranked(pd.to_numeric(rows.set_index("new_la_code")["children_percent"], errors="coerce")))


def test_a_column_two_files_have_is_named_by_its_publication(client, files):
    """children_count is in both files: each has its own id, and an old bare link still opens, saying which
    it shows and naming the other."""
    a = _csv(client, f"?measure=dfe_cla_rates.children_count&area={ESSEX}&per=raw")
    b = _csv(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}&per=raw")
    assert a["measure_id"].iloc[0] != b["measure_id"].iloc[0]
    assert a["measure_name"].iloc[0] == "Children with three or more placements"     # the metadata's label
    assert b["measure_name"].iloc[0] == "Children count"                            # made readable
    body = _page(client, f"?measure=children_count&area={ESSEX}")
    assert "is a column of 2 imported publications" in body and "dfe_cla_rates.children_count" in body
    # the file name with its years reads as its publication
    c = _csv(client, f"?measure=dfe_cla_rates_2023_to_2025.children_count&area={ESSEX}&per=raw")
    assert c["measure_id"].iloc[0] == "dfe_cla_rates.children_count"


def test_published_precision_whole_numbers_and_metadata_decimals(client, files):
    """Counts print as whole numbers (never "5,862.0"); a percentage to the file's one decimal place."""
    data = pd.read_csv(files["placements"], dtype=str)
    essex = data[(data["time_period"] == "2025") & (data["new_la_code"] == ESSEX)].set_index("social_workers")
    count = int(essex.loc["Total", "children_count"])
    body = _page(client, f"?measure=dfe_placement_stability.children_count&area={ESSEX}&per=raw")
    assert f'"{count:,}"' in body and f"{count:,}.0" not in body
    percent = _page(client, f"?measure=dfe_placement_stability.children_percent&area={ESSEX}"
                            "&breakdown=social_workers: 2 social workers")
    assert "Figure (%)" in percent and f'"{float(essex.loc["2 social workers", "children_percent"]):.1f}"' in percent


def test_unknown_measure_is_not_found_and_bad_choices_are_explained_beside_the_pickers(client):
    assert "There is no imported measure with the code “no_such_thing”" in _page(client, "?measure=no_such_thing")
    for search, why in (("&group=everyone", "is not a comparator group"),
                        ("&period=1999", "is not a period of"),
                        ("&breakdown=age_group: 90 and over", "is not a breakdown of"),
                        ("&per=ons_mid_year_estimates.nothing", "is not a population")):
        body = _page(client, f"?measure=dfe_cla_rates.number&area={ESSEX}{search}")
        assert why in body and "This comparison cannot be made" in body and "benchmark-pick" in body, search
    r = client.get(f"/download/benchmarking.csv?measure=dfe_cla_rates.number&area={ESSEX}&group=everyone")
    assert r.status_code == 400
    r = client.get(f"/download/benchmarking.csv?measure=no_such_thing&area={ESSEX}")
    assert r.status_code == 404


def test_a_measure_only_published_for_england_says_where_it_has_figures(client, files):
    """The file's national row has figures for England only for some cells: comparing a measure with no
    figures for the group says so and names the kinds of area it does have."""
    body = _page(client, f"?measure=dfe_cla_rates.number&area={ESSEX}&group=districts")
    assert "Essex's districts" in body and "The file has figures for" in body


def test_no_preferred_direction_means_no_colour(client):
    """Nobody says which way is better for a count per head: ranked high to low, quartiles in words only."""
    body = _page(client, f"?measure=dfe_cla_rates.number&area={ESSEX}")
    assert "no preferred direction" in body and "quartile-1" not in body


@pytest.mark.parametrize("measure, breakdown, per", [
    ("dfe_cla_rates.number", None, None),                                       # the file's own population
    ("dfe_placement_stability.children_count", None, None),                     # ONS children aged 0–17
    ("dfe_placement_stability.children_count", None, "ons_mid_year_estimates.population_all_ages"),
    ("dfe_cla_rates.rate_per_10000", "population_type: Children starting to be looked after; age_group: Under 10",
     None),
])
def test_the_bench_baseline_answers_alike(db_path, measure, breakdown, per):
    """make bench's pandas baseline (bench/baseline_benchmarking.py) gives the same breakdown, population,
    ranks and medians per head, so the bench compares like with like."""
    from bench.baseline_benchmarking import PublishedBaseline
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.pagedata import comparison as benchmarking

    app = create_app(Settings(db_path=db_path, query_cache_size=0, auth="none"))
    with app.server.app_context():
        c = benchmarking.compare(app.server.extensions["mi_database"], measure, ESSEX, None, None, breakdown, per)
    theirs = PublishedBaseline.load(db_path).page(measure, ESSEX, None, None, breakdown, per)
    assert (theirs["breakdown"], theirs["period"]) == (c.breakdown, c.period)
    assert (theirs["base"].id if theirs["base"] else None) == (c.base.id if c.base else None)
    ours, base = c.values.set_index("area_code"), theirs["values"].set_index("area_code")
    assert set(ours.index) == set(base.index)
    for col in ("value", "rank", "quartile", "from_median"):
        assert np.allclose(ours[col].astype(float), base.loc[ours.index, col].astype(float), equal_nan=True), col
    t_ours, t_base = c.trend.set_index("period_label"), theirs["trend"].set_index("period_label")
    assert np.allclose(t_ours["median"], t_base.loc[t_ours.index, "median"], equal_nan=True)
