"""Files of a database being written: the lock writers share, and what to clean
up when a build or an import fails before its temporary file is swapped in."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path


def remove_database(path: Path) -> None:
    """Delete a temporary database with its write-ahead log and DuckDB's spill folder."""
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


@contextlib.contextmanager
def writer_lock(db: Path, waiting=lambda message: None):
    """Hold the exclusive lock of the database's folder while writing its next version, so that two
    writers (imports, builds) queue rather than one silently discarding the other's work.  The folder is
    locked rather than a lock file: nothing is left behind, and a lock file removed by one writer could
    be re-created and locked by another."""
    folder = os.open(Path(db).parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another import or build into {Path(db).parent} to finish")
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the lock
