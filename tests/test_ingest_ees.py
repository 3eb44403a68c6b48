"""The EES importer on files it has never seen: other time identifiers, other
geographic levels, filter columns, the EES metadata file, odd cells."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from data.ingest.cli import run
from data.ingest.common import parse_cells
from data.ingest.ees import period

D = dt.date


@pytest.mark.parametrize("time_period, identifier, label, start, end", [
    ("2025", "Reporting year", "Year to 31 March 2025", D(2024, 4, 1), D(2025, 3, 31)),
    ("2024", "Calendar year", "2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024", "Calendar year Q2", "2024 Q2", D(2024, 4, 1), D(2024, 6, 30)),
    ("202324", "Financial year", "2023-24", D(2023, 4, 1), D(2024, 3, 31)),
    ("202324", "Financial year Q4", "2023-24 Q4", D(2024, 1, 1), D(2024, 3, 31)),
    ("202324", "Part 2 (October to March)", "2023-24 October to March", D(2023, 10, 1), D(2024, 3, 31)),
    ("202324", "Academic year", "2023/24", D(2023, 9, 1), D(2024, 8, 31)),
    ("202324", "Autumn term", "Autumn term 2023/24", D(2023, 9, 1), D(2023, 12, 31)),
    ("202324", "Spring term", "Spring term 2023/24", D(2024, 1, 1), D(2024, 3, 31)),
    ("202324", "Tax year", "2023-24 tax year", D(2023, 4, 6), D(2024, 4, 5)),
    ("2024", "February", "February 2024", D(2024, 2, 1), D(2024, 2, 29)),
    ("2024", "Week 1", "2024 week 1", D(2024, 1, 1), D(2024, 1, 7)),
])
def test_time_identifiers(time_period, identifier, label, start, end):
    """time_identifier decides what time_period means."""
    p = period(time_period, identifier)
    assert (p.label, p.start, p.end) == (label, start, end)


def test_reporting_year_at_another_date():
    p = period("2025", "Reporting year", (9, 30))
    assert (p.label, p.start, p.end) == ("Year to 30 September 2025", D(2024, 10, 1), D(2025, 9, 30))


@pytest.mark.parametrize("time_period, identifier, why", [
    ("2024", "Financial year", "six-digit"), ("202325", "Academic year", "consecutive"),
    ("2024", "Fortnight 3", "not one this importer knows"), ("24", "Calendar year", "neither a year"),
])
def test_time_identifier_errors(time_period, identifier, why):
    with pytest.raises(ValueError, match=why):
        period(time_period, identifier)


def test_cells():
    """Numbers, EES and GSS codes, annotated numbers; anything else is not ok."""
    got = parse_cells(["1", "-2.5", "x", "c", "z", "low", "u", "[z]", "[x]", "~", "1,234", "12 [p]", "",
                       "nan", "inf", "abc", 3.25])
    assert list(got["status"]) == ["value", "value", "not_available", "suppressed", "not_applicable", "low",
                                   "low_reliability", "not_applicable", "not_available", "low", "value",
                                   "provisional", "not_available", "value", "value", "value", "value"]
    assert list(got["ok"]) == [True] * 13 + [False, False, False, True]
    assert got["value"].iloc[10] == 1234 and got["value"].iloc[11] == 12 and got["value"].iloc[16] == 3.25
    assert got["symbol"].iloc[7] == "[z]" and got["symbol"].iloc[0] is None


NEW_FILE = """time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,\
new_la_code,old_la_code,la_name,lad_code,lad_name,school_type,pupils,pupil_percent
202324,Academic year,National,E92000001,England,,,,,,,,Total,100,5.5
202324,Academic year,Local authority,E92000001,England,E12000006,East of England,E10000012,881,Essex,,,Primary,c,low
202324,Academic year,Local authority,E92000001,England,E12000006,East of England,E10000012,881,Essex,,,Secondary,12,x
202324,Spring term,Local authority,E92000001,England,E12000006,East of England,E10000012,881,Essex,,,Secondary,13,[z]
202324,Academic year,Local authority district,E92000001,England,E12000006,East of England,,,,E07000066,Basildon,Total,7,1
2024,Financial year,National,E92000001,England,,,,,,,,Total,1,1
2024,Made-up year,National,E92000001,England,,,,,,,,Total,1,1
202324,Academic year,Local authority,E92000001,England,E12000006,East of England,,881,Essex,,,Secondary,13,2
202324,Academic year,National,E92000001,England,,,,,,,,Total,1
202324,Academic year,National,E92000001,England,,,,,,,,Secondary,oops,2
"""


def test_a_file_never_seen(tmp_path):
    """Another EES publication: its text column is a breakdown, its levels and terms are read, its odd
    rows and cells are skipped one by one with the reason."""
    path = tmp_path / "dfe_new_publication_2024.csv"
    path.write_text(NEW_FILE)
    db = tmp_path / "mi.duckdb"
    outcome, parsed = run("ees", path, db)
    reasons = sorted(r.reason for r in outcome.rejections)
    assert reasons == ["14 fields where the header has 15", "Local authority row without new_la_code",
                       "not a number or a known code",
                       "time_identifier 'Financial year' needs a six-digit time_period (e.g. 202324), not '2024'",
                       "time_identifier 'Made-up year' is not one this importer knows"]
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("""SELECT measure_code, breakdown, area_code, area_type, period_label, value, status
                             FROM published_value ORDER BY ALL""").fetchall()
    assert ("pupils", "school_type: Primary", "E10000012", "county", "2023/24", None, "suppressed") in got
    assert ("pupil_percent", "school_type: Primary", "E10000012", "county", "2023/24", None, "low") in got
    assert ("pupils", "school_type: Secondary", "E10000012", "county", "Spring term 2023/24", 13.0, "value") in got
    assert ("pupils", "school_type: Total", "E07000066", "local_authority_district", "2023/24", 7.0, "value") in got
    assert ("pupil_percent", "school_type: Secondary", "E92000001", "country", "2023/24", 2.0, "value") in got
    assert len(got) == 5 * 2 + 1  # five whole rows, and one row's good cell


def test_metadata_file_beside_the_data(tmp_path):
    """The EES .meta.csv, when it is there, names the measures and says which columns are filters."""
    path = tmp_path / "dfe_new_publication_2024.csv"
    path.write_text(NEW_FILE)
    (tmp_path / "dfe_new_publication_2024.meta.csv").write_text(
        "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"
        "school_type,Filter,School type,,,,,\n"
        "pupils,Indicator,Number of pupils,,,0,,\n"
        "pupil_percent,Indicator,Percentage of pupils,,%,1,,\n")
    db = tmp_path / "mi.duckdb"
    run("ees", path, db)
    with duckdb.connect(str(db), read_only=True) as con:
        measures = con.execute("SELECT measure_code, measure_name, unit FROM published_measure ORDER BY 1").fetchall()
    assert measures == [("pupil_percent", "Percentage of pupils", "%"), ("pupils", "Number of pupils", None)]


META = ("col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"
        "school_type,Filter,School type,,,,Filter by the type of school,\n"
        "pupils,Indicator,Number of pupils,Pupils,,0,,\n"
        "pupil_percent,Indicator,Percentage of pupils,Pupils,%,2,,\n")


def _measures(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT measure_code, measure_name, unit, decimals, kind, grouping, position "
                           "FROM published_measure").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_metadata_gives_labels_units_decimals_and_groupings(tmp_path):
    """The EES metadata's label, unit, decimal places and indicator grouping are stored; so are each
    breakdown's filter values with the filter's label and hint, in the publisher's order."""
    path = tmp_path / "dfe_new_publication_2024.csv"
    path.write_text(NEW_FILE)
    (tmp_path / "dfe_new_publication_2024.meta.csv").write_text(META)
    db = tmp_path / "mi.duckdb"
    run("ees", path, db)
    got = _measures(db)
    assert got["pupils"] == ("Number of pupils", None, 0, "count", "Pupils", 13)
    assert got["pupil_percent"] == ("Percentage of pupils", "%", 2, "percent", "Pupils", 14)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT item, filter_label, filter_hint, item_position, is_total FROM published_breakdown
                              ORDER BY item_position""").fetchall()
    assert rows == [("Total", "School type", "Filter by the type of school", 0, True),
                    ("Primary", "School type", "Filter by the type of school", 1, False),
                    ("Secondary", "School type", "Filter by the type of school", 2, False)]


def test_without_metadata_names_are_made_readable_and_decimals_read_from_the_figures(tmp_path):
    """No .meta.csv: the column names are made readable and whole numbers are recognised as counts."""
    header = ("time_period,time_identifier,geographic_level,country_code,country_name,at31_episodes,"
              "rereferral_percent,caseload_fte,dfe_statistical_neighbours_count\n")
    lines = ["2025,Reporting year,National,E92000001,England,5862,21.55,15.2,10\n",
             "2024,Reporting year,National,E92000001,England,5900,21.4,15.0,11\n"]
    path = tmp_path / "dfe_other_2024_to_2025.csv"
    path.write_text(header + "".join(lines))
    db = tmp_path / "mi.duckdb"
    run("ees", path, db)
    got = _measures(db)
    assert got["at31_episodes"][:4] == ("Episodes at 31 March", None, 0, "count")
    assert got["rereferral_percent"][:4] == ("Re-referral (%)", "percent", 2, "percent")
    assert got["caseload_fte"][:4] == ("Caseload FTE", None, 1, "figure")
    assert got["dfe_statistical_neighbours_count"][0] == "DfE statistical neighbours count"


def test_a_metadata_file_with_odd_rows_is_used_for_the_rest(tmp_path):
    """An unknown col_type or a decimal place that is not a whole number is noted, not fatal."""
    path = tmp_path / "dfe_new_publication_2024.csv"
    path.write_text(NEW_FILE)
    (tmp_path / "dfe_new_publication_2024.meta.csv").write_text(
        "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"
        "school_type,Dimension,School type,,,,,\n"
        "pupils,Indicator,Number of pupils,,,one,,\n")
    outcome, parsed = run("ees", path, tmp_path / "mi.duckdb")
    notes = " ".join(parsed.notes)
    assert "col_type 'Dimension'" in notes and "indicator_dp 'one'" in notes
    assert _measures(tmp_path / "mi.duckdb")["pupils"][:3] == ("Number of pupils", None, 0)


def test_declared_polarity_is_stored_with_its_source(tmp_path):
    """A well-known DfE measure the file says nothing about gets the declared direction and where it is from;
    one not declared gets none."""
    header = "time_period,time_identifier,geographic_level,country_code,country_name,turnover_rate_fte,pupils\n"
    path = tmp_path / "dfe_workforce_2025.csv"
    path.write_text(header + "2025,Reporting year,National,E92000001,England,16.2,100\n")
    db = tmp_path / "mi.duckdb"
    run("ees", path, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = dict((r[0], r[1:]) for r in con.execute(
            "SELECT measure_code, polarity, polarity_source FROM published_measure").fetchall())
    assert rows["turnover_rate_fte"][0] == "down" and "workforce" in rows["turnover_rate_fte"][1]
    assert rows["pupils"] == (None, None)


def test_a_database_from_before_the_new_columns_gets_them_on_import(tmp_path):
    """An import into a database whose published tables predate the breakdowns table and the measures' new
    columns adds them, and loads."""
    db = tmp_path / "mi.duckdb"
    path = tmp_path / "dfe_new_publication_2024.csv"
    path.write_text(NEW_FILE)
    run("ees", path, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE published_breakdown")
        for column in ("decimals", "kind", "grouping", "position", "polarity_source"):
            con.execute(f"ALTER TABLE published_measure DROP COLUMN {column}")
    outcome, _parsed = run("ees", path, db)
    assert outcome.rows_loaded == 11
    assert _measures(db)["pupils"][2:4] == (0, "count")
