"""DLUHC's council tax receipts live table (.xlsx), sheet Table_5.

The workbook has cover, notes and summary sheets; Table_5 has a few rows of
explanation, then a header row (E-code, ONS Code, Local authority, Class,
Region, then one column per quarter with the financial year's total after
each fourth quarter: "April to June 2010 (Q1)" ... "Total receipts of council
taxes collected during the financial year - 2010 to 2011 (Q1 to Q4)"), then
England, the regions and every billing authority.  Headings may carry
trailing spaces; "[z]" marks a quarter an authority did not exist.  Columns
are found by their headings, not their positions, and the sheet by its
layout (Table_5 first), so a later release with more quarters reads the same.
Two measures: ``ct_receipts_quarter`` and ``ct_receipts_year`` (£ thousand).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.ingest.common import (IngestError, Parsed, Progress, area_type_for, financial_year, keep_parsed,
                                quarter_of_financial_year)
from data.ingest.sheets import find_header, open_workbook, text

PUBLISHER = "Department for Levelling Up, Housing and Communities"
PREFERRED_SHEET = "Table_5"
QUARTER = re.compile(r"^(April to June|July to September|October to December|January to March) (\d{4}) \(Q([1-4])\)$",
                     re.IGNORECASE)
QUARTER_MONTHS = {"april to june": 1, "july to september": 2, "october to december": 3, "january to march": 4}
ANNUAL = re.compile(r"financial year\s*-\s*(\d{4}) to (\d{4})\b", re.IGNORECASE)
CLASSES = {"SD": "district", "UA": "unitary", "MD": "metropolitan_district", "L": "london_borough",
           "LB": "london_borough", "SC": "county"}
MEASURES = [
    {"measure_code": "ct_receipts_quarter", "measure_name": "Council tax receipts in the quarter",
     "unit": "£ thousand", "polarity": None,
     "description": "Receipts of council taxes collected during the quarter, whatever year they relate to (Table_5)."},
    {"measure_code": "ct_receipts_year", "measure_name": "Council tax receipts in the financial year",
     "unit": "£ thousand", "polarity": None,
     "description": "Total receipts of council taxes collected during the financial year, whatever year they relate "
                    "to (Table_5's annual total columns)."},
]


def read(path: Path, progress: Progress) -> Parsed:
    workbook = open_workbook(path, (".xlsx", ".xlsm", ".xls"))
    names = list(workbook.sheet_names)
    order = ([PREFERRED_SHEET] if PREFERRED_SHEET in names else []) + [n for n in names if n != PREFERRED_SHEET]
    found = find_header(workbook, order, _header_row)
    if found is None:
        raise IngestError(f"{path.name} is not DLUHC's council tax receipts table: no sheet has a header row with "
                          f"'ONS Code', 'Local authority' and quarters such as 'April to June 2010 (Q1)' "
                          f"(sheets: {', '.join(names)})")
    sheet, at = found
    if sheet.name != PREFERRED_SHEET:
        progress(f"no usable {PREFERRED_SHEET}: reading sheet {sheet.name}, which has its layout")
    header = [text(c) for c in sheet.rows[at]]
    columns = _period_columns(header)
    col = {h.lower(): i for i, h in enumerate(header) if h}
    code_at, name_at = col["ons code"], col["local authority"]
    class_at = col.get("class")
    title = text(sheet.rows[0][0]) if sheet.rows and sheet.rows[0] else path.stem
    intro = " ".join(text(c) for r in sheet.rows[:at] for c in r).lower()
    unit = "£ thousand" if "thousand" in intro else ("£ million" if "million" in intro else None)
    parsed = Parsed(kind="dluhc-ct", publisher=PUBLISHER, title=title)
    ignored = [h for i, h in enumerate(header) if h and i not in columns and i not in
               (code_at, name_at, class_at, col.get("e-code"), col.get("region"))]
    if ignored:
        parsed.notes.append(f"columns not loaded: {', '.join(ignored)}")

    records = []
    for r in range(at + 1, len(sheet.rows)):
        row = sheet.rows[r]
        cells = [text(c) for c in row]
        if not any(cells):
            continue
        parsed.rows_read += 1
        code, name = cells[code_at] if code_at < len(cells) else "", cells[name_at] if name_at < len(cells) else ""
        if not re.fullmatch(r"[EWSN]\d{8}", code):
            parsed.reject(sheet.ref(r, code_at), "no ONS code: not a row of the table",
                          " | ".join(c for c in cells if c))
            continue
        klass = cells[class_at] if class_at is not None and class_at < len(cells) else ""
        kind = CLASSES.get(klass) or area_type_for(code)
        for c, (measure, period) in columns.items():
            raw = row[c] if c < len(row) else None
            records.append((sheet.ref(r, c), code, name or code, kind, measure, period, raw))
    if not records:
        raise IngestError(f"{path.name}: sheet {sheet.name} has its header row but no authority rows under it")
    frame = pd.DataFrame(records, columns=["ref", "area_code", "area_name", "area_type", "measure_code", "period",
                                           "raw"])
    frame, cells = keep_parsed(parsed, frame, frame["ref"].to_numpy(), "not a number or a known code")
    parsed.values = pd.DataFrame({
        "measure_code": frame["measure_code"], "breakdown": "", "area_code": frame["area_code"],
        "area_name": frame["area_name"], "area_type": frame["area_type"],
        "period_label": [p.label for p in frame["period"]], "period_kind": [p.kind for p in frame["period"]],
        "period_start": [p.start for p in frame["period"]], "period_end": [p.end for p in frame["period"]],
        "value": cells["value"], "status": cells["status"], "symbol": cells["symbol"], "source_ref": frame["ref"]})
    parsed.measures = pd.DataFrame([{**m, "unit": unit} for m in MEASURES])
    quarters = sum(1 for m, _ in columns.values() if m == "ct_receipts_quarter")
    progress(f"parsed {len(parsed.values):,} values: {parsed.rows_read:,} rows × {quarters} quarters and "
             f"{len(columns) - quarters} years, sheet {sheet.name}")
    return parsed


def _header_row(rows: list[list]) -> int | None:
    for i, row in enumerate(rows[:40]):
        cells = [text(c).lower() for c in row]
        if "ons code" in cells and "local authority" in cells and sum(bool(QUARTER.match(text(c))) for c in row) >= 4:
            return i
    return None


def _period_columns(header: list[str]) -> dict[int, tuple[str, object]]:
    columns = {}
    for i, h in enumerate(header):
        m = QUARTER.match(h)
        if m:
            q = int(m.group(3))
            if QUARTER_MONTHS[m.group(1).lower()] != q:
                raise IngestError(f"heading {h!r} names the months of another quarter: the layout has changed")
            first_year = int(m.group(2)) - (q == 4)
            columns[i] = ("ct_receipts_quarter", quarter_of_financial_year(first_year, q))
            continue
        m = ANNUAL.search(h)
        if m and h.lower().startswith("total receipts") and int(m.group(2)) == int(m.group(1)) + 1:
            columns[i] = ("ct_receipts_year", financial_year(int(m.group(1))))
    return columns
