"""/customers's data: complaints, compliments, comments and enquiries about
a unit and the units below it; the residents' survey by question and district
with 95% intervals from its counts; and the declared output-versus-outcome
pairs, with where each figure comes from.  Rates are ratios of summed counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from dashboard.context import BadRequest
from dashboard.db import Database, Scope, in_parallel
from dashboard.metrics.rates import rate, wilson_interval
from dashboard.pagedata import provenance
from dashboard.pagedata.base import Page, PageData, UnitMonth, labelled
from dashboard.pagedata.provenance import Provenance
from dashboard.periods import month_key

TYPE_TEXT = {"complaint": "Complaints", "compliment": "Compliments", "comment": "Comments", "enquiry": "Enquiries"}
STAGE_TEXT = {"1": "stage 1", "2": "stage 2", "ombudsman": "Ombudsman", "none": ""}


def _pct(num, den):
    r = rate(num, den)
    return None if r is None else r * 100


def types(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    """One row per type (complaints per stage) with its timeliness and upheld rates."""
    frame = db.query("feedback_types", org=org, month=month, scope=scope)
    frame["label"] = [f"{TYPE_TEXT[t]}{', ' + STAGE_TEXT[s] if STAGE_TEXT.get(s) else ''}"
                      for t, s in zip(frame["type"], frame["stage"])]
    frame["on_time_pct"] = [_pct(a, b) for a, b in zip(frame["responded_on_time_12m"], frame["responded_with_due_12m"])]
    decided = frame["upheld_12m"] + frame["partly_upheld_12m"] + frame["not_upheld_12m"]
    frame["decided_12m"] = decided
    frame["upheld_pct"] = [_pct(a, b) for a, b in zip(frame["upheld_12m"] + frame["partly_upheld_12m"], decided)]
    frame["average_working_days"] = [rate(a, b) for a, b in zip(frame["working_days_to_respond_12m"],
                                                                frame["responded_12m"])]
    frame.insert(0, "period", month_key(month))
    return frame


def themes(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    return db.query("feedback_themes", org=org, month=month, scope=scope)


def months(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("feedback_months", org=org, month=month, scope=scope)
    frame.insert(0, "period", frame["month"].map(month_key))
    return frame.drop(columns=["month"])


def units(db: Database, org: str, month: dt.date, *, scope: Scope) -> pd.DataFrame:
    frame = db.query("feedback_units", org=org, month=month, scope=scope)
    frame["stage1_on_time_pct"] = [_pct(a, b) for a, b in zip(frame["stage1_on_time_12m"], frame["stage1_answered_12m"])]
    frame["upheld_pct"] = [_pct(a, b) for a, b in zip(frame["upheld_12m"], frame["decided_12m"])]
    frame.insert(3, "period", month_key(month))
    return frame


def survey(db: Database, month: dt.date) -> pd.DataFrame:
    """The latest quarter's survey (and the quarter before) with the share
    satisfied and its 95% Wilson interval, per question and district."""
    frame = db.query("survey_quarter", month=month)
    intervals = [wilson_interval(int(s), int(n)) for s, n in zip(frame["satisfied"], frame["respondents"])]
    frame["satisfied_pct"] = [_pct(s, n) for s, n in zip(frame["satisfied"], frame["respondents"])]
    frame["low_pct"] = [i[0] * 100 if i else None for i in intervals]
    frame["high_pct"] = [i[1] * 100 if i else None for i in intervals]
    frame["quarter"] = [f"{q:%b}–{(pd.Timestamp(q) + pd.DateOffset(months=2)):%b %Y}" for q in frame["quarter_start"]]
    return frame


def pairs(db: Database) -> pd.DataFrame:
    return db.query("outcome_pairs")


def pair_series(db: Database, pair: str, month: dt.date) -> pd.DataFrame:
    return db.query("outcome_series", pair=pair, month=month)


SURVEY_COLUMNS = ["quarter", "quarter_start", "theme_code", "theme", "district_code", "district", "respondents",
                  "satisfied", "satisfied_pct", "low_pct", "high_pct"]


@dataclass(frozen=True)
class CustomersParams(UnitMonth):
    """``?org=&period=[&theme=<survey question>]`` (the question is checked against the survey's own)."""
    theme: str | None = None

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "CustomersParams":
        return cls(UnitMonth.parse(db, args).ctx, args.get("theme") or None)


@dataclass(frozen=True)
class CustomersData(PageData):
    params: CustomersParams
    types: pd.DataFrame         # each kind of feedback over 12 months
    themes: pd.DataFrame        # what it was about
    months: pd.DataFrame        # each month over 24 months
    units: pd.DataFrame         # each unit below
    survey: pd.DataFrame        # the latest quarter's survey (and the one before) by question and district
    theme: str | None           # the survey question shown (None without a survey)
    pairs: pd.DataFrame | None  # outputs beside outcomes: council-wide, so None for a viewer of part of it
    pair_series: dict[str, pd.DataFrame]   # each pair's two series, by pair code
    sources: dict[str, Provenance]

    @property
    def survey_themes(self) -> dict[str, str]:
        return dict(zip(self.survey["theme_code"], self.survey["theme"]))

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"customer_feedback": labelled(self.types, self.params.ctx), "customer_units": self.units,
                "survey": self.survey[SURVEY_COLUMNS]}


def data(db: Database, viewer: Scope, params: CustomersParams) -> CustomersData:
    org, month = params.org, params.ctx.month
    kinds, topics, monthly, below, quarter, paired, sources = in_parallel(
        lambda: types(db, org, month, scope=viewer),
        lambda: themes(db, org, month, scope=viewer),
        lambda: months(db, org, month, scope=viewer),
        lambda: units(db, org, month, scope=viewer),
        lambda: survey(db, month),
        lambda: pairs(db) if viewer.council_wide else None,
        lambda: provenance.customers(db, org, month, scope=viewer))
    theme = params.theme or "OVERALL"
    if quarter.empty:
        theme = None
    elif theme not in set(quarter["theme_code"]):
        raise BadRequest(f"“{theme}” is not a question of the residents' survey.")
    codes = [] if paired is None else list(paired["code"])
    series = in_parallel(*[lambda code=code: pair_series(db, code, month) for code in codes])
    return CustomersData(params, kinds, topics, monthly, below, quarter, theme, paired, dict(zip(codes, series)),
                         sources)


PAGE = Page("customers", CustomersParams.parse, data, ("customer_feedback", "customer_units", "survey"))
