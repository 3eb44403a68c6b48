"""Scorecard rows and indicator series, as DataFrames: the scorecard,
indicator, value-for-money and exceptions pages' data (dashboard.pagedata) and
the briefing packs read them, so every one of them shows the same figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.vocabulary import RAG_ORDER
from dashboard.context import NotFound
from dashboard.db import Database, Scope
from dashboard.periods import month_key, period_label


def scorecard(db: Database, orgs: list[str], month: dt.date, *, corporate_only: bool,
              scope: Scope, indicator: str = "") -> pd.DataFrame:
    """One row per unit in ``orgs`` and indicator on its scorecard (or only
    ``indicator``), for ``month``."""
    frame = db.query("scorecard", orgs=list(orgs), month=month, corporate_only=corporate_only,
                     indicator=indicator, scope=scope)
    frame["period"] = frame["period_start"].map(lambda d: month_key(d))
    frame["period_label"] = [period_label(d, f) for d, f in zip(frame["period_start"], frame["frequency"])]
    return frame


def rag_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of each RAG status per org_code (columns in RAG_ORDER)."""
    counts = frame.groupby(["org_code", "rag"]).size().unstack(fill_value=0)
    return counts.reindex(columns=RAG_ORDER, fill_value=0)


@dataclass(frozen=True)
class Trend:
    """An indicator's recent values at one unit, oldest first (None for no target)."""
    periods: list
    values: list[float]
    targets: list[float | None]


def trends(db: Database, org: str, month: dt.date, *, scope: Scope) -> dict[str, Trend]:
    frame = db.query("scorecard_trends", org=org, month=month, scope=scope)
    # Plain lists: a scorecard draws dozens of these, and pandas indexing per
    # row costs more than the drawing.
    codes = frame["indicator_code"].tolist()
    periods = frame["period_start"].tolist()
    values = frame["value"].astype(float).tolist()
    targets = [None if t != t else t for t in frame["target"].astype(float).tolist()]
    out: dict[str, Trend] = {}
    for i, code in enumerate(codes):
        trend = out.setdefault(code, Trend([], [], []))
        trend.periods.append(periods[i])
        trend.values.append(values[i])
        trend.targets.append(targets[i])
    return out


SCORECARD_CSV_COLUMNS = [
    "indicator_code", "indicator_name", "org_code", "period", "value", "target", "rag",
    "direction", "direction_year", "previous_value", "year_ago_value", "unit", "basis",
    "frequency", "aggregation", "polarity", "theme", "portfolio", "owner",
    "units_reporting", "units_expected", "provisional_rows",
]


def scorecard_download(frame: pd.DataFrame) -> pd.DataFrame:
    """The downloadable scorecard: values in display units (percentages 0–100), full precision."""
    out = frame.copy()
    out["units_expected"] = out["units_expected"].astype("Int64")
    return out[SCORECARD_CSV_COLUMNS]


# -- indicator page ---------------------------------------------------------

def indicator(db: Database, code: str) -> pd.Series:
    rows = db.query("indicator", code=code)
    if rows.empty:
        raise NotFound(f"There is no indicator with the code “{code}”.")
    return rows.iloc[0]


def indicator_trend(db: Database, code: str, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("indicator_trend", code=code, org=org, month=month, scope=scope)
    frame["period"] = frame["period_start"].map(month_key)
    return frame


def indicator_children(db: Database, code: str, org: str, period_start: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("indicator_children", code=code, org=org, period_start=period_start, scope=scope)
    frame["period"] = month_key(period_start)
    return frame


def indicator_returns(db: Database, code: str, org: str, period_start: dt.date, scale: float,
                      *, scope: Scope) -> pd.DataFrame:
    frame = db.query("indicator_returns", code=code, org=org, period_start=period_start, scope=scope)
    frame["display_value"] = frame["value"] * scale
    frame["period"] = frame["period_start"].map(month_key)
    return frame
