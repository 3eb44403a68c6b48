"""The reference the issue asks us to beat: "the usual pandas approach".

At start-up the raw tables (measure, indicator, org_unit, target,
indicator_unit, commentary) are loaded into pandas.  Allowed helpers only:
categorical codes, a unit × level ancestor map, a period-sorted measure frame
and per-indicator lookups of catalogue columns.  Nothing precomputed that is an
answer: no rollup, no RAG, no exception table.  Every interaction is answered by
filtering the reported rows, grouping them up the tree, widening the basis
window (year to date, rolling 12 months), then target, RAG and direction —
the same rules data/build/derived/rollup.sql and queries/*.sql apply.

Simplifications (stated in bench/README.md):
* exceptions: red and amber at every unit at or below the org for the period
  the scorecard shows.  SPC concern, missing and late returns are omitted.
* indicator page: trend, children at the shown period, SPC of the period's own
  values (computed with the dashboard's own SPC engine, which is not part of the
  data layer being compared) and latest commentary; not the returns table.
* ``measure.received_at`` is not loaded (only the returns table needs it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

LEVELS = ("council", "directorate", "service", "team")
STEP = {"monthly": 1, "quarterly": 3, "annual": 12}
LAST_MONTH = {"monthly": 0, "quarterly": 2, "annual": 11}
HISTORY_MONTHS = 61   # 36 months back for "latest", 12 more for a year ago, 12 more for its window


def _months(index: pd.Series | np.ndarray) -> np.ndarray:
    """Datetime64 → months since 1970 (int)."""
    values = np.asarray(index, dtype="datetime64[M]")
    return values.astype(np.int64)


def _month_int(d: dt.date) -> int:
    return (d.year - 1970) * 12 + d.month - 1


def _month_date(m: int) -> dt.date:
    return dt.date(1970 + m // 12, m % 12 + 1, 1)


def due_month(month: int, frequency: str, lag: int) -> int:
    """latest_due_period of data/build/schema/indicators.sql, on month integers."""
    if frequency == "monthly":
        return month - lag
    nxt = month + 1
    if frequency == "quarterly":
        return nxt - nxt % 3 - (3 + 3 * lag)     # month index 0 = January, quarters start 0, 3, 6, 9
    fy = nxt - ((nxt % 12) - 3) % 12            # financial year start (April = 3) containing nxt
    return fy - (12 + 12 * lag)


def rag(v: np.ndarray, t: np.ndarray, up: np.ndarray, neither: np.ndarray, tol: np.ndarray,
        relative: np.ndarray) -> np.ndarray:
    worse = np.round(np.where(up, t - v, v - t), 9)
    allowed = np.where(relative, tol * np.abs(t), tol)
    out = np.where(worse <= 0, "green", np.where(np.round(worse - allowed, 9) <= 0, "amber", "red")).astype(object)
    out[np.isnan(t) | neither] = "no_target"
    out[np.isnan(v)] = "no_data"
    return out


def direction(v: np.ndarray, earlier: np.ndarray, up: np.ndarray, neither: np.ndarray) -> np.ndarray:
    out = np.where((v > earlier) == up, "improving", "worsening").astype(object)
    out[np.round(v - earlier, 9) == 0] = "same"
    out[np.isnan(v) | np.isnan(earlier) | neither] = "n/a"
    return out


@dataclass
class Baseline:
    measure: pd.DataFrame          # sorted by period; categorical indicator/org codes as int arrays
    indicator: pd.DataFrame        # indexed by code
    org_unit: pd.DataFrame
    target: pd.Series              # (indicator idx, org idx, month) -> target
    indicator_unit: pd.DataFrame
    commentary: pd.DataFrame
    ind_codes: list[str]
    org_codes: list[str]
    ancestor: np.ndarray           # [org idx, level] -> ancestor org idx or -1
    level_of: np.ndarray           # [org idx] -> level index

    # -- loading -------------------------------------------------------------
    @classmethod
    def load(cls, path) -> "Baseline":
        con = duckdb.connect(":memory:")
        con.execute("ATTACH $p AS mi (READ_ONLY)", {"p": str(path)})
        con.execute("USE mi")
        indicator = con.execute("SELECT * FROM indicator ORDER BY code").df()
        org_unit = con.execute("SELECT * FROM org_unit ORDER BY code").df()
        ind_codes, org_codes = list(indicator["code"]), list(org_unit["code"])
        ind_ix = {c: i for i, c in enumerate(ind_codes)}
        org_ix = {c: i for i, c in enumerate(org_codes)}
        # measure: read in chunks and turn codes into small integer categories as we go
        cur = con.execute("SELECT indicator_code, org_code, period_start, numerator, denominator, value, "
                          "status = 'provisional' AS provisional FROM measure")
        parts = []
        while True:
            chunk = cur.fetch_df_chunk(50)
            if chunk is None or chunk.empty:
                break
            parts.append(pd.DataFrame({
                "ind": pd.Categorical(chunk["indicator_code"], categories=ind_codes).codes.astype(np.int16),
                "org": pd.Categorical(chunk["org_code"], categories=org_codes).codes.astype(np.int32),
                "month": _months(chunk["period_start"]).astype(np.int16),
                "num": chunk["numerator"].to_numpy(np.float64, na_value=np.nan),
                "den": chunk["denominator"].to_numpy(np.float64, na_value=np.nan),
                "value": chunk["value"].to_numpy(np.float64),
                "prov": chunk["provisional"].to_numpy(bool),
            }))
            del chunk
        measure = pd.concat(parts, ignore_index=True)
        del parts
        measure = measure.sort_values("month", kind="stable").reset_index(drop=True)
        target = con.execute("SELECT * FROM target").df()
        target_map = pd.Series(target["target"].to_numpy(np.float64), index=pd.MultiIndex.from_arrays([
            target["indicator_code"].map(ind_ix).to_numpy(np.int64), target["org_code"].map(org_ix).to_numpy(np.int64),
            _months(target["period_start"])])).sort_index()
        indicator_unit = con.execute("SELECT * FROM indicator_unit").df()
        commentary = con.execute("SELECT * FROM commentary").df()
        con.close()
        # ancestor map: the unit's ancestor at each level
        parent = dict(zip(org_unit["code"], org_unit["parent_code"]))
        level_of = np.array([LEVELS.index(x) for x in org_unit["level"]], dtype=np.int8)
        ancestor = np.full((len(org_codes), len(LEVELS)), -1, dtype=np.int32)
        for i, code in enumerate(org_codes):
            here = code
            while isinstance(here, str):
                ancestor[i, level_of[org_ix[here]]] = org_ix[here]
                here = parent[here]
        indicator = indicator.set_index("code", drop=False)
        return cls(measure, indicator, org_unit, target_map, indicator_unit, commentary, ind_codes, org_codes,
                   ancestor, level_of)

    # -- the rollup, on demand --------------------------------------------------
    def _rows(self, first_month: int, last_month: int, ind: int | None = None) -> pd.DataFrame:
        months = self.measure["month"].to_numpy()
        lo, hi = np.searchsorted(months, first_month, "left"), np.searchsorted(months, last_month, "right")
        rows = self.measure.iloc[lo:hi]
        if ind is not None:
            rows = rows[rows["ind"].to_numpy() == ind]
        return rows

    def rollup(self, org: str, levels: list[int], first_month: int, last_month: int,
               ind: int | None = None) -> pd.DataFrame:
        """Rollup rows (ind, unit, month, display_value, period_value, target, rag, …) for every unit at
        ``levels`` at or below ``org``, from the rows reported in the months given."""
        org_i = self.org_codes.index(org)
        rows = self._rows(first_month, last_month, ind)
        org_level = self.level_of[org_i]
        below = self.ancestor[rows["org"].to_numpy(), org_level] == org_i
        rows = rows[below]
        ind_info = self.indicator
        agg_none = (ind_info["aggregation"] == "none").to_numpy()
        frames = []
        for level in levels:
            unit = self.ancestor[rows["org"].to_numpy(), level]
            keep = unit >= 0
            # aggregation none: only the unit's own rows
            keep &= ~agg_none[rows["ind"].to_numpy()] | (unit == rows["org"].to_numpy())
            part = rows[keep]
            frames.append(pd.DataFrame({"ind": part["ind"].to_numpy(), "unit": unit[keep], "month": part["month"].to_numpy(),
                                        "num": part["num"].to_numpy(), "den": part["den"].to_numpy(),
                                        "value": part["value"].to_numpy(), "prov": part["prov"].to_numpy()}))
        both = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        per = (both.groupby(["ind", "unit", "month"], sort=True)
                   .agg(num=("num", "sum"),
                        num_n=("num", "count"), den=("den", "sum"), den_n=("den", "count"),
                        total=("value", "sum"), peak=("value", "max"), units=("value", "size"),
                        prov=("prov", "sum"))
                   .reset_index())
        per.loc[per["num_n"] == 0, "num"] = np.nan
        per.loc[per["den_n"] == 0, "den"] = np.nan
        return self._windows(per)

    def _windows(self, per: pd.DataFrame) -> pd.DataFrame:
        info = self.indicator.iloc[per["ind"].to_numpy()]
        agg = info["aggregation"].to_numpy()
        basis = info["basis"].to_numpy()
        single = np.isin(basis, ["in_month", "snapshot"]) | np.isin(agg, ["latest", "none"])
        ytd = (basis == "year_to_date") & ~single
        rolling = (basis == "rolling_12_months") & ~single
        month = per["month"].to_numpy().astype(np.int64)
        fy = month - ((month % 12) - 3) % 12
        num, den, total, peak = (per[c].to_numpy(np.float64) for c in ("num", "den", "total", "peak"))
        w_num, w_den, w_total, w_peak = num.copy(), den.copy(), total.copy(), peak.copy()
        if ytd.any():
            sub = per.loc[ytd, ["ind", "unit"]].assign(fy=fy[ytd], num=num[ytd], den=den[ytd], total=total[ytd],
                                                       peak=peak[ytd])
            g = sub.groupby(["ind", "unit", "fy"], sort=False)
            w_num[ytd] = g["num"].cumsum().to_numpy()
            w_den[ytd] = g["den"].cumsum().to_numpy()
            w_total[ytd] = g["total"].cumsum().to_numpy()
            w_peak[ytd] = g["peak"].cummax().to_numpy()
        if rolling.any():
            # RANGE 11 months preceding: per (indicator, unit), rows are sorted by month, so a window is a
            # contiguous slice [start, i]; sums come from cumulative sums, maxima from 12 shifted passes.
            r_ind = per["ind"].to_numpy()[rolling].astype(np.int64)
            r_unit = per["unit"].to_numpy()[rolling].astype(np.int64)
            r_month = month[rolling]
            key = (r_ind * 1_000_000 + r_unit) * 100_000 + r_month      # sorted, as ``per`` is
            idx = np.arange(len(key))
            first = np.searchsorted(key, key - 11, "left")
            for src, dst in ((num, w_num), (den, w_den), (total, w_total)):
                v = src[rolling]
                c = np.concatenate([[0.0], np.cumsum(np.nan_to_num(v))])
                cnt = np.concatenate([[0], np.cumsum(~np.isnan(v))])
                sums = c[idx + 1] - c[first]
                sums[(cnt[idx + 1] - cnt[first]) == 0] = np.nan
                dst[rolling] = sums
            v = peak[rolling]
            best = v.copy()
            for k in range(1, 12):
                ok = idx - k >= first
                cand = np.where(ok, v[np.maximum(idx - k, 0)], np.nan)
                best = np.fmax(best, cand)
            w_peak[rolling] = best
        scale = info["scale"].to_numpy(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            den_nz = np.where(w_den == 0, np.nan, w_den)
            pden_nz = np.where(den == 0, np.nan, den)
            value = np.select([agg == "ratio", agg == "sum", agg == "max"], [w_num / den_nz, w_total, w_peak], total)
            period_value = np.select([agg == "ratio", agg == "max"], [num / pden_nz, peak], total) * scale
        out = pd.DataFrame({"ind": per["ind"].to_numpy(), "unit": per["unit"].to_numpy(), "month": month,
                            "display_value": value * scale, "period_value": period_value,
                            "units_reporting": per["units"].to_numpy()})
        out = out[~np.isnan(value)].reset_index(drop=True)
        out["last_month"] = out["month"].to_numpy() + info["frequency"].map(LAST_MONTH).to_numpy()[~np.isnan(value)]
        return out

    def _judge(self, roll: pd.DataFrame) -> pd.DataFrame:
        """Target (own, else nearest ancestor's for rates), RAG and directions."""
        info = self.indicator.iloc[roll["ind"].to_numpy()]
        rates = info["aggregation"].isin(["ratio", "max"]).to_numpy()
        i, u, m = roll["ind"].to_numpy(), roll["unit"].to_numpy(), roll["month"].to_numpy()
        targets = np.array(self.target.reindex(pd.MultiIndex.from_arrays([i, u, m])), dtype=np.float64)
        for level in range(len(LEVELS) - 2, -1, -1):   # nearest ancestor first
            todo = np.isnan(targets) & rates & (self.level_of[u] > level)
            if todo.any():
                keys = pd.MultiIndex.from_arrays([i[todo], self.ancestor[u[todo], level], m[todo]])
                targets[todo] = self.target.reindex(keys).to_numpy(np.float64)
        roll = roll.assign(target=targets)
        up = (info["polarity"] == "up").to_numpy()
        neither = (info["polarity"] == "neither").to_numpy()
        roll["rag"] = rag(roll["display_value"].to_numpy(), targets, up, neither, info["tolerance"].to_numpy(np.float64),
                          (info["tolerance_kind"] == "relative").to_numpy())
        lookup = roll.set_index(["ind", "unit", "month"])["display_value"]
        step = info["frequency"].map(STEP).to_numpy()
        keys_prev = pd.MultiIndex.from_arrays([roll["ind"], roll["unit"], roll["month"] - step])
        keys_year = pd.MultiIndex.from_arrays([roll["ind"], roll["unit"], roll["month"] - 12])
        prev = lookup.reindex(keys_prev).to_numpy(np.float64)
        year = lookup.reindex(keys_year).to_numpy(np.float64)
        v = roll["display_value"].to_numpy()
        roll["previous_value"], roll["year_ago_value"] = prev, year
        roll["direction"] = direction(v, prev, up, neither)
        roll["direction_year"] = direction(v, year, up, neither)
        return roll

    def _shown(self, roll: pd.DataFrame, month: int) -> pd.DataFrame:
        """Per (indicator, unit): the latest period ended by ``month`` within 36 months."""
        cand = roll[(roll["last_month"] <= month) & (roll["month"] > month - 36)]
        return cand.sort_values("month").drop_duplicates(["ind", "unit"], keep="last")

    # -- interactions ---------------------------------------------------------
    def scorecard(self, orgs: list[str], month: dt.date, corporate_only: bool) -> pd.DataFrame:
        """One row per unit in ``orgs`` (all at one level) and indicator reported at or below it."""
        m = _month_int(month)
        first = self.org_codes.index(orgs[0])
        level = int(self.level_of[first])
        parent_level = level - 1 if len(orgs) > 1 or level > 0 else 0
        parent = self.ancestor[first, parent_level] if parent_level >= 0 else first
        top = self.org_codes[parent] if len(orgs) > 1 else orgs[0]
        roll = self.rollup(top, [level], m - HISTORY_MONTHS, m)
        roll = roll[np.isin(roll["unit"], [self.org_codes.index(o) for o in orgs])]
        shown = self._shown(self._judge(roll), m).set_index(["unit", "ind"])
        # which indicators each unit reports (itself or below)
        iu = self.indicator_unit
        iu_org = pd.Categorical(iu["org_code"], categories=self.org_codes).codes
        iu_ind = pd.Categorical(iu["indicator_code"], categories=self.ind_codes).codes
        rows = []
        for org in orgs:
            o = self.org_codes.index(org)
            inds = np.unique(iu_ind[self.ancestor[iu_org, level] == o])
            for i in inds:
                info = self.indicator.iloc[i]
                if corporate_only and not info["on_corporate_scorecard"]:
                    continue
                due = due_month(m, info["frequency"], int(info["lag_periods"]))
                r = shown.loc[(o, i)] if (o, i) in shown.index else None
                if r is None or r["month"] < due:
                    rows.append((org, self.ind_codes[i], _month_date(due), np.nan, np.nan, "no_data", "n/a", "n/a",
                                 0))
                else:
                    rows.append((org, self.ind_codes[i], _month_date(int(r["month"])), r["display_value"], r["target"],
                                 r["rag"], r["direction"], r["direction_year"], int(r["units_reporting"])))
        return pd.DataFrame(rows, columns=["org_code", "indicator_code", "period_start", "value", "target", "rag",
                                           "direction", "direction_year", "units_reporting"])

    def scorecard_page(self, org: str, month: dt.date, corporate_only: bool) -> dict:
        """The scorecard interaction: the unit's rows and the RAG counts of its children."""
        own = self.scorecard([org], month, corporate_only)
        o = self.org_codes.index(org)
        children = [c for c, p in zip(self.org_unit["code"], self.org_unit["parent_code"]) if p == org]
        out = {"own": own}
        if children:
            child_rows = self.scorecard(children, month, corporate_only)
            out["child_counts"] = child_rows.groupby(["org_code", "rag"]).size().unstack(fill_value=0)
        if self.level_of[o] <= 1:
            out["exceptions"] = self.exceptions(org, month)
        return out

    def exceptions(self, org: str, month: dt.date) -> pd.DataFrame:
        """Red and amber at every unit at or below ``org`` for the period the scorecard shows."""
        m = _month_int(month)
        o = self.org_codes.index(org)
        levels = list(range(int(self.level_of[o]), len(LEVELS)))
        roll = self.rollup(org, levels, m - 36, m)   # the shown period is at most 24 months back, plus its window
        shown = self._shown(roll, m)
        info = self.indicator.iloc[shown["ind"].to_numpy()]
        due = np.array([due_month(m, f, int(lag)) for f, lag in zip(info["frequency"], info["lag_periods"])])
        shown = shown[shown["month"].to_numpy() >= due]
        shown = self._judge(shown)
        out = shown[shown["rag"].isin(["red", "amber"])]
        return out.assign(indicator_code=[self.ind_codes[i] for i in out["ind"]],
                          org_code=[self.org_codes[u] for u in out["unit"]])

    def indicator_page(self, code: str, org: str, month: dt.date) -> dict:
        from dashboard.pagedata.spc_series import spc_analysis

        m = _month_int(month)
        i = self.ind_codes.index(code)
        o = self.org_codes.index(org)
        level = int(self.level_of[o])
        levels = [level] + ([level + 1] if level + 1 < len(LEVELS) else [])
        roll = self.rollup(org, levels, -10**6, m, ind=i)
        roll = self._judge(roll)
        trend = roll[(roll["unit"] == o) & (roll["last_month"] <= m)].sort_values("month")
        shown = self._shown(trend, m)
        period = int(shown["month"].iloc[0]) if len(shown) else due_month(m, self.indicator.iloc[i]["frequency"],
                                                                         int(self.indicator.iloc[i]["lag_periods"]))
        children = roll[(roll["unit"] != o) & (roll["month"] == period)]
        ind = self.indicator.iloc[i]
        spc_trend = pd.DataFrame({"period_start": pd.to_datetime(trend["month"].to_numpy().astype("datetime64[M]")),
                                  "period_value": trend["period_value"].to_numpy(),
                                  "target": trend["target"].to_numpy()})
        spc = spc_analysis(ind, spc_trend, recalc=None, baseline=None) if ind["spc_applies"] else None
        c = self.commentary
        comments = c[(c["indicator_code"] == code) & (c["org_code"] == org)
                     & (c["period_start"] <= pd.Timestamp(month))].sort_values(["period_start", "written_at"],
                                                                                ascending=False).head(12)
        return {"trend": trend, "children": children, "spc": spc, "commentary": comments}


def rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
