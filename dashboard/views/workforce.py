"""The tables behind /workforce: FTE against establishment, vacancies,
sickness over a rolling 12 months, turnover, agency spend and training, for a
unit and the units below it.  Every rate is Σnumerator / Σdenominator of the
stored counts (sickness per FTE divides the days lost over 12 months by the
average FTE over the same 12 months)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.metrics import measures
from dashboard.periods import month_key

STAFF = ("excluding_schools", "all")
STAFF_TEXT = {"excluding_schools": "excluding schools' staff", "all": "all staff, schools included"}
# Days lost per FTE each month: the series the SPC chart judges (lower is better, winter peaks).
SICKNESS_SERIES = {"frequency": "monthly", "basis": "in_month", "polarity": "down", "seasonal": True}


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """The rates a workforce report shows, from the rollup's sums."""
    out = frame.copy()
    est = out["establishment_fte"].where(out["establishment_fte"] > 0)
    out["vacancy_fte"] = out["vacant_fte"]  # Σ each team's vacant posts (measures.MEASURES["vacancy"])
    out["vacancy_rate_pct"] = [measures.vacancy_pct(v, e) for v, e in zip(out["vacant_fte"], est)]
    avg_fte = out["fte_avg_12m"].where(out["fte_avg_12m"] > 0)
    out["sickness_days_per_fte_12m"] = [
        measures.sickness_days_per_fte(s + lg, f, 12)  # a short window is flagged where shown (months_12m)
        for s, lg, f in zip(out["sickness_short_days_12m"], out["sickness_long_days_12m"], avg_fte)]
    out["short_term_days_per_fte_12m"] = out["sickness_short_days_12m"] / avg_fte
    out["long_term_days_per_fte_12m"] = out["sickness_long_days_12m"] / avg_fte
    out["turnover_pct_12m"] = out["leavers_12m"] / out["headcount_avg_12m"].where(out["headcount_avg_12m"] > 0) * 100
    out["training_pct"] = out["training_completed"] / out["training_required"].where(out["training_required"] > 0) * 100
    return out


def unit(db: Database, org: str, month: dt.date, staff: str, *, scope: Scope) -> tuple[pd.Series | None, pd.Series | None, str]:
    """This month's and last month's figures of ``org`` for ``staff``, falling
    back to all staff where a unit has only schools' staff; and the staff shown."""
    frame = with_rates(db.query("workforce_unit", org=org, month=month, scope=scope))
    if staff == "excluding_schools" and not (frame["scope"] == staff).any():
        staff = "all"
    rows = frame[frame["scope"] == staff].set_index("month").copy()
    # all staff's agency spend beside the scope shown: the two figures differ by schools, said in words
    every = frame[frame["scope"] == "all"].set_index("month")
    rows["agency_spend_all"] = every["agency_spend"].reindex(rows.index)
    rows["agency_spend_ytd_all"] = every["agency_spend_ytd"].reindex(rows.index)
    now, before = pd.Timestamp(month), pd.Timestamp(month) - pd.DateOffset(months=1)
    return (rows.loc[now] if now in rows.index else None,
            rows.loc[before] if before in rows.index else None, staff)


def units(db: Database, org: str, month: dt.date, staff: str, *, scope: Scope) -> pd.DataFrame:
    frame = with_rates(db.query("workforce_units", org=org, month=month, staff=staff, scope=scope))
    frame.insert(3, "period", month_key(month))
    frame.insert(4, "staff", staff)
    return frame.drop(columns=["month"])


def sickness_series(db: Database, org: str, month: dt.date, staff: str, *, scope: Scope) -> pd.DataFrame:
    """Days lost per FTE in each month up to ``month``: the SPC chart's series."""
    frame = db.query("workforce_history", org=org, month=month, staff=staff, scope=scope)
    fte = frame["fte"].where(frame["fte"] > 0)
    return pd.DataFrame({
        "period_start": pd.to_datetime(frame["month"]),
        "period": frame["month"].map(month_key),
        "days_lost": frame["sickness_short_days"] + frame["sickness_long_days"],
        "fte": frame["fte"],
        "period_value": (frame["sickness_short_days"] + frame["sickness_long_days"]) / fte,
        "target": float("nan"),
    })
