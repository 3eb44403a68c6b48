"""Published files written for the tests, in the publishers' own layouts, for what ../shared/data/public does not
have: EES files with several filters (one with a "Total", one without), counts, rates and a population column,
with and without the EES metadata file; and ONS mid-year population estimates (MYEB1 layout).  The areas are
real (the DfE codes and ONS codes of the C1 file, the register's districts), the figures invented from a seed.
Written under a test's temporary folder, never into the shared data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests.conftest import PUBLIC

C1 = PUBLIC / "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
REGISTER = PUBLIC / "mysociety_uk_local_authorities_current.csv"
GEOGRAPHY = ["country_code", "country_name", "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]

CLA = "dfe_cla_rates_2023_to_2025.csv"                 # with its .meta.csv
PLACEMENTS = "dfe_placement_stability_2024_to_2025.csv"  # without
MYE = "ons_mid_year_estimates_2022_to_2024.csv"
POPULATION_TYPES = ["Children looked after at 31 March", "Children starting to be looked after",
                    "Children ceasing to be looked after"]
AGE_GROUPS = ["Total", "Under 10", "10 and over"]
SOCIAL_WORKERS = ["Total", "1 social worker", "2 social workers", "3 or more social workers"]


def authorities() -> pd.DataFrame:
    """The children's services authorities of the C1 file's latest year, with their codes and region."""
    c1 = pd.read_csv(C1, dtype=str, keep_default_na=False)
    la = c1[(c1["geographic_level"] == "Local authority") & (c1["time_period"] == c1["time_period"].max())]
    return la[GEOGRAPHY].drop_duplicates("new_la_code").reset_index(drop=True)


def districts() -> pd.DataFrame:
    """The register's current English districts and unitaries (the rows of an MYEB1 file), with their county."""
    reg = pd.read_csv(REGISTER, dtype=str, keep_default_na=False)
    current = reg[(reg["end-date"] == "") & reg["gss-code"].str.match(r"E0[6789]")]
    counties = reg[(reg["local-authority-type"] == "CTY") & (reg["end-date"] == "")].set_index(
        "local-authority-code")["gss-code"]
    return pd.DataFrame({"code": current["gss-code"], "name": current["nice-name"],
                         "county": current["county-la"].map(counties)}).reset_index(drop=True)


def _national(row: dict) -> dict:
    return {**row, "geographic_level": "National", "region_code": "", "region_name": "", "old_la_code": "",
            "new_la_code": "", "la_name": ""}


def write_mye(folder: Path, seed: int = 17) -> Path:
    """MYEB1: ladcode23, laname23, country, sex, age, population_2022..2024, with a title line above."""
    rng = np.random.default_rng(seed)
    d = districts()
    ages = np.arange(91)
    rows = []
    for code, name in zip(d["code"], d["name"]):
        size = rng.integers(300, 1600)
        for sex in ("F", "M"):
            base = rng.integers(size // 2, size, len(ages)) * np.where(ages < 90, 1, 3)
            rows += [[code, name, "E", sex, int(a), int(base[a]), int(base[a] * 1.01), int(base[a] * 1.02)]
                     for a in ages]
    frame = pd.DataFrame(rows, columns=["ladcode23", "laname23", "country", "sex", "age", "population_2022",
                                        "population_2023", "population_2024"])
    path = folder / MYE
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("Mid-year population estimates, by sex and single year of age (test file)\n")
        frame.to_csv(handle, index=False)
    return path


def write_cla(folder: Path, *, meta: bool = True, seed: int = 3) -> Path:
    """Children looked after: two filters (population_type without a total, age_group with one), a count, a
    rate per 10,000 and the population estimate it is worked out from; a few suppressed cells."""
    rng = np.random.default_rng(seed)
    la = authorities()
    rows = []
    for year in ("2023", "2024", "2025"):
        for area in la.to_dict("records"):
            pops = {"Total": int(rng.integers(20_000, 300_000))}
            pops["Under 10"] = int(pops["Total"] * 0.55)
            pops["10 and over"] = pops["Total"] - pops["Under 10"]
            for k, ptype in enumerate(POPULATION_TYPES):
                young = int(rng.integers(20, 400)) // (k + 1)
                old = int(rng.integers(20, 500)) // (k + 1)
                for age, number in (("Total", young + old), ("Under 10", young), ("10 and over", old)):
                    suppressed = number < 8
                    rows.append({"time_period": year, "time_identifier": "Reporting year",
                                 "geographic_level": "Local authority", **area, "population_type": ptype,
                                 "age_group": age, "number": "c" if suppressed else str(number),
                                 "rate_per_10000": "c" if suppressed else str(round(10_000 * number / pops[age])),
                                 "population_estimate": str(pops[age]),
                                 "children_count": str(int(rng.integers(0, 60)))})
        rows.append(_national({**rows[-1], "number": "80000", "rate_per_10000": "70", "population_estimate": "12000000"}))
    data = pd.DataFrame(rows)
    path = folder / CLA
    data.to_csv(path, index=False)
    if meta:
        pd.DataFrame([
            ["population_type", "Filter", "Which children", "", "", "", "Filter by which children are counted", ""],
            ["age_group", "Filter", "Age group", "", "", "", "", ""],
            ["number", "Indicator", "Number of children", "Children", "", "0", "", ""],
            ["rate_per_10000", "Indicator", "Rate per 10,000 children", "Children", "", "0", "", ""],
            ["population_estimate", "Indicator", "Population estimate, children aged 0 to 17", "", "", "0", "", ""],
            ["children_count", "Indicator", "Children with three or more placements", "", "", "0", "", ""],
        ], columns=["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                    "filter_hint", "filter_grouping_column"]).to_csv(folder / CLA.replace(".csv", ".meta.csv"),
                                                                   index=False)
    return path


def write_placements(folder: Path, seed: int = 5) -> Path:
    """Placement stability, no metadata file: one filter whose "Total" is every child (100%), a count and a
    percentage of the total to one decimal place; a code where a figure is not available."""
    rng = np.random.default_rng(seed)
    la = authorities()
    rows = []
    for year in ("2024", "2025"):
        for i, area in enumerate(la.to_dict("records")):
            parts = rng.integers(10, 400, 3)
            total = int(parts.sum())
            for item, count in zip(SOCIAL_WORKERS, [total, *parts]):
                missing = i == 5 and item == "3 or more social workers"
                rows.append({"time_period": year, "time_identifier": "Reporting year",
                             "geographic_level": "Local authority", **area, "social_workers": item,
                             "children_count": "x" if missing else str(int(count)),
                             "children_percent": "x" if missing else f"{100 * count / total:.1f}"})
    path = folder / PLACEMENTS
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
