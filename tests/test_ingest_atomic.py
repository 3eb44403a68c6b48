"""Loads are atomic and repeatable, and importing while the dashboard serves
loses no query: the import builds the next version of the file beside it and
swaps it in."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard.db import Database, NamedQuery
from data.build import schema
from data.ingest import common, store
from data.ingest.cli import main, run
from tests.conftest import ROOT
from tests.test_ingest import CIN, CSWW, OFLOG, REGISTER, RSX, WASTE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db: Path, source: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("""SELECT * EXCLUDE (loaded_at) FROM published_value WHERE source_file = ?
                              ORDER BY measure_code, breakdown, area_code, period_start""", [source.name]).fetchall()


def test_loading_twice_gives_the_same_rows(tmp_path):
    """Re-importing a file replaces its rows: nothing doubles, nothing else changes."""
    db = tmp_path / "mi.duckdb"
    run("register", REGISTER, db)
    run("ees", CSWW, db)
    run("oflog", OFLOG, db)
    first, other = rows(db, CSWW), rows(db, OFLOG)
    aliases = "SELECT * FROM area_code_alias ORDER BY ALL"
    with duckdb.connect(str(db), read_only=True) as con:
        pairs = con.execute(aliases).fetchall()
    outcome, _ = run("ees", CSWW, db)
    assert rows(db, CSWW) == first and rows(db, OFLOG) == other
    assert outcome.replaced == len(first) == outcome.rows_loaded == 32_186
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM published_load WHERE source_file = ?", [CSWW.name]).fetchone() == (1,)
        measures = con.execute("SELECT count(*) FROM published_measure WHERE source_file = ?", [CSWW.name])
        assert measures.fetchone() == (22,)
        assert con.execute(aliases).fetchall() == pairs
    run("register", REGISTER, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM authority").fetchone() == (470,)


def test_rejections_replaced_not_added(tmp_path):
    """A file with skipped rows, loaded twice, lists each skipped row once."""
    db = tmp_path / "mi.duckdb"
    run("rsx", RSX, db)
    run("rsx", RSX, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM published_rejection").fetchone() == (12,)


def test_failure_part_way_leaves_the_database_as_it_was(tmp_path, monkeypatch, capsys):
    """A load that fails after writing some rows leaves the file byte-for-byte unchanged and no copy behind."""
    db = tmp_path / "mi.duckdb"
    run("register", REGISTER, db)
    before = digest(db)
    real = store._write

    def write_then_fail(con, parsed, source, path):
        real(con, parsed, source, path)
        assert con.execute("SELECT count(*) FROM published_value").fetchone()[0] > 0  # rows were written
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write", write_then_fail)
    assert main(["ees", str(CSWW), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "disk full" in err and "the database is unchanged" in err
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mi.duckdb"]


def test_tables_added_to_an_older_database(tmp_path):
    """A database built before the imported tables existed gets them, and keeps everything else."""
    db = tmp_path / "old.duckdb"
    before_imports = [name for name in schema.FILES if name != "published"]
    with duckdb.connect(str(db)) as con:
        con.execute("\n".join((schema.HERE / f"{name}.sql").read_text() for name in before_imports))
        con.execute("INSERT INTO calendar VALUES (DATE '2026-01-05', TRUE, 1, NULL)")
    outcome, _ = run("oflog", OFLOG, db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calendar").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM published_value").fetchone() == (outcome.rows_loaded,)
        view = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'published_current'")
        assert view.fetchone() == (1,)


def test_fresh_build_has_the_tables_empty(tiny_con):
    """data.generate creates every table of the schema, so a new demo database has the imported tables, empty."""
    for table in ("published_value", "published_measure", "published_load", "authority", "statistical_neighbour"):
        assert tiny_con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_default_database_is_mi_db(tmp_path, monkeypatch):
    """Without --db the import writes where the dashboard reads: $MI_DB."""
    db = tmp_path / "from_env.duckdb"
    monkeypatch.setenv("MI_DB", str(db))
    assert main(["oflog", str(OFLOG)]) == 0
    assert db.exists()


def test_command_line(tmp_path):
    """The command as an analyst types it: summary on stdout, exit 0; skipped rows listed on stderr."""
    db = tmp_path / "mi.duckdb"
    env = {**os.environ, "MI_DB": str(tmp_path / "unused.duckdb")}
    done = subprocess.run([sys.executable, "-m", "data.ingest", "ees", str(CSWW), "--db", str(db)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "loaded: 32,186 values" in done.stdout and "skipped: 0" in done.stdout
    done = subprocess.run([sys.executable, "-m", "data.ingest", "rsx", str(RSX), "--db", str(db)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "skipped: 12" in done.stdout
    assert sum(line.startswith("skipped RSX_LA_Data_202425!") for line in done.stderr.splitlines()) == 12
    assert not (tmp_path / "unused.duckdb").exists()


def test_progress_on_large_files(tmp_path, monkeypatch, capsys):
    """Large files say how far they have got (here 'large' is lowered to 500 rows)."""
    monkeypatch.setattr(common, "PROGRESS_EVERY", 500)
    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    assert main(["ees", str(CIN), "--db", str(tmp_path / "mi.duckdb")]) == 0
    err = capsys.readouterr().err
    assert f"read 2,000 rows of {CIN.name}" in err and "writing" in err


def test_import_while_the_dashboard_reads(tmp_path, monkeypatch):
    """Queries keep answering throughout an import and see the new rows afterwards."""
    db = tmp_path / "mi.duckdb"
    run("register", REGISTER, db)
    database = Database(db, cache_size=0)
    database.queries["ingest_probe"] = NamedQuery(
        "ingest_probe", "SELECT count(*) AS n FROM published_value", frozenset())
    seen, errors, stop = [], [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.append(int(database.query("ingest_probe")["n"].iat[0]))
            except Exception as exc:  # noqa: BLE001 — any failed query fails the test
                errors.append(exc)

    def wait_for(condition, seconds=30):
        deadline = time.time() + seconds
        while not condition() and time.time() < deadline:
            time.sleep(0.01)
        assert condition()

    # Hold each swap until the reader has answered a few queries while the next
    # version was being built beside the file, however slow the machine.
    real_replace, during = os.replace, []

    def replace_when_read(src, dst):
        if str(dst) == str(db):
            mark = len(seen)
            wait_for(lambda: len(seen) >= mark + 3 or bool(errors))
            during.append(len(seen) - mark)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_when_read)
    thread = threading.Thread(target=reader)
    thread.start()
    try:
        wait_for(lambda: len(seen) > 0 or bool(errors))
        run("ees", CSWW, db)
        wait_for(lambda: seen[-1] == 32_186 or bool(errors))
        run("ons-sdg", WASTE, db)
        wait_for(lambda: seen[-1] == 32_186 + 5_090 or bool(errors))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert errors == []
    assert len(during) == 2 and min(during) >= 3
    assert seen[0] == 0 and seen[-1] == 32_186 + 5_090
    assert seen == sorted(seen)  # never an older file after a newer one
    assert set(seen) == {0, 32_186, 32_186 + 5_090}  # each query sees a whole load or none of it


def test_two_imports_at_once_both_land(tmp_path):
    """Two imports into one database at the same time queue: neither load is lost."""
    db = tmp_path / "mi.duckdb"
    run("register", REGISTER, db)
    failures = []

    def load(kind, path):
        try:
            run(kind, path, db)
        except Exception as exc:  # noqa: BLE001
            failures.append(exc)

    threads = [threading.Thread(target=load, args=a) for a in (("ees", CSWW), ("oflog", OFLOG), ("ees", CIN))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    with duckdb.connect(str(db), read_only=True) as con:
        files = {r[0] for r in con.execute("SELECT source_file FROM published_load").fetchall()}
    assert files == {REGISTER.name, CSWW.name, OFLOG.name, CIN.name}


@pytest.mark.parametrize("name, expected", [
    ("dfe_csww_indicators_2017_to_2025.csv", "ees:dfe_csww_indicators"),
    ("dfe_csww_indicators_2017_to_2026.csv", "ees:dfe_csww_indicators"),
    ("dluhc_CT_Receipts_Live_Table_Q4_2022-23.xlsx", "ees:dluhc_ct_receipts_live_table"),
    ("dfe_RSX_LA_Data_2024-25_data_by_LA.ods", "ees:dfe_rsx_la_data_data_by_la"),
])
def test_dataset_names_ignore_years(name, expected):
    """Releases of one publication share a dataset name, so the newer supersedes the older."""
    assert store.dataset_name("ees", name) == expected
