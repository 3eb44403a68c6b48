"""When commentary is due: the one rule that the web pages and the packs both apply.

An open exception (not one resolved since last period) needs its owner to write when
- it is red or amber and has no commentary at all ("missing");
- its latest commentary was written for an earlier period than the one shown ("stale");
- the recovery date in its latest commentary has passed by the end of the month shown
  ("recovery passed").
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.frames import records

REASONS = {"missing": "No commentary on a red or amber indicator",
           "stale": "Commentary written for an earlier period",
           "recovery_passed": "Recovery date has passed"}
RULE_TEXT = ("Commentary is due on an open exception that is red or amber with no commentary, whose latest "
             "commentary was written for an earlier period than the one shown, or whose recovery date has passed.")
DOWNLOAD_COLUMNS = ["owner", "indicator_code", "indicator_name", "org_code", "org_name", "level", "period", "rag",
                    "due", "commentary_period", "recovery_date", "action_owner", "theme", "portfolio"]


def month_end(month: dt.date) -> dt.date:
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()


def _date(x) -> dt.date | None:
    return None if x is None or x is pd.NaT or (isinstance(x, float) and x != x) or pd.isna(x) \
        else pd.Timestamp(x).date()


def flags(*, rag, period_start, commentary_period, recovery_date, month: dt.date, has_commentary: bool) -> list[str]:
    """Why commentary is due on one open exception (empty when it is not), in REASONS' order."""
    shown, written, recovery = _date(period_start), _date(commentary_period), _date(recovery_date)
    out = []
    if rag in ("red", "amber") and not has_commentary:
        out.append("missing")
    if has_commentary and written is not None and shown is not None and written < shown:
        out.append("stale")
    if recovery is not None and recovery < month_end(month):
        out.append("recovery_passed")
    return out


def row_flags(r, month: dt.date) -> list[str]:
    """``flags`` of a row of the exceptions query (which carries the latest commentary)."""
    text = getattr(r, "commentary", None)
    return flags(rag=r.rag, period_start=r.period_start, commentary_period=r.commentary_period,
                 recovery_date=r.recovery_date, month=month, has_commentary=isinstance(text, str) and bool(text))


def due(db: Database, org: str, month: dt.date, *, scope: Scope, **filters) -> pd.DataFrame:
    """Every open exception at ``org`` or below on which commentary is due, by owner then rank,
    with ``due`` (a list of REASONS keys) and ``due_text``."""
    from dashboard.pagedata import exception_list as exceptions_report

    rows = exceptions_report.exceptions(db, org, month, scope=scope, **filters).rows
    rows = rows[rows["state"] != "resolved"].reset_index(drop=True)
    rows["due"] = [row_flags(r, month) for r in records(rows)] if len(rows) else []
    out = rows[rows["due"].map(bool)].copy() if len(rows) else rows.assign(due=[])
    out["due_text"] = out["due"].map(lambda xs: "; ".join(REASONS[x] for x in xs))
    out["owner"] = out["owner"].fillna("No owner named")
    # stable: within an owner the exceptions stay in the exception list's order (most material first)
    return out.sort_values("owner", kind="stable").reset_index(drop=True)


def by_owner(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The due list split per owner, the owner with most due first."""
    groups = [(owner, g) for owner, g in frame.groupby("owner", sort=False)]
    return sorted(groups, key=lambda og: (-len(og[1]), og[0]))


def download(frame: pd.DataFrame) -> pd.DataFrame:
    from dashboard.periods import month_key

    out = frame.copy()
    out["period"] = out["period_start"].map(month_key) if len(out) else []
    out["due"] = out["due"].map(lambda xs: " ".join(xs))
    for column in ("commentary_period", "recovery_date"):
        out[column] = [d.isoformat() if (d := _date(x)) else None for x in out[column]] if len(out) else []
    return out[DOWNLOAD_COLUMNS]
