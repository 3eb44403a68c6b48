"""ONS SDG indicator 11.6.1: share of collected waste by disposal method (CSV).

Long layout: ``Year, Series, Disposal method, Region, Waste collection
authority, Units, Observation status, GeoCode, Value``.  Rows for a region
carry the region's ONS code in GeoCode; rows with neither region nor
authority are England's (E92000001); authority rows carry only the
authority's *name* (and their region's code), so the name is resolved to an
ONS code through the register (``data.ingest.names``) — load the register
first.  Names that do not resolve (joint waste authorities such as "East
London Waste Authority" are not councils) are skipped and listed.  Years like
2014/15 are financial years.  One measure per disposal method:
``waste_landfill``, ``waste_recycled_composted``, ... (percent).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from data.ingest.common import (IngestError, Parsed, Progress, area_type_for, keep_parsed, parse_financial_year,
                                read_csv_rows, require_columns, slug)
from data.ingest.names import Resolver

PUBLISHER = "Office for National Statistics"
REQUIRED = ["Year", "Disposal method", "Region", "Waste collection authority", "GeoCode", "Value"]
OBSERVATION = {"normal value": "value", "estimated value": "estimated", "provisional value": "provisional",
               "revised value": "revised"}


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    require_columns(path.name, header, REQUIRED, "the ONS SDG 11.6.1 waste by disposal method file")
    at = {h: i for i, h in enumerate(header)}
    width = len(header)
    parsed = Parsed(kind="ons-sdg", publisher=PUBLISHER, title="SDG 11.6.1: collected waste by disposal method",
                    rows_read=len(rows))
    records, series, units = [], Counter(), Counter()
    for line, f in rows:
        if len(f) != width:
            parsed.reject(f"line {line}", f"{len(f)} fields where the header has {width}", ",".join(f))
            continue
        get = lambda name: f[at[name]].strip() if name in at else ""  # noqa: E731
        year = parse_financial_year(get("Year"))
        if year is None:
            parsed.reject(f"line {line}", "Year not like 2014/15", ",".join(f))
            continue
        method = get("Disposal method")
        if not method:
            parsed.reject(f"line {line}", "no disposal method", ",".join(f))
            continue
        region, authority, geo = get("Region"), get("Waste collection authority"), get("GeoCode")
        if authority:
            code, name, kind = None, authority, None  # resolved against the register later
        elif region and geo:
            code, name, kind = geo, region, area_type_for(geo, "region")
        elif not region and not geo:
            code, name, kind = "E92000001", "England", "country"
        else:
            parsed.reject(f"line {line}", "region row without its GeoCode", ",".join(f))
            continue
        series[get("Series")] += 1
        units[get("Units")] += 1
        observation = get("Observation status")
        records.append((f"line {line}", code, name, kind, region, "waste_" + slug(method), method, year,
                        get("Value"), observation))
    if not records:
        raise IngestError(f"{path.name}: no row could be read (see the reasons above)")
    frame = pd.DataFrame(records, columns=["ref", "area_code", "area_name", "area_type", "region", "measure_code",
                                           "method", "period", "raw", "observation"])
    frame, cells = keep_parsed(parsed, frame, frame["ref"].to_numpy(), "Value is not a number or a known code")
    status, symbol = cells["status"].to_numpy(copy=True), cells["symbol"].to_numpy(copy=True)
    for i, obs in enumerate(frame["observation"]):
        mapped = OBSERVATION.get(obs.lower()) if obs else "value"
        if status[i] == "value":
            status[i] = mapped or "value"
            if mapped is None:
                symbol[i] = obs  # an observation status we do not know: kept as printed
    title = series.most_common(1)[0][0] if series else "Collected waste by disposal method"
    unit = units.most_common(1)[0][0] if units else None
    parsed.values = pd.DataFrame({
        "measure_code": frame["measure_code"], "breakdown": "", "area_code": frame["area_code"],
        "area_name": frame["area_name"], "area_type": frame["area_type"], "region": frame["region"],
        "period_label": [p.label for p in frame["period"]], "period_kind": "financial_year",
        "period_start": [p.start for p in frame["period"]], "period_end": [p.end for p in frame["period"]],
        "value": cells["value"], "status": status, "symbol": symbol, "source_ref": frame["ref"]})
    methods = frame.drop_duplicates("measure_code")
    parsed.measures = pd.DataFrame([{
        "measure_code": r.measure_code, "measure_name": f"{title}: {r.method}",
        "unit": "percent" if unit and "%" in unit else (unit or None), "polarity": None,
        "description": "ONS SDG indicator 11.6.1 (source: DEFRA)"} for r in methods.itertuples()])
    parsed.notes.append("rows with neither region nor authority read as England (E92000001)")
    progress(f"parsed {len(parsed.values):,} values; {frame['area_code'].isna().sum():,} name authorities only")
    return parsed


def resolve(con, parsed: Parsed) -> None:
    """Give authority rows their ONS codes from the register in the database being built."""
    resolver = Resolver(con)
    if resolver.size == 0:
        raise IngestError("the register of authorities is not loaded, and this file names authorities without codes: "
                          "load it first with `python -m data.ingest register "
                          "mysociety_uk_local_authorities_current.csv`")
    values = parsed.values
    named = values["area_code"].isna().to_numpy()
    cache: dict[tuple, tuple] = {}
    keep = np.ones(len(values), dtype=bool)
    unresolved: Counter = Counter()
    for i in np.flatnonzero(named):
        name, start, end = values["area_name"].iat[i], values["period_start"].iat[i], values["period_end"].iat[i]
        key = (name, start, end)
        if key not in cache:
            cache[key] = resolver.resolve(name, start, end)
        found, why = cache[key]
        if found is None:
            keep[i] = False
            unresolved[(name, values["region"].iat[i], why)] += 1
            parsed.reject(values["source_ref"].iat[i], why, f"{name} ({values['region'].iat[i]}), "
                          f"{values['measure_code'].iat[i]} {values['period_label'].iat[i]}")
        else:
            values.iat[i, values.columns.get_loc("area_code")] = found.area_code
            values.iat[i, values.columns.get_loc("area_type")] = found.area_type
    parsed.values = values[keep].drop(columns="region").reset_index(drop=True)
    for (name, region, why), n in sorted(unresolved.items()):
        parsed.notes.append(f"not resolved: {name} ({region}): {why} ({n} rows)")
    resolved = {(values["area_name"].iat[i], values["area_code"].iat[i]) for i in np.flatnonzero(named & keep)}
    parsed.notes.append(f"{len({n for n, _ in resolved})} authority names resolved to "
                        f"{len({c for _, c in resolved})} ONS codes through the register")
