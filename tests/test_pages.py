"""Every page renders for every month of the data, at every level, without
falling back to the "something went wrong" page.

If this broke, a cabinet member picking an early month (when some
indicators had no data yet) would see an error instead of the scorecard."""

import json

import pandas as pd
import pytest

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def render(client, path: str, search: str = "") -> str:
    payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                    {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    return json.dumps(response.get_json())


@pytest.fixture(scope="module")
def months(tiny_con):
    return [f"{pd.Timestamp(m):%Y-%m}" for m in tiny_con.execute(
        "SELECT DISTINCT period_start FROM measure WHERE day(period_start) = 1 ORDER BY 1").df()["period_start"]]


def test_every_month_at_every_level(client, tiny_con, months):
    units = tiny_con.execute("SELECT arg_min(code, code) FROM org_unit GROUP BY level").df().iloc[:, 0]
    for month in months:
        for path in ["/", "/exceptions", *[f"/org/{u}" for u in units]]:
            body = render(client, path, f"?period={month}")
            assert "Something went wrong" not in body and "not quite right" not in body, (path, month)


def test_indicator_pages_render(client, tiny_con, months):
    codes = tiny_con.execute("SELECT code FROM indicator ORDER BY code").df()["code"]
    for code in codes:
        for month in (months[0], months[len(months) // 2], months[-1]):
            body = render(client, f"/indicator/{code}", f"?period={month}")
            assert "Something went wrong" not in body, (code, month)
