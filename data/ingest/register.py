"""mySociety's register of UK local authorities (CSV) -> ``authority``.

One row per council, current or abolished: ``local-authority-code`` (ESS),
``official-name``, ``nice-name``, ``gss-code`` (ONS code), ``local-authority-type``
(CTY, NMD, UA, MD, LBO...), ``county-la`` (a district's county), and more.
The register's three-digit ``old-ons-la-code`` values are the DfE LA codes of
upper-tier authorities (881 for Essex) and its ``ecode`` the DLUHC E-code:
both go to ``area_code_alias`` too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.ingest.common import Parsed, Progress, area_type_for, read_csv_rows, require_columns

PUBLISHER = "mySociety"
REQUIRED = ["local-authority-code", "official-name", "nice-name", "gss-code", "local-authority-type",
            "local-authority-type-name", "county-la"]
TYPES = {"CTY": "county", "NMD": "district", "UA": "unitary", "MD": "metropolitan_district", "LBO": "london_borough",
         "CC": "london_borough", "COMB": "combined_authority", "SRA": "greater_london_authority",
         "SCO": "unitary", "WPA": "unitary", "NID": "district"}


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    require_columns(path.name, header, REQUIRED, "mySociety's register of local authorities")
    parsed = Parsed(kind="register", publisher=PUBLISHER, title="Register of UK local authorities (mySociety)",
                    rows_read=len(rows))
    at = {h: i for i, h in enumerate(header)}
    width = len(header)

    def get(f, name):
        i = at.get(name)
        return f[i].strip() if i is not None and i < len(f) else ""

    records, seen = [], set()
    for line, f in rows:
        if len(f) != width:
            parsed.reject(f"line {line}", f"{len(f)} fields where the header has {width}", ",".join(f))
            continue
        code = get(f, "local-authority-code")
        if not code:
            parsed.reject(f"line {line}", "no local-authority-code", ",".join(f))
            continue
        if code in seen:
            parsed.reject(f"line {line}", f"local-authority-code {code} repeated", ",".join(f))
            continue
        gss = get(f, "gss-code") or None
        if gss and not re.fullmatch(r"[EWSNK]\d{8}", gss):
            parsed.reject(f"line {line}", f"gss-code {gss!r} is not an ONS code", ",".join(f))
            continue
        seen.add(code)
        kind = get(f, "local-authority-type")
        official, nice = get(f, "official-name"), get(f, "nice-name")
        alt = [a.strip() for a in get(f, "alt-names").split(",") if a.strip()]
        old = get(f, "old-ons-la-code")
        pop = get(f, "pop-2020")
        records.append({
            "code": code, "area_code": gss, "name": nice or official, "official_name": official or nice,
            "authority_type": kind, "authority_type_name": get(f, "local-authority-type-name"),
            "area_type": TYPES.get(kind) or area_type_for(gss or ""),
            "parent_county_code": get(f, "county-la") or None, "region": get(f, "region") or None,
            "nation": get(f, "nation") or None, "combined_authority": get(f, "combined-authority") or None,
            "old_la_code": old if re.fullmatch(r"\d{3}", old) else None, "ecode": get(f, "ecode") or None,
            "start_date": _date(get(f, "start-date")), "end_date": _date(get(f, "end-date")),
            "replaced_by": get(f, "replaced-by") or None,
            "is_current": (get(f, "current-authority").lower() != "false") if "current-authority" in at
            else not get(f, "end-date"),
            "population": int(float(pop)) if re.fullmatch(r"\d+(\.0+)?", pop) else None,
            "alt_names": sorted(set(alt)),
        })
    by_code = {r["code"]: r["area_code"] for r in records}
    for r in records:
        r["parent_area_code"] = by_code.get(r["parent_county_code"]) if r["parent_county_code"] else None
    frame = pd.DataFrame(records)
    for p in sorted({r["parent_county_code"] for r in records if r["parent_county_code"]} - set(by_code)):
        parsed.notes.append(f"county-la {p} is not a code in the register: parent_area_code left empty")
    parsed.authorities = frame
    aliases = []
    for r in records:
        if r["area_code"] and r["old_la_code"]:
            aliases.append(("dfe_la", r["old_la_code"], r["area_code"], r["name"]))
        if r["area_code"] and r["ecode"]:
            aliases.append(("ecode", r["ecode"], r["area_code"], r["name"]))
    parsed.aliases = pd.DataFrame(aliases, columns=["scheme", "code", "area_code", "area_name"]).assign(
        first_period=pd.NaT, last_period=pd.NaT)
    progress(f"parsed {len(frame):,} authorities")
    return parsed


def _date(text: str):
    return pd.Timestamp(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
