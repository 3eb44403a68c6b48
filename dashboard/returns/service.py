"""The returns workflow on top of the build (read-only) and the store: who owes what,
who may review what, the chasing list and the spot-check sample.

Who is who (no new role; the existing accounts say it):

* an **owner** is the account whose display name is an indicator's ``owner`` (the job
  title in the catalogue, e.g. "Head of Libraries"); they return that indicator for every
  unit expected to report it within their scope;
* a **head of service** is a manager whose unit is above the returning unit (or an admin):
  they sign off or send back; never their own submission;
* an **admin** unlocks a signed-off period with a reason;
* analysts and admins are the **checkers** (spot checks) and set SPC recalculation points.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from dashboard.returns.due import Due, add_months, build_dues, month_key
from dashboard.returns.store import ReturnsStore, returns as returns_table, reviews as reviews_table, spot_checks

HISTORY_MONTHS = 40
SAMPLE_SIZE = {"red": 3, "restated": 3, "new_owner": 2, "other": 2}   # per month, drawn in that order


def scope_unit(db, viewer) -> str:
    from dashboard.context import build_info
    return viewer.home_unit or build_info(db).council_code


def dues_for(db, store: ReturnsStore, viewer, on: dt.date, *, owner: str | None = None,
             org: str | None = None, indicator: str | None = None) -> list[Due]:
    """The returns due on ``on`` within the viewer's scope (or at and below ``org``); only ``owner``'s,
    or one ``indicator``'s, when given."""
    org = org or scope_unit(db, viewer)
    expected = db.query("returns_expected", org=org)
    if owner is not None:
        expected = expected[expected["owner"].map(lambda o: owns(owner, o))]
    if indicator is not None:
        expected = expected[expected["indicator_code"] == indicator]
    if expected.empty:
        return []
    since = month_key(add_months(on.replace(day=1), -HISTORY_MONTHS)) + "-01"
    history = db.query("returns_history", org=org, since=since)
    targets = db.query("returns_targets", org=org, since=since)
    history = history[history.set_index(["indicator_code", "org_code"]).index.isin(
        expected.set_index(["indicator_code", "org_code"]).index)]
    return build_dues(expected.reset_index(drop=True), history, targets, store, on,
                      store.recalculation_points())


def owns(display_name: str | None, owner) -> bool:
    """The one rule of who owns an indicator: the account whose display name is the indicator's ``owner`` in
    the catalogue (compared without regard to case).  The returns and the scorecard's "my indicators" use it."""
    return bool(display_name) and isinstance(owner, str) and owner.casefold() == display_name.casefold()


def is_owner(db, viewer) -> bool:
    return any(owns(viewer.display_name, d) for d in db.query("returns_expected", org=scope_unit(db, viewer))["owner"])


def may_review(db, viewer, org_code: str) -> bool:
    if viewer.role == "admin":
        return True
    if viewer.role != "manager" or not viewer.home_unit or viewer.home_unit == org_code:
        return False
    return viewer.scope.allows(org_code)


def chasing(dues: list[Due], on: dt.date) -> pd.DataFrame:
    """Overdue returns by directorate and owner (one row each), oldest first within an owner."""
    rows = [dict(directorate_code=d.directorate_code, directorate=d.directorate_name, owner=d.owner,
                 indicator_code=d.indicator_code, indicator=d.indicator_name, org_code=d.org_code, unit=d.org_name,
                 period=d.period, due_date=d.due_date.isoformat(), working_days_overdue=d.working_days_overdue(on),
                 state=d.state)
            for d in dues if d.overdue(on)]
    columns = ["directorate_code", "directorate", "owner", "indicator_code", "indicator", "org_code", "unit", "period",
               "due_date", "working_days_overdue", "state"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["directorate_code", "owner", "indicator_code", "org_code"], kind="stable") \
        .reset_index(drop=True)


# -- the monthly spot-check sample -------------------------------------------------------

def signed_off(store: ReturnsStore, period: str) -> list[dict]:
    """Signed-off returns for ``period`` (the submission each sign-off was of), with the submitter."""
    current = {(r["indicator_code"], r["org_code"]): r for r in store.latest(returns_table, period=period)}
    out = []
    for review in store.latest(reviews_table, period=period):
        ret = current.get((review["indicator_code"], review["org_code"]))
        if review["decision"] == "signed_off" and ret is not None and ret["id"] == review["return_id"]:
            out.append(ret)
    return out


def strata(store: ReturnsStore, period: str, rag_of) -> list[dict]:
    """Each signed-off return of ``period`` with its risk stratum, the first that applies:
    red (``rag_of(return) == 'red'``), restated (submitted more than once, or the build had a different
    value: ``rag_of`` may say 'restated'), new_owner (the submitter's first period of returns), other."""
    rows = signed_off(store, period)
    events = store.events(returns_table, period=period, state="submitted")
    submissions: dict[tuple, int] = {}
    for e in events:
        submissions[(e["indicator_code"], e["org_code"])] = submissions.get((e["indicator_code"], e["org_code"]), 0) + 1
    first_period: dict[str, str] = {}
    for e in store.events(returns_table, state="submitted"):
        first_period[e["username"]] = min(first_period.get(e["username"], e["period"]), e["period"])
    out = []
    for r in rows:
        judged = rag_of(r)
        if judged == "red":
            stratum = "red"
        elif submissions.get((r["indicator_code"], r["org_code"]), 0) > 1 or judged == "restated":
            stratum = "restated"
        elif first_period.get(r["username"]) == period:
            stratum = "new_owner"
        else:
            stratum = "other"
        out.append(dict(indicator_code=r["indicator_code"], org_code=r["org_code"], period=period, stratum=stratum))
    return out


def draw_sample(candidates: list[dict], sample_month: str) -> list[dict]:
    """Up to SAMPLE_SIZE of each stratum, in an order fixed by a hash of the month and the return's key
    (anyone can redraw it by hand and get the same sample)."""
    def order(c):
        return hashlib.sha256(f"{sample_month}|{c['indicator_code']}|{c['org_code']}|{c['period']}".encode()).hexdigest()

    sample = []
    for stratum, size in SAMPLE_SIZE.items():
        sample += sorted((c for c in candidates if c["stratum"] == stratum), key=order)[:size]
    return sample


def ensure_sample(store: ReturnsStore, sample_month: str, period: str, rag_of, *, username: str) -> list[dict]:
    """The month's sample: drawn (and stored, once) the first time it is asked for."""
    drawn = store.latest(spot_checks, sample_month=sample_month)
    if not drawn:
        sample = draw_sample(strata(store, period, rag_of), sample_month)
        if sample:
            store.record_spot_checks([dict(sample_month=sample_month, result="drawn", **s) for s in sample],
                                     username=username)
        drawn = store.latest(spot_checks, sample_month=sample_month)
    return drawn
