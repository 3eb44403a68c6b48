"""/risks's data: the register of a unit and everything under it as at a
month end, its likelihood × impact matrix, the risks that need attention
(above appetite or overdue for review, which the exceptions page and the packs
list too) and the units below, with where the figures come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance
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


@dataclass(frozen=True)
class RisksData(PageData):
    params: UnitMonth
    register: pd.DataFrame      # every open risk, most serious first
    units: pd.DataFrame         # each unit below
    source: Provenance | None

    @property
    def attention(self) -> pd.DataFrame:
        return needing_attention(self.register)

    @property
    def matrix(self) -> pd.DataFrame:
        return matrix(self.register)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"risks": self.register, "risk_units": self.units}


def data(db: Database, viewer: Scope, params: UnitMonth) -> RisksData:
    org, month = params.org, params.ctx.month
    listed, below, source = in_parallel(lambda: register(db, org, month, scope=viewer),
                                        lambda: units(db, org, month, scope=viewer),
                                        lambda: provenance.risks(db, org, month, scope=viewer))
    return RisksData(params, listed, below, source)


PAGE = Page("risks", UnitMonth.parse, data, ("risks", "risk_units"))
