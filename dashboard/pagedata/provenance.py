"""Where each page's figures come from, in words: one call per page runs its
provenance query (queries/provenance.sql, every number counted from the rows
behind the figures) and returns a :class:`Provenance` for each figure, keyed
as the page places them.  dashboard/components/provenance.py draws them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.context import current_scope
from dashboard.db import Database, Scope
from dashboard.periods import month_label, period_label

LISTED_SYSTEMS = 6       # more than this many systems: the first five and how many more

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Provenance:
    """Where a figure comes from, each part already in words."""
    source: str                    # "SAP (general ledger)", "Mosaic, LAS and 2 other systems"
    period: str | None = None      # "September 2026", "12 months to September 2026", "as at 30 September 2026"
    status: str | None = None      # "80 returns: 26 provisional, 2 missing"
    loaded: str | None = None      # "latest received 14 Oct 2026", "loaded 27 Nov 2026 11:34"

    def text(self) -> str:
        return "Source: " + " · ".join(p for p in (self.source, self.period, self.status, self.loaded) if p)


def _rows(db: Database, name: str, scope: Scope | None = None, **params) -> list[dict]:
    """The query's rows as dicts; none from a database built before ``data_source`` existed (the
    Makefile keeps an existing database), so its pages still show their figures, without sources."""
    try:
        return db.query(name, scope=scope, **params).to_dict("records")
    except duckdb.CatalogException as exc:
        if name not in _warned:       # once per query and process: the log is not for every page view
            _warned.add(name)
            log.warning("no source lines from %s: %s (rebuild the database with `make db`)", name, exc)
        return []


_warned: set[str] = set()


# -- words -------------------------------------------------------------------

def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _date(value) -> dt.date | None:
    return pd.Timestamp(value).date() if _present(value) else None


def _day(value) -> str:
    return f"{pd.Timestamp(value):%-d %b %Y}"


def _n(value) -> int:
    """A count from a query: NULL (no rows to count) is none."""
    return int(value) if _present(value) else 0


def _count(n, noun: str) -> str:
    n = _n(n)
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def systems(names: list[str]) -> str:
    """"Mosaic", "Mosaic and SAP", "LAS, Mosaic and SAP"; a long list is cut after five."""
    names = [n for n in names if n]
    if not names:
        return "no system"
    if len(names) > LISTED_SYSTEMS:
        shown = LISTED_SYSTEMS - 1
        return ", ".join(names[:shown]) + f" and {len(names) - shown} other systems"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def system(row) -> str:
    """A domain's system with what is extracted from it: "SAP (general ledger)"."""
    return f"{row['system']} ({row['extract']})"


def loaded(value, *, time: bool = True) -> str | None:
    if not _present(value):
        return None
    return f"loaded {pd.Timestamp(value):%-d %b %Y %H:%M}" if time else f"loaded {_day(value)}"


def received(value) -> str:
    return f"latest return received {_day(value)}" if _present(value) else "no return received"


def returns_status(returns, provisional, missing) -> str:
    """"3 of 40 returns provisional, 2 missing"; "40 returns, all validated"."""
    returns, provisional, missing = _n(returns), _n(provisional), _n(missing)
    if returns == 0:
        text = "no returns"
    elif provisional:
        text = f"{provisional:,} of {_count(returns, 'return')} provisional"
    else:
        text = f"{_count(returns, 'return')}, all validated"
    return text + (f", {missing:,} missing" if missing else "")


def months(first, last) -> str | None:
    """A span of months: "September 2026", "12 months to September 2026", "April to September 2026"."""
    first, last = _date(first), _date(last)
    if first is None or last is None:
        return None
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span == 1:
        return month_label(last)
    if span in (12, 24, 36):
        return f"{span} months to {month_label(last)}"
    return f"{first:%B}{'' if first.year == last.year else f' {first.year}'} to {month_label(last)}"


def periods(first, first_frequency, last, last_frequency) -> str | None:
    """Indicator periods: "September 2026", "Q1 2026/27 to September 2026"."""
    if not _present(first) or not _present(last):
        return None
    a, b = period_label(_date(first), first_frequency), period_label(_date(last), last_frequency)
    return a if a == b else f"{a} to {b}"


# -- performance ----------------------------------------------------------------

BASIS_WORDS = {"year_to_date": "year to date, "}     # a rolling window says "12 months to …" by itself


def _performance(row, *, brief: bool = False) -> Provenance:
    """Indicator returns: their systems (those with most returns first; only how many when ``brief``),
    the periods shown, the returns' status and the latest arrival."""
    names = row["sources"].split("|") if isinstance(row["sources"], str) else []
    source = f"returns from {_count(len(names), 'system')}" if brief else f"returns from {systems(names)}"
    return Provenance(source, periods(row["first_period"], row["first_frequency"], row["last_period"],
                                      row["last_frequency"]),
                      returns_status(row["returns"], row["provisional"], row["missing"]),
                      received(row["latest_received"]))


@dataclass(frozen=True)
class ScorecardSources:
    tables: dict[str, Provenance]      # each table of the scorecard, by theme or portfolio
    scorecard: Provenance | None       # the whole scorecard (its RAG counts, the units below)
    brief: Provenance | None           # the same naming only how many systems (the panel, under the full line)
    every: Provenance | None           # every indicator at or below the unit: what exceptions are drawn from


def scorecard(db: Database, org: str, month: dt.date, *, corporate_only: bool, grouping: str,
              scope: Scope | None = None) -> ScorecardSources:
    """The systems, periods and returns behind each table of the scorecard (theme or portfolio),
    the whole scorecard, and every indicator reported at or below ``org``."""
    tables, scorecard_all, brief, every = {}, None, None, None
    for row in _rows(db, "provenance_scorecard", scope, org=org, month=month, corporate_only=corporate_only,
                     grouping=grouping):
        if not row["indicators"]:       # nothing reported at or below the unit: nothing to source
            continue
        if row["figure"] == "table":
            tables[row["grp"]] = _performance(row)
        elif row["figure"] == "scorecard":
            scorecard_all, brief = _performance(row), _performance(row, brief=True)
        else:
            every = _performance(row)
    return ScorecardSources(tables, scorecard_all, brief, every)


def indicator(db: Database, ind, org: str, month: dt.date, period_start,
              *, scope: Scope | None = None) -> dict[str, Provenance]:
    """'period': the returns behind the value shown (its window: a year to date or rolling 12 months
    rests on more periods than its own); 'returns': the period's own; 'series': those behind the charts."""
    out = {}
    for row in _rows(db, "provenance_indicator", scope, code=ind["code"], org=org, month=month,
                     period_start=period_start):
        source = f"returns from {row['source']}"
        freq = row["frequency"]
        if row["figure"] in ("period", "returns"):
            own = periods(row["last_period"], freq, row["last_period"], freq)
            span = (months if freq == "monthly" else lambda a, b: periods(a, freq, b, freq))(
                row["window_start"], row["last_period"])
            # a year to date or rolling value rests on the periods of its window, not its own alone
            period = own if span == own else f"{BASIS_WORDS.get(row['basis'], '')}{span}"
        else:
            period = periods(row["first_period"], freq, row["last_period"], freq)
        out[row["figure"]] = Provenance(source, period, returns_status(row["returns"], row["provisional"],
                                                                       row["missing"]),
                                        received(row["latest_received"]))
    return out


# -- resources ------------------------------------------------------------------

def panel(db: Database, org: str, month: dt.date, *, scope: Scope | None = None) -> dict[str, Provenance]:
    """The integrated panel's figures other than performance: finance, workforce, feedback, survey, risk."""
    out = {}
    for row in _rows(db, "provenance_panel", scope, org=org, month=month):
        figure, n = row["figure"], _n(row["records"])
        if figure == "finance":
            period, status = months(row["first_day"], row["last_day"]), _count(n, "cost centre")
        elif figure == "workforce":
            period, status = months(row["first_day"], row["last_day"]), _count(n, "team")
        elif figure == "feedback":
            period, status = f"12 months to {month_label(month)}", _count(n, "complaint record")
        elif figure == "survey":
            period = _quarter(row["first_day"], row["last_day"])
            status = _count(n, "answer") + " to the overall question" if n else None
        else:
            period = f"as at {_day(row['last_day'])}"
            overdue = _n(row["pending"])
            status = _count(n, "open risk") + (f", {overdue:,} overdue for review" if overdue else "")
        out[figure] = Provenance(system(row), period, status, loaded(row["loaded_at"], time=False))
        if figure == "workforce":      # the vacancy rate is the establishment at the month end, not a 12-month figure
            out["vacancy"] = Provenance(system(row), f"as at {_day(pd.Timestamp(month) + pd.offsets.MonthEnd(0))}",
                                        status, loaded(row["loaded_at"], time=False))
    return out


def _quarter(first, last) -> str | None:
    if not _present(first):
        return "no survey quarter yet"
    first, last = _date(first), _date(last)
    return f"fieldwork {first:%b}–{last:%b %Y}"


def finance(db: Database, org: str, month: dt.date, *, scope: Scope | None = None) -> dict[str, Provenance]:
    """'month': the headline and tables (the month's ledger); 'year': the forecast's movement since April."""
    rows = _rows(db, "provenance_finance", scope, org=org, month=month)
    if not rows:
        return {}
    row = rows[0]
    source, when = system(row), loaded(row["loaded_at"])
    return {
        "month": Provenance(source, months(row["month"], row["month"]) or month_label(month),
                            _count(row["cost_centres"], "cost centre"), when),
        "year": Provenance(source, months(row["first_month"], row["last_month"]),
                           _count(row["cost_centres_year"], "cost centre"), when),
    }


def workforce(db: Database, org: str, month: dt.date, staff: str,
              *, scope: Scope | None = None) -> dict[str, Provenance]:
    """'month': figures at the month end, with sickness and turnover over the rolling year;
    'series': the sickness chart (every month to this one)."""
    rows = _rows(db, "provenance_workforce", scope, org=org, month=month, staff=staff)
    if not rows:
        return {}
    row = rows[0]
    source, when = system(row), loaded(row["loaded_at"])
    rolling = months(row["rolling_first_month"], row["month"])
    period = month_label(month) + (f"; sickness and turnover over {rolling[0].lower() + rolling[1:]}"
                                   if rolling and rolling != month_label(month) else "")
    return {
        "month": Provenance(source, period, _count(row["teams"], "team"), when),
        "series": Provenance(source, months(row["first_month"], row["month"]),
                             _count(row["team_months"], "team-month"), when),
    }


def customers(db: Database, org: str, month: dt.date, *, scope: Scope | None = None) -> dict[str, Provenance]:
    """'feedback' (12 months), 'trend' (24 months), 'survey' (the latest quarter) and 'pair:<code>'
    for each output-versus-outcome chart."""
    viewer = scope or current_scope()
    out = {}
    rows = _rows(db, "provenance_customers", scope, org=org, month=month)
    if viewer.council_wide:         # the survey and the pairs are the council's, not the unit's
        rows += _rows(db, "provenance_customers_council", scope, month=month)
    for row in rows:
        figure, when = row["figure"], loaded(row["loaded_at"])
        if figure == "feedback":
            out[figure] = Provenance(system(row), f"received in the 12 months to {month_label(month)}",
                                     _count(row["records"], "record") + f", {_n(row['pending']):,} open at the "
                                     "month end", when)
        elif figure == "trend":
            out[figure] = Provenance(system(row), f"received in the 24 months to {month_label(month)}",
                                     _count(row["records"], "record"), when)
        elif figure == "survey":
            out[figure] = Provenance(system(row), _quarter(row["first_day"], row["last_day"]),
                                     _count(row["records"], "answer") + " across the survey's questions, from "
                                     + _count(row["pending"], "district"),
                                     when)
        else:
            out[f"pair:{row['pair_code']}"] = Provenance(
                f"returns from {row['output_source']} (output) and {row['system']} (outcome)",
                months(row["first_day"], row["last_day"]),
                "output: " + returns_status(row["records"], row["provisional"], row["missing"]),
                f"{received(row['latest_received'])}; {row['system']} {when}")
    return out


def risks(db: Database, org: str, month: dt.date, *, scope: Scope | None = None) -> Provenance | None:
    """The registers of ``org`` and the units below as at the month end: open risks, overdue reviews."""
    rows = _rows(db, "provenance_risks", scope, org=org, month=month)
    if not rows:
        return None
    row = rows[0]
    status = (_count(row["risks"], "open risk") + f" on {_count(row['registers'], 'register')}"
              + (f", {_n(row['reviews_overdue']):,} overdue for review" if _n(row["reviews_overdue"]) else ""))
    latest = f"latest review {_day(row['latest_review'])}; " if _present(row["latest_review"]) else ""
    return Provenance(system(row), f"as at {_day(row['as_at'])}", status, latest + loaded(row["loaded_at"]))


def vfm(db: Database, org: str, month: dt.date, output: str, output_name: str,
        *, scope: Scope | None = None) -> Provenance | None:
    """Spend from the ledger, the output from its returns, performance from the scorecards, over 12 months."""
    rows = _rows(db, "provenance_vfm", scope, org=org, month=month, output=output)
    if not rows:
        return None
    row = rows[0]
    return Provenance(
        f"{system(row)} for spend, returns from {row['output_source']} for the output ({output_name.lower()}) "
        "and indicator returns for performance",
        months(row["first_month"], row["last_month"]) or f"12 months to {month_label(month)}",
        f"{_count(row['cost_centres'], 'cost centre')}; output: "
        + returns_status(row["returns"], row["provisional"], row["missing"]),
        f"ledger {loaded(row['loaded_at'])}; {received(row['latest_received'])}")


def casework(db: Database, org: str, peers: str, day: dt.date, days: int, latest: dt.date,
             *, scope: Scope | None = None) -> dict[str, Provenance]:
    """'unit': figures as at the end of the day for the unit's teams; 'peers': the team comparison;
    'trend': the daily chart's span (the peers are the unit's own teams unless it is a team)."""
    out = {}
    for row in _rows(db, "provenance_casework", scope, org=org, peers=peers, day=day, days=int(days)):
        when = f"case records to {_day(latest)}, {loaded(row['loaded_at'])}"
        status = f"{_count(row['open_cases'], 'open case')} in {_count(row['teams'], 'team')}"
        out[row["figure"]] = Provenance(system(row), f"as at the end of {day:%a %-d %b %Y}", status, when)
        if row["figure"] == "unit":
            out["trend"] = Provenance(system(row), f"{int(days)} days, {_day(row['span_start'])} to {_day(day)}",
                                      f"{_count(row['cases_in_span'], 'case')} open in that time in "
                                      f"{_count(row['teams'], 'team')}", when)
    if "unit" in out:
        out.setdefault("peers", out["unit"])
    return out
