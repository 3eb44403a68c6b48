"""What an analyst can choose for a published measure on /benchmarking besides the measure itself: its
breakdown (every filter of the file and its values; by default each filter's total where it has one, else its
first value in the publisher's order) and, for counts and amounts, the population to divide it by (the file's
own population column, or an imported ONS mid-year estimate).  Pure pandas on the reference tables: no SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.metrics.published import SIZED


@dataclass(frozen=True)
class Filter:
    col: str
    label: str
    hint: str | None
    items: tuple[str, ...]          # in the publisher's order
    totals: frozenset[str]
    grouped_by: str | None = None   # the filter column whose values head this one's (filter_grouping_column)


@dataclass(frozen=True)
class Breakdowns:
    """The breakdowns of one measure that have figures, in the publisher's order, and what each one is."""
    options: tuple[str, ...]
    parts: dict[str, dict[str, str]] = field(default_factory=dict)   # breakdown -> {filter column: value}
    filters: tuple[Filter, ...] = ()

    @property
    def choosable(self) -> tuple[Filter, ...]:
        """The filters worth a picker: more than one value among the breakdowns, and not a grouping column
        (whose value follows from the filter it groups)."""
        grouping = {f.grouped_by for f in self.filters if f.grouped_by}
        return tuple(f for f in self.filters if len(f.items) > 1 and f.col not in grouping)

    def default(self) -> str:
        """Each filter's total where it has one, else its first value; the breakdown closest to that."""
        if not self.options:
            return ""
        wanted = {f.col: next((i for i in f.items if i in f.totals), f.items[0]) for f in self.filters}
        return self._closest(wanted, self.options)

    def with_item(self, current: str, col: str, item: str) -> str:
        """``current`` with filter ``col`` set to ``item``: the breakdown keeping as many of the other filters'
        values as there is one for (earlier filters first)."""
        chosen = [b for b in self.options if self.parts.get(b, {}).get(col) == item]
        if not chosen:
            return current
        return self._closest({**self.parts.get(current, {}), col: item}, chosen)

    def _closest(self, wanted: dict[str, str], among) -> str:
        order = [f.col for f in self.filters]
        return max(among, key=lambda b: (tuple(self.parts.get(b, {}).get(c) == wanted.get(c) for c in order),
                                         -self.options.index(b)))

    def describe(self, breakdown: str) -> str:
        """"Population type: Children looked after; Age: Total" with the filters' labels."""
        labels = {f.col: f.label for f in self.filters}
        parts = self.parts.get(breakdown)
        if not parts:
            return breakdown
        return "; ".join(f"{labels.get(c, c)}: {v}" for c, v in parts.items())


def breakdowns(m: pd.Series, items: pd.DataFrame) -> Breakdowns:
    """The measure's breakdowns (benchmark_catalogue.breakdowns) and their filter values (benchmark_breakdowns
    rows of its publication)."""
    options = tuple(str(b) for b in m["breakdowns"])
    if not len(items) or options in ((), ("",)):
        return Breakdowns(options)
    rows = items[items["breakdown"].isin(options)]
    parts: dict[str, dict[str, str]] = {}
    for b, col, item in zip(rows["breakdown"], rows["filter_col"], rows["item"]):
        parts.setdefault(b, {})[col] = item
    filters = []
    # a grouping column's rows name the filter it groups: filter -> its grouping column
    grouped_by = {g: col for g, col in zip(rows["groups"], rows["filter_col"]) if isinstance(g, str)}
    for col, f in rows.sort_values(["filter_position", "item_position"]).groupby("filter_col", sort=False):
        first = f.iloc[0]
        filters.append(Filter(col, first["filter_label"], first["filter_hint"] if isinstance(first["filter_hint"], str)
                              else None, tuple(pd.unique(f["item"])), frozenset(f.loc[f["is_total"], "item"]),
                              grouped_by.get(col)))
    return Breakdowns(options, parts, tuple(filters))


@dataclass(frozen=True)
class Base:
    """A population to divide a count or an amount by."""
    id: str                 # the population measure's catalogue id (the URL's per=)
    code: str
    label: str              # "children aged 0–17"
    source: str             # where it comes from, for the page
    dataset: str
    files: tuple[str, ...]
    same_file: bool         # a population column of the measure's own file: matched row by row


RAW = "raw"   # per=raw: compare the figures as published, said to be raw


def bases(catalogue: pd.DataFrame, m: pd.Series) -> list[Base]:
    """The populations measure ``m`` can be divided by: its own file's population columns (same breakdown,
    area and period), then every imported population published without breakdowns (ONS mid-year
    estimates), for counts and amounts only."""
    if m["kind"] not in SIZED:
        return []
    pops = catalogue.iloc[np.flatnonzero(catalogue["kind"].to_numpy(dtype=object) == "population")]
    same = pops["dataset"].to_numpy(dtype=object) == m["dataset"]
    own = pops[same]
    other = pops[~same & np.array([list(b) == [""] for b in pops["breakdowns"]], dtype=bool)]
    out = [Base(r.measure_id, r.measure_code, _who(r.measure_name), f"the same file ({r.measure_name})",
                r.dataset, tuple(r.files), True) for r in own.itertuples()]
    out += [Base(r.measure_id, r.measure_code, _who(r.measure_name), f"{r.publisher}, {r.title} ({r.source_file})",
                 r.dataset, tuple(r.files), False) for r in other.itertuples()]
    return out


def _who(name: str) -> str:
    """"Children aged 0–17" -> "children aged 0–17"; an acronym stays as it is."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


_CHILDREN = re.compile(r"child|pupil|school|young|looked after|in need|\bcla\b|\bcin\b|care leaver|adopt|foster", re.I)
_ADULTS = re.compile(r"\badult|\bASC\b|social care.*adult|carer", re.I)


def default_base(m: pd.Series, options: list[Base]) -> Base | None:
    """The file's own population where it has one; else the imported population whose ages fit the measure:
    children aged 0–17 for what is about children (DfE's base for children's rates), adults aged 18 and over
    for adult social care, everyone otherwise."""
    if not options:
        return None
    own = [b for b in options if b.same_file]
    if own:
        return own[0]
    text = " ".join(str(m[k]) for k in ("measure_name", "measure_code", "title", "source_file"))
    wanted = ("population_0_17" if _CHILDREN.search(text) else "population_18_plus" if _ADULTS.search(text)
              else "population_all_ages")
    return next((b for b in options if b.code == wanted),
                next((b for b in options if b.code == "population_all_ages"), options[0]))
