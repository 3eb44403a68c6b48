"""/data-quality's data: whether the returns of a unit and the units below
it arrive, arrive on time and stay as first published, by indicator owner and
by directorate, over the 12 months to the month; every figure restated; every
release of the data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata.base import Page, PageData, UnitMonth

COUNTS = ["expected", "received", "on_time", "late", "missing", "restated"]


def by_directorate(owners: pd.DataFrame) -> pd.DataFrame:
    """The owners' counts summed per directorate; the average lateness weighted by the late returns."""
    out = owners.groupby(["directorate_code", "directorate_name"], sort=False, as_index=False)[COUNTS].sum()
    late_days = owners.assign(days=owners["average_days_late"] * owners["late"]).groupby(
        "directorate_code", sort=False)["days"].sum()
    out["average_days_late"] = [late_days[c] / n if n else None
                                for c, n in zip(out["directorate_code"], out["late"])]
    return out


@dataclass(frozen=True)
class DataQualityData(PageData):
    params: UnitMonth
    owners: pd.DataFrame        # per directorate and indicator owner
    directorates: pd.DataFrame  # the same, summed per directorate
    restated: pd.DataFrame      # figures restated since first published, newest first
    releases: pd.DataFrame      # every build of the data, newest first

    def tables(self) -> dict[str, pd.DataFrame]:
        ctx = self.params.ctx
        owners = self.owners.drop(columns=["sort_order"], errors="ignore")
        owners.insert(0, "org_code", ctx.org.code)
        owners.insert(1, "period", self.params.period)
        return {"data_quality_owners": owners, "data_quality_restated": self.restated,
                "data_quality_releases": self.releases}


def data(db: Database, viewer: Scope, params: UnitMonth) -> DataQualityData:
    org, month = params.org, params.ctx.month
    owners, restated, releases = in_parallel(
        lambda: db.query("data_quality_by_owner", org=org, month=month, scope=viewer),
        lambda: db.query("data_quality_restatements", org=org, scope=viewer),
        lambda: db.query("data_quality_releases", scope=viewer))
    return DataQualityData(params, owners, by_directorate(owners) if len(owners) else owners, restated, releases)


PAGE = Page("data-quality", UnitMonth.parse, data,
            ("data_quality_owners", "data_quality_restated", "data_quality_releases"))
