"""What the demo's resources domains share: the simulation context (tree,
span, calendar, seed), teams with their profiles, pay awards, prices and
savings, and the helpers that tie a domain's outcomes to indicator returns.
``data/demo/resource_domains.py`` fills the domains with them (issue 5).

Each domain draws from its own numpy generator seeded with (seed, a CRC-32 of
the domain's name), so adding a domain never changes another's figures, and
the same seed gives identical tables.  Everything is vectorised over teams (or
records); the only Python loops run over months, categories or the handful of
declared risks.

Finance and workforce are simulated over whole financial years — from the April
on or before ``first`` to the March after ``last`` — because budgets are set
for the year and forecasts look to its end; only the months from ``first`` to
``last`` are stored.  The derived tables (``*_rollup``, ``risk_status``) are
built afterwards by data/build/derive.py.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.demo import catalogue_resources as cat
from data.build.calendar import WorkingDays
from data.demo.series import month_of_year

# Financial years (April start) -> (budgeted pay award, actual NJC award, month of the year it was paid,
# 0 = April on time; later = arrears back to April paid that month).
PAY_AWARDS = {
    **{y: (0.025, 0.025, 0) for y in range(2000, 2010)},
    **{y: (0.0, 0.0, 0) for y in range(2010, 2013)},           # the public-sector pay freeze
    **{y: (0.01, 0.01, 0) for y in range(2013, 2018)},
    2018: (0.02, 0.028, 0), 2019: (0.02, 0.02, 0), 2020: (0.02, 0.0275, 5), 2021: (0.02, 0.0175, 10),
    2022: (0.03, 0.065, 8), 2023: (0.04, 0.06, 8), 2024: (0.04, 0.045, 7), 2025: (0.03, 0.032, 4),
}
PRICE_INDEX = [(2000, 0.68), (2006, 0.74), (2008, 0.80), (2010, 0.84), (2012, 0.90), (2014, 0.92), (2016, 0.93),
               (2018, 0.97), (2020, 0.99), (2021, 1.0), (2022, 1.09), (2023, 1.16), (2024, 1.19), (2025, 1.23),
               (2026, 1.26), (2027, 1.29), (2040, 1.6)]


def stable_key(name: str) -> int:
    return zlib.crc32(name.encode())


def fy_start(month: np.datetime64) -> np.datetime64:
    """The April on or before a month (datetime64[M])."""
    return month - int((month_of_year(np.array([month]))[0] - 4) % 12)


@dataclass
class Context:
    """What every domain needs: the tree, the span, the calendar and the seed."""

    seed: int
    org: pd.DataFrame          # build_org's frame, in tree order
    first: np.datetime64       # first stored month
    last: np.datetime64        # last stored month
    as_of: np.datetime64       # the day the data were extracted (a few working days after `last`)
    months: np.ndarray         # simulated months: whole financial years around [first, last]
    wd: WorkingDays            # working days from before the first simulated month

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, stable_key(name)])

    @property
    def stored(self) -> np.ndarray:
        """Mask over ``months``: the months written to the database."""
        return (self.months >= self.first) & (self.months <= self.last)

    @property
    def years(self) -> np.ndarray:
        """Financial year (the calendar year of its April) of each simulated month."""
        moy = month_of_year(self.months)
        return self.months.astype("datetime64[Y]").astype(int) + 1970 - (moy < 4)

    @property
    def fiscal_month(self) -> np.ndarray:
        """0 for April … 11 for March."""
        return (month_of_year(self.months) - 4) % 12

    def working_days_in(self, months: np.ndarray) -> np.ndarray:
        start = months.astype("datetime64[D]") - 1
        end = (months + 1).astype("datetime64[D]") - 1
        return self.wd.between(start, end)


def teams_frame(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per team with its profile's parameters and a size (a lognormal multiplier)."""
    teams = org[org["level"] == "team"].copy()
    teams["o"] = np.flatnonzero((org["level"] == "team").to_numpy()).astype(np.int32)
    kinds = pd.unique(teams["kind"])
    params = pd.DataFrame([cat.profile(k) for k in kinds]).assign(kind=kinds)  # one row per kind
    money = np.zeros((len(kinds), len(cat.CATEGORIES)))
    for k, p in enumerate(params["money"]):
        for key, amount in p.items():
            money[k, cat.MONEY_KEYS[key]] = amount
    params = params.drop(columns="money").assign(**{f"money_{c}": money[:, k]
                                                     for k, c in enumerate(cat.CATEGORY_CODES)})
    teams = teams.merge(params, on="kind", how="left", validate="many_to_one")
    teams["size"] = np.exp(rng.normal(0.0, 0.3, len(teams)))
    # schools groups: primary (many small schools) > secondary > special > PRU
    name = teams["name"]
    teams.loc[name.str.startswith("Secondary"), "size"] *= 0.8
    teams.loc[name.str.startswith("Special"), "size"] *= 0.5
    teams.loc[name.str.startswith("Pupil Referral"), "size"] *= 0.15
    return teams.reset_index(drop=True)


def pay_levels(years: np.ndarray, fiscal_month: np.ndarray) -> dict[str, np.ndarray]:
    """Pay levels (2021/22 after its award = 1) per simulated month.

    budget: what the budget assumed (last year's actual level × the budgeted award);
    paid: the level actually paid that month (the new award only once agreed);
    arrears: back pay for the earlier months of the year, paid in the month the award was agreed."""
    ys = np.arange(1999, 2041)
    actual = np.cumprod([1 + PAY_AWARDS.get(int(y), (0.03, 0.03, 0))[1] for y in ys])
    actual = actual / actual[ys == 2021][0]
    level = dict(zip(ys.tolist(), actual))
    budget = np.array([level[int(y) - 1] * (1 + PAY_AWARDS.get(int(y), (0.03, 0.03, 0))[0]) for y in years])
    before, after = np.array([level[int(y) - 1] for y in years]), np.array([level[int(y)] for y in years])
    paid_month = np.array([PAY_AWARDS.get(int(y), (0.03, 0.03, 0))[2] for y in years])
    paid = np.where(fiscal_month >= paid_month, after, before)
    arrears = np.where(fiscal_month == paid_month, (after - before) * paid_month, 0.0)
    return {"budget": budget, "paid": paid, "arrears": arrears}


def money(teams: pd.DataFrame) -> np.ndarray:
    """Annual non-pay budget of each team by category (teams × categories; employees 0), 2021/22 prices."""
    return teams[[f"money_{c}" for c in cat.CATEGORY_CODES]].to_numpy(float) * teams["size"].to_numpy()[:, None]


def price_index(years: np.ndarray) -> np.ndarray:
    xs, ys = zip(*PRICE_INDEX)
    return np.interp(years.astype(float), xs, ys)


def savings_plan(services: np.ndarray, years: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Savings programmes (services × financial years): the share cut from non-pay budgets each year
    (often in the austerity years, rarely in social care), and the share of it actually delivered."""
    n_s, n_y = len(services), len(years)
    austerity = (years >= 2010) & (years <= 2016)
    chance = np.where(austerity, 0.5, 0.25)[None, :] * np.ones((n_s, 1))
    cut = np.where(rng.random((n_s, n_y)) < chance, rng.uniform(0.03, 0.1, (n_s, n_y)), 0.0)
    delivered = rng.beta(6, 3, (n_s, n_y))
    return {"cut": cut, "delivered": delivered, "kept": np.cumprod(1 - cut, axis=1)}


def indicator_rows(con, code: str) -> pd.DataFrame:
    """Every reported row of an indicator (month, org_code, unit name, parent, numerator, denominator, value)."""
    return con.execute("""
        SELECT m.period_start AS month, m.org_code, o.name, o.parent_code, m.numerator, m.denominator, m.value
        FROM measure AS m JOIN org_unit AS o ON o.code = m.org_code
        WHERE m.indicator_code = ?
        ORDER BY m.period_start, m.org_code""", [code]).df()


def scaled(rows: pd.DataFrame, by) -> pd.Series:
    """Reported rows combined per group on an unbounded scale: the logit of Σnumerator / Σdenominator
    for a ratio indicator, else the log of the average reported value (comparable between a district's
    few teams and the whole council)."""
    sums = rows.groupby(by)[["numerator", "denominator", "value"]].sum(min_count=1)
    if sums["denominator"].notna().any():
        p = np.clip(sums["numerator"] / sums["denominator"].clip(lower=1e-9), 0.01, 0.99)
        return np.log(p / (1 - p))
    rows_per_group = rows.groupby(by).size()
    return np.log((sums["value"] / rows_per_group).clip(lower=1.0))  # per reporting row: any number of units


def standardise(values: np.ndarray) -> np.ndarray:
    """z-scores over the finite values; 0 where a value is missing (no signal either way)."""
    values = np.asarray(values, dtype=float)
    ok = np.isfinite(values)
    if ok.sum() < 2 or np.std(values[ok]) == 0:
        return np.zeros_like(values)
    z = (values - values[ok].mean()) / values[ok].std()
    return np.where(ok, z, 0.0)


def lagged(values: np.ndarray, lag: int) -> np.ndarray:
    """values shifted ``lag`` steps later; the first ``lag`` repeat the first value (no earlier data)."""
    values = np.asarray(values, dtype=float)
    if lag <= 0 or len(values) == 0:
        return values.copy()
    return np.concatenate([np.full(min(lag, len(values)), values[0]), values[:max(len(values) - lag, 0)]])


def on_months(series: pd.Series, months: np.ndarray) -> np.ndarray:
    """A series indexed by dates, laid on an array of months (NaN where it has no value)."""
    keys = pd.to_datetime(series.index).to_numpy().astype("datetime64[M]")
    out = np.full(len(months), np.nan)
    pos = np.searchsorted(months, keys)
    ok = (pos < len(months)) & (months[np.minimum(pos, len(months) - 1)] == keys)
    out[pos[ok]] = series.to_numpy(float)[ok]
    return out
