"""Each importer on every published file in ../shared/data/public, checked
against the same files read independently (plain pandas, openpyxl,
python-calamine): row counts, codes turned into statuses, and spot values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from data.ingest.cli import run
from tests.conftest import SHARED

PUBLIC = SHARED / "data" / "public"
REGISTER = PUBLIC / "mysociety_uk_local_authorities_current.csv"
CSWW = PUBLIC / "dfe_csww_indicators_2017_to_2025.csv"
CIN = PUBLIC / "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
OFLOG = PUBLIC / "oflog_asc_data.csv"
CT = PUBLIC / "dluhc_CT_Receipts_Live_Table_Q4_2022-23.xlsx"
RSX = PUBLIC / "dfe_RSX_LA_Data_2024-25_data_by_LA.ods"
WASTE = PUBLIC / "ons_sdg_11-6-1_la_collected_waste_by_disposal_method.csv"
NEIGHBOURS = PUBLIC / "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"
# The order an analyst follows: the register (ons-sdg needs it), the EES files
# (their code pairs map the neighbours), then the rest.
ALL = [("register", REGISTER), ("ees", CSWW), ("ees", CIN), ("oflog", OFLOG), ("dluhc-ct", CT), ("rsx", RSX),
       ("ons-sdg", WASTE), ("neighbours", NEIGHBOURS)]
EES_CODES = {"x": "not_available", "c": "suppressed", "z": "not_applicable", "low": "low", "u": "low_reliability"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Every public file loaded, in order, into a new database; (path, outcomes by file name)."""
    db = tmp_path_factory.mktemp("ingest") / "mi.duckdb"
    outcomes = {}
    for kind, path in ALL:
        outcome, parsed = run(kind, path, db)
        outcomes[path.name] = (outcome, parsed)
    return db, outcomes


@pytest.fixture(scope="module")
def con(loaded):
    c = duckdb.connect(str(loaded[0]), read_only=True)
    yield c
    c.close()


def values(con, source: Path, **where) -> pd.DataFrame:
    frame = con.execute("SELECT * FROM published_value WHERE source_file = ?", [source.name]).df()
    for k, v in where.items():
        frame = frame[frame[k] == v]
    return frame


def one(con, source: Path, **where):
    frame = values(con, source, **where)
    assert len(frame) == 1, (where, len(frame))
    return frame.iloc[0]


def test_every_file_loads_and_is_recorded(loaded, con):
    """An analyst can load every file as published and see what each load did."""
    load = con.execute("SELECT * FROM published_load").df().set_index("source_file")
    assert set(load.index) == {p.name for _, p in ALL}
    for _, path in ALL:
        outcome, _ = loaded[1][path.name]
        row = load.loc[path.name]
        assert row.rows_loaded == outcome.rows_loaded > 0
        assert row.rows_skipped == len(outcome.rejections)
        assert row.source_bytes == path.stat().st_size and len(row.source_sha256) == 64
    rejections = con.execute("SELECT source_file, count(*) FROM published_rejection GROUP BY ALL").fetchall()
    assert dict(rejections) == {n: int(load.loc[n].rows_skipped) for n in load.index if load.loc[n].rows_skipped}


@pytest.mark.parametrize("path, year_end", [(CSWW, (9, 30)), (CIN, (3, 31))])
def test_ees_files_match_the_csv(con, path, year_end):
    """Every measure cell of an EES file is one value; codes become statuses; the
    reporting year ends when the publication says (workforce: 30 September)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    dims = {"time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name", "category"}
    measures = [c for c in raw.columns if c not in dims]
    got = values(con, path)
    assert len(got) == len(raw) * len(measures)
    assert set(got["measure_code"]) == set(measures)
    cells = raw[measures].melt()["value"]
    for code, status in EES_CODES.items():
        assert (got["status"] == status).sum() == (cells == code).sum(), code
    assert got["value"].notna().sum() == pd.to_numeric(cells, errors="coerce").notna().sum()
    # Spot checks against the file's own rows: Essex (E10000012) in the latest year, and England.
    for area in ("E10000012", "E92000001"):
        row = raw[(raw["time_period"] == "2025") & ((raw["new_la_code"] == area) if area != "E92000001"
                                                   else (raw["geographic_level"] == "National"))].iloc[0]
        for m in measures:
            v = one(con, path, area_code=area, measure_code=m, period_end=pd.Timestamp(2025, *year_end))
            if row[m] in EES_CODES:
                assert v.status == EES_CODES[row[m]] and pd.isna(v.value) and v.symbol == row[m]
            else:
                assert v.value == pytest.approx(float(row[m])) and v.status == "value"
    v = one(con, path, area_code="E10000012", measure_code=measures[0], period_end=pd.Timestamp(2025, *year_end))
    assert v.period_start == pd.Timestamp(2024, year_end[0], year_end[1]) + pd.Timedelta(days=1)
    assert v.area_type == "county" and v.area_name == "Essex" and v.publisher == "Department for Education"


def test_ees_workforce_spot_values(con):
    """Essex's social work turnover, agency and absence rates read as published."""
    assert one(con, CSWW, area_code="E10000012", measure_code="turnover_rate_fte",
               period_label="Year to 30 September 2025").value == 8.4
    assert set(values(con, CSWW)["period_kind"]) == {"reporting_year"}
    national = values(con, CSWW, area_type="country")
    assert set(national["area_code"]) == {"E92000001"} and len(national) == 9 * 22


def test_ees_filter_column_is_a_breakdown(con):
    """The children-in-need file's text column 'category' splits the figures; it is not a measure."""
    got = values(con, CIN)
    assert set(got["breakdown"]) == {"category: Referrals and Re-referrals"}
    assert "category" not in set(got["measure_code"])
    v = one(con, CIN, area_code="E92000001", measure_code="referral_count", period_label="Year to 31 March 2025")
    assert v.value == 632830 and v.period_start == pd.Timestamp(2024, 4, 1)


def test_ees_code_pairs_recorded(con):
    """Old DfE codes and ONS codes as the EES files pair them, by period."""
    rows = con.execute("""SELECT area_code, first_period, last_period FROM area_code_alias
                          WHERE scheme = 'dfe_la' AND code = '815' AND source_file = ? ORDER BY 2""",
                       [CIN.name]).fetchall()
    assert [r[0] for r in rows] == ["E10000023", "E06000065"]
    assert rows[0][1] == dt.date(2012, 4, 1) and rows[1][2] == dt.date(2025, 3, 31)


def test_oflog_matches_the_csv(con):
    """Each Oflog row is one value, each year's national median one more; rank_order gives the polarity."""
    raw = pd.read_csv(OFLOG, dtype=str, keep_default_na=False)
    got = values(con, OFLOG)
    medians = raw[raw["MEDIAN"] != ""].drop_duplicates(["Financial year", "Code"])
    assert len(got) == len(raw) + len(medians)
    assert (got["status"] == "not_available").sum() == (raw["Value"] == "").sum()
    row = raw[(raw["Local authority code"] == "E10000012") & (raw["Code"] == "ASC1")
              & (raw["Financial year"] == "2021-22")].iloc[0]
    v = one(con, OFLOG, area_code="E10000012", measure_code="ASC1", period_label="2021-22")
    assert v.value == float(row["Value"]) and v.period_start == pd.Timestamp(2021, 4, 1)
    m = one(con, OFLOG, area_code="E92000001", measure_code="ASC1_median", period_label="2021-22")
    assert m.value == float(row["MEDIAN"])
    polarity = dict(con.execute("SELECT measure_code, polarity FROM published_measure WHERE source_file = ?",
                                [OFLOG.name]).fetchall())
    assert polarity["ASC1"] == "up" and polarity["ASC3"] == "up" and polarity["ASC6"] == "neither"


def test_dluhc_council_tax_matches_openpyxl(con):
    """Quarters and annual totals from Table_5, [z] as not applicable, headings with trailing spaces."""
    wb = openpyxl.load_workbook(CT, read_only=True, data_only=True)
    rows = list(wb["Table_5"].iter_rows(values_only=True))
    header = [str(h).strip() if h else "" for h in rows[5]]
    data = [r for r in rows[6:] if r[1]]
    quarters = [i for i, h in enumerate(header) if h.endswith("(Q1)") or h.endswith("(Q2)") or h.endswith("(Q3)")
                or h.endswith("(Q4)")]
    years = [i for i, h in enumerate(header) if h.startswith("Total receipts")]
    got = values(con, CT)
    assert len(got) == len(data) * (len(quarters) + len(years))
    assert (got["measure_code"] == "ct_receipts_year").sum() == len(data) * len(years) == len(data) * 13
    assert (got["status"] == "not_applicable").sum() == sum(r[i] == "[z]" for r in data for i in quarters + years)
    basildon = next(r for r in data if r[1] == "E07000066")
    v = one(con, CT, area_code="E07000066", measure_code="ct_receipts_year", period_label="2022-23")
    assert v.value == basildon[header.index(
        "Total receipts of council taxes collected during the financial year - 2022 to 2023 (Q1 to Q4)")]
    q = one(con, CT, area_code="E07000066", measure_code="ct_receipts_quarter", period_label="2012-13 Q1")
    assert q.value == basildon[header.index("April to June 2012 (Q1)")]  # the heading has a trailing space
    assert q.period_start == pd.Timestamp(2012, 4, 1) and q.period_end == pd.Timestamp(2012, 6, 30)
    q4 = one(con, CT, area_code="E07000066", measure_code="ct_receipts_quarter", period_label="2022-23 Q4")
    assert q4.period_start == pd.Timestamp(2023, 1, 1) and q4.source_ref.startswith("Table_5!")
    z = one(con, CT, area_code="E07000004", measure_code="ct_receipts_year", period_label="2022-23")
    assert z.status == "not_applicable" and pd.isna(z.value) and z.symbol == "[z]"
    york = one(con, CT, area_code="E06000014", measure_code="ct_receipts_year", period_label="2022-23")
    assert york.area_name == "York"  # "York " in the sheet
    essex_districts = con.execute("""
        SELECT count(DISTINCT v.area_code) FROM published_value AS v JOIN authority AS a ON a.area_code = v.area_code
        WHERE v.source_file = ? AND a.parent_county_code = 'ESS'""", [CT.name]).fetchone()[0]
    assert essex_districts == 12


def test_rsx_matches_calamine(con):
    """Every authority's 98 service figures, [x] as not available, codes from the hidden row; class totals skipped."""
    rows = CalamineWorkbook.from_path(str(RSX)).get_sheet_by_name("RSX_LA_Data_202425").to_python()
    header, codes = rows[6], rows[-1]
    second = next(i for i in range(7, len(rows)) if rows[i][1] == "ONS Code")
    authorities = [r for r in rows[7:second] if str(r[1]).startswith("E") and len(str(r[1])) == 9]
    got = values(con, RSX)
    assert len(got) == len(authorities) * 98
    assert (got["status"] == "not_available").sum() == sum(c == "[x]" for r in authorities for c in r[7:])
    col = codes.index("RSX-csc-tot-exp")
    essex = next(r for r in authorities if r[1] == "E10000012")
    v = one(con, RSX, area_code="E10000012", measure_code="RSX-csc-tot-exp")
    assert v.value == essex[col] and v.period_label == "2024-25" and v.area_type == "county"
    name = con.execute("SELECT measure_name, unit FROM published_measure WHERE source_file = ? AND measure_code = ?",
                       [RSX.name, "RSX-csc-tot-exp"]).fetchone()
    assert name == (header[col], "£ thousand")
    skipped = con.execute("SELECT reason FROM published_rejection WHERE source_file = ?", [RSX.name]).fetchall()
    assert sum("class of authority" in r[0] for r in skipped) == len(rows) - second - 2


def test_ons_waste_names_resolved_through_the_register(loaded, con):
    """Authorities named, not coded, get their ONS codes; joint waste authorities are reported, not guessed."""
    raw = pd.read_csv(WASTE, dtype=str, keep_default_na=False)
    got = values(con, WASTE)
    outcome, parsed = loaded[1][WASTE.name]
    assert len(got) + len(outcome.rejections) == len(raw)
    unresolved = {n.split(": ", 1)[1].split(" (")[0] for n in parsed.notes if n.startswith("not resolved")}
    assert "East London Waste Authority" in unresolved and "Essex County Council" not in unresolved
    assert not any(u.endswith("Council") for u in unresolved)
    row = raw[(raw["Waste collection authority"] == "Essex County Council") & (raw["Year"] == "2014/15")
              & (raw["Disposal method"] == "Landfill")].iloc[0]
    v = one(con, WASTE, area_code="E10000012", measure_code="waste_landfill", period_label="2014-15")
    assert v.value == pytest.approx(float(row["Value"])) and v.area_type == "county"
    england = values(con, WASTE, area_code="E92000001")
    assert len(england) == ((raw["Region"] == "") & (raw["Waste collection authority"] == "")).sum()
    # Buckinghamshire: the county council until March 2020, the unitary council after.
    bucks = values(con, WASTE, measure_code="waste_landfill")
    bucks = bucks[bucks["area_name"].str.startswith("Buckinghamshire")]
    by_name = dict(zip(bucks["area_name"], bucks["area_code"]))
    assert by_name.get("Buckinghamshire County Council") == "E10000002"
    assert by_name.get("Buckinghamshire Council") == "E06000060"


def test_register_matches_the_csv(con):
    """The register's authorities, with Essex's twelve districts under it."""
    raw = pd.read_csv(REGISTER, dtype=str, keep_default_na=False)
    assert con.execute("SELECT count(*) FROM authority").fetchone()[0] == len(raw)
    essex = con.execute("SELECT area_code, authority_type, area_type, old_la_code FROM authority "
                        "WHERE code = 'ESS'").fetchone()
    assert essex == ("E10000012", "CTY", "county", "881")
    districts = con.execute("SELECT count(*), min(parent_area_code), max(parent_area_code) FROM authority "
                            "WHERE parent_county_code = 'ESS'").fetchone()
    assert districts == ((raw["county-la"] == "ESS").sum(), "E10000012", "E10000012") and districts[0] == 12
    nyk = con.execute("SELECT is_current, end_date FROM authority WHERE code = 'NYK'").fetchone()
    assert nyk == (False, dt.date(2023, 4, 1))


def test_neighbours_mapped_to_ons_codes(loaded, con):
    """Essex's ten statistical neighbours, nearest first, with ONS codes; the old groupings flagged."""
    raw = pd.read_csv(NEIGHBOURS, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw[raw["LA num"].str.fullmatch(r"\d{3}")]
    got = con.execute("SELECT * FROM statistical_neighbour").df()
    assert len(got) == len(raw) * 10
    essex = got[got["dfe_code"] == "881"].sort_values("rank")
    row = raw[raw["LA num"] == "881"].iloc[0]
    assert list(essex["neighbour_dfe_code"]) == [row[f"SN{n}"] for n in range(1, 11)]
    assert essex.iloc[0]["neighbour_area_code"] == "E10000016"  # Kent
    assert essex.iloc[0]["closeness"] == row["SNP"] and essex.iloc[0]["area_code"] == "E10000012"
    assert got["area_code"].notna().all() and got["neighbour_area_code"].notna().all()
    old = set(got.loc[~got["is_current"], "dfe_code"])
    assert old == {"835", "836", "837", "928"}
    # 815 North Yorkshire became a unitary in 2023: the latest pairing is used.
    assert got.loc[got["dfe_code"] == "815", "area_code"].iloc[0] == "E06000065"


def test_tables_and_columns_are_documented(con):
    """Analysts find what each imported table and column means in the catalogue."""
    for table in ("published_load", "published_measure", "published_value", "published_rejection", "authority",
                  "area_code_alias", "statistical_neighbour"):
        assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
        missing = con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL",
                              [table]).fetchall()
        assert missing == [], (table, missing)


def test_published_current_keeps_the_newest_release(loaded, tmp_path):
    """A newer release of the same publication supersedes the older one's overlapping years."""
    import shutil

    db = tmp_path / "mi.duckdb"
    shutil.copyfile(loaded[0], db)
    newer = tmp_path / "dfe_csww_indicators_2017_to_2026.csv"
    text = CSWW.read_text().replace("2025,Reporting year,Local authority,E92000001,England,E12000006,East of England,"
                                    "881,E10000012,Essex,", "2025,Reporting year,Local authority,E92000001,England,"
                                    "E12000006,East of England,881,E10000012,Essex,9")
    newer.write_text(text)
    run("ees", newer, db)
    with duckdb.connect(str(db), read_only=True) as c:
        both = c.execute("""SELECT count(*) FROM published_value WHERE area_code = 'E10000012'
                            AND measure_code = 'inpost_fte'
                            AND period_label = 'Year to 30 September 2025'""").fetchone()
        current = c.execute("""SELECT source_file, value FROM published_current WHERE area_code = 'E10000012'
                               AND measure_code = 'inpost_fte'
                               AND period_label = 'Year to 30 September 2025'""").fetchall()
    assert both == (2,) and len(current) == 1 and current[0][0] == newer.name
