"""Commentary due, per owner: the rule the packs apply (stale, missing on red or amber, recovery date
passed), on the web page and its downloads.  An owner would notice a red indicator with no commentary
missing from their list, or being chased for commentary they wrote this month."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from dashboard import commentary

COLUMNS = ["indicator_code", "org_code", "due"]


@pytest.fixture(scope="module")
def council(tiny_con):
    return tiny_con.cursor().execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]


@pytest.fixture(scope="module")
def month(tiny_con):
    return pd.Timestamp(tiny_con.cursor().execute("SELECT max(period_start) FROM measure").fetchone()[0]).date()


def _csv(client, table, **args) -> pd.DataFrame:
    response = client.get(f"/download/{table}.csv", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def due(client, council, month):
    return _csv(client, "exceptions_commentary_due", org=council, period=f"{month:%Y-%m}")


def expected(tiny_con, exceptions: pd.DataFrame, month: dt.date) -> pd.DataFrame:
    """The rule in plain SQL over the raw commentary table, applied to the open exceptions listed."""
    open_rows = exceptions[exceptions["state"] != "resolved"][["indicator_code", "org_code", "period", "rag"]].copy()
    open_rows["period_start"] = pd.to_datetime(open_rows["period"] + "-01")
    con = tiny_con.cursor()
    con.register("open_rows", open_rows)
    try:
        frame = con.execute("""
            WITH latest AS (
                SELECT indicator_code, org_code, period_start AS written_for, recovery_date,
                       row_number() OVER (PARTITION BY indicator_code, org_code
                                          ORDER BY period_start DESC, written_at DESC) AS n
                FROM commentary WHERE period_start <= $month
            )
            SELECT o.indicator_code, o.org_code,
                   concat_ws(' ',
                       CASE WHEN o.rag IN ('red', 'amber') AND l.written_for IS NULL THEN 'missing' END,
                       CASE WHEN l.written_for < CAST(o.period_start AS DATE) THEN 'stale' END,
                       CASE WHEN l.recovery_date < last_day(CAST($month AS DATE)) THEN 'recovery_passed' END
                   ) AS due
            FROM open_rows AS o
            LEFT JOIN latest AS l ON l.indicator_code = o.indicator_code AND l.org_code = o.org_code AND l.n = 1
        """, {"month": month}).df()
    finally:
        con.close()
    return frame[frame["due"] != ""]


def _key(frame: pd.DataFrame) -> set[tuple]:
    return set(map(tuple, frame[COLUMNS].itertuples(index=False)))


def test_commentary_due_matches_an_independent_computation(client, tiny_con, council, month, due):
    exceptions = _csv(client, "exceptions", org=council, period=f"{month:%Y-%m}")
    want = expected(tiny_con, exceptions, month)
    assert len(want) > 0, "the tiny demo should have some commentary due"
    assert _key(due) == _key(want)
    # each reason occurs (the demo has stale, missing and passed recovery dates)
    reasons = set(" ".join(due["due"]).split())
    assert reasons == set(commentary.REASONS)


def test_listed_by_owner(due):
    owners = due["owner"].tolist()
    assert owners == sorted(owners), "grouped by owner"
    assert due["owner"].notna().all()


def test_the_page_lists_every_owner_with_counts(client, council, month, due):
    from dashboard import ids

    response = client.post("/_dash-update-component", json={
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/exceptions/commentary"},
                   {"id": "_pages_location", "property": "search", "value": f"?org={council}&period={month:%Y-%m}"}],
        "changedPropIds": ["_pages_location.pathname"], "state": []})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    text = response.get_data(as_text=True)
    assert ids.COMMENTARY_DUE_COUNT in text
    for owner, n in due["owner"].value_counts().items():
        assert f"{owner}: {n} exception" in text.replace("\\u2019", "’")


def test_excel_download(client, council, month):
    response = client.get("/download/exceptions_commentary_due.xlsx",
                          query_string={"org": council, "period": f"{month:%Y-%m}"})
    assert response.status_code == 200
    frame = pd.read_excel(io.BytesIO(response.data), engine="calamine")
    assert list(frame.columns) == commentary.DOWNLOAD_COLUMNS


def test_the_rule():
    month = dt.date(2026, 9, 1)
    assert commentary.flags(rag="red", period_start=month, commentary_period=None, recovery_date=None,
                            month=month, has_commentary=False) == ["missing"]
    assert commentary.flags(rag="green", period_start=month, commentary_period=None, recovery_date=None,
                            month=month, has_commentary=False) == []
    assert commentary.flags(rag="amber", period_start=month, commentary_period=dt.date(2026, 8, 1),
                            recovery_date=dt.date(2026, 9, 30), month=month, has_commentary=True) == ["stale"]
    assert commentary.flags(rag="red", period_start=month, commentary_period=month,
                            recovery_date=dt.date(2026, 9, 29), month=month, has_commentary=True) == ["recovery_passed"]


def test_the_indicator_page_flags_commentary_due(client, month, due):
    """The indicator page of a red or amber figure on the list says commentary is due, and why."""
    from tests.test_vfm_page import _draw

    row = due[due["rag"].isin(["red", "amber"])].iloc[0]
    text = _draw(client, f"/indicator/{row['indicator_code']}", f"?org={row['org_code']}&period={month:%Y-%m}")
    assert "indicator-commentary-due" in text
    for reason in row["due"].split():
        assert commentary.REASONS[reason].lower() in text
