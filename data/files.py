"""Files of a database being written: what to clean up when a build or an
import fails before its temporary file is swapped in."""

from __future__ import annotations

import shutil
from pathlib import Path


def remove_database(path: Path) -> None:
    """Delete a temporary database with its write-ahead log and DuckDB's spill folder."""
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)
