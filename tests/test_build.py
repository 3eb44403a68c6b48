"""A council's own data (issue 14): its extract folder is checked, built and shown.

If these broke, a council loading its own extract would see wrong figures, or a mistake in one of its
files would be missed, reported somewhere other than where it is, or would damage the live database."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from data.build import cli, extract
from tests import own_council
from tests.conftest import analyst_client

ERRORS_EXIT = 2


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return own_council.write_council(tmp_path_factory.mktemp("own") / "extract")


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("own-db") / "mi.duckdb"
    assert cli.main(["--from", str(folder), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def client(built, tmp_path_factory):
    return analyst_client(built, tmp_path_factory.mktemp("own-app"))


def scorecard(client, org: str, period: str) -> dict[str, dict]:
    response = client.get(f"/download/scorecard.csv?org={org}&period={period}")
    assert response.status_code == 200, response.data[:300]
    return {row["indicator_code"]: row for row in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}


def test_scorecard_of_a_council_of_its_own_matches_the_sums_done_by_hand(client):
    """June 2025: relets (40 + 30 + 9) ÷ (50 + 40 + 10) = 79%, 1 point under the 80% target with 2 points'
    tolerance: amber, up from 73% in May.  Missed collections 6 + 5 = 11 against 10, beyond 5%: red, up
    from 8 (worse, since fewer is better)."""
    rows = scorecard(client, "NB", "2025-06")
    relet, missed = rows["HOU-RELET"], rows["WST-MISSED"]
    assert float(relet["value"]) == pytest.approx(79.0) and float(relet["target"]) == 80
    assert relet["rag"] == "amber" and relet["direction"] == "improving"
    assert float(missed["value"]) == 11 and float(missed["target"]) == 10
    assert missed["rag"] == "red" and missed["direction"] == "worsening"
    # a directorate: People's relets are Housing North and South only, (40 + 30) ÷ (50 + 40)
    people = scorecard(client, "PEO", "2025-06")
    assert float(people["HOU-RELET"]["value"]) == pytest.approx(70 / 90 * 100)


def test_pages_of_a_council_of_its_own_open(client):
    """A council that has loaded only the five tables it must have can open every page without an error."""
    for path in ("/", "/org/PEO", "/indicator/HOU-RELET", "/exceptions", "/finance", "/workforce", "/customers",
                 "/risks", "/value-for-money", "/casework", "/partnerships", "/briefing", "/data-quality"):
        html = page_html(client, path, "")
        assert "Something went wrong" not in html and "could not be shown" not in html, path


def test_the_build_records_the_council_and_its_months(built):
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute("SELECT council_name, first_period, last_period, demonstration, preset "
                           "FROM build_info").fetchall() == [
            ("Northbrook Borough Council", dt.date(2025, 4, 1), dt.date(2025, 6, 1), False, "import")]
        assert con.execute("SELECT count(*) FROM org_ancestor WHERE org_code = 'HOU-N'").fetchone() == (4,)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(folder: Path, name: str, change) -> None:
    """Rewrite one CSV of the folder: change(rows) gets and returns the rows (header first)."""
    path = folder / name
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(change(rows))


def set_cell(line: int, column: str, value: str):
    def change(rows):
        rows[line - 1][rows[0].index(column)] = value
        return rows
    return change


def add_row(values: dict):
    def change(rows):
        return rows + [[values.get(h, "") for h in rows[0]]]
    return change


# (file, change, the exact lines the build must print)
BROKEN = {
    "unknown org code": ("measure.csv", set_cell(2, "org_code", "HOU-X"),
                         ["error: measure.csv line 2, column org_code: unknown code 'HOU-X' (not in org_unit.csv)"]),
    "unknown indicator code": ("indicator_unit.csv", set_cell(3, "indicator_code", "HOU-VOID"), [
        "error: indicator_unit.csv line 3, column indicator_code: unknown code 'HOU-VOID' (not in indicator.csv)"]),
    "two parents": ("org_unit.csv", add_row({"code": "HOU-N", "name": "Housing North", "level": "team",
                                             "parent_code": "PLA-WST", "sort_order": "3", "is_schools": "false"}), [
        "error: org_unit.csv line 10, column code: repeats line 7: the same code may appear only once",
        "error: org_unit.csv line 10, column parent_code: gives HOU-N a second parent, PLA-WST (line 7 says PEO-HOU)"]),
    "cycle": ("org_unit.csv", set_cell(5, "parent_code", "HOU-N"), [
        "error: org_unit.csv line 5, column parent_code: PEO-HOU is a service but its parent HOU-N is a team: "
        "a parent is higher in the tree",
        "error: org_unit.csv line 5, column parent_code: is in a loop: PEO-HOU → HOU-N → PEO-HOU "
        "(a unit cannot be its own ancestor)"]),
    "date outside the extract": ("measure.csv", set_cell(2, "period_start", "2025-07-01"), [
        "error: measure.csv line 2, column period_start: 2025-07 is after the extract's last month, 2025-06 "
        "(council.csv)"]),
    "not the start of a month": ("target.csv", set_cell(2, "period_start", "2025-04-15"), [
        "error: target.csv line 2, column period_start: 2025-04-15 is not the first day of a month"]),
    "not a date": ("measure.csv", set_cell(3, "period_start", "01/04/2025"), [
        "error: measure.csv line 3, column period_start: '01/04/2025' is not a date (write YYYY-MM-DD, e.g. "
        "2026-09-30)"]),
    "numerator over denominator": ("measure.csv", set_cell(2, "numerator", "55"), [
        "error: measure.csv line 2, column numerator: 55 is more than the denominator, 50: a percentage cannot "
        "pass 100%"]),
    "negative count": ("measure.csv", set_cell(11, "value", "-2"), [
        "error: measure.csv line 11, column value: -2 is negative: WST-MISSED is a count"]),
    "negative denominator": ("measure.csv", set_cell(4, "denominator", "-10"), [
        "error: measure.csv line 4, column denominator: '-10' is negative: it cannot be below 0"]),
    "duplicated return": ("measure.csv", add_row({"indicator_code": "HOU-RELET", "org_code": "HOU-N",
                                                  "period_start": "2025-04-01", "numerator": "1", "denominator": "2",
                                                  "value": "0.5", "status": "validated",
                                                  "received_at": "2025-05-05 09:00:00"}), [
        "error: measure.csv line 17: repeats line 2: the same indicator_code, org_code and period_start may "
        "appear only once"]),
    "return from a unit that does not report it": ("measure.csv", set_cell(11, "org_code", "HOU-S"), [
        "error: measure.csv line 11, column org_code: HOU-S does not return WST-MISSED (no such pair in "
        "indicator_unit)"]),
    "target with no unit": ("target.csv", set_cell(2, "org_code", ""), [
        "error: target.csv line 2, column org_code: is empty: a value is required"]),
    "target for a unit with no returns": ("target.csv", set_cell(5, "org_code", "HOU-S"), [
        "error: target.csv line 5, column org_code: no unit at or below HOU-S returns WST-MISSED, so the target "
        "would never be used"]),
    "not one of the allowed values": ("indicator.csv", set_cell(2, "polarity", "higher"), [
        "error: indicator.csv line 2, column polarity: 'higher' is not one of: up, down, neither"]),
    "missing column": ("target.csv", lambda rows: [r[:3] for r in rows], [
        "error: target.csv line 1, column target: has no column target"]),
    "too many values": ("target.csv", lambda rows: rows[:2] + [rows[2] + ["9"]] + rows[3:], [
        "error: target.csv line 3: has more values than the header's 4 columns (a comma inside a value must be "
        "quoted)"]),
}


@pytest.fixture(scope="module")
def live(built, tmp_path_factory) -> Path:
    """A copy of the built database standing in for the one the dashboard serves."""
    path = tmp_path_factory.mktemp("live") / "mi.duckdb"
    shutil.copy(built, path)
    return path


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_extract_fails_with_the_exact_reasons_and_changes_nothing(case, folder, live, tmp_path, capsys):
    """Each mistake is reported where it is, in words; the live database stays byte for byte as it was."""
    name, change, expected = BROKEN[case]
    broken = shutil.copytree(folder, tmp_path / "extract")
    edit(broken, name, change)
    before = digest(live)
    assert cli.main(["--from", str(broken), "--out", str(live), "--quiet"]) == ERRORS_EXIT
    err = capsys.readouterr().err.splitlines()
    for line in expected:
        assert line in err, "\n".join(err)
    assert err[-1].startswith("data.build: ") and f"{live} is unchanged" in err[-1]
    assert digest(live) == before
    assert sorted(p.name for p in live.parent.iterdir()) == ["mi.duckdb"]


def test_every_problem_is_reported_at_once(folder, live, tmp_path, capsys):
    """Three mistakes in three files: all three listed in one run, not one per run."""
    broken = shutil.copytree(folder, tmp_path / "extract")
    edit(broken, "measure.csv", set_cell(2, "org_code", "HOU-X"))
    edit(broken, "target.csv", set_cell(3, "target", "n/a"))
    edit(broken, "org_unit.csv", set_cell(4, "level", "department"))
    assert cli.main(["--from", str(broken), "--out", str(live), "--quiet"]) == ERRORS_EXIT
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, errors
    assert "error: target.csv line 3, column target: 'n/a' is not a number" in errors


def test_a_file_not_saved_as_utf8_says_so_once(folder, live, tmp_path, capsys):
    """A CSV saved in Excel's old Windows encoding gets one plain error, not one per code it holds."""
    broken = shutil.copytree(folder, tmp_path / "extract")
    text = (broken / "org_unit.csv").read_text(encoding="utf-8").replace("Housing North", "Housing Néord")
    (broken / "org_unit.csv").write_text(text, encoding="latin-1")
    assert cli.main(["--from", str(broken), "--out", str(live), "--quiet"]) == ERRORS_EXIT
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: org_unit.csv: is not UTF-8 text (byte 0xe9 at position ")
    assert errors[0].endswith("): save it as CSV UTF-8")
    assert not any("unknown code" in line for line in errors)


def test_an_excel_file_is_reported_by_cell(folder, live, tmp_path, capsys):
    """A spreadsheet's mistake is given as the cell to open (C3), not a line number."""
    import xlsxwriter

    broken = shutil.copytree(folder, tmp_path / "extract")
    with open(broken / "target.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    (broken / "target.csv").unlink()
    book = xlsxwriter.Workbook(str(broken / "target.xlsx"))
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, float(value) if r and c == 3 else value)
    sheet.write(2, 2, "May 2025")
    book.close()
    assert cli.main(["--from", str(broken), "--out", str(live), "--quiet"]) == ERRORS_EXIT
    err = capsys.readouterr().err.splitlines()
    assert ("error: target.xlsx cell C3: 'May 2025' is not a date (write YYYY-MM-DD, e.g. 2026-09-30)") in err


def test_the_same_folder_as_excel_builds_the_same_figures(folder, built, tmp_path):
    """A council may send spreadsheets instead of CSV files: same folder, same figures."""
    import xlsxwriter

    excel = shutil.copytree(folder, tmp_path / "extract")
    for path in sorted(excel.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        book = xlsxwriter.Workbook(str(path.with_suffix(".xlsx")))
        sheet = book.add_worksheet()
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
        book.close()
        path.unlink()
    out = tmp_path / "excel.duckdb"
    assert cli.main(["--from", str(excel), "--out", str(out), "--quiet"]) == 0
    query = "SELECT indicator_code, org_code, period_start, value, rag FROM rollup ORDER BY ALL"
    with duckdb.connect(str(out), read_only=True) as a, duckdb.connect(str(built), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_warnings_are_listed_and_do_not_stop_the_build(folder, tmp_path, capsys):
    """A value far outside its series' limits is worth a look, not a reason to refuse the extract."""
    months = [f"{y}-{m:02d}-01" for y, m in [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 7)]]
    returns = [("WST-MISSED", "WST-C", month, None, None, 5 + (i % 2)) for i, month in enumerate(months)]
    returns[-1] = ("WST-MISSED", "WST-C", months[-1], None, None, 40)
    quiet = shutil.copytree(folder, tmp_path / "extract")
    own_council.write_council(quiet, returns=returns)
    edit(quiet, "council.csv", set_cell(2, "first_month", "2024-04"))
    edit(quiet, "target.csv", lambda rows: rows[:1])
    out = tmp_path / "mi.duckdb"
    assert cli.main(["--from", str(quiet), "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "warning: measure.csv line 16, column value: 40 is outside the SPC limits of WST-MISSED at WST-C" in err


def test_rederive_recomputes_the_derived_tables_only(built, tmp_path):
    """After a rule change, --rederive rebuilds rollups and the like from what was loaded, nothing else."""
    db = tmp_path / "mi.duckdb"
    shutil.copy(built, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE rollup SET rag = 'green'")
    assert cli.main(["--rederive", "--db", str(db), "--quiet"]) == 0
    query = "SELECT * FROM rollup ORDER BY ALL"
    with duckdb.connect(str(db), read_only=True) as a, duckdb.connect(str(built), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        assert a.execute("SELECT * FROM measure ORDER BY ALL").fetchall() == \
            b.execute("SELECT * FROM measure ORDER BY ALL").fetchall()


def test_a_rebuild_keeps_the_published_data_already_imported(folder, built, tmp_path):
    """`make db` and a council's monthly build must not drop the benchmarking data imported into the file."""
    from tests.conftest import PUBLIC, ingest

    db = tmp_path / "mi.duckdb"
    shutil.copy(built, db)
    ingest(db, "oflog", PUBLIC / "oflog_asc_data.csv")
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT * FROM published_value ORDER BY ALL").fetchall()
    assert before
    assert cli.main(["--from", str(folder), "--out", str(db), "--quiet"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT * FROM published_value ORDER BY ALL").fetchall() == before


def test_the_command_line_says_what_is_wrong_with_it(tmp_path, capsys):
    assert cli.main.__module__ == "data.build.cli"
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "mi.duckdb")])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == f"data.build: error: {tmp_path / 'nowhere'} is not a folder"


def test_the_format_is_a_valid_frictionless_data_package():
    """datapackage.json is a real Data Package (Table Schemas), readable by any Frictionless tool."""
    import frictionless

    report = frictionless.Package.validate_descriptor(str(extract.PACKAGE))
    assert report.valid, report.flatten(["type", "note"])


def test_the_demo_extract_passes_an_independent_validator(tmp_path):
    """The demo's folder checked by frictionless-py itself, row by row, against the same datapackage.json:
    the format written is the format described."""
    import frictionless

    from data.generate import build

    folder = tmp_path / "extract"
    build("tiny", 42, tmp_path / "mi.duckdb", extract_to=folder)
    shutil.copy(extract.PACKAGE, folder / "datapackage.json")
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resource", "rowNumber", "fieldName", "type", "note"])[:20]


def test_blank_templates_have_every_column(tmp_path):
    """`python -m data.templates DIR`: one workbook a table whose header is the format's columns."""
    from python_calamine import CalamineWorkbook

    from data.templates import main

    assert main([str(tmp_path)]) == 0
    for res in extract.resources():
        rows = CalamineWorkbook.from_path(str(tmp_path / f"{res.name}.xlsx")).get_sheet_by_index(0).to_python()
        assert rows[0] == res.field_names


def test_the_readme_lists_the_format_as_the_schema_says():
    """The README's table reference is made from datapackage.json (`python -m data.templates --readme`)."""
    from data.templates import README, reference_markdown

    assert reference_markdown() in README.read_text(encoding="utf-8")


def page_html(client, path: str, search: str) -> str:
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"]}
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.data.decode()


def test_a_restated_return_is_kept_with_both_values_and_flagged_beside_the_figure(folder, tmp_path):
    """August's extract restates Housing North's June relets, 40 of 50 → 35 of 50: the council's figure
    moves from 79% to (35 + 30 + 9) ÷ 100 = 74%.  Both are kept, the scorecard says so beside the figure,
    and /data-quality lists it with the release."""
    db = tmp_path / "mi.duckdb"
    assert cli.main(["--from", str(folder), "--out", str(db), "--quiet"]) == 0
    assert cli.main(["--from", str(folder), "--out", str(db), "--quiet"]) == 0   # the same extract again
    august = shutil.copytree(folder, tmp_path / "august")
    edit(august, "measure.csv", set_cell(8, "numerator", "35"))
    edit(august, "measure.csv", set_cell(8, "value", "0.7"))
    edit(august, "council.csv", set_cell(2, "extracted_on", "2025-08-10"))
    assert cli.main(["--from", str(august), "--out", str(db), "--quiet"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT release_id, released_on, restated_returns FROM release ORDER BY 1").fetchall() == [
            (1, dt.date(2025, 7, 10), 0), (2, dt.date(2025, 7, 10), 0), (3, dt.date(2025, 8, 10), 1)]
        assert con.execute("SELECT org_code, old_numerator, new_numerator, old_value, new_value, restated_on "
                           "FROM restatement").fetchall() == [("HOU-N", 40, 35, 0.8, 0.7, dt.date(2025, 8, 10))]
        council = con.execute("SELECT old_value, new_value, old_rag, new_rag FROM figure_restatement "
                              "WHERE org_code = 'NB'").fetchall()
    assert council == [(pytest.approx(79.0), pytest.approx(74.0), "amber", "red")]
    client = analyst_client(db, tmp_path)
    assert float(scorecard(client, "NB", "2025-06")["HOU-RELET"]["value"]) == pytest.approx(74.0)
    assert "restated 10 Aug 2025, was 79.0%" in page_html(client, "/", "?period=2025-06")
    quality = page_html(client, "/data-quality", "?org=NB&period=2025-06")
    for text in ("Homes relet within 20 days", "79.0%", "74.0%", "10 Aug 2025", "Head of Housing", "dq-releases"):
        assert text in quality, text


def test_another_council_starts_a_history_of_its_own(built, tmp_path):
    """Building a different council onto a database does not count its returns as restatements."""
    from data.generate import build

    db = tmp_path / "mi.duckdb"
    shutil.copy(built, db)
    build("tiny", 42, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT release_id, restated_returns FROM release").fetchall() == [(1, 0)]
        assert con.execute("SELECT count(*) FROM restatement").fetchone() == (0,)
