"""Components that change shape with the size of the data."""

import json

import pandas as pd
import plotly.io as pio

from dashboard.components.charts import children_figure, trend_figure
from dashboard.components.scorecard import CHILD_ROWS, child_units_table


def _text(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda c: c.to_plotly_json())


def test_a_service_with_hundreds_of_teams_leads_with_the_reddest_and_still_reaches_every_team():
    """A service at the large preset has 440 teams: the manager sees the teams
    with most reds first, and can still open any team from the select."""
    n = CHILD_ROWS + 30
    children = pd.DataFrame({"org_code": [f"T{i:03d}" for i in range(n)], "name": [f"Team {i:03d}" for i in range(n)],
                             "level": "team"})
    reds = {f"T{i:03d}": (i % 7) for i in range(n)}
    counts = pd.DataFrame({"red": reds, "amber": 1, "green": 2, "no_target": 0, "no_data": 0})
    section = child_units_table(children, counts, level_name="Teams", href=lambda code: f"/org/{code}")
    table = section.children[2].children
    body_rows = table.children[2].children
    assert len(body_rows) == CHILD_ROWS
    shown_reds = [int(r.children[1].children) for r in body_rows]
    assert shown_reds == sorted(shown_reds, reverse=True) and shown_reds[0] == 6
    assert sum(1 for v in reds.values() if v == 6) <= CHILD_ROWS       # all the worst are in the table
    jump = section.children[1].children[1]
    assert len(jump.options) == n and {o["value"] for o in jump.options} == {f"/org/{c}" for c in reds}
    assert f"the {CHILD_ROWS} of {n} with most red" in _text(section)


def test_a_short_list_is_shown_whole_in_its_own_order():
    children = pd.DataFrame({"org_code": ["B", "A"], "name": ["Beta", "Alpha"], "level": "team"})
    counts = pd.DataFrame({"red": {"A": 3}, "amber": {"A": 0}, "green": {"A": 1}, "no_target": {"A": 0},
                           "no_data": {"A": 0}})
    section = child_units_table(children, counts, level_name="Teams", href=lambda code: f"/org/{code}")
    assert section.children[1] is None                              # no select
    rows = section.children[2].children.children[2].children
    assert [r.children[0].children.children for r in rows] == ["Beta", "Alpha"]
    assert [int(r.children[1].children) for r in rows] == [0, 3]    # a unit with no rows counts zero


def test_figures_are_valid_plotly_with_gaps_as_breaks():
    """The charts are plain dicts; plotly must accept them as figures, and a
    missing month must be a gap (null), not a zero."""
    trend = pd.DataFrame({"period_start": pd.to_datetime(["2026-04-01", "2026-05-01", "2026-06-01"]),
                          "value": [1.0, float("nan"), 3.0], "target": [2.0, 2.0, 2.0], "rag": ["red", "no_data", "green"]})
    fig = trend_figure(trend, value_title="%")
    pio.from_json(json.dumps(fig))          # validates every property against plotly's schema
    assert fig["data"][0]["y"] == [1.0, None, 3.0] and fig["data"][0]["x"][0] == "2026-04-01"
    children = pd.DataFrame({"org_code": ["A", "B"], "name": ["Alpha", "Beta"], "value": [4.0, 2.0],
                             "target": [3.0, 3.0], "rag": ["green", "red"]})
    bars = children_figure(children, value_title="%")
    pio.from_json(json.dumps(bars))
    assert bars["data"][0]["y"] == ["Beta", "Alpha"] and bars["layout"]["shapes"][0]["x0"] == 3.0
