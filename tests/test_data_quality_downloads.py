"""/data-quality's tables as files: what the page shows per owner and directorate, and every release.

If this broke, an analyst taking the completeness figures into a spreadsheet
would get counts that differ from the page or from the returns themselves."""

from __future__ import annotations

import io

import pandas as pd

PERIOD = "2025-11"


def _csv(client, name: str, query: str = "") -> pd.DataFrame:
    response = client.get(f"/download/{name}.csv?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return pd.read_csv(io.BytesIO(response.data))


def test_owners_add_up_to_the_returns_due_in_the_twelve_months(client, tiny_con):
    got = _csv(client, "data_quality_owners", f"period={PERIOD}")
    due, missing, late = tiny_con.execute(
        "SELECT count(*), count(*) FILTER (WHERE status = 'missing'), count(*) FILTER (WHERE status = 'late') "
        "FROM return_status WHERE period_start > DATE '2025-11-01' - INTERVAL 12 MONTH "
        "AND period_start <= DATE '2025-11-01'").fetchone()
    assert due > 0
    assert (got["expected"].sum(), got["missing"].sum(), got["late"].sum()) == (due, missing, late)
    assert set(got["period"]) == {PERIOD}


def test_a_directorate_counts_only_its_own_returns(client, tiny_con):
    (directorate,) = tiny_con.execute("SELECT code FROM org_unit WHERE level = 'directorate' ORDER BY sort_order "
                                      "LIMIT 1").fetchone()
    got = _csv(client, "data_quality_owners", f"org={directorate}&period={PERIOD}")
    (due,) = tiny_con.execute(
        "SELECT count(*) FROM return_status AS s JOIN org_ancestor AS a ON a.org_code = s.org_code "
        "WHERE a.ancestor_code = ? AND s.period_start > DATE '2025-11-01' - INTERVAL 12 MONTH "
        "AND s.period_start <= DATE '2025-11-01'", [directorate]).fetchone()
    assert got["expected"].sum() == due


def test_every_release_is_listed(client, tiny_con):
    got = _csv(client, "data_quality_releases")
    (releases,) = tiny_con.execute("SELECT count(*) FROM release").fetchone()
    assert len(got) == releases >= 1
