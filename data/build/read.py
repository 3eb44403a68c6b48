"""Read a council's extract folder into staging tables, as text, keeping where
each value came from: CSV line numbers (the header is line 1) and spreadsheet
cells (``measure.xlsx`` cell C12).

    sources, problems = read_folder(con, folder)   # con: the staging database

Each table lands in the staging database's ``raw`` schema with every column of
the format (a column the file lacks is empty and reported), values trimmed and
empty text as NULL, plus ``_line``: the line (CSV) or row (Excel) it came from.
Nothing here judges a value; data/build/checks.py does."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.build import extract
from data.build.problems import Problem


@dataclass
class Source:
    """One table's file."""

    table: str
    path: Path | None          # None: an optional table the folder does not have
    header: list[str] = field(default_factory=list)
    rows: int = 0
    readable: bool = True     # False: the file is there but could not be read (its problem is reported)

    @property
    def is_excel(self) -> bool:
        return self.path is not None and self.path.suffix.lower() == ".xlsx"

    def where(self, line: int | None, column: str | None) -> str:
        """Where a value is, as the person fixing it will look for it."""
        name = self.path.name if self.path else f"{self.table}.csv"
        if line is None:
            return name
        if self.is_excel:
            if column in self.header:
                return f"{name} cell {column_letter(self.header.index(column))}{line}"
            return f"{name} row {line}"
        return f"{name} line {line}"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a spreadsheet's column name."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_folder(con, folder: Path, progress=lambda step, rows=None: None) -> tuple[dict[str, Source], list[Problem]]:
    """Load every table's file into ``raw.<table>``; returns the sources and what could not be read."""
    folder = Path(folder)
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder")
    known = {f"{r.name}{ext}" for r in extract.resources() for ext in (".csv", ".xlsx")}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in (".csv", ".xlsx") and path.name not in known:
            problems.append(Problem.warning(path.name, "not a file of the extract format: ignored"))
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for res in extract.resources():
        found = [p for p in (folder / f"{res.name}.csv", folder / f"{res.name}.xlsx") if p.exists()]
        source = Source(res.name, found[0] if found else None)
        sources[res.name] = source
        if len(found) > 1:
            problems.append(Problem.error(f"{res.name}.csv", f"both {res.name}.csv and {res.name}.xlsx are in the "
                                                             "folder: keep one"))
        if not found:
            if not res.optional:
                problems.append(Problem.error(f"{res.name}.csv", f"missing: the extract needs {res.name}.csv "
                                                                 f"(or .xlsx), {res.title.lower()}"))
            _empty(con, res)
            continue
        try:
            if source.is_excel:
                _read_excel(con, res, source)
            else:
                _read_csv(con, res, source, problems)
        except UnicodeDecodeError as exc:
            problems.append(Problem.error(source.path.name, f"is not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                                                            f"at position {exc.start}): save it as CSV UTF-8"))
            source.readable = False
            _empty(con, res)
            continue
        except (OSError, ValueError) as exc:
            problems.append(Problem.error(source.path.name, f"cannot be read: {str(exc).splitlines()[0]}"))
            source.readable = False
            _empty(con, res)
            continue
        missing = [f.name for f in res.fields if f.name not in source.header]
        for name in missing:
            problems.append(Problem.error(source.where(1, None), f"has no column {name}", column=name))
        for name in source.header:
            if name not in res.field_names:
                problems.append(Problem.warning(source.where(1, None), f"column {name!r} is not part of the format: "
                                                                       "ignored", column=name))
        source.rows = con.execute(f"SELECT count(*) FROM raw.{res.name}").fetchall()[0][0]
        progress(f"read {source.path.name}", source.rows)
    return sources, problems


def _empty(con, res) -> None:
    columns = ", ".join(f'"{f.name}" VARCHAR' for f in res.fields)
    con.execute(f"CREATE OR REPLACE TABLE raw.{res.name} (_line INTEGER, {columns})")


def _select_fields(res, header: list[str], source_sql: str, line_sql: str) -> str:
    """SELECT every field of the format, trimmed, empty as NULL; columns the file lacks as NULL."""
    parts = [f"CAST({line_sql} AS INTEGER) AS _line"]
    for f in res.fields:
        if f.name in header:
            parts.append(f"""NULLIF(trim("{f.name}"), '') AS "{f.name}\"""")
        else:
            parts.append(f'CAST(NULL AS VARCHAR) AS "{f.name}"')
    return f"SELECT {', '.join(parts)} FROM {source_sql}"


def _read_csv(con, res, source: Source, problems: list[Problem]) -> None:
    with open(source.path, newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    source.header = [h.strip() for h in header]
    if not any(source.header):
        raise ValueError("the file is empty: line 1 must be the header")
    duplicated = {h for h in source.header if source.header.count(h) > 1}
    if duplicated:
        raise ValueError(f"the header repeats {', '.join(sorted(duplicated))}")
    # Read as text under the header we found; DuckDB's reader keeps the file's order, so a row's position
    # (its rowid in the table built from it) gives its line.  Rows it cannot split are kept aside.
    names = [h or f"column{i + 1}" for i, h in enumerate(source.header)]
    columns = "{" + ", ".join(f"'{_quote(n)}': 'VARCHAR'" for n in names) + "}"
    con.execute("CREATE OR REPLACE TEMP TABLE csv_text AS SELECT * FROM read_csv($path, header = true, "
                f"auto_detect = false, columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
                "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')",
                {"path": str(source.path)})
    rejects = con.execute("SELECT line, error_type, error_message FROM csv_rejects ORDER BY line").fetchall()
    for line, kind, message in rejects:
        problems.append(Problem.error(source.where(int(line), None), _reject_reason(kind, message, len(names))))
    line_sql = "rowid + 2"
    if rejects:  # rowid counts the rows kept: add the rejected lines before each
        skipped = sorted({int(line) for line, _, _ in rejects})
        con.execute("CREATE OR REPLACE TEMP TABLE csv_skipped AS SELECT line - (row_number() OVER (ORDER BY line) - 1) "
                    "AS kept_before FROM (SELECT unnest($lines) AS line)", {"lines": skipped})
        line_sql = "rowid + 2 + (SELECT count(*) FROM csv_skipped AS s WHERE s.kept_before <= csv_text.rowid + 2)"
    con.execute(f"CREATE OR REPLACE TABLE raw.{res.name} AS " + _select_fields(res, names, "csv_text", line_sql))
    for table in ("csv_text", "csv_rejects", "csv_scans", "csv_skipped"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def _reject_reason(kind: str, message: str, expected: int) -> str:
    if kind == "TOO MANY COLUMNS":
        return f"has more values than the header's {expected} columns (a comma inside a value must be quoted)"
    if kind == "MISSING COLUMNS":
        return f"has fewer values than the header's {expected} columns"
    if kind == "UNQUOTED VALUE":
        return "has a quote inside a value that is not itself quoted"
    if kind == "INVALID ENCODING" or kind == "INVALID UNICODE":
        return "is not valid UTF-8 text (save the file as CSV UTF-8)"
    return f"cannot be read: {message.splitlines()[0]}"


def _read_excel(con, res, source: Source) -> None:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(source.path)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    if not rows:
        raise ValueError("the first sheet is empty: row 1 must be the header")
    source.header = [_cell_text(v) or "" for v in rows[0]]
    width = len(source.header)
    body = [[_cell_text(v) for v in (row + [""] * (width - len(row)))[:width]] for row in rows[1:]]
    frame = pd.DataFrame(body, columns=[h or f"column{i}" for i, h in enumerate(source.header)], dtype=object)
    frame = frame.astype("string")
    frame["_row"] = range(2, len(frame) + 2)
    blank = frame.drop(columns="_row").isna().all(axis=1)
    frame = frame[~blank]                       # spreadsheets keep empty formatted rows: not data
    con.register("sheet_df", frame)
    con.execute(f"CREATE OR REPLACE TABLE raw.{res.name} AS " + _select_fields(res, source.header, "sheet_df", "_row"))
    con.unregister("sheet_df")


def _cell_text(value) -> str | None:
    """A cell as the text a CSV would hold: whole numbers without .0, dates as YYYY-MM-DD."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _quote(name: str) -> str:
    return name.replace("'", "''")

