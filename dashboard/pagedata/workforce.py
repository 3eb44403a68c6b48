"""/workforce's data: FTE against establishment, vacancies, sickness over a
rolling 12 months, turnover, agency spend and training, for a unit and the
units below it, with the sickness SPC chart and where each figure comes from.
Every rate is Σnumerator / Σdenominator of the stored counts (sickness per FTE
divides the days lost over 12 months by the average FTE over the same 12
months)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.context import choice
from dashboard.db import Database, Scope, in_parallel
from dashboard.metrics import measures
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import month_key
from dashboard.pagedata.spc_series import SpcView, spc_analysis

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


@dataclass(frozen=True)
class WorkforceParams(UnitMonth):
    """``?org=&period=[&staff=all]``: schools' staff are excluded unless asked for."""
    staff: str = "excluding_schools"

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "WorkforceParams":
        staff = choice(args.get("staff"), STAFF, "excluding_schools", "staff group")
        return cls(UnitMonth.parse(db, args).ctx, staff)


@dataclass(frozen=True)
class WorkforceData(PageData):
    params: WorkforceParams
    staff: str                  # the staff shown: all staff where a unit has only schools' staff
    now: pd.Series | None       # this month's figures of the unit
    before: pd.Series | None    # last month's
    units: pd.DataFrame         # each unit below
    series: pd.DataFrame        # days lost per FTE each month up to this one
    spc: SpcView | None     # the series judged (None with fewer than two months)
    sources: dict[str, Provenance]   # "month": the headline and table; "series": the chart

    def tables(self) -> dict[str, pd.DataFrame]:
        sickness = self.series.copy()
        sickness.insert(0, "org_code", self.params.org)
        sickness.insert(1, "staff", self.staff)
        sickness = sickness.drop(columns=["period_start", "target"]).rename(
            columns={"period_value": "days_lost_per_fte"})
        return {"workforce_units": self.units, "workforce_sickness": sickness}


def data(db: Database, viewer: Scope, params: WorkforceParams) -> WorkforceData:
    org, month = params.org, params.ctx.month

    def for_staff(staff: str):
        return in_parallel(lambda: units(db, org, month, staff, scope=viewer),
                           lambda: sickness_series(db, org, month, staff, scope=viewer),
                           lambda: provenance.workforce(db, org, month, staff, scope=viewer))

    (now, before, shown), (below, series, sources) = in_parallel(
        lambda: unit(db, org, month, params.staff, scope=viewer), lambda: for_staff(params.staff))
    if shown != params.staff:   # only schools below: all staff, and the units below in the same group
        below, series, sources = for_staff(shown)
    judged = series.dropna(subset=["period_value"])
    spc = spc_analysis(SICKNESS_SERIES, judged, recalc=None, baseline=None) if len(judged) >= 2 else None
    return WorkforceData(params, shown, now, before, below, series, spc, sources)


PAGE = Page("workforce", WorkforceParams.parse, data, ("workforce_units", "workforce_sickness"))
