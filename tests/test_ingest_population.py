"""ONS mid-year population estimates (MYEB1 layout), the bases benchmarking divides counts by: the sexes and
single years of age summed into five age bands, each county added as the sum of its districts, and a file
that is not one refused in one line.  The sums are worked out here from the file with pandas."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from data.ingest.cli import run
from data.ingest.common import IngestError
from tests.conftest import PUBLIC, ROOT, ingest
from tests.published_files import districts, write_mye

ESSEX = "E10000012"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mye")
    db = folder / "mi.duckdb"
    ingest(db, "register", PUBLIC / "mysociety_uk_local_authorities_current.csv")
    path = write_mye(folder)
    outcome, parsed = run("ons-mye", path, db)
    return db, path, outcome, parsed


def _value(db, area, code, label):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT value FROM published_value WHERE area_code = ? AND measure_code = ? "
                           "AND period_label = ?", [area, code, label]).fetchone()[0]


def test_bands_are_sums_over_sexes_and_ages(loaded):
    db, path, _outcome, _parsed = loaded
    raw = pd.read_csv(path, skiprows=1)
    chelmsford = raw[raw["ladcode23"] == "E07000070"]
    assert _value(db, "E07000070", "population_all_ages", "Mid-2024") == chelmsford["population_2024"].sum()
    assert _value(db, "E07000070", "population_0_17", "Mid-2023") == \
        chelmsford.loc[chelmsford["age"] <= 17, "population_2023"].sum()
    assert _value(db, "E07000070", "population_65_plus", "Mid-2022") == \
        chelmsford.loc[chelmsford["age"] >= 65, "population_2022"].sum()
    assert _value(db, "E07000070", "population_18_64", "Mid-2024") == \
        chelmsford.loc[chelmsford["age"].between(18, 64), "population_2024"].sum()


def test_a_county_is_the_sum_of_its_districts(loaded):
    """Essex: its twelve districts of the register, summed."""
    db, path, _outcome, parsed = loaded
    raw = pd.read_csv(path, skiprows=1)
    d = districts()
    essex = d.loc[d["county"] == ESSEX, "code"]
    assert len(essex) == 12
    kids = raw[raw["ladcode23"].isin(essex) & (raw["age"] <= 17)]["population_2024"].sum()
    assert _value(db, ESSEX, "population_0_17", "Mid-2024") == kids
    assert any("21 counties added" in n for n in parsed.notes)
    with duckdb.connect(str(db), read_only=True) as con:
        kind, end = con.execute("SELECT period_kind, period_end FROM published_value WHERE area_code = ? "
                                "AND period_label = 'Mid-2024' LIMIT 1", [ESSEX]).fetchone()
        measure = con.execute("SELECT kind, measure_name FROM published_measure "
                              "WHERE measure_code = 'population_0_17'").fetchone()
    assert kind == "mid_year" and str(end) == "2024-06-30"
    assert measure == ("population", "Children aged 0–17")


def test_without_the_register_counties_are_not_added_and_it_says_so(tmp_path):
    path = write_mye(tmp_path)
    _outcome, parsed = run("ons-mye", path, tmp_path / "mi.duckdb")
    assert any("counties not added: the register is not loaded" in n for n in parsed.notes)


def test_a_file_that_is_not_one_is_refused_in_one_line(tmp_path):
    path = tmp_path / "population.csv"
    path.write_text("code,name,total\nE06000001,Hartlepool,92000\n")
    with pytest.raises(IngestError, match="not an ONS mid-year population estimates file"):
        run("ons-mye", path, tmp_path / "mi.duckdb")
    done = subprocess.run([sys.executable, "-m", "data.ingest", "ons-mye", str(path), "--db",
                           str(tmp_path / "mi.duckdb")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_rows_without_a_code_or_an_age_are_skipped_with_the_reason(tmp_path):
    path = tmp_path / "mye.csv"
    path.write_text("ladcode23,laname23,country,sex,age,population_2024\n"
                    "E06000001,Hartlepool,E,F,0,500\n"
                    "E06000001,Hartlepool,E,M,0,510\n"
                    "Total,,E,F,0,9999\n"
                    "E06000001,Hartlepool,E,F,all,92000\n")
    outcome, _parsed = run("ons-mye", path, tmp_path / "mi.duckdb")
    assert sorted(r.reason for r in outcome.rejections) == ["not an authority's row (no ONS code, or no age)"] * 2
    assert _value(tmp_path / "mi.duckdb", "E06000001", "population_all_ages", "Mid-2024") == 1010
