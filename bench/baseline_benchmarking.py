"""The pandas baseline for /benchmarking: the imported published tables
(values, loads, measures, the register, the statistical neighbours and the
indicator pairings' polarity) loaded into pandas at start-up, and each page
answered by filtering them — the newest release of the publication by how far
its figures reach, the comparator group, the breakdown, rank, quartile,
median and trend — and by the funnel: the counts behind the proportion found
with the same pairing rules and maths (dashboard.metrics.funnel is plain
pandas, as the indicator baseline uses the dashboard's own SPC engine).
Nothing precomputed that is an answer."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboard.metrics.funnel import NOT_PROPORTION, candidates, funnel, reproduces, sums


def _breakdown(b: pd.Series) -> str | None:
    """The whole area, else the one total, else the only breakdown (queries/benchmarking.sql's rule)."""
    if (b == "").any():
        return ""
    low = b.str.lower()
    totals = b[low.str.contains(": total", regex=False) | low.str.contains(": all ", regex=False)].unique()
    if len(totals) == 1:
        return totals[0]
    distinct = b.unique()
    return distinct[0] if len(distinct) == 1 else None


@dataclass
class PublishedBaseline:
    values: pd.DataFrame       # published_value with each file's dataset, reach and load time
    measures: pd.DataFrame     # published_measure with the same
    authority: pd.DataFrame
    neighbours: pd.DataFrame
    polarity: dict             # measure -> polarity from the indicator pairings

    @classmethod
    def load(cls, path) -> "PublishedBaseline":
        con = duckdb.connect(":memory:")
        con.execute("ATTACH $p AS mi (READ_ONLY)", {"p": str(path)})
        con.execute("USE mi")
        loads = con.execute("SELECT source_file, dataset, loaded_at FROM published_load").df()
        values = con.execute("""SELECT source_file, measure_code, breakdown, area_code, area_name, period_label,
                                       period_start, period_end, value, status FROM published_value""").df()
        loads["reaches"] = loads["source_file"].map(values.groupby("source_file")["period_end"].max())
        values = values.merge(loads, on="source_file")
        for c in ("source_file", "measure_code", "breakdown", "area_code", "area_name", "period_label", "status",
                  "dataset"):
            values[c] = values[c].astype("category")
        measures = con.execute("SELECT * FROM published_measure").df().merge(loads, on="source_file")
        out = cls(values, measures,
                  con.execute("SELECT code, area_code, name, authority_type, parent_county_code, end_date "
                              "FROM authority").df(),
                  con.execute("SELECT area_code, neighbour_area_code, is_current FROM statistical_neighbour").df(),
                  dict(con.execute("SELECT measure_code, any_value(polarity) FROM indicator_published "
                                   "GROUP BY ALL").fetchall()))
        con.close()
        return out

    # -- the pieces -------------------------------------------------------------------------------------
    def measure(self, code: str) -> pd.Series:
        rows = self.measures[self.measures["measure_code"] == code]
        m = rows.sort_values(["reaches", "loaded_at", "source_file"], ascending=False).iloc[0].copy()
        if not isinstance(m["polarity"], str):
            m["polarity"] = self.polarity.get(code)
        return m

    def group(self, area: str, group: str) -> list[str]:
        a = self.authority
        home = a[a["area_code"] == area]
        current = a["area_code"].notna() & a["end_date"].isna()
        if group == "neighbours":
            n = self.neighbours
            codes = n.loc[n["is_current"] & (n["area_code"] == area), "neighbour_area_code"].dropna().tolist() + [area]
        elif group == "type":
            codes = a.loc[current & a["authority_type"].isin(home["authority_type"]), "area_code"].tolist() + [area]
        else:
            codes = a.loc[current & a["parent_county_code"].isin(home["code"]), "area_code"].tolist()
        return sorted(set(codes))

    def series(self, dataset: str, measures: list[str], areas: list[str]) -> pd.DataFrame:
        """The current values (the newest release's where releases overlap), each measure on its breakdown."""
        v = self.values
        v = v[(v["dataset"] == dataset) & v["measure_code"].isin(measures)]
        v = v.sort_values(["reaches", "loaded_at", "source_file"], ascending=False).drop_duplicates(
            ["measure_code", "breakdown", "area_code", "period_start", "period_end"])
        chosen = {code: _breakdown(rows["breakdown"].astype(str)) for code, rows in
                  v.groupby("measure_code", observed=True)}
        keep = v["breakdown"].astype(str).to_numpy() == v["measure_code"].astype(str).map(chosen).to_numpy()
        v = v[keep & v["area_code"].isin(areas)]
        return v.astype({c: str for c in ("measure_code", "area_code", "area_name", "period_label", "status")})

    # -- the page ----------------------------------------------------------------------------------------
    def page(self, measure: str, area: str, group: str | None, period: str | None) -> dict:
        m = self.measure(measure)
        group = group or ("neighbours" if m["publisher"].startswith("Department for Education") else "type")
        areas = self.group(area, group)
        series = self.series(m["dataset"], [measure], areas).sort_values(["period_start", "area_code"])
        period = period or series.sort_values("period_start")["period_label"].iloc[-1]
        now = series[series["period_label"] == period].copy()
        has = now["value"].notna()
        now["rank"] = now["value"].where(has).rank(ascending=m["polarity"] == "down", method="min")
        n = int(has.sum())
        now["quartile"] = np.minimum(4, 1 + np.floor(4 * (now["rank"] - 1) / n)) if n else np.nan
        now["from_median"] = now["value"] - now.loc[has, "value"].median()
        now = now.sort_values(["rank", "area_name"], na_position="last").reset_index(drop=True)
        trend = series.groupby(["period_label", "period_start"])["value"].agg(["median", "count"]).reset_index()
        trend["home"] = trend["period_label"].map(series[series["area_code"] == area].set_index("period_label")["value"])
        return {"measure": m, "group": group, "period": period, "values": now, "trend": trend,
                "funnel": self._funnel(m, series, now, area, period)}

    def _funnel(self, m, series, now, area, period):
        code = m["measure_code"]
        if code in NOT_PROPORTION:
            return None
        names = dict(self.measures.loc[self.measures["dataset"] == m["dataset"], ["measure_code", "measure_name"]]
                     .drop_duplicates("measure_code").itertuples(index=False))
        options = candidates(code, names)
        if not options:
            return None
        needed = sorted({code} | {x for p in options for x in p.codes})
        parts = self.series(m["dataset"], needed, sorted(set(series["area_code"])))
        wide = parts.pivot_table(index=["area_code", "period_label"], columns="measure_code", values="value",
                                 aggfunc="first", dropna=False, observed=True).reindex(columns=needed)
        fitting = [p for p in options
                   if reproduces(wide[code], sums(wide, p.numerator), sums(wide, p.denominator)) is not None]
        if len({p.denominator for p in fitting}) != 1:
            return None
        pairing = fitting[0]
        at = wide.xs(period, level="period_label")
        rows = now[["area_code", "area_name", "value"]].assign(
            numerator=lambda f: f["area_code"].map(pd.Series(sums(at, pairing.numerator), index=at.index)),
            denominator=lambda f: f["area_code"].map(pd.Series(sums(at, pairing.denominator), index=at.index)))
        usable = rows[rows["numerator"].notna() & (rows["denominator"] > 0)]
        if len(usable) < 3:
            return None
        return funnel(usable.assign(is_home=usable["area_code"] == area).reset_index(drop=True))
