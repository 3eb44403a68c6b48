"""The tables behind the children's casework page: cases waiting for
allocation, assessments and conferences due, the daily count of unallocated
cases (an SPC chart's series), a team comparison, one team's open cases and
the teams needing attention.  Every figure is computed by SQL from the case
rows (queries/casework.sql) for any unit — the cases of the teams at or below
it — and any day, as at the end of that day.

Working days (stated once, in data/build/schema/casework.sql; the README copies them):

1. A working day is a Monday to Friday that is not one of England's bank
   holidays (the ``calendar`` table, built from the ``holidays`` library).
2. A day that is not a working day counts as the next working day (its
   "day 0"): a referral on Saturday has day 0 = Monday, and a day viewed on a
   Saturday reads as that Monday.
3. The referral day is day 0.  Working days waiting on day D = index(day 0 of
   D) − index(day 0 of the referral); calendar days waiting = D − referral
   date.  Both are 0 on the day of referral.
4. An assessment is due on the working day whose ``working_day_index`` is
   index(day 0 of the referral) + 45; an initial child protection conference
   on the working day whose index is index(day 0 of the strategy discussion)
   + 15.
5. On time = done on or before the due date.  Overdue on D = not done by the
   end of D and due date < D.  Working days to due = index(due date) −
   index(day 0 of D): negative exactly when overdue, 0 when due on D (on a
   weekend: due on the next working day).  "Due within the next n working
   days" = 0 ≤ working days to due ≤ n.
6. A case is open on D when referred on or before D and not closed by the end
   of D; unallocated when also not allocated by the end of D.

Ratios (caseload per social worker, assessment timeliness) are Σnumerator ÷
Σdenominator when teams are combined: :func:`scorecard_total`.

Rows carrying ``org_code`` pass through ``Database.query``'s scope
restriction; ``unallocated_daily`` has no org_code, so the page checks
``scope.allows(org)`` first, as every page does for its unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.context import BadRequest, NotFound, PageContext, page_context
from dashboard.db import Database, OutOfScope, Scope, in_parallel
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import ascii_number

CATEGORY_TEXT = {"child_protection": "Child protection", "child_in_need": "Child in need",
                 "looked_after": "Looked after", "early_help": "Early help"}
AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")
ASSESSMENT_WORKING_DAYS, CONFERENCE_WORKING_DAYS = 45, 15
TREND_DAYS = 182         # the daily chart's span, in calendar days
# What casework exceptions flag: child protection unallocated for more than 1 working day, any case for more than 5.
CP_UNALLOCATED_LIMIT, UNALLOCATED_LIMIT = 1, 5


def latest_day(db: Database) -> dt.date | None:
    """The latest day anything happened in the case data: the page's default day (None without cases)."""
    value = db.query("casework_latest_day")["day"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def unallocated(db: Database, org: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """One row per case open and unallocated at the end of ``day``: case_id, org_code, team_name,
    category, age_band, referral_date, working_days_waiting, calendar_days_waiting; child
    protection first, then the longest waiting."""
    return db.query("casework_unallocated", org=org, day=day, scope=scope)


def unallocated_by_team(db: Database, org: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Every casework team at or below ``org`` × category: org_code, team_name, category,
    category_name, unallocated (0 when none), oldest_working_days_waiting and
    oldest_calendar_days_waiting (NULL when none)."""
    return db.query("casework_unallocated_by_team", org=org, day=day, scope=scope)


def unallocated_daily(db: Database, org: str, day: dt.date, days: int, *, scope: Scope) -> pd.DataFrame:
    """Cases unallocated at the end of each of the ``days`` calendar days up to ``day``, oldest first:
    day, is_working_day, unallocated, child_protection_unallocated."""
    if int(days) < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    return db.query("casework_unallocated_daily", org=org, day=day, days=int(days), scope=scope)


def due(db: Database, org: str, day: dt.date, n: int, *, scope: Scope) -> pd.DataFrame:
    """Assessments not completed and initial conferences not held by the end of ``day`` that are overdue
    or due within the next ``n`` working days: case_id, org_code, team_name, category, age_band,
    kind ('assessment' | 'conference'), due_date, working_days_to_due (negative when overdue),
    overdue; overdue first, then the soonest due."""
    if int(n) < 0:
        raise ValueError(f"n must be 0 or more working days, not {n}")
    return db.query("casework_due", org=org, day=day, n=int(n), scope=scope)


def team_scorecard(db: Database, org: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Every casework team at or below ``org`` on ``day``, in tree order: org_code, team_name,
    service_code, open_cases, social_worker_fte, caseload_per_social_worker, unallocated,
    assessments_completed_3m, assessments_on_time_3m, timeliness_pct, assessments_overdue and
    timeliness_rank, caseload_rank, unallocated_rank (1 = best; ties share a rank; NULL without
    a value).  The 3 months are the days after the same day 3 months earlier, up to ``day``."""
    return db.query("casework_team_scorecard", org=org, day=day, scope=scope)


def scorecard_total(frame: pd.DataFrame) -> dict:
    """The teams of a scorecard combined: sums of the counts, ratios as Σnumerator ÷ Σdenominator."""
    fte = frame["social_worker_fte"].sum(min_count=1)
    completed = int(frame["assessments_completed_3m"].sum())
    total = {c: int(frame[c].sum()) for c in ("open_cases", "unallocated", "assessments_completed_3m",
                                              "assessments_on_time_3m", "assessments_overdue")}
    total["social_worker_fte"] = None if pd.isna(fte) else float(fte)
    total["caseload_per_social_worker"] = (total["open_cases"] / fte) if fte and fte > 0 else None
    total["timeliness_pct"] = (100.0 * total["assessments_on_time_3m"] / completed) if completed else None
    return total


def cases(db: Database, team: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """The cases of one team open at the end of ``day`` as known then (events after ``day`` blank):
    case_id, org_code, team_name, category, age_band, referral_date, allocated_date,
    assessment_due, assessment_completed, strategy_discussion_date, conference_due, conference_date,
    unallocated, working_days_waiting and calendar_days_waiting (unallocated only),
    working_days_to_assessment_due (assessment not yet completed) and working_days_to_conference_due
    (conference not yet held).  Unallocated first, longest waiting first.  One query, so access to
    case-level rows can be restricted in one place later; ``scope`` applies to its org_code."""
    return db.query("casework_cases", team=team, day=day, scope=scope)


def casework_exceptions(db: Database, org: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """Teams with child protection cases unallocated for more than 1 working day or any case unallocated
    for more than 5 (only teams with at least one), worst first: org_code, team_name, service_code,
    child_protection_over_limit, over_limit, unallocated, longest_working_days_waiting,
    longest_calendar_days_waiting."""
    return db.query("casework_exceptions", org=org, day=day, cp_days=CP_UNALLOCATED_LIMIT,
                    any_days=UNALLOCATED_LIMIT, scope=scope)


# -- what the page and its downloads accept -----------------------------------------

def parse_day(text: str | None, latest: dt.date, first: dt.date) -> dt.date:
    if not text:
        return latest
    try:
        if not _DAY.fullmatch(text):      # ASCII digits only: fromisoformat also takes 20260901 and other forms
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"“{text}” is not a date: use YYYY-MM-DD, e.g. {latest:%Y-%m-%d}.") from None
    if not first <= day <= latest:
        raise BadRequest(f"There are no cases to show on {day:%-d %B %Y}: the data runs from {first:%-d %B %Y} "
                         f"to {latest:%-d %B %Y}.")
    return day


def parse_days(text: str | None) -> int:
    if not text:
        return 5
    days = ascii_number(text)
    if days is None or not 0 <= days <= 60:
        raise BadRequest(f"“{text}” is not a number of working days between 0 and 60.")
    return days


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def may_see_cases(viewer: Scope, org: str) -> bool:
    """Who may see case-level rows (case lists, case numbers): those with the casework
    permission on the unit or above it (the query runner refuses the rest)."""
    return viewer.allows_cases(org)


def peers_of(ctx, viewer: Scope | None = None) -> str:
    """The unit whose teams a scorecard ranks: a team is compared with the other
    teams of its service (when the viewer may see the service), any other unit with the teams below it."""
    if ctx.org.level == "team" and len(ctx.path) > 1 and (viewer is None or viewer.allows(ctx.path[-2].code)):
        return ctx.path[-2].code
    return ctx.org.code


def waiting_counts(db: Database, org: str, day: dt.date, *, scope: Scope) -> pd.DataFrame:
    """``unallocated`` without the cases: one row per team, category and wait with how many cases
    (n), expanded to one row per case so the page counts it the same way; no case numbers."""
    counts = db.query("casework_unallocated_counts", org=org, day=day, scope=scope)
    return counts.loc[counts.index.repeat(counts["n"])].drop(columns="n").reset_index(drop=True)


def due_counts(db: Database, org: str, day: dt.date, n: int, *, scope: Scope) -> pd.DataFrame:
    """``due`` without the cases, as :func:`waiting_counts`."""
    counts = db.query("casework_due_counts", org=org, day=day, n=int(n), scope=scope)
    return counts.loc[counts.index.repeat(counts["n"])].drop(columns="n").reset_index(drop=True)


# -- the page's data ---------------------------------------------------------------

@dataclass(frozen=True)
class CaseworkParams:
    """``?org=<code>&date=YYYY-MM-DD&days=N``: a unit, a day (default the latest in the case data) and how many
    working days ahead count as due soon."""
    ctx: PageContext
    latest: dt.date | None          # the latest day of the case data (None: the database holds no case records)
    day: dt.date | None
    ahead: int

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "CaseworkParams":
        ctx = page_context(db, args.get("org") or None, None)
        latest = latest_day(db)
        day = parse_day(args.get("date") or None, latest, ctx.info.first_month) if latest else None
        return cls(ctx, latest, day, parse_days(args.get("days") or None))

    @property
    def org(self) -> str:
        return self.ctx.org.code


@dataclass(frozen=True)
class CaseworkData(PageData):
    params: CaseworkParams
    cases_shown: bool               # case numbers only with the casework permission on the unit
    waiting: pd.DataFrame           # cases waiting for allocation (counts without case numbers otherwise)
    by_team: pd.DataFrame
    daily: pd.DataFrame             # the daily count over TREND_DAYS
    upcoming: pd.DataFrame          # assessments and conferences overdue or due within ``ahead`` working days
    teams: pd.DataFrame             # the improvement-notice scorecard of the unit's peers
    team_cases: pd.DataFrame | None  # a team's own case list (a team's page, with the permission)
    sources: dict[str, Provenance]

    def tables(self) -> dict[str, pd.DataFrame]:
        if self.params.latest is None:
            return {}
        daily = self.daily.copy()
        daily.insert(0, "org_code", self.params.org)
        out = {"casework_daily": daily, "casework_teams": self.teams}
        if self.cases_shown:
            out |= {"casework_unallocated": self.waiting, "casework_due": self.upcoming}
        if self.team_cases is not None:
            out["casework_cases"] = self.team_cases
        return out

    def table(self, name: str) -> pd.DataFrame:
        """Case lists need the casework permission; a team's case list needs a team."""
        org = self.params.org
        if self.params.latest is None:
            raise NotFound("This database holds no case records.")
        if name == "casework_cases" and self.params.ctx.org.level != "team":
            raise BadRequest("Case lists are per team: give a team's code as org.")
        if name == "casework_cases" and not self.cases_shown:
            raise OutOfScope("You do not have the casework permission for that team.")
        if name in ("casework_unallocated", "casework_due") and not self.cases_shown:
            raise OutOfScope(f"Case lists need the casework permission for {org}, which you do not have.")
        return super().table(name)


def data(db: Database, viewer: Scope, params: CaseworkParams) -> CaseworkData:
    org, day, latest = params.org, params.day, params.latest
    permitted = may_see_cases(viewer, org)
    if latest is None:
        empty = pd.DataFrame()
        return CaseworkData(params, permitted, empty, empty, empty, empty, empty, None, {})
    peers = peers_of(params.ctx, viewer)
    team = params.ctx.org.level == "team" and permitted
    waiting, by_team, daily, upcoming, teams, team_cases, sources = in_parallel(
        lambda: (unallocated if permitted else waiting_counts)(db, org, day, scope=viewer),
        lambda: unallocated_by_team(db, org, day, scope=viewer),
        lambda: unallocated_daily(db, org, day, TREND_DAYS, scope=viewer),
        lambda: (due if permitted else due_counts)(db, org, day, params.ahead, scope=viewer),
        lambda: team_scorecard(db, peers, day, scope=viewer),
        lambda: cases(db, org, day, scope=viewer) if team else None,
        lambda: provenance.casework(db, org, peers, day, TREND_DAYS, latest, scope=viewer))
    return CaseworkData(params, permitted, waiting, by_team, daily, upcoming, teams, team_cases, sources)


PAGE = Page("casework", CaseworkParams.parse, data,
            ("casework_unallocated", "casework_daily", "casework_due", "casework_teams", "casework_cases"))
