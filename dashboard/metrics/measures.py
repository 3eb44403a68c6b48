"""One definition per headline measure (issue 16).

The org panel's tile, the scorecard row, the resource page and the briefing
pack each show these figures; every one of them computes the figure here, from
the sums the database stores, so a member never sees two numbers for one
measure, unit and period.  Each measure names the indicator whose scorecard row
carries it; the demo derives that indicator's returns from the same records
(data/demo/derived_returns.py) and tests/test_one_number.py checks every page
against plain SQL over the source tables.

Where two figures legitimately differ (schools' staff excluded or not, this
month or since April) they are shown side by side, the difference in words
(:func:`agency_spend_text`), never one in place of the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.metrics.money import Variance, money_text, variance


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    indicator: str       # the scorecard row that carries the same figure
    unit: str            # percent | days | currency | count | ratio
    definition: str


MEASURES = {m.key: m for m in (
    Measure("vacancy", "Vacancy rate", "HR-VACANCY", "percent",
            "Vacant posts (FTE) at the month end ÷ funded establishment (FTE), excluding schools' staff where the "
            "unit has others. A team's vacant posts are its establishment less its staff in post, never below "
            "zero, so one team's surplus never fills another's vacancy; summed over teams at every level."),
    Measure("sickness", "Sickness", "HR-SICKNESS", "days",
            "Working days lost to sickness over the last 12 months ÷ the average FTE in post over those months, "
            "excluding schools' staff where the unit has others."),
    Measure("budget_variance", "Budget forecast", "FIN-VARIANCE", "currency",
            "Forecast revenue outturn for the year less the current net budget (income negative), every cost "
            "centre including schools; as a share of the budget for the council (FIN-BUDGET-VAR)."),
    Measure("budget_variance_pct", "Forecast revenue outturn variance", "FIN-BUDGET-VAR", "percent",
            "The council's budget variance as a percentage of its net budget."),
    Measure("agency_spend", "Agency staff spend", "HR-AGENCY-SPEND", "currency",
            "Spend on agency workers in the month, excluding schools; since April and with schools' staff shown "
            "beside it, labelled."),
    Measure("satisfaction", "Residents satisfied", "CS-RESIDENT-SAT", "percent",
            "Residents satisfied with the way the council runs things, every district's respondents, in the "
            "latest survey quarter ended by the month shown."),
    Measure("unallocated", "Unallocated children's cases", "CSC-UNALLOC", "count",
            "Open cases without an allocated social worker at the end of the month's last day (a stock)."),
    Measure("caseload", "Average caseload per social worker", "CSC-CASELOAD", "ratio",
            "Open cases at the month end ÷ case-holding social workers (FTE) that month."),
)}


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def vacancy_pct(vacant_fte, establishment_fte) -> float | None:
    """Σ vacant FTE ÷ Σ establishment FTE, as a percentage."""
    if _missing(vacant_fte) or _missing(establishment_fte) or not establishment_fte:
        return None
    return float(vacant_fte) / float(establishment_fte) * 100


def sickness_days_per_fte(days_12m, fte_avg_12m, months_12m=12) -> float | None:
    """Days lost over 12 months ÷ average FTE; None until a whole year of data exists."""
    if _missing(days_12m) or _missing(fte_avg_12m) or not fte_avg_12m or (months_12m or 0) < 12:
        return None
    return float(days_12m) / float(fte_avg_12m)


def budget_variance(budget, forecast) -> Variance:
    """Forecast outturn against net budget: money, % of budget, words and RAG (dashboard.metrics.money)."""
    return variance(None if _missing(budget) else budget, None if _missing(forecast) else forecast)


def satisfaction_pct(satisfied, respondents) -> float | None:
    if _missing(satisfied) or _missing(respondents) or not respondents:
        return None
    return float(satisfied) / float(respondents) * 100


def caseload(open_cases, social_worker_fte) -> float | None:
    if _missing(open_cases) or _missing(social_worker_fte) or not social_worker_fte:
        return None
    return float(open_cases) / float(social_worker_fte)


def agency_spend_parts(month, ytd, month_all=None, ytd_all=None) -> list[tuple[float, str]]:
    """The agency spend figures side by side, each with its label: this month and since April for the staff
    shown (the scorecard's HR-AGENCY-SPEND is this month excluding schools), then all staff including
    schools where that differs."""
    parts = [(month, "this month"), (ytd, "since April")]
    if not _missing(month_all) and not _missing(month) and abs(float(month_all) - float(month)) >= 0.5:
        parts.append((month_all, "this month, all staff including schools"))
        if not _missing(ytd_all):
            parts.append((ytd_all, "since April including schools"))
    return parts


def agency_spend_text(month, ytd, month_all=None, ytd_all=None) -> str:
    """e.g. "£1.8m this month; £11.3m since April; £3.8m this month, all staff including schools"."""
    return "; ".join(f"{money_text(v)} {label}" for v, label in agency_spend_parts(month, ytd, month_all, ytd_all))
