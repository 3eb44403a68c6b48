"""DfE statistical neighbour groupings (CSV) -> ``statistical_neighbour``.

``LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ...,
SN10, SNP`` — the file starts with a byte-order mark, repeats the ``SNP``
(closeness) heading after every neighbour, and ends each line with a comma.
Columns are therefore read by position after checking the headings.  Below a
line "Old SNs:" come groupings of authorities since reorganised (is_current
false).  Authorities are identified by old three-digit DfE codes, mapped to
ONS codes through ``area_code_alias``: the pairs from EES files already
loaded (the latest period a code was seen in wins, so 815 North Yorkshire
maps to today's E06000065), else the register's.  Codes that map nowhere are
kept with an empty ONS code and listed in the summary.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from data.ingest.common import IngestError, Parsed, Progress, read_csv_rows

PUBLISHER = "Department for Education"


def read(path: Path, progress: Progress) -> Parsed:
    header, rows = read_csv_rows(path, progress)
    heads = [h.strip() for h in header]
    expected = [f"SN{n}" for n in range(1, 11)]
    sn_at = [i for i, h in enumerate(heads) if re.fullmatch(r"SN\d+", h)]
    if not heads or heads[0].lower() != "la num" or [heads[i] for i in sn_at] != expected or \
            any(i + 1 >= len(heads) or heads[i + 1] != "SNP" for i in sn_at):
        raise IngestError(f"{path.name} is not DfE's statistical neighbour groupings: expected 'LA num', 'LA Name', "
                          f"then SN1..SN10 each followed by SNP (found {', '.join(h for h in heads[:8] if h)} ...)")
    name_at = next((i for i, h in enumerate(heads) if h.lower() == "la name"), 1)
    parsed = Parsed(kind="neighbours", publisher=PUBLISHER, title=f"Statistical neighbour groupings: {path.stem}")
    records, current, seen = [], True, set()
    for line, f in rows:
        cells = [c.strip() for c in f]
        if any("old sns" in c.lower() for c in cells):
            current = False
            continue
        if not any(cells):
            continue
        parsed.rows_read += 1
        code = cells[0] if cells else ""
        if not re.fullmatch(r"\d{3}", code):
            parsed.reject(f"line {line}", "LA num is not a three-digit DfE code", ",".join(f))
            continue
        if len(cells) <= sn_at[-1] + 1:
            parsed.reject(f"line {line}", f"only {len(cells)} fields: the neighbours are cut short", ",".join(f))
            continue
        if (code, current) in seen:
            parsed.reject(f"line {line}", f"LA {code} listed twice", ",".join(f))
            continue
        seen.add((code, current))
        name = cells[name_at]
        for rank, i in enumerate(sn_at, start=1):
            neighbour, closeness = cells[i], cells[i + 1]
            if not re.fullmatch(r"\d{3}", neighbour):
                parsed.reject(f"line {line}, SN{rank}", "neighbour is not a three-digit DfE code", neighbour)
                continue
            records.append({"dfe_code": code, "area_name": name, "rank": rank, "neighbour_dfe_code": neighbour,
                            "closeness": closeness, "is_current": current})
    if not records:
        raise IngestError(f"{path.name}: no grouping could be read (see the reasons above)")
    frame = pd.DataFrame(records)
    dup = frame.duplicated(["dfe_code", "rank"], keep="first")
    for r in frame[dup].itertuples():
        parsed.reject(f"LA {r.dfe_code}", "grouping repeated (current and old)", r.area_name)
    parsed.neighbours = frame[~dup].reset_index(drop=True)
    progress(f"parsed {len(parsed.neighbours):,} neighbour pairs for "
             f"{parsed.neighbours['dfe_code'].nunique()} authorities")
    return parsed


def resolve(con, parsed: Parsed) -> None:
    """ONS codes for the DfE codes, from the pairs already loaded."""
    pairs = _pairs(con)
    mapping = {code: area for code, area, _ in pairs}
    frame = parsed.neighbours
    frame["area_code"] = frame["dfe_code"].map(mapping)
    frame["neighbour_area_code"] = frame["neighbour_dfe_code"].map(mapping)
    used = set(frame["dfe_code"]) | set(frame["neighbour_dfe_code"])
    missing = sorted(c for c in used if c not in mapping)
    names = dict(zip(frame["dfe_code"], frame["area_name"]))
    if missing:
        listed = [f"{c} {names.get(c, '')}".strip() for c in missing]
        parsed.notes.append(f"{len(missing)} of {len(used)} DfE codes could not be mapped to ONS codes (their ONS code "
                            "is left empty; load an EES file with old_la_code/new_la_code, or the register, then "
                            "load this file again): " + ", ".join(listed[:20])
                            + (f" and {len(listed) - 20} more" if len(listed) > 20 else ""))
    else:
        parsed.notes.append(f"all {len(used)} DfE codes mapped to ONS codes")
    sources = Counter(p[2] for p in pairs if p[0] in used)
    if sources:
        parsed.notes.append("mapped through " + ", ".join(f"{n} codes from {s}" for s, n in sources.items()))
    for code, choices in _ties(con).items():
        if code in used:
            parsed.notes.append(f"DfE code {code} is paired with {' and '.join(choices)} in the same latest period; "
                                f"used {mapping.get(code)}")


def _pairs(con) -> list[tuple[str, str, str]]:
    """(DfE code, ONS code, where from) — the pair of the latest period; EES files before the register."""
    return con.execute("""
        WITH ranked AS (
            SELECT a.code, a.area_code,
                   CASE WHEN a.last_period IS NULL THEN 'the register' ELSE 'EES files' END AS origin,
                   row_number() OVER (PARTITION BY a.code
                                      ORDER BY (a.last_period IS NULL), a.last_period DESC,
                                               l.loaded_at DESC NULLS LAST, a.area_code DESC) AS choice
            FROM area_code_alias AS a
            LEFT JOIN published_load AS l USING (source_file)
            WHERE a.scheme = 'dfe_la'
        )
        SELECT code, area_code, origin FROM ranked WHERE choice = 1""").fetchall()


def _ties(con) -> dict[str, list[str]]:
    """DfE codes paired with more than one ONS code in their latest period (e.g. 370 Barnsley in 2025)."""
    rows = con.execute("""
        WITH latest AS (
            SELECT code, max(last_period) AS last_period
            FROM area_code_alias WHERE scheme = 'dfe_la' AND last_period IS NOT NULL GROUP BY code
        )
        SELECT a.code, list(DISTINCT a.area_code ORDER BY a.area_code) AS codes
        FROM area_code_alias AS a JOIN latest USING (code, last_period)
        WHERE a.scheme = 'dfe_la'
        GROUP BY a.code HAVING count(DISTINCT a.area_code) > 1""").fetchall()
    return {code: list(codes) for code, codes in rows}

