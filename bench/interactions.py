"""The interactions the bench measures, and how each is replayed over HTTP.

An interaction is one user action: the whole chain of Dash callbacks it
triggers.  The chain of each page kind was recorded once in headless Chromium
(``python -m bench.interactions --record URL``, which watches
``page.on("request")``) and stored in ``bench/chains.json``; the bench replays
the same POSTs to ``/_dash-update-component`` with the pathname, search and
period substituted, in order, and times until the last response arrives.

Each interaction also names its data-layer function: the named queries and
metrics the page calls, without Dash, so the bench can time our data layer,
the raw SQL and the pandas baseline on the same (org, period) keys.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
CHAINS = HERE / "chains.json"
KINDS = ("scorecard", "indicator", "exceptions", "finance", "workforce", "customers", "risks", "value-for-money",
         "casework", "benchmarking")


# -- recording -----------------------------------------------------------------

def record(base: str, urls: dict[str, str]) -> dict:
    """Open each URL in headless Chromium and keep the callback POSTs it makes."""
    from playwright.sync_api import sync_playwright

    chains = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"])
        for kind, url in urls.items():
            page = browser.new_page()
            seen = []
            page.on("request", lambda r: seen.append(r) if "_dash-update-component" in r.url else None)
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            # a loaded machine renders the page after "network idle": wait until no callback has started for 2 s
            count = -1
            while count != len(seen):
                count = len(seen)
                page.wait_for_timeout(2000)
            chains[kind] = {"recorded_from": url, "requests": [json.loads(r.post_data) for r in seen]}
            page.close()
        browser.close()
    CHAINS.write_text(json.dumps(chains, indent=1))
    return chains


def load_chains() -> dict:
    return json.loads(CHAINS.read_text())


def chain_outputs(chains: dict) -> set[str]:
    return {req["output"] for c in chains.values() for req in c["requests"]}


# -- replay --------------------------------------------------------------------

def _substitute(body: dict, pathname: str, search: str, period: str) -> dict:
    body = json.loads(json.dumps(body))
    for group in ("inputs", "state"):
        # a pattern-matching input (ALL) is a list of items; their ids are dicts, never the ones substituted
        for item in [i for entry in body.get(group) or [] for i in (entry if isinstance(entry, list) else [entry])]:
            if not isinstance(item["id"], str):
                continue
            key = (item["id"], item["property"])
            if key == ("_pages_location", "pathname"):
                item["value"] = pathname
            elif key == ("_pages_location", "search"):
                item["value"] = search
            elif key in (("period-picker", "value"), ("page-period", "data")):
                item["value"] = period
    return body


def payloads(chains: dict, kind: str, url: str, period: str) -> list[dict]:
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query else ""
    return [_substitute(b, parts.path, search, period) for b in chains[kind]["requests"]]


def is_error(status: int, text: str) -> bool:
    return status != 200 and status != 204 or "Something went wrong" in text or '"error"' in text[:200]


def replay(session, base: str, chains: dict, kind: str, url: str, period: str,
           before: list[dict] | None = None) -> tuple[float, int, int, bool]:
    """Replay the chain; (seconds, total bytes, largest response bytes, error?)."""
    bodies = (before or []) + payloads(chains, kind, url, period)
    total = largest = 0
    error = False
    started = time.perf_counter()
    for body in bodies:
        r = session.post(base + "/_dash-update-component", json=body,
                         headers={"Content-Type": "application/json"}, timeout=60)
        n = len(r.content)
        total += n
        largest = max(largest, n)
        error |= is_error(r.status_code, r.text[:2000] if n < 2000 else "")
    return time.perf_counter() - started, total, largest, error


def period_change_prelude(chains: dict, url: str, old_period: str, new_period: str) -> list[dict]:
    """The period picker's own callback (it turns the new value into a URL) before the page chain."""
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query else ""
    picker = next(b for b in chains["scorecard"]["requests"]
                  if any(i["id"] == "period-picker" for i in b["inputs"]))
    body = _substitute(picker, parts.path, search, old_period)
    body["inputs"][0]["value"] = new_period
    return [body]


# -- what each interaction is --------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One occurrence of an interaction: the URL, its kind and its data-layer arguments."""
    url: str
    kind: str
    period: str
    org: str
    indicator: str | None = None
    previous_period: str | None = None     # for change_period
    day: str | None = None                 # for casework, YYYY-MM-DD
    measure: str | None = None             # for benchmarking: a published measure, its comparator group
    group: str | None = None               # and its period label (``period``) — ``org`` is the home area

    @property
    def month(self) -> dt.date:
        return dt.date(int(self.period[:4]), int(self.period[5:7]), 1)


@dataclass(frozen=True)
class Interaction:
    name: str
    kind: str
    cases: Callable[["Universe", random.Random, int], list[Case]]


@dataclass
class Universe:
    """What the database holds, to vary org units and periods."""
    council: str
    directorates: list[str]
    services: list[str]
    teams: list[str]
    periods: list[str]                     # recent months, newest last
    reported: dict[str, list[str]]         # org -> indicators reported at or below it
    compared: list[str]                    # services whose teams share an output (value for money)
    casework_units: list[str]              # units above the teams that hold children's cases
    casework_days: list[str]               # recent days of the case data, YYYY-MM-DD
    home_area: str = ""                    # the benchmarking pages' council (MI_HOME_AREA)
    benchmarks: list[tuple] = ()           # (measure, group, recent period labels, has counts for a funnel)

    @classmethod
    def load(cls, con) -> "Universe":
        units = con.execute("SELECT code, level FROM org_unit ORDER BY sort_order, code").fetchall()
        by_level = {lv: [c for c, level in units if level == lv] for lv in ("council", "directorate", "service", "team")}
        last = con.execute("SELECT last_period FROM build_info").fetchone()[0]
        periods = []
        y, m = last.year, last.month
        for _ in range(24):
            periods.append(f"{y:04d}-{m:02d}")
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        sample = by_level["directorate"] + by_level["service"][:40] + [by_level["council"][0]]
        rows = con.execute("""
            SELECT a.ancestor_code, list(DISTINCT iu.indicator_code ORDER BY iu.indicator_code)
            FROM indicator_unit AS iu JOIN org_ancestor AS a ON a.org_code = iu.org_code
            WHERE a.ancestor_code IN (SELECT unnest($orgs))
            GROUP BY ALL""", {"orgs": sample}).fetchall()
        compared = [code for (code,) in con.execute("""
            SELECT t.parent_code
            FROM org_unit AS t
            JOIN org_ancestor AS a ON a.ancestor_code = t.code
            JOIN indicator_unit AS iu ON iu.org_code = a.org_code
            JOIN indicator AS i ON i.code = iu.indicator_code
            JOIN org_ancestor AS d ON d.org_code = t.code AND d.ancestor_code = i.directorate_code
            WHERE t.level = 'team' AND i.aggregation = 'sum' AND i.basis = 'in_month' AND i.unit = 'count'
              AND i.polarity <> 'down'
            GROUP BY t.parent_code, i.code
            HAVING count(DISTINCT t.code) >= 2
            ORDER BY 1""").fetchall()]
        casework_units = [code for (code,) in con.execute("""
            SELECT DISTINCT a.ancestor_code FROM casework_case AS c
            JOIN org_ancestor AS a ON a.org_code = c.org_code
            JOIN org_unit AS u ON u.code = a.ancestor_code
            WHERE u.level IN ('directorate', 'service') ORDER BY 1""").fetchall()]
        latest = con.execute("SELECT max(referral_date) FROM casework_case").fetchone()[0]
        casework_days = [f"{latest - dt.timedelta(days=k):%Y-%m-%d}" for k in range(0, 120)] if latest else []
        home, benchmarks = published_benchmarks(con)
        return cls(by_level["council"][0], by_level["directorate"], by_level["service"], by_level["team"],
                   list(reversed(periods)), {org: inds for org, inds in rows}, sorted(set(compared)),
                   casework_units, casework_days, home, benchmarks)


def published_benchmarks(con) -> tuple[str, list[tuple]]:
    """The home area and every (measure id, comparator group) the benchmarking page can show for it from the
    imported published data, with the measure's last three periods and whether the counts behind it could
    make a funnel plot.  Empty when nothing has been imported."""
    from dashboard.metrics.funnel import candidates
    from dashboard.settings import Settings

    home = Settings.from_env().home_area
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'published_value'").fetchone()[0]:
        return home, []
    rows = con.execute("""
        WITH
        home AS (SELECT * FROM authority WHERE area_code = $home),
        districts AS (SELECT a.area_code FROM authority AS a, home AS h
                      WHERE a.parent_county_code = h.code AND a.end_date IS NULL),
        shown AS (
            SELECT v.measure_code, v.publisher, l.dataset, v.period_label, v.period_start,
                   CASE WHEN v.area_code = $home THEN 'home' ELSE 'districts' END AS who
            FROM published_value AS v JOIN published_load AS l USING (source_file)
            WHERE v.value IS NOT NULL AND (v.area_code = $home OR v.area_code IN (SELECT area_code FROM districts))
        ),
        groups AS (
            SELECT DISTINCT measure_code, dataset, 'type' AS grp, period_label, period_start FROM shown WHERE who = 'home'
            UNION ALL
            SELECT DISTINCT measure_code, dataset, 'neighbours', period_label, period_start FROM shown
            WHERE who = 'home' AND publisher LIKE 'Department for Education%'
              AND EXISTS (SELECT 1 FROM statistical_neighbour WHERE area_code = $home AND is_current)
            UNION ALL
            SELECT DISTINCT measure_code, dataset, 'districts', period_label, period_start FROM shown WHERE who = 'districts'
        )
        SELECT measure_code, dataset, grp, list(DISTINCT period_label ORDER BY period_label) AS periods
        FROM (SELECT *, dense_rank() OVER (PARTITION BY dataset, measure_code, grp ORDER BY period_start DESC) AS k
              FROM groups)
        WHERE k <= 3
        GROUP BY ALL
        ORDER BY dataset, measure_code, grp""", {"home": home}).fetchall()
    names, kinds = {}, {}
    for dataset, code, name, kind in con.execute("""
            SELECT DISTINCT l.dataset, m.measure_code, m.measure_name, m.kind
            FROM published_measure AS m JOIN published_load AS l USING (source_file)""").fetchall():
        names.setdefault(dataset, {})[code] = name
        kinds[(dataset, code)] = kind
    return home, [(f"{dataset.partition(':')[2]}.{code}", grp, list(periods),
                   grp != "districts" and kinds.get((dataset, code)) == "percent"
                   and bool(candidates(code, names[dataset])))
                  for code, dataset, grp, periods in rows]


def _org_cases(level: str):
    def make(u: Universe, rng: random.Random, n: int) -> list[Case]:
        pool = {"council": [u.council], "directorate": u.directorates, "service": u.services,
                "team": u.teams}[level]
        out = []
        for _ in range(n):
            org, period = rng.choice(pool), rng.choice(u.periods)
            url = f"/?period={period}" if level == "council" else f"/org/{org}?period={period}"
            out.append(Case(url, "scorecard", period, org))
        return out
    return make


def _change_period(u: Universe, rng: random.Random, n: int) -> list[Case]:
    out = []
    for _ in range(n):
        org = rng.choice(u.directorates + u.services[:10])
        old, new = rng.sample(u.periods, 2)
        out.append(Case(f"/org/{org}?period={new}", "scorecard", new, org, previous_period=old))
    return out


def _indicator_cases(u: Universe, rng: random.Random, n: int) -> list[Case]:
    out = []
    orgs = [o for o in u.reported if u.reported[o]]
    for _ in range(n):
        org = rng.choice(orgs)
        ind, period = rng.choice(u.reported[org]), rng.choice(u.periods)
        out.append(Case(f"/indicator/{ind}?org={org}&period={period}", "indicator", period, org, ind))
    return out


def _exception_cases(level: str):
    def make(u: Universe, rng: random.Random, n: int) -> list[Case]:
        out = []
        for _ in range(n):
            org = u.council if level == "council" else rng.choice(u.directorates)
            period = rng.choice(u.periods)
            out.append(Case(f"/exceptions?org={org}&period={period}", "exceptions", period, org))
        return out
    return make


def _section_cases(section: str, levels: tuple[str, ...]):
    def make(u: Universe, rng: random.Random, n: int) -> list[Case]:
        pool = [u.council] * ("council" in levels) + u.directorates * ("directorate" in levels) \
            + u.services * ("service" in levels) + u.compared * ("compared" in levels)
        out = []
        for _ in range(n):
            org, period = rng.choice(pool), rng.choice(u.periods)
            out.append(Case(f"/{section}?org={org}&period={period}", section, period, org))
        return out
    return make


def _casework_cases(u: Universe, rng: random.Random, n: int) -> list[Case]:
    out = []
    for _ in range(n):
        org, day = rng.choice(u.casework_units), rng.choice(u.casework_days)
        out.append(Case(f"/casework?org={org}&date={day}", "casework", day[:7], org, day=day))
    return out


def _benchmark_cases(funnel_only: bool):
    def make(u: Universe, rng: random.Random, n: int) -> list[Case]:
        pool = [b for b in u.benchmarks if b[3] or not funnel_only]
        if not pool:
            raise RuntimeError("the bench database has no published data for the benchmarking page: "
                               "bench.run imports ../shared/data/public (see bench/README.md)")
        out = []
        for _ in range(n):
            measure, group, periods, _funnel = rng.choice(pool)
            period = rng.choice(periods)
            url = f"/benchmarking?measure={measure}&area={u.home_area}&group={group}&period={quote(period)}"
            out.append(Case(url, "benchmarking", period, u.home_area, measure=measure, group=group))
        return out
    return make


INTERACTIONS = [
    Interaction("council_scorecard", "scorecard", _org_cases("council")),
    Interaction("drill_directorate", "scorecard", _org_cases("directorate")),
    Interaction("drill_service", "scorecard", _org_cases("service")),
    Interaction("drill_team", "scorecard", _org_cases("team")),
    Interaction("change_period", "scorecard", _change_period),
    Interaction("indicator_spc", "indicator", _indicator_cases),
    Interaction("exceptions_council", "exceptions", _exception_cases("council")),
    Interaction("exceptions_directorate", "exceptions", _exception_cases("directorate")),
    Interaction("finance", "finance", _section_cases("finance", ("council", "directorate", "service"))),
    Interaction("workforce", "workforce", _section_cases("workforce", ("council", "directorate", "service"))),
    Interaction("customers", "customers", _section_cases("customers", ("council", "directorate", "service"))),
    Interaction("risks", "risks", _section_cases("risks", ("council", "directorate", "service"))),
    Interaction("value_for_money", "value-for-money", _section_cases("value-for-money", ("compared",))),
    Interaction("casework", "casework", _casework_cases),
    Interaction("benchmarking", "benchmarking", _benchmark_cases(funnel_only=False)),
    Interaction("benchmarking_funnel", "benchmarking", _benchmark_cases(funnel_only=True)),
]


# -- the data layer alone (what the pages call, without Dash) ---------------------

def page_args(case: Case) -> dict:
    """The URL arguments of ``case``'s page."""
    if case.kind == "benchmarking":          # its periods are the publishers' own, not months
        return {"measure": case.measure, "area": case.org, "group": case.group, "period": case.period}
    if case.kind == "casework":
        return {"org": case.org, "date": case.day}
    if case.kind == "indicator":
        return {"code": case.indicator, "org": case.org, "period": case.period}
    return {"org": case.org, "period": case.period}


def data_layer(db, case: Case):
    """What the page fetches for ``case``: its ``data()`` (dashboard.pagedata), parsed from its URL as the page
    parses it — the same fetch sequence as the page, its downloads and the packs, by construction."""
    from dashboard.db import EVERYTHING
    from dashboard.pagedata.registry import PAGES

    page = PAGES[case.kind]
    return page.data(db, EVERYTHING, page.parse(db, page_args(case)))


def baseline_answer(base, case: Case, resources=None, published=None):
    """The same answers from the pandas baseline (``published``: bench.baseline_benchmarking)."""
    if case.kind == "benchmarking":
        return published.page(case.measure, case.org, case.group, case.period)
    if case.kind == "scorecard":
        level = base.level_of[base.org_codes.index(case.org)]
        return base.scorecard_page(case.org, case.month, corporate_only=level == 0)
    if case.kind == "indicator":
        return base.indicator_page(case.indicator, case.org, case.month)
    if case.kind == "exceptions":
        return base.exceptions(case.org, case.month)
    if case.kind == "casework":
        return resources.casework_page(case.org, dt.date.fromisoformat(case.day))
    pages = {"finance": resources.finance_page, "workforce": resources.workforce_page,
             "customers": resources.customers_page, "risks": resources.risks_page,
             "value-for-money": resources.vfm_page}
    return pages[case.kind](case.org, case.month)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Record the callback chains of each page kind")
    parser.add_argument("--base", required=True, help="a running dashboard, e.g. http://127.0.0.1:8050")
    parser.add_argument("--period", required=True)
    parser.add_argument("--org", required=True, help="a directorate code")
    parser.add_argument("--indicator", required=True)
    a = parser.parse_args()
    record(a.base, {"scorecard": f"/org/{a.org}?period={a.period}",
                    "indicator": f"/indicator/{a.indicator}?org={a.org}&period={a.period}",
                    "exceptions": f"/exceptions?org={a.org}&period={a.period}"})
