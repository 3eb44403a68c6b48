"""Fill the resources domains of the demo database: finance, workforce, customer
feedback, the residents' survey and the risk register (issue 5).

    fill(con, org, seed, first, last, as_of, progress)   # from data.generate, after `measure`

What the domains share (the context, teams, pay and prices) is in
data/demo/resources.py."""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
import pandas as pd

from data.build.calendar import WorkingDays, working_day_calendar
from data.demo import catalogue_resources as cat
from data.demo import feedback, finance, resources, risks, survey, workforce


def fill(con, org: pd.DataFrame, seed: int, first: np.datetime64, last: np.datetime64, as_of: np.datetime64,
         progress: Callable[[str], None]) -> dict[str, int]:
    """Generate and insert every resources table; returns their row counts."""
    start = resources.fy_start(first)
    end = resources.fy_start(last) + 11
    months = np.arange(start, end + 1, dtype="datetime64[M]")
    calendar = working_day_calendar(start.astype("datetime64[D]") - 40, last.astype("datetime64[D]") + 1500)
    ctx = resources.Context(seed, org, first, last, as_of, months, WorkingDays(calendar))
    teams = resources.teams_frame(org, ctx.rng("teams"))
    counts = {}

    def step(name, run):
        started = time.perf_counter()
        got = run()
        counts.update(got)
        progress(f"{name}: " + ", ".join(f"{k} {v:,}" for k, v in got.items())
                 + f" rows in {time.perf_counter() - started:.1f}s")

    _insert_lookups(con)
    con.register("org_codes_df", pd.DataFrame({"o": np.arange(len(org), dtype=np.int32),
                                               "code": org["code"].to_numpy()}))
    wf = {}
    step("workforce", lambda: workforce.fill(con, ctx, teams, wf))
    step("finance", lambda: finance.fill(con, ctx, teams, wf))
    wf.clear()
    step("feedback", lambda: feedback.fill(con, ctx, teams))
    step("survey", lambda: survey.fill(con, ctx))
    step("risk", lambda: risks.fill(con, ctx))
    con.unregister("org_codes_df")
    return counts


def _insert_lookups(con) -> None:
    con.executemany("INSERT INTO finance_category VALUES (?, ?, ?, ?)",
                    [(c, n, k, inc) for k, (c, n, inc) in enumerate(cat.CATEGORIES, start=1)])
    con.executemany("INSERT INTO feedback_theme VALUES (?, ?, ?, ?, ?)", cat.theme_rows())
    con.executemany("INSERT INTO district VALUES (?, ?, ?, ?)",
                    [(c, n, p, k) for k, (c, n, p) in enumerate(cat.DISTRICTS, start=1)])
    con.executemany("INSERT INTO survey_theme VALUES (?, ?, ?, ?, ?)",
                    [(c, n, q, base, k) for k, (c, n, q, base, _, _) in enumerate(cat.SURVEY_THEMES, start=1)])
