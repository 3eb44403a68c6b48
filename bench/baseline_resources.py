"""The pandas baseline for finance, workforce, customers, risks and value for
money: the raw tables (ledger, HR, feedback records, survey, register and
reviews) loaded into pandas at start-up, with only categorical codes and the
unit × level ancestor map of bench/baseline.py as helpers, and every page
answered by filtering the raw rows to the units below and grouping them.
Nothing precomputed that is an answer (no *_rollup, no risk_status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from bench.baseline import Baseline, _month_int, _months
from dashboard.pagedata.spc_series import spc_analysis


def _coded(frame: pd.DataFrame, org_ix: dict[str, int], *date_columns: str) -> pd.DataFrame:
    out = frame.copy()
    out["org"] = out["org_code"].map(org_ix).astype(np.int32)
    for c in date_columns:
        out[c] = pd.to_datetime(out[c])
    return out


def _day0(calendar: pd.DataFrame) -> pd.Series:
    """A day's own working-day index if it is a working day, else the next working day's."""
    index = calendar["working_day_index"] + (~calendar["is_working_day"]).astype(int)
    return pd.Series(index.to_numpy(), index=pd.to_datetime(calendar["day"]))


@dataclass
class ResourcesBaseline:
    base: Baseline
    finance: pd.DataFrame
    income: set
    workforce: pd.DataFrame
    schools: np.ndarray            # org idx → is a schools team
    feedback: pd.DataFrame
    survey: pd.DataFrame
    risk: pd.DataFrame
    review: pd.DataFrame
    appetite: pd.DataFrame
    cases: pd.DataFrame
    pairs: pd.DataFrame
    day0: pd.Series                # day → working-day index of its day 0 (the next working day if not one)

    @classmethod
    def load(cls, path, base: Baseline) -> "ResourcesBaseline":
        org_ix = {c: i for i, c in enumerate(base.org_codes)}
        con = duckdb.connect(":memory:")
        con.execute("ATTACH $p AS mi (READ_ONLY)", {"p": str(path)})
        con.execute("USE mi")
        finance = _coded(con.execute("SELECT * FROM finance").df(), org_ix)
        finance["m"] = _months(finance["month"]).astype(np.int16)
        workforce = _coded(con.execute("SELECT * FROM workforce").df(), org_ix)
        workforce["m"] = _months(workforce["month"]).astype(np.int16)
        feedback = _coded(con.execute("SELECT id, type, stage, theme_code, org_code, received_on, due_on, responded_on, "
                                      "outcome FROM feedback").df(), org_ix, "received_on", "due_on", "responded_on")
        income = set(con.execute("SELECT code FROM finance_category WHERE is_income").df()["code"])
        out = cls(base, finance, income, workforce, base.org_unit["is_schools"].to_numpy(bool), feedback,
                  con.execute("SELECT * FROM survey_result").df(),
                  _coded(con.execute("SELECT * FROM risk").df(), org_ix, "identified_on", "closed_on"),
                  con.execute("SELECT * FROM risk_review").df().assign(reviewed_on=lambda d: pd.to_datetime(d["reviewed_on"])),
                  con.execute("SELECT * FROM risk_appetite").df().set_index("category"),
                  _coded(con.execute("SELECT * FROM casework_case").df(), org_ix, "referral_date", "allocated_date",
                         "assessment_due", "assessment_completed", "conference_due", "conference_date", "closed_date"),
                  con.execute("SELECT * FROM outcome_pair").df(),
                  _day0(con.execute("SELECT day, is_working_day, working_day_index FROM calendar ORDER BY day").df()))
        con.close()
        return out

    # -- helpers -------------------------------------------------------------
    def _child_of(self, org: str, rows: pd.DataFrame) -> np.ndarray:
        """For each row, the index of the unit directly below ``org`` it belongs to (−1 if none)."""
        o = self.base.org_codes.index(org)
        level = int(self.base.level_of[o])
        orgs = rows["org"].to_numpy()
        below = self.base.ancestor[orgs, level] == o
        if level + 1 >= self.base.ancestor.shape[1]:
            return np.where(below, o, -1)
        return np.where(below, self.base.ancestor[orgs, level + 1], -1)

    def _under(self, org: str, rows: pd.DataFrame) -> np.ndarray:
        o = self.base.org_codes.index(org)
        return self.base.ancestor[rows["org"].to_numpy(), int(self.base.level_of[o])] == o

    # -- pages -----------------------------------------------------------------
    def finance_page(self, org: str, month: dt.date) -> dict:
        m = _month_int(month)
        fy = m - ((m % 12) - 3) % 12
        f = self.finance[(self.finance["m"] >= fy) & (self.finance["m"] <= m)]
        f = f[self._under(org, f)]
        now = f[f["m"] == m]
        categories = now.groupby("category")[["current_budget", "forecast_outturn"]].sum()
        ytd = f.groupby("category")[["profiled_budget", "actual"]].sum()
        child = self._child_of(org, now)
        units = now.assign(child=child).groupby("child")[["current_budget", "forecast_outturn"]].sum()
        units["variance"] = units["forecast_outturn"] - units["current_budget"]
        year = f.groupby("m")[["current_budget", "forecast_outturn"]].sum()
        return {"categories": categories.join(ytd), "units": units, "year": year}

    def workforce_page(self, org: str, month: dt.date, staff: str = "excluding_schools") -> dict:
        m = _month_int(month)
        w = self.workforce[(self.workforce["m"] > m - 12) & (self.workforce["m"] <= m)]
        w = w[self._under(org, w)]
        if staff == "excluding_schools":
            w = w[~self.schools[w["org"].to_numpy()]]
        w = w.assign(child=self._child_of(org, w), days=w["sickness_short_days"] + w["sickness_long_days"])
        per = w.groupby(["child", "m"])[["fte", "establishment_fte", "headcount", "days", "leavers"]].sum()
        g = per.groupby(level="child")
        units = pd.DataFrame({"days_12m": g["days"].sum(), "fte_avg_12m": g["fte"].mean(),
                              "leavers_12m": g["leavers"].sum(), "headcount_avg_12m": g["headcount"].mean()})
        units["sickness_days_per_fte_12m"] = units["days_12m"] / units["fte_avg_12m"]
        history = self.workforce[self._under(org, self.workforce) & (self.workforce["m"] <= m)]
        if staff == "excluding_schools":
            history = history[~self.schools[history["org"].to_numpy()]]
        series = history.groupby("m")[["fte", "sickness_short_days", "sickness_long_days"]].sum()
        per_fte = (series["sickness_short_days"] + series["sickness_long_days"]) / series["fte"]
        spc = spc_analysis({"frequency": "monthly", "basis": "in_month", "polarity": "down", "seasonal": True},
                           pd.DataFrame({"period_start": pd.to_datetime(per_fte.index.to_numpy().astype("datetime64[M]")),
                                         "period_value": per_fte.to_numpy(), "target": np.nan}),
                           recalc=None, baseline=None)
        return {"units": units, "series": per_fte, "spc": spc}

    def customers_page(self, org: str, month: dt.date) -> dict:
        end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
        start = pd.Timestamp(month) - pd.DateOffset(months=11)
        fb = self.feedback[self._under(org, self.feedback)]
        received = fb[(fb["received_on"] >= start) & (fb["received_on"] <= end)]
        answered = fb[(fb["responded_on"] >= start) & (fb["responded_on"] <= end)]
        complaints = received[received["type"] == "complaint"]
        units = complaints.assign(child=self._child_of(org, complaints)).groupby("child").size()
        s = self.survey
        s = s[pd.to_datetime(s["quarter_start"]) + pd.DateOffset(months=2) <= pd.Timestamp(month)]
        latest = s[s["quarter_start"] == s["quarter_start"].max()]
        county = latest.groupby("theme_code")[["satisfied", "respondents"]].sum()
        themes = received[received["type"].isin(["complaint", "compliment"])].groupby(["type", "theme_code"]).size()
        recent = fb[(fb["received_on"] > end - pd.DateOffset(months=24)) & (fb["received_on"] <= end)]
        months = recent.groupby([recent["received_on"].dt.to_period("M"), "type"]).size()
        pairs = {p.code: self._pair(p, month) for p in self.pairs.itertuples()}
        return {"types": received.groupby(["type", "stage"], dropna=False).size(), "themes": themes,
                "months": months, "pairs": pairs,
                "on_time": (answered["responded_on"] <= answered["due_on"]).groupby(answered["type"]).mean(),
                "complaints_by_unit": units, "survey": county["satisfied"] / county["respondents"]}

    def _pair(self, pair, month: dt.date) -> tuple[pd.DataFrame, pd.Series]:
        """The output indicator's council-wide values over 3 years and the outcome beside it."""
        base = self.base
        m = _month_int(month)
        council = base.org_codes[int(np.where(base.level_of == 0)[0][0])]
        roll = base.rollup(council, [0], m - 36 - 12, m, ind=base.ind_codes.index(pair.output_indicator_code))
        output = roll[(roll["month"] > m - 36) & (roll["last_month"] <= m)]
        if pair.outcome_kind == "survey":
            s = self.survey[self.survey["theme_code"] == pair.outcome_code]
            s = s[pd.to_datetime(s["quarter_start"]) + pd.DateOffset(months=2) <= pd.Timestamp(month)]
            by = s.groupby("quarter_start")[["satisfied", "respondents"]].sum()
            outcome = by["satisfied"] / by["respondents"] * 100
        else:
            fb = self.feedback[self._under(pair.outcome_org_code, self.feedback)]
            fb = fb[fb["type"].isin(["complaint", "compliment"]) & (fb["received_on"] <= pd.Timestamp(month) + pd.offsets.MonthEnd(0))]
            by = fb.groupby(fb["received_on"].dt.to_period("M"))["type"].agg(lambda t: (t == "compliment").mean() * 100)
            outcome = by
        return output, outcome

    def risks_page(self, org: str, month: dt.date) -> pd.DataFrame:
        end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
        r = self.risk[self._under(org, self.risk)]
        r = r[(r["identified_on"] <= end) & (r["closed_on"].isna() | (r["closed_on"] > end))]
        reviews = self.review[self.review["reviewed_on"] <= end].sort_values("reviewed_on")
        latest = reviews.groupby("risk_code").tail(1).set_index("risk_code")
        out = r.drop(columns=["next_review_due"]).set_index("code").join(
            latest[["likelihood", "impact", "score", "next_review_due"]], how="inner")
        a = self.appetite.loc[out["category"]]
        out["rag"] = np.where(out["score"].to_numpy() <= a["appetite_score"].to_numpy(), "green",
                              np.where(out["score"].to_numpy() <= a["tolerance_score"].to_numpy(), "amber", "red"))
        out["review_overdue"] = pd.to_datetime(out["next_review_due"]) < end
        return out

    def vfm_output(self, org: str) -> str | None:
        """The output the page opens with: an indicator of the unit's directorate counting work done,
        reported by most (at least two) of the units directly below."""
        base = self.base
        o = base.org_codes.index(org)
        if base.level_of[o] == 0:
            return None
        directorate = base.org_codes[base.ancestor[o, 1]]
        ind = base.indicator
        ok = ind[(ind["aggregation"] == "sum") & (ind["basis"] == "in_month") & (ind["unit"] == "count")
                 & (ind["polarity"] != "down") & (ind["directorate_code"] == directorate)]["code"]
        iu = base.indicator_unit[base.indicator_unit["indicator_code"].isin(set(ok))]
        if iu.empty:
            return None
        iu = iu.assign(org=iu["org_code"].map({c: i for i, c in enumerate(base.org_codes)}).astype(np.int64))
        iu = iu.assign(child=self._child_of(org, iu))
        counts = iu[iu["child"] >= 0].groupby("indicator_code")["child"].nunique()
        counts = counts[counts >= 2]
        if counts.empty:
            return None
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def vfm_page(self, org: str, month: dt.date) -> pd.DataFrame:
        output = self.vfm_output(org)
        if output is None:
            return pd.DataFrame()
        m = _month_int(month)
        f = self.finance[(self.finance["m"] > m - 12) & (self.finance["m"] <= m) & ~self.finance["category"].isin(self.income)]
        f = f[self._under(org, f)]
        spend = f.assign(child=self._child_of(org, f)).groupby("child")["actual"].sum()
        rows = self.base._rows(m - 11, m, self.base.ind_codes.index(output))
        rows = rows.assign(org=rows["org"].to_numpy())
        rows = rows[self._under(org, rows)]
        done = rows.assign(child=self._child_of(org, rows)).groupby("child")["value"].sum()
        out = pd.DataFrame({"gross_spend_12m": spend, "output_12m": done}).dropna()
        out = out[out["output_12m"] > 0]
        out["unit_cost"] = out["gross_spend_12m"] / out["output_12m"]
        codes = [self.base.org_codes[i] for i in out.index]
        card = self.base.scorecard(codes, month, False)
        out["green_pct"] = (card.assign(g=card["rag"] == "green", r=card["rag"].isin(["red", "amber", "green"]))
                            .groupby("org_code")[["g", "r"]].sum().pipe(lambda d: d["g"] / d["r"] * 100)
                            .reindex(codes).to_numpy())
        return out

    def casework_page(self, org: str, day: dt.date, n: int = 5) -> dict:
        """Unallocated cases by team and category with their waits, what is due or overdue within ``n``
        working days, and each team's open cases, unallocated count and assessment timeliness."""
        d = pd.Timestamp(day)
        c = self.cases[self._under(org, self.cases)]
        open_ = c[(c["referral_date"] <= d) & (c["closed_date"].isna() | (c["closed_date"] > d))]
        waiting = open_[open_["allocated_date"].isna() | (open_["allocated_date"] > d)]
        today = self.day0[d]
        waits = today - self.day0.reindex(waiting["referral_date"]).to_numpy()
        by_team = waiting.assign(wait=waits).groupby(["org_code", "category"])["wait"].agg(["size", "max"])
        pending = open_[open_["assessment_completed"].isna() | (open_["assessment_completed"] > d)]
        to_due = self.day0.reindex(pending["assessment_due"]).to_numpy() - today
        due = pending[to_due <= n]
        start = d - pd.DateOffset(months=3)
        done = c[(c["assessment_completed"] > start) & (c["assessment_completed"] <= d)]
        teams = pd.DataFrame({"open_cases": open_.groupby("org_code").size(),
                              "unallocated": waiting.groupby("org_code").size(),
                              "completed": done.groupby("org_code").size(),
                              "on_time": done[done["assessment_completed"] <= done["assessment_due"]].groupby("org_code").size()
                              }).fillna(0)
        teams["timeliness_pct"] = teams["on_time"] / teams["completed"].where(teams["completed"] > 0) * 100
        days = pd.date_range(d - pd.Timedelta(days=181), d)
        started = np.searchsorted(np.sort(c["referral_date"].to_numpy()), days.to_numpy(), side="right")
        ended_at = c[["allocated_date", "closed_date"]].min(axis=1).dropna().sort_values().to_numpy()
        daily = started - np.searchsorted(ended_at, days.to_numpy(), side="right")
        return {"by_team": by_team, "due": due, "teams": teams, "daily": pd.Series(daily, index=days)}
