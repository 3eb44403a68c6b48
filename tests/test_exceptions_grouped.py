"""Exceptions de-duplicated (issue 16): a red at a team that makes its service,
directorate and the council red too is one exception, listed at the highest of
them with the units it covers; "Persistent (N months)" and the summary's "for
the Nth month" are one count.  If this breaks, the page counts one problem once
per level of the tree again (1,769 "exceptions" on the council demo)."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest

from dashboard.db import EVERYTHING, Database
from dashboard.pagedata import exception_list as report


@pytest.fixture(autouse=True)
def viewer(monkeypatch):
    """Outside a request: the filters are offered as to a council-wide viewer."""
    monkeypatch.setattr("dashboard.context.current_scope", lambda: EVERYTHING)


@pytest.fixture(scope="module")
def month(tiny_con):
    return tiny_con.execute("SELECT max(period_start) FROM measure").fetchone()[0]


@pytest.fixture(scope="module")
def council(tiny_con):
    return tiny_con.execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]


@pytest.fixture(scope="module")
def every_unit(client, council, month):
    response = client.get("/download/exceptions.csv", query_string={"org": council, "period": f"{month:%Y-%m}"})
    assert response.status_code == 200
    return pd.read_csv(io.BytesIO(response.data), dtype={"period": str}, keep_default_na=False, na_values=[""])


def _roots_by_hand(rows: pd.DataFrame, parent: dict[str, str]) -> dict[tuple[str, str], int]:
    """Walk up from each exception while the parent is an exception of the same indicator (and state)."""
    listed = set(zip(rows["indicator_code"], rows["org_code"]))
    counts: dict[tuple[str, str], int] = {}
    for code, org in listed:
        root = org
        while parent.get(root) and (code, parent[root]) in listed:
            root = parent[root]
        counts[(code, root)] = counts.get((code, root), 0) + 1
    return counts


def test_download_keeps_its_columns_and_adds_the_root(every_unit):
    assert list(every_unit.columns) == report.DOWNLOAD_COLUMNS
    assert report.DOWNLOAD_COLUMNS[-3:] == ["root_org_code", "units_affected", "rag_streak"]


def test_one_row_per_indicator_and_root_cause(tiny_db, tiny_con, every_unit, council, month):
    parent = dict(tiny_con.execute("SELECT code, parent_code FROM org_unit").fetchall())
    open_rows = every_unit[every_unit["state"] != "resolved"]
    expected = _roots_by_hand(open_rows, parent)
    # every unit's row names the root the walk finds
    for r in open_rows.itertuples():
        assert (r.indicator_code, r.root_org_code) in expected
        assert r.units_affected == expected[(r.indicator_code, r.root_org_code)]
    db = Database(tiny_db, cache_size=0)
    grouped = report.exceptions(db, council, month, grouped=True, scope=EVERYTHING)
    got = grouped.rows[grouped.rows["state"] != "resolved"]
    assert grouped.open_total == len(expected) < len(open_rows)
    assert grouped.units_total == len(open_rows)
    assert dict(zip(zip(got["indicator_code"], got["org_code"]), got["units_affected"])) == expected
    for r in got.itertuples():   # the nested units: exactly those under the root, the root first
        names = [u["org_code"] for u in r.affected]
        assert len(names) == r.units_affected and names[0] == r.org_code


def test_persistent_and_the_summary_give_one_count(tiny_db, council, month):
    db = Database(tiny_db, cache_size=0)
    rows = report.with_summaries(report.exceptions(db, council, month, scope=EVERYTHING).rows)
    persistent = rows[(rows["state"] == "persistent") & rows["rag"].isin(["red", "amber"])]
    assert len(persistent)
    for r in persistent.itertuples():
        word = report.PERIOD_WORD[r.frequency]
        assert r.state_text == f"Persistent ({r.streak} {word}s)"
        assert f"an exception for the {report.ordinal(r.streak)} {word} running" in r.summary
        assert f"for the {report.ordinal(r.rag_streak)} {word}" not in r.summary or r.rag_streak == r.streak


def test_a_wide_exception_lists_its_highest_units_and_links_to_the_rest(client, every_unit, council, month):
    """A council-wide exception can cover thousands of teams at a real council: the page lists the first twelve
    (highest first) under its row and links to the indicator at the root for the rest, instead of sending them all
    (4.4 MB for one page of the council's exceptions at the large preset)."""
    from dashboard.pages.exceptions import AFFECTED_LISTED
    open_rows = every_unit[every_unit["state"] != "resolved"]
    widest = open_rows.groupby(["indicator_code", "root_org_code"]).size().sort_values().index[-1]
    covered = open_rows[(open_rows["indicator_code"] == widest[0]) & (open_rows["root_org_code"] == widest[1])]
    below = len(covered) - 1
    assert below > AFFECTED_LISTED, "the tiny demo has an exception covering more units than are listed"
    period = f"{month:%Y-%m}"
    text = ""
    for page in (1, 2):     # the row is on one of the list's two pages
        payload = {"output": ".._pages_content.children..._pages_store.data..",
                   "outputs": [{"id": "_pages_content", "property": "children"},
                               {"id": "_pages_store", "property": "data"}],
                   "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/exceptions"},
                              {"id": "_pages_location", "property": "search",
                               "value": f"?org={council}&period={period}&page={page}"}],
                   "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}
        response = client.post("/_dash-update-component", json=payload)
        assert response.status_code == 200
        text += json.dumps(response.get_json())   # decoded: the server escapes '&' in its JSON
    assert f"and {below} units below" in text
    assert f"and {below - AFFECTED_LISTED} more: " in text
    assert f"/indicator/{widest[0]}?org={widest[1]}&period={period}" in text
    linked = [code for code in covered["org_code"] if code != widest[1]
              and f"/indicator/{widest[0]}?org={code}&period={period}\"" in text]
    assert len(linked) == AFFECTED_LISTED


def test_a_unit_with_a_return_missing_in_arrears_lists_each_period_once(tmp_path, monkeypatch):
    """Homes relet is published a month in arrears, and Housing North never sent May's return (June's came):
    May's list shows its April red (the period due, as nothing later had arrived by May) and May's missing
    return.  Each is listed once, and the units an exception covers are counted as units — not each row
    repeated once for every row of its unit's chain (four copies of each, and "8 units" for two)."""
    import datetime as dt

    from data.build import cli
    from tests import own_council

    monkeypatch.setattr(own_council, "INDICATORS", [dict(i, lag_periods="1") if i["code"] == "HOU-RELET" else i
                                                    for i in own_council.INDICATORS])
    returns = [r for r in own_council.RETURNS if (r[0], r[1], r[2]) != ("HOU-RELET", "HOU-N", "2025-05-01")]
    folder = own_council.write_council(tmp_path / "extract", returns=returns)
    assert cli.main(["--from", str(folder), "--out", str(tmp_path / "mi.duckdb"), "--quiet"]) == 0
    db = Database(tmp_path / "mi.duckdb", cache_size=0)
    listed = report.exceptions(db, "NB", dt.date(2025, 5, 1), scope=EVERYTHING)
    rows = listed.rows[listed.rows["state"] != "resolved"]
    north = rows[(rows["indicator_code"] == "HOU-RELET") & (rows["org_code"] == "HOU-N")]
    assert sorted(p.month for p in pd.to_datetime(north["period_start"])) == [4, 5]
    assert not rows.duplicated(["indicator_code", "org_code", "period_start"]).any()
    assert listed.units_total == len(rows[["indicator_code", "org_code"]].drop_duplicates())
    with duckdb.connect(str(tmp_path / "mi.duckdb"), read_only=True) as con:
        parent = dict(con.execute("SELECT code, parent_code FROM org_unit").fetchall())
    expected = _roots_by_hand(rows, parent)
    for r in rows.itertuples():
        assert r.units_affected == expected[(r.indicator_code, r.root_org_code)]
    grouped = report.exceptions(db, "NB", dt.date(2025, 5, 1), grouped=True, scope=EVERYTHING).rows
    for r in grouped[grouped["state"] != "resolved"].itertuples():     # the units nested under each root, once
        names = [u["org_code"] for u in r.affected]
        assert len(names) == len(set(names)) == r.units_affected
