"""The tables of the MI database: one SQL file a domain, in this folder.

    create(con)     # every table, view and macro, on an empty database

``FILES`` is the order they run in (a later file may use an earlier one's
macros).  ``published.sql`` holds the tables data.ingest fills; an import adds
them to a database built before they existed (data/ingest/store.py)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("core", "indicators", "indicators_derived", "resources", "resources_derived", "casework", "partners",
         "published")
PUBLISHED = HERE / "published.sql"


def text() -> str:
    """Every file's statements, in order."""
    return "\n".join((HERE / f"{name}.sql").read_text(encoding="utf-8") for name in FILES)


def create(con) -> None:
    """Create every table, view and macro on ``con`` (an empty database)."""
    con.execute(text())
