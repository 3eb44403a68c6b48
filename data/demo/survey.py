"""The quarterly residents' survey, by theme and district, and the declared
output-versus-outcome pairs.

About 1,500 residents answer each quarter, shared between the districts by
population; questions about a service (libraries, adult social care,
children's services) are put only to residents who used it, so they rest on
fewer answers.  Each (theme, district) has its own level, quarters wobble, and
stories move themes: the cost of living cut value for money; the pandemic
briefly lifted overall satisfaction and cut library satisfaction; the
improvement notice hit children's services; the garden waste charge hit waste.

Themes paired with an output indicator (catalogue_resources.OUTCOME_PAIRS)
follow that output a lag later: the district's own teams' series where team
names carry the district (Area Highways Ashmere, Library Service Ashmere, ...),
else the council's, standardised on the council's series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import catalogue_resources as cat
from data.demo import resources
from data.demo.returns import periods_for
from data.demo.series import event_shape, expit, logit, month_of_year

# theme -> [(event, effect on the logit of satisfaction)], trend per year
EVENTS = {
    "OVERALL": [("cost_of_living", -0.2), ("covid", 0.15)],
    "VALUE": [("cost_of_living", -0.3)],
    "LIBRARIES": [("covid", -0.3)],
    "ADULTS": [("nhs_winter", -0.1)],
    "CHILDREN": [("notice", 0.3)],
    "WASTE": [("garden_charge", -0.3)],
}
TRENDS = {"ROADS": -0.02, "VALUE": -0.01}
LINK = {"ROADS": 0.2, "LIBRARIES": 0.25, "WASTE": 0.15, "ADULTS": 0.15}  # logit per standard deviation
DISSATISFIED_SHARE = 0.55  # of those not satisfied (the rest neither)


def quarter_of(months: np.ndarray) -> np.ndarray:
    """First month of the financial quarter (April, July, October, January) of each month."""
    return months - ((month_of_year(months) - 4) % 3)


def _output_by_district(con, code: str, quarters: np.ndarray) -> np.ndarray:
    """(districts × quarters) of the output, standardised on the council's series; NaN when a district
    has none of its own."""
    rows = resources.indicator_rows(con, code)
    out = np.full((len(cat.DISTRICTS), len(quarters)), np.nan)
    if rows.empty:
        return out
    rows["quarter"] = quarter_of(rows["month"].to_numpy().astype("datetime64[M]")).astype("datetime64[ns]")
    council = resources.on_months(resources.scaled(rows, "quarter"), quarters)
    ok = np.isfinite(council)
    if ok.sum() < 2 or council[ok].std() == 0:
        return out
    mean, sd = council[ok].mean(), council[ok].std()
    for d, (_, name, _) in enumerate(cat.DISTRICTS):  # a loop over the ten districts
        own = rows[rows["name"].str.contains(name, regex=False)]
        x = resources.on_months(resources.scaled(own, "quarter"), quarters) if len(own) else council
        out[d] = np.clip((np.where(np.isfinite(x), x, council) - mean) / sd, -3, 3)
    return out


def simulate(ctx, con) -> pd.DataFrame:
    rng = ctx.rng("survey")
    quarters = periods_for("quarterly", ctx.first, ctx.last)
    n_q, n_d = len(quarters), len(cat.DISTRICTS)
    population = np.array([p for _, _, p in cat.DISTRICTS], dtype=float)
    months = (quarters[:, None] + np.arange(3)).ravel()
    years = (quarters - np.datetime64("2021-04", "M")).astype(int) / 12
    links = {outcome: (output, lag) for _, _, output, kind, outcome, _, lag, _, _ in cat.OUTCOME_PAIRS
             if kind == "survey"}
    frames = []
    for code, _, _, _, base, asked in cat.SURVEY_THEMES:  # a loop over the seven themes
        score = logit(base) + rng.normal(0.0, 0.15, n_d)[:, None] + TRENDS.get(code, 0.0) * years[None, :]
        for name, size in EVENTS.get(code, ()):
            score = score + size * event_shape(name, months).reshape(n_q, 3).mean(axis=1)[None, :]
        if code in links:
            output, lag = links[code]
            z = np.nan_to_num(_output_by_district(con, output, quarters))
            score = score + LINK[code] * np.array([resources.lagged(row, lag // 3) for row in z])
        score = score + rng.normal(0.0, 0.04, n_q)[None, :] + _ar(rng, n_d, n_q, 0.05, 0.5)
        expected = cat.SURVEY_RESPONDENTS_PER_QUARTER * population / population.sum() * asked
        respondents = rng.poisson(np.broadcast_to(expected[:, None] * rng.uniform(0.9, 0.98), (n_d, n_q)))
        satisfied = rng.binomial(respondents, expit(score))
        dissatisfied = rng.binomial(respondents - satisfied, DISSATISFIED_SHARE)
        frames.append(pd.DataFrame({
            "quarter_start": np.repeat(quarters.astype("datetime64[D]"), n_d).astype("datetime64[s]"),
            "theme_code": code, "district_code": np.tile([c for c, _, _ in cat.DISTRICTS], n_q),
            "respondents": respondents.T.ravel(), "satisfied": satisfied.T.ravel(),
            "dissatisfied": dissatisfied.T.ravel()}))
    return pd.concat(frames, ignore_index=True)


def _ar(rng, n, m, sd, phi):
    out = np.zeros((n, m))
    if m:
        out[:, 0] = rng.normal(0.0, sd, n)
        for t in range(1, m):
            out[:, t] = phi * out[:, t - 1] + rng.normal(0.0, sd, n)
    return out


def fill(con, ctx) -> dict[str, int]:
    results = simulate(ctx, con)
    con.register("survey_df", results)
    con.execute("""
        INSERT INTO survey_result
        SELECT CAST(quarter_start AS DATE), theme_code, district_code, respondents, satisfied, dissatisfied
        FROM survey_df ORDER BY quarter_start, theme_code, district_code""")
    con.unregister("survey_df")
    indicators = {r[0] for r in con.execute("SELECT code FROM indicator").fetchall()}
    pairs = [p for p in cat.OUTCOME_PAIRS if p[2] in indicators]
    con.executemany("INSERT INTO outcome_pair VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", pairs)
    return {"survey_result": len(results), "outcome_pair": len(pairs)}
