"""/benchmarking's data: a council against its comparators on an imported
published measure — the comparison (pagedata.comparison.compare), its funnel
plot and, for the districts club, each district's own series judged with SPC —
and the two tables it offers for download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from dashboard.context import BadRequest, BuildInfo, NotFound, build_info, current_settings
from dashboard.db import Database, Scope
from dashboard.metrics.spc import analyse
from dashboard.pagedata.base import Page, PageData
from dashboard.pagedata import comparison as report
from dashboard.pagedata.funnel import funnel, funnel_table

KEYS = ("measure", "area", "group", "period", "breakdown", "per")
TABLE_COLUMNS = ["measure_code", "measure_name", "publisher", "comparator", "area_code", "area_name", "area_type",
                 "period_label", "period_start", "period_end", "value", "status", "rank", "quartile", "from_median",
                 "source_ref", "loaded_at", "measure_id", "breakdown", "compared", "published_value", "population",
                 "population_source", "population_period"]


@dataclass(frozen=True)
class BenchmarkingParams:
    """``?measure=&area=&group=&period=&breakdown=&per=``, as given (the comparison checks each against the
    choices it has, and says why it cannot be made); ``area`` defaults to the council set in MI_HOME_AREA."""
    info: BuildInfo
    asked: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, db: Database, args: Mapping[str, str]) -> "BenchmarkingParams":
        asked = {k: args.get(k) or None for k in KEYS}
        asked["area"] = asked["area"] or current_settings().home_area
        return cls(build_info(db), asked)


@dataclass(frozen=True)
class District:
    """One district of the club: its published series, oldest first, and the variation SPC finds in it."""
    name: str
    values: pd.Series
    latest_period: str
    variation: str


@dataclass(frozen=True)
class BenchmarkingData(PageData):
    params: BenchmarkingParams
    catalogue: pd.DataFrame         # every imported measure that can be compared
    comparison: object | None       # report.Comparison (None when nothing has been imported)
    funnel: object | None           # pagedata.funnel's answer for the comparison
    club: list[District]            # the districts club's own trends (other groups: none)

    def table(self, name: str) -> pd.DataFrame:
        c, f = self.comparison, self.funnel
        if c is None:
            raise NotFound("No published statistics have been imported into this database yet.")
        if c.why_not:
            raise (BadRequest if c.asked_wrongly else NotFound)(c.why_not)
        if name == "benchmarking_funnel":
            if f.result is None:
                raise NotFound(f.why_not)
            out = funnel_table(c, f)
            for at, (column, value) in enumerate({
                    "measure_code": c.measure["measure_code"], "measure_name": c.measure["measure_name"],
                    "comparator": c.group_text, "period_label": c.period, "numerator_is": f.numerator_name,
                    "denominator_is": f.denominator_name}.items()):
                out.insert(at, column, value)
            return out
        # ``value`` is the figure compared (per head where it is), ``published_value`` the file's own
        m = c.measure
        out = c.values.assign(measure_code=m["measure_code"], measure_name=m["measure_name"], publisher=m["publisher"],
                              comparator=c.group_text, loaded_at=m["loaded_at"], measure_id=m["measure_id"],
                              breakdown=c.breakdown, published_value=c.values["published"], compared=c.what,
                              population_source=c.base.source if c.base else None)
        if "population_period" not in out:
            out["population_period"] = None
        return out[TABLE_COLUMNS]

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {}
        for name in PAGE.tables:
            try:
                out[name] = self.table(name)
            except (NotFound, BadRequest):
                continue
        return out


def _club(c) -> list[District]:
    """Each district's published series judged as an XmR chart (Making Data Count rules)."""
    improvement = c.measure["polarity"] if c.measure["polarity"] in ("up", "down") else "neither"
    out = []
    for _code, series in c.series.dropna(subset=["value"]).groupby("area_code"):
        ordered = series.sort_values("period_start")
        values = ordered.set_index("period_start")["value"].astype(float)
        out.append(District(series["area_name"].iloc[0], values, str(ordered["period_label"].iloc[-1]),
                            analyse(values, improvement=improvement).variation))
    return out


def data(db: Database, viewer: Scope, params: BenchmarkingParams) -> BenchmarkingData:
    cat = report.catalogue(db)
    if cat.empty:
        return BenchmarkingData(params, cat, None, None, [])
    a = params.asked
    c = report.compare(db, a["measure"] or cat["measure_id"].iloc[0], a["area"], a["group"], a["period"],
                       a["breakdown"], a["per"], cat=cat)
    if c.why_not:
        return BenchmarkingData(params, cat, c, None, [])
    return BenchmarkingData(params, cat, c, funnel(c), _club(c) if c.group == "districts" else [])


PAGE = Page("benchmarking", BenchmarkingParams.parse, data, ("benchmarking", "benchmarking_funnel"))
