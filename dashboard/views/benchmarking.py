"""The tables behind /benchmarking: one council against a comparator group on
a published measure — its rank and quartile (high good or low good as the
publisher states), the group median and the distance from it, and its trend
against the group median over time.  Every value carries its source file,
status and load date."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.context import BadRequest, NotFound
from dashboard.db import Database

GROUPS = {"neighbours": "DfE statistical neighbours", "type": "authorities of the same type",
          "districts": "the county's districts"}


@dataclass(frozen=True)
class Comparison:
    measure: pd.Series
    group: str
    group_text: str
    period: str
    values: pd.DataFrame          # the group's areas for the period: value, status, rank, quartile
    series: pd.DataFrame          # every period of every area in the group
    trend: pd.DataFrame           # period_label, period_start, home value, group median, areas with a value
    home: pd.Series | None        # the home area's row of ``values`` (None for the districts club)
    home_name: str


def measures(db: Database) -> pd.DataFrame:
    return db.query("published_measures")


def published_for(db: Database, indicator: str) -> pd.DataFrame:
    """The imported published measures this indicator is paired with (none until data is imported)."""
    return db.query("indicator_published", code=indicator)


def _rank(values: pd.Series, polarity: str | None) -> pd.Series:
    ascending = polarity == "down"
    return values.rank(ascending=ascending, method="min")


def compare(db: Database, measure: str, area: str, group: str | None, period: str | None,
            polarity: str | None = None) -> Comparison:
    """``polarity`` stands in where the publisher's file does not say which way is better."""
    catalogue = measures(db)
    if catalogue.empty:
        raise NotFound("No published statistics have been imported yet: see “Published data” in the README "
                       "(python -m data.ingest).")
    chosen = catalogue[catalogue["measure_code"] == measure]
    if chosen.empty:
        raise NotFound(f"There is no imported measure with the code “{measure}”.")
    m = chosen.iloc[0].copy()
    if not isinstance(m["polarity"], str):
        # the file does not say which way is better: the pairing with an indicator may
        paired = db.query("published_polarity", measure=measure)
        m["polarity"] = polarity or (paired["polarity"].iloc[0] if len(paired) else None)
    group = group or ("neighbours" if m["publisher"].startswith("Department for Education") else "type")
    if group not in GROUPS:
        raise BadRequest(f"“{group}” is not a comparator group: use {', '.join(GROUPS)}.")
    members = db.query("comparator_areas", area=area, group=group)
    if members.empty:
        raise NotFound(f"Area {area} has no {GROUPS[group]} in the imported register.")
    series = db.query("published_series", measure=measure, source_file=m["source_file"],
                      areas=list(members["area_code"]))
    if series.empty:
        raise NotFound(f"“{m['measure_name']}” has no values for {GROUPS[group]} of {area}.")
    periods = series.drop_duplicates("period_label").sort_values("period_start")["period_label"].tolist()
    period = period or periods[-1]
    if period not in periods:
        raise BadRequest(f"“{period}” is not a period of this measure: it has {periods[0]} to {periods[-1]}.")
    now = series[series["period_label"] == period].copy()
    has_value = now["value"].notna()
    now["rank"] = np.nan
    now.loc[has_value, "rank"] = _rank(now.loc[has_value, "value"], m["polarity"])
    n = int(has_value.sum())
    # quartile 1 holds the best quarter: rank 1 is always in it, however few areas have a value
    now["quartile"] = np.minimum(4, 1 + np.floor(4 * (now["rank"] - 1) / n)) if n else np.nan
    median = now.loc[has_value, "value"].median()
    now["from_median"] = now["value"] - median
    now = now.sort_values(["rank", "area_name"], na_position="last").reset_index(drop=True)
    medians = series.groupby(["period_label", "period_start"])["value"].agg(["median", "count"]).reset_index()
    own = series[series["area_code"] == area].set_index("period_label")["value"]
    trend = medians.assign(home=medians["period_label"].map(own)).sort_values("period_start")
    home = now[now["area_code"] == area]
    named = db.query("authority_named", area=area)
    return Comparison(m, group, GROUPS[group], period, now, series, trend, home.iloc[0] if len(home) else None,
                      named["name"].iloc[0] if len(named) else area)
