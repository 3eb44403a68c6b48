"""MHCLG revenue outturn by service, RSX (.ods), "data by LA" workbook.

Sheet ``RSX_LA_Data_<year>`` has title and notes rows, then a header row
(E-code, ONS Code, Local authority, Notes, Class, Detailed Class,
Certification, then "<service> - <line> (C1)" for 14 services × 7 lines),
every authority with England last, a second table of totals by class of
authority (repeating the header), and a hidden last row of the publisher's
codes for the measure columns (RSX-edu-empl, ...), which are used as measure
codes.  Where a release splits the heading over two rows (service above, line
below), the service is carried across its columns.  The financial year comes
from the sheet's title ("... 2024-25 ...").  Values are £ thousand; "[x]" is
"data not received in time" (status not_available).  The class totals are
sums of the rows above and are skipped (each reported).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.ingest.common import (IngestError, Parsed, Progress, area_type_for, financial_year, keep_parsed,
                                parse_financial_year, slug)
from data.ingest.sheets import find_header, open_workbook, text

PUBLISHER = "Ministry of Housing, Communities and Local Government"
LINE = re.compile(r"\(C\d+[^)]*\)\s*$")
CLASSES = {"SD": "district", "UA": "unitary", "MD": "metropolitan_district", "LB": "london_borough",
           "SC": "county", "Eng": "country"}
DETAILED = {"police": "police", "fire": "fire", "combined authority": "combined_authority", "park": "national_park",
            "waste": "waste_authority", "gla": "greater_london_authority"}


def read(path: Path, progress: Progress) -> Parsed:
    workbook = open_workbook(path, (".ods", ".xlsx", ".xls"))
    names = list(workbook.sheet_names)
    order = [n for n in names if n.lower().startswith("rsx_la_data")] + \
            [n for n in names if not n.lower().startswith("rsx_la_data")]
    found = find_header(workbook, order, _header_row)
    if found is None:
        raise IngestError(f"{path.name} is not an RSX 'data by LA' workbook: no sheet has a header row with "
                          f"'ONS Code', 'Local authority' and service columns such as 'Education services - "
                          f"Employees (C1)' (sheets: {', '.join(names)})")
    sheet, at = found
    rows = sheet.rows
    header = _headings(rows, at)
    col = {h.lower(): i for i, h in enumerate(header) if h}
    code_at, name_at = col["ons code"], col["local authority"]
    class_at, detail_at = col.get("class"), col.get("detailed class")
    measure_cols = [i for i, h in enumerate(header) if LINE.search(h) and " - " in h]
    period = _period(rows, at, sheet.name)
    if period is None:
        raise IngestError(f"{path.name}: cannot tell which financial year sheet {sheet.name} is for "
                          "(no '2024-25' in its title)")
    codes_row = _codes_row(rows, measure_cols)
    codes = {i: (text(rows[codes_row][i]) if codes_row is not None else "") or "rsx_" + slug(header[i])
             for i in measure_cols}
    parsed = Parsed(kind="rsx", publisher=PUBLISHER, title=text(rows[0][0]) if rows and rows[0] else path.stem)
    if codes_row is None:
        parsed.notes.append("no row of RSX measure codes found: codes made from the headings")

    records = []
    second_table = False
    for r in range(at + 1, len(rows)):
        if r == codes_row:
            continue
        row = rows[r]
        cells = [text(c) for c in row]
        if not any(cells):
            continue
        if code_at < len(cells) and cells[code_at].lower() == "ons code":
            second_table = True  # the header again: the class totals follow
            continue
        parsed.rows_read += 1
        code = cells[code_at] if code_at < len(cells) else ""
        name = cells[name_at] if name_at < len(cells) else ""
        if second_table:
            parsed.reject(f"{sheet.ref(r, 0)}", "total for a class of authority (the sheet's second table), "
                          "the sum of rows above", f"{code} {name}")
            continue
        if not re.fullmatch(r"[EWSN]\d{8}", code):
            parsed.reject(sheet.ref(r, code_at), "no ONS code: not an authority row", " | ".join(c for c in cells if c))
            continue
        klass = cells[class_at] if class_at is not None else ""
        detail = cells[detail_at].lower() if detail_at is not None else ""
        kind = CLASSES.get(klass) or DETAILED.get(detail) or area_type_for(code)
        for c in measure_cols:
            records.append((sheet.ref(r, c), code, name or code, kind, codes[c], row[c] if c < len(row) else None))
    if not records:
        raise IngestError(f"{path.name}: sheet {sheet.name} has its header row but no authority rows under it")
    frame = pd.DataFrame(records, columns=["ref", "area_code", "area_name", "area_type", "measure_code", "raw"])
    frame, cells = keep_parsed(parsed, frame, frame["ref"].to_numpy(), "not a number or a known code")
    parsed.values = pd.DataFrame({
        "measure_code": frame["measure_code"], "breakdown": "", "area_code": frame["area_code"],
        "area_name": frame["area_name"], "area_type": frame["area_type"], "period_label": period.label,
        "period_kind": period.kind, "period_start": period.start, "period_end": period.end,
        "value": cells["value"], "status": cells["status"], "symbol": cells["symbol"], "source_ref": frame["ref"]})
    parsed.measures = pd.DataFrame([{"measure_code": codes[i], "measure_name": header[i], "unit": "£ thousand",
                                     "polarity": None, "description": None} for i in measure_cols])
    progress(f"parsed {len(parsed.values):,} values: {len(measure_cols)} measures, {period.label}, sheet {sheet.name}")
    return parsed


def _header_row(rows) -> int | None:
    for i, row in enumerate(rows[:40]):
        cells = [text(c).lower() for c in row]
        if "ons code" in cells and "local authority" in cells and sum(bool(LINE.search(text(c))) for c in row) >= 7:
            return i
    return None


def _headings(rows, at: int) -> list[str]:
    """The header row; where its measure headings lack the service ("Employees (C1)"),
    the service comes from the row above, carried across the columns it spans."""
    header = [text(c) for c in rows[at]]
    if at == 0 or any(" - " in h for h in header if LINE.search(h)):
        return header
    above, carried = [text(c) for c in rows[at - 1]], ""
    out = []
    for i, h in enumerate(header):
        carried = (above[i] if i < len(above) and above[i] else carried)
        out.append(f"{carried} - {h}" if LINE.search(h) and carried else h)
    return out


def _codes_row(rows, measure_cols) -> int | None:
    """The (hidden) row holding the publisher's measure codes, e.g. RSX-edu-empl."""
    for r in range(len(rows) - 1, -1, -1):
        row = rows[r]
        if all(c < len(row) and text(row[c]).upper().startswith("RSX-") for c in measure_cols):
            return r
    return None


def _period(rows, at: int, sheet_name: str):
    for row in rows[:at]:
        for cell in row:
            m = re.search(r"\b(\d{4})\s*(?:-|to|/)\s*(\d{2,4})\b", text(cell))
            if m:
                p = parse_financial_year(f"{m.group(1)}-{m.group(2)}")
                if p:
                    return p
    m = re.search(r"(\d{4})(\d{2})\b", sheet_name)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        return financial_year(int(m.group(1)))
    return None
