"""Office for Local Government (Oflog) long CSVs.

One row per authority, measure and financial year: ``Financial year, Local
authority code, Local authority name, ..., Measure, Code, Value, MEDIAN,
MADs_from_median, rank_order``.  ``rank_order`` says which direction is
better (desc: higher is better; asc: lower; None: neither) and becomes the
measure's polarity.  ``MEDIAN`` (the median of all authorities that year) is
loaded as a measure of its own, ``<code>_median``, for England (E92000001).
``MADs_from_median`` is derived from the two and is not loaded.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from data.ingest.common import (IngestError, Parsed, Progress, area_type_for, keep_parsed, parse_financial_year,
                                read_csv_rows)

PUBLISHER = "Office for Local Government"
REQUIRED = ["Financial year", "Local authority code", "Local authority name", "Measure", "Code", "Value"]
POLARITY = {"desc": "up", "asc": "down", "none": "neither"}


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c.lower() not in index]
    if missing:
        raise IngestError(f"{path.name} is not an Oflog data file: column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(repr(m) for m in missing)} missing "
                          f"(found {', '.join(repr(h) for h in header[:12])})")
    parsed = Parsed(kind="oflog", publisher=PUBLISHER, title=f"Oflog: {path.stem}", rows_read=len(rows))
    col = {c: index[c.lower()] for c in REQUIRED}
    median_at, rank_at = index.get("median"), index.get("rank_order")
    records, polarity, names, medians = [], {}, {}, {}
    width = len(header)
    for line, fields in rows:
        if len(fields) != width:
            parsed.reject(f"line {line}", f"{len(fields)} fields where the header has {width}", ",".join(fields))
            continue
        f = [x.strip() for x in fields]
        year = parse_financial_year(f[col["Financial year"]])
        code, name = f[col["Local authority code"]], f[col["Local authority name"]]
        measure, measure_name = f[col["Code"]], f[col["Measure"]]
        if year is None:
            parsed.reject(f"line {line}", "financial year not like 2016-17", f[col["Financial year"]])
            continue
        if not code:
            parsed.reject(f"line {line}", "no local authority code", ",".join(fields))
            continue
        if not measure:
            parsed.reject(f"line {line}", "no measure code", ",".join(fields))
            continue
        names.setdefault(measure, Counter())[measure_name] += 1
        if rank_at is not None and f[rank_at].lower() in POLARITY:
            polarity.setdefault(measure, Counter())[POLARITY[f[rank_at].lower()]] += 1
        if median_at is not None and f[median_at] != "":
            medians.setdefault((measure, year), Counter())[f[median_at]] += 1
        records.append((line, code, name, measure, year, f[col["Value"]]))
    if not records:
        raise IngestError(f"{path.name}: no row could be read (see the reasons above)")

    frame = pd.DataFrame(records, columns=["line", "area_code", "area_name", "measure_code", "period", "raw"])
    median_rows = []
    for (measure, year), counts in medians.items():
        text, _ = counts.most_common(1)[0]
        if len(counts) > 1:
            parsed.notes.append(f"{measure} {year.label}: MEDIAN differs between rows ({', '.join(counts)}); "
                                f"used {text}")
        median_rows.append((f"MEDIAN of {measure} {year.label}", "E92000001", "England", f"{measure}_median",
                            year, text))
    if median_rows:
        frame = pd.concat([frame, pd.DataFrame(median_rows, columns=frame.columns)], ignore_index=True)
    frame, cells = keep_parsed(parsed, frame, [_ref(line) for line in frame["line"]],
                               "value is not a number or a known code")
    parsed.values = pd.DataFrame({
        "measure_code": frame["measure_code"], "breakdown": "", "area_code": frame["area_code"],
        "area_name": frame["area_name"], "area_type": [area_type_for(c, "local_authority") for c in frame["area_code"]],
        "period_label": [p.label for p in frame["period"]], "period_kind": "financial_year",
        "period_start": [p.start for p in frame["period"]], "period_end": [p.end for p in frame["period"]],
        "value": cells["value"], "status": cells["status"], "symbol": cells["symbol"],
        "source_ref": frame["line"].map(_ref)})
    measures = []
    for measure, counts in names.items():
        name = counts.most_common(1)[0][0]
        pol = polarity.get(measure)
        direction = pol.most_common(1)[0][0] if pol else None
        if pol and len(pol) > 1:
            parsed.notes.append(f"{measure}: rank_order differs between rows ({dict(pol)}); polarity {direction}")
        measures.append({"measure_code": measure, "measure_name": name, "unit": None, "polarity": direction,
                         "description": None})
        if any(m[0] == measure for m in medians):
            measures.append({"measure_code": f"{measure}_median", "measure_name": f"{name} (median of authorities)",
                             "unit": None, "polarity": direction,
                             "description": f"Oflog's MEDIAN column: the median of all authorities' {measure} "
                                            "that year"})
    parsed.measures = pd.DataFrame(measures)
    if "mads_from_median" in index:
        parsed.notes.append("MADs_from_median not loaded: it is derived from the value and the median")
    progress(f"parsed {len(parsed.values):,} values ({len(names)} measures) from {len(rows):,} rows")
    return parsed


def _ref(line) -> str:
    return line if isinstance(line, str) else f"line {line}"
