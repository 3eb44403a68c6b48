"""An independent computation of what the dashboard should show, written from
the raw reported rows with plain pandas and the rules as the issue states them
— deliberately sharing no code with data/build/derived/rollup.sql or the queries."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

SCALE_COLUMNS = ["code", "scale", "polarity", "aggregation", "basis", "frequency", "lag_periods",
                 "tolerance", "tolerance_kind", "on_corporate_scorecard"]


def load(con) -> dict[str, pd.DataFrame]:
    tables = {t: con.execute(f"SELECT * FROM {t}").df() for t in
              ("measure", "indicator", "org_unit", "target", "indicator_unit")}
    for t in ("measure", "target"):
        tables[t]["period_start"] = pd.to_datetime(tables[t]["period_start"])
    return tables


def ancestors(org_unit: pd.DataFrame) -> dict[str, list[str]]:
    """Each unit's chain up to the council, itself first, walked from parent_code."""
    parent = dict(zip(org_unit["code"], org_unit["parent_code"]))
    chains = {}
    for code in parent:
        chain, here = [], code
        while isinstance(here, str):
            chain.append(here)
            here = parent[here]
        chains[code] = chain
    return chains


def financial_year(d: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(d.year if d.month >= 4 else d.year - 1, 4, 1)


def rollup(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """display_value (over the basis window), period_value (the period alone) and
    units_reporting for every (indicator, org, period) with a reported row."""
    ind = t["indicator"].set_index("code")
    chains = ancestors(t["org_unit"])
    m = t["measure"].copy()
    m["org"] = [chains[o] if ind.at[i, "aggregation"] != "none" else [o]
                for i, o in zip(m["indicator_code"], m["org_code"])]
    m = m.explode("org")
    per = (m.groupby(["indicator_code", "org", "period_start"])
             .agg(num=("numerator", "sum"), den=("denominator", "sum"), total=("value", "sum"),
                  peak=("value", "max"), units=("org_code", "nunique"))
             .reset_index())
    out = []
    for (code, org), g in per.groupby(["indicator_code", "org"]):
        info = ind.loc[code]
        g = g.sort_values("period_start").reset_index(drop=True)
        for _, row in g.iterrows():
            p = row["period_start"]
            if info["aggregation"] in ("latest", "none") or info["basis"] in ("in_month", "snapshot"):
                window = g[g["period_start"] == p]
            elif info["basis"] == "year_to_date":
                window = g[(g["period_start"] >= financial_year(p)) & (g["period_start"] <= p)]
            else:  # rolling 12 months
                window = g[(g["period_start"] > p - pd.DateOffset(months=12)) & (g["period_start"] <= p)]
            agg = info["aggregation"]
            if agg == "ratio":
                value = window["num"].sum() / window["den"].sum()
            elif agg == "sum":
                value = window["total"].sum()
            elif agg == "max":
                value = window["peak"].max()
            else:
                value = row["total"]
            alone = row["num"] / row["den"] if agg == "ratio" else row["peak"] if agg == "max" else row["total"]
            out.append((code, org, p, value * info["scale"], alone * info["scale"], int(row["units"])))
    return pd.DataFrame(out, columns=["indicator_code", "org_code", "period_start", "display_value", "period_value",
                                      "units_reporting"])


def targets(t: dict[str, pd.DataFrame], roll: pd.DataFrame) -> pd.Series:
    """The target that applies to each rollup row: own, else nearest ancestor's for rates."""
    ind = t["indicator"].set_index("code")
    chains = ancestors(t["org_unit"])
    tgt = t["target"].set_index(["indicator_code", "org_code", "period_start"])["target"].to_dict()
    values = []
    for code, org, p in zip(roll["indicator_code"], roll["org_code"], roll["period_start"]):
        candidates = chains[org] if ind.at[code, "aggregation"] in ("ratio", "max") else [org]
        values.append(next((tgt[(code, o, p)] for o in candidates if (code, o, p) in tgt), np.nan))
    return pd.Series(values, index=roll.index)


def rag(value, target, polarity, tolerance, kind) -> str:
    if value is None or pd.isna(value):
        return "no_data"
    if target is None or pd.isna(target) or polarity == "neither":
        return "no_target"
    worse_by = (target - value) if polarity == "up" else (value - target)
    allowed = tolerance * abs(target) if kind == "relative" else tolerance
    if worse_by <= 1e-9:
        return "green"
    if worse_by <= allowed + 1e-9:
        return "amber"
    return "red"


def direction(value, earlier, polarity) -> str:
    if pd.isna(value) or earlier is None or pd.isna(earlier) or polarity == "neither":
        return "n/a"
    if abs(value - earlier) < 1e-9:
        return "same"
    return "improving" if (value > earlier) == (polarity == "up") else "worsening"


def due_period(month: dt.date, frequency: str, lag: int) -> pd.Timestamp:
    """The latest period that should have been reported by the end of ``month``."""
    m = pd.Timestamp(month)
    if frequency == "monthly":
        return m - pd.DateOffset(months=lag)
    if frequency == "quarterly":
        # quarters end in March, June, September and December
        end = m if m.month % 3 == 0 else m - pd.DateOffset(months=m.month % 3)
        return end - pd.DateOffset(months=2 + 3 * lag)
    end_year = m.year if m.month >= 3 else m.year - 1      # the last March on or before m
    return pd.Timestamp(end_year - 1 - lag, 4, 1)


def scorecard(t: dict[str, pd.DataFrame], roll: pd.DataFrame, org: str, month: dt.date,
              corporate_only: bool) -> pd.DataFrame:
    """What the scorecard for ``org`` and ``month`` should say, one row per indicator."""
    ind = t["indicator"].set_index("code")
    chains = ancestors(t["org_unit"])
    below = {code for code, chain in chains.items() if org in chain}
    codes = sorted(set(t["indicator_unit"].loc[t["indicator_unit"]["org_code"].isin(below), "indicator_code"]))
    if corporate_only:
        codes = [c for c in codes if ind.at[c, "on_corporate_scorecard"]]
    roll = roll.assign(target=targets(t, roll))
    mine = roll[roll["org_code"] == org].set_index(["indicator_code", "period_start"])
    step = {"monthly": 1, "quarterly": 3, "annual": 12}
    rows = []
    for code in codes:
        info = ind.loc[code]
        due = due_period(month, info["frequency"], int(info["lag_periods"]))
        candidates = [p for (c, p) in mine.index if c == code
                      and p + pd.DateOffset(months=step[info["frequency"]] - 1) <= pd.Timestamp(month)]
        latest = max(candidates) if candidates else None
        if latest is None or latest < due:
            rows.append((code, due, np.nan, np.nan, "no_data", "n/a", "n/a"))
            continue
        r = mine.loc[(code, latest)]
        prev_key = (code, latest - pd.DateOffset(months=step[info["frequency"]]))
        year_key = (code, latest - pd.DateOffset(months=12))
        prev = mine.loc[prev_key, "display_value"] if prev_key in mine.index else None
        year = mine.loc[year_key, "display_value"] if year_key in mine.index else None
        rows.append((code, latest, r["display_value"], r["target"],
                     rag(r["display_value"], r["target"], info["polarity"], info["tolerance"], info["tolerance_kind"]),
                     direction(r["display_value"], prev, info["polarity"]),
                     direction(r["display_value"], year, info["polarity"])))
    return pd.DataFrame(rows, columns=["indicator_code", "period_start", "value", "target", "rag",
                                       "direction", "direction_year"])
