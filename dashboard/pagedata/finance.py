"""/finance's data: budget monitoring of a unit by category, of the units
below it, and the forecast's movement through the year, with where each
figure comes from.  The page renders it, the downloads export its tables and
the briefing pack's budget table is its categories, so all three agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.pagedata.provenance import Provenance
from dashboard.db import Database, Scope, in_parallel
from dashboard.metrics.money import variance
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth, labelled
from dashboard.periods import month_key


def _with_variance(frame: pd.DataFrame, budget: str, spend: str, prefix: str) -> pd.DataFrame:
    judged = [variance(b, s) for b, s in zip(frame[budget].tolist(), frame[spend].tolist())]
    frame[f"{prefix}variance"] = [v.money for v in judged]
    frame[f"{prefix}variance_pct"] = [v.pct for v in judged]
    frame[f"{prefix}variance_words"] = [v.words for v in judged]
    frame[f"{prefix}rag"] = [v.rag for v in judged]
    return frame


def categories(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Each category and the net total: budgets, year to date and forecast, with variances."""
    frame = db.query("finance_categories", org=org, month=month, scope=scope)
    frame = _with_variance(frame, "current_budget", "forecast_outturn", "")
    return _with_variance(frame, "profiled_budget_ytd", "actual_ytd", "ytd_")


def units(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Each unit below ``org``: net forecast variance, its share of the total
    overspend (what drives it) and the forecast's movement since last month."""
    frame = db.query("finance_units", org=org, month=month, scope=scope)
    frame = _with_variance(frame, "current_budget", "forecast_outturn", "")
    frame["movement"] = frame["forecast_outturn"] - frame["previous_forecast"]
    overspend = frame["variance"].clip(lower=0).sum()
    frame["share_of_overspend_pct"] = (frame["variance"].clip(lower=0) / overspend * 100) if overspend > 0 else None
    frame.insert(3, "period", month_key(month))
    return frame


def year(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Month by month from April: the net budget, the forecast outturn and its variance."""
    frame = db.query("finance_year", org=org, month=month, scope=scope)
    frame = _with_variance(frame, "current_budget", "forecast_outturn", "")
    frame.insert(0, "period", frame["month"].map(month_key))
    return frame.drop(columns=["month"])


@dataclass(frozen=True)
class FinanceData(PageData):
    params: UnitMonth
    categories: pd.DataFrame    # each category and the net total ("total")
    units: pd.DataFrame         # each unit below
    year: pd.DataFrame          # month by month from April
    sources: dict[str, Provenance]   # "month": the headline and tables; "year": the movement chart

    @property
    def total(self) -> pd.Series | None:
        rows = self.categories[self.categories["category"] == "total"]
        return rows.iloc[0] if len(rows) else None

    def tables(self) -> dict[str, pd.DataFrame]:
        ctx = self.params.ctx
        year = self.year.copy()
        year.insert(0, "org_code", ctx.org.code)
        return {"finance_categories": labelled(self.categories, ctx), "finance_units": self.units,
                "finance_year": year}


def data(db: Database, viewer: Scope, params: UnitMonth) -> FinanceData:
    org, month = params.org, params.ctx.month
    cats, below, months, sources = in_parallel(
        lambda: categories(db, org, month, scope=viewer),
        lambda: units(db, org, month, scope=viewer),
        lambda: year(db, org, month, scope=viewer),
        lambda: provenance.finance(db, org, month, scope=viewer))
    return FinanceData(params, cats, below, months, sources)


PAGE = Page("finance", UnitMonth.parse, data, ("finance_categories", "finance_units", "finance_year"))
