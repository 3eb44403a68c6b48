"""Build the database from a council's extract folder, or re-derive one.

    build(folder, out)     # check everything, load, derive, keep the published data, swap in
    rederive(db)           # recompute the derived tables only (after a rule change)

The build works beside ``out``: the files are read into ``<out>.stage-<pid>``
and checked there; only if nothing is wrong is ``<out>.tmp-<pid>`` made (the
tables, the published data copied from ``out`` if it exists, every derived
table) and swapped onto ``out`` with ``os.replace``.  On any problem or
failure both are deleted and ``out`` is untouched, byte for byte."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from data.build import checks, extract, load, releases, schema
from data.build.derive import derive_all
from data.build.problems import Problem
from data.build.progress import Progress
from data.build.read import read_folder
from data.files import remove_database, writer_lock

DERIVE_STEPS = 12


class ExtractInvalid(Exception):
    """The extract has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"{errors:,} error{'s' * (errors != 1)} in the extract")


@dataclass
class Outcome:
    out: Path
    counts: dict[str, int]
    problems: list[Problem] = field(default_factory=list)   # warnings only

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def memory_limit() -> str:
    """A third of the machine's memory, at most 6 GB: DuckDB's default (80%) starves everything else on a
    shared machine while the large preset's rollup runs, and it spills to disk when it must; 6 GB keeps a
    large build's whole process (DuckDB's buffers, Python and the SPC blocks) under 8 GB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return "4GB"
    return f"{max(1, min(6, int(total / 3 / 2**30)))}GB"


def steps() -> int:
    """About how many progress lines a build prints: the bar's length."""
    return 3 * len(extract.resources()) + DERIVE_STEPS + 6


def build(folder: str | os.PathLike, out: str | os.PathLike, *, preset: str = "import", seed: int = 0,
          progress: Progress | None = None) -> Outcome:
    """Build ``out`` from the extract in ``folder``; raises ExtractInvalid (``out`` untouched) on errors."""
    folder, out = Path(folder), Path(out)
    progress = progress or Progress(enabled=False)
    if not out.parent.is_dir():
        raise FileNotFoundError(f"folder {out.parent} (for --out) does not exist")
    with writer_lock(out, progress):
        stage = out.with_name(f"{out.name}.stage-{os.getpid()}")
        tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
        remove_database(stage)
        remove_database(tmp)
        try:
            problems = _stage(folder, stage, progress)
            if any(p.severity == "error" for p in problems):
                raise ExtractInvalid(problems)
            counts = _write(tmp, stage, out if out.exists() else None, preset, seed, progress)
            os.replace(tmp, out)
            progress(f"wrote {out}")
            return Outcome(out, counts, problems)
        finally:
            remove_database(stage)
            remove_database(tmp)


def _stage(folder: Path, stage: Path, progress) -> list[Problem]:
    con = duckdb.connect(str(stage), config={"memory_limit": memory_limit()})
    try:
        for statement in con.extract_statements(schema.text()):   # the rules use the schema's macros
            if re.match(r"\s*CREATE\s+MACRO\b", re.sub(r"--[^\n]*", "", statement.query), re.IGNORECASE):
                con.execute(statement.query)
        sources, problems = read_folder(con, folder, progress)
        return problems + checks.check(con, sources, progress)
    finally:
        con.close()


def _write(tmp: Path, stage: Path, previous: Path | None, preset: str, seed: int, progress) -> dict[str, int]:
    con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit()})
    try:
        schema.create(con)
        about = {"built_at": dt.datetime.now().replace(microsecond=0), "preset": preset, "seed": seed}
        counts = load.load(con, stage, about, previous, progress)
        counts |= derive_all(con, progress=progress)
        counts |= releases.record(con, previous, about)
        progress(f"release {counts['release']}, as at {about['released_on']:%-d %b %Y}: {counts['restated_returns']:,} "
                 f"returns restated, moving {counts['restated_figures']:,} figures")
        con.execute("CHECKPOINT")
        return counts
    finally:
        con.close()


def rederive(db: str | os.PathLike, *, progress: Progress | None = None) -> dict[str, int]:
    """Recompute every derived table of ``db`` (its copy, swapped in), leaving what was loaded as it was."""
    db = Path(db)
    progress = progress or Progress(enabled=False)
    if not db.exists():
        raise FileNotFoundError(f"{db} does not exist")
    with writer_lock(db, progress):
        tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
        remove_database(tmp)
        try:
            shutil.copyfile(db, tmp)
            progress(f"copied {db.name} to re-derive it")
            con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit()})
            try:
                counts = derive_all(con, progress=progress)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, db)
            progress(f"wrote {db}")
            return counts
        finally:
            remove_database(tmp)
