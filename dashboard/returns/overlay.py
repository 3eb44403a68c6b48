"""Returns on the scorecard before the next build: ``with_returns(db, store, frame)``.

For each scorecard row whose displayed period has returns in the store from the units at
or below the row's unit, the value is recombined from the build's values with the returns
in place of them (sum(numerator)/sum(denominator) for ratios, sum, max, the sum of the
latest stocks), re-rated against the same target, and labelled:

* ``submitted, not yet signed off`` — any of the returns awaits sign-off;
* ``signed off`` — every unit's value for the period is signed off here or validated in
  the build; the row then drops "provisional".

Only figures that are one period's own value (basis in_month or snapshot) are recombined;
a year-to-date or rolling figure keeps the build's value with the note
``returns submitted: in the next build`` until the build folds the returns in.

``with_recalculations`` re-judges the SPC icons of indicators with saved recalculation points.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from dashboard.returns.due import month_key
from dashboard.returns.store import ReturnsStore, returns as returns_table, reviews as reviews_table
from dashboard.returns.validate import RAG_BASES, rag

log = logging.getLogger(__name__)
SUBMITTED, SIGNED_OFF, NEXT_BUILD = "submitted, not yet signed off", "signed off", "returns submitted: in the next build"


def current_store() -> ReturnsStore | None:
    import flask
    return flask.current_app.extensions.get("mi_returns") if flask.has_app_context() else None


def overlay(db, frame: pd.DataFrame, month) -> pd.DataFrame:
    """Both: returns folded in, then the SPC icons under recalculation points (the request's store)."""
    store = current_store()
    if store is None or frame is None or not store.exists():
        return frame
    try:
        return with_recalculations(db, store, with_returns(db, store, frame), month)
    except (sa.exc.SQLAlchemyError, OSError) as exc:     # the store unreachable: the build's figures, said in the log
        log.error("returns store unavailable, scorecard shows the build only: %s", exc)
        return frame


def with_returns(db, store: ReturnsStore, frame: pd.DataFrame) -> pd.DataFrame:
    if frame is None or frame.empty:
        return frame
    frame = frame.copy()
    frame["return_status"] = ""
    keys = sorted({month_key(pd.Timestamp(p).date()) for p in frame["period_start"] if pd.notna(p)})
    current = {(r["indicator_code"], r["org_code"], r["period"]): r
               for r in store.latest(returns_table, period=keys, state="submitted")}
    if not current:
        return frame
    signed = {(r["indicator_code"], r["org_code"], r["period"]): r["return_id"]
              for r in store.latest(reviews_table, period=keys) if r["decision"] == "signed_off"}
    for period_start, rows in frame.groupby("period_start"):
        key = month_key(pd.Timestamp(period_start).date())
        if not any(k[2] == key for k in current):
            continue
        units = db.query("returns_measures", orgs=sorted(set(rows["org_code"])), period=pd.Timestamp(period_start).date())
        for index, row in rows.iterrows():
            own = units[(units["shown_org"] == row["org_code"]) & (units["indicator_code"] == row["indicator_code"])]
            if own.empty:
                continue
            returned = [current.get((row["indicator_code"], o, key)) for o in own["org_code"]]
            if not any(returned):
                continue
            first = own.iloc[0]
            values = []
            all_signed = True
            for (_, m), ret in zip(own.iterrows(), returned):
                if ret is not None:
                    values.append((ret["numerator"], ret["denominator"], ret["value"]))
                    all_signed &= signed.get((row["indicator_code"], m["org_code"], key)) == ret["id"]
                else:
                    if pd.notna(m["value"]):
                        values.append((m["numerator"], m["denominator"], m["value"]))
                    all_signed &= m["status"] == "validated"
            if first["basis"] not in RAG_BASES:
                frame.at[index, "return_status"] = NEXT_BUILD
                continue
            combined = _combine(first["aggregation"], values)
            if combined is None:
                continue
            shown = combined * float(first["scale"])
            target = row["target"] if pd.notna(row["target"]) else None
            frame.at[index, "value"] = shown
            frame.at[index, "rag"] = rag(shown, target, first["polarity"], float(first["tolerance"]),
                                         first["tolerance_kind"])
            frame.at[index, "units_reporting"] = len(values)
            frame.at[index, "return_status"] = SIGNED_OFF if all_signed else SUBMITTED
            if all_signed:
                frame.at[index, "provisional_rows"] = 0
    return frame


def _combine(aggregation: str, values: list[tuple]) -> float | None:
    if not values:
        return None
    if aggregation == "ratio":
        num = sum(float(v[0]) for v in values if v[0] is not None and pd.notna(v[0]))
        den = sum(float(v[1]) for v in values if v[1] is not None and pd.notna(v[1]))
        return num / den if den else None
    plain = [float(v[2]) for v in values if v[2] is not None and pd.notna(v[2])]
    if not plain:
        return None
    if aggregation == "max":
        return max(plain)
    if aggregation == "none":
        return plain[0] if len(plain) == 1 else None
    return sum(plain)                                   # sum, latest (stocks summed over units)


@dataclass(frozen=True)
class RecalcPoint:
    """A saved SPC recalculation point: the process changed at ``period`` (YYYY-MM), said by whom, when and why."""
    indicator_code: str
    period: str
    reason: str
    username: str
    at: dt.datetime

    @property
    def text(self) -> str:
        """"Limits recalculated from April 2024: new contract — saved by ana on 5 Dec 2026"."""
        month = dt.date(int(self.period[:4]), int(self.period[5:7]), 1)
        return (f"Limits recalculated from {month:%B %Y}: {self.reason} — saved by {self.username} "
                f"on {self.at:%-d %b %Y}")

    def as_dict(self) -> dict:
        return {"indicator_code": self.indicator_code, "period": self.period, "reason": self.reason,
                "username": self.username, "at": self.at.isoformat(timespec="seconds"), "text": self.text}


def saved_points(store: ReturnsStore | None = None) -> dict[str, list[RecalcPoint]]:
    """The recalculation points in force, per indicator in period order: the one source every judgement of a
    series reads (scorecard icons, the indicator page, exceptions, packs).  Looking back (``?as_at=``, a pack
    remade as at its day) only the points saved by the end of that day count.  No store: none."""
    from dashboard import asat

    store = store if store is not None else current_store()
    if store is None or not store.exists():
        return {}
    looking = asat.current()
    saved_by = dt.datetime.combine(looking.day, dt.time.max) if looking is not None else None
    try:
        found = store.recalculations_in_force(saved_by)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        log.error("returns store unavailable, SPC judged under the build's limits: %s", exc)
        return {}
    return {code: [RecalcPoint(code, r["period"], r["reason"], r["username"], r["at"]) for r in rows]
            for code, rows in found.items()}


def points_within(points: list[RecalcPoint], periods) -> list[RecalcPoint]:
    """The points that start a new stretch of a series of ``periods`` (YYYY-MM keys or dates): in it, after its
    first period (the limits then run from the latest one on or before the period judged)."""
    keys = [p if isinstance(p, str) else month_key(pd.Timestamp(p).date()) for p in periods]
    inside = set(keys[1:])
    return [p for p in points if p.period in inside]


def with_recalculations(db, store: ReturnsStore | None, frame: pd.DataFrame, month) -> pd.DataFrame:
    """SPC icons re-judged under the analysts' recalculation points (the build's limits otherwise).
    ``frame`` has indicator_code, org_code, period_start, variation (a row with "none" is not judged), target
    (as shown), and scale and polarity when known."""
    from dashboard.metrics.spc import analyse

    if frame is None or frame.empty:
        return frame
    points = saved_points(store)
    wanted = frame[frame["indicator_code"].isin(points)]
    if wanted.empty:
        return frame
    frame = frame.copy()
    for org, rows in wanted.groupby("org_code"):
        series = db.query("returns_spc_series", org=org, month=month)
        for index, row in rows.iterrows():
            s = series[series["indicator_code"] == row["indicator_code"]]
            if s.empty or row["variation"] == "none":
                continue
            values = pd.Series(s["period_value"].astype(float).to_numpy(),
                               index=[month_key(pd.Timestamp(p).date()) for p in s["period_start"]])
            values = values[values.index <= month_key(pd.Timestamp(row["period_start"]).date())]
            recalc = [p.period for p in points_within(points[row["indicator_code"]], values.index)]
            polarity = row.get("polarity", "neither") if "polarity" in row else "neither"
            scale = float(row["scale"]) if "scale" in row and pd.notna(row["scale"]) else 1.0
            target = float(row["target"]) / scale if pd.notna(row["target"]) else None
            try:
                result = analyse(values, improvement=polarity if polarity in ("up", "down") else "neither",
                                 target=target, recalc_at_periods=recalc)
            except ValueError:
                continue
            frame.at[index, "variation"] = result.variation
            frame.at[index, "assurance"] = result.assurance
            if "point_type" in frame.columns and values.index[-1] == month_key(pd.Timestamp(row["period_start"]).date()):
                frame.at[index, "point_type"] = str(result.points["point_type"].iloc[-1])   # the period's own point
    return frame
