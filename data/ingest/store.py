"""Write what an importer parsed into the next version of the database.

The dashboard attaches the database file read-only and notices when the file
is replaced (dashboard/db.py).  So an import never writes to the file in
place: it copies it to ``<db>.tmp-<pid>`` beside it, loads into the copy in one
transaction, checkpoints, and ``os.replace``s the copy over the original —
readers already running finish on the old file, the next query attaches the
new one, and a failure at any point leaves the original untouched (the copy
is deleted).  Imports and builds (data.build, data.generate) take an exclusive lock
(flock) on the database's folder, so that two at once queue rather than one
silently discarding the other's work.

Each load first deletes the rows that came from the same source file (its
name), so loading a file again replaces it rather than doubling it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard.metrics.published import decimals_of, kind_of
from data.build import schema
from data.files import remove_database, writer_lock
from data.ingest.common import MEASURE_EXTRAS, IngestError, Parsed, Progress, Rejection
from data.ingest.polarity import declared

TABLES = ("published_load", "published_measure", "published_value", "published_breakdown", "published_rejection",
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
    """Create the imported tables that a database built before them lacks, add the columns it lacks to the
    ones it has, and (re)create the views; returns the names of the tables, columns and views that were
    missing."""
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
        elif re.match(r"\s*CREATE\s+TABLE\b", sql, re.IGNORECASE):
            created += _add_columns(con, m.group(1), statement.query)
    return created


def _add_columns(con, table: str, create: str) -> list[str]:
    """Add the columns declared for ``table`` that a database built before them lacks (nullable, so the rows
    already there read as "not known"); returns them as "table.column"."""
    probe = f"ingest_declared_{table}"
    con.execute(re.sub(rf"^(\s*(?:--[^\n]*\n\s*)*)CREATE\s+TABLE\s+{table}\b", rf"\1CREATE TEMP TABLE {probe}",
                       create, count=1, flags=re.IGNORECASE))
    try:
        declared = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t "
                               "ORDER BY column_index", {"t": probe}).fetchall()
        have = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = $t "
                                          "AND database_name <> 'temp'", {"t": table}).fetchall()}
        added = []
        for column, data_type in declared:
            if column not in have:
                # names and types come from published.sql, never from a file
                con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {data_type}")
                added.append(f"{table}.{column}")
        return added
    finally:
        con.execute(f"DROP TABLE {probe}")


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
    with writer_lock(db, progress):
        return _load_locked(parsed, source, db, progress, resolve)


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


def describe_measures(parsed: Parsed) -> pd.DataFrame:
    """The measures frame with what the importer left out filled in from the figures themselves: the decimal
    places published, the kind (count, percent ...), the place in the file; and which way is better from the
    declared list (data/ingest/polarity.py) where the file does not say."""
    measures = parsed.measures.drop_duplicates("measure_code").reset_index(drop=True).copy()
    for column in MEASURE_EXTRAS:
        if column not in measures.columns:
            measures[column] = None
    values = parsed.values
    if values is not None and len(values):
        numbers = values.loc[values["value"].notna(), ["measure_code", "value"]]
        by_code = {str(code): v["value"].to_numpy(dtype=float) for code, v in numbers.groupby("measure_code",
                                                                                               observed=True)}
        first_row = {str(k): i for k, i in values.groupby("measure_code", observed=True).indices.items()
                     if len(i)} if measures["position"].isna().any() else {}
    else:
        by_code, first_row = {}, {}
    decimals, kinds, positions, polarity, source = [], [], [], [], []
    for m in measures.itertuples(index=False):
        figures = by_code.get(m.measure_code, np.array([]))
        integral = bool(len(figures)) and bool(np.all(figures == np.round(figures)))
        decimals.append(m.decimals if m.decimals == m.decimals and m.decimals is not None else decimals_of(figures))
        kinds.append(m.kind if isinstance(m.kind, str) else kind_of(m.measure_code, m.measure_name, m.unit, integral))
        positions.append(m.position if m.position == m.position and m.position is not None
                         else int(first_row.get(m.measure_code, [len(positions)])[0]))
        said = declared(parsed.publisher, m.measure_code)
        if isinstance(m.polarity, str):
            polarity.append(m.polarity)
            source.append(f"{parsed.publisher}, in the file")
        elif said:
            polarity.append(said[0])
            source.append(said[1])
        else:
            polarity.append(None)
            source.append(None)
    return measures.assign(decimals=decimals, kind=kinds, position=positions, polarity=polarity,
                           polarity_source=source)


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
    for table in ("published_value", "published_measure", "published_breakdown", "published_rejection",
                  "published_load", "area_code_alias", "statistical_neighbour"):
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source_file])
    rejections = list(parsed.rejections)
    params = {"source_file": source_file, "publisher": parsed.publisher, "loaded_at": loaded_at}
    loaded = 0
    statuses: dict[str, int] = {}

    if parsed.measures is not None and len(parsed.measures):
        measures = describe_measures(parsed).astype(object)
        con.register("ingest_measures", measures)
        con.execute("""
            INSERT INTO published_measure BY NAME
            SELECT $source_file AS source_file, measure_code, $publisher AS publisher, measure_name, unit, polarity,
                   description, CAST(decimals AS INTEGER) AS decimals, kind, grouping,
                   CAST(position AS INTEGER) AS position, polarity_source
            FROM ingest_measures""", {"source_file": source_file, "publisher": parsed.publisher})
        con.unregister("ingest_measures")

    if parsed.breakdowns is not None and len(parsed.breakdowns):
        con.register("ingest_breakdowns", parsed.breakdowns.astype(object))
        con.execute("""
            INSERT INTO published_breakdown BY NAME
            SELECT $source_file AS source_file, CAST(breakdown AS VARCHAR) AS breakdown,
                   CAST(filter_position AS INTEGER) AS filter_position, filter_col, filter_label, filter_hint, groups,
                   CAST(item AS VARCHAR) AS item, CAST(item_position AS INTEGER) AS item_position,
                   CAST(is_total AS BOOLEAN) AS is_total
            FROM ingest_breakdowns""", {"source_file": source_file})
        con.unregister("ingest_breakdowns")

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
