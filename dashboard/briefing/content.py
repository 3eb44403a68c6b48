"""What a briefing pack says, gathered once from the database into a plain
document (JSON-ready: text, numbers, ISO dates) that the pack is rendered from.

The document is what is frozen in the archive: rendering it again later gives
the same pack whatever has happened to the database since.  Every figure is
read through the same views the dashboard's pages and downloads use, so a pack
and the dashboard agree for the same unit and period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard import commentary as commentary_rule
from dashboard.pagedata import indicator_rows
from dashboard.components import spc_wording
from dashboard.context import BadRequest, BuildInfo, NotFound, build_info
from dashboard.db import Database, OutOfScope, Scope, in_parallel
from dashboard.vocabulary import (ASSURANCE_TEXT, DIRECTION_TEXT, RAG_TEXT, VARIATION_TEXT, format_value, money,
                                  money_scale)
from dashboard.frames import records
from dashboard.metrics.money import money_text, variance, variance_text
from dashboard.periods import (BadPeriod, month_key, month_label, parse_month, parse_quarter, period_label,
                               quarter_key, quarter_label, short_month_label)
from dashboard.pagedata import exception_list as exceptions_report
from dashboard.pagedata import panel
from dashboard.pagedata.forecast import year_end_forecast
from dashboard.pagedata.spc_series import spc_analysis
from dashboard.pagedata import finance, risks, workforce
from dashboard.pagedata.base import UnitMonth
from dashboard.returns.overlay import saved_points

KINDS = ("monthly", "cabinet")
FORMAT_VERSION = 1                 # bump when the document's shape changes
CHART_PERIODS = 24                 # the SPC chart in a pack shows the latest two years
LEVELS = ["council", "directorate", "service", "team"]
RAG_RANK = {"green": 0, "amber": 1, "red": 2}


@dataclass(frozen=True)
class PackRequest:
    org: str
    period: str
    kind: str = "monthly"
    portfolio: str = ""


@dataclass(frozen=True)
class PackPeriod:
    key: str                  # as asked: 2026-09 or 2026-Q2
    label: str                # September 2026 / Q2 2026/27 (July to September 2026)
    month: dt.date            # the month whose figures the pack shows (a quarter's last)
    previous: dt.date         # the month it is compared with (a month or a quarter earlier)
    since: str                # "last month" / "the previous quarter"


def pack_period(text: str, kind: str, first: dt.date, last: dt.date) -> PackPeriod:
    """A monthly pack is for a month; a cabinet report for a financial quarter
    (a month given for it means the quarter that month falls in)."""
    if kind not in KINDS:
        raise BadRequest(f"“{kind}” is not a kind of pack: use monthly or cabinet.")
    text = (text or "").strip()
    quarterly = "q" in text.lower()
    if kind == "cabinet":
        months = parse_quarter(text if quarterly else quarter_key(parse_month(text)))
        _within(months[-1], first, last, f"the quarter {quarter_label(months)} is not complete")
        previous = months[0] - pd.DateOffset(months=1)
        return PackPeriod(quarter_key(months[0]), quarter_label(months), months[-1], previous.date(),
                          "the previous quarter")
    month = parse_quarter(text)[-1] if quarterly else parse_month(text)
    _within(month, first, last, f"there are no data for {month_label(month)}")
    return PackPeriod(month_key(month), month_label(month), month, (month - pd.DateOffset(months=1)).date(),
                      "last month")


def _within(month: dt.date, first: dt.date, last: dt.date, problem: str) -> None:
    if not first <= month <= last:
        raise BadPeriod(f"No pack can be made: {problem}. This database covers {month_label(first)} "
                        f"to {month_label(last)}.")


@dataclass(frozen=True)
class Resolved:
    """A request checked against the database: what the pack will cover."""
    info: BuildInfo
    period: PackPeriod
    org: dict
    portfolio: str


def resolve(db: Database, request: PackRequest, *, scope: Scope) -> Resolved:
    """Check the request (cheaply, before any pack is made): an unknown unit is
    NotFound; a bad kind, portfolio or period is a BadRequest or BadPeriod."""
    info = build_info(db)
    period = pack_period(request.period, request.kind, info.first_month, info.last_month)
    org = _org(db, request.org or info.council_code, scope)
    portfolio = _portfolio(db, request.portfolio)
    if portfolio and org["level"] != "council":
        raise BadRequest("A portfolio pack covers the whole council: leave out org or give the council's code.")
    return Resolved(info, period, org, portfolio)


def gather(db: Database, request: PackRequest, *, scope: Scope) -> dict:
    """The whole document of one pack."""
    r = resolve(db, request, scope=scope)
    info, period, org, portfolio = r.info, r.period, r.org, r.portfolio
    corporate = org["level"] == "council" and not portfolio   # as the dashboard's scorecard shows by default
    # a cabinet report also shows each month of its quarter
    months = ([(period.month - pd.DateOffset(months=k)).date() for k in (2, 1)] if request.kind == "cabinet" else [])
    now, before, listed, recent, *quarter = in_parallel(
        lambda: _scorecard(db, org["code"], period.month, corporate, portfolio, scope),
        lambda: _scorecard(db, org["code"], period.previous, corporate, portfolio, scope)
        if period.previous >= info.first_month else None,
        lambda: exceptions_report.exceptions(db, org["code"], period.month, portfolio=portfolio, scope=scope),
        lambda: indicator_rows.trends(db, org["code"], period.month, scope=scope),  # to check the variation's words
        *[lambda m=m: _scorecard(db, org["code"], m, corporate, portfolio, scope) for m in months])
    codes = sorted(now["indicator_code"].unique())
    exceptions = listed.rows[listed.rows["indicator_code"].isin(codes)]
    resource_org, resource_note = _resource_unit(db, org, portfolio)
    return {
        "format": FORMAT_VERSION,
        "kind": request.kind,
        "council": info.council_name,
        "demonstration": info.demonstration,
        "org": org,
        "portfolio": portfolio,
        "period": {"key": period.key, "label": period.label, "month": month_key(period.month),
                   "month_label": month_label(period.month), "since": period.since,
                   "ends": _date_text(_month_end(period.month))},
        # which extract of the data the pack was made from: two packs of one month made before
        # and after a revision say so on their covers
        "extract": {"built_at": info.built_at.strftime("%-d %B %Y %H:%M"),
                    "latest_received": _date_text(info.latest_received_at)},
        "as_at": _as_at(db),        # what was known on which day: remade as at it, the pack is the same
        "title": _title(request.kind, org, portfolio),
        "scope_text": _scope_text(corporate, portfolio, org),
        "summary": _summary(_worded(now, recent), before, period),
        "quarter": [_month_counts(m, frame) for m, frame in zip(months + [period.month], quarter + [now])],
        "exceptions": _exceptions(db, exceptions, org, period.month, scope),
        "deeper": _deeper(exceptions, org),
        "resolved": _resolved(exceptions, org),
        "resources": {**_resources(db, resource_org, period, now, scope), "note": resource_note},
        "data_quality": _data_quality(db, org["code"], period.month, codes, now),
        "scorecard": [_scorecard_line(r) for r in records(_worded(now, recent))],
        # the SPC recalculation points the pack's judgements used (those saved by its as_at day)
        "recalculations": [p.as_dict() for code, points in sorted(saved_points().items()) if code in codes
                           for p in points],
    }


def _as_at(db: Database) -> dict | None:
    from dashboard.asat import figures_day

    known = figures_day(db)
    return None if known is None else {"day": known[0].isoformat(), "label": _date_text(known[0])}


def _resource_unit(db: Database, org: dict, portfolio: str) -> tuple[dict, str]:
    """Whose money, people and risks the pack shows: the unit's own, or for a
    portfolio the directorate that owns most of its indicators (a portfolio is
    not a unit of the organisation, so it has no budget or staff of its own)."""
    if not portfolio:
        return org, ""
    owners = db.query("briefing_portfolio_directorates", portfolio=portfolio)
    lead = owners.iloc[0]
    unit = {"code": lead["org_code"], "name": lead["name"], "level": "directorate"}
    return unit, (f"Money, people and risks are those of {lead['name']}, the directorate that owns "
                  f"{int(lead['indicators'])} of the portfolio's {int(owners['indicators'].sum())} indicators.")


def _org(db: Database, code: str, scope: Scope) -> dict:
    rows = db.query("org_unit", code=code)
    if rows.empty:
        raise NotFound(f"There is no organisational unit with the code “{code}”.")
    if not scope.allows(code):
        raise OutOfScope("You do not have access to that unit.")
    row = rows.iloc[0]
    return {"code": row["org_code"], "name": row["name"], "level": row["level"]}


def _portfolio(db: Database, text: str) -> str:
    """The portfolio as the catalogue names it; matched without regard to case."""
    if not text:
        return ""
    known = exceptions_report.filter_choices(db).get("portfolio", {})
    for value in known:
        if value.casefold() == text.strip().casefold():
            return value
    raise BadRequest(f"“{text}” is not a cabinet portfolio. The portfolios are: {', '.join(sorted(known))}.")


def _title(kind: str, org: dict, portfolio: str) -> str:
    what = "Quarterly performance report to Cabinet" if kind == "cabinet" else "Monthly performance pack"
    who = f"{portfolio} portfolio" if portfolio else org["name"]
    return f"{what}: {who}"


def _scope_text(corporate: bool, portfolio: str, org: dict) -> str:
    if portfolio:
        return f"every indicator reporting to the {portfolio} portfolio, council-wide"
    if corporate:
        return "the corporate scorecard"
    return f"every indicator reported by {org['name']} and the units below it"


def _scorecard(db, org, month, corporate, portfolio, scope) -> pd.DataFrame:
    from dashboard.returns.overlay import with_recalculations

    frame = indicator_rows.scorecard(db, [org], month, corporate_only=corporate, scope=scope)
    frame = with_recalculations(db, None, frame, month)       # the icons under the saved recalculation points
    return frame[frame["portfolio"] == portfolio] if portfolio else frame


def _worded(now: pd.DataFrame, recent: dict) -> pd.DataFrame:
    """The scorecard with each row's variation in words checked against its recent values
    (dashboard/components/spc_wording.py): a series worse four periods running is never an improvement."""
    out = now.copy()
    out["variation_text"] = [
        spc_wording.variation_label(v if isinstance(v, str) else "none",
                                    recent[c].values if c in recent else (), pol,
                                    period=spc_wording.PERIOD_NOUN.get(f, "period"))
        for c, v, pol, f in zip(out["indicator_code"], out["variation"], out["polarity"], out["frequency"])]
    return out


def _scorecard_line(r) -> dict:
    return {
        "code": r.indicator_code, "name": r.indicator_name, "period": r.period_label,
        "value": _num(r.value), "value_text": format_value(r.value, r.unit, r.decimals),
        "target": _num(r.target), "target_text": format_value(r.target, r.unit, r.decimals),
        "rag": r.rag, "rag_text": RAG_TEXT.get(r.rag, r.rag),
        "direction": DIRECTION_TEXT.get(r.direction, r.direction),
        "variation": r.variation_text,
        "theme": r.theme, "portfolio": r.portfolio, "owner": r.owner,
        "reporting": f"{int(r.units_reporting)} of {int(r.units_expected)}" if pd.notna(r.units_expected) else "–",
    }


def _summary(now: pd.DataFrame, before: pd.DataFrame | None, period: PackPeriod) -> dict:
    counts = now["rag"].value_counts().to_dict()
    earlier = before["rag"].value_counts().to_dict() if before is not None else {}
    moves = {"better": [], "worse": [], "lost": [], "regained": []}
    if before is not None:
        was = dict(zip(before["indicator_code"], before["rag"]))
        for r in records(now):
            old = was.get(r.indicator_code)
            a, b = RAG_RANK.get(old), RAG_RANK.get(r.rag)
            if a is not None and b is not None and a != b:
                moves["better" if b < a else "worse"].append(
                    f"{r.indicator_name}: {RAG_TEXT[old]} to {RAG_TEXT[r.rag]}")
            elif r.rag == "no_data" and old not in (None, "no_data"):
                moves["lost"].append(f"{r.indicator_name} (was {RAG_TEXT[old].lower()})")
            elif old == "no_data" and r.rag != "no_data":
                moves["regained"].append(f"{r.indicator_name} (now {RAG_TEXT[r.rag].lower()})")
    variation = now["variation"].fillna("none")
    # headlined by the checked words: an "improvement" that has worsened four periods running is not one
    worded = now["variation_text"] if "variation_text" in now else variation.map(VARIATION_TEXT)
    signals = {kind: [f"{r.indicator_name} ({w})" for r, w in zip(records(now), worded)
                      if str(r.variation).startswith(kind) and (kind != "improvement" or "worse" not in w)]
               for kind in ("concern", "improvement")}
    return {
        "indicators": len(now),
        "rag": [{"rag": k, "text": RAG_TEXT[k], "now": int(counts.get(k, 0)),
                 "before": int(earlier.get(k, 0)) if before is not None else None}
                for k in ("red", "amber", "green", "no_target", "no_data")],
        "moved_better": moves["better"], "moved_worse": moves["worse"],
        "lost_data": moves["lost"], "regained_data": moves["regained"],
        "concern": signals["concern"], "improvement": signals["improvement"],
        "since": period.since,
    }


def _month_counts(month: dt.date, frame: pd.DataFrame) -> dict:
    counts = frame["rag"].value_counts()
    return {"month": month_label(month), **{k: int(counts.get(k, 0)) for k in ("red", "amber", "green", "no_target",
                                                                                  "no_data")}}


def _exceptions(db: Database, rows: pd.DataFrame, org: dict, month: dt.date, scope: Scope) -> list[dict]:
    """The exceptions at the pack's own level and the level below, one entry per
    indicator (in order of its most material exception), each with the SPC chart
    of its series at the highest unit where it is an exception."""
    shown = rows[(rows["state"] != "resolved") & rows["level"].isin(levels_in_full(org["level"]))]
    shown = exceptions_report.with_summaries(shown) if len(shown) else shown
    points = saved_points()
    entries = []
    for code, group in shown.groupby("indicator_code", sort=False):
        ind = indicator_rows.indicator(db, code)
        lead = min(records(group), key=lambda r: LEVELS.index(r.level))
        trend = indicator_rows.indicator_trend(db, code, lead.org_code, month, scope=scope)
        spc = spc_analysis(ind, trend, recalc=None, baseline=None, saved=points.get(code, []))
        forecast = year_end_forecast(db, ind, trend)
        entries.append({
            "code": code, "name": ind["name"], "owner": ind["owner"],
            "unit": ind["unit"], "decimals": int(ind["decimals"]),
            "chart_unit": lead.org_name,
            "variation": spc_wording.variation_label(spc.variation, spc.points["value"].to_numpy(), ind["polarity"],
                                                     period=spc_wording.PERIOD_NOUN.get(ind["frequency"], "period")),
            "assurance": _assurance_text(spc, ind, group), "spc_description": spc.description,
            "recalculation": spc.recalculation.text if spc.recalculation else None,
            "chart": _chart_points(spc, ind),
            "target": _num(spc.target),
            "forecast": _forecast(forecast, ind),
            "units": [_exception_line(r, month) for r in records(group)],
        })
    return entries


def _assurance_text(spc, ind, group: pd.DataFrame) -> str:
    """The assurance icon in words — and why there is none when the table beside it shows a target."""
    if spc.assurance == "none" and group["target"].notna().any() and ind["basis"] in ("year_to_date",
                                                                                      "rolling_12_months"):
        basis = "year-to-date" if ind["basis"] == "year_to_date" else "rolling 12-month"
        return (f"No assurance against the target: the target is for the {basis} figure, while the chart "
                "judges each period's own value")
    return ASSURANCE_TEXT.get(spc.assurance, spc.assurance)


def levels_in_full(level: str) -> list[str]:
    """A pack shows its own level's exceptions and the next level down's in
    full; deeper ones (a council's services and teams) only as counts."""
    i = LEVELS.index(level)
    return LEVELS[i:i + 2]


def _exception_line(r, month: dt.date) -> dict:
    recovery = pd.Timestamp(r.recovery_date).date() if pd.notna(r.recovery_date) else None
    written_for = pd.Timestamp(r.commentary_period).date() if pd.notna(r.commentary_period) else None
    return {
        "org_code": r.org_code, "org_name": r.org_name, "level": r.level,
        "rag": r.rag if isinstance(r.rag, str) else "no_data",
        "rag_text": RAG_TEXT.get(r.rag, "No data") if isinstance(r.rag, str) else "No data",
        "reasons": ", ".join(exceptions_report.REASONS[x] for x in r.reasons),
        "period": period_label(r.period_start, r.frequency),
        "value_text": format_value(r.value, r.unit, r.decimals), "value": _num(r.value),
        "target_text": format_value(r.target, r.unit, r.decimals), "target": _num(r.target),
        "state": r.state_text, "summary": r.summary,
        "commentary": _text(r.commentary), "action": _text(r.action), "action_owner": _text(r.action_owner),
        "recovery_date": _date_text(recovery),
        # a recovery date already gone, or commentary written for an earlier period, is not a current plan:
        # the one rule the web pages apply too (dashboard.commentary)
        "recovery_passed": "recovery_passed" in (due := commentary_rule.row_flags(r, month)),
        "commentary_period": period_label(written_for, r.frequency) if written_for else None,
        "commentary_stale": "stale" in due,
        "commentary_missing": "missing" in due,
    }


def _chart_points(spc, ind) -> list[dict]:
    points = spc.points.tail(CHART_PERIODS)
    label = short_month_label if ind["frequency"] == "monthly" else lambda d: period_label(d, ind["frequency"])
    return [{"period": label(p.period_start), "value": _num(p.value), "mean": _num(p.mean),
             "lpl": _num(p.lpl), "upl": _num(p.upl),
             "point_type": p.point_type if isinstance(p.point_type, str) else "none"}
            for p in records(points)]


def _forecast(f, ind) -> dict | None:
    if f is None or f.state == "no_history":
        return None
    fmt = lambda v: format_value(v, ind["unit"], int(ind["decimals"]))
    year_end = period_label(f.year_end, "annual")
    if f.state == "outturn":
        text = f"Outturn for {year_end}: {fmt(f.value)}"
    else:
        text = f"Forecast for the end of {year_end}: {fmt(f.value)} (80% interval {fmt(f.low)} to {fmt(f.high)})"
    if f.target is not None:
        text += f" against a year-end target of {fmt(f.target)}"
    return {"text": text + ".", "rag": f.rag, "rag_text": RAG_TEXT.get(f.rag, f.rag)}


def _deeper(rows: pd.DataFrame, org: dict) -> list[dict]:
    """Counts of the open exceptions below the levels shown in full, by level and reason."""
    deeper = rows[(rows["state"] != "resolved") & ~rows["level"].isin(levels_in_full(org["level"]))]
    out = []
    for level in LEVELS:
        at = deeper[deeper["level"] == level]
        if at.empty:
            continue
        reasons = at["reasons"].explode().value_counts()
        out.append({"level": level, "exceptions": len(at), "indicators": int(at["indicator_code"].nunique()),
                    "units": int(at["org_code"].nunique()),
                    **{reason: int(reasons.get(reason, 0)) for reason in exceptions_report.REASONS}})
    return out


def _resolved(rows: pd.DataFrame, org: dict) -> dict:
    """Exceptions last period that are not now: named at the levels shown in full, counted below."""
    gone = rows[rows["state"] == "resolved"]
    in_full = gone["level"].isin(levels_in_full(org["level"]))
    return {"named": [f"{r.indicator_name} at {r.org_name}" for r in records(gone[in_full])],
            "deeper": int((~in_full).sum())}


def _resources(db: Database, unit: dict, period: PackPeriod, now: pd.DataFrame, scope: Scope) -> dict:
    """Money, people, customers and risk: the org page's panel, budget by
    category and the risks that need attention."""
    org, level = unit["code"], unit["level"]
    at = UnitMonth.of(db, org, period.month)
    figures, money_now, risk_now, people = in_parallel(
        lambda: panel.figures(db, org, period.month, scope=scope),
        lambda: finance.data(db, scope, at),
        lambda: risks.data(db, scope, at),
        lambda: workforce.data(db, scope, workforce.WorkforceParams.of(db, org, period.month)))
    categories, staff, register = money_now.categories, people.units, risk_now.register
    kpis = panel.kpis(figures, org, period.month, month_key(period.month),
                      rag_now=now["rag"].value_counts().to_dict(),
                      directions=now["direction"].value_counts().to_dict())
    attention = risk_now.attention
    col = _finance_columns(categories)
    agency_scale = money_scale(staff["agency_spend_ytd"]) if len(staff) else "£"
    # like exceptions: the registers of the pack's own level and the next in full, deeper ones counted
    in_full = attention["level"].isin(levels_in_full(level))
    return {
        "headlines": [{"label": k.label, "value": k.value, "detail": k.detail or "",
                       "rag_text": RAG_TEXT.get(k.rag, "") if k.rag else "",
                       "direction": DIRECTION_TEXT.get(k.direction, "") if k.direction else "", "since": k.since}
                      for k in kpis],
        # each column of money at one scale (no £681k under £1.6m); the total row keeps its own
        "finance": [{"category": r.category_name, "budget": col["budget"](r.current_budget, r),
                     "actual_ytd": col["actual"](r.actual_ytd, r), "forecast": col["forecast"](r.forecast_outturn, r),
                     "variance": variance_text(variance(r.current_budget, r.forecast_outturn),
                                               scale=None if r.category == "total" else col["variance"]),
                     "rag_text": RAG_TEXT.get(r.rag, "No budget"), "total": r.category == "total"}
                    for r in records(categories)],
        "workforce": [{"unit": r.name, "fte": f"{r.fte:,.1f}", "establishment": f"{r.establishment_fte:,.1f}",
                       "vacancy": _pct_text(r.vacancy_rate_pct), "sickness": _days_text(r.sickness_days_per_fte_12m),
                       "turnover": _pct_text(r.turnover_pct_12m),
                       "agency_ytd": money(r.agency_spend_ytd, scale=agency_scale)}
                      for r in records(staff) if pd.notna(r.fte)],
        "risks": [{"code": r.risk_code, "title": r.title, "category": r.category, "owner": r.owner_role,
                   "unit": r.org_name, "score": int(r.score), "appetite": int(r.appetite_score),
                   "rag_text": RAG_TEXT.get(r.rag, r.rag), "trend": str(r.trend).capitalize(),
                   "overdue": bool(r.review_overdue), "next_review": _date_text(r.next_review_due)}
                  for r in records(attention[in_full])],
        "unit": unit["name"],
        "risks_total": len(register),
        "risks_above": int(attention["above_appetite"].sum()),
        "risks_overdue": int(attention["review_overdue"].sum()),
        "risks_attention": len(attention),
        "risks_deeper": int((~in_full).sum()),
        "has_units_below": level != "team",
    }


def _finance_columns(categories: pd.DataFrame) -> dict:
    """Formatters for the pack's budget table: a scale per column from its category rows (not the total)."""
    rows = categories[categories["category"] != "total"] if len(categories) else categories

    def column(name: str):
        scale = money_scale(rows[name]) if len(rows) else None
        return lambda v, r: money_text(v) if r.category == "total" or scale is None else money(v, scale=scale)
    variances = (rows["forecast_outturn"] - rows["current_budget"]) if len(rows) else []
    return {"budget": column("current_budget"), "actual": column("actual_ytd"), "forecast": column("forecast_outturn"),
            "variance": money_scale(variances)}


def _data_quality(db: Database, org: str, month: dt.date, codes: list[str], now: pd.DataFrame) -> dict:
    frame = db.query("briefing_returns", org=org, month=month, codes=codes)
    totals = {k: int(frame[k].sum()) for k in ("expected", "on_time", "late", "missing", "provisional")}
    latest = frame["latest_received_at"].max()
    problems = frame[(frame["missing"] > 0) | (frame["late"] > 0) | (frame["provisional"] > 0)]
    return {
        **totals,
        "latest_received": _date_text(latest),
        "indicators_without_value": int((now["rag"] == "no_data").sum()),
        "rows": [{"name": r.indicator_name, "period": period_label(r.period_start, r.frequency),
                  "expected": int(r.expected), "late": int(r.late), "missing": int(r.missing),
                  "provisional": int(r.provisional)} for r in records(problems)],
    }


def _pct_text(x) -> str:
    return "–" if x is None or x != x else f"{x:.1f}%"


def _days_text(x) -> str:
    return "–" if x is None or x != x else f"{x:.2f}"


def _month_end(month: dt.date) -> dt.date:
    return (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()


def _num(x) -> float | None:
    return None if x is None or x != x else round(float(x), 6)


def _text(x) -> str | None:
    return x if isinstance(x, str) and x else None


def _date_text(x) -> str | None:
    if x is None or x is pd.NaT or (isinstance(x, float) and x != x):
        return None
    return pd.Timestamp(x).strftime("%-d %B %Y")
