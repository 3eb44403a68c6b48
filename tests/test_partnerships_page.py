"""/partnerships: each partner's shared indicators, the figure and when its
returns arrived, checked against the measure table.

If this broke, a partnership board would be told figures arrived when they
had not, or a partner's indicators would be missing."""

from __future__ import annotations

import io

import pandas as pd

from tests.test_pages import render


def test_every_partner_of_this_preset_and_when_its_figures_arrived(client, tiny_con):
    got = pd.read_csv(io.BytesIO(client.get("/download/partnerships.csv?period=2025-11").data))
    shared = tiny_con.execute("SELECT partner_code, indicator_code FROM partner_indicator").fetchall()
    assert sorted(zip(got["partner_code"], got["indicator_code"])) == sorted(shared) and shared
    for row in got.itertuples():
        period = pd.Timestamp(row.period_start)
        m = tiny_con.execute("SELECT max(received_at), count(*) FROM measure WHERE indicator_code = ? "
                             "AND period_start = ?", [row.indicator_code, period.date()]).fetchone()
        assert pd.Timestamp(row.received_at) == pd.Timestamp(m[0]) and row.returns == m[1]
        assert period <= pd.Timestamp("2025-11-01")


def test_page_names_each_partner(client, tiny_con):
    body = render(client, "/partnerships")
    for (name,) in tiny_con.execute("SELECT name FROM partner").fetchall():
        assert name in body
    assert "Something went wrong" not in body
