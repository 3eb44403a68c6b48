"""Children's casework (issue 6): one row per case of the children's social care
teams, and the case-holding social workers of each team month by month.

    fill(con, org, preset, seed, first, last, progress)   # from data.generate, after resource_domains.fill

Which teams: the case-holding teams of Schools, Children and Families — the
Children and Families Hub (MASH), Assessment and Intervention, Family Support
and Protection and Children with Disabilities teams of Children's Social Care,
and the Children in Care teams (CASE_KINDS; about 23 teams at the council
preset, twenty times as many at large).

Which cases: every case referred from the start of the case window — the last
WINDOW_MONTHS months of the data span, or all of it when shorter — to the last
day of the last month (the day the case system was extracted), plus the
opening caseload: cases referred in the WARMUP_YEARS before the window and
still open on its first day, so a team's caseload is steady from the start.
The tiny preset has no opening caseload: its calendar must start with its
data (tests pin it), so its caseloads build up over the first months.

A case's life, in working days (data.calendar; the rules are in schema.sql):
referral (any day, about an eighth as many on weekends and bank holidays as on
a working day) → allocation to a social worker → assessment, due 45 working
days after the referral → for child protection a strategy discussion within a
couple of working days and an initial conference due 15 working days after it
→ closure.  Child protection and looked-after cases are allocated fastest; early
help waits longest and some early help cases are closed without ever being
allocated.  Anything after the extraction day is not known yet (NULL).

The improvement-notice story (data.series EVENTS["notice"], March 2023) sets
the pressure on teams: waits for allocation, assessment times and late
conferences grow through 2022 to a peak around the notice, then fall below
their old level as the improvement plan takes hold.  A team with more vacant
social work posts (the workforce table) is under more pressure.

Volumes: a few referrals per working day per team and 100–250 open cases per
team; a team's size (and so its referrals) follows its establishment in the
workforce table, and its case-holding social workers are a share of its staff
in post plus agency workers, so caseloads per social worker are about 15–20.
Everything is vectorised over cases (or teams × days); the generator is seeded
with (seed, CRC-32 of "casework"), so no other domain's figures change.
"""

from __future__ import annotations

import time
import zlib
from typing import Callable

import numpy as np
import pandas as pd

from data.demo import catalogue_resources as cat
from data.build.calendar import working_day_calendar
from data.demo.resources import pay_levels
from data.demo.series import event_shape, expit, logit, month_of_year

CATEGORIES = ("child_protection", "child_in_need", "looked_after", "early_help")
CATEGORY_NAMES = ("Child protection", "Child in need", "Looked after", "Early help")
CP, CIN, LAC, EH = range(4)
AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")  # DfE children in need census bands
AGE_MIX = np.array([           # share of each age band by category (roughly the DfE statistics)
    [0.11, 0.27, 0.28, 0.29, 0.05],
    [0.07, 0.19, 0.26, 0.35, 0.13],
    [0.05, 0.13, 0.18, 0.39, 0.25],
    [0.06, 0.22, 0.30, 0.34, 0.08],
])
# kind -> (referrals a working day for a team of the kind's usual establishment,
#          share by category (CP, CIN, LAC, EH),
#          mean working days a case stays open after its assessment (and conference), by category,
#          share of non-child-protection cases closed after screening, without an assessment)
CASE_KINDS = {
    "mash": (4.5, (0.12, 0.45, 0.00, 0.43), (10, 10, 10, 8), 0.45),
    "assess": (2.4, (0.20, 0.55, 0.02, 0.23), (60, 25, 60, 15), 0.12),
    "fsp": (0.75, (0.45, 0.43, 0.12, 0.00), (200, 130, 250, 60), 0.0),
    "cwd": (0.45, (0.06, 0.74, 0.20, 0.00), (200, 320, 450, 60), 0.0),
    "cla": (0.35, (0.08, 0.00, 0.92, 0.00), (100, 150, 420, 60), 0.0),
}
WINDOW_MONTHS = 66
WARMUP_YEARS = 4
ASSESSMENT_DAYS, CONFERENCE_DAYS = 45, 15
NON_WORKING_SHARE = 0.12  # referrals on a weekend or bank holiday, relative to a working day
# Mean working days from day 0 to allocation in ordinary times, and how strongly pressure lengthens it.
DELAY_MEAN = np.array([0.3, 2.5, 0.6, 7.0])
DELAY_PRESSURE = np.array([0.5, 1.0, 0.6, 1.2])
WORK_MEAN = 25.0          # working days from allocation to a completed assessment
CASE_HOLDING_SHARE = (0.58, 0.68)  # of a team's staff (and agency workers): social workers holding cases
SEASON = np.array([1.05, 1.05, 1.1, 0.95, 1.05, 1.05, 1.0, 0.75, 0.95, 1.1, 1.15, 0.85])  # Jan..Dec referrals


def case_window(preset: str, first: np.datetime64, last: np.datetime64) -> dict[str, np.datetime64]:
    """Days (datetime64[D]) bounding the case data: warm_start (earliest referral simulated),
    start (first day the data are complete for) and extract (the last day, the data's "today")."""
    start = max(first, last - (WINDOW_MONTHS - 1)).astype("datetime64[D]")
    warm = start if preset == "tiny" else (start.astype("datetime64[M]") - 12 * WARMUP_YEARS).astype("datetime64[D]")
    return {"warm_start": warm, "start": start, "extract": (last + 1).astype("datetime64[D]") - 1}


def calendar_start(preset: str, first: np.datetime64, last: np.datetime64) -> np.datetime64:
    """The first day the calendar table needs: the data span's, or the earliest casework referral's."""
    return min(first.astype("datetime64[D]"), case_window(preset, first, last)["warm_start"])


def day0_index(calendar: pd.DataFrame, dates) -> np.ndarray:
    """working_day_index of each date's day 0: the date itself if a working day, else the next working
    day (the rule in schema.sql; ``calendar`` as built by data.calendar.working_day_calendar)."""
    offset = (np.asarray(dates, dtype="datetime64[D]") - calendar["day"].iloc[0].to_datetime64()
              .astype("datetime64[D]")).astype(np.int64)
    if offset.size and (offset.min() < 0 or offset.max() >= len(calendar)):
        raise ValueError("date outside the working-day calendar")
    return (calendar["working_day_index"].to_numpy(np.int64)[offset]
            + ~calendar["is_working_day"].to_numpy()[offset])


def working_day(calendar: pd.DataFrame, k: np.ndarray) -> np.ndarray:
    """The date (datetime64[D]) of the working day whose working_day_index is k (k ≥ 1)."""
    work_days = calendar.loc[calendar["is_working_day"], "day"].to_numpy().astype("datetime64[D]")
    return work_days[np.asarray(k, dtype=np.int64) - 1]


def due_after(calendar: pd.DataFrame, dates, n: int) -> np.ndarray:
    """The working day whose working_day_index is day0_index(date) + n: an assessment is due
    due_after(referral, 45), an initial conference due_after(strategy discussion, 15)."""
    return working_day(calendar, day0_index(calendar, dates) + n)


def fill(con, org: pd.DataFrame, preset: str, seed: int, first: np.datetime64, last: np.datetime64,
         progress: Callable[[str], None]) -> dict[str, int]:
    """Simulate and insert casework_category, casework_staffing and casework_case; returns row counts."""
    started = time.perf_counter()
    rng = np.random.default_rng([seed, zlib.crc32(b"casework")])
    window = case_window(preset, first, last)
    is_team = (org["level"] == "team") & (org["directorate"] == "SCF") & org["kind"].isin(list(CASE_KINDS))
    teams = org.loc[is_team, ["code", "kind"]].reset_index(drop=True)
    con.executemany("INSERT INTO casework_category VALUES (?, ?, ?)",
                    [(c, n, k) for k, (c, n) in enumerate(zip(CATEGORIES, CATEGORY_NAMES), start=1)])
    if teams.empty:
        return {"casework_case": 0, "casework_staffing": 0}
    staff = _staffing(con, teams, window, rng)
    cases = _cases(teams, staff, window, rng)
    con.register("staffing_df", staff["frame"])
    con.execute("INSERT INTO casework_staffing SELECT org_code, CAST(month AS DATE), social_worker_fte "
                "FROM staffing_df ORDER BY org_code, month")
    con.unregister("staffing_df")
    con.register("codes_df", pd.DataFrame({"t": np.arange(len(teams), dtype=np.int32), "code": teams["code"]}))
    con.register("category_df", pd.DataFrame({"cat": np.arange(4, dtype=np.int8), "code": CATEGORIES}))
    con.register("age_df", pd.DataFrame({"age": np.arange(5, dtype=np.int8), "band": AGE_BANDS}))
    con.register("case_df", cases)

    def day(column):
        return f"CASE WHEN c.{column} >= -100000 THEN DATE '1970-01-01' + c.{column} END"

    con.execute(f"""
        INSERT INTO casework_case
        SELECT printf('C%07d', c.id), t.code, k.code, a.band,
               {day('referral')}, {day('allocated')}, {day('due')}, {day('completed')},
               {day('strategy')}, {day('conference_due')}, {day('conference')}, {day('closed')}
        FROM case_df AS c
        JOIN codes_df AS t USING (t)
        JOIN category_df AS k USING (cat)
        JOIN age_df AS a USING (age)
        ORDER BY t.code, c.referral, c.id""")
    for name in ("codes_df", "category_df", "age_df", "case_df"):
        con.unregister(name)
    counts = {"casework_case": len(cases), "casework_staffing": len(staff["frame"])}
    progress(f"casework: {len(teams)} teams, " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
             + f" rows in {time.perf_counter() - started:.1f}s")
    return counts


def _staffing(con, teams: pd.DataFrame, window, rng) -> dict:
    """Case-holding social worker FTE of each team and month of the window, from the workforce table:
    a share of the staff in post plus the agency workers (agency spend ÷ a month of an agency worker).
    Also each team's size (establishment ÷ its kind's usual establishment) and vacancy pressure."""
    months = np.arange(window["start"].astype("datetime64[M]"), window["extract"].astype("datetime64[M]") + 1)
    con.register("cw_teams_df", teams[["code"]])
    wf = con.execute("""
        SELECT w.org_code, w.month, w.fte, w.establishment_fte, w.agency_spend
        FROM workforce AS w JOIN cw_teams_df AS t ON t.code = w.org_code
        WHERE w.month BETWEEN ? AND ?""", [months[0].astype("datetime64[D]").item(),
                                           months[-1].astype("datetime64[D]").item()]).df()
    con.unregister("cw_teams_df")
    n_t, n_m = len(teams), len(months)
    t = pd.Categorical(wf["org_code"], categories=teams["code"]).codes
    m = (pd.to_datetime(wf["month"]).to_numpy().astype("datetime64[M]") - months[0]).astype(np.int64)
    grid = {c: np.full((n_t, n_m), np.nan) for c in ("fte", "establishment_fte", "agency_spend")}
    for c, g in grid.items():
        g[t, m] = wf[c].to_numpy(float)
    if np.isnan(grid["fte"]).any():
        raise ValueError("casework: the workforce table lacks a month of a casework team")
    profile = [cat.profile(k) for k in teams["kind"]]
    usual_est = np.array([p["est"] for p in profile], float)
    agency_cost = np.array([p["agency_cost"] for p in profile], float)
    moy = month_of_year(months)
    years = months.astype("datetime64[Y]").astype(int) + 1970 - (moy < 4)
    pay = pay_levels(years, (moy - 4) % 12)["paid"]
    agency_fte = grid["agency_spend"] / (agency_cost[:, None] * pay[None, :])
    share = rng.uniform(*CASE_HOLDING_SHARE, n_t)
    sw_fte = np.round(share[:, None] * (grid["fte"] + agency_fte), 1)
    vacancy = 1 - grid["fte"] / np.maximum(grid["establishment_fte"], 0.5)
    frame = pd.DataFrame({"org_code": np.repeat(teams["code"].to_numpy(), n_m),
                          "month": np.tile(months.astype("datetime64[s]"), n_t), "social_worker_fte": sw_fte.ravel()})
    return {"frame": frame, "months": months, "size": grid["establishment_fte"].mean(axis=1) / usual_est,
            "vacancy_gap": vacancy - vacancy.mean(axis=0, keepdims=True)}


def _pressure(months: np.ndarray, staff, n_t: int, rng) -> np.ndarray:
    """Log-scale pressure on each team in each month: the improvement-notice story (worse up to the
    notice, better than before once the plan takes hold), the team's own vacancy gap, a lasting team
    effect and month-to-month noise."""
    notice = event_shape("notice", months)
    common = 1.3 * np.clip(-notice, 0, 1) - 0.35 * np.clip(notice, 0, 1)
    gap = np.zeros((n_t, len(months)))
    pos = np.searchsorted(months, staff["months"])
    gap[:, pos] = staff["vacancy_gap"]
    noise = np.empty((n_t, len(months)))
    noise[:, 0] = rng.normal(0.0, 0.17, n_t)
    shocks = rng.normal(0.0, 0.12, (n_t, len(months)))
    for j in range(1, len(months)):  # a loop over months, vectorised across teams
        noise[:, j] = 0.7 * noise[:, j - 1] + shocks[:, j]
    return common[None, :] + 1.5 * gap + rng.normal(0.0, 0.25, n_t)[:, None] + noise


def _cases(teams: pd.DataFrame, staff, window, rng) -> pd.DataFrame:
    """Every case, as day numbers since 1970 (NULL as a large negative number), ready to insert."""
    cal = working_day_calendar(window["warm_start"], window["extract"] + 400)
    days = cal["day"].to_numpy().astype("datetime64[D]")
    days = days[days <= window["extract"]]
    working = cal["is_working_day"].to_numpy()
    index = cal["working_day_index"].to_numpy(np.int64)      # 1-based: working day k is work_days[k - 1]
    work_days = cal.loc[cal["is_working_day"], "day"].to_numpy().astype("datetime64[D]")
    day0 = day0_index(cal, days)                              # index of each day's day 0 (rule 2)
    months = np.arange(window["warm_start"].astype("datetime64[M]"), window["extract"].astype("datetime64[M]") + 1)
    n_t = len(teams)
    kinds = list(CASE_KINDS)
    kind = np.array([kinds.index(k) for k in teams["kind"]])
    rate = np.array([CASE_KINDS[k][0] for k in kinds])[kind] * staff["size"]
    mix = np.cumsum([CASE_KINDS[k][1] for k in kinds], axis=1)
    remain = np.array([CASE_KINDS[k][2] for k in kinds], float)
    screened_out = np.array([CASE_KINDS[k][3] for k in kinds])
    pressure = _pressure(months, staff, n_t, rng)

    # referrals: Poisson per team and day
    month_of_day = (days.astype("datetime64[M]") - months[0]).astype(np.int64)
    daily = SEASON[month_of_year(days.astype("datetime64[M]")) - 1] * np.where(working[:len(days)], 1.0,
                                                                                NON_WORKING_SHARE)
    counts = rng.poisson(rate[:, None] * daily[None, :])
    t, d = np.nonzero(counts)
    t, d = np.repeat(t, counts[t, d]), np.repeat(d, counts[t, d])
    n = len(t)
    k = kind[t]
    category = (rng.random(n)[:, None] > mix[k]).sum(axis=1)
    category = np.minimum(category, 3)
    age = (rng.random(n)[:, None] > np.cumsum(AGE_MIX, axis=1)[category]).sum(axis=1).clip(0, 4)
    lw = pressure[t, month_of_day[d]]
    k0 = day0[d]
    cp = category == CP

    # allocation, or (some early help) closure after a long wait without it
    delay = np.floor(rng.exponential(DELAY_MEAN[category] * np.exp(DELAY_PRESSURE[category] * lw))).astype(np.int64)
    never = (category == EH) & (rng.random(n) < np.minimum(0.07 * np.exp(lw), 0.4))
    allocated = k0 + delay
    screened = ~never & ~cp & (rng.random(n) < screened_out[k])
    # assessment: 45 working days from day 0 (rule 4)
    due = k0 + ASSESSMENT_DAYS
    work = np.maximum(1, np.round(rng.gamma(3.0, WORK_MEAN * np.exp(0.35 * lw) / 3.0))).astype(np.int64)
    completed = allocated + work
    # child protection: strategy discussion (on the weekend itself for some weekend referrals), conference
    weekend_strategy = cp & ~working[d] & (rng.random(n) < 0.3)
    strategy = k0 + np.floor(rng.exponential(0.6, n)).astype(np.int64)
    strategy_day0 = np.where(weekend_strategy, k0, strategy)
    conference_due = strategy_day0 + CONFERENCE_DAYS
    on_time = rng.random(n) < expit(logit(0.85) - 1.2 * np.clip(lw, 0, None))
    conference = strategy_day0 + np.where(on_time, rng.integers(8, CONFERENCE_DAYS + 1, n),
                                          CONFERENCE_DAYS + rng.geometric(0.2, n))
    # closure
    work_end = np.where(cp, np.maximum(completed, conference), completed)
    stay = np.round(rng.gamma(1.5, remain[k, category] / 1.5)).astype(np.int64)
    closed = np.select([never, screened], [k0 + np.maximum(delay, 5) + rng.integers(5, 30, n),
                                           allocated + rng.integers(0, 8, n)], work_end + stay)

    # keep what was open on the window's first day or referred since; hide what had not happened yet
    start, end = day0_index(cal, [window["start"]])[0], index[len(days) - 1]
    keep = closed >= start
    out = {"t": t, "cat": category, "age": age, "d": d, "allocated": np.where(never, -1, allocated),
           "due": due, "completed": np.where(never | screened, -1, completed),
           "strategy": np.where(cp, strategy, -1), "weekend_strategy": weekend_strategy,
           "conference_due": np.where(cp, conference_due, -1), "conference": np.where(cp, conference, -1),
           "closed": closed}
    out = {name: a[keep] for name, a in out.items()}
    none = -(2**31)  # NULL

    def date_of(k):
        ok = (k > 0) & (k <= end)
        dates = work_days[np.clip(k, 1, len(work_days)) - 1].astype(np.int64)
        return np.where(ok, dates, none).astype(np.int32)

    referral = days[out["d"]].astype(np.int64).astype(np.int32)
    strategy_known = out["strategy"] > 0
    strategy_day = np.where(out["weekend_strategy"], referral, date_of(out["strategy"]))
    strategy_day = np.where(strategy_known & (out["weekend_strategy"] | (out["strategy"] <= end)), strategy_day, none)
    order = np.lexsort((rng.random(len(referral)), out["t"], referral))
    ident = np.empty(len(order), np.int64)
    ident[order] = np.arange(1, len(order) + 1)
    return pd.DataFrame({
        "id": ident, "t": out["t"].astype(np.int32), "cat": out["cat"].astype(np.int8),
        "age": out["age"].astype(np.int8), "referral": referral,
        "allocated": date_of(out["allocated"]), "due": _plain(work_days, out["due"]),
        "completed": date_of(out["completed"]), "strategy": strategy_day,
        "conference_due": np.where(strategy_day != none, _plain(work_days, out["conference_due"]), none),
        "conference": np.where(strategy_day != none, date_of(out["conference"]), none),
        "closed": date_of(out["closed"]),
    })


def _plain(work_days: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The date of working day k (a due date, known in advance, so not hidden after the extract day)."""
    return work_days[np.clip(k, 1, len(work_days)) - 1].astype(np.int64).astype(np.int32)
