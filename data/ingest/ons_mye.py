"""ONS mid-year population estimates for local authorities (CSV), the bases of rates per head.

The layout ONS publishes its detailed time series in ("Estimates of the population for England and Wales",
table MYEB1, saved as CSV): ``ladcode<yy>, laname<yy>, country, sex, age, population_<year>, ...`` — one row per
local authority district (and unitary), sex and single year of age (90 meaning 90 and over), one column per
mid-year (30 June).  A title line above the header is allowed.

Read into five populations per authority and year (``POPULATIONS``): all ages, children aged 0–17, adults
18 and over, 18–64 and 65 and over, each the sum over sexes and ages.  Counties are not districts: with the
register loaded, each county's populations are added as the sum of its current districts' (``resolve``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from data.ingest.common import IngestError, Parsed, Progress, area_type_for, read_csv_rows

PUBLISHER = "Office for National Statistics"
TITLE = "Mid-year population estimates for local authorities"

# code -> (name, youngest, oldest or None)
POPULATIONS = {
    "population_all_ages": ("Residents (all ages)", 0, None),
    "population_0_17": ("Children aged 0–17", 0, 17),
    "population_18_plus": ("Adults aged 18 and over", 18, None),
    "population_18_64": ("Adults aged 18–64", 18, 64),
    "population_65_plus": ("People aged 65 and over", 65, None),
}
_CODE, _NAME, _YEAR = re.compile(r"^ladcode\d*$", re.I), re.compile(r"^laname\d*$", re.I), re.compile(
    r"^population_(\d{4})$", re.I)


def _header(header: list[str], rows) -> tuple[list[str], list]:
    """The header row (the first one naming ladcode), and the rows after it."""
    if any(_CODE.match(h) for h in header):
        return header, rows
    for k, (_line, fields) in enumerate(rows[:10]):
        if any(_CODE.match(f.strip()) for f in fields):
            return [f.strip() for f in fields], rows[k + 1:]
    raise IngestError("not an ONS mid-year population estimates file (MYEB1 layout): no ladcode column in the "
                      f"first lines (found {', '.join(repr(h) for h in header[:6])})")


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    header, rows = _header(header, rows)
    name = path.name
    code_col = next((h for h in header if _CODE.match(h)), None)
    name_col = next((h for h in header if _NAME.match(h)), None)
    years = {h: int(_YEAR.match(h).group(1)) for h in header if _YEAR.match(h)}
    missing = [c for c, ok in (("laname", name_col), ("sex", "sex" in header), ("age", "age" in header),
                               ("population_<year>", years)) if not ok]
    if missing:
        raise IngestError(f"{name} is not an ONS mid-year population estimates file (MYEB1 layout): column"
                          f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing")
    parsed = Parsed(kind="ons-mye", publisher=PUBLISHER, title=TITLE, rows_read=len(rows))
    width = len(header)
    good = [(line, f) for line, f in rows if len(f) == width]
    for line, f in rows:
        if len(f) != width:
            parsed.reject(f"line {line}", f"{len(f)} fields where the header has {width}", ",".join(f))
    frame = pd.DataFrame([f for _line, f in good], columns=header, dtype=object)
    frame["line"] = [line for line, _f in good]
    frame[code_col] = frame[code_col].str.strip()
    age = pd.to_numeric(frame["age"].str.replace("+", "", regex=False).str.strip(), errors="coerce")
    bad = ~frame[code_col].str.fullmatch(r"[EWSNK]\d{8}") | age.isna()
    for i in np.flatnonzero(bad.to_numpy()):
        parsed.reject(f"line {frame['line'].iat[i]}", "not an authority's row (no ONS code, or no age)",
                      ",".join(str(frame[c].iat[i]) for c in header[:6]))
    frame, age = frame[~bad.to_numpy()], age[~bad.to_numpy()].astype(int)
    people = frame[list(years)].apply(lambda col: pd.to_numeric(col.str.replace(",", ""), errors="coerce"))
    if people.isna().any().any():
        rows_bad = people.isna().any(axis=1).to_numpy()
        for i in np.flatnonzero(rows_bad):
            parsed.reject(f"line {frame['line'].iat[i]}", "a population that is not a number")
        frame, age, people = frame[~rows_bad], age[~rows_bad], people[~rows_bad]
    if frame.empty:
        raise IngestError(f"{name}: no row has an authority's code, an age and its populations")
    parts = []
    for code, (label, youngest, oldest) in POPULATIONS.items():
        within = (age >= youngest) & (age <= (oldest if oldest is not None else 999))
        sums = people[within.to_numpy()].groupby(frame.loc[within.to_numpy(), code_col].to_numpy()).sum()
        long = sums.stack().rename("value").reset_index()
        long.columns = ["area_code", "column", "value"]
        long["measure_code"] = code
        parts.append(long)
    values = pd.concat(parts, ignore_index=True)
    names = frame.drop_duplicates(code_col).set_index(code_col)[name_col].str.strip()
    lines = frame.drop_duplicates(code_col).set_index(code_col)["line"]
    year = values["column"].map(years)
    mid = pd.to_datetime(year.astype(str) + "-06-30")
    parsed.values = pd.DataFrame({
        "measure_code": values["measure_code"], "breakdown": "", "area_code": values["area_code"],
        "area_name": values["area_code"].map(names), "area_type": values["area_code"].map(area_type_for),
        "period_label": "Mid-" + year.astype(str), "period_kind": "mid_year", "period_start": mid, "period_end": mid,
        "value": values["value"].astype(float), "status": "value", "symbol": None,
        "source_ref": "lines from " + values["area_code"].map(lines).astype(str) + ", column " + values["column"]})
    parsed.measures = pd.DataFrame([{"measure_code": code, "measure_name": label, "unit": None, "polarity": None,
                                     "description": f"ONS mid-year (30 June) estimate, summed over sexes and ages "
                                                    f"{youngest}{'–' + str(oldest) if oldest is not None else ' and over'}",
                                     "decimals": 0, "kind": "population", "position": k}
                                    for k, (code, (label, youngest, oldest)) in enumerate(POPULATIONS.items())])
    parsed.notes.append(f"{len(names):,} authorities, mid-{min(years.values())} to mid-{max(years.values())}; "
                        "sexes and single years of age summed into " + ", ".join(
                            v[0].lower() for v in POPULATIONS.values()))
    progress(f"parsed {len(parsed.values):,} populations")
    return parsed


def resolve(con, parsed: Parsed) -> None:
    """Add each county's populations as the sum of its current districts' (through the register), where the
    file has every one of them; without the register, say that counties are missing."""
    values = parsed.values
    have = set(values["area_code"])
    try:
        rows = con.execute("""
            SELECT c.area_code AS county, c.name AS county_name, d.area_code AS district
            FROM authority AS c JOIN authority AS d ON d.parent_county_code = c.code
            WHERE c.area_type = 'county' AND c.end_date IS NULL AND d.end_date IS NULL AND d.area_code IS NOT NULL
              AND c.area_code IS NOT NULL""").df()
    except Exception:   # noqa: BLE001 — a database without the register's table
        rows = pd.DataFrame(columns=["county", "county_name", "district"])
    if rows.empty:
        parsed.notes.append("counties not added: the register is not loaded (load it first, then this file "
                            "again, for county populations summed from their districts)")
        return
    complete = rows.groupby("county")["district"].agg(lambda d: set(d) <= have)
    rows = rows[rows["county"].map(complete) & ~rows["county"].isin(have)]
    if rows.empty:
        return
    districts = values.merge(rows, left_on="area_code", right_on="district")
    counties = districts.groupby(["county", "county_name", "measure_code", "period_label", "period_kind",
                                  "period_start", "period_end"], as_index=False).agg(
        value=("value", "sum"), districts=("district", "nunique"))
    added = pd.DataFrame({
        "measure_code": counties["measure_code"], "breakdown": "", "area_code": counties["county"],
        "area_name": counties["county_name"], "area_type": "county", "period_label": counties["period_label"],
        "period_kind": counties["period_kind"], "period_start": counties["period_start"],
        "period_end": counties["period_end"], "value": counties["value"], "status": "value", "symbol": None,
        "source_ref": "sum of its " + counties["districts"].astype(str) + " districts (the register's)"})
    parsed.values = pd.concat([values, added], ignore_index=True)
    parsed.notes.append(f"{added['area_code'].nunique()} counties added as the sum of their districts")
