"""One number per measure (issue 16): walk the pages and the pack, and check
that every figure of one measure, unit and period is one number.

    python -m bench.consistency --preset council --seed 42 [--db FILE]

Each page's data are taken as the page takes them — the org panel's tiles (the
text a member reads), the scorecard rows, /workforce, /finance, /customers and
/casework, and the briefing pack's document — and every figure is compared
with the same measure computed independently, with plain SQL over the source
tables (workforce, finance, survey_result, casework_case, casework_staffing),
to the precision the figure is shown at.  tests/test_one_number.py runs it on
the council fixture; `make bench` runs it on a preset.  Exit status 1 when a
figure disagrees.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.db import EVERYTHING, Database

MEASURE_INDICATOR = {"vacancy": "HR-VACANCY", "sickness": "HR-SICKNESS", "agency_spend": "HR-AGENCY-SPEND",
                     "budget_variance": "FIN-VARIANCE", "budget_variance_pct": "FIN-BUDGET-VAR",
                     "satisfaction": "CS-RESIDENT-SAT", "unallocated": "CSC-UNALLOC", "caseload": "CSC-CASELOAD"}


@dataclass(frozen=True)
class Figure:
    measure: str
    org: str
    period: str
    where: str      # which page or pack section shows it
    value: float
    tolerance: float  # half the last digit shown


# ------------------------------------------------------------------ independent SQL over the source tables

def independent(con, org: str, month: dt.date) -> dict[str, float | None]:
    """Every measure of ``org`` at ``month``, from the source tables only."""
    p = {"org": org, "m": month}
    under = "SELECT org_code FROM org_ancestor WHERE ancestor_code = $org"
    # staff: schools' staff excluded where the unit has others (as the pages do)
    has_other = con.execute(f"""SELECT count(*) FROM org_unit WHERE code IN ({under}) AND level = 'team'
                                AND NOT is_schools""", {"org": org}).fetchone()[0] > 0
    staff = f"org_code IN ({under})" + (" AND org_code NOT IN (SELECT code FROM org_unit WHERE is_schools)"
                                        if has_other else "")
    vac = con.execute(f"""SELECT sum(greatest(establishment_fte - fte, 0)) / nullif(sum(establishment_fte), 0) * 100
                          FROM workforce WHERE {staff} AND month = $m""", p).fetchone()[0]
    sick = con.execute(f"""
        SELECT CASE WHEN count(DISTINCT month) = 12 THEN
                   sum(sickness_short_days + sickness_long_days) / (sum(fte) / 12) END
        FROM workforce WHERE {staff} AND month BETWEEN CAST($m AS DATE) - INTERVAL 11 MONTH AND $m""", p).fetchone()[0]
    agency = con.execute(f"SELECT sum(agency_spend) FROM workforce WHERE {staff} AND month = $m", p).fetchone()[0]
    budget, forecast = con.execute(f"""SELECT sum(current_budget), sum(forecast_outturn) FROM finance
                                       WHERE org_code IN ({under}) AND month = $m""", p).fetchone()
    var = None if budget is None else forecast - budget
    var_pct = None if budget is None or abs(budget) < 100_000 else var / abs(budget) * 100
    sat = con.execute("""
        SELECT sum(satisfied) / sum(respondents) * 100 FROM survey_result
        WHERE theme_code = 'OVERALL' AND quarter_start = (
            SELECT max(quarter_start) FROM survey_result WHERE quarter_start + INTERVAL 2 MONTH <= $m)""",
                      {"m": month}).fetchone()[0]
    day = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    cases = con.execute(f"""
        SELECT count(*) FILTER (WHERE allocated_date IS NULL OR allocated_date > $d), count(*)
        FROM casework_case WHERE org_code IN ({under}) AND referral_date <= $d
         AND (closed_date IS NULL OR closed_date > $d)""", {"org": org, "d": day}).fetchone()
    sw = con.execute(f"""SELECT sum(social_worker_fte), count(*) FROM casework_staffing
                         WHERE org_code IN ({under}) AND month = $m""", p).fetchone()
    has_cases = sw[1] > 0
    return {"vacancy": vac, "sickness": sick, "agency_spend": agency, "budget_variance": var,
            "budget_variance_pct": var_pct, "satisfaction": sat,
            "unallocated": cases[0] if has_cases else None,
            "caseload": cases[1] / sw[0] if has_cases and sw[0] else None}


# ------------------------------------------------------------------ what the pages show

_NUMBER = re.compile(r"(−|-)?£?([\d,]+(?:\.\d+)?)([km])?")


def parse_shown(text: str) -> tuple[float, float] | None:
    """The first number in ``text`` and half its last digit: "£17.8m overspend" -> (17.8e6, 0.05e6)."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    sign = -1 if match.group(1) else 1
    digits = match.group(2).replace(",", "")
    scale = {"k": 1e3, "m": 1e6, None: 1}[match.group(3)]
    places = len(digits.split(".")[1]) if "." in digits else 0
    return sign * float(digits) * scale, 0.5 * 10 ** -places * scale


def _pct_in_brackets(text: str) -> tuple[float, float] | None:
    match = re.search(r"\((−|-)?([\d.]+)%\)", text or "")
    if not match:
        return None
    places = len(match.group(2).split(".")[1]) if "." in match.group(2) else 0
    return (-1 if match.group(1) else 1) * float(match.group(2)), 0.5 * 10 ** -places


def _signed_money(text: str) -> tuple[float, float] | None:
    got = parse_shown(text)
    if got is None:
        return None
    value, tol = got
    return (-abs(value) if "underspend" in text else value), tol


def _signed_pct(text: str) -> tuple[float, float] | None:
    got = _pct_in_brackets(text)
    if got is None:
        return None
    value, tol = got
    return (-abs(value) if "underspend" in text else value), tol


def shown_figures(db: Database, org: str, month: dt.date, pack: dict | None = None) -> list[Figure]:
    """Every figure of the measures that the pages (and ``pack``, a briefing document) show for ``org``."""
    from dashboard.pagedata import indicator_rows
    from dashboard.pagedata import casework, finance, workforce
    from dashboard.pagedata import panel

    key = f"{month:%Y-%m}"
    out: list[Figure] = []

    def add(measure, where, got, exact=None):
        if got is not None:
            value, tol = got
            out.append(Figure(measure, org, key, where, value, tol if exact is None else exact))

    # the org panel's tiles, as text
    frame = panel.figures(db, org, month, scope=EVERYTHING)
    tiles = {k.label: k for k in panel.kpis(frame, org, month, key, rag_now={}, directions={})}
    add("vacancy", "panel tile", parse_shown(tiles["Vacancy rate"].value))
    add("sickness", "panel tile", parse_shown(tiles["Sickness"].value))
    add("satisfaction", "panel tile", parse_shown(tiles["Residents satisfied"].value))
    budget = tiles["Budget forecast"].value
    if budget != "No budget":
        add("budget_variance", "panel tile", _signed_money(budget))
        add("budget_variance_pct", "panel tile", _signed_pct(budget))

    # the scorecard rows (every indicator of the unit, full precision: compared at the scorecard's decimals)
    rows = indicator_rows.scorecard(db, [org], month, corporate_only=False, scope=EVERYTHING)
    length = rows["frequency"].map({"monthly": 1, "quarterly": 3, "annual": 12})
    last = [pd.Timestamp(s) + pd.DateOffset(months=int(n) - 1) for s, n in zip(rows["period_start"], length)]
    rows = rows[[x == pd.Timestamp(month) for x in last]]  # the period ending this month (older ones: not now)
    labels = {}  # the period each measure's scorecard row is of, to find the pack's line of it
    for measure, code in MEASURE_INDICATOR.items():
        hit = rows[rows["indicator_code"] == code]
        if len(hit) and pd.notna(hit["value"].iloc[0]):
            r = hit.iloc[0]
            add(measure, "scorecard row", (float(r["value"]), 0.5 * 10 ** -int(r["decimals"])))
            labels[code] = r["period_label"]

    # /workforce (its default: schools' staff excluded where the unit has others)
    now, _, _ = workforce.unit(db, org, month, "excluding_schools", scope=EVERYTHING)
    if now is not None:
        add("vacancy", "/workforce", (now["vacancy_rate_pct"], 0.05))
        if now["months_12m"] >= 12:
            add("sickness", "/workforce", (now["sickness_days_per_fte_12m"], 0.005))
        add("agency_spend", "/workforce", (now["agency_spend"], 0.5))

    # /finance: the net total
    cats = finance.categories(db, org, month, scope=EVERYTHING)
    total = cats[cats["category"] == "total"]
    if len(total):
        t = total.iloc[0]
        add("budget_variance", "/finance", (t["forecast_outturn"] - t["current_budget"], 0.5))

    # /casework at the month's last day: the teams' scorecard combined
    day = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    teams = casework.team_scorecard(db, org, day, scope=EVERYTHING)
    if len(teams):
        combined = casework.scorecard_total(teams)
        add("unallocated", "/casework", (combined["unallocated"], 0.5))
        if combined["caseload_per_social_worker"] is not None:
            add("caseload", "/casework", (combined["caseload_per_social_worker"], 0.05))

    if pack is not None:
        for h in pack["resources"]["headlines"]:
            measure = {"Vacancy rate": "vacancy", "Sickness": "sickness", "Residents satisfied": "satisfaction",
                       "Budget forecast": "budget_variance"}.get(h["label"])
            if measure == "budget_variance" and h["value"] != "No budget":
                add("budget_variance", "pack: resources", _signed_money(h["value"]))
                add("budget_variance_pct", "pack: resources", _signed_pct(h["value"]))
            elif measure:
                add(measure, "pack: resources", parse_shown(h["value"]))
        for line in pack["scorecard"]:
            measure = {v: k for k, v in MEASURE_INDICATOR.items()}.get(line["code"])
            if measure and line["value"] is not None and line["period"] == labels.get(line["code"]):
                add(measure, "pack: scorecard (appendix)", parse_shown(line["value_text"]))
    return out


def check(db_path, orgs: list[str] | None = None, month: dt.date | None = None, *, pack: bool = True):
    """(figures, problems): every figure shown and the ones that disagree with the independent value."""
    from dashboard.briefing.content import PackRequest, gather

    db = Database(db_path, cache_size=0)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if month is None:
            month = con.execute("SELECT max(period_start) FROM rollup WHERE indicator_code = 'HR-VACANCY' "
                                "OR indicator_code = 'HR-SICKNESS'").fetchone()[0]
        council = con.execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]
        if orgs is None:
            orgs = default_units(con)
        figures, problems = [], []
        for org in orgs:
            document = (gather(db, PackRequest(org="" if org == council else org, period=f"{month:%Y-%m}"),
                               scope=EVERYTHING) if pack and org in (council, *orgs[1:2]) else None)
            truth = independent(con, org, month)
            for f in shown_figures(db, org, month, document):
                figures.append(f)
                expected = truth.get(f.measure)
                if expected is None or abs(f.value - expected) > f.tolerance + 1e-9 * max(1.0, abs(expected)):
                    problems.append((f, expected))
        return figures, problems
    finally:
        con.close()


def default_units(con) -> list[str]:
    """The council, every directorate, the services and teams with casework, and a few other teams."""
    return [r[0] for r in con.execute("""
        WITH ranked AS (
            SELECT o.code, o.level, o.sort_order,
                   o.code IN (SELECT org_code FROM casework_staffing) AS cases,
                   row_number() OVER (PARTITION BY o.level, o.code IN (SELECT org_code FROM casework_staffing)
                                      ORDER BY hash(o.code)) AS n
            FROM org_unit AS o)
        SELECT code FROM ranked
        WHERE level IN ('council', 'directorate')
           OR (level = 'service' AND (cases OR n <= 3))
           OR (level = 'team' AND n <= 4)
        ORDER BY CASE level WHEN 'council' THEN 0 WHEN 'directorate' THEN 1 WHEN 'service' THEN 2 ELSE 3 END, code
    """).fetchall()]


def report(figures, problems) -> list[str]:
    lines = [f"{len(figures)} figures of {len({f.measure for f in figures})} measures across "
             f"{len({f.org for f in figures})} units and {len({f.where for f in figures})} pages or pack sections"]
    for f, expected in problems:
        lines.append(f"DISAGREES {f.measure} at {f.org} {f.period} on {f.where}: shown {f.value:,.4f}, "
                     f"independent {expected if expected is None else f'{expected:,.4f}'}")
    lines.append("one number per measure: " + ("yes" if not problems else f"no ({len(problems)} disagree)"))
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.consistency", description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="council", choices=("tiny", "council", "large"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--db", help="an existing database to check instead of building the preset")
    args = parser.parse_args(argv)
    if args.db:
        path = Path(args.db)
    else:
        from data.generate import build
        path = Path(tempfile.mkdtemp(prefix="consistency-")) / f"{args.preset}.duckdb"
        build(preset=args.preset, seed=args.seed, out=path, quiet=True)
    figures, problems = check(path)
    print("\n".join(report(figures, problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
