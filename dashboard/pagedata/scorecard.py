"""The scorecard's data, of the council (/) or any unit (/org/<code>): each
indicator's row for the month with returns entered since the build folded in,
their recent trends, RAG counts of the units below, the resources panel, the
most material exceptions, and where every figure comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.pagedata import indicator_rows
from dashboard.context import GROUPS, SCOPES, choice
from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance, ScorecardSources
from dashboard.returns.overlay import overlay as returns_overlay
from dashboard.pagedata import exception_list as exceptions_report
from dashboard.pagedata import panel


@dataclass(frozen=True)
class ScorecardParams(UnitMonth):
    """``/org/<code>?period=&group=theme|portfolio&scope=corporate|all&mine=0|1`` (``org`` in a download)."""
    group: str = "theme"
    showing: str = "corporate"      # the URL's ``scope``: the corporate scorecard or every indicator
    mine: bool = False

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "ScorecardParams":
        ctx = UnitMonth.parse(db, {**args, "org": args.get("org") or args.get("code") or ""}).ctx
        return cls(ctx, choice(args.get("group"), GROUPS, "theme", "grouping"),
                   choice(args.get("scope"), SCOPES, "corporate" if ctx.is_council else "all", "scope"),
                   choice(args.get("mine"), ("0", "1"), "0", "“mine” (my indicators)") == "1")


@dataclass(frozen=True)
class ScorecardData(PageData):
    params: ScorecardParams
    rows: pd.DataFrame              # one per indicator on the scorecard, submitted returns folded in
    trends: dict                    # indicator code → indicator_rows.Trend
    children: pd.DataFrame          # the units one level down
    child_rows: pd.DataFrame | None  # their scorecards (None at a team)
    resources: pd.DataFrame         # the resources panel's figures
    resource_sources: dict[str, Provenance]
    exceptions: object | None       # pagedata.exception_list.ExceptionList: the 50 most material (council, directorate)
    sources: ScorecardSources

    @property
    def counts(self) -> pd.DataFrame:
        return indicator_rows.rag_counts(self.rows)

    @property
    def child_counts(self) -> pd.DataFrame:
        return indicator_rows.rag_counts(self.child_rows)

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {"scorecard": indicator_rows.scorecard_download(self.rows)}
        counts = (self.child_counts if self.child_rows is not None else indicator_rows.rag_counts(self.rows.iloc[:0]))
        units = self.children.set_index("org_code")[["name", "level"]].join(
            counts.reindex(self.children["org_code"], fill_value=0)).reset_index()
        units.insert(2, "period", self.params.period)
        out["child_units"] = units
        return out


def data(db: Database, viewer: Scope, params: ScorecardParams) -> ScorecardData:
    ctx, corporate = params.ctx, params.showing == "corporate"
    org, month = params.org, ctx.month
    children = db.query("org_children", code=org, scope=viewer)
    with_exceptions = ctx.org.level in ("council", "directorate")
    # the unit's rows and its children's in one query: one scan of their code range instead of two
    # (about 40 ms less per page at the large preset)
    both, (resources, resource_sources), trends, listed, sources = in_parallel(
        lambda: indicator_rows.scorecard(db, [org, *children["org_code"]], month, corporate_only=corporate,
                                         scope=viewer),
        lambda: (panel.figures(db, org, month, scope=viewer), provenance.panel(db, org, month, scope=viewer)),
        lambda: indicator_rows.trends(db, org, month, scope=viewer),
        # the 50 most material are enough to find five indicators, each at its most material unit
        lambda: exceptions_report.exceptions(db, org, month, limit=50, grouped=True, scope=viewer)
        if with_exceptions else None,
        # where every figure comes from: per table (theme or portfolio), the whole scorecard, every indicator
        lambda: provenance.scorecard(db, org, month, corporate_only=corporate, grouping=params.group,
                                     scope=viewer))
    own = both["org_code"] == org
    rows = both[own].reset_index(drop=True)
    child_rows = None if children.empty else both[~own].reset_index(drop=True)
    return ScorecardData(params, returns_overlay(db, rows, month), trends, children,
                         returns_overlay(db, child_rows, month), resources, resource_sources, listed, sources)


PAGE = Page("scorecard", ScorecardParams.parse, data, ("scorecard", "child_units"))
