"""/sources's data: where the figures of each domain come from — the system
and extract, when it was loaded, the rows held from it and the days they are
about — so an analyst or a partner can see what the pages stand on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.context import BuildInfo, build_info
from dashboard.db import Database, Scope
from dashboard.pagedata.base import Page, PageData

DOMAIN_TEXT = {"finance": "Finance", "workforce": "Workforce", "feedback": "Customer feedback",
               "survey": "Residents' survey", "risk": "Risk registers", "casework": "Children's casework"}
# What each domain's rows are, for the page's "rows held" column.
ROWS_TEXT = {"finance": "ledger rows", "workforce": "team-months", "feedback": "feedback records",
             "survey": "survey results", "risk": "risks and reviews", "casework": "cases and staffing months"}


@dataclass(frozen=True)
class NoParams:
    """The page takes no parameters: it is about the whole database."""
    info: BuildInfo

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "NoParams":
        return cls(build_info(db))


@dataclass(frozen=True)
class SourcesData(PageData):
    params: NoParams
    sources: pd.DataFrame       # one row per domain

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"data_sources": self.sources}


def data(db: Database, viewer: Scope, params: NoParams) -> SourcesData:
    return SourcesData(params, db.query("data_sources", scope=viewer))


PAGE = Page("sources", NoParams.parse, data, ("data_sources",))
