"""The children's casework page and its downloads: every level renders for a
weekday, a weekend and a bank holiday; bad days and horizons get a clear
message; a team's case list is only ever a team's; the day picker and the
drill-down work in the browser.  (The counts themselves are checked against
the case table in test_casework_data.py.)

If these broke, a team manager's morning list would be an error page, or a
case list could be fetched for a whole directorate."""

from __future__ import annotations

import io
import re
import json

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from dashboard import ids

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def render(client, search: str) -> str:
    payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/casework"},
                                    {"id": "_pages_location", "property": "search", "value": search}]}
    return json.dumps(client.post("/_dash-update-component", json=payload).get_json())


@pytest.fixture(scope="module")
def case_units(tiny_con):
    team = tiny_con.execute("SELECT org_code, count(*) FROM casework_case GROUP BY 1 ORDER BY 2 DESC").fetchone()[0]
    chain = tiny_con.execute("SELECT ancestor_code FROM org_ancestor WHERE org_code = ? ORDER BY depth DESC",
                             [team]).fetchall()
    return [c for (c,) in chain]          # council, directorate, service, team


@pytest.mark.parametrize("day", ["2025-11-12", "2025-11-15", "2025-12-25", ""])
def test_every_level_renders_on_working_days_weekends_and_bank_holidays(client, case_units, day):
    for org in case_units:
        body = render(client, f"?org={org}" + (f"&date={day}" if day else ""))
        assert "Something went wrong" not in body and "not quite right" not in body, (org, day)
        assert "Waiting for allocation" in body
    assert "Cases held by" in render(client, f"?org={case_units[-1]}&date=2025-11-12")


@pytest.mark.parametrize("search, words", [("?date=2031-01-01", "There are no cases to show"),
                                           ("?date=12/11/2025", "is not a date"),
                                           ("?days=many", "is not a number of working days")])
def test_bad_days_and_horizons_are_explained(client, search, words):
    assert words in render(client, search)


def test_a_case_list_downloads_only_for_a_team(client, case_units, tiny_con):
    assert client.get(f"/download/casework_cases.csv?org={case_units[1]}").status_code == 400
    r = client.get(f"/download/casework_cases.csv?org={case_units[-1]}&date=2025-11-12")
    assert r.status_code == 200
    listed = pd.read_csv(io.BytesIO(r.data))
    assert set(listed["org_code"]) == {case_units[-1]}
    expected = tiny_con.execute("""SELECT count(*) FROM casework_case WHERE org_code = ? AND referral_date <= DATE '2025-11-12'
                                   AND (closed_date IS NULL OR closed_date > DATE '2025-11-12')""", [case_units[-1]]).fetchone()[0]
    assert len(listed) == expected
    assert not {"name", "date_of_birth"} & set(listed.columns)     # pseudonymous: no names, no birth dates


def test_day_picker_and_drill_to_a_team(page: Page, live_server, case_units):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server}/casework?org={case_units[1]}")
    expect(page.locator(f"#{ids.PAGE_HEADING}")).to_contain_text("casework")
    page.select_option("#casework-days", "10")
    page.wait_for_url(re.compile(r"days=10"))
    expect(page.get_by_role("heading", name="Assessments and conferences overdue or due in the next 10 working days")
           ).to_be_visible()       # the page drawn again for the new horizon
    page.wait_for_load_state("networkidle")
    page.fill("#casework-date", "2025-11-12")
    page.locator("#casework-date").press("Enter")
    page.wait_for_url(re.compile(r"date=2025-11-12"))
    expect(page.locator(f"#{ids.PAGE_HEADING} + p")).to_contain_text("12 November 2025")   # drawn for the new day
    expect(page.locator("#casework-teams")).to_be_visible()
    page.locator("#casework-teams tbody th a").first.click()
    expect(page.locator("#casework-cases")).to_be_visible()
    assert "date=2025-11-12" in page.url and "days=10" in page.url
    assert errors == []
