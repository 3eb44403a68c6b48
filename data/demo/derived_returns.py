"""Indicator returns the demo derives from its own HR, finance, survey and case
records, so that a scorecard row and the resource page's figure of the same
measure are one number by construction (issue 16).

    replace(con, specs, org, first, last, as_of, seed)   # from data.generate, after the resource domains

A council's HR, finance and case systems are where these returns come from:
the vacancy rate is vacant FTE over establishment FTE from the workforce table,
sickness per FTE is days lost over FTE-years, agency spend and the budget
variance are the workforce and finance rows summed, residents' satisfaction is
the survey's county figure, unallocated cases and caseload are counted from
the case rows at each month end.  The simulated series of these indicators is
thrown away; when each return was received is kept (a return the simulation
had not received yet stays unreceived), and a unit that the simulation had
miss a period sends it here (a system extract does not forget a team).
Targets are then set again from the derived history, the way the generator
sets every target (data/demo/targets.py).

The definitions are the ones dashboard/metrics/measures.py states for the
dashboard; tests/test_one_number.py checks every page against plain SQL over
these source tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import returns

# indicator -> SQL returning (org_code, period_start, numerator, denominator, value) for every reporting unit.
# Values are unscaled (a percentage is a fraction; data/demo/spec.py scales it for display).
DERIVED = {
    # vacant posts at the month end: a team's establishment less its staff in post, never below zero
    "HR-VACANCY": """
        SELECT org_code, month AS period_start, greatest(establishment_fte - fte, 0) AS numerator,
               establishment_fte AS denominator,
               greatest(establishment_fte - fte, 0) / nullif(establishment_fte, 0) AS value
        FROM workforce""",
    # days lost in the month over FTE-years (FTE in post ÷ 12): twelve months sum to days per average FTE
    "HR-SICKNESS": """
        SELECT org_code, month, sickness_short_days + sickness_long_days, fte / 12,
               (sickness_short_days + sickness_long_days) / nullif(fte / 12, 0)
        FROM workforce""",
    "HR-AGENCY-SPEND": "SELECT org_code, month, NULL, NULL, agency_spend FROM workforce",
    # forecast outturn less current budget, net of income (income rows are negative)
    "FIN-VARIANCE": """
        SELECT org_code, month, NULL, NULL, sum(forecast_outturn) - sum(current_budget)
        FROM finance GROUP BY ALL""",
    "FIN-BUDGET-VAR": """
        SELECT c.code, month, sum(forecast_outturn) - sum(current_budget), abs(sum(current_budget)),
               (sum(forecast_outturn) - sum(current_budget)) / abs(sum(current_budget))
        FROM finance, (SELECT code FROM org_unit WHERE level = 'council') AS c GROUP BY ALL""",
    # the county's share satisfied with the council overall (every district's respondents)
    "CS-RESIDENT-SAT": """
        SELECT c.code, quarter_start, sum(satisfied), sum(respondents), sum(satisfied) / sum(respondents)
        FROM survey_result, (SELECT code FROM org_unit WHERE level = 'council') AS c
        WHERE theme_code = 'OVERALL' GROUP BY ALL""",
    # open cases without an allocated worker at the end of the month's last day
    "CSC-UNALLOC": """
        SELECT s.org_code, s.month, NULL, NULL, count(c.case_id)
        FROM casework_staffing AS s
        LEFT JOIN casework_case AS c
          ON c.org_code = s.org_code AND c.referral_date <= last_day(s.month)
         AND (c.allocated_date IS NULL OR c.allocated_date > last_day(s.month))
         AND (c.closed_date IS NULL OR c.closed_date > last_day(s.month))
        GROUP BY s.org_code, s.month""",
    # open cases at the month end over the case-holding social workers (FTE) that month
    "CSC-CASELOAD": """
        SELECT s.org_code, s.month, count(c.case_id), any_value(s.social_worker_fte),
               count(c.case_id) / nullif(any_value(s.social_worker_fte), 0)
        FROM casework_staffing AS s
        LEFT JOIN casework_case AS c
          ON c.org_code = s.org_code AND c.referral_date <= last_day(s.month)
         AND (c.closed_date IS NULL OR c.closed_date > last_day(s.month))
        GROUP BY s.org_code, s.month""",
}


def replace(con, specs, org: pd.DataFrame, first: np.datetime64, last: np.datetime64, as_of: np.datetime64,
            seed: int, make_targets) -> list[str]:
    """Swap the simulated returns (and targets) of every DERIVED indicator in ``specs`` for derived ones.

    ``make_targets(spec, sim, periods, unit_rows, rng)`` sets an indicator's targets (data.demo.generate)."""
    done = []
    for spec in specs:
        if spec.code not in DERIVED:
            continue
        periods = returns.periods_for(spec.frequency, first, last)
        sql = f"""
            WITH derived AS ({DERIVED[spec.code]}),
            units AS (SELECT org_code FROM indicator_unit WHERE indicator_code = $code),
            old AS (SELECT * FROM measure WHERE indicator_code = $code),
            per_period AS (
                SELECT period_start, any_value(status) AS status, max(received_at) AS received_at
                FROM old GROUP BY period_start)
            SELECT d.org_code, CAST(d.period_start AS DATE) AS period_start, d.numerator, d.denominator, d.value,
                   coalesce(o.status, p.status, 'provisional') AS status,
                   coalesce(o.received_at, p.received_at, CAST($as_of AS TIMESTAMP) + INTERVAL 9 HOUR) AS received_at
            FROM derived AS d(org_code, period_start, numerator, denominator, value)
            LEFT JOIN old AS o ON o.org_code = d.org_code AND o.period_start = d.period_start
            LEFT JOIN per_period AS p ON p.period_start = d.period_start
            WHERE d.org_code IN (SELECT org_code FROM units) AND d.value IS NOT NULL
              AND d.period_start BETWEEN CAST($first AS DATE) AND CAST($last AS DATE)
              AND d.period_start IN (SELECT unnest(CAST($periods AS DATE[])))
              -- a period the simulation had no return for yet is not in (the survey excepted: the council's own)
              AND (p.period_start IS NOT NULL OR $code = 'CS-RESIDENT-SAT')
            ORDER BY d.org_code, d.period_start"""
        params = {"code": spec.code, "as_of": str(as_of),
             "first": str(first.astype("datetime64[D]")), "last": str(last.astype("datetime64[D]")),
             "periods": [str(p) for p in periods.astype("datetime64[D]")]}
        try:
            frame = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()
        except Exception as exc:
            raise RuntimeError(spec.code) from exc
        if frame.empty:
            continue
        con.execute("DELETE FROM measure WHERE indicator_code = ?", [spec.code])
        frame.insert(0, "indicator_code", spec.code)
        con.register("derived_df", frame)
        # only a ratio's return carries its numerator and denominator
        con.execute("INSERT INTO measure SELECT indicator_code, org_code, period_start, "
                    "CASE WHEN $ratio THEN numerator END, CASE WHEN $ratio THEN denominator END, "
                    "value, status, received_at FROM derived_df", {"ratio": spec.aggregation == "ratio"})
        con.unregister("derived_df")
        if spec.target:
            _retarget(con, spec, frame, org, seed, make_targets)
        done.append(spec.code)
    return done


def _retarget(con, spec, frame: pd.DataFrame, org: pd.DataFrame, seed: int, make_targets) -> None:
    """Targets from the derived history, for the periods it covers (data/demo/targets.py)."""
    reporting = set(frame["org_code"])   # built once: rebuilding it per unit was quadratic (minutes at large)
    codes = [c for c in org["code"] if c in reporting]  # tree order
    unit_rows = org.set_index("code").loc[codes].reset_index()
    periods = np.array(sorted(frame["period_start"].unique()), dtype="datetime64[M]")
    grid = frame.assign(period_start=frame["period_start"].astype("datetime64[s]"))
    sim = {}
    for key, column in (("num", "numerator"), ("den", "denominator"), ("value", "value")):
        wide = grid.pivot(index="org_code", columns="period_start", values=column).reindex(codes)
        sim[key] = wide.reindex(columns=periods.astype("datetime64[s]")).to_numpy(dtype=float)
    sim["value"] = np.nan_to_num(sim["value"])  # a unit with no row that period adds nothing
    rng = np.random.default_rng([seed, spec.seed_key, 16])
    targets = make_targets(spec, sim, periods, unit_rows, rng)
    con.execute("DELETE FROM target WHERE indicator_code = ?", [spec.code])
    con.register("target_df", targets)
    con.execute("INSERT INTO target SELECT indicator_code, org_code, CAST(period_start AS DATE), target "
                "FROM target_df ORDER BY ALL")
    con.unregister("target_df")
