"""/value-for-money's data: for the units below a node, the unit cost of an
output (gross spend over 12 months ÷ the output delivered in them) beside
performance (the share of the unit's rated indicators that are green), and
which quadrant each unit falls in against the medians of its peers.  From a
unit whose units below do different work (the council, from the top menu) it
moves to the first unit below where a unit cost compares like with like."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.pagedata import indicator_rows
from dashboard.context import BadRequest, NotFound, OrgUnit, PageContext, page_context
from dashboard.db import Database, Scope, in_parallel
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import month_key

QUADRANTS = {
    (True, True): "Lower cost, higher performance",
    (False, True): "Higher cost, higher performance",
    (True, False): "Lower cost, lower performance",
    (False, False): "Higher cost, lower performance",
}


def outputs(db: Database, org: str) -> pd.DataFrame:
    """Outputs reported by at least two of the units below ``org`` (a unit cost compares like with like)."""
    frame = db.query("vfm_outputs", org=org)
    return frame[frame["units_reporting"] >= 2].reset_index(drop=True)


def comparable_unit(db: Database, org: str, *, scope: Scope, depth: int = 2) -> str | None:
    """The first unit below ``org`` (in the council's order, nearest level first) whose units report a
    common output, so a unit cost compares like with like there; None when there is none within ``depth``."""
    level = [org]
    for _ in range(depth):
        below = []
        for code in level:
            children = db.query("org_children", code=code, scope=scope)
            below += [c for c in children["org_code"] if scope.allows(c)]
        for code in below:
            if not outputs(db, code).empty:
                return code
        level = below
    return None


def units(db: Database, org: str, month: dt.date, output: str, *, scope: Scope, choices: pd.DataFrame) -> pd.DataFrame:
    if output not in set(choices["code"]):
        raise BadRequest(f"“{output}” is not an output reported by two or more of the units below this one.")
    frame = db.query("vfm_units", org=org, month=month, output=output, scope=scope)
    frame = frame[frame["output_12m"].notna() & (frame["output_12m"] > 0)].reset_index(drop=True)
    frame["unit_cost"] = frame["gross_spend_12m"] / frame["output_12m"]
    counts = indicator_rows.rag_counts(indicator_rows.scorecard(db, list(frame["org_code"]), month,
                                                                corporate_only=False, scope=scope)) \
        if len(frame) else pd.DataFrame()
    counts = counts.reindex(frame["org_code"], fill_value=0) if len(frame) else counts
    rated = (counts["red"] + counts["amber"] + counts["green"]).to_numpy() if len(frame) else []
    frame["indicators_rated"] = rated
    frame["indicators_green"] = counts["green"].to_numpy() if len(frame) else []
    frame["green_pct"] = [g / n * 100 if n else None for g, n in zip(frame["indicators_green"], rated)]
    cost_mid, perf_mid = frame["unit_cost"].median(), frame["green_pct"].median()
    frame["quadrant"] = [QUADRANTS[(c <= cost_mid, p >= perf_mid)] if pd.notna(c) and pd.notna(p) else "Not placed"
                         for c, p in zip(frame["unit_cost"], frame["green_pct"])]
    frame.insert(3, "period", month_key(month))
    frame.insert(4, "output", output)
    return frame


@dataclass(frozen=True)
class VfmParams(UnitMonth):
    """``?org=&period=[&output=<indicator>]`` (default: the first output the units below share)."""
    output: str | None = None

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "VfmParams":
        return cls(UnitMonth.parse(db, args).ctx, args.get("output") or None)


@dataclass(frozen=True)
class VfmData(PageData):
    params: VfmParams
    ctx: PageContext            # the unit compared: the one asked for, or the first below where comparison works
    moved_from: OrgUnit | None  # the unit asked for, when the page moved below it
    choices: pd.DataFrame       # outputs reported by two or more units below
    output: str | None          # the output compared (None when there is none to compare)
    output_name: str | None
    units: pd.DataFrame | None  # one row per unit below that delivered the output
    source: Provenance | None

    def tables(self) -> dict[str, pd.DataFrame]:
        if self.units is None:
            raise NotFound(f"No output is reported by two or more of the units below {self.ctx.org.code}.")
        return {"value_for_money": self.units}


def data(db: Database, viewer: Scope, params: VfmParams) -> VfmData:
    ctx, moved_from = params.ctx, None
    choices = outputs(db, ctx.org.code)
    if choices.empty and not params.output:
        target = comparable_unit(db, ctx.org.code, scope=viewer)
        if target:
            moved_from, ctx = ctx.org, page_context(db, target, month_key(ctx.month))
            choices = outputs(db, ctx.org.code)
    if choices.empty:
        return VfmData(params, ctx, moved_from, choices, None, None, None, None)
    output = params.output or choices["code"].iloc[0]
    name = dict(zip(choices["code"], choices["name"])).get(output, output)
    # an output not in the choices: units() says why (in_parallel raises the first call's error)
    rows, source = in_parallel(lambda: units(db, ctx.org.code, ctx.month, output, scope=viewer, choices=choices),
                               lambda: provenance.vfm(db, ctx.org.code, ctx.month, output, name, scope=viewer))
    return VfmData(params, ctx, moved_from, choices, output, name, rows, source)


PAGE = Page("value-for-money", VfmParams.parse, data, ("value_for_money",))
