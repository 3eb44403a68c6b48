"""Fold a period's signed-off returns into a council's extract folder (the format ``python -m
data.build`` reads, data/build/extract/datapackage.json), so the next build carries them:

* ``measure.csv``: the return's row replaces the folder's row for the same indicator, unit
  and period (or is added), with status ``validated`` and ``received_at`` the submission time;
* ``commentary.csv``: the return's commentary (what and why, action, recovery date) is added,
  once (running the export again adds nothing).

Each file is written beside itself and swapped in (``os.replace``): a reader sees the old
file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from dashboard.returns.service import signed_off
from dashboard.returns.store import ReturnsStore

MEASURE_COLUMNS = ["indicator_code", "org_code", "period_start", "numerator", "denominator", "value", "status",
                   "received_at"]
COMMENTARY_COLUMNS = ["indicator_code", "org_code", "period_start", "author", "written_at", "text", "action",
                      "action_owner", "recovery_date"]


class ExportError(ValueError):
    pass


def export(store: ReturnsStore, period: str, folder: Path) -> dict[str, int]:
    folder = Path(folder)
    measure_file = folder / "measure.csv"
    if not measure_file.exists():
        if (folder / "measure.xlsx").exists():
            raise ExportError("measure.xlsx: the export writes CSV; save the folder's measure sheet as measure.csv first.")
        raise ExportError(f"{measure_file} does not exist: is {folder} an extract folder?")
    rows = signed_off(store, period)
    if not rows:
        return {"returns": 0, "replaced": 0, "added": 0, "commentary": 0}
    period_start = f"{period}-01"
    measures = pd.read_csv(measure_file, dtype=str, keep_default_na=False)
    new = pd.DataFrame([{
        "indicator_code": r["indicator_code"], "org_code": r["org_code"], "period_start": period_start,
        "numerator": _text(r["numerator"]), "denominator": _text(r["denominator"]), "value": _text(r["value"]),
        "status": "validated", "received_at": r["at"].replace(microsecond=0).isoformat(sep=" ")} for r in rows],
        columns=MEASURE_COLUMNS)
    key = ["indicator_code", "org_code", "period_start"]
    existing = measures.set_index(key).index
    returned = new.set_index(key).index
    replaced = int(existing.isin(returned).sum())
    kept = measures[~existing.isin(returned)]
    _write(pd.concat([kept, new[list(measures.columns)] if set(measures.columns) == set(MEASURE_COLUMNS) else new],
                     ignore_index=True), measure_file)

    commentary_file = folder / "commentary.csv"
    commentary = pd.read_csv(commentary_file, dtype=str, keep_default_na=False) if commentary_file.exists() \
        else pd.DataFrame(columns=COMMENTARY_COLUMNS)
    notes = pd.DataFrame([{
        "indicator_code": r["indicator_code"], "org_code": r["org_code"], "period_start": period_start,
        "author": r["username"], "written_at": r["at"].replace(microsecond=0).isoformat(sep=" "),
        "text": r["what_why"], "action": r["action"], "action_owner": r["username"] if r["action"] else "",
        "recovery_date": r["recovery_date"]} for r in rows if r["what_why"].strip()], columns=COMMENTARY_COLUMNS)
    seen = set(zip(commentary.get("indicator_code", []), commentary.get("org_code", []),
                   commentary.get("period_start", []), commentary.get("written_at", [])))
    notes = notes[[k not in seen for k in zip(notes["indicator_code"], notes["org_code"], notes["period_start"],
                                              notes["written_at"])]]
    if len(notes):
        _write(pd.concat([commentary, notes], ignore_index=True), commentary_file)
    return {"returns": len(rows), "replaced": replaced, "added": len(rows) - replaced, "commentary": len(notes)}


def _text(v) -> str:
    return "" if v is None else repr(float(v))


def _write(frame: pd.DataFrame, path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    frame.to_csv(partial, index=False)
    with open(partial, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(partial, path)
