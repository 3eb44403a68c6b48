"""Load a checked extract into a new database: the tables of the format, then
what the build works out from them (the tree's closure, the working-day
calendar, build_info, when each domain's extract was loaded), and the published
data the previous database held.

    load(con, stage_path, about, previous)   # con: the new database, schema created"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from data.build import extract
from data.build.calendar import working_day_calendar

# The order each table is written in, for DuckDB's zone maps (what pages filter on first); the rest by key.
SORT = {"feedback": "id", "casework_case": "org_code, referral_date, case_id"}
PUBLISHED = ("published_load", "published_measure", "published_value", "published_rejection", "authority",
             "area_code_alias", "statistical_neighbour")


def load(con, stage: Path, about: dict, previous: Path | None, progress=lambda step, rows=None: None) -> dict:
    """Copy the staged, typed tables into ``con``'s database; returns row counts."""
    con.execute("ATTACH $path AS stage (READ_ONLY)", {"path": str(stage)})
    counts = {}
    try:
        for res in extract.resources():
            if res.name == "council":
                continue
            stored = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE database_name = "
                                                "current_database() AND table_name = $t", {"t": res.name}).fetchall()}
            cols = ", ".join(f'"{f.name}"' for f in res.fields if f.name in stored)
            order = SORT.get(res.name) or ", ".join(f'"{k}"' for k in res.primary_key) or "_line"
            if res.name == "data_source":  # stamped with when this build loaded them
                con.execute("INSERT INTO main.data_source SELECT domain, system, extract, $at "
                            "FROM stage.main.data_source ORDER BY domain", {"at": about["built_at"]})
            else:
                con.execute(f"INSERT INTO main.{res.name} ({cols}) SELECT {cols} FROM stage.main.{res.name} "
                            f"ORDER BY {order}")
            counts[res.name] = con.execute(f"SELECT count(*) FROM main.{res.name}").fetchall()[0][0]
            if counts[res.name]:
                progress(f"loaded {res.name}", counts[res.name])
        council = con.execute("SELECT name, first_month, last_month, extracted_on, demonstration "
                              "FROM stage.main.council").fetchall()[0]
    finally:
        con.execute("DETACH stage")
    name, first, last, extracted_on, demonstration = council
    about.update(council_name=name, released_on=extracted_on)
    con.execute("INSERT INTO build_info VALUES (?, ?, ?, ?, ?, ?, ?)", [
        about["built_at"], about.get("preset", "import"), about.get("seed", 0), first, last, name, demonstration])
    fill_ancestors(con)
    fill_calendar(con, first, last)
    progress("tree and calendar", con.execute("SELECT count(*) FROM calendar").fetchall()[0][0])
    if previous is not None:
        kept = keep_published(con, previous)
        if kept:
            progress("kept the published data already loaded", kept)
    return counts


def fill_ancestors(con) -> None:
    """org_ancestor: every unit with itself and each ancestor (the checks have ruled out loops)."""
    con.execute("""
        INSERT INTO org_ancestor
        WITH RECURSIVE up(org_code, ancestor_code, depth) AS (
            SELECT code, code, 0 FROM org_unit
            UNION ALL
            SELECT up.org_code, o.parent_code, up.depth + 1
            FROM up JOIN org_unit AS o ON o.code = up.ancestor_code
            WHERE o.parent_code IS NOT NULL
        )
        SELECT org_code, ancestor_code, depth FROM up ORDER BY org_code, depth""")


def fill_calendar(con, first: dt.date, last: dt.date) -> None:
    """Every day from the earliest date the data's working days are counted from (the first month, the
    earliest referral or feedback) to a year past the last month, with England's bank holidays."""
    earliest = con.execute("""
        SELECT least($first, (SELECT min(referral_date) FROM casework_case),
                     (SELECT min(strategy_discussion_date) FROM casework_case),
                     (SELECT min(received_on) FROM feedback))""", {"first": first}).fetchall()[0][0]
    month_end = (np.datetime64(last, "M") + 1).astype("datetime64[D]") - 1
    latest = con.execute("""
        SELECT greatest($end, (SELECT max(responded_on) FROM feedback), (SELECT max(closed_date) FROM casework_case),
                        (SELECT max(CAST(received_at AS DATE)) FROM measure))""",
                         {"end": (month_end + 366).astype(dt.date)}).fetchall()[0][0]
    cal = working_day_calendar(np.datetime64(earliest, "D"), np.datetime64(latest, "D"))
    con.register("cal_df", pd.DataFrame(cal))
    con.execute("INSERT INTO calendar SELECT CAST(day AS DATE), is_working_day, working_day_index, bank_holiday "
                "FROM cal_df ORDER BY day")
    con.unregister("cal_df")


def keep_published(con, previous: Path) -> int:
    """Copy the imported published tables from the database being replaced; returns the rows kept."""
    con.execute("ATTACH $path AS previous (READ_ONLY)", {"path": str(previous)})
    kept = 0
    try:
        have = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'previous'").fetchall()}
        for table in PUBLISHED:
            if table in have:
                con.execute(f"INSERT INTO main.{table} BY NAME SELECT * FROM previous.main.{table}")
                kept += con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0]
    finally:
        con.execute("DETACH previous")
    return kept
