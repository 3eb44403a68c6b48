"""/partnerships's data: the organisations the council shares indicators
with, the shared indicators each supplies or contributes to, the council-wide
figure for the month and when its latest return arrived.  A partner sees only
its own rows (the query runner drops the rest)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.pagedata.base import CouncilMonth, Page, PageData


@dataclass(frozen=True)
class PartnershipsData(PageData):
    params: CouncilMonth
    shared: pd.DataFrame        # one row per partner and indicator, partners in the council's order

    def tables(self) -> dict[str, pd.DataFrame]:
        out = self.shared.copy()
        out.insert(0, "period", self.params.period)
        return {"partnerships": out}


def data(db: Database, viewer: Scope, params: CouncilMonth) -> PartnershipsData:
    return PartnershipsData(params, db.query("partnerships", month=params.month, scope=viewer))


PAGE = Page("partnerships", CouncilMonth.parse, data, ("partnerships",))
