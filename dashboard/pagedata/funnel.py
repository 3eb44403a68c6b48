"""The funnel plot on /benchmarking: a published proportion set against the counts behind it in its own file
(dashboard.metrics.funnel: Spiegelhalter 2005), for the comparison's areas and period, or why there is none;
its figures as a table and its verdict in words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.metrics.funnel import (NOT_PROPORTION, FunnelResult, Pairing, candidates, funnel as funnel_of,
                                      reproduces, sums)


@dataclass(frozen=True)
class Funnel:
    """The comparison's period as a funnel plot, or why there cannot be one (``why_not``)."""
    why_not: str | None
    pairing: Pairing | None = None
    result: FunnelResult | None = None   # proportions and limits as fractions (0-1)
    scale: float = 100.0                 # the published figure's scale: 100 for a percentage
    without_counts: pd.DataFrame | None = None   # the group's areas with no usable counts, and why
    numerator_name: str = ""
    denominator_name: str = ""

    @property
    def home(self) -> pd.Series | None:
        if self.result is None:
            return None
        rows = self.result.points[self.result.points["is_home"]]
        return rows.iloc[0] if len(rows) else None


MIN_AREAS = 3   # fewer areas with counts and the group average is hardly an average


def counts_needed(m: pd.Series, names: dict[str, str]) -> list[str]:
    """The measure codes of its own file a funnel for measure ``m`` could be built from (none for what is not
    a proportion): fetched with the measure itself, so the funnel costs no query of its own."""
    code = m["measure_code"]
    if code in NOT_PROPORTION or m["kind"] != "percent":
        return []
    return sorted({x for p in candidates(code, names) for x in p.codes} - {code})


def funnel(c) -> Funnel:
    """Pair the measure of comparison ``c`` (pagedata.comparison.Comparison) with the counts behind it in its own
    file and judge the period's areas against the group's pooled proportion.  A funnel is drawn only where the
    file's counts give the published figure."""
    m = c.measure
    code, name = m["measure_code"], m["measure_name"]
    if c.why_not:
        return Funnel(None)
    if code in NOT_PROPORTION:
        return Funnel(f"A funnel plot is not possible for “{name}”: {NOT_PROPORTION[code]}.")
    names = c.names
    options = candidates(code, names) if m["kind"] == "percent" else []
    if not options:
        why = ("the file gives the proportion but not the count and the base behind it"
               if m["kind"] == "percent" else
               "it is not a proportion of a count (it is an amount, a count, a score or a ratio), so there is no "
               "denominator to say how much of the spread chance alone would give")
        return Funnel(f"A funnel plot is not possible for “{name}”: {why}.")
    needed = sorted({code} | {x for p in options for x in p.codes})
    wide = c.figures.pivot(index=["area_code", "period_label"], columns="measure_code", values="value").reindex(
        columns=needed)
    cols = {x: wide[x].to_numpy(dtype=float) for x in needed}    # arrays: checked for every candidate base
    fitting = [(p, s) for p in options
               if (s := reproduces(cols[code], sums(cols, p.numerator), sums(cols, p.denominator))) is not None]
    if len({p.denominator for p, _ in fitting}) != 1:
        why = ("its counts in the file do not give the published figures" if not fitting else
               "more than one count in the file could be its base")
        return Funnel(f"A funnel plot is not possible for “{name}”: {why}, so a fair comparison of its "
                      "counts cannot be made.")
    pairing, scale = fitting[0]
    at = wide.index.get_level_values("period_label") == c.period
    counts = pd.DataFrame({"numerator": sums(cols, pairing.numerator)[at],
                           "denominator": sums(cols, pairing.denominator)[at]},
                          index=wide.index.get_level_values("area_code")[at])
    rows = c.values[["area_code", "area_name", "value", "status"]].merge(counts, left_on="area_code",
                                                                          right_index=True, how="left")
    usable = rows["numerator"].notna() & (rows["denominator"] > 0)
    missing = rows[~usable].assign(why=lambda f: "not plotted: " + pd.Series(np.where(
        f["status"] != "value", f["status"].str.replace("_", " "), "no count or base published"), index=f.index))
    label = lambda codes: " + ".join(names.get(x, x) for x in codes)   # noqa: E731
    if usable.sum() < MIN_AREAS:
        return Funnel(f"A funnel plot is not possible for “{name}” in {c.period}: only {int(usable.sum())} of "
                      f"{c.group_text} have its counts published.", pairing, scale=scale, without_counts=missing)
    points = rows[usable].assign(is_home=lambda f: f["area_code"] == c.area).reset_index(drop=True)
    return Funnel(None, pairing, funnel_of(points), scale, missing[["area_code", "area_name", "why"]],
                  label(pairing.numerator), pairing.base[:1].upper() + pairing.base[1:])


def funnel_table(c, f: Funnel) -> pd.DataFrame:
    """The funnel's figures as a table (the page's table alternative and its download), in the published scale;
    areas without counts last, saying why."""
    columns = ["area_code", "area_name", "numerator", "denominator", "published", "proportion", "wilson95_low",
               "wilson95_high", "group_average", "limit95_low", "limit95_high", "limit998_low", "limit998_high",
               "within", "within_widened"]
    if f.result is None:
        return pd.DataFrame(columns=columns)
    r, k = f.result.points, f.scale
    table = pd.DataFrame({
        "area_code": r["area_code"], "area_name": r["area_name"], "numerator": r["numerator"],
        "denominator": r["denominator"], "published": r["value"], "proportion": k * r["proportion"],
        "wilson95_low": k * r["wilson_low"], "wilson95_high": k * r["wilson_high"],
        "group_average": k * f.result.target,
        "limit95_low": k * r["limit95_low"], "limit95_high": k * r["limit95_high"],
        "limit998_low": k * r["limit998_low"], "limit998_high": k * r["limit998_high"], "within": r["within"],
        # against limits widened by the spread between areas (Spiegelhalter's random effects), where there is one
        "within_widened": r["within_adjusted"] if f.result.overdispersed else r["within"],
    }).sort_values(["proportion", "area_name"]).reset_index(drop=True)
    if f.without_counts is not None and len(f.without_counts):
        table = pd.concat([table, f.without_counts.rename(columns={"why": "within"})[["area_code", "area_name",
                                                                                       "within"]]],
                          ignore_index=True)
    return table[columns]


_MEANING = {
    "outside 99.8%": "outside the 99.8% limits: a difference this large would arise by chance alone about once "
                     "in 500 comparisons",
    "outside 95%": "outside the 95% limits but inside the 99.8% ones: a possible difference (chance alone puts "
                   "about one area in 20 there)",
    "inside 95%": "inside the 95% limits: no further from the pooled rate than chance would put it",
}

def lower_first(text: str) -> str:
    """'Referral count' -> 'referral count' inside a sentence; 'FTE posts' stays as it is."""
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


_WIDENED = {"outside 99.8%": "outside even the widened 99.8% limits", "inside 95%": "inside the widened 95% limits",
            "outside 95%": "outside the widened 95% limits but inside the widened 99.8% ones"}   # both drawn, in orange


def funnel_verdict(c, f: Funnel) -> list[str]:
    """The funnel in words: where the home council lies against the limits, and whether the limits can be
    trusted (Spiegelhalter's overdispersion check).  Sentences, for the page and for screen readers."""
    if f.result is None:
        return [f.why_not or ""]
    r, pct = f.result, (lambda x: f"{f.scale * x:,.1f}{'%' if f.scale == 100 else ''}")
    points = r.points
    lines = [f"The pooled rate is {pct(r.target)}: the total {lower_first(f.numerator_name)} of the "
             f"{len(points)} areas compared ({c.group_text}) with counts published for {c.period}, divided by "
             f"their total {lower_first(f.denominator_name)}; larger areas weigh more."]
    largest = points.loc[points["denominator"].idxmax()]
    share = largest["denominator"] / points["denominator"].sum()
    if share > 1 / 3:     # one area then sets the centre line: the median says what is typical
        lines.append(f"{largest['area_name']} alone has {share:.0%} of the base, so the pooled rate leans towards "
                     f"its {pct(largest['proportion'])}; the group's median is "
                     f"{pct(points['proportion'].median())}.")
    home = f.home
    better = {"up": " (higher is better)", "down": " (lower is better)"}.get(c.measure["polarity"], "")
    if home is not None:
        side = "above" if home["proportion"] > r.target else "below"
        lines.append(f"{c.home_name}, {pct(home['proportion'])} ({home['numerator']:,.0f} of "
                     f"{home['denominator']:,.0f}), is {side} the pooled rate{better} and "
                     f"{_MEANING[home['within']]}.")
    elif c.area in set(c.values["area_code"]):
        lines.append(f"{c.home_name} has no counts published for {c.period}, so it is not on the plot.")
    outside = int((points["within"] == "outside 99.8%").sum())
    if r.overdispersed:
        text = (f"The areas differ from one another more than chance alone explains (dispersion φ = "
                f"{r.dispersion:,.1f}, where about 1 is chance alone; {outside} of {len(points)} are outside the "
                "99.8% limits), so being outside them is common here and says little on its own.")
        if home is not None:
            text += (f" Allowing for that spread (limits widened by the variation between areas, in orange), "
                     f"{c.home_name} is {_WIDENED[home['within_adjusted']]}.")
        lines.append(text)
    else:
        lines.append(f"The spread between areas is no more than chance would give, as far as {len(points)} areas "
                     f"can show (dispersion φ = {r.dispersion:,.1f}); {outside} of {len(points)} are outside the "
                     "99.8% limits.")
    return lines
