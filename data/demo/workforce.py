"""Workforce of every team, month by month: establishment, staff in post,
starters and leavers, sickness absence, agency spend and mandatory training.

Staff in post is a stock: each month some staff leave (binomially, at the
team's turnover; schools' staff mostly at the end of the summer term) and
vacancies are filled gradually (schools' mostly in September).  Establishment
is set each April: it grows in social care, shrank in the austerity years and
falls with a service's savings programme.

Children's social workers tell the improvement-notice story: the vacancy rate
rises from 2021, peaks in 2023 and falls once the recruitment drive (from
mid-2023) takes effect; agency workers cover most vacant posts at about 2.5
times the cost.  Sickness is highest in social care and reablement and lowest
in schools, peaks in winter and rises slowly after 2017 (stress and mental
health).  Long-term absence (an absence of more than 20 working days) is
simulated as absences that persist from month to month, so it is lumpy in
small teams.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import resources
from data.demo.series import event_shape, expit, logit, month_of_year

# Vacancy rate of social work teams (children's; adults' at 70% of it, plus 3 points).
SW_VACANCY = [("2000-04", 0.12), ("2016-04", 0.14), ("2021-04", 0.17), ("2022-10", 0.24), ("2023-06", 0.28),
              ("2024-06", 0.2), ("2025-06", 0.14), ("2040-01", 0.12)]
# Establishment index by financial year: (other services, social care, schools).
ESTABLISHMENT = {"other": [(2000, 1.14), (2009, 1.14), (2016, 0.93), (2021, 1.0), (2040, 1.05)],
                 "care": [(2000, 0.84), (2021, 1.0), (2040, 1.2)],
                 "schools": [(2000, 1.12), (2016, 1.0), (2021, 0.97), (2040, 0.9)]}
LONG_TERM_STAY = 0.72  # chance a long-term absence carries on into the next month


def _shape(points, months):
    xs = np.array([np.datetime64(m, "M") for m, _ in points]).astype(np.int64)
    return np.interp(months.astype(np.int64), xs, [v for _, v in points])


def simulate(ctx, teams: pd.DataFrame) -> dict[str, np.ndarray]:
    """Arrays (teams × simulated months) of every workforce measure."""
    rng = ctx.rng("workforce")
    months, years = ctx.months, ctx.years
    n_t, n_m = len(teams), len(months)
    moy = month_of_year(months)
    col = lambda name: teams[name].to_numpy()  # noqa: E731
    schools, care, sw = col("schools").astype(bool), col("care").astype(bool), col("sw").astype(bool)
    scf = col("directorate") == "SCF"

    # establishment, reset each April
    group = np.where(schools, "schools", np.where(care, "care", "other"))
    est_index = np.ones((n_t, n_m))
    for g, points in ESTABLISHMENT.items():
        xs, ys = zip(*points)
        est_index[group == g] = np.interp(years.astype(float), xs, ys)[None, :]
    services = np.unique(col("service"))
    plan = resources.savings_plan(services, np.unique(years), ctx.rng("savings"))
    s_index = np.searchsorted(services, col("service"))
    y_index = years - years.min()
    staff_kept = np.cumprod(1 - 0.4 * plan["cut"], axis=1)[s_index][:, y_index]
    yearly = np.exp(rng.normal(0.0, 0.03, (n_t, y_index.max() + 1)))[:, y_index]
    est = np.maximum(np.round((col("est") * col("size"))[:, None] * est_index * staff_kept * yearly * 2) / 2, 1.0)
    est[schools] = np.round(est[schools])

    # vacancy rate wanted by the service (the rate that recruitment settles at)
    team_eff = np.exp(rng.normal(0.0, 0.3, n_t))
    sw_shape = _shape(SW_VACANCY, months)
    vac = np.where(sw[:, None] & scf[:, None], sw_shape[None, :],
                   np.where(sw[:, None], 0.7 * sw_shape[None, :] + 0.03, col("vac")[:, None])) * team_eff[:, None]
    vac = np.clip(vac, 0.0, 0.45)
    fpp = col("fpp") * np.exp(rng.normal(0.0, 0.03, n_t))
    wanted = est * (1 - vac) / fpp[:, None]

    # staff in post: leavers and starters month by month (a loop over months, vectorised across teams)
    turnover = col("turnover") * np.exp(rng.normal(0.0, 0.2, n_t))
    leave_season = np.where(schools[:, None], np.select([moy == 7, moy == 8, moy == 12], [4.0, 2.0, 1.0], 0.6)[None, :],
                            np.where(np.isin(moy, (3, 4)), 1.3, 0.95)[None, :])
    fill_speed = np.where(schools[:, None], np.select([moy == 9, np.isin(moy, (1, 4))], [0.9, 0.3], 0.1)[None, :],
                          0.35)
    head = np.zeros((n_t, n_m), dtype=np.int64)
    starters = np.zeros_like(head)
    leavers = np.zeros_like(head)
    head[:, 0] = np.round(wanted[:, 0])
    p_leave = np.clip(turnover[:, None] / 12 * leave_season, 0, 0.5)
    for m in range(1, n_m):
        leavers[:, m] = rng.binomial(head[:, m - 1], p_leave[:, m])
        gap = wanted[:, m] - (head[:, m - 1] - leavers[:, m])
        starters[:, m] = rng.poisson(np.maximum(gap, 0.0) * fill_speed[:, m])
        head[:, m] = head[:, m - 1] - leavers[:, m] + starters[:, m]
    fte = np.round(head * fpp[:, None] * np.exp(rng.normal(0.0, 0.01, (n_t, n_m))), 2)

    # sickness: short-term days, and long-term absences that persist
    days = ctx.working_days_in(months).astype(float)
    years_on = np.clip((months - np.datetime64("2017-04", "M")).astype(int) / 12, 0, 10)
    notice = event_shape("notice", months)
    rate = (col("sick") * np.exp(rng.normal(0.0, 0.2, n_t)))[:, None] \
        * (1 + 0.22 * np.cos(2 * np.pi * (moy - 1) / 12))[None, :] * (1 + 0.015 * years_on)[None, :] \
        * (1 + 0.12 * event_shape("covid", months))[None, :] \
        * np.where(sw[:, None], 1 + 0.15 * np.clip(-notice, 0, 1)[None, :], 1.0)
    lt = col("lt")[:, None]
    short = rng.poisson(fte * rate * (1 - lt) / 12 * 2) / 2
    absent_mean = head * rate * lt / (12 * days[None, :] * 0.85)
    absent = np.zeros_like(head)
    absent[:, 0] = rng.poisson(absent_mean[:, 0])
    for m in range(1, n_m):
        carried_on = rng.binomial(absent[:, m - 1], LONG_TERM_STAY)
        absent[:, m] = carried_on + rng.poisson(absent_mean[:, m] * (1 - LONG_TERM_STAY))
    absent = np.minimum(absent, head)
    long = np.round(absent * days[None, :] * fpp[:, None] * rng.uniform(0.7, 1.0, (n_t, n_m)) * 2) / 2

    # agency: cover for vacant posts (and some long-term sickness) in teams that use agency workers
    uses = care | schools | (rng.random(n_t) < 0.6)
    cover = np.where(uses, col("agency"), 0.0)
    vacant = np.maximum(est - fte, 0.0)
    agency_fte = (vacant + 0.5 * long / days[None, :]) * cover[:, None] * np.exp(rng.normal(0.0, 0.25, (n_t, n_m)))
    pay = resources.pay_levels(years, ctx.fiscal_month)["paid"]
    agency = np.where(agency_fte >= 0.1, np.round(agency_fte * col("agency_cost")[:, None] * pay[None, :]), 0.0)

    # mandatory training: modules per person, completion dips after the cyber incident
    required = head * col("modules")[:, None]
    score = logit(0.87) + rng.normal(0.0, 0.5, n_t)[:, None] + 0.03 * years_on[None, :] \
        - 0.7 * event_shape("cyber", months)[None, :] - 0.8 * starters / np.maximum(head, 1) \
        + _ar(rng, n_t, n_m, 0.15, 0.8)
    completed = rng.binomial(required, expit(score))

    return {"establishment": est, "head": head, "fte": fte, "short": short, "long": long,
            "starters": starters, "leavers": leavers, "agency": agency, "completed": completed,
            "required": required}


def _ar(rng, n, m, sd, phi):
    out = np.empty((n, m))
    out[:, 0] = rng.normal(0.0, sd / np.sqrt(1 - phi**2), n)
    shocks = rng.normal(0.0, sd, (n, m))
    for t in range(1, m):
        out[:, t] = phi * out[:, t - 1] + shocks[:, t]
    return out


def fill(con, ctx, teams: pd.DataFrame, keep: dict) -> dict[str, int]:
    """Simulate, insert the stored months into `workforce`, and leave the arrays in ``keep`` for finance."""
    wf = simulate(ctx, teams)
    keep.update(wf)
    stored = ctx.stored
    n_t, n_m = len(teams), int(stored.sum())
    pick = lambda a: a[:, stored].ravel()  # noqa: E731  (team-major, then month)
    frame = pd.DataFrame({
        "o": np.repeat(teams["o"].to_numpy(np.int32), n_m),
        "day": np.tile(ctx.months[stored].astype("datetime64[D]").astype(np.int32), n_t),
        "headcount": pick(wf["head"]).astype(np.int32), "fte": pick(wf["fte"]),
        "establishment_fte": pick(wf["establishment"]), "short": pick(wf["short"]), "long": pick(wf["long"]),
        "starters": pick(wf["starters"]).astype(np.int32), "leavers": pick(wf["leavers"]).astype(np.int32),
        "agency": pick(wf["agency"]), "completed": pick(wf["completed"]).astype(np.int32),
        "required": pick(wf["required"]).astype(np.int32),
    })
    con.register("workforce_df", frame)
    con.execute("""
        INSERT INTO workforce
        SELECT o.code, DATE '1970-01-01' + w.day, w.headcount, w.fte, w.establishment_fte, w.short, w.long,
               w.starters, w.leavers, w.agency, w.completed, w.required
        FROM workforce_df AS w JOIN org_codes_df AS o USING (o)
        ORDER BY o.code, w.day""")
    con.unregister("workforce_df")
    return {"workforce": len(frame)}
