"""The tables behind /finance: budget monitoring of a unit by category, of the
units below it, and the forecast's movement through the year.  The page
renders them and the downloads export them, so the two always agree."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.metrics.money import variance
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
