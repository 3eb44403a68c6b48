"""The table behind /value-for-money: for the units below a node, the unit
cost of an output (gross spend over 12 months ÷ the output delivered in them)
beside performance (the share of the unit's rated indicators that are green),
and which quadrant each unit falls in against the medians of its peers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import reports
from dashboard.context import BadRequest
from dashboard.db import Database, Scope
from dashboard.periods import month_key

QUADRANTS = {
    (True, True): "Lower cost, higher performance",
    (False, True): "Higher cost, higher performance",
    (True, False): "Lower cost, lower performance",
    (False, False): "Higher cost, lower performance",
}


def outputs(db: Database, org: str) -> pd.DataFrame:
    """Outputs reported by at least two of the units below ``org`` (a unit cost compares like with like)."""
    frame = db.query("vfm_outputs", org=org)
    return frame[frame["units_reporting"] >= 2].reset_index(drop=True)


def comparable_unit(db: Database, org: str, *, scope: Scope, depth: int = 2) -> str | None:
    """The first unit below ``org`` (in the council's order, nearest level first) whose units report a
    common output, so a unit cost compares like with like there; None when there is none within ``depth``."""
    level = [org]
    for _ in range(depth):
        below = []
        for code in level:
            children = db.query("org_children", code=code, scope=scope)
            below += [c for c in children["org_code"] if scope.allows(c)]
        for code in below:
            if not outputs(db, code).empty:
                return code
        level = below
    return None


def units(db: Database, org: str, month: dt.date, output: str, *, scope: Scope, choices: pd.DataFrame) -> pd.DataFrame:
    if output not in set(choices["code"]):
        raise BadRequest(f"“{output}” is not an output reported by two or more of the units below this one.")
    frame = db.query("vfm_units", org=org, month=month, output=output, scope=scope)
    frame = frame[frame["output_12m"].notna() & (frame["output_12m"] > 0)].reset_index(drop=True)
    frame["unit_cost"] = frame["gross_spend_12m"] / frame["output_12m"]
    counts = reports.rag_counts(reports.scorecard(db, list(frame["org_code"]), month, corporate_only=False,
                                                  scope=scope)) if len(frame) else pd.DataFrame()
    counts = counts.reindex(frame["org_code"], fill_value=0) if len(frame) else counts
    rated = (counts["red"] + counts["amber"] + counts["green"]).to_numpy() if len(frame) else []
    frame["indicators_rated"] = rated
    frame["indicators_green"] = counts["green"].to_numpy() if len(frame) else []
    frame["green_pct"] = [g / n * 100 if n else None for g, n in zip(frame["indicators_green"], rated)]
    cost_mid, perf_mid = frame["unit_cost"].median(), frame["green_pct"].median()
    frame["quadrant"] = [QUADRANTS[(c <= cost_mid, p >= perf_mid)] if pd.notna(c) and pd.notna(p) else "Not placed"
                         for c, p in zip(frame["unit_cost"], frame["green_pct"])]
    frame.insert(3, "period", month_key(month))
    frame.insert(4, "output", output)
    return frame
