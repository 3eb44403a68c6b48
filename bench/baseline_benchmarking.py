"""The pandas baseline for /benchmarking: the imported published tables (values, loads, measures, breakdowns,
the register, the statistical neighbours and the indicator pairings' polarity) loaded into pandas at start-up,
with a catalogue of what each publication holds (as the dashboard keeps its own for the life of the file),
and each page answered by filtering them — the measure by its id (or, for an old link, its column), the newest
release of the publication by how far its figures reach, the comparator group, the default breakdown, the
population a count is divided by, rank, quartile, median and trend — and by the funnel: the counts behind the
proportion found with the same pairing rules and maths (dashboard.metrics.funnel and the choice rules of
dashboard.pagedata.comparison_choices are plain pandas, as the indicator baseline uses the dashboard's own SPC
engine).  Nothing precomputed that is an answer."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dashboard.metrics.funnel import NOT_PROPORTION, candidates, funnel, reproduces, sums
from dashboard.metrics.published import per_base, pounds
from dashboard.pagedata.comparison_choices import RAW, bases, breakdowns, default_base


@dataclass
class PublishedBaseline:
    values: pd.DataFrame       # published_value with each file's dataset and precedence (0 = newest release)
    catalogue: pd.DataFrame    # one row per (publication, measure), as the newest release describes it
    items: pd.DataFrame        # published_breakdown with the dataset
    authority: pd.DataFrame
    neighbours: pd.DataFrame
    polarity: dict             # measure -> polarity from the indicator pairings

    @classmethod
    def load(cls, path) -> "PublishedBaseline":
        con = duckdb.connect(":memory:")
        con.execute("ATTACH $p AS mi (READ_ONLY)", {"p": str(path)})
        con.execute("USE mi")
        loads = con.execute("SELECT source_file, dataset, loaded_at, title FROM published_load").df()
        values = con.execute("""SELECT source_file, measure_code, breakdown, area_code, area_name, area_type,
                                       period_label, period_start, period_end, value, status
                                FROM published_value""").df()
        loads["reaches"] = loads["source_file"].map(values.groupby("source_file")["period_end"].max())
        loads = loads.dropna(subset=["reaches"]).sort_values(["reaches", "loaded_at", "source_file"],
                                                             ascending=False)
        loads["precedence"] = loads.groupby("dataset").cumcount()
        values = values.merge(loads[["source_file", "dataset", "precedence"]], on="source_file")
        for c in ("source_file", "measure_code", "breakdown", "area_code", "area_name", "area_type", "period_label",
                  "status", "dataset"):
            values[c] = values[c].astype("category")
        measures = con.execute("SELECT * FROM published_measure").df().merge(loads, on="source_file")
        items = con.execute("SELECT * FROM published_breakdown").df().merge(loads, on="source_file")
        polarity = dict(con.execute("SELECT measure_code, min(polarity) FROM indicator_published "
                                    "GROUP BY ALL").fetchall())
        out = cls(values, _catalogue(values, measures, loads, polarity),
                  items.sort_values("precedence").drop_duplicates(["dataset", "breakdown", "filter_col"]),
                  con.execute("SELECT code, area_code, name, authority_type, parent_county_code, end_date "
                              "FROM authority").df(),
                  con.execute("SELECT area_code, neighbour_area_code, is_current FROM statistical_neighbour").df(),
                  polarity)
        con.close()
        return out

    # -- the pieces -------------------------------------------------------------------------------------
    def measure(self, asked: str) -> pd.Series:
        cat = self.catalogue
        rows = cat[cat["measure_id"] == asked]
        if rows.empty:
            rows = cat[cat["measure_code"] == asked].sort_values(["reaches", "loaded_at", "source_file"],
                                                                 ascending=False)
        return rows.iloc[0]

    def group(self, area: str, group: str) -> pd.DataFrame:
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
        names = a.dropna(subset=["area_code"]).drop_duplicates("area_code").set_index("area_code")["name"]
        codes = sorted(set(codes))
        return pd.DataFrame({"area_code": codes, "name": [names.get(c, c) for c in codes]})

    def series(self, dataset: str, codes: list[str], breakdown: str, areas) -> pd.DataFrame:
        """The current figures (the newest release's where releases overlap) of ``codes`` in ``breakdown``."""
        v = self.values
        v = v[(v["dataset"] == dataset) & v["measure_code"].isin(codes) & (v["breakdown"] == breakdown)
              & v["area_code"].isin(areas)]
        v = v.sort_values("precedence").drop_duplicates(["measure_code", "area_code", "period_start", "period_end"])
        return v.astype({c: str for c in ("measure_code", "area_code", "area_name", "area_type", "period_label",
                                          "status")})

    # -- the page ----------------------------------------------------------------------------------------
    def page(self, measure: str, area: str, group: str | None, period: str | None, breakdown: str | None = None,
             per: str | None = None) -> dict:
        m = self.measure(measure).copy()
        if not isinstance(m["polarity"], str):
            m["polarity"] = self.polarity.get(m["measure_code"])
        group = group or ("neighbours" if m["publisher"].startswith("Department for Education") else "type")
        members = self.group(area, group)
        choices = breakdowns(m, self.items[self.items["dataset"] == m["dataset"]])
        breakdown = choices.default() if breakdown is None else breakdown
        options = bases(self.catalogue, m)
        base = default_base(m, options) if per is None else None if per == RAW else next(
            b for b in options if b.id == per)
        codes = [m["measure_code"]] + ([base.code] if base is not None and base.same_file else [])
        names = dict(self.catalogue.loc[self.catalogue["dataset"] == m["dataset"], ["measure_code", "measure_name"]]
                     .itertuples(index=False))
        counts = [x for p in candidates(m["measure_code"], names) for x in p.codes] if m["kind"] == "percent" else []
        parts = self.series(m["dataset"], codes + counts, breakdown, members["area_code"])
        series = parts[parts["measure_code"] == m["measure_code"]].rename(columns={"value": "published"})
        if base is None:
            series["value"] = series["published"]
        else:
            if base.same_file:
                pop = parts[parts["measure_code"] == base.code].set_index(["area_code", "period_label"])["value"]
                series["population"] = pd.Series(list(zip(series["area_code"], series["period_label"])),
                                                 index=series.index).map(pop)
            else:
                estimates = self.series(base.dataset, [base.code], "", members["area_code"]).dropna(subset=["value"])
                series["population"] = [_latest(estimates, a, end) for a, end in zip(series["area_code"],
                                                                                      series["period_end"])]
            rate = series["published"] * (pounds(m["unit"]) if m["kind"] == "amount" else 1) / series["population"]
            series["value"] = rate * per_base(m["kind"], rate)
        if period is None:
            period = series.dropna(subset=["value"]).sort_values("period_start")["period_label"].iloc[-1]
        now = members.merge(series[series["period_label"] == period], on="area_code", how="left")
        has = now["value"].notna()
        now["rank"] = now["value"].where(has).rank(ascending=m["polarity"] == "down", method="min")
        n = int(has.sum())
        now["quartile"] = np.minimum(4, 1 + np.floor(4 * (now["rank"] - 1) / n)) if n else np.nan
        now["from_median"] = now["value"] - now.loc[has, "value"].median()
        now["area_name"] = now["area_name"].fillna(now["name"])
        now = now.sort_values(["rank", "area_name"], na_position="last").reset_index(drop=True)
        trend = series.groupby(["period_label", "period_start"])["value"].agg(["median", "count"]).reset_index()
        trend["home"] = trend["period_label"].map(series[series["area_code"] == area].set_index("period_label")["value"])
        return {"measure": m, "group": group, "period": period, "breakdown": breakdown, "base": base, "values": now,
                "trend": trend, "funnel": self._funnel(m, parts, now, area, period, names, counts)}

    def _funnel(self, m, parts, now, area, period, names, counts):
        code = m["measure_code"]
        if code in NOT_PROPORTION or not counts:
            return None
        options = candidates(code, names)
        needed = sorted({code} | set(counts))
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


def _latest(estimates: pd.DataFrame, area: str, end) -> float:
    """The area's latest population estimate dated on or before ``end``."""
    e = estimates[(estimates["area_code"] == area) & (estimates["period_end"] <= end)]
    return float(e.sort_values("period_end")["value"].iloc[-1]) if len(e) else np.nan


def _catalogue(values: pd.DataFrame, measures: pd.DataFrame, loads: pd.DataFrame, pairing: dict) -> pd.DataFrame:
    """What each publication holds: the newest release's description of each measure, the publication's files
    newest first, its breakdowns with a number in the file's order — the columns the choice rules read."""
    newest = measures.sort_values("precedence").drop_duplicates(["dataset", "measure_code"]).copy()
    newest["measure_id"] = newest["dataset"].str.replace(r"^[^:]*:", "", regex=True) + "." + newest["measure_code"]
    files = loads.groupby("dataset")["source_file"].agg(list)
    newest["files"] = newest["dataset"].map(files)
    numbers = values[values["value"].notna()]
    order = numbers.reset_index().groupby(["dataset", "measure_code", "breakdown"], observed=True)["index"].min()
    found = order.reset_index().sort_values("index").groupby(["dataset", "measure_code"], observed=True)[
        "breakdown"].agg(list)
    newest["breakdowns"] = [found.get((d, c), []) for d, c in zip(newest["dataset"], newest["measure_code"])]
    newest["polarity"] = newest["polarity"].where(newest["polarity"].notna(), newest["measure_code"].map(pairing))
    return newest.reset_index(drop=True)
