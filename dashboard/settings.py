"""Every setting of the dashboard, declared once with its default and help.

Settings come from the environment (``Settings.from_env()``); the README lists
them all (a test checks that it does).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _setting(env: str, default, help: str):
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    db_path: Path = _setting(
        "MI_DB", PROJECT_ROOT / "data" / "mi.duckdb",
        "Path of the DuckDB database the dashboard reads (opened read-only).")
    host: str = _setting(
        "HOST", "127.0.0.1", "Address `python app.py` listens on.")
    port: int = _setting(
        "PORT", 8050, "Port `python app.py` and `make run` listen on.")
    duckdb_memory: str = _setting(
        "MI_DUCKDB_MEMORY", "400MB",
        "DuckDB memory limit for each serving process (its buffer cache; the file itself is not loaded).")
    duckdb_threads: int = _setting(
        "MI_DUCKDB_THREADS", 2, "DuckDB threads for each serving process.")
    home_area: str = _setting(
        "MI_HOME_AREA", "E10000012",
        "ONS code of the council the benchmarking pages compare (published data; the demo uses Essex, the council "
        "of the Audit Commission report).")
    archive: str = _setting(
        "MI_ARCHIVE", "",
        "Folder where every generated briefing pack is kept with the data it used (empty: a folder "
        "`briefing-archive` beside the database). The dashboard writes there, never to the database.")
    query_cache_size: int = _setting(
        "MI_QUERY_CACHE", 512,
        "How many query results each serving process keeps in memory (0 turns the cache off).")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                values[f.name] = Path(raw) if isinstance(f.default, Path) else kind(raw)
            except ValueError:
                raise SystemExit(f"{f.metadata['env']}={raw!r} is not a valid {kind.__name__}: {f.metadata['help']}")
        return cls(**values)

    @property
    def archive_folder(self) -> Path:
        return Path(self.archive) if self.archive else Path(self.db_path).parent / "briefing-archive"

    @classmethod
    def documentation(cls) -> list[tuple[str, str, str]]:
        """(environment variable, default, help) for each setting."""
        return [(f.metadata["env"], _shown(f.default), f.metadata["help"]) for f in fields(cls)]


def _shown(default) -> str:
    if isinstance(default, Path):
        return str(default.relative_to(PROJECT_ROOT))
    return str(default)
