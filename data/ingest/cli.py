"""The command line: ``python -m data.ingest <kind> FILE [--db PATH]``.

Progress and every skipped row go to stderr, the summary to stdout.  Exit
status 0 when the file was loaded, 2 when the arguments or the file are wrong
(one line on stderr, the database untouched), 1 for anything unexpected."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from data.ingest import KINDS, __doc__ as PACKAGE_DOC, importer
from data.ingest.common import IngestError, Parsed, Progress
from data.ingest.store import Outcome, load
from dashboard.settings import Settings


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, exit status 2
        print(f"data.ingest: error: {message}", file=sys.stderr)
        sys.exit(2)


def default_db() -> Path:
    """$MI_DB, else the dashboard's default (data/mi.duckdb): the same setting the app reads."""
    return Settings.from_env().db_path


def run(kind: str, file: str | Path, db: str | Path | None = None, *,
        progress: Progress | None = None) -> tuple[Outcome, Parsed]:
    """Import one file into ``db`` (default: $MI_DB, else data/mi.duckdb); what was loaded and what was read.
    Raises IngestError when the file cannot be imported (the database is then unchanged)."""
    progress = progress or Progress(False)
    read, resolve = importer(kind)
    path = Path(file)
    db = Path(db) if db else default_db()
    if not db.parent.is_dir():
        raise IngestError(f"folder {db.parent} (for --db) does not exist")
    progress(f"reading {path.name} as {kind}")
    parsed = read(path, progress)
    nothing = all(frame is None or frame.empty for frame in (parsed.values, parsed.authorities, parsed.neighbours))
    if nothing:
        reasons = Counter(r.reason for r in parsed.rejections).most_common(1)
        raise IngestError(f"{path.name}: none of its {parsed.rows_read:,} rows could be loaded"
                          + (f" ({reasons[0][0]})" if reasons else ""))
    return load(parsed, path, db, progress, resolve=resolve), parsed


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m data.ingest", usage="python -m data.ingest <kind> FILE [--db PATH]",
                     description=PACKAGE_DOC.splitlines()[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     epilog="\n".join(PACKAGE_DOC.splitlines()[4:]))
    parser.add_argument("kind", choices=list(KINDS), metavar="<kind>", help="what the file is: " + ", ".join(KINDS))
    parser.add_argument("file", metavar="FILE", help="the file as downloaded from the publisher")
    parser.add_argument("--db", metavar="PATH", help="database to load into (default $MI_DB, else data/mi.duckdb)")
    args = parser.parse_args(argv)
    progress = Progress(True)
    try:
        outcome, parsed = run(args.kind, args.file, args.db, progress=progress)
    except IngestError as exc:
        print(f"data.ingest: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("data.ingest: interrupted: the database is unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 — one line, not a traceback, for an analyst
        print(f"data.ingest: failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
              "the database is unchanged", file=sys.stderr)
        return 1
    for r in outcome.rejections:
        print(f"skipped {r.location}: {r.reason}" + (f" [{r.text}]" if r.text else ""), file=sys.stderr)
    print(summary(args.kind, parsed, outcome))
    return 0


def summary(kind: str, parsed, outcome: Outcome) -> str:
    what = {"register": "authorities", "neighbours": "neighbour pairs"}.get(kind, "values")
    lines = [f"Loaded {outcome.source_file} ({kind}, {parsed.publisher}) into {outcome.db}"
             + (" (a new database)" if outcome.created_database else "")]
    lines.append(f"  rows read: {outcome.rows_read:,}")
    loaded = f"  loaded: {outcome.rows_loaded:,} {what}"
    if outcome.statuses:
        loaded += " (" + ", ".join(f"{n:,} {'numbers' if s == 'value' else s.replace('_', ' ')}" for s, n in
                                   sorted(outcome.statuses.items(), key=lambda kv: (kv[0] != "value", -kv[1]))) + ")"
    lines.append(loaded)
    reasons = Counter(r.reason for r in outcome.rejections)
    lines.append(f"  skipped: {len(outcome.rejections):,}" + ("" if not reasons else " — " + "; ".join(
        f"{reason}: {n:,}" for reason, n in reasons.most_common())) + (
        " (each listed above on stderr, and in published_rejection)" if reasons else ""))
    if outcome.replaced:
        lines.append(f"  replaced: {outcome.replaced:,} rows from this file's previous load")
    lines += [f"  note: {note}" for note in parsed.notes]
    return "\n".join(lines)
