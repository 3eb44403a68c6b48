"""The exception report: which indicator × unit needs action this month, ranked,
each with a one-sentence summary written from the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.context import BadRequest
from dashboard.db import Database, Scope
from dashboard.vocabulary import format_value
from dashboard.frames import records
from dashboard.periods import month_key, period_label, short_month_label

REASONS = {"red": "Red", "amber": "Amber", "concern": "Special-cause concern", "missing": "Missing return",
           "late": "Late return"}
PERIOD_WORD = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
STATE_TEXT = {"new": "New", "persistent": "Persistent", "resolved": "Resolved"}


FILTER_KEYS = ("directorate", "theme", "portfolio", "reason")


def filter_choices(db: Database) -> dict[str, dict[str, str]]:
    """For each filter, value → label."""
    from dashboard.context import current_scope

    filters = db.query("exception_filters")
    viewer = current_scope()         # a directorate is offered only to those who may open it
    filters = filters[(filters["kind"] != "directorate") | filters["value"].map(viewer.allows)]
    choices = {kind: {} for kind in ("directorate", "theme", "portfolio")}
    choices.update({kind: dict(zip(group["value"], group["label"])) for kind, group in filters.groupby("kind")})
    choices["reason"] = dict(REASONS)
    return choices


TOTAL_COLUMNS = ["units_total", "open_total", "resolved_total"] + [f"{reason}_total" for reason in REASONS]


@dataclass(frozen=True)
class ExceptionList:
    """One page of the ranked list, and the totals of the whole filtered list."""
    rows: pd.DataFrame
    open_total: int
    resolved_total: int
    by_reason: dict[str, int]         # open exceptions giving each reason (a row may give several)
    units_total: int = 0              # units the open exceptions cover (= open_total unless grouped)

    @property
    def total(self) -> int:
        return self.open_total + self.resolved_total


def exceptions(db: Database, org: str, month: dt.date, *, directorate: str = "", theme: str = "",
               portfolio: str = "", reason: str = "", limit: int | None = None, offset: int = 0,
               grouped: bool = False, scope: Scope) -> ExceptionList:
    """The ranked exceptions, ``limit`` rows from ``offset`` (all when None);
    a filter value the dashboard does not know is a BadRequest.  Ranking,
    paging and counting happen in SQL: a council-wide list at the large preset
    has ~40,000 rows, and a page needs 50 of them.

    ``grouped``: one row per indicator and root cause — the highest unit up to which every unit on
    the way is an exception of that indicator — with the units it covers (``affected``), instead
    of one row per unit (a red at a team, its service, directorate and the council is one
    exception, not four)."""
    choices = filter_choices(db)
    for key, value in zip(FILTER_KEYS, (directorate, theme, portfolio, reason)):
        if value and value not in choices.get(key, {}):
            raise BadRequest(f"“{value}” is not a {key} this dashboard knows.")
    frame = db.query("exceptions", org=org, month=month, directorate=directorate, theme=theme,
                     portfolio=portfolio, reason=reason, limit=limit, offset=offset, grouped=grouped,
                     scope=scope)
    totals = frame.iloc[0] if len(frame) else pd.Series(0, index=TOTAL_COLUMNS)
    rows = frame[frame["indicator_code"].notna()].drop(columns=TOTAL_COLUMNS).reset_index(drop=True)
    rows = with_recalculations(db, rows, month)
    return ExceptionList(rows, int(totals["open_total"]), int(totals["resolved_total"]),
                         {reason: int(totals[f"{reason}_total"]) for reason in REASONS}, int(totals["units_total"]))


def with_recalculations(db: Database, rows: pd.DataFrame, month: dt.date) -> pd.DataFrame:
    """Special-cause concern re-judged under the analysts' saved recalculation points, by the function the
    scorecard's icons use (dashboard.returns.overlay): ``variation`` and ``recalculated`` (the point's words) are
    set on the rows re-judged, ``concern`` and ``reasons`` follow them, and a row whose only reason was a concern
    the new limits do not show is no longer listed.  The ranking and the totals stay the build's: an indicator
    that becomes a concern only under new limits is listed once the next build has judged it."""
    from dashboard.returns.overlay import saved_points, with_recalculations as rejudge

    rows = rows.assign(variation=None, recalculated=None)
    points = saved_points()
    wanted = (rows["state"] != "resolved") & rows["indicator_code"].isin(points) if len(rows) else None
    if wanted is None or not wanted.any():
        return rows
    judged = rejudge(db, None, rows[wanted].assign(variation="unjudged", assurance="none", point_type=None), month)
    new_reasons: dict = {}
    for index, r in judged.iterrows():
        if r["variation"] == "unjudged" or not isinstance(r["point_type"], str):
            continue                        # too short or no value for the period: the build's judgement stands
        concern = r["point_type"] == "concern"
        reasons = [x for x in list(r["reasons"]) if x != "concern"]
        if concern:                         # after the colour, before a missing or late return (the build's order)
            reasons.insert(sum(x in ("red", "amber") for x in reasons), "concern")
        new_reasons[index] = reasons
        rows.at[index, "variation"] = r["variation"]
        rows.at[index, "concern"] = concern
        if not concern:
            rows.at[index, "concern_since"] = pd.NaT
        elif pd.isna(rows.at[index, "concern_since"]):
            rows.at[index, "concern_since"] = r["period_start"]
        applied = [p for p in points[r["indicator_code"]] if p.period <= month_key(r["period_start"])]
        rows.at[index, "recalculated"] = applied[-1].text if applied else None
    rows["reasons"] = [new_reasons.get(i, x) for i, x in zip(rows.index, rows["reasons"])]
    gone = [i for i, reasons in new_reasons.items() if not reasons]
    return rows.drop(index=gone).reset_index(drop=True)


def with_summaries(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with their period key, state in words and one-sentence
    summary: written only for the rows shown (a page, the top five) or
    downloaded."""
    out = frame.copy()
    out["period"] = out["period_start"].map(month_key)
    rows = records(out)
    out["summary"] = [summary(r) for r in rows]
    out["state_text"] = [state_text(r) for r in rows]
    return out


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


STREAK_TEXT = ("“Persistent (N months)” and the summary's “for the Nth month” are one count: the periods running "
               "in which the indicator has been an exception at that unit (red, amber, special-cause concern, or a "
               "missing or late return), this one included. How long it has been the same colour is said after it "
               "when shorter, and is the rag_streak column of the download.")


def state_text(r) -> str:
    if r.state == "persistent":
        return f"Persistent ({r.streak} {PERIOD_WORD[r.frequency]}s)"
    return STATE_TEXT[r.state]


def summary(r) -> str:
    """E.g. "Red this month (12.0% against a target of 10.0%), an exception for the 3rd month running;
    14 of 22 reporting units below target; special-cause concern since May 2026"."""
    word = PERIOD_WORD[r.frequency]
    parts = []
    if r.state == "resolved":
        return f"No longer an exception: was {', '.join(REASONS[x].lower() for x in r.reasons)} last {word}."
    if r.rag in ("red", "amber"):
        colour = r.rag.capitalize()
        # the one streak of the state column ("Persistent (N months)"); the colour's own run said after it
        streak, same = int(r.streak), int(r.rag_streak)
        part = f"{colour} this {word}"
        if pd.notna(r.value) and pd.notna(r.target):
            part += (f" ({format_value(r.value, r.unit, r.decimals)} against a target of "
                     f"{format_value(r.target, r.unit, r.decimals)})")
        if streak > 1:
            part += f", an exception for the {ordinal(streak)} {word} running"
            if same < streak:
                part += f" ({r.rag} for the last {same})" if same > 1 else f" (first {word} {r.rag})"
        parts.append(part)
    if pd.notna(r.units_rated) and r.units_rated > 0 and r.level != "team":
        parts.append(f"{int(r.units_off_target)} of {int(r.units_rated)} reporting units below target")
    if r.concern:
        since = f" since {short_month_label(r.concern_since)}" if pd.notna(r.concern_since) else ""
        parts.append(f"special-cause concern{since}")
    if r.return_status == "missing":
        parts.append(f"return for {period_label(r.period_start, r.frequency)} not received")
    elif r.return_status == "late":
        days = int(r.working_days_late) if pd.notna(r.working_days_late) else 0
        parts.append(f"return {days} working day{'s' if days != 1 else ''} late")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "." if text else ""


DOWNLOAD_COLUMNS = ["indicator_code", "indicator_name", "org_code", "org_name", "level", "period", "state",
                    "reasons", "rag", "value", "target", "summary", "streak", "score", "owner",
                    "theme", "portfolio", "commentary", "action", "action_owner", "recovery_date",
                    "root_org_code", "units_affected", "rag_streak"]


def download(frame: pd.DataFrame) -> pd.DataFrame:
    out = with_summaries(frame)
    out["reasons"] = out["reasons"].map(lambda xs: " ".join(xs))
    return out[DOWNLOAD_COLUMNS]
