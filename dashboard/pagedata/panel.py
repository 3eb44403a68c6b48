"""The org page's integrated panel: performance beside money, people,
customers and risk for one unit, each figure a link to its page and each with
its direction of travel since last month."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import urls
from dashboard.pagedata.base import Kpi
from dashboard.pagedata.provenance import Provenance
from dashboard.db import Database, OutOfScope, Scope
from dashboard.metrics import measures
from dashboard.metrics.money import variance_text
from dashboard.metrics.rates import direction_of_travel


def _balance(directions: dict) -> str:
    up, down = directions.get("improving", 0), directions.get("worsening", 0)
    return "n/a" if up + down == 0 else "same" if up == down else "improving" if up > down else "worsening"


def _pct(x) -> str:
    return "–" if x is None or x != x else f"{x:.1f}%"


def figures(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    """This month's and last month's figures of ``org`` (one row each, by month).

    Residents' satisfaction is the scorecard's CS-RESIDENT-SAT row (panel_satisfaction) for a viewer who
    may see council-wide figures; for others, the same county figure from the survey rows (resources_panel
    computes it the same way: Σ satisfied ÷ Σ respondents of the latest quarter ended by the month)."""
    frame = db.query("resources_panel", org=org, month=month, scope=scope).set_index("month")
    frame["satisfaction_pct"] = frame["satisfaction"] * 100
    try:
        sat = db.query("panel_satisfaction", month=month, scope=scope).set_index("month")
    except OutOfScope:
        return frame
    frame["satisfaction_pct"] = sat["satisfaction_pct"].reindex(frame.index)
    frame["survey_quarter"] = sat["survey_quarter"].reindex(frame.index)
    return frame


def kpis(frame: pd.DataFrame, org: str, month: dt.date, period_key: str, *, rag_now: dict,
         directions: dict, sources: dict[str, Provenance] | None = None) -> list[Kpi]:
    """``rag_now``: the scorecard's RAG counts; ``directions``: how many of its
    indicators improved, worsened or held since their previous period;
    ``sources``: where each figure comes from (dashboard.pagedata.provenance.panel,
    with 'performance' for the scorecard's own)."""
    source = (sources or {}).get
    now = frame.loc[pd.Timestamp(month)]
    before = frame.loc[pd.Timestamp(month) - pd.DateOffset(months=1)] if len(frame) > 1 else None

    def get(row, column):
        return None if row is None or pd.isna(row[column]) else float(row[column])

    def href(section):
        return urls.section_url(section, org=org, period=period_key)

    # every figure from its one definition (dashboard/metrics/measures.py), as the scorecard row has it
    v_now = measures.budget_variance(get(now, "current_budget"), get(now, "forecast_outturn"))
    v_before = measures.budget_variance(get(before, "current_budget"), get(before, "forecast_outturn"))
    # a rolling year that has not yet filled (the data's first months) is not a year's sickness
    sick = [measures.sickness_days_per_fte(get(r, "sickness_days_12m"), get(r, "fte_avg_12m"), get(r, "months_12m"))
            if r is not None else None for r in (now, before)]
    vac = [measures.vacancy_pct(get(r, "vacant_fte"), get(r, "establishment_fte")) if r is not None else None
           for r in (now, before)]
    sat = [get(r, "satisfaction_pct") for r in (now, before)]
    staff = "excluding schools" if now["staff_scope"] == "excluding_schools" else "all staff"
    return [
        Kpi("Performance", f"{rag_now.get('red', 0)} red · {rag_now.get('amber', 0)} amber · {rag_now.get('green', 0)} green",
            f"{directions.get('improving', 0)} indicators improved and {directions.get('worsening', 0)} worsened "
            "since their previous period", direction=_balance(directions), since="their previous periods",
            href=urls.exceptions_url(org=org, period=period_key), source=source("performance")),
        Kpi("Budget forecast", variance_text(v_now) if v_now.rag != "no_data" else "No budget",
            "forecast outturn against net budget", rag=v_now.rag if v_now.rag != "no_data" else None,
            # nearer to budget either way is better; April starts a new year, with nothing to compare
            direction="n/a" if month.month == 4 else direction_of_travel(
                abs(v_now.money), abs(v_before.money), lower_is_better=True), href=href("finance"),
            source=source("finance")),
        Kpi("Sickness", "–" if sick[0] is None else f"{sick[0]:.2f} days per FTE", f"last 12 months, {staff}",
            direction=direction_of_travel(sick[0], sick[1], lower_is_better=True), href=href("workforce"),
            source=source("workforce")),
        Kpi("Vacancy rate", _pct(vac[0]), f"vacant posts of establishment FTE, {staff}",
            direction=direction_of_travel(vac[0], vac[1], lower_is_better=True), href=href("workforce"),
            source=source("vacancy")),
        Kpi("Complaints", "–" if get(now, "complaints_12m") is None else f"{int(now['complaints_12m']):,}",
            "received in the last 12 months", direction=direction_of_travel(get(now, "complaints_12m"),
                                                                   get(before, "complaints_12m"), lower_is_better=True),
            href=href("customers"), source=source("feedback")),
        Kpi("Residents satisfied", _pct(sat[0]), "with the council overall, county survey",
            direction=direction_of_travel(sat[0], sat[1], lower_is_better=False), since="the previous survey quarter"
            if now["survey_quarter"] != (before["survey_quarter"] if before is not None else None) else "last month",
            href=href("customers"), source=source("survey")),
        Kpi("Risks above appetite", "–" if get(now, "risks_above_appetite") is None else f"{int(now['risks_above_appetite'])}",
            "on this unit's registers and those below", direction=direction_of_travel(
                get(now, "risks_above_appetite"), get(before, "risks_above_appetite"), lower_is_better=True),
            href=href("risks"), source=source("risk")),
    ]
