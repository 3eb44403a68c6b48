"""Revenue budget monitoring for every cost centre (team), month and category.

For each financial year and category a team has an original budget (set in
February for the year), a current budget (the original plus in-year changes:
virements between employees and supplies, grants received in year — added to
both spend and income — and, for children's placements from 2022/23, an
allocation from the corporate contingency in October), the budget profiled
over the months, the actual spend of each month and the outturn forecast each
month for the whole year.

* Employees follow the workforce: the budget is the April establishment at the
  budgeted pay award less a 2% vacancy factor; the spend is staff in post at
  the pay actually paid (late pay awards are paid with arrears, e.g. December
  2022) plus agency spend.
* Other categories are the team's profile at the year's prices: the budget
  assumes 2% inflation on last year's prices, and about a third of spend is
  exposed to in-year prices (the rest is fixed by contracts), so 2022/23's
  energy and price shocks overspend.  Savings programmes cut a service's
  non-pay budgets; only part of each cut is delivered in its first year
  (slippage).
* Children's placements overspend more each year from 2022/23 (the
  improvement-notice years), part-funded by later budget growth and by an
  in-year contingency allocation; home-to-school transport and adult care
  packages overspend too; the pandemic cut fees and charges income; the garden
  waste charge (April 2025) brings in less than budgeted.
* Schools' delegated budgets come within 1–2% of what they spend: schools
  manage within their funding and balances.
* Actual spend is profiled like the budget with noise, April light and March
  heavy (year-end accruals and spending); the twelve months sum to the outturn.
* The forecast starts near the budget (budget holders' optimism) and moves to
  the outturn, which it equals in March.

Amounts are whole pounds; income is negative, as in the ledger, so a team's
net budget or spend is the plain sum over categories and forecast − budget
> 0 is an overspend (or an income shortfall) in every category.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import catalogue_resources as cat
from data.demo import resources

EMP, PREMISES, TRANSPORT, SUPPLIES, THIRD_PARTY, INCOME = range(6)
# Budget profile over the financial year (April first), per category.
PROFILE = np.array([
    [1] * 12,                                                       # employees: monthly payroll
    [0.95, 0.9, 0.85, 0.85, 0.85, 0.95, 1.05, 1.15, 1.15, 1.15, 1.05, 1.3],   # premises: heating, March repairs
    [1.0, 1.0, 1.0, 0.95, 0.7, 1.05, 1.05, 1.05, 0.95, 1.05, 1.05, 1.15],    # transport: quiet August
    [0.6, 0.9, 0.95, 0.95, 0.9, 1.0, 1.0, 1.0, 0.95, 1.0, 1.05, 1.7],        # supplies: slow start, March push
    [0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 1.0, 0.95, 1.15],        # third-party: accruals in March
    [1.5, 0.8, 0.8, 1.3, 0.8, 0.8, 1.3, 0.8, 0.8, 1.3, 0.8, 1.0],           # income: quarterly grant instalments
], dtype=float)
PROFILE /= PROFILE.sum(axis=1, keepdims=True)
ACTUAL_NOISE = np.array([0.0, 0.12, 0.1, 0.2, 0.06, 0.15])  # month-to-month wobble of actuals around the profile
# Share by which each category's need exceeded the budget's assumptions, by financial year.
PLACEMENTS = {2019: 0.03, 2020: 0.04, 2021: 0.05, 2022: 0.08, 2023: 0.16, 2024: 0.24, 2025: 0.28, 2026: 0.24}
SCHOOL_TRANSPORT = {2022: 0.08, 2023: 0.12, 2024: 0.1, 2025: 0.08, 2026: 0.06}
ADULT_CARE = {2022: 0.025, 2023: 0.035, 2024: 0.02, 2025: 0.015}
ENERGY = {2022: 0.22, 2023: 0.1}
INFLATION_EXPOSED = 0.35  # share of non-pay spend exposed to in-year prices (the rest is fixed by contracts)
FEES_AND_CHARGES = ("library", "archive", "acl", "reg", "parks", "roadsafety", "network", "devman")


def _by_year(table: dict, years: np.ndarray, default: float = 0.0, after: float | None = None) -> np.ndarray:
    last = max(table) if table else 0
    return np.array([table.get(int(y), after if after is not None and y > last else default) for y in years])


def simulate(ctx, teams: pd.DataFrame, wf: dict) -> dict[str, np.ndarray]:
    """Arrays (teams × years × categories × months of the year) of budgets, actuals and forecasts."""
    rng = ctx.rng("finance")
    n_t = len(teams)
    fy = np.unique(ctx.years)
    n_y = len(fy)
    kind = teams["kind"].to_numpy()
    care = teams["care"].to_numpy(bool)
    amounts = resources.money(teams)  # (teams, categories)
    shape = (n_t, n_y, 6)

    # non-pay: budget on last year's prices + 2%, need at this year's prices; savings and their slippage
    care_growth = np.where(care[:, None], np.exp(0.03 * (fy - 2021))[None, :], 1.0)
    assumed = resources.price_index(fy - 1) * 1.02
    prices = assumed * (1 + INFLATION_EXPOSED * (resources.price_index(fy) / assumed - 1))
    budget = amounts[:, None, :] * assumed[None, :, None] * care_growth[:, :, None]
    need = amounts[:, None, :] * prices[None, :, None] * care_growth[:, :, None]
    services = np.unique(teams["service"].to_numpy())
    plan = resources.savings_plan(services, fy, ctx.rng("savings"))
    s_index = np.searchsorted(services, teams["service"].to_numpy())
    kept, cut, delivered = plan["kept"][s_index], plan["cut"][s_index], plan["delivered"][s_index]
    spend = np.arange(6) != INCOME
    budget[:, :, spend] *= kept[:, :, None]
    need[:, :, spend] *= (kept * (1 + cut * (1 - delivered)))[:, :, None]

    def pressure(sel, category, table, rebased):
        """Need grows by the year's pressure; the budget catches up with part of last year's."""
        latest = table[max(table)]
        now, before = _by_year(table, fy, after=latest), _by_year(table, fy - 1, after=latest)
        need[sel, :, category] *= 1 + now[None, :]
        budget[sel, :, category] *= 1 + rebased * before[None, :]

    pressure(kind == "cla", THIRD_PARTY, PLACEMENTS, 0.25)
    pressure(kind == "fost", THIRD_PARTY, {y: v / 2 for y, v in PLACEMENTS.items()}, 0.25)
    pressure(kind == "hst", TRANSPORT, SCHOOL_TRANSPORT, 0.3)
    pressure(np.isin(kind, ("asc", "ld", "mh")), THIRD_PARTY, ADULT_CARE, 0.5)
    need[:, :, PREMISES] *= 1 + _by_year(ENERGY, fy)[None, :]
    fees = np.isin(kind, FEES_AND_CHARGES)
    need[:, :, INCOME] *= np.where(fees[:, None], _by_year({2020: 0.7, 2021: 0.9}, fy, 1.0)[None, :],
                                   _by_year({2020: 0.9}, fy, 1.0)[None, :])
    garden = (kind == "wcoll")[:, None] & (fy >= 2025)[None, :]
    budget[:, :, INCOME] *= np.where(garden, 3.0, 1.0)
    need[:, :, INCOME] *= np.where(garden, 2.4, 1.0)
    need *= np.exp(rng.normal(0.0, 0.03, (n_t, 1, 6)) + rng.normal(0.0, 0.035, shape))

    # employees: the establishment at the budgeted award; spend from the workforce
    pay = resources.pay_levels(ctx.years, ctx.fiscal_month)
    cost = teams["cost"].to_numpy(float)
    est_april = wf["establishment"].reshape(n_t, n_y, 12)[:, :, 0]
    budget[:, :, EMP] = est_april * cost[:, None] * pay["budget"].reshape(n_y, 12)[None, :, 0] * 0.98
    pay_month = wf["fte"] * cost[:, None] / 12 * (pay["paid"] + pay["arrears"])[None, :] \
        * np.exp(rng.normal(0.0, 0.02, wf["fte"].shape)) + wf["agency"]
    emp_actual = np.round(pay_month).reshape(n_t, n_y, 12)
    # schools' delegated budgets: they manage within their funding (and balances), give or take 1-2%
    schools = teams["schools"].to_numpy(bool)
    n_schools = int(schools.sum())
    budget[schools] = need[schools] * np.exp(rng.normal(0.0, 0.015, (n_schools, n_y, 6)))
    budget[schools, :, EMP] = emp_actual[schools].sum(axis=-1) * np.exp(rng.normal(0.0, 0.01, (n_schools, n_y)))
    budget = np.round(budget)

    # in-year budget changes, each in one month of the year
    delta = np.zeros(shape + (12,))
    tt, yy = np.indices((n_t, n_y))
    month = rng.integers(3, 10, (n_t, n_y))
    virement = (rng.random((n_t, n_y)) < 0.35) & (amounts[:, SUPPLIES] > 0)[:, None]
    room = 0.5 * budget[:, :, SUPPLIES]
    moved = np.round(np.clip(0.5 * (emp_actual.sum(-1) - budget[:, :, EMP]), -room, room)) * virement
    delta[tt, yy, EMP, month] += moved
    delta[tt, yy, SUPPLIES, month] -= moved
    placements = ((teams["directorate"].to_numpy() == "SCF") & (amounts[:, THIRD_PARTY] > 0))[:, None] & (fy >= 2022)
    contingency = np.round(0.3 * np.maximum(need[:, :, THIRD_PARTY] - budget[:, :, THIRD_PARTY], 0)) * placements
    delta[:, :, THIRD_PARTY, 6] += contingency
    target = np.where(amounts[:, THIRD_PARTY] > 0, THIRD_PARTY, SUPPLIES)[:, None] * np.ones((1, n_y), int)
    grant = (rng.random((n_t, n_y)) < 0.12) & (amounts[:, INCOME] < 0)[:, None]
    amount = np.round(rng.uniform(0.02, 0.08, (n_t, n_y)) * budget[tt, yy, target]) * grant
    month = rng.integers(2, 9, (n_t, n_y))
    delta[tt, yy, target, month] += amount
    delta[tt, yy, INCOME, month] -= amount
    need[tt, yy, target] += amount
    need[tt, yy, INCOME] -= amount
    current = budget[..., None] + np.cumsum(delta, axis=-1)

    # actual spend: the profile with noise, March accruals; employees from the payroll
    profile = np.broadcast_to(PROFILE, (n_t, 6, 12)).copy()
    term_time = teams["term_time"].to_numpy(bool)
    profile[term_time, TRANSPORT, 4] *= 0.3  # no school runs in August
    profile /= profile.sum(axis=-1, keepdims=True)
    share = profile[:, None] * np.exp(rng.normal(0.0, 1.0, shape + (12,)) * ACTUAL_NOISE[None, None, :, None])
    share[..., 11] *= 1 + rng.uniform(0.05, 0.4, shape)
    share /= share.sum(axis=-1, keepdims=True)
    actual = np.round(need[..., None] * share)
    actual[:, :, EMP] = emp_actual
    outturn = actual.sum(axis=-1)

    # forecast outturn: near the budget early in the year, the outturn in March
    m = np.arange(12)
    weight = 0.3 + 0.7 * ((m + 1) / 12) ** 1.3
    error = (0.7 * rng.normal(0.0, 1.0, shape)[..., None] + 0.3 * rng.normal(0.0, 1.0, shape + (12,))) \
        * 0.03 * np.abs(current) * (11 - m) / 11
    forecast = np.round(current + weight * (outturn[..., None] - current) + error)
    forecast[..., 11] = outturn

    cumulative = np.round(current * np.cumsum(profile, axis=-1)[:, None])
    profiled = np.diff(cumulative, axis=-1, prepend=0.0)
    used = (amounts != 0) | (np.arange(6) == EMP)[None, :]
    return {"original": np.broadcast_to(budget[..., None], current.shape), "current": current,
            "profiled": profiled, "actual": actual, "forecast": forecast, "used": used}


def fill(con, ctx, teams: pd.DataFrame, wf: dict) -> dict[str, int]:
    f = simulate(ctx, teams, wf)
    n_t = len(teams)
    stored = ctx.stored

    def months_major(a):  # (teams, years, categories, 12) -> (teams, stored months, categories)
        return a.transpose(0, 1, 3, 2).reshape(n_t, -1, 6)[:, stored]

    mask = np.broadcast_to(f["used"][:, None, :], (n_t, int(stored.sum()), 6))
    t, m, c = np.nonzero(mask)
    frame = pd.DataFrame({
        "o": teams["o"].to_numpy(np.int32)[t],
        "day": ctx.months[stored].astype("datetime64[D]").astype(np.int32)[m],
        "c": c.astype(np.int8),
        **{k: months_major(f[k])[t, m, c] for k in ("original", "current", "profiled", "actual", "forecast")},
    })
    con.register("category_codes_df", pd.DataFrame({"c": np.arange(6, dtype=np.int8), "code": cat.CATEGORY_CODES}))
    con.register("finance_df", frame)
    con.execute("""
        INSERT INTO finance
        SELECT o.code, DATE '1970-01-01' + f.day, c.code, f.original, f.current, f.profiled, f.actual, f.forecast
        FROM finance_df AS f JOIN org_codes_df AS o USING (o) JOIN category_codes_df AS c USING (c)
        ORDER BY o.code, f.day, f.c""")
    con.unregister("finance_df")
    con.unregister("category_codes_df")
    return {"finance": len(frame)}
