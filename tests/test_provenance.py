"""Every figure says where it came from: under each chart, table and set of
headline figures of every page a "Source:" line names the system or return,
the period, the state of the rows behind the figure and when they arrived —
and its numbers are the rows' own, counted again here from the raw tables.

If this broke, a reader could not tell that a figure rests on provisional
returns, that some returns are missing, how old the data are, or which system
to ask about a number; or the line would state counts the data do not bear."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import pytest

from dashboard.components.provenance import CLASS, Provenance, source_id, source_line
from dashboard.db import Database
from tests.test_pages import ROUTER

# -- the rendered page as a tree ------------------------------------------------------


def layout(client, path: str, search: str = "") -> dict:
    payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                    {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, (path, search)
    tree = response.get_json()["response"]["_pages_content"]["children"]
    text = json.dumps(tree)
    assert "Something went wrong" not in text and "not quite right" not in text, (path, search, text[-2000:])
    return tree


def _children(node) -> list:
    if isinstance(node, dict):
        kids = node.get("props", {}).get("children")
        return kids if isinstance(kids, list) else [kids]
    return []


def walk(node, ancestors=()):
    """Every component of the tree with its ancestors (outermost first)."""
    if isinstance(node, list):
        for child in node:
            yield from walk(child, ancestors)
    elif isinstance(node, dict) and "type" in node:
        yield node, ancestors
        for child in _children(node):
            yield from walk(child, (*ancestors, node))


def classes(node) -> set[str]:
    return set((node.get("props", {}).get("className") or "").split())


def is_source_line(node) -> bool:
    return CLASS in classes(node)


def is_figure(node) -> bool:
    """A chart, a table, or a set of headline figures (including the RAG counts and exception counts)."""
    kind = node["type"]
    return (kind in ("Graph", "Table") or (kind == "Dl" and "headline" in classes(node))
            or (kind == "Ul" and classes(node) & {"rag-counts", "exception-counts"}))


def text_of(node) -> str:
    kids = node.get("props", {}).get("children")
    if isinstance(kids, str):
        return kids
    return "".join(text_of(k) if isinstance(k, dict) else str(k or "") for k in (kids if isinstance(kids, list) else [kids]))


def line(tree, figure_id: str) -> str:
    found = [n for n, _ in walk(tree) if n.get("props", {}).get("id") == source_id(figure_id)]
    assert len(found) == 1, f"no source line for {figure_id}"
    return text_of(found[0])


# -- the pages ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def units(tiny_db, tiny_con) -> dict[str, str]:
    levels = tiny_con.execute("SELECT level, min(code) FROM org_unit GROUP BY level").fetchall()
    out = dict(levels)
    out["casework_team"] = tiny_con.execute("SELECT min(org_code) FROM casework_staffing").fetchone()[0]
    out["casework_service"] = tiny_con.execute(
        "SELECT min(u.parent_code) FROM casework_staffing AS c JOIN org_unit AS u ON u.code = c.org_code").fetchone()[0]
    services = tiny_con.execute("SELECT code FROM org_unit WHERE level = 'service' ORDER BY code").df()["code"]
    db = Database(tiny_db)
    out["vfm_service"] = next(s for s in services if (db.query("vfm_outputs", org=s)["units_reporting"] >= 2).any())
    out["monthly"] = tiny_con.execute("""SELECT min(code) FROM indicator WHERE frequency = 'monthly' AND basis = 'in_month'
                                         AND aggregation = 'ratio'""").fetchone()[0]
    out["ytd"] = tiny_con.execute("""SELECT min(i.code) FROM indicator AS i WHERE i.basis = 'year_to_date'
                                     AND i.frequency = 'monthly' AND i.lag_periods = 0 AND i.aggregation <> 'none'
                                     AND EXISTS (SELECT 1 FROM measure AS m WHERE m.indicator_code = i.code
                                                 AND m.period_start = (SELECT last_period FROM build_info))""").fetchone()[0]
    out["quarterly"] = tiny_con.execute("SELECT min(code) FROM indicator WHERE frequency = 'quarterly'").fetchone()[0]
    return out


@pytest.fixture(scope="module")
def months(tiny_con) -> tuple[str, str]:
    first, last = tiny_con.execute("SELECT first_period, last_period FROM build_info").fetchone()
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


PAGES = [
    ("/", ""), ("/", "?scope=all&group=portfolio"), ("/", "?period=FIRST"),
    ("/org/{directorate}", ""), ("/org/{service}", ""), ("/org/{team}", ""),
    ("/indicator/{monthly}", "?org={council}"), ("/indicator/{ytd}", "?org={directorate}"),
    ("/indicator/{quarterly}", "?org={council}"), ("/indicator/{monthly}", "?org={team}&period=FIRST"),
    ("/exceptions", ""), ("/exceptions", "?org={directorate}"),
    ("/finance", ""), ("/finance", "?org={service}"), ("/finance", "?period=FIRST"),
    ("/workforce", ""), ("/workforce", "?org={directorate}&staff=all"), ("/workforce", "?period=FIRST"),
    ("/customers", ""), ("/customers", "?org={service}"),
    ("/risks", ""), ("/risks", "?org={directorate}"),
    ("/value-for-money", "?org={vfm_service}"),
    ("/casework", ""), ("/casework", "?org={casework_team}"),
]


@pytest.mark.parametrize("path, search", PAGES)
def test_every_chart_table_and_headline_has_a_source_line(client, units, months, path, search):
    """Each chart, table and set of headline figures sits in a section that says where it came from."""
    path, search = path.format(**units), search.format(**units).replace("FIRST", months[0])
    tree = layout(client, path, search)
    figures = [(n, a) for n, a in walk(tree) if is_figure(n)]
    assert figures, (path, search)
    for node, ancestors in figures:
        sections = [a for a in ancestors if a["type"] == "Section"]
        assert sections, f"{node['type']} {node['props'].get('id')} on {path}{search} is in no section"
        section = sections[-1]
        lines = [n for n, _ in walk(section) if is_source_line(n)]
        assert lines, f"{node['type']} {node['props'].get('id')} in section {section['props'].get('id')} has no source"
        for n in lines:
            assert text_of(n).startswith("Source: "), text_of(n)


def test_each_figure_of_the_integrated_panel_has_its_own_source(client):
    """The panel mixes performance, money, staff, customers and risk: each figure names its own system."""
    tree = layout(client, "/")
    panel = next(n for n, _ in walk(tree) if n.get("props", {}).get("id") == "resources-panel")
    figures = [n for n, a in walk(panel) if n["type"] == "Div" and a and a[-1]["type"] == "Dl"]
    assert len(figures) == 7
    texts = []
    for figure in figures:
        own = [text_of(n) for n, _ in walk(figure) if is_source_line(n)]
        assert len(own) == 1, text_of(figure)
        texts.append(own[0])
    for system in ("returns from", "SAP (general ledger)", "SAP HR (HR and payroll)", "Lagan CRM", "Residents' tracker survey",
                   "Pentana"):
        assert any(system in t for t in texts), system


def test_each_table_of_the_scorecard_names_its_own_systems(client, raw):
    """A theme's table names the systems of that theme's indicators, not the whole scorecard's."""
    tree = layout(client, "/", "?scope=all")
    card = next(n for n, _ in walk(tree) if n.get("props", {}).get("id") == "scorecard")
    groups = [n for n in _children(card)
              if isinstance(n, dict) and n["props"].get("className") == "scorecard-group"]
    ind = raw["indicator"]
    assert len(groups) == ind["theme"].nunique()
    for group in groups:
        theme = text_of(next(n for n, _ in walk(group) if n["type"] == "H3"))
        own = [text_of(n) for n, _ in walk(group) if is_source_line(n)]
        assert len(own) == 1, theme
        named = re.match(r"Source: returns from (.*?) · ", own[0]).group(1)
        named = re.split(r", | and ", re.sub(r" and \d+ other systems$", "", named))
        assert set(named) <= set(ind.loc[ind["theme"] == theme, "source"]), (theme, named)


# -- the numbers, counted again from the raw tables --------------------------------------

RETURNS = re.compile(r"(?:([\d,]+) of )?([\d,]+) returns?(?: provisional|, all validated)(?:, ([\d,]+) missing)?"
                     r"|no returns(?:, ([\d,]+) missing)?")
RECEIVED = re.compile(r"latest return received (\d{1,2} \w{3} \d{4})")


def _int(text) -> int:
    return int(text.replace(",", "")) if text else 0


def returns_in(text: str) -> tuple[int, int, int]:
    """(returns, provisional, missing) as the line states them."""
    m = RETURNS.search(text)
    assert m, text
    if m.group(0).startswith("no returns"):
        return 0, 0, _int(m.group(4))
    return _int(m.group(2)), _int(m.group(1)), _int(m.group(3))


def received_in(text: str) -> dt.date:
    m = RECEIVED.search(text)
    assert m, text
    return dt.datetime.strptime(m.group(1), "%d %b %Y").date()


@pytest.fixture(scope="module")
def raw(tiny_con) -> dict[str, pd.DataFrame]:
    q = lambda sql: tiny_con.execute(sql).df()  # noqa: E731
    return {"measure": q("SELECT * FROM measure"), "org": q("SELECT * FROM org_unit"),
            "indicator": q("SELECT * FROM indicator"), "indicator_unit": q("SELECT * FROM indicator_unit"),
            "build": q("SELECT * FROM build_info")}


def below(org_units: pd.DataFrame, code: str) -> set[str]:
    """The unit and every unit under it, from org_unit's parent codes (not the closure table)."""
    found, frontier = {code}, {code}
    while frontier:
        frontier = set(org_units.loc[org_units["parent_code"].isin(frontier), "code"])
        found |= frontier
    return found


def _month(key: str) -> pd.Timestamp:
    return pd.Timestamp(f"{key}-01")


def test_indicator_returns_line_counts_the_returns_of_the_period(client, raw, units, months):
    """The latest month: how many returns arrived, how many are still provisional, the latest arrival."""
    code, council = units["monthly"], units["council"]
    tree = layout(client, f"/indicator/{code}", f"?org={council}&period={months[1]}")
    text = line(tree, "indicator-returns")
    m = raw["measure"]
    rows = m[(m["indicator_code"] == code) & (pd.to_datetime(m["period_start"]) == _month(months[1]))]
    assert len(rows) > 0
    returns, provisional, _missing = returns_in(text)
    assert (returns, provisional) == (len(rows), int((rows["status"] == "provisional").sum()))
    assert received_in(text) == pd.Timestamp(rows["received_at"].max()).date()
    assert "returns from " + raw["indicator"].set_index("code").loc[code, "source"] in text
    assert line(tree, "indicator-headline") == text      # the headline value rests on the same returns


def test_indicator_line_counts_missing_returns(client, raw, units, months):
    """A month long enough ago for every return to be due: the units expected to report it that
    sent nothing are counted missing (the first such indicator and month with some missing)."""
    council, m, ind = units["council"], raw["measure"], raw["indicator"]
    monthly = ind[(ind["frequency"] == "monthly") & (ind["basis"] == "in_month") & (ind["lag_periods"] == 0)
                  & (ind["due_working_days"] <= 20)]["code"]
    m = m.assign(period_start=pd.to_datetime(m["period_start"]))
    due = pd.date_range(_month(months[0]), _month(months[1]) - pd.DateOffset(months=3), freq="MS")
    expected = raw["indicator_unit"].groupby("indicator_code")["org_code"].agg(set)
    code, period, rows = next((c, p, r) for c in sorted(monthly) for p in due
                              for r in [m[(m["indicator_code"] == c) & (m["period_start"] == p)]]
                              if len(r) and len(expected[c] - set(r["org_code"])))
    tree = layout(client, f"/indicator/{code}", f"?org={council}&period={period:%Y-%m}")
    returns, provisional, missing = returns_in(line(tree, "indicator-returns"))
    assert returns == len(rows)
    assert provisional == int((rows["status"] == "provisional").sum())
    assert missing == len(expected[code] - set(rows["org_code"])) > 0


def test_year_to_date_value_counts_every_return_of_its_window(client, raw, units, months):
    """A year-to-date value rests on every return since April, not only the month's."""
    code, org = units["ytd"], units["directorate"]
    period = _month(months[1])
    april = pd.Timestamp(period.year - (period.month < 4), 4, 1)
    text = line(layout(client, f"/indicator/{code}", f"?org={org}&period={months[1]}"), "indicator-headline")
    assert f"· year to date, {april:%B} to {period:%B %Y} ·" in text
    m = raw["measure"]
    window = m[(m["indicator_code"] == code) & m["org_code"].isin(below(raw["org"], org))
               & pd.to_datetime(m["period_start"]).between(april, period)]
    returns, provisional, _ = returns_in(text)
    assert (returns, provisional) == (len(window), int((window["status"] == "provisional").sum()))
    assert received_in(text) == pd.Timestamp(window["received_at"].max()).date()


def test_scorecard_line_counts_the_returns_behind_every_value_shown(client, raw, units, months):
    """The RAG counts rest on the returns behind each value on the scorecard: each indicator's
    period shown (from the scorecard download) and the window its basis sums."""
    org = units["directorate"]
    tree = layout(client, f"/org/{org}", f"?period={months[1]}")
    text = line(tree, "rag-summary")
    card = pd.read_csv(io.StringIO(client.get(f"/download/scorecard.csv?org={org}&period={months[1]}").data.decode()))
    m = raw["measure"]
    mine = m[m["org_code"].isin(below(raw["org"], org))].copy()
    mine["period_start"] = pd.to_datetime(mine["period_start"])
    behind = []
    for r in card.itertuples():
        period = _month(r.period)
        start = {"year_to_date": pd.Timestamp(period.year - (period.month < 4), 4, 1),
                 "rolling_12_months": period - pd.DateOffset(months=11)}.get(r.basis, period)
        if pd.isna(r.value):       # no value for the period due: no returns behind it, only missing ones
            start = period
        behind.append(mine[(mine["indicator_code"] == r.indicator_code) & (mine["period_start"] >= start)
                           & (mine["period_start"] <= period)])
    behind = pd.concat(behind)
    returns, provisional, _ = returns_in(text)
    assert (returns, provisional) == (len(behind), int((behind["status"] == "provisional").sum()))
    assert received_in(text) == pd.Timestamp(behind["received_at"].max()).date()
    assert f"{len(card)} indicators" in json.dumps(tree)


def _loaded(raw) -> str:
    return f"loaded {pd.Timestamp(raw['build']['built_at'].iloc[0]):%-d %b %Y %H:%M}"


def test_finance_line_counts_the_cost_centres_in_the_ledger(client, tiny_con, raw, units, months):
    org = units["directorate"]
    tree = layout(client, "/finance", f"?org={org}&period={months[1]}")
    text = line(tree, "finance-headline")
    ledger = tiny_con.execute("SELECT org_code FROM finance WHERE month = ?", [_month(months[1]).date()]).df()
    centres = ledger.loc[ledger["org_code"].isin(below(raw["org"], org)), "org_code"].nunique()
    assert f"· {centres} cost centres ·" in text
    assert text.startswith("Source: SAP (general ledger) · ")
    assert _loaded(raw) in text      # the demo's extracts are loaded with the build


def test_workforce_line_counts_the_teams_in_the_staff_group(client, tiny_con, raw, units, months):
    org = units["council"]
    text = line(layout(client, "/workforce", f"?period={months[1]}"), "workforce-headline")
    rows = tiny_con.execute("""SELECT w.org_code FROM workforce AS w JOIN org_unit AS u ON u.code = w.org_code
                               WHERE w.month = ? AND NOT u.is_schools""", [_month(months[1]).date()]).df()
    teams = rows.loc[rows["org_code"].isin(below(raw["org"], org)), "org_code"].nunique()
    assert f"· {teams} teams ·" in text and "SAP HR" in text


def test_customer_line_counts_records_received_and_still_open(client, tiny_con, raw, units, months):
    org = units["service"]
    text = line(layout(client, "/customers", f"?org={org}&period={months[1]}"), "customers-headline")
    f = tiny_con.execute("SELECT org_code, received_on, responded_on FROM feedback").df()
    f = f[f["org_code"].isin(below(raw["org"], org))]
    end = _month(months[1]) + pd.offsets.MonthEnd(0)
    received = pd.to_datetime(f["received_on"])
    in_year = ((received >= _month(months[1]) - pd.DateOffset(months=11)) & (received <= end)).sum()
    responded = pd.to_datetime(f["responded_on"])
    still_open = ((received <= end) & (responded.isna() | (responded > end))).sum()
    assert f"· {in_year:,} records, {still_open:,} open at the month end ·" in text


def test_risk_line_counts_open_risks_and_overdue_reviews_from_the_register(client, tiny_con, raw, units, months):
    """Open at the month end on the unit's registers, as their latest review by then left them."""
    org = units["council"]
    text = line(layout(client, "/risks", f"?period={months[1]}"), "risk-headline")
    end = (_month(months[1]) + pd.offsets.MonthEnd(0)).date()
    risk = tiny_con.execute("SELECT code, org_code, closed_on FROM risk").df()
    reviews = tiny_con.execute("SELECT risk_code, reviewed_on, next_review_due FROM risk_review WHERE reviewed_on <= ?",
                               [end]).df()
    latest = reviews.sort_values("reviewed_on").groupby("risk_code").tail(1).set_index("risk_code")
    open_ = risk[risk["code"].isin(latest.index) & risk["org_code"].isin(below(raw["org"], org))
                 & (risk["closed_on"].isna() | (pd.to_datetime(risk["closed_on"]) > pd.Timestamp(end)))]
    overdue = (pd.to_datetime(latest.loc[open_["code"], "next_review_due"]) < pd.Timestamp(end)).sum()
    assert f"· {len(open_)} open risks on {open_['org_code'].nunique()} registers" in text
    assert (f", {overdue} overdue for review" in text) == (overdue > 0)
    assert f"latest review {pd.Timestamp(latest.loc[open_['code'], 'reviewed_on'].max()):%-d %b %Y}" in text
    assert f"as at {end:%-d %b %Y}" in text


def test_casework_line_counts_open_cases_and_teams(client, tiny_con, raw, units):
    org = units["council"]
    tree = layout(client, "/casework")
    text = line(tree, "casework-headline")
    cases = tiny_con.execute("SELECT org_code, referral_date, closed_date FROM casework_case").df()
    latest = tiny_con.execute("""SELECT greatest(max(referral_date), max(allocated_date), max(assessment_completed),
                                 max(strategy_discussion_date), max(conference_date), max(closed_date))
                                 FROM casework_case""").fetchone()[0]
    teams = set(tiny_con.execute("SELECT DISTINCT org_code FROM casework_staffing").df()["org_code"])
    mine = cases[cases["org_code"].isin(teams & below(raw["org"], org))]
    day = pd.Timestamp(latest)
    open_ = ((pd.to_datetime(mine["referral_date"]) <= day)
             & (mine["closed_date"].isna() | (pd.to_datetime(mine["closed_date"]) > day))).sum()
    assert f"· {open_:,} open cases in {len(teams & below(raw['org'], org))} teams ·" in text
    assert f"as at the end of {day:%a %-d %b %Y}" in text and "Mosaic" in text


def test_every_domain_names_its_system_and_is_documented(tiny_con):
    """Analysts find where each domain comes from in the catalogue, like every other table."""
    rows = tiny_con.execute("SELECT domain, system, extract, loaded_at FROM data_source ORDER BY domain").df()
    assert list(rows["domain"]) == sorted(["finance", "workforce", "feedback", "survey", "risk", "casework"])
    assert rows["system"].str.len().min() > 0 and rows["loaded_at"].notna().all()
    assert tiny_con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'data_source'").fetchone()[0]
    undocumented = tiny_con.execute("""SELECT column_name FROM duckdb_columns()
                                       WHERE table_name = 'data_source' AND comment IS NULL""").fetchall()
    assert undocumented == []


def test_a_database_built_before_data_source_still_shows_every_page(tiny_db, tmp_path):
    """The Makefile keeps an existing database: until it is rebuilt its pages show their figures,
    indicator sources included, and only the other domains' lines are missing."""
    import shutil

    import duckdb

    from dashboard import create_app
    from dashboard.settings import Settings

    old = tmp_path / "old.duckdb"
    shutil.copy(tiny_db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP TABLE data_source")
    client = create_app(Settings(db_path=old, auth="none")).server.test_client()
    for path in ("/", "/exceptions", "/finance", "/workforce", "/customers", "/risks", "/casework"):
        tree = layout(client, path)
        texts = [text_of(n) for n, _ in walk(tree) if is_source_line(n)]
        assert all("returns from" in t for t in texts), (path, texts)
    assert line(layout(client, "/"), "rag-summary").startswith("Source: returns from")


def test_the_line_reads_in_order_and_says_nothing_when_there_is_nothing():
    line_ = source_line(Provenance("SAP (general ledger)", "September 2026", "37 cost centres", "loaded 1 Oct 2026"),
                        of="finance-headline")
    assert line_.id == "finance-headline-source" and line_.className == CLASS
    assert line_.children == "Source: SAP (general ledger) · September 2026 · 37 cost centres · loaded 1 Oct 2026"
    assert Provenance("Mosaic").text() == "Source: Mosaic"
    assert source_line(None) is None


def test_a_source_line_is_read_as_the_viewer_its_figures_are_read_as(app, tiny_con):
    """Outside a request (a pack made ``--as`` a manager, the benchmark), the source lines of a page's data are
    read through the same scope as its figures: another directorate's sources are refused like its figures."""
    from dashboard.db import OutOfScope, Scope
    from dashboard.pagedata import finance
    from dashboard.pagedata import provenance as sources

    db = app.server.extensions["mi_database"]
    own, other = [c for (c,) in tiny_con.execute(
        "SELECT code FROM org_unit WHERE level = 'directorate' ORDER BY sort_order LIMIT 2").fetchall()]
    below = frozenset(c for (c,) in tiny_con.execute(
        "SELECT org_code FROM org_ancestor WHERE ancestor_code = ?", [own]).fetchall())
    manager = Scope(units=below)
    month = dt.date(2025, 11, 1)
    with app.server.app_context():
        got = finance.data(db, manager, finance.UnitMonth.of(db, own, month))
        assert got.sources["month"].status        # its own directorate's ledger: counted
        with pytest.raises(OutOfScope):
            sources.finance(db, other, month, scope=manager)
