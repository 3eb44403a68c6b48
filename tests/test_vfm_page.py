"""Value for money from the top menu: a member who clicks it at the council sees a comparison (not "nothing
to compare"), the chart carries no names that overlap or run off, and unit costs are rounded."""

from __future__ import annotations

import json
import re

from dashboard import ids

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def _draw(client, path: str, search: str = "") -> str:
    payload = {**ROUTER, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                    {"id": "_pages_location", "property": "search", "value": search}]}
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def _figure(text: str) -> dict:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.VFM_CHART:
                found.append(node["props"]["figure"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(json.loads(text))
    return found[0] if found else {}


def test_top_menu_opens_on_a_unit_where_comparison_works(client, tiny_con):
    text = _draw(client, "/value-for-money")
    assert "vfm-moved" in text and ids.VFM_TABLE in text
    assert "nothing to compare" not in text and "no output is reported by two or more" not in text


def test_chart_has_no_names_on_it_and_costs_are_rounded(client):
    text = _draw(client, "/value-for-money")
    fig = _figure(text)
    assert fig, "a chart is drawn"
    trace = fig["data"][0]
    assert trace["mode"] == "markers"                       # names are in the table and the hover, not on the chart
    assert fig["layout"]["xaxis"]["tickformat"] == ",.0f"
    plain = json.dumps(json.loads(text), ensure_ascii=False)
    costs = re.findall(r'"£([0-9,]+(?:\.[0-9]+)?)"', plain)
    assert costs and all("." not in c or len(c.split(".")[1]) == 2 for c in costs)
    assert not any(re.fullmatch(r"[0-9,]+\.[0-9]{3,}", c) for c in costs)
