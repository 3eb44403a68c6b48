"""What every importer shares: the error that ends an import, the parsed
result handed to the store, cell and period parsing, area types, progress.

Importers are pure readers: they turn a publisher's file into pandas frames
(and a list of rejected rows with reasons) without touching the database;
``data.ingest.store`` writes those frames into the next version of the file.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd


class IngestError(Exception):
    """The file cannot be imported as a whole (wrong layout, truncated, wrong
    encoding, empty...).  The message is one line saying what is wrong and,
    where it can, what to do; the command prints it and exits with status 2."""


@dataclass(frozen=True)
class Rejection:
    """One row (or cell) of the file that was not loaded, and why."""

    location: str  # "line 57", "line 57, column x", "Table_5!F12"
    reason: str
    text: str = ""  # a short excerpt of what the row said


# Columns of the facts frame every importer returns (published_value less the
# provenance columns the store adds).
VALUE_COLUMNS = ["measure_code", "breakdown", "area_code", "area_name", "area_type", "period_label",
                 "period_kind", "period_start", "period_end", "value", "status", "symbol", "source_ref"]
MEASURE_COLUMNS = ["measure_code", "measure_name", "unit", "polarity", "description"]
# Optional further columns of the measures frame (the store infers them where an importer leaves them out):
# decimals published to, kind (dashboard.metrics.published.KINDS), indicator grouping, place in the file.
MEASURE_EXTRAS = ["decimals", "kind", "grouping", "position"]


@dataclass
class Parsed:
    """What an importer made of a file."""

    kind: str
    publisher: str
    title: str = ""
    rows_read: int = 0
    values: pd.DataFrame | None = None
    measures: pd.DataFrame | None = None
    authorities: pd.DataFrame | None = None
    aliases: pd.DataFrame | None = None
    neighbours: pd.DataFrame | None = None
    breakdowns: pd.DataFrame | None = None   # each breakdown's filter values (data.ingest.ees_meta.BREAKDOWN_COLUMNS)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts for the summary (columns not loaded, ...)

    def reject(self, location: str, reason: str, text: str = "") -> None:
        self.rejections.append(Rejection(location, reason, _excerpt(text)))


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


PROGRESS_AFTER = 1.0  # seconds a load runs before progress lines start


class Progress:
    """Timed progress lines on stderr, as data.generate prints them.

    Only once a load has taken longer than ``after`` seconds: a small file
    loads in a blink and its output stays the summary (or the one-line error),
    while a large file or a large database shows how far it has got."""

    def __init__(self, enabled: bool = True, *, after: float | None = None):
        self.enabled, self.t0 = enabled, time.perf_counter()
        self.after = PROGRESS_AFTER if after is None else after

    def __call__(self, message: str) -> None:
        elapsed = time.perf_counter() - self.t0
        if self.enabled and elapsed >= self.after:
            print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Reading files

def check_file(path: Path, *, suffixes: tuple[str, ...] | None = None) -> None:
    """Exists, is a file, is not empty, and (for spreadsheets) has the expected extension."""
    if not path.exists():
        raise IngestError(f"{path} does not exist")
    if not path.is_file():
        raise IngestError(f"{path} is not a file")
    if path.stat().st_size == 0:
        raise IngestError(f"{path.name} is empty (0 bytes): download it again")
    if suffixes and path.suffix.lower() not in suffixes:
        raise IngestError(f"{path.name} is not a {' or '.join(suffixes)} file")


PROGRESS_EVERY = 100_000  # rows between progress lines while reading a CSV


def read_csv_rows(path: Path, progress: Progress) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line number, fields), ...]) of a UTF-8 CSV (a byte-order mark is dropped).

    Raises IngestError for a file that is empty, not UTF-8, or cut off part-way
    through its last row.  Rows whose number of fields differs from the header
    are returned as they are; the importer rejects them with a reason."""
    import csv

    check_file(path)
    rows: list[tuple[int, list[str]]] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except StopIteration:
                raise IngestError(f"{path.name} is empty: it has no header row") from None
            for fields in reader:
                rows.append((reader.line_num, fields))
                if len(rows) % PROGRESS_EVERY == 0:
                    progress(f"read {len(rows):,} rows of {path.name}")
    except UnicodeDecodeError:
        raise IngestError(_not_utf8(path)) from None
    except csv.Error as exc:
        raise IngestError(f"{path.name} is not a well-formed CSV file ({exc}): it may be truncated") from None
    header = [h.strip() for h in header]
    if not any(header):
        raise IngestError(f"{path.name} has an empty first line where the column headers should be")
    # A file cut off part-way ends without a line end, usually short of
    # fields, but a cut in the last field ("45.97" -> "45.9") leaves them all:
    # publishers' CSVs end their last line, so one that does not is refused.
    if rows and not _ends_with_newline(path):
        line, fields = rows[-1]
        short = f" ({len(fields)} of {len(header)} fields)" if len(fields) < len(header) else ""
        raise IngestError(f"{path.name} ends part-way through line {line}{short}, without a line end: the file "
                          "looks truncated; download it again")
    # Blank lines (a csv.reader gives []) carry nothing.
    rows = [(n, f) for n, f in rows if any(x.strip() for x in f)]
    if not rows:
        raise IngestError(f"{path.name} has a header but no data rows")
    return header, rows


def _not_utf8(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return f"{path.name} is UTF-16 text, not UTF-8: download the publisher's file again (or save it as CSV UTF-8)"
    try:
        data.decode("utf-8-sig")
        return f"{path.name} is not UTF-8 text"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (f"{path.name} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): it may have been "
                "re-saved in another encoding; download the publisher's file again")


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


def require_columns(name: str, header: list[str], needed: list[str], what: str) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise IngestError(f"{name} is not {what}: column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(repr(m) for m in missing)} missing (found {_list(header)})")


def _list(items, limit: int = 8) -> str:
    items = [repr(i) for i in items if i != ""]
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ---------------------------------------------------------------------------
# Cells: a number, or a publisher's code for why there is no number

# The Government Statistical Service symbols (bracketed in spreadsheets, bare in
# EES CSVs), and the older DfE ones.  A code replaces the number.
CODES = {
    "x": "not_available",      # not available / not collected / data not received
    "c": "suppressed",         # confidential: suppressed to protect individuals
    "z": "not_applicable",
    "low": "low",              # rounds to zero, but is not zero
    "u": "low_reliability",
    "w": "no_data",
    "k": "low",                # older DfE: fewer than 0.5 / rounds to zero
    "~": "low",                # older DfE: fewer than 5, or rounds to zero
    ":": "not_available",      # older DfE / Eurostat
    "..": "not_available",
    "": "not_available",       # an empty cell where a value belongs
}
# Annotations that may follow a number ("123 [p]"): the number stands.
ANNOTATIONS = {"p": "provisional", "r": "revised", "e": "estimated", "pr": "provisional", "er": "estimated"}
_ANNOTATED = re.compile(r"^\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*\[([a-z]{1,2})\]\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


def code_key(text: str) -> str:
    """'[z]' -> 'z', ' Low ' -> 'low'."""
    t = str(text).strip().lower()
    if len(t) >= 2 and t[0] == "[" and t[-1] == "]":
        t = t[1:-1].strip()
    return t


def cell_text(value) -> str:
    """A spreadsheet cell as text: floats in their shortest round-tripping form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return "" if np.isnan(value) else repr(value)
    return str(value)


def keep_parsed(parsed: Parsed, frame: pd.DataFrame, refs, reason: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse ``frame["raw"]``, reject each cell that is neither a number nor a known
    code (at its place in ``refs``, with ``reason``), and return the rows kept with
    their parsed cells."""
    cells = parse_cells(frame["raw"])
    ok = cells["ok"].to_numpy()
    for i in np.flatnonzero(~ok):
        parsed.reject(refs[i], reason, str(frame["raw"].iat[i]))
    return frame[ok].reset_index(drop=True), cells[ok].reset_index(drop=True)


def parse_cells(cells, *, clean: bool = False) -> pd.DataFrame:
    """Parse published cells all at once.

    ``cells`` are spreadsheet values or CSV text; ``clean=True`` says they are
    already stripped strings (CSV fields), which skips a pass over them.
    Returns a frame aligned with ``cells``: value (float, NaN when none),
    status, symbol (the publisher's code as printed, None for a plain number)
    and ok (False for text that is neither a number nor a known code).
    Distinct non-numbers are few (x, c, z...), so each is looked at once."""
    if clean:
        text = np.asarray(cells, dtype=object)
    else:
        text = np.array([cell_text(c).strip() for c in cells], dtype=object)
    number = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype="float64")
    finite = np.isfinite(number)  # 'nan' and 'inf' are read as numbers by pandas, never meant as such
    n = len(text)
    value = np.where(finite, number, np.nan)
    status = np.full(n, "value", dtype=object)
    symbol = np.full(n, None, dtype=object)
    ok = finite.copy()
    rest = np.flatnonzero(~finite)
    if len(rest):
        distinct, inverse = np.unique(text[rest].astype(str), return_inverse=True)
        parsed = [_parse_text(str(t)) for t in distinct]
        for field, out in ((0, value), (1, status), (2, symbol), (3, ok)):
            out[rest] = np.array([p[field] for p in parsed], dtype=out.dtype)[inverse]
    return pd.DataFrame({"value": value, "status": pd.Series(status, dtype=object),
                         "symbol": pd.Series(symbol, dtype=object), "ok": ok})


def _parse_text(text: str) -> tuple[float, str, str | None, bool]:
    key = code_key(text)
    if key in CODES:
        return np.nan, CODES[key], text, True
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), "value", None, True
    m = _ANNOTATED.match(text)
    if m and m.group(2).lower() in ANNOTATIONS:
        return float(m.group(1).replace(",", "")), ANNOTATIONS[m.group(2).lower()], f"[{m.group(2)}]", True
    return np.nan, "value", None, False


# ---------------------------------------------------------------------------
# Periods

@dataclass(frozen=True)
class Period:
    label: str
    kind: str
    start: dt.date
    end: dt.date


def financial_year(first_year: int) -> Period:
    """April first_year to March first_year + 1, labelled 2024-25."""
    return Period(f"{first_year}-{(first_year + 1) % 100:02d}", "financial_year",
                  dt.date(first_year, 4, 1), dt.date(first_year + 1, 3, 31))


_FY = re.compile(r"^\s*(\d{4})\s*(?:-|/|to|–)\s*(\d{2}|\d{4})\s*$")


def parse_financial_year(text: str) -> Period | None:
    """'2016-17', '2014/15', '2010 to 2011', '201617' -> the financial year, else None."""
    t = str(text).strip()
    m = _FY.match(t)
    if m:
        first, second = int(m.group(1)), int(m.group(2))
    elif re.fullmatch(r"\d{6}", t):
        first, second = int(t[:4]), int(t[4:])
    else:
        return None
    if second % 100 != (first + 1) % 100:
        return None
    return financial_year(first)


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


def quarter_of_financial_year(first_year: int, quarter: int) -> Period:
    """Q1 = April to June of first_year ... Q4 = January to March of first_year + 1."""
    month = 4 + 3 * (quarter - 1)
    year = first_year + (month > 12)
    month = (month - 1) % 12 + 1
    fy = financial_year(first_year).label
    return Period(f"{fy} Q{quarter}", "financial_quarter", dt.date(year, month, 1), month_end(year, month + 2))


# ---------------------------------------------------------------------------
# Areas

# ONS (GSS) code prefixes -> the area types used across the published tables.
CODE_TYPES = {
    "E92": "country", "W92": "country", "S92": "country", "N92": "country",
    "K02": "country", "K03": "country", "K04": "country",
    "E12": "region", "E13": "inner_outer_london",
    "E06": "unitary", "W06": "unitary", "S12": "unitary", "N09": "district",
    "E07": "district", "E08": "metropolitan_district", "E09": "london_borough", "E10": "county",
    "E11": "metropolitan_county", "E23": "police", "E26": "national_park", "E31": "fire",
    "E47": "combined_authority", "E50": "waste_authority", "E61": "greater_london_authority",
}


def area_type_for(code: str, fallback: str = "other") -> str:
    code = str(code or "").strip().upper()
    return CODE_TYPES.get(code[:3], fallback) if re.fullmatch(r"[EWSNK]\d{8}", code) else fallback


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def empty_values() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in VALUE_COLUMNS})
