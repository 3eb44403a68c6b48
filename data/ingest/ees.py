"""Department for Education "Explore Education Statistics" (EES) tidy CSVs.

Any EES data file has the same shape: ``time_period, time_identifier,
geographic_level``, the geography columns the levels need (``country_code``,
``region_code``, ``new_la_code``, ``la_name``...), then filter columns (text
that splits the figures: ``category``, ``characteristic``) and indicator
columns (numbers, or a code where there is no number).  Nothing here is
specific to one publication:

* Columns are told apart by name (the EES geography columns, from DfE's
  published-data QA matrix) and by content: a column holding numbers (or only
  codes) is a measure; a column of words is a filter, and its value becomes
  the row's ``breakdown``.  When the EES metadata file ``<name>.meta.csv`` lies
  beside the data file, its col_type, labels, units, decimal places, filter
  hints and groupings are used instead (``ees_meta``); without it, names are
  made readable (``labels``) and the decimal places read from the figures.
* Codes become a status: x not available, c suppressed, z not applicable, low
  rounds to zero, u low reliability (and the older ~ : k).
* ``time_identifier`` decides the dates of ``time_period`` (see ``period``).
  "Reporting year" is a year to 31 March, except for publications known to
  report at another date (the children's social work workforce census: 30
  September), recognised by their columns (``REPORTING_YEAR_ENDS``).
* Local authority rows pair the old three-digit DfE code with the ONS code:
  those pairs go to ``area_code_alias`` for the statistical neighbours.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from data.ingest.common import (IngestError, Parsed, Period, Progress, area_type_for, financial_year, month_end,
                                parse_cells, quarter_of_financial_year, read_csv_rows, require_columns, slug)
from data.ingest.ees_meta import breakdown_text, filters as ees_filters, read_meta
from data.ingest.labels import readable

PUBLISHER = "Department for Education"

# geographic_level -> (code column, name column), from DfE's geography matrix
# (dfe-published-data-qa, data/geography_matrix.csv).
LEVELS = {
    "National": ("country_code", "country_name"),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("new_la_code", "la_name"),
    "Local authority district": ("lad_code", "lad_name"),
    "RSC region": (None, "rsc_region_lead_name"),
    "Parliamentary constituency": ("pcon_code", "pcon_name"),
    "Local skills improvement plan area": ("lsip_code", "lsip_name"),
    "Local enterprise partnership": ("local_enterprise_partnership_code", "local_enterprise_partnership_name"),
    "English devolved area": ("english_devolved_area_code", "english_devolved_area_name"),
    "Mayoral combined authority": ("mayoral_combined_authority_code", "mayoral_combined_authority_name"),
    "Opportunity area": ("opportunity_area_code", "opportunity_area_name"),
    "Ward": ("ward_code", "ward_name"),
    "MAT": ("trust_id", "trust_name"),
    "Sponsor": ("sponsor_id", "sponsor_name"),
    "School": ("school_urn", "school_name"),
    "Provider": ("provider_ukprn", "provider_name"),
    "Institution": ("institution_id", "institution_name"),
    "Planning area": ("planning_area_code", "planning_area_name"),
    "Police force area": ("pfa_code", "pfa_name"),
}
TIME_COLUMNS = ("time_period", "time_identifier", "geographic_level")
DIMENSIONS = frozenset(TIME_COLUMNS) | {c for pair in LEVELS.values() for c in pair if c} | {
    "old_la_code", "school_laestab", "cauth_code", "cauth_name"}

# Publications whose "Reporting year" ends on another day than 31 March,
# recognised by any of their columns: (columns, month, day, what it is).
REPORTING_YEAR_ENDS = [
    (frozenset({"inpost_fte", "inpost_headcount", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte"}), 9, 30,
     "children's social work workforce census (30 September)"),
]

MONTHS = {name: n for n, name in enumerate(calendar.month_name) if name}
MONTHS["Decemeber"] = 12  # as spelled in DfE's own screener list


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    name = path.name
    require_columns(name, header, list(TIME_COLUMNS), "an Explore Education Statistics data file")
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise IngestError(f"{name} repeats the column{'s' if len(dupes) > 1 else ''} {', '.join(dupes)}: "
                          "not an Explore Education Statistics data file")
    parsed = Parsed(kind="ees", publisher=PUBLISHER, title=f"Explore Education Statistics: {path.stem}",
                    rows_read=len(rows))
    width = len(header)
    good = []
    for line, fields in rows:
        if len(fields) != width:
            parsed.reject(f"line {line}", f"{len(fields)} fields where the header has {width}", ",".join(fields))
        else:
            good.append([line] + [f.strip() for f in fields])
    frame = pd.DataFrame(good, columns=["__line"] + header, dtype=object)
    if frame.empty:
        raise IngestError(f"{name}: no row has the {width} fields of its header")

    meta, meta_notes = read_meta(path)
    parsed.notes.extend(meta_notes)
    measures, filters, cells_of = _classify(frame, header, meta)
    if not measures:
        raise IngestError(f"{name} has no measure columns (columns of numbers) after the EES time and geography "
                          f"columns: found {', '.join(c for c in header if c not in DIMENSIONS) or 'none'}")
    levels = set(frame["geographic_level"])
    for level in sorted(levels & set(LEVELS)):
        wanted = [c for c in LEVELS[level] if c]
        require_columns(name, header, wanted, f"a complete EES file (its {level!r} rows need them)")

    year_end, why = _reporting_year_end(header)
    if "Reporting year" in set(frame["time_identifier"]) and why:
        parsed.notes.append(f"'Reporting year' read as the year to {year_end[1]} "
                            f"{calendar.month_name[year_end[0]]}: {why}")

    # One period per distinct (time_period, time_identifier).
    keys = pd.MultiIndex.from_arrays([frame["time_period"], frame["time_identifier"]])
    codes, distinct = pd.factorize(keys)
    found = []
    for key in distinct:
        try:
            found.append(period(key[0], key[1], year_end))
        except ValueError as exc:
            found.append(str(exc))
    period_bad = np.array([isinstance(p, str) for p in found], dtype=bool)[codes]
    area_code, area_name, area_type, reasons = _areas(frame)
    bad = period_bad | np.array([r is not None for r in reasons], dtype=bool)
    for i in np.flatnonzero(bad):
        why_row = reasons[i] or found[codes[i]]
        parsed.reject(f"line {frame['__line'].iat[i]}", why_row, ",".join(str(frame[c].iat[i]) for c in header[:10]))
    keep = ~bad
    periods = [None if isinstance(p, str) else p for p in found]
    pcode = codes[keep]

    def by_period(attr, dtype=object):
        """An attribute of each kept row's period (looked up once per distinct period)."""
        return np.array([None if p is None else getattr(p, attr) for p in periods], dtype=dtype)[pcode]

    # Repeated text as categoricals: a few distinct values over many rows.
    base = pd.DataFrame({
        "area_code": pd.Categorical(np.asarray(area_code, dtype=object)[keep]),
        "area_name": pd.Categorical(np.asarray(area_name, dtype=object)[keep]),
        "area_type": pd.Categorical(np.asarray(area_type, dtype=object)[keep]),
        "period_label": pd.Categorical(by_period("label")), "period_kind": pd.Categorical(by_period("kind")),
        "period_start": by_period("start", "datetime64[D]"), "period_end": by_period("end", "datetime64[D]"),
        "breakdown": pd.Categorical(breakdown_text(frame[keep], filters)),
        "line": frame["__line"].to_numpy()[keep],
    })
    rows_at, measure_at, parts = [], [], []
    kept_rows = np.flatnonzero(keep)
    for m, column in enumerate(measures):
        cells = cells_of[column].iloc[kept_rows].reset_index(drop=True)
        ok = cells["ok"].to_numpy()
        for i in np.flatnonzero(~ok):
            parsed.reject(f"line {base['line'].iat[i]}, column {column}", "not a number or a known code",
                          frame[column].iat[kept_rows[i]])
        rows_at.append(np.flatnonzero(ok))
        measure_at.append(np.full(int(ok.sum()), m, dtype=np.int32))
        parts.append(cells[ok])
    rows_at = np.concatenate(rows_at)
    values = base.iloc[rows_at].reset_index(drop=True)
    cells = pd.concat(parts, ignore_index=True)
    values["measure_code"] = pd.Categorical.from_codes(np.concatenate(measure_at), categories=measures)
    values["value"] = cells["value"].to_numpy()
    values["status"] = pd.Categorical(cells["status"].to_numpy())
    values["symbol"] = cells["symbol"].to_numpy()
    values["source_ref"] = "line " + values.pop("line").astype(str)
    parsed.values = values
    parsed.measures = pd.DataFrame([{
        "measure_code": c, "measure_name": meta[c].label if c in meta else readable(c),
        "unit": meta[c].unit if c in meta else _unit(c), "polarity": None, "description": None,
        "decimals": meta[c].decimals if c in meta else None, "grouping": meta[c].grouping if c in meta else None,
        "position": header.index(c)} for c in measures])
    frame = frame[keep].reset_index(drop=True)
    parsed.breakdowns = ees_filters(frame, filters, meta)
    parsed.aliases = _aliases(frame, base)
    if filters:
        parsed.notes.append(f"filter column{'s' if len(filters) > 1 else ''} {', '.join(filters)} "
                            "kept as each value's breakdown")
    progress(f"parsed {len(values):,} values ({len(measures)} measures) from {len(frame):,} rows")
    return parsed


def period(time_period: str, identifier: str, reporting_year_end: tuple[int, int] = (3, 31)) -> Period:
    """The dates an EES (time_period, time_identifier) pair stands for.

    Years written with six digits (201920) are academic, financial or tax years;
    four digits are calendar or reporting years.  Terms are given in whole
    months of the academic year (autumn September–December, spring
    January–March, summer April–August).  Raises ValueError for what it does
    not know."""
    tp, ident = str(time_period).strip(), str(identifier).strip()
    four = re.fullmatch(r"\d{4}", tp)
    six = re.fullmatch(r"(\d{4})(\d{2})", tp)
    if six and int(six.group(2)) != (int(six.group(1)) + 1) % 100:
        raise ValueError(f"time_period {tp!r} is not two consecutive years (e.g. 202324)")
    year = int(tp[:4]) if (four or six) else None
    if year is None:
        raise ValueError(f"time_period {tp!r} is neither a year (2024) nor a pair of years (202324)")

    def need(kind):
        if kind == 6 and not six:
            raise ValueError(f"time_identifier {ident!r} needs a six-digit time_period (e.g. 202324), not {tp!r}")
        if kind == 4 and not four:
            raise ValueError(f"time_identifier {ident!r} needs a four-digit time_period (e.g. 2024), not {tp!r}")

    if ident == "Reporting year":
        need(4)
        month, day = reporting_year_end
        end = dt.date(year, month, day)
        start = end.replace(year=year - 1) + dt.timedelta(days=1)
        return Period(f"Year to {day} {calendar.month_name[month]} {year}", "reporting_year", start, end)
    if ident == "Calendar year":
        need(4)
        return Period(str(year), "calendar_year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    m = re.fullmatch(r"Calendar year Q([1-4])", ident)
    if m:
        need(4)
        q = int(m.group(1))
        return Period(f"{year} Q{q}", "calendar_quarter", dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q))
    if ident == "Financial year":
        need(6)
        return financial_year(year)
    m = re.fullmatch(r"Financial year Q([1-4])", ident)
    if m:
        need(6)
        return quarter_of_financial_year(year, int(m.group(1)))
    if ident in ("Part 1 (April to September)", "Part 2 (October to March)"):
        need(6)
        first = ident.startswith("Part 1")
        fy = financial_year(year).label
        return Period(f"{fy} {'April to September' if first else 'October to March'}", "financial_half",
                      dt.date(year, 4, 1) if first else dt.date(year, 10, 1),
                      dt.date(year, 9, 30) if first else dt.date(year + 1, 3, 31))
    if ident == "Tax year":
        need(6)
        return Period(f"{year}-{(year + 1) % 100:02d} tax year", "tax_year", dt.date(year, 4, 6),
                      dt.date(year + 1, 4, 5))
    academic = f"{year}/{(year + 1) % 100:02d}"
    if ident == "Academic year":
        need(6)
        return Period(academic, "academic_year", dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
    terms = {"Autumn term": ((year, 9), (year, 12)), "Spring term": ((year + 1, 1), (year + 1, 3)),
             "Summer term": ((year + 1, 4), (year + 1, 8)), "Autumn and spring term": ((year, 9), (year + 1, 3))}
    if ident in terms:
        need(6)
        (y0, m0), (y1, m1) = terms[ident]
        return Period(f"{ident} {academic}", "term", dt.date(y0, m0, 1), month_end(y1, m1))
    if ident in MONTHS:
        need(4)
        m_ = MONTHS[ident]
        return Period(f"{calendar.month_name[m_]} {year}", "month", dt.date(year, m_, 1), month_end(year, m_))
    m = re.fullmatch(r"Week ([1-9]|[1-4][0-9]|5[0-3])", ident)
    if m:
        need(4)
        week = int(m.group(1))
        try:
            start = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no ISO week {week}") from None
        return Period(f"{year} week {week}", "week", start, start + dt.timedelta(days=6))
    raise ValueError(f"time_identifier {ident!r} is not one this importer knows")


def _reporting_year_end(header: list[str]) -> tuple[tuple[int, int], str]:
    columns = set(header)
    for marks, month, day, why in REPORTING_YEAR_ENDS:
        if columns & marks:
            return (month, day), why
    return (3, 31), ""


def _classify(frame: pd.DataFrame, header: list[str], meta: dict) -> tuple[list[str], list[str], dict]:
    """Measure columns and filter columns, in file order, and each measure column's parsed cells."""
    measures, filters, parsed = [], [], {}
    for column in header:
        if column in DIMENSIONS or not column:
            continue
        if column in meta and meta[column].type != "indicator":
            filters.append(column)
            continue
        cells = parsed[column] = parse_cells(frame[column].to_numpy(), clean=True)
        if column in meta:
            measures.append(column)
            continue
        ok = cells["ok"].to_numpy()
        numbers = int(((cells["status"] == "value").to_numpy() & ok).sum())
        # Words in most cells: a filter.  Numbers or codes in most: a measure
        # whose odd cells are rejected one by one.
        (measures if ok.mean() >= 0.5 and (numbers or ok.all()) else filters).append(column)
    return measures, filters, {c: parsed[c] for c in measures}


def _areas(frame: pd.DataFrame):
    n = len(frame)
    code = np.full(n, None, dtype=object)
    name = np.full(n, None, dtype=object)
    kind = np.full(n, None, dtype=object)
    reason = np.full(n, None, dtype=object)
    levels = frame["geographic_level"].to_numpy()
    for level in set(levels):
        rows = np.flatnonzero(levels == level)
        if level not in LEVELS:
            reason[rows] = f"geographic_level {level!r} is not an EES level this importer knows"
            continue
        code_col, name_col = LEVELS[level]
        names = frame[name_col].to_numpy()[rows]
        codes = frame[code_col].to_numpy()[rows] if code_col else names
        for i, c, nm in zip(rows, codes, names):
            if not c:
                reason[i] = f"{level} row without {code_col}"
            else:
                code[i], name[i] = c, nm or c
        if level == "National":
            kind[rows] = "country"
        elif level == "Regional":
            kind[rows] = [area_type_for(c, "region") for c in codes]
        elif level == "Local authority":
            kind[rows] = [area_type_for(c, "local_authority") for c in codes]
        else:
            kind[rows] = slug(level)
    return code, name, kind, reason


def _aliases(frame: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame | None:
    if "old_la_code" not in frame.columns or "new_la_code" not in frame.columns:
        return None
    la = (frame["geographic_level"] == "Local authority").to_numpy() & (frame["old_la_code"] != "").to_numpy() \
        & (frame["new_la_code"] != "").to_numpy()
    if not la.any():
        return None
    return pd.DataFrame({"scheme": "dfe_la", "code": frame["old_la_code"].to_numpy()[la],
                         "area_code": frame["new_la_code"].to_numpy()[la], "area_name": frame["la_name"].to_numpy()[la],
                         "first_period": pd.to_datetime(base["period_start"].to_numpy()[la]),
                         "last_period": pd.to_datetime(base["period_end"].to_numpy()[la])})


def _unit(column: str) -> str | None:
    return "percent" if re.search(r"(_percent|_pct|_percentage)$", column) else None
