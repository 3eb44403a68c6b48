"""The tables behind /customers: complaints, compliments, comments and
enquiries about a unit and the units below it; the residents' survey by
question and district with 95% intervals from its counts; and the declared
output-versus-outcome pairs.  Rates are ratios of summed counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import Database, Scope
from dashboard.metrics.rates import rate, wilson_interval
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
