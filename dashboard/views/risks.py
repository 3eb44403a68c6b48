"""The tables behind /risks: the register of a unit and everything under it
as at a month end, its likelihood × impact matrix, and the risks that need
attention (above appetite or overdue for review), which the exceptions page
lists too."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.periods import month_key

TREND_TEXT = {"increasing": "Increasing", "decreasing": "Decreasing", "stable": "Stable", "new": "New"}


def register(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("risk_register", org=org, month=month, scope=scope)
    frame["above_appetite"] = frame["score"] > frame["appetite_score"]
    frame.insert(0, "period", month_key(month))
    return frame


def needing_attention(frame: pd.DataFrame) -> pd.DataFrame:
    """Risks above the council's appetite for their category, or overdue for review."""
    return frame[frame["above_appetite"] | frame["review_overdue"]]


def matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """Risks in each cell of the 5 × 5 matrix: impact down the rows (5 first), likelihood across."""
    counts = frame.groupby(["impact", "likelihood"]).size()
    grid = pd.DataFrame(0, index=pd.Index([5, 4, 3, 2, 1], name="impact"), columns=pd.Index([1, 2, 3, 4, 5], name="likelihood"))
    for (impact, likelihood), n in counts.items():
        grid.loc[int(impact), int(likelihood)] = int(n)
    return grid


def units(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("risk_units", org=org, month=month, scope=scope)
    frame.insert(3, "period", month_key(month))
    return frame
