"""/sources: each domain's system, when it was loaded, and the rows the database holds from it.

If this broke, an analyst checking what the pages stand on would be told a
domain holds rows it does not (or over days it does not), or a manager of
one directorate would see council-wide counts their role does not open."""

from __future__ import annotations

import io

import pandas as pd

from tests.test_pages import render

# Each domain's tables, counted here by hand rather than through the page's query.
HELD = {"finance": ["finance"], "workforce": ["workforce"], "feedback": ["feedback"], "survey": ["survey_result"],
        "risk": ["risk", "risk_review"], "casework": ["casework_case", "casework_staffing"]}


def test_each_domain_holds_the_rows_of_its_tables(client, tiny_con):
    got = pd.read_csv(io.BytesIO(client.get("/download/data_sources.csv").data)).set_index("domain")
    named = dict(tiny_con.execute("SELECT domain, system FROM data_source").fetchall())
    assert set(got.index) == set(named) and named
    for domain, tables in HELD.items():
        if domain not in named:
            continue
        rows = sum(tiny_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
        assert got.loc[domain, "rows_held"] == rows, domain
        assert got.loc[domain, "system"] == named[domain]


def test_the_days_each_domain_is_about(client, tiny_con):
    got = pd.read_csv(io.BytesIO(client.get("/download/data_sources.csv").data)).set_index("domain")
    first, last = tiny_con.execute("SELECT min(month), max(month) FROM finance").fetchone()
    assert pd.Timestamp(got.loc["finance", "first_day"]) == pd.Timestamp(first)
    assert pd.Timestamp(got.loc["finance", "last_day"]) == pd.Timestamp(last) + pd.offsets.MonthEnd(0)
    first, last = tiny_con.execute("SELECT min(received_on), max(received_on) FROM feedback").fetchone()
    assert (pd.Timestamp(got.loc["feedback", "first_day"]), pd.Timestamp(got.loc["feedback", "last_day"])) == \
        (pd.Timestamp(first), pd.Timestamp(last))


def test_the_page_names_each_system_and_its_rows(client, tiny_con):
    body = render(client, "/sources")
    assert "Something went wrong" not in body
    for domain, system in tiny_con.execute("SELECT domain, system FROM data_source").fetchall():
        assert system in body
    (ledger,) = tiny_con.execute("SELECT count(*) FROM finance").fetchone()
    assert f"{ledger:,} ledger rows" in body


def test_council_wide_counts_are_not_open_to_a_manager_of_one_directorate(client_as, tiny_con):
    manager, analyst = client_as("adults_manager"), client_as("analyst")
    assert manager.get("/download/data_sources.csv").status_code == 403
    body = render(manager, "/sources")
    assert "Not available to you" in body
    (system,) = tiny_con.execute("SELECT system FROM data_source WHERE domain = 'finance'").fetchone()
    assert system not in body
    assert analyst.get("/download/data_sources.csv").status_code == 200
