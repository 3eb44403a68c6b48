"""Budget variance as a council's finance report states it: in money and as a
share of the budget, with the sign in words, and a RAG status by tolerance.

The tolerances are the ones this dashboard applies everywhere (stated on the
finance page): a forecast overspend of more than 2% of the net budget is red,
more than 0.5% amber; an underspend of more than 5% is amber too, because
money held back from services is also a budgeting failure.  Where the net
budget is near zero (a service that is mostly funded by income) a percentage
means nothing, so it is suppressed and the money thresholds apply instead."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.vocabulary import money, variance_words

NEAR_ZERO_BUDGET = 100_000      # £: below this (in absolute value) no percentage is shown
RED_OVER_PCT, AMBER_OVER_PCT, AMBER_UNDER_PCT = 2.0, 0.5, 5.0
RED_OVER_MONEY, AMBER_OVER_MONEY, AMBER_UNDER_MONEY = 100_000, 25_000, 250_000


@dataclass(frozen=True)
class Variance:
    money: float              # forecast (or actual) minus budget: positive is an overspend
    pct: float | None         # money as % of |budget|; None when the budget is near zero
    words: str                # "overspend", "underspend" or "on budget"
    rag: str                  # red | amber | green (no_data when there is no budget line)


def variance(budget: float | None, spend: float | None) -> Variance:
    """``spend`` against ``budget`` (both net, income negative)."""
    if budget is None or spend is None or _nan(budget) or _nan(spend):
        return Variance(math.nan, None, "no data", "no_data")
    money = float(spend) - float(budget)
    pct = money / abs(budget) * 100 if abs(budget) >= NEAR_ZERO_BUDGET else None
    words = "overspend" if money >= 0.5 else "underspend" if money <= -0.5 else "on budget"
    return Variance(money, pct, words, _rag(money, pct))


def _rag(money: float, pct: float | None) -> str:
    if pct is not None:
        if pct > RED_OVER_PCT:
            return "red"
        if pct > AMBER_OVER_PCT or pct < -AMBER_UNDER_PCT:
            return "amber"
        return "green"
    if money > RED_OVER_MONEY:
        return "red"
    if money > AMBER_OVER_MONEY or money < -AMBER_UNDER_MONEY:
        return "amber"
    return "green"


def _nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def money_text(value: float | None) -> str:
    """£1.2m, £350k, £900 — with a true minus sign for negatives (dashboard.vocabulary.money)."""
    return money(value)


def variance_text(v: Variance, *, scale: str | None = None) -> str:
    """E.g. "£1.2m overspend (3.4%)"; "on budget". ``scale`` (£, £k, £m) keeps a column alike."""
    if v.rag == "no_data":
        return "No budget"
    if v.words == "on budget":
        return "On budget"
    pct = f" ({abs(v.pct):.1f}%)" if v.pct is not None else ""
    return f"{variance_words(v.money, scale=scale)}{pct}"
