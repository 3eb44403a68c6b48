"""/exceptions/commentary's data: the exceptions at a unit and below on which
commentary is due (the rule in dashboard.commentary, which the packs and the
exceptions page apply too), grouped by owner, with a count per reason."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import commentary
from dashboard.db import Database, Scope
from dashboard.pagedata.base import Page, PageData, UnitMonth


@dataclass(frozen=True)
class CommentaryDueData(PageData):
    params: UnitMonth
    due: pd.DataFrame           # one row per exception with commentary due, and why (``due``: reasons)

    @property
    def owners(self) -> list[tuple[str, pd.DataFrame]]:
        return commentary.by_owner(self.due)

    @property
    def reasons(self) -> dict[str, int]:
        """How many exceptions have each reason (one exception may have several)."""
        return {k: int(self.due["due"].map(lambda xs, k=k: k in xs).sum()) if len(self.due) else 0
                for k in commentary.REASONS}

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"exceptions_commentary_due": commentary.download(self.due)}


def data(db: Database, viewer: Scope, params: UnitMonth) -> CommentaryDueData:
    return CommentaryDueData(params, commentary.due(db, params.org, params.ctx.month, scope=viewer))


PAGE = Page("exceptions", UnitMonth.parse, data, ("exceptions_commentary_due",))
