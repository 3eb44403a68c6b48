"""An EES data file's own description: the metadata file published beside it, and its filters.

``<name>.meta.csv`` (DfE's open data standards, "EES metadata") has one row per filter or indicator column:
``col_name, col_type (Filter | Indicator), label, indicator_grouping, indicator_unit ("", "£", "£m", "%", "pp"),
indicator_dp, filter_hint, filter_grouping_column``.  A filter with one value is left out of it by the
standard, and a grouping column (named by another filter's ``filter_grouping_column``) has no row of its own.

Filters split each indicator's figures: every data row belongs to one combination of filter values, its
*breakdown* (``category: Referrals and Re-referrals``, ``population_type: Children looked after; age: Total``).
The standard calls a filter's aggregate value "Total"; ``filters`` records, for every breakdown of the file, each
filter's value, its place in the publisher's order and whether it is that filter's total, so the benchmarking
page can offer every breakdown and start from the total."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.ingest.common import IngestError
from data.ingest.labels import readable

UNITS = {"", "£", "£m", "%", "pp"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str                   # filter | indicator
    label: str
    unit: str | None = None     # as published: %, £, £m, pp; None for a number
    decimals: int | None = None
    grouping: str | None = None  # indicator_grouping: a heading over indicators
    hint: str | None = None     # filter_hint
    grouped_by: str | None = None  # filter_grouping_column: the column grouping this filter's values


def read_meta(path: Path) -> tuple[dict[str, Column], list[str]]:
    """The metadata beside data file ``path`` (col_name -> Column) and notes on what in it was not used."""
    meta_path = path.with_name(path.stem + ".meta.csv")
    if not meta_path.exists():
        return {}, []
    try:
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise IngestError(f"{meta_path.name} (the EES metadata beside {path.name}) cannot be read: "
                          f"{str(exc).splitlines()[0]}") from None
    meta.columns = [c.strip() for c in meta.columns]
    if not {"col_name", "col_type"} <= set(meta.columns):
        return {}, [f"{meta_path.name} ignored: it has no col_name and col_type columns"]
    get = lambda row, column: str(row.get(column, "") or "").strip()   # noqa: E731
    columns, notes = {}, []
    for row in meta.to_dict("records"):
        name, kind = get(row, "col_name"), get(row, "col_type").lower()
        if not name:
            continue
        if kind not in ("filter", "indicator"):
            notes.append(f"{meta_path.name}: {name} has col_type {get(row, 'col_type')!r} (not Filter or Indicator): "
                         "read from its contents instead")
            continue
        unit, dp = get(row, "indicator_unit"), get(row, "indicator_dp")
        if unit not in UNITS:
            notes.append(f"{meta_path.name}: {name} has indicator_unit {unit!r}, not one EES allows; kept as written")
        decimals = None
        if dp:
            try:
                decimals = int(float(dp))
                if decimals < 0 or decimals != float(dp):
                    raise ValueError
            except ValueError:
                notes.append(f"{meta_path.name}: {name} has indicator_dp {dp!r} (not a whole number): "
                             "its decimal places are read from the figures")
                decimals = None
        columns[name] = Column(name, kind, get(row, "label") or readable(name), unit or None, decimals,
                               get(row, "indicator_grouping") or None, get(row, "filter_hint") or None,
                               get(row, "filter_grouping_column") or None)
    return columns, notes


def is_total(item) -> bool:
    """The EES standard's aggregate value "Total" (and the "All ..." some files use)."""
    text = str(item).strip().lower()
    return text in ("total", "all") or text.startswith(("total ", "all "))


def breakdown_text(frame: pd.DataFrame, filters: list[str]) -> np.ndarray:
    """Each row's breakdown: "filter: value; filter: value" in file order; "" for a file without filters."""
    if not filters:
        return np.full(len(frame), "", dtype=object)
    out = filters[0] + ": " + frame[filters[0]].astype(str)
    for f in filters[1:]:
        out = out + "; " + f + ": " + frame[f].astype(str)
    return out.to_numpy(dtype=object)


BREAKDOWN_COLUMNS = ["breakdown", "filter_position", "filter_col", "filter_label", "filter_hint", "groups", "item",
                     "item_position", "is_total"]


def filters(frame: pd.DataFrame, names: list[str], meta: dict[str, Column]) -> pd.DataFrame | None:
    """Every breakdown of the file and each filter's value in it, in the publisher's order (filters by column,
    values by first appearance), with the filters' labels and hints from the metadata (else made readable).
    ``groups`` names the filter a grouping column groups (it is then chosen with that filter)."""
    if not names:
        return None
    grouping = {c.grouped_by: c.name for c in meta.values() if c.grouped_by}
    combos = frame[names].drop_duplicates().reset_index(drop=True)
    text = breakdown_text(combos, names)
    parts = []
    for position, name in enumerate(names):
        order = {item: k for k, item in enumerate(pd.unique(frame[name]))}
        column = meta.get(name)
        items = combos[name]
        parts.append(pd.DataFrame({
            "breakdown": text, "filter_position": position, "filter_col": name,
            "filter_label": column.label if column else readable(name),
            "filter_hint": column.hint if column else None, "groups": grouping.get(name),
            "item": items.to_numpy(dtype=object), "item_position": items.map(order).to_numpy(),
            "is_total": items.map(is_total).to_numpy(dtype=bool)}))
    return pd.concat(parts, ignore_index=True)[BREAKDOWN_COLUMNS]
