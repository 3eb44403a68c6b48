"""Broken copies of the published files (made here, under tmp_path: shared/ is
read-only) are refused with one clear line on stderr and exit status 2, and
the database is left byte-for-byte as it was, with no temporary files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from data.ingest.cli import main, run
from tests.test_ingest import CIN, CSWW, CT, NEIGHBOURS, OFLOG, REGISTER, RSX, WASTE


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A database holding the register and one EES file, shared by these tests (they must not change it)."""
    path = tmp_path_factory.mktemp("errors") / "mi.duckdb"
    run("register", REGISTER, path)
    run("ees", CIN, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(capsys, db: Path, kind: str, file: Path, *expected: str) -> str:
    """Run the command; assert exit 2, one error line naming the problem, and the database untouched."""
    before, listing = digest(db), sorted(p.name for p in db.parent.iterdir())
    capsys.readouterr()
    assert main([kind, str(file), "--db", str(db)]) == 2
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if line.startswith("data.ingest: error:")]
    # Progress lines ("[  1.1s] ...") appear when a load runs over a second (a busy machine); the error is one line, last.
    lines = err.strip().splitlines()
    assert len(errors) == 1 and lines[-1] == errors[0], err
    assert all(line.startswith("[") for line in lines[:-1]), err
    for text in expected:
        assert text in errors[0], errors[0]
    assert out == ""
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == listing  # no temporary copy left behind
    return errors[0]


def truncate(src: Path, dst: Path, fraction: float = 0.5) -> Path:
    data = src.read_bytes()
    cut = int(len(data) * fraction)
    while data[cut - 1:cut] in (b"\n", b"\r", b","):  # end mid-field, as a broken download does
        cut -= 1
    dst.write_bytes(data[:cut])
    return dst


def drop_column(src: Path, dst: Path, column: str, encoding: str = "utf-8") -> Path:
    import csv

    with open(src, encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    at = [c.lstrip("\ufeff") for c in rows[0]].index(column)
    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([r[:at] + r[at + 1:] for r in rows])
    return dst


CSV_FILES = [("ees", CSWW), ("ees", CIN), ("oflog", OFLOG), ("register", REGISTER), ("ons-sdg", WASTE),
             ("neighbours", NEIGHBOURS)]
SHEETS = [("dluhc-ct", CT), ("rsx", RSX)]


@pytest.mark.parametrize("kind, src", CSV_FILES + SHEETS, ids=lambda x: getattr(x, "name", x))
def test_empty_file(capsys, db, tmp_path, kind, src):
    """A zero-byte download is refused as empty."""
    empty = tmp_path / src.name
    empty.write_bytes(b"")
    refused(capsys, db, kind, empty, src.name, "empty")


@pytest.mark.parametrize("kind, src", CSV_FILES + SHEETS, ids=lambda x: getattr(x, "name", x))
def test_truncated_file(capsys, db, tmp_path, kind, src):
    """A download cut off part-way is refused, not half-loaded."""
    refused(capsys, db, kind, truncate(src, tmp_path / src.name), src.name, "truncated")


@pytest.mark.parametrize("kind, src", CSV_FILES, ids=lambda x: getattr(x, "name", x))
def test_utf16_file(capsys, db, tmp_path, kind, src):
    """A CSV re-saved as UTF-16 (Excel's "Unicode text") is refused with the reason."""
    wrong = tmp_path / src.name
    wrong.write_bytes(src.read_text(encoding="utf-8-sig").encode("utf-16"))
    refused(capsys, db, kind, wrong, "UTF-16")


def test_windows_1252_file(capsys, db, tmp_path):
    """A register re-saved in Windows-1252 (Ynys Môn) is refused, naming the line, not loaded as mojibake."""
    text = REGISTER.read_text(encoding="utf-8").replace("Sir Ynys Mï¿½n", "Sir Ynys Môn")
    wrong = tmp_path / REGISTER.name
    wrong.write_bytes(text.encode("cp1252"))
    message = refused(capsys, db, "register", wrong, "not UTF-8", "line ")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Môn" in row)
    assert f"line {line}" in message


def test_header_only(capsys, db, tmp_path):
    only = tmp_path / OFLOG.name
    only.write_text(OFLOG.read_text().splitlines()[0] + "\n")
    refused(capsys, db, "oflog", only, "no data rows")


@pytest.mark.parametrize("kind, src, column", [
    ("ees", CSWW, "new_la_code"), ("ees", CIN, "time_identifier"), ("ees", CSWW, "geographic_level"),
    ("oflog", OFLOG, "Value"), ("oflog", OFLOG, "Local authority code"), ("register", REGISTER, "gss-code"),
    ("ons-sdg", WASTE, "Waste collection authority"), ("ons-sdg", WASTE, "Year"),
], ids=lambda x: getattr(x, "name", x))
def test_column_removed(capsys, db, tmp_path, kind, src, column):
    """A file missing a column the import needs is refused, naming the column."""
    broken = drop_column(src, tmp_path / src.name, column, "utf-8-sig")
    refused(capsys, db, kind, broken, repr(column), "missing")


def test_neighbours_without_closeness_columns(capsys, db, tmp_path):
    broken = drop_column(NEIGHBOURS, tmp_path / NEIGHBOURS.name, "SNP", "utf-8-sig")
    refused(capsys, db, "neighbours", broken, "SN1..SN10 each followed by SNP")


def test_ees_without_measures(capsys, db, tmp_path):
    broken = tmp_path / CSWW.name
    broken.write_text("\n".join(",".join(line.split(",")[:10]) for line in CSWW.read_text().splitlines()) + "\n")
    refused(capsys, db, "ees", broken, "no measure columns")


@pytest.mark.parametrize("kind, src", [("ees", OFLOG), ("oflog", CSWW), ("register", WASTE), ("neighbours", OFLOG),
                                       ("ons-sdg", REGISTER), ("rsx", CT), ("dluhc-ct", RSX), ("dluhc-ct", OFLOG)],
                         ids=lambda x: getattr(x, "name", x))
def test_wrong_kind(capsys, db, kind, src):
    """The right file under the wrong kind is refused by its layout."""
    refused(capsys, db, kind, src, src.name)


def test_council_tax_without_table_5(capsys, db, tmp_path):
    """The workbook without its Table_5 (the wrong sheets) is refused, listing the sheets it has."""
    wb = openpyxl.load_workbook(CT)
    del wb["Table_5"]
    broken = tmp_path / CT.name
    wb.save(broken)
    refused(capsys, db, "dluhc-ct", broken, "no sheet", "Table_4")


def test_council_tax_without_ons_codes(capsys, db, tmp_path):
    """Table_5 without its ONS Code column is refused."""
    wb = openpyxl.load_workbook(CT)
    wb["Table_5"].delete_cols(2)
    broken = tmp_path / CT.name
    wb.save(broken)
    refused(capsys, db, "dluhc-ct", broken, "ONS Code")


def test_council_tax_sheet_renamed_still_loads(tmp_path):
    """A later release that renumbers the sheet is found by its layout."""
    wb = openpyxl.load_workbook(CT)
    wb["Table_5"].title = "Table_6"
    renamed = tmp_path / CT.name
    wb.save(renamed)
    outcome, _ = run("dluhc-ct", renamed, tmp_path / "mi.duckdb")
    assert outcome.rows_loaded == 344 * 65


def test_rsx_csv_renamed_ods(capsys, db, tmp_path):
    fake = tmp_path / RSX.name
    shutil.copyfile(OFLOG, fake)
    refused(capsys, db, "rsx", fake, "cannot be read as a ods spreadsheet")


def test_missing_file_and_folder(capsys, db, tmp_path):
    refused(capsys, db, "ees", tmp_path / "nowhere.csv", "does not exist")
    capsys.readouterr()
    assert main(["ees", str(CSWW), "--db", str(tmp_path / "no" / "mi.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_waste_before_the_register(capsys, tmp_path):
    """ONS waste names authorities; without the register loaded it says what to load first."""
    db = tmp_path / "mi.duckdb"
    run("ees", CIN, db)
    refused(capsys, db, "ons-sdg", WASTE, "register", "load it first")


def test_bad_arguments(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["nonsense", str(CSWW)])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_not_a_database(capsys, tmp_path):
    """--db pointing at something that is not a DuckDB file is refused and left alone."""
    db = tmp_path / "mi.duckdb"
    db.write_text("not a database")
    refused(capsys, db, "ees", CIN, "cannot be opened as a DuckDB database")
