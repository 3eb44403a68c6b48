"""What every page's data has in common: its parameters, parsed once from the
URL, and a frozen bundle of the tables and figures the page shows.

A page module in this package defines ``Params`` (with ``parse(db, args)``,
which answers a bad value with NotFound or BadRequest and one line), a
``PageData`` subclass, and ``data(db, viewer, params)``.  The page's layout
renders what ``data`` returns, the download route exports its ``tables()``,
and the benchmark and the briefing packs call the same ``data``: there is one
fetch sequence per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from dashboard.context import BuildInfo, PageContext, month_context, page_context
from dashboard.db import Database, Scope
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import month_key


class PageData:
    """The base of every page's data: frozen dataclasses of tables and figures, with no Dash."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every downloadable table, by its download name, in its download columns."""
        return {}

    def table(self, name: str) -> pd.DataFrame:
        """One of ``tables()``; a page whose table may not exist for these parameters says why instead."""
        return self.tables()[name]


@dataclass(frozen=True)
class Kpi:
    """A headline figure: a label, the figure in words, and what it is measured against."""
    label: str
    value: str
    detail: str | None = None          # e.g. "against £12.3m budget"
    rag: str | None = None             # shown as a badge with the status in words
    direction: str | None = None       # improving | worsening | same | n/a, against ``since``
    since: str = "last month"
    href: str | None = None            # the figure links to its page
    source: Provenance | None = None   # where this figure alone comes from (when a group's figures differ)


@dataclass(frozen=True)
class UnitMonth:
    """``?org=<code>&period=YYYY-MM``: a unit (default: the viewer's own, or the council) and a month."""
    ctx: PageContext

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "UnitMonth":
        return cls(page_context(db, args.get("org") or None, args.get("period") or None))

    @classmethod
    def of(cls, db: Database, org: str, month) -> "UnitMonth":
        """The unit and month a pack or the benchmark asks for, checked as a URL's would be."""
        return cls.parse(db, {"org": org, "period": month_key(month)})

    @property
    def org(self) -> str:
        return self.ctx.org.code

    @property
    def period(self) -> str:
        return month_key(self.ctx.month)


@dataclass(frozen=True)
class CouncilMonth:
    """``?period=YYYY-MM`` on a page about the whole council rather than a unit (a partner has no unit)."""
    info: BuildInfo
    month: dt.date

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "CouncilMonth":
        return cls(*month_context(db, args.get("period") or None))

    @property
    def period(self) -> str:
        return month_key(self.month)


@dataclass(frozen=True)
class Page:
    """One registered page: its navigation section (who may open it, and so its downloads), how its URL is
    parsed, how its data is fetched, and the names of the tables it offers for download."""
    section: str
    parse: Callable[[Database, Mapping[str, str]], object]
    data: Callable[[Database, Scope, object], PageData]
    tables: tuple[str, ...]


def labelled(frame: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    """The unit and month a table is for, as its first columns (unless it has them)."""
    frame = frame.copy()
    if "org_code" not in frame.columns:
        frame.insert(0, "org_code", ctx.org.code)
    if "period" not in frame.columns:
        frame.insert(1, "period", month_key(ctx.month))
    return frame
