"""Briefing packs: the monthly performance pack for the leadership team and
portfolio holders, and the quarterly report to Cabinet — as HTML and tagged
PDF, each stored in the archive with the data it used.

    content.gather   the database → a frozen document (plain JSON)
    render           the document → HTML → PDF (SVG charts from charts.py)
    archive          storing, listing and regenerating packs
    __main__         python -m dashboard.briefing, for scheduled packs
"""

from __future__ import annotations

from pathlib import Path

from dashboard.db import Database, Scope


def generate(db: Database, request, *, scope: Scope, archive_folder: Path, generated_by: str):
    """Gather, render and archive one pack: (archive entry, pack)."""
    from dashboard.briefing import archive
    from dashboard.briefing.content import gather
    from dashboard.context import build_info

    from dashboard.asat import figures_day

    info = build_info(db)
    pack = archive.build(gather(db, request, scope=scope))
    known = figures_day(db)
    entry = archive.store(archive_folder, pack, generated_by=generated_by, database={
        "file": Path(db.path).name, "built_at": info.built_at.isoformat(timespec="seconds"),
        "release": known[1] if known else None,
        "latest_received_at": info.latest_received_at.isoformat(timespec="seconds")
        if info.latest_received_at else None})
    return entry, pack
