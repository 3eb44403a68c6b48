"""The tables behind /benchmarking: one council against a comparator group on a published measure — its rank
and quartile (high good or low good where the publisher, or the declared list, says so), the group median and
the distance from it, and its trend against the group median over time; the funnel plot is
``benchmarking_funnel``.  Every value carries its source file, line, status and load date.

A measure is one column of one publication: ``measure=<publication>.<column>`` (the file name without its
years: ``dfe_c1_children_in_need_referrals_and_rereferrals.rereferral_percent``); the file name with its years
and, for old links, the bare column name are read too.  Its figures are those of one breakdown (the file's
filter values; by default each filter's total, else its first value), and counts and amounts are divided by a
population (the file's own column, or an imported ONS estimate) unless the analyst asks for the raw figures,
which are then said to be raw.  Values are the current ones of the publication: where two releases overlap,
the newest release's.

A comparison that cannot be made is still a ``Comparison``, with ``why_not`` saying why, so that the page shows
the reason beside the pickers; only a measure nobody imported is ``NotFound``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.context import NotFound
from dashboard.db import Database
from dashboard.metrics.published import SIZED, decimals_of, kind_of, per_base, per_text, pounds
from dashboard.pagedata.comparison_choices import RAW, Base, Breakdowns, bases, breakdowns, default_base
from dashboard.pagedata.funnel import counts_needed

GROUPS = {"neighbours": "DfE statistical neighbours", "type": "authorities of the same type",
          "districts": "the county's districts"}
POLARITY_TEXT = {"up": "higher is better", "down": "lower is better"}
AREA_WORDS = {"country": "England and the other nations", "region": "regions", "county": "counties",
              "district": "districts", "unitary": "unitary authorities", "metropolitan_district": "metropolitan districts",
              "london_borough": "London boroughs", "inner_outer_london": "inner and outer London",
              "local_authority": "local authorities", "combined_authority": "combined authorities"}
NOT_IN_FILE = "not in the file"
UNKNOWN = -1                      # decimals not recorded by the import
NO_POPULATION = "no population estimate"


@dataclass(frozen=True)
class Comparison:
    measure: pd.Series            # the catalogue's row (benchmark_catalogue), polarity settled
    area: str                     # the home area's ONS code
    home_name: str
    group: str
    group_text: str
    period: str = ""
    periods: tuple[str, ...] = ()
    breakdown: str = ""
    breakdowns: Breakdowns = field(default_factory=lambda: Breakdowns(()))
    base: Base | None = None      # the population divided by, if any
    bases: tuple[Base, ...] = ()
    per: int = 1                  # the rate's base: 10,000 for "per 10,000 ..."; 1 when not per head
    why_not: str | None = None    # the comparison cannot be made: why, in a sentence
    asked_wrongly: bool = False   # ... because a value in the URL is not one of the choices (not the data's fault)
    note: str | None = None       # something to know about what is shown (an old link, a raw count)
    values: pd.DataFrame = field(default_factory=pd.DataFrame)   # the period's areas: value, rank, quartile ...
    series: pd.DataFrame = field(default_factory=pd.DataFrame)   # every period of every area compared
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)    # period, home value, group median, areas
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)  # the file's figures fetched (the funnel's counts)
    names: dict = field(default_factory=dict)                    # the publication's measure codes -> names

    @property
    def home(self) -> pd.Series | None:
        """The home area's row of ``values`` (None for the districts club, or when it has none)."""
        if self.values.empty or self.group == "districts":
            return None
        rows = self.values[self.values["area_code"] == self.area]
        return rows.iloc[0] if len(rows) else None

    @property
    def raw(self) -> bool:
        """A count or an amount compared as published: bigger areas have more."""
        return self.measure["kind"] in SIZED and self.base is None

    @property
    def decimals(self) -> int:
        """Decimal places to show the compared figures to: the published ones, or one for a rate per head."""
        if self.base is not None:
            return 2 if self.measure["kind"] == "amount" else 1
        return max(0, int(self.measure["decimals"]))

    @property
    def what(self) -> str:
        """What a count or an amount is compared as, in words: "per 10,000 children aged 0–17", "raw count, not per
        head"; nothing for other figures."""
        m = self.measure
        if self.base is not None:
            return per_text(self.per, m["kind"], self.base.label)
        if m["kind"] == "count":
            return "raw count, not per head"
        if m["kind"] == "amount":
            return f"raw amount{', ' + m['unit'] if isinstance(m['unit'], str) else ''}, not per head"
        return ""

    @property
    def unit(self) -> str:
        """The compared figure's unit, short (a chart's axis, a column's heading): "%", "£ thousand", "per 10,000"."""
        m = self.measure
        if self.base is not None:
            return "£ per head" if m["kind"] == "amount" else f"per {self.per:,}"
        if m["kind"] == "percent":
            return "%"
        if m["kind"] == "count":
            return "count"
        return m["unit"] if isinstance(m["unit"], str) else ""

    @property
    def among(self) -> str:
        """The group in a phrase: "Essex and its DfE statistical neighbours", "Essex's districts"."""
        return {"neighbours": f"{self.home_name} and its DfE statistical neighbours",
                "type": f"{self.home_name} and the other authorities of its type",
                "districts": f"{self.home_name}'s districts"}.get(self.group, self.group_text)


def catalogue(db: Database) -> pd.DataFrame:
    """Every imported measure (benchmark_catalogue), with kind and decimals filled in for files imported before
    the importer recorded them."""
    cat = db.query("benchmark_catalogue")
    unknown = cat["kind"].isna()
    if unknown.any():
        cat.loc[unknown, "kind"] = [kind_of(r.measure_code, r.measure_name, r.unit) for r in cat[unknown].itertuples()]
    return cat


# What the page used to call it.
measures = catalogue


def published_for(db: Database, indicator: str) -> pd.DataFrame:
    """The imported published measures this indicator is paired with (none until data is imported)."""
    return db.query("indicator_published", code=indicator)


def find(cat: pd.DataFrame, asked: str) -> tuple[pd.Series, str | None]:
    """The catalogue row ``asked`` for — its id, a release's file name and column, or (an old link) a column name
    — and a note when that was ambiguous; NotFound when no imported measure is called that."""
    if cat.empty:
        raise NotFound("No published statistics have been imported yet: see “Published data” in the README "
                       "(python -m data.ingest).")
    # plain arrays: the catalogue holds every imported measure, and this runs on every view
    ids, codes = cat["measure_id"].to_numpy(dtype=object), cat["measure_code"].to_numpy(dtype=object)
    at = np.flatnonzero(ids == asked)
    if not len(at) and "." in asked:
        stem, _, code = asked.rpartition(".")
        at = [i for i in np.flatnonzero(codes == code) if any(Path(f).stem == stem for f in cat["files"].iat[i])]
    if len(at):
        return cat.iloc[at[0]], None
    at = np.flatnonzero(codes == asked)
    if not len(at):
        raise NotFound(f"There is no imported measure with the code “{asked}”.")
    if len(at) == 1:
        return cat.iloc[at[0]], None
    rows = cat.iloc[at]
    # an old link to a column two publications have: the one it showed before (the newest release of any)
    rows = rows.sort_values(["reaches", "loaded_at", "source_file"], ascending=False)
    others = " and ".join(f"“{r.measure_id}”" for r in rows.iloc[1:].itertuples())
    return rows.iloc[0], (f"“{asked}” is a column of {len(rows)} imported publications: shown here is "
                          f"“{rows.iloc[0]['measure_id']}”, the one this link showed before; the other "
                          f"{'is' if len(rows) == 2 else 'are'} {others}, in the Measure list.")


def _settled(m: pd.Series, polarity: str | None) -> pd.Series:
    """The catalogue row with the caller's polarity where nobody else says, and decimals known."""
    m = m.copy()
    if not isinstance(m["polarity"], str) and polarity:
        m["polarity"], m["polarity_source"] = polarity, "the indicator this dashboard pairs it with"
    if m["decimals"] != m["decimals"] or m["decimals"] is None:
        m["decimals"] = UNKNOWN      # not recorded (an old import): read from the figures shown
    return m


def compare(db: Database, measure: str, area: str, group: str | None = None, period: str | None = None,
            breakdown: str | None = None, per: str | None = None, polarity: str | None = None,
            cat: pd.DataFrame | None = None) -> Comparison:
    """The comparison the URL asks for, or (``why_not``) why it cannot be made.  ``polarity`` stands in where
    nobody else says which way is better (an indicator's pairing); ``cat`` is ``catalogue(db)`` where the caller
    has it."""
    cat = catalogue(db) if cat is None else cat
    found, note = find(cat, measure)
    m = _settled(found, polarity)
    named = db.query("authority_named", area=area)
    home_name = named["name"].iloc[0] if len(named) else area
    group = group or ("neighbours" if m["publisher"].startswith("Department for Education") else "type")
    choices = _breakdowns(db, m)
    options = bases(cat, m)
    base = default_base(m, options) if per is None else None if per == RAW else next(
        (b for b in options if b.id == per), None)
    c = Comparison(m, area, home_name, group, GROUPS.get(group, group), breakdowns=choices, bases=tuple(options),
                   base=base, note=note, breakdown=choices.default() if breakdown is None else breakdown)
    name = m["measure_name"]
    if group not in GROUPS:
        return _replace(c, asked_wrongly=True,
                        why_not=f"“{group}” is not a comparator group: choose {', '.join(GROUPS.values())}.")
    if per not in (None, RAW) and base is None:
        return _replace(c, asked_wrongly=True, why_not=f"“{per}” is not a population “{name}” can be divided by"
                        + (": choose one of those listed." if options else ": it is not a count or an amount."))
    if not choices.options:
        return _replace(c, why_not=f"“{name}” has no figures at all in its file, only codes (not available, "
                        "suppressed ...), so there is nothing to compare.")
    if c.breakdown not in choices.options:
        return _replace(c, breakdown=choices.default(), asked_wrongly=True,
                        why_not=f"“{breakdown}” is not a breakdown of “{name}” with figures: choose one below.")
    members = db.query("comparator_areas", area=area, group=group)
    if members.empty:
        return _replace(c, why_not=_no_group(c, named))
    same = cat[cat["dataset"] == m["dataset"]]
    return _compared(db, _replace(c, names=dict(zip(same["measure_code"], same["measure_name"]))), members, period)


def breakdown_with(db: Database, measure: str, current: str | None, col: str, item: str) -> str:
    """The breakdown of ``measure`` with filter ``col`` set to ``item``, keeping the other filters' values of
    ``current`` (default: the measure's default breakdown) where a breakdown has them."""
    m, _note = find(catalogue(db), measure)
    choices = _breakdowns(db, m)
    return choices.with_item(current if current in choices.options else choices.default(), col, item)


def _breakdowns(db: Database, m: pd.Series) -> Breakdowns:
    items = db.query("benchmark_breakdowns")
    return breakdowns(m, items[items["dataset"].to_numpy(dtype=object) == m["dataset"]])


def _replace(c: Comparison, **changes) -> Comparison:
    return Comparison(**{**c.__dict__, **changes})


def _no_group(c: Comparison, named: pd.DataFrame) -> str:
    if named.empty:
        return (f"{c.area} is not in the imported register of authorities, so it has no comparator group "
                "(import mySociety's register with python -m data.ingest register …).")
    if c.group == "districts":
        return (f"{c.home_name} has no districts in the register: the districts club compares a county's own "
                "districts.")
    if c.group == "neighbours":
        return (f"{c.home_name} has no DfE statistical neighbours in the imported groupings (they cover "
                "children's services authorities): compare it with authorities of the same type instead.")
    return f"{c.home_name} has no {c.group_text} in the imported register."


def _compared(db: Database, c: Comparison, members: pd.DataFrame, period: str | None) -> Comparison:
    m, base, names = c.measure, c.base, c.names
    areas = list(members["area_code"])
    codes = [m["measure_code"]] + counts_needed(m, names)
    if base is not None and base.same_file:
        codes.append(base.code)
    figures = db.query("benchmark_values", files=list(m["files"]), measures=codes, breakdowns=[c.breakdown],
                       areas=areas)
    own = figures if len(codes) == 1 else figures[figures["measure_code"].to_numpy() == m["measure_code"]]
    if own["value"].notna().sum() == 0:
        return _replace(c, why_not=_no_figures(c, own))
    series = own.drop(columns=["measure_code", "breakdown"]).rename(columns={"value": "published"})
    series["population"] = np.nan
    if base is not None:
        series = _with_population(db, c, series, figures)
        rates = series["published"] * (pounds(m["unit"]) if m["kind"] == "amount" else 1.0) / series["population"]
        per = per_base(m["kind"], rates)
        series["value"] = rates * per
        c = _replace(c, per=per)
    else:
        series["value"] = series["published"]
    if m["decimals"] == UNKNOWN:
        m = m.copy()
        m["decimals"] = decimals_of(series["published"])
        c = _replace(c, measure=m)
    # the query returns the figures in period order
    labels, value = series["period_label"].to_numpy(dtype=object), series["value"].to_numpy(dtype=float)
    periods = tuple(pd.unique(labels))
    with_values = labels[~np.isnan(value)]
    if not len(with_values):
        return _replace(c, periods=periods, series=series,
                        why_not=f"No population estimate is imported for any period of “{m['measure_name']}” "
                                f"({periods[0]} to {periods[-1]}): import one, or compare the raw figures.")
    if period is None:
        period = with_values[-1]
    c = _replace(c, periods=periods, period=period, figures=figures, series=series)
    if period not in periods:
        return _replace(c, asked_wrongly=True, why_not=f"“{period}” is not a period of “{m['measure_name']}”: it has "
                                   f"{periods[0]} to {periods[-1]}.")
    now = _ranked(series[labels == period], members, m["polarity"])
    if not now["value"].notna().any():
        why = (f"no population estimate for {period}" if base is not None and now["published"].notna().any()
               else f"no figures for {period}")
        return _replace(c, values=now, why_not=f"“{m['measure_name']}” has {why} for {c.among}: "
                                               "choose another period.")
    shown = now["value"].dropna()
    if len(shown) > 1 and shown.nunique() == 1:
        return _replace(c, values=now, why_not=_all_equal(c, shown.iloc[0]))
    trend = _trend(series, c.area)
    note = c.note
    if c.raw:
        note = " ".join(x for x in (note, _raw_note(c)) if x)
    return _replace(c, values=now, trend=trend, note=note)


def _ranked(now: pd.DataFrame, members: pd.DataFrame, polarity: str | None) -> pd.DataFrame:
    """The period's figures for every area of the group (those the file lacks say so), ranked: rank 1 the best
    where the polarity is known, the highest otherwise; quartile 1 holds rank 1; distance from the median.
    On plain arrays: it runs on every view."""
    codes = members["area_code"].to_numpy(dtype=object)
    row = {a: i for i, a in enumerate(now["area_code"].to_numpy(dtype=object))}
    at = np.array([row.get(a, -1) for a in codes])
    found = at >= 0
    take = np.where(found, at, 0)

    def column(name, missing, dtype=object):
        out = np.full(len(codes), missing, dtype=dtype)
        if len(now):
            out[found] = now[name].to_numpy()[take[found]]
        return out

    value, published = column("value", np.nan, float), column("published", np.nan, float)
    has = ~np.isnan(value)
    status = column("status", NOT_IN_FILE)
    status[~has & ~np.isnan(published) & (status == "value")] = NO_POPULATION
    names = column("area_name", None)
    names[~found] = members["name"].to_numpy(dtype=object)[~found]
    n = int(has.sum())
    rank = pd.Series(np.where(has, value, np.nan)).rank(ascending=polarity == "down", method="min").to_numpy()
    out = {"area_code": codes, "area_name": names}
    for name in now.columns.drop(["area_code", "area_name", "value", "published", "status"], errors="ignore"):
        out[name] = column(name, np.nan, float) if now[name].dtype.kind == "f" else column(name, None)
    out.update(published=published, value=value, status=status, rank=rank,
               quartile=np.minimum(4, 1 + np.floor(4 * (rank - 1) / n)) if n else np.full(len(codes), np.nan),
               from_median=value - (np.median(value[has]) if n else np.nan))
    order = np.lexsort((names.astype(str), np.where(has, rank, np.inf)))
    return pd.DataFrame({k: v[order] for k, v in out.items()})


def _trend(series: pd.DataFrame, area: str) -> pd.DataFrame:
    """Each period (in order): the group's median, how many areas have a figure, and the home area's."""
    labels = series["period_label"].to_numpy(dtype=object)
    value = series["value"].to_numpy(dtype=float)
    home = series["area_code"].to_numpy(dtype=object) == area
    periods = pd.unique(labels)
    rows = []
    for p in periods:
        at = labels == p
        v = value[at]
        v = v[~np.isnan(v)]
        mine = value[at & home]
        rows.append((np.median(v) if len(v) else np.nan, len(v), mine[0] if len(mine) else np.nan))
    starts = series.drop_duplicates("period_label")["period_start"].to_numpy()
    median, count, mine = (np.array(x) for x in zip(*rows)) if rows else ([], [], [])
    return pd.DataFrame({"period_label": periods, "period_start": starts, "median": median, "count": count,
                         "home": mine})


def _with_population(db: Database, c: Comparison, series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each figure's population: the file's own column on the same row (area, period, breakdown), or the latest
    imported estimate dated on or before the end of the figure's period, with its period."""
    base = c.base
    if base.same_file:
        pop = figures.loc[figures["measure_code"] == base.code, ["area_code", "period_label", "value"]].rename(
            columns={"value": "population"})
        out = series.drop(columns="population").merge(pop, on=["area_code", "period_label"], how="left")
        return out.assign(population_period=out["period_label"].where(out["population"].notna()))
    pop = db.query("benchmark_values", files=list(base.files), measures=[base.code], breakdowns=[""],
                   areas=sorted(set(series["area_code"])))
    pop = pop.loc[pop["value"].notna(), ["area_code", "period_end", "value", "period_label"]].rename(
        columns={"value": "population", "period_label": "population_period", "period_end": "estimate_date"})
    left = series.drop(columns="population").assign(_end=pd.to_datetime(series["period_end"]))
    right = pop.assign(_end=pd.to_datetime(pop["estimate_date"])).drop(columns="estimate_date")
    out = pd.merge_asof(left.sort_values("_end"), right.sort_values("_end"), on="_end", by="area_code",
                        direction="backward")
    return out.drop(columns="_end").sort_values(["period_start", "area_code"]).reset_index(drop=True)


def _no_figures(c: Comparison, own: pd.DataFrame) -> str:
    m = c.measure
    kinds = [AREA_WORDS.get(t, t.replace("_", " ")) for t in m["area_types"]]
    where = f" The file has figures for {', '.join(kinds)}." if kinds else ""
    if len(own):
        return (f"“{m['measure_name']}” has no figures for {c.among}"
                f"{' in this breakdown' if c.breakdown else ''}, only codes (suppressed, not available …).{where}")
    return f"“{m['measure_name']}” has no figures for {c.among}.{where}"


def _all_equal(c: Comparison, value: float) -> str:
    m = c.measure
    shown = f"{value:,.{max(0, c.decimals)}f}{'%' if m['kind'] == 'percent' else ''}"
    if not c.breakdowns.choosable:
        zero = " (none of them reports any)" if value == 0 else ""
        return f"Every area compared has the same figure, {shown}{zero}, so there is nothing to rank."
    total = any(v in f.totals for f in c.breakdowns.filters
                for v in [c.breakdowns.parts.get(c.breakdown, {}).get(f.col)])
    why = (" In a total breakdown a percentage is usually the base of the others (100%)." if total and
           m["kind"] == "percent" else "")
    return (f"Every area compared has the same figure, {shown}, in this breakdown, so there is nothing to rank."
            f"{why} Choose another breakdown.")


def _raw_note(c: Comparison) -> str:
    what = "count" if c.measure["kind"] == "count" else "amount"
    how = ("choose a population below to compare it per head" if c.bases else
           "import a population (python -m data.ingest ons-mye …) to compare it per head")
    return (f"These are raw {what}s, not per head: bigger areas have more, so the ranking mostly ranks size; "
            f"{how}.")
