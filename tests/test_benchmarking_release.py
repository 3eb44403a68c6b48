"""Releases: /benchmarking shows the current figures of a publication — the newest release's — whatever
order the releases were imported in.  An analyst who re-imports last year's file (to check something, or
by mistake) after this year's must not turn the page back to last year's figures.

The older release is made here, under a temporary folder, from the real DfE C1 file: the years 2014 to
2024 only (so the file is named ..._2014_to_2024.csv, as DfE names a release), with Essex's 2024 figures
altered so that any leak of the older release shows.  Its name also sorts after the newer file's, so
neither the later load nor the file name can be what decides: only the release."""

from __future__ import annotations

import io
import shutil

import duckdb
import pandas as pd
import pytest

from tests.conftest import PUBLIC, ingest

NEWER = PUBLIC / "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
ESSEX = "E10000012"


def _older_release(folder) -> pd.DataFrame:
    """The C1 file as a 2024 release would have been, Essex's 2024 figures changed; written beside the test."""
    raw = pd.read_csv(NEWER, dtype=str, keep_default_na=False)
    older = raw[~raw["time_period"].isin(["2013", "2025"])].copy()
    at = (older["new_la_code"] == ESSEX) & (older["time_period"] == "2024")
    assert at.sum() == 1
    older.loc[at, ["rereferral_count", "rereferral_percent"]] = ["3000", "47.7"]    # of 6288 referrals
    older.to_csv(folder / "dfe_c1_children_in_need_referrals_and_rereferrals_2014_to_2024.csv", index=False)
    return raw


@pytest.fixture(scope="module")
def loaded(tiny_db, tmp_path_factory):
    """The newer release imported first, then the altered older one."""
    from dashboard import create_app
    from dashboard.settings import Settings

    folder = tmp_path_factory.mktemp("release")
    raw = _older_release(folder)
    db = folder / "mi.duckdb"
    shutil.copy(tiny_db, db)
    ingest(db, "register", PUBLIC / "mysociety_uk_local_authorities_current.csv")
    ingest(db, "ees", NEWER)
    ingest(db, "ees", folder / "dfe_c1_children_in_need_referrals_and_rereferrals_2014_to_2024.csv")
    return create_app(Settings(db_path=db, auth="none")).server.test_client(), db, raw


def _csv(client, table, query) -> pd.DataFrame:
    r = client.get(f"/download/{table}.csv{query}")
    assert r.status_code == 200, r.data[:300]
    return pd.read_csv(io.BytesIO(r.data))


def test_the_older_release_really_was_loaded_last_as_the_same_publication(loaded):
    """The premise: both files are releases of one dataset, and the older one is the later load (or, in the
    same second, the one whose name sorts last), with its altered figure in the database."""
    _client, db, _raw = loaded
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT source_file, dataset, loaded_at FROM published_load WHERE kind = 'ees'").fetchall()
    con_rows = {name: (dataset, at) for name, dataset, at in rows}
    older, newer = con_rows["dfe_c1_children_in_need_referrals_and_rereferrals_2014_to_2024.csv"], con_rows[NEWER.name]
    assert older[0] == newer[0] and older[1] >= newer[1]
    assert "2014_to_2024" > "2013_to_2025"
    altered = con.execute("SELECT value FROM published_value WHERE source_file LIKE '%2014_to_2024.csv' "
                          "AND measure_code = 'rereferral_percent' AND area_code = $a AND period_label LIKE '%2024'",
                          {"a": ESSEX}).fetchone()
    con.close()
    assert altered == (47.7,)


def test_latest_period_and_its_values_come_from_the_newer_release(loaded):
    client, _db, raw = loaded
    got = _csv(client, "benchmarking", f"?measure=rereferral_percent&area={ESSEX}&group=type")
    assert got["period_label"].iloc[0] == "Year to 31 March 2025"
    in_file = raw[(raw["new_la_code"] == ESSEX) & (raw["time_period"] == "2025")]["rereferral_percent"]
    assert got.loc[got["area_code"] == ESSEX, "value"].iloc[0] == float(in_file.iloc[0])


def test_a_period_both_releases_have_shows_the_newer_releases_figure(loaded):
    """2024 is in both files; the page, its download and its funnel use the newer release's figure
    (16.8% = 1,059 of 6,288 in the 2025 release), not the altered one loaded later."""
    client, _db, raw = loaded
    period = "Year to 31 March 2024"
    essex = raw[(raw["new_la_code"] == ESSEX) & (raw["time_period"] == "2024")].iloc[0]
    got = _csv(client, "benchmarking", f"?measure=rereferral_percent&area={ESSEX}&group=type&period={period}")
    assert got.loc[got["area_code"] == ESSEX, "value"].iloc[0] == float(essex["rereferral_percent"]) != 47.7
    funnel = _csv(client, "benchmarking_funnel", f"?measure=rereferral_percent&area={ESSEX}&group=type&period={period}")
    row = funnel[funnel["area_code"] == ESSEX].iloc[0]
    assert (row["numerator"], row["denominator"]) == (float(essex["rereferral_count"]), float(essex["referral_count"]))


def test_the_measure_is_described_by_the_newer_release(loaded):
    client, _db, _raw = loaded
    from tests.test_pages import render

    body = render(client, "/benchmarking", f"?measure=rereferral_percent&area={ESSEX}&group=type")
    assert f"file {NEWER.name}" in body and "2014_to_2024.csv" not in body


def test_the_published_current_view_keeps_the_newer_release_too(loaded):
    """Analysts query the view directly (it is the documented way to read current figures)."""
    _client, db, raw = loaded
    essex = raw[(raw["new_la_code"] == ESSEX) & (raw["time_period"] == "2024")].iloc[0]
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT value, source_file FROM published_current
                              WHERE area_code = ? AND measure_code = 'rereferral_percent'
                                AND period_label = 'Year to 31 March 2024'""", [ESSEX]).fetchall()
    assert rows == [(float(essex["rereferral_percent"]), NEWER.name)]
