"""Figures as they stood: ``?as_at=YYYY-MM-DD`` on pages, downloads and packs (issue 14).

A small council of its own (tests/own_council.py) is built from its July extract (release 1, 10 July 2025),
then from August's (release 2, 10 August 2025), which restates Housing North's June relets from 40 of 50 to
35 of 50.  By hand: the council's June figure is (40 + 30 + 9) ÷ (50 + 40 + 10) = 79.0% as at July and
(35 + 30 + 9) ÷ 100 = 74.0% from 10 August."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data.build import cli
from tests import own_council
from tests.conftest import PASSWORD, ROOT, analyst_client
from tests.test_build import edit, page_html, set_cell

JULY, AUGUST = "2025-07-20", "2025-08-10"


def restate(folder: Path, to: Path) -> Path:
    august = shutil.copytree(folder, to)
    edit(august, "measure.csv", set_cell(8, "numerator", "35"))
    edit(august, "measure.csv", set_cell(8, "value", "0.7"))
    edit(august, "council.csv", set_cell(2, "extracted_on", "2025-08-10"))
    return august


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return own_council.write_council(tmp_path_factory.mktemp("own") / "extract")


@pytest.fixture(scope="module")
def db(folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("asat-db") / "mi.duckdb"
    assert cli.main(["--from", str(folder), "--out", str(out), "--quiet"]) == 0
    august = restate(folder, tmp_path_factory.mktemp("aug") / "august")
    assert cli.main(["--from", str(august), "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def client(db, tmp_path_factory):
    return analyst_client(db, tmp_path_factory.mktemp("asat-app"))


def scorecard_value(client, query: str) -> float:
    response = client.get(f"/download/scorecard.csv?org=NB&period=2025-06{query}")
    assert response.status_code == 200, response.data[:300]
    rows = {r["indicator_code"]: r for r in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}
    return float(rows["HOU-RELET"]["value"])


def test_history_keeps_both_returns_with_the_releases_they_were_valid_in(db):
    """An analyst querying history.measure finds June's relets as July published them and as August does."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT numerator, valid_from, valid_to FROM history.measure WHERE org_code = 'HOU-N' "
                           "AND indicator_code = 'HOU-RELET' AND period_start = '2025-06-01' ORDER BY 2").fetchall()
        unchanged = con.execute("SELECT count(*) FROM history.measure WHERE valid_from = 1 AND valid_to IS NULL"
                                ).fetchone()[0]
    assert rows == [(40, 1, 1), (35, 2, None)]
    assert unchanged == len(own_council.RETURNS) - 1      # the other returns are kept once, not copied again


def test_a_rebuild_of_the_same_extract_copies_nothing_again(folder, tmp_path):
    """History stays the size of what changed: a second build of the same extract opens no row of the
    returns or figures (only the build's own description, whose build time moved)."""
    out = tmp_path / "mi.duckdb"
    for _ in range(2):
        assert cli.main(["--from", str(folder), "--out", str(out), "--quiet"]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        for table in ("measure", "rollup", "spc_status", "return_status", "exception_base"):
            assert con.execute(f"SELECT count(*) FROM history.{table} WHERE valid_from = 2").fetchone() == (0,), table
        assert con.execute("SELECT count(*) FROM history.build_info").fetchone() == (2,)


def test_the_scorecard_download_as_at_a_day_before_the_restatement_has_the_old_value(client):
    """A download as at July gives what the council was told in July; after 10 August, the restated value."""
    assert scorecard_value(client, f"&as_at={JULY}") == pytest.approx(79.0)
    assert scorecard_value(client, "&as_at=2025-08-09") == pytest.approx(79.0)
    assert scorecard_value(client, f"&as_at={AUGUST}") == pytest.approx(74.0)
    assert scorecard_value(client, "") == pytest.approx(74.0)


def test_the_scorecard_page_as_at_july_shows_july_figures_with_the_banner(client):
    """A reader of the page as at July sees 79.0%, says so prominently, and no restatement flag (nobody
    knew of it yet)."""
    html = page_html(client, "/", f"?period=2025-06&as_at={JULY}")
    assert "79.0%" in html and "74.0%" not in html
    assert "As at 20 July 2025" in html and "figures as they were known then" in html
    assert "restated" not in html
    today = page_html(client, "/", "?period=2025-06")
    assert "74.0%" in today and "restated 10 Aug 2025, was 79.0%" in today
    assert "As at" not in today and "as_at" not in today


def test_the_page_as_at_the_restatement_day_shows_the_new_value_and_the_flag(client):
    html = page_html(client, "/", f"?period=2025-06&as_at={AUGUST}")
    assert "74.0%" in html and "restated 10 Aug 2025, was 79.0%" in html
    assert "As at 10 August 2025" in html


def test_links_keep_as_at(client):
    """Every link of a page looked at as at a day keeps the day: a drill-down does not jump to today."""
    html = page_html(client, "/", f"?period=2025-06&as_at={JULY}")
    hrefs = re.findall(r'"href":\s*"([^"]+)"', html.replace("\\u002f", "/").replace("\\u0026", "&"))
    inside = [h for h in hrefs if h.startswith("/") and not h.startswith(("/assets", "/briefing/archive"))]
    assert inside, "no links found"
    assert all(f"as_at={JULY}" in h for h in inside), [h for h in inside if "as_at" not in h]
    assert any(h.startswith("/download/scorecard.csv") for h in inside)
    assert any(h.startswith("/org/PEO") for h in inside)


def test_a_drill_down_as_at_july_shows_july_figures(client):
    """The directorate's page reached by a kept link shows its own July figure: (40 + 30) ÷ 90 = 77.8%."""
    html = page_html(client, "/org/PEO", f"?period=2025-06&as_at={JULY}")
    assert "77.8%" in html and "As at 20 July 2025" in html


def test_downloads_honour_as_at_for_other_tables(client):
    """The returns behind a figure, downloaded as at July, have July's numerator."""
    response = client.get(f"/download/indicator_returns.csv?code=HOU-RELET&org=HOU-N&period=2025-06&as_at={JULY}")
    if response.status_code == 404:
        pytest.skip("no returns download")
    assert response.status_code == 200, response.data[:300]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    june = [r for r in rows if r.get("period_start", r.get("period", "")).startswith("2025-06")]
    assert june and float(june[0]["numerator"]) == 40


@pytest.mark.parametrize("value, reason", [
    ("2025-07-09", "before the first release"),
    ("2099-01-01", "in the future"),
    ("2025-02-30", "not a date in the calendar"),
    ("yesterday", "YYYY-MM-DD"),
    ("2025-7-20", "YYYY-MM-DD"),
])
def test_a_day_that_cannot_be_shown_answers_400_in_one_line(client, value, reason):
    for path in (f"/?as_at={value}", f"/download/scorecard.csv?org=NB&period=2025-06&as_at={value}"):
        response = client.get(path)
        assert response.status_code == 400, path
        text = response.data.decode()
        assert reason in text and text.count("\n") == 1, text


def test_a_database_built_before_history_was_kept_says_so(db, tmp_path):
    """An old database answers as_at with a 400 asking for a rebuild; without as_at it is served as before."""
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP SCHEMA as_at CASCADE")
        con.execute("DROP SCHEMA history CASCADE")
    client = analyst_client(old, tmp_path)
    response = client.get(f"/download/scorecard.csv?org=NB&period=2025-06&as_at={JULY}")
    assert response.status_code == 400
    assert "built before history was kept" in response.data.decode() and "rebuild" in response.data.decode()
    assert scorecard_value(client, "") == pytest.approx(74.0)


def test_the_runner_keeps_each_release_apart_in_its_cache(db):
    """The same query as at two releases gives each its own figures, and today's stays today's."""
    from dashboard.db import Database, at_release

    database = Database(db)
    with duckdb.connect(str(db), read_only=True) as con:
        expected = {r: con.execute("SELECT display_value FROM history.rollup WHERE org_code = 'NB' AND "
                                   "indicator_code = 'HOU-RELET' AND period_start = '2025-06-01' AND valid_from <= ? "
                                   "AND coalesce(valid_to, 99) >= ?", [r, r]).fetchone()[0] for r in (1, 2)}
    assert expected == {1: pytest.approx(79.0), 2: pytest.approx(74.0)}
    for _ in range(2):      # the second round from the cache
        with at_release(1):
            assert len(database.query("release_list")) == 2       # the release list is always today's
            info_then = database.query("build_info")
        info_now = database.query("build_info")
        assert info_then["built_at"].iloc[0] < info_now["built_at"].iloc[0]


def test_data_quality_as_at_july_lists_no_restatement(client):
    html = page_html(client, "/data-quality", f"?org=NB&period=2025-06&as_at={JULY}")
    assert "As at 20 July 2025" in html and "74.0%" not in html
    assert "74.0%" in page_html(client, "/data-quality", "?org=NB&period=2025-06")


def test_a_pack_remade_as_at_its_day_is_identical(folder, tmp_path):
    """A pack archived in July, remade after August's restatement as at the day its manifest records, is
    the same pack: the same content hash, the same PDF byte for byte."""
    db, archive = tmp_path / "mi.duckdb", tmp_path / "archive"
    assert cli.main(["--from", str(folder), "--out", str(db), "--quiet"]) == 0

    def pack(out: Path, *extra: str) -> subprocess.CompletedProcess:
        env = {"PATH": "/usr/bin:/bin", "MI_ARCHIVE": str(archive), "HOME": str(tmp_path)}
        return subprocess.run([sys.executable, "-m", "dashboard.briefing", "--org", "NB", "--period", "2025-06",
                               "--out", str(out), "--db", str(db), *extra], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    first = pack(tmp_path / "july.pdf")
    assert first.returncode == 0, first.stderr
    [manifest_path] = archive.glob("*/manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["as_at"] == "2025-07-10" and manifest["database"]["release"] == 1
    document = json.loads((manifest_path.parent / "document.json").read_text(encoding="utf-8"))
    assert document["as_at"]["day"] == "2025-07-10"

    august = restate(folder, tmp_path / "august")
    assert cli.main(["--from", str(august), "--out", str(db), "--quiet"]) == 0
    today = pack(tmp_path / "today.pdf")
    assert today.returncode == 0, today.stderr
    assert (tmp_path / "today.pdf").read_bytes() != (tmp_path / "july.pdf").read_bytes()   # the figures moved
    again = pack(tmp_path / "again.pdf", "--as-at", manifest["as_at"])
    assert again.returncode == 0, again.stderr
    assert manifest["content_hash"] in again.stdout
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "july.pdf").read_bytes()
    assert (tmp_path / "again.pdf").read_bytes() == (manifest_path.parent / "pack.pdf").read_bytes()
    bad = pack(tmp_path / "bad.pdf", "--as-at", "2025-07-01")
    assert bad.returncode == 2 and "before the first release" in bad.stderr



def test_a_callback_without_the_address_keeps_as_at_from_the_page_it_came_from(db, tmp_path):
    """Choosing another month on /briefing as at July leads to a page still as at July: that choice's
    callback does not carry the address, so the day comes from the page the browser sends it from."""
    from dashboard import create_app
    from dashboard.settings import Settings
    from dashboard.users import UserStore
    from tests.conftest import sign_in
    from tests.test_hardening import callback_output

    UserStore(tmp_path / "users.sqlite").add("analyst", role="analyst", password=PASSWORD)
    app = create_app(Settings(db_path=db, auth="local", users=str(tmp_path / "users.sqlite"),
                              archive=str(tmp_path / "archive")))
    client = sign_in(app, "analyst")
    body = {"output": callback_output(app, "briefing-kind"), "outputs": {"id": "nav-location", "property": "href"},
            "inputs": [{"id": "briefing-kind", "property": "value", "value": "monthly"},
                       {"id": "briefing-for", "property": "value", "value": "org:NB"},
                       {"id": "briefing-period", "property": "value", "value": "2025-05"}],
            "state": [{"id": "briefing-shown", "property": "data",
                       "value": {"kind": "monthly", "for": "org:NB", "period": "2025-06"}}],
            "changedPropIds": ["briefing-period.value"]}
    page = f"http://localhost/briefing?org=NB&period=2025-06&as_at={JULY}"
    response = client.post("/_dash-update-component", json=body, headers={"Referer": page})
    assert response.status_code == 200, response.data[:300]
    assert f"as_at={JULY}" in response.data.decode()
    today = client.post("/_dash-update-component", json=body, headers={"Referer": page.split("&as_at")[0]})
    assert today.status_code == 200 and "as_at" not in today.data.decode()
