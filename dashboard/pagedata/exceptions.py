"""/exceptions's data: everything at a unit or below that needs action this
month — one page of the ranked list (one row per indicator and root cause,
the units it covers nested), the totals of the whole filtered list, the risks
above appetite or overdue for review, the casework teams with cases waiting too
long — and where each comes from.  Its download lists every exception unit by
unit, fetched only when asked for."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from dashboard.context import BadRequest
from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata import casework, provenance, risks
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance, ScorecardSources
from dashboard.periods import ascii_number
from dashboard.pagedata import exception_list as report

PAGE_SIZE = 50
MAX_PAGE = 100_000      # checked before the query: DuckDB's OFFSET is bounded


def page_number(page: str | None) -> int:
    if not page:
        return 1
    number = ascii_number(page)
    if number is None or not 1 <= number <= MAX_PAGE:
        raise BadRequest(f"There is no page “{page}”: pages are numbered from 1.")
    return number


@dataclass(frozen=True)
class ExceptionsParams(UnitMonth):
    """``?org=&period=&directorate=&theme=&portfolio=&reason=&page=N`` (a filter value the dashboard does not
    know, or a page that is not a number from 1, answers 400)."""
    filters: dict | None = None
    page: int = 1
    page_asked: str | None = None

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "ExceptionsParams":
        ctx = UnitMonth.parse(db, args).ctx
        return cls(ctx, {k: args.get(k) or "" for k in report.FILTER_KEYS}, page_number(args.get("page")),
                   args.get("page") or None)


@dataclass(frozen=True)
class CaseworkWaits:
    """Teams with cases waiting too long for allocation at the end of the month (or the latest day of the data)."""
    teams: pd.DataFrame
    day: dt.date
    source: Provenance | None


@dataclass(frozen=True)
class ExceptionsData(PageData):
    params: ExceptionsParams
    choices: dict                   # each filter's values, for the pickers
    listed: report.ExceptionList    # this page of the list and the whole list's totals
    pages: int
    risks: pd.DataFrame             # risks needing attention
    risk_source: Provenance | None
    casework: CaseworkWaits | None
    sources: ScorecardSources
    every: Callable[[], pd.DataFrame]   # the whole list, one row per unit: the download

    @property
    def shown(self) -> pd.DataFrame:
        return report.with_summaries(self.listed.rows)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"exceptions": report.download(self.every())}


def _casework_waits(db: Database, ctx, viewer: Scope) -> CaseworkWaits | None:
    latest = casework.latest_day(db)
    if latest is None:
        return None
    day = min(latest, (pd.Timestamp(ctx.month) + pd.offsets.MonthEnd(0)).date())
    teams = casework.casework_exceptions(db, ctx.org.code, day, scope=viewer)
    source = (provenance.casework(db, ctx.org.code, ctx.org.code, day, 1, latest, scope=viewer).get("unit")
              if not teams.empty else None)
    return CaseworkWaits(teams, day, source)


def data(db: Database, viewer: Scope, params: ExceptionsParams) -> ExceptionsData:
    org, month, chosen, page = params.org, params.ctx.month, params.filters, params.page
    choices = report.filter_choices(db)
    listed, (attention, risk_source), waits, sources = in_parallel(
        # one row per indicator and root cause, the units it covers nested (not one per level of the tree)
        lambda: report.exceptions(db, org, month, scope=viewer, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
                                  grouped=True, **chosen),
        lambda: (risks.needing_attention(risks.register(db, org, month, scope=viewer)),
                 provenance.risks(db, org, month, scope=viewer)),
        lambda: _casework_waits(db, params.ctx, viewer),
        # exceptions are drawn from every indicator at or below the unit, whatever the scorecard shows
        lambda: provenance.scorecard(db, org, month, corporate_only=False, grouping="theme", scope=viewer))
    pages = max(1, math.ceil(listed.total / PAGE_SIZE))
    if page > pages:
        raise BadRequest(f"There is no page “{params.page_asked}”: this list has {pages} "
                         f"page{'s' if pages > 1 else ''}.")
    return ExceptionsData(params, choices, listed, pages, attention, risk_source, waits, sources,
                          lambda: report.exceptions(db, org, month, scope=viewer, **chosen).rows)


PAGE = Page("exceptions", ExceptionsParams.parse, data, ("exceptions",))
