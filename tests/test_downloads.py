"""GET /download/scorecard.csv — the outside contract scripts rely on — compared
with values computed independently from the measure table; and bad input.

If this broke, an analyst's spreadsheet would disagree with the dashboard, or
a script would get a traceback instead of a clear 404/400."""

import io
import random

import numpy as np
import pandas as pd
import pytest

from tests import independent

CONTRACT = ["indicator_code", "indicator_name", "org_code", "period", "value", "target", "rag",
            "direction", "direction_year"]


@pytest.fixture(scope="module")
def raw(tiny_con):
    return independent.load(tiny_con)


@pytest.fixture(scope="module")
def expected_rollup(raw):
    return independent.rollup(raw)


def _csv(client, **params):
    response = client.get("/download/scorecard.csv", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert not body.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    return pd.read_csv(io.BytesIO(body), dtype={"period": str}, keep_default_na=False, na_values=[""])


def _months(raw):
    months = sorted(raw["measure"]["period_start"].unique())
    return [pd.Timestamp(m).date() for m in months]


def test_contract_columns_and_values(client, raw):
    frame = _csv(client)
    assert list(frame.columns[: len(CONTRACT)]) == CONTRACT
    assert set(frame["rag"]) <= {"red", "amber", "green", "no_target", "no_data"}
    assert set(frame["direction"]) <= {"improving", "worsening", "same", "n/a"}
    assert set(frame["direction_year"]) <= {"improving", "worsening", "same", "n/a"}
    assert frame["period"].str.fullmatch(r"\d{4}-\d{2}").all()
    percent = raw["indicator"].set_index("code")["unit"] == "percent"
    pct = frame[frame["indicator_code"].map(percent)]["value"].dropna()
    assert len(pct) and pct.between(0, 100).all() and pct.max() > 1, "percentages are 0–100"


@pytest.mark.parametrize("draw", range(12))
def test_random_units_and_months_match_independent_values(client, raw, expected_rollup, draw):
    rng = random.Random(draw)
    org = rng.choice(sorted(raw["org_unit"]["code"]))
    month = rng.choice(_months(raw)[-20:])
    got = _csv(client, org=org, period=f"{month:%Y-%m}").set_index("indicator_code")
    is_council = raw["org_unit"].set_index("code").at[org, "level"] == "council"
    want = independent.scorecard(raw, expected_rollup, org, month, corporate_only=is_council).set_index("indicator_code")
    assert sorted(got.index) == sorted(want.index)
    if want.empty:
        return
    got = got.loc[want.index]
    assert (got["org_code"] == org).all()
    assert list(got["period"]) == [f"{p:%Y-%m}" for p in want["period_start"]]
    np.testing.assert_allclose(got["value"].astype(float), want["value"].astype(float), rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(got["target"].astype(float), want["target"].astype(float), rtol=1e-12, equal_nan=True)
    assert list(got["rag"]) == list(want["rag"])
    assert list(got["direction"]) == list(want["direction"])
    assert list(got["direction_year"]) == list(want["direction_year"])


def test_excel_has_the_same_rows(client):
    csv = _csv(client)
    response = client.get("/download/scorecard.xlsx")
    assert response.status_code == 200
    assert response.data[:2] == b"PK"
    excel = pd.read_excel(io.BytesIO(response.data), dtype={"period": str}, engine="openpyxl")
    assert list(excel["indicator_code"]) == list(csv["indicator_code"])


@pytest.mark.parametrize("params, status, words", [
    ({"org": "NOPE"}, 404, "NOPE"),
    ({"period": "2026-13"}, 400, "YYYY-MM"),
    ({"period": "September"}, 400, "YYYY-MM"),
    ({"period": "1990-01"}, 400, "no data"),
    ({"scope": "everything"}, 400, "scope"),
])
def test_bad_input_gets_a_clear_status_and_reason(client, params, status, words):
    response = client.get("/download/scorecard.csv", query_string=params)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert words.lower() in text.lower() and "Traceback" not in text


def test_unknown_indicator_and_table(client, raw):
    org = raw["org_unit"].query("level == 'council'")["code"].iloc[0]
    response = client.get("/download/indicator_trend.csv", query_string={"code": "NO-SUCH", "org": org})
    assert response.status_code == 404 and "NO-SUCH" in response.get_data(as_text=True)
    assert client.get("/download/nothing.csv").status_code == 404
    assert client.get("/download/scorecard.pdf").status_code == 404


def test_indicator_tables_download(client, raw):
    ind = raw["indicator"][raw["indicator"]["aggregation"] == "ratio"]["code"].iloc[0]
    for table in ("indicator_trend", "indicator_children", "indicator_returns", "indicator_spc"):
        for fmt in ("csv", "xlsx"):
            response = client.get(f"/download/{table}.{fmt}", query_string={"code": ind})
            assert response.status_code == 200, (table, fmt, response.get_data(as_text=True)[:200])


def test_child_unit_counts_add_up_to_the_childrens_scorecards(client, raw):
    """The downloadable table of directorates' RAG counts matches each directorate's own scorecard."""
    council = raw["org_unit"].query("level == 'council'")["code"].iloc[0]
    response = client.get("/download/child_units.csv", query_string={"org": council, "scope": "all"})
    assert response.status_code == 200
    counts = pd.read_csv(io.BytesIO(response.data)).set_index("org_code")
    for org, row in counts.iterrows():
        card = _csv(client, org=org)
        for status in ("red", "amber", "green", "no_target", "no_data"):
            assert row[status] == (card["rag"] == status).sum(), (org, status)
