"""/indicator/<code>'s data: one indicator at one unit — its scorecard row,
trend against target, SPC (under the analysts' saved recalculation points,
and a recalculation or baseline from the URL for exploring), year-end
forecast, the units below, the returns behind the figure, commentary, the
published figures it is paired with, and where each figure comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.pagedata import indicator_rows
from dashboard.context import BadRequest, NotFound, current_settings
from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import month_key
from dashboard.returns.overlay import saved_points
from dashboard.pagedata import comparison as benchmarking
from dashboard.pagedata.forecast import ForecastView, year_end_forecast
from dashboard.pagedata.spc_series import SpcView, spc_analysis


@dataclass(frozen=True)
class IndicatorParams(UnitMonth):
    """``/indicator/<code>?org=&period=[&recalc=YYYY-MM][&baseline=N]``: an unknown code answers 404."""
    indicator: pd.Series | None = None
    recalc: str | None = None
    baseline: str | None = None

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "IndicatorParams":
        ind = indicator_rows.indicator(db, args.get("code") or "")
        return cls(UnitMonth.parse(db, args).ctx, ind, args.get("recalc") or None, args.get("baseline") or None)

    @property
    def code(self) -> str:
        return self.indicator["code"]


@dataclass(frozen=True)
class Published:
    """A published measure this indicator is paired with, and the home council's place among its comparators."""
    pairing: object             # the row of indicator_published
    comparison: object          # pagedata.comparison.compare's answer


@dataclass(frozen=True)
class IndicatorData(PageData):
    params: IndicatorParams
    row: pd.Series              # the scorecard row: the value shown, its own period, target and RAG
    trend: pd.DataFrame         # every period to the month
    commentary: pd.DataFrame    # newest first
    children: pd.DataFrame      # the units below, for the row's period
    returns: pd.DataFrame       # the returns behind the row's period
    spc: SpcView | None         # None where one period's own value means nothing (spc_applies false)
    forecast: ForecastView | None
    published: list[Published]
    sources: dict[str, Provenance]   # 'period', 'returns' and 'series'

    def tables(self) -> dict[str, pd.DataFrame]:
        code, org = self.params.code, self.params.org
        trend = self.trend.copy()
        trend.insert(0, "indicator_code", code)
        children = self.children.copy()
        children.insert(0, "indicator_code", code)
        returns = self.returns.copy()
        returns.insert(0, "indicator_code", code)
        out = {
            "indicator_trend": trend[["indicator_code", "org_code", "period", "value", "numerator", "denominator",
                                      "target", "rag", "units_reporting", "units_expected", "provisional_rows"]],
            "indicator_children": children[["indicator_code", "org_code", "name", "period", "value", "numerator",
                                            "denominator", "target", "rag", "units_reporting", "units_expected"]],
            "indicator_returns": returns[["indicator_code", "org_code", "name", "period", "numerator",
                                          "denominator", "display_value", "status", "received_at", "due_date",
                                          "return_status"]].rename(columns={"display_value": "value"}),
        }
        if self.spc is not None:
            points = self.spc.points.copy()
            points.insert(0, "indicator_code", code)
            points.insert(1, "org_code", org)
            points["period"] = points["period_start"].map(month_key)
            out["indicator_spc"] = points[["indicator_code", "org_code", "period", "value", "mean", "lpl", "upl",
                                           "point_type", "colour"]]
        return out

    def table(self, name: str) -> pd.DataFrame:
        if name == "indicator_spc" and self.spc is None:
            raise NotFound(f"{self.params.code} has no SPC chart: one period's own value means nothing on its own.")
        return super().table(name)


def _published(db: Database, pairings: pd.DataFrame) -> list[Published]:
    """The home council's published figure for each pairing that can be compared (none until data is imported)."""
    if pairings.empty:
        return []
    home = current_settings().home_area
    catalogue = benchmarking.catalogue(db)      # once for every pairing
    out = []
    for p in pairings.itertuples():
        try:
            c = benchmarking.compare(db, p.measure_code, home, polarity=p.polarity, cat=catalogue)
        except (NotFound, BadRequest):
            continue
        if c.why_not or c.home is None or c.home["value"] != c.home["value"]:
            continue
        out.append(Published(p, c))
    return out


def judged(db: Database, ind, trend: pd.DataFrame, *, recalc: str | None = None, baseline: str | None = None,
           ) -> tuple[SpcView | None, ForecastView | None]:
    """The series judged as the page and the packs judge it: SPC under the analysts' saved recalculation points
    (and ``recalc`` / ``baseline`` from the URL, for exploring), and the year-end forecast."""
    saved = saved_points().get(ind["code"], [])
    spc = spc_analysis(ind, trend, recalc=recalc, baseline=baseline, saved=saved) if ind["spc_applies"] else None
    return spc, year_end_forecast(db, ind, trend)


def data(db: Database, viewer: Scope, params: IndicatorParams) -> IndicatorData:
    ind, ctx, code, unit = params.indicator, params.ctx, params.code, params.org
    card, trend, commentary = in_parallel(
        lambda: indicator_rows.scorecard(db, [unit], ctx.month, corporate_only=False, scope=viewer, indicator=code),
        lambda: indicator_rows.indicator_trend(db, code, unit, ctx.month, scope=viewer),
        lambda: db.query("indicator_commentary", code=code, org=unit, month=ctx.month, scope=viewer))
    if card.empty:
        raise NotFound(f"“{ind['name']}” is not reported by {ctx.org.name} or any unit below it.")
    row = card.iloc[0]
    children, returns, pairings, sources = in_parallel(
        lambda: indicator_rows.indicator_children(db, code, unit, row["period_start"], scope=viewer),
        lambda: indicator_rows.indicator_returns(db, code, unit, row["period_start"], ind["scale"], scope=viewer),
        lambda: benchmarking.published_for(db, code),
        lambda: provenance.indicator(db, ind, unit, ctx.month, row["period_start"], scope=viewer))
    spc, forecast = judged(db, ind, trend, recalc=params.recalc, baseline=params.baseline)
    return IndicatorData(params, row, trend, commentary, children, returns, spc, forecast, _published(db, pairings),
                         sources)


PAGE = Page("scorecard", IndicatorParams.parse, data,
            ("indicator_trend", "indicator_children", "indicator_returns", "indicator_spc"))
