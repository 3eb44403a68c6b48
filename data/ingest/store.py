"""Write what an importer parsed into the next version of the database.

The dashboard attaches the database file read-only and notices when the file
is replaced (dashboard/db.py).  So an import never writes to the file in
place: it copies it to ``<db>.tmp-<pid>`` beside it, loads into the copy in one
transaction, checkpoints, and ``os.replace``s the copy over the original —
readers already running finish on the old file, the next query attaches the
new one, and a failure at any point leaves the original untouched (the copy
is deleted).  Imports take an exclusive lock (flock) on the database's folder
so that two imports at once queue rather than one silently discarding the
other's load.  (data.generate does not take it: don't rebuild the demo
database while importing into it.)

Each load first deletes the rows that came from the same source file (its
name), so loading a file again replaces it rather than doubling it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data.build import schema
from data.files import remove_database
from data.ingest.common import IngestError, Parsed, Progress, Rejection

TABLES = ("published_load", "published_measure", "published_value", "published_rejection",
          "authority", "area_code_alias", "statistical_neighbour")


@dataclass
class Outcome:
    """What a load did, for the summary."""

    db: Path
    source_file: str
    rows_read: int
    rows_loaded: int
    rejections: list[Rejection]
    replaced: int            # rows of the same file's previous load that were replaced
    created_database: bool
    statuses: dict[str, int]  # values loaded by status


def ingest_section() -> str:
    """The schema file that declares the imported tables (data/build/schema/published.sql)."""
    return schema.PUBLISHED.read_text(encoding="utf-8")


_TARGET = re.compile(r"^\s*(?:CREATE\s+(?:TABLE|VIEW|MACRO)\s+|COMMENT\s+ON\s+(?:TABLE|VIEW)\s+"
                     r"|COMMENT\s+ON\s+COLUMN\s+)([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the imported tables that a database built before them lacks, and (re)create the
    views; returns the names of the tables and views that were missing."""
    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()").fetchall()}
    created = []
    for statement in con.extract_statements(ingest_section()):
        sql = _strip_comments(statement.query)
        m = _TARGET.match(sql)
        if not m:
            raise RuntimeError(f"unexpected statement in data/build/schema/published.sql: {sql[:60]!r}")
        is_view = re.match(r"\s*(CREATE|COMMENT\s+ON)\s+VIEW\b", sql, re.IGNORECASE)
        if is_view:
            # views hold no data: always the current definition, so a rule mended in published.sql
            # reaches databases built before the mend
            con.execute(re.sub(r"^(\s*)CREATE\s+VIEW\b", r"\1CREATE OR REPLACE VIEW", sql, flags=re.IGNORECASE))
            if is_view.group(1).upper() == "CREATE" and m.group(1) not in existing:
                created.append(m.group(1))
        elif m.group(1) not in existing:
            con.execute(statement.query)
            if sql.lstrip().upper().startswith("CREATE") and m.group(1) not in created:
                created.append(m.group(1))
    return created


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def dataset_name(kind: str, file_name: str) -> str:
    """The publication a file is a release of: its name less dates and quarters."""
    stem = Path(file_name).stem.lower()
    months = "january|february|march|april|may|june|july|august|september|october|november|december"
    stem = re.sub(rf"(?:[_\- ](?:q[1-4]|{months}))*[_\- ]?\d{{4}}(?:[_\- ]?(?:to|-)[_\- ]?\d{{2,4}})?", "", stem)
    return f"{kind}:{re.sub(r'[_-]+', '_', stem).strip('_') or 'file'}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(parsed: Parsed, source: Path, db: Path, progress: Progress, *, resolve=None) -> Outcome:
    """Load ``parsed`` (read from ``source``) into ``db`` atomically.

    ``resolve(con, parsed)``, if given, runs on the new version before writing,
    for importers that look codes up in tables already loaded (the register,
    the DfE code pairs)."""
    db = Path(db)
    if not db.parent.is_dir():
        raise IngestError(f"folder {db.parent} (for --db) does not exist")
    # Lock the folder rather than a lock file: nothing is left behind, and a
    # lock file removed by one import could be re-created and locked by another.
    folder = os.open(db.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"waiting for another import into {db.parent} to finish")
            fcntl.flock(folder, fcntl.LOCK_EX)
        return _load_locked(parsed, source, db, progress, resolve)
    finally:
        os.close(folder)  # releases the lock


def _load_locked(parsed, source, db, progress, resolve) -> Outcome:
    tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
    remove_database(tmp)
    created = not db.exists()
    con = None
    try:
        if created:
            progress(f"{db} does not exist: creating it with the tables of data/build/schema (empty)")
        else:
            if db.with_name(db.name + ".wal").exists():
                raise IngestError(f"{db} has an unfinished write-ahead log ({db.name}.wal) from a process that did "
                                  "not close it: open it once read-write (or rebuild it) before importing")
            _check_readable(db)
            progress(f"copying {db.name} ({db.stat().st_size / 2**20:,.1f} MB) to build its next version")
            shutil.copyfile(db, tmp)
            shutil.copymode(db, tmp)
        con = duckdb.connect(str(tmp))
        if created:
            schema.create(con)
        else:
            added = ensure_tables(con)
            if added:
                progress(f"added the tables {', '.join(added)} (the database predates them)")
        if resolve is not None:
            resolve(con, parsed)
        progress("writing")
        con.execute("BEGIN TRANSACTION")
        outcome = _write(con, parsed, source, db)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.close()
        con = None
        os.replace(tmp, db)
        outcome.created_database = created
        return outcome
    except BaseException:
        try:
            if con is not None:
                con.close()
        finally:
            remove_database(tmp)
        raise


def _check_readable(db: Path) -> None:
    """Fail early, with a clear message, if the file is not a DuckDB database or is held by a writer."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH $path AS current_db (READ_ONLY)", {"path": str(db)})
    except duckdb.Error as exc:
        text = str(exc).splitlines()[0]
        if "lock" in text.lower():
            raise IngestError(f"{db} is locked by a process writing to it; try again when it has finished") from None
        raise IngestError(f"{db} cannot be opened as a DuckDB database: {text}") from None
    finally:
        con.close()


_VALUE_KEY = ["measure_code", "breakdown", "area_code", "period_start", "period_end"]


def _write(con, parsed: Parsed, source: Path, db: Path) -> Outcome:
    source_file = source.name
    loaded_at = dt.datetime.now().replace(microsecond=0)
    replaced = sum(con.execute(f"SELECT count(*) FROM {table} WHERE source_file = ?", [source_file]).fetchone()[0]
                   for table in ("published_value", "statistical_neighbour"))  # fixed names, not user text
    if parsed.authorities is not None:
        replaced += con.execute("SELECT count(*) FROM authority").fetchone()[0]
    for table in ("published_value", "published_measure", "published_rejection", "published_load",
                  "area_code_alias", "statistical_neighbour"):
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source_file])
    rejections = list(parsed.rejections)
    params = {"source_file": source_file, "publisher": parsed.publisher, "loaded_at": loaded_at}
    loaded = 0
    statuses: dict[str, int] = {}

    if parsed.measures is not None and len(parsed.measures):
        measures = parsed.measures.drop_duplicates("measure_code").astype(object)
        con.register("ingest_measures", measures)
        con.execute("""
            INSERT INTO published_measure
            SELECT $source_file, measure_code, $publisher, measure_name, unit, polarity, description
            FROM ingest_measures""", {"source_file": source_file, "publisher": parsed.publisher})
        con.unregister("ingest_measures")

    if parsed.values is not None:
        values = parsed.values.reset_index(drop=True)
        values["period_start"] = pd.to_datetime(values["period_start"])
        values["period_end"] = pd.to_datetime(values["period_end"])
        dup = values.duplicated(_VALUE_KEY, keep="first")
        for row in values[dup].itertuples():
            rejections.append(Rejection(
                row.source_ref, "duplicate: same area, measure, breakdown and period as an earlier row",
                f"{row.area_code} {row.area_name} {row.measure_code} {row.period_label}"))
        values = values[~dup]
        described = set(parsed.measures["measure_code"]) if parsed.measures is not None else set()
        unknown = set(values["measure_code"]) - described
        if unknown:
            raise RuntimeError(f"values for measures without metadata: {sorted(unknown)[:5]}")
        values["value"] = values["value"].astype("float64")
        values["symbol"] = values["symbol"].astype(object)
        con.register("ingest_values", values)
        con.execute("""
            INSERT INTO published_value
            SELECT $source_file, $publisher, CAST(measure_code AS VARCHAR), CAST(breakdown AS VARCHAR),
                   CAST(area_code AS VARCHAR), CAST(area_name AS VARCHAR), CAST(area_type AS VARCHAR),
                   CAST(period_label AS VARCHAR), CAST(period_kind AS VARCHAR), CAST(period_start AS DATE),
                   CAST(period_end AS DATE), CASE WHEN isnan(value) THEN NULL ELSE value END,
                   CAST(status AS VARCHAR), CAST(symbol AS VARCHAR), CAST(source_ref AS VARCHAR), $loaded_at
            FROM ingest_values""", params)
        con.unregister("ingest_values")
        loaded = len(values)
        statuses = dict(Counter(values["status"]))

    if parsed.authorities is not None:
        con.execute("DELETE FROM authority")  # the register is one list: a new one replaces it all
        con.register("ingest_authorities", parsed.authorities.astype(object))
        con.execute("""
            INSERT INTO authority
            SELECT code, area_code, name, official_name, authority_type, authority_type_name, area_type,
                   parent_county_code, parent_area_code, region, nation, combined_authority, old_la_code, ecode,
                   CAST(start_date AS DATE), CAST(end_date AS DATE), replaced_by, is_current,
                   CAST(population AS INTEGER), CAST(alt_names AS VARCHAR[]), $source_file, $loaded_at
            FROM ingest_authorities""", {"source_file": source_file, "loaded_at": loaded_at})
        con.unregister("ingest_authorities")
        loaded = len(parsed.authorities)

    if parsed.aliases is not None and len(parsed.aliases):
        con.register("ingest_aliases", parsed.aliases.astype(object))
        con.execute("""
            INSERT INTO area_code_alias
            SELECT scheme, code, area_code, any_value(area_name), CAST(min(first_period) AS DATE),
                   CAST(max(last_period) AS DATE), $source_file
            FROM ingest_aliases GROUP BY scheme, code, area_code""", {"source_file": source_file})
        con.unregister("ingest_aliases")

    if parsed.neighbours is not None:
        con.register("ingest_neighbours", parsed.neighbours.astype(object))
        con.execute("""
            INSERT INTO statistical_neighbour
            SELECT $source_file, dfe_code, area_code, area_name, rank, neighbour_dfe_code, neighbour_area_code,
                   closeness, is_current, $loaded_at
            FROM ingest_neighbours""", {"source_file": source_file, "loaded_at": loaded_at})
        con.unregister("ingest_neighbours")
        loaded = len(parsed.neighbours)

    if rejections:
        con.register("ingest_rejections", pd.DataFrame(
            {"location": [r.location for r in rejections], "reason": [r.reason for r in rejections],
             "text": [r.text for r in rejections]}, dtype=object))
        con.execute("INSERT INTO published_rejection SELECT $source_file, location, reason, text "
                    "FROM ingest_rejections", {"source_file": source_file})
        con.unregister("ingest_rejections")

    why = "; ".join(f"{reason}: {n:,}" for reason, n in Counter(r.reason for r in rejections).most_common())
    con.execute("""
        INSERT INTO published_load VALUES ($source_file, $kind, $dataset, $publisher, $title, $path, $bytes, $sha256,
                                           $rows_read, $rows_loaded, $rows_skipped, $why, $loaded_at)""", {
        **params, "kind": parsed.kind, "dataset": dataset_name(parsed.kind, source_file), "title": parsed.title,
        "path": str(source.resolve()), "bytes": source.stat().st_size, "sha256": sha256(source),
        "rows_read": parsed.rows_read, "rows_loaded": loaded, "rows_skipped": len(rejections), "why": why})
    return Outcome(db=db, source_file=source_file, rows_read=parsed.rows_read, rows_loaded=loaded,
                   rejections=rejections, replaced=replaced, created_database=False, statuses=statuses)
