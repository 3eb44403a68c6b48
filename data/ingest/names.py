"""Resolve council names (as files without codes spell them) to ONS codes
through the register of authorities (table ``authority``).

"Essex County Council", "Gateshead MBC", "Bradford City MDC (MBC)" and
"Royal Borough of Kingston upon Thames" are reduced to the name the register
knows (essex, gateshead, bradford, kingston upon thames) and looked up among
each authority's official name, short name and alternative names.  An exact
match of the full name wins over a match of the reduced one; where a name fits
several authorities (Buckinghamshire County Council and Buckinghamshire
Council; the old and the new North Yorkshire), the one that existed during
the value's period is taken.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

_TRAILING = {"council", "borough", "county", "city", "district", "metropolitan", "mbc", "mdc", "lb", "ua", "of",
             "the", "corporation"}
_LEADING = ("royal borough of ", "london borough of ", "city and county of the ", "council of the ", "borough of ")


def full_key(name: str) -> str:
    n = str(name).lower().replace("&", " and ")
    n = re.sub(r"\([^)]*\)", " ", n)
    n = re.sub(r"[^a-z0-9]+", " ", n)
    return " ".join(n.split())


def short_key(name: str) -> str:
    n = full_key(name)
    for lead in _LEADING:
        if n.startswith(lead):
            n = n[len(lead):]
    words = n.split()
    while len(words) > 1 and words[-1] in _TRAILING:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class Authority:
    code: str
    area_code: str
    name: str
    area_type: str
    start: dt.date | None
    end: dt.date | None

    def existed(self, start: dt.date, end: dt.date) -> bool:
        return (self.start is None or self.start <= end) and (self.end is None or self.end >= start)


class Resolver:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        rows = con.execute("""
            SELECT code, area_code, name, official_name, area_type, start_date, end_date, alt_names
            FROM authority WHERE area_code IS NOT NULL ORDER BY code""").fetchall()
        self.size = len(rows)
        self.full: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}
        self.by_code: dict[str, Authority] = {}
        for code, area, name, official, kind, start, end, alt in rows:
            self.by_code[code] = Authority(code, area, name, kind, start, end)
            for spelling in {name, official, *(alt or [])}:
                if spelling and len(spelling.strip()) > 2:
                    self.full.setdefault(full_key(spelling), set()).add(code)
                    self.short.setdefault(short_key(spelling), set()).add(code)

    def resolve(self, name: str, start: dt.date, end: dt.date) -> tuple[Authority | None, str]:
        """(authority, "") or (None, why not)."""
        codes = self.full.get(full_key(name)) or self.short.get(short_key(name)) or set()
        if not codes:
            return None, "authority name not in the register"
        found = [self.by_code[c] for c in sorted(codes)]
        councils = [a for a in found if a.area_type not in ("combined_authority", "greater_london_authority")]
        found = councils or found  # "Newcastle" is a council before it is part of North of Tyne
        if len(found) == 1:
            return found[0], ""
        alive = [a for a in found if a.existed(start, end)]
        if len(alive) == 1:
            return alive[0], ""
        if "county council" in full_key(name):
            counties = [a for a in (alive or found) if a.area_type == "county"]
            if len(counties) == 1:
                return counties[0], ""
        return None, ("authority name fits several authorities in the register: "
                      + ", ".join(f"{a.name} {a.area_code}" for a in (alive or found)))
