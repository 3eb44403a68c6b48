"""The command line of ``python -m data.build`` (data/build/__main__.py says what it does)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from data.build import checks, extract, pipeline
from data.build.progress import Progress

PROG = "python -m data.build"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, exit status 2
        print(f"data.build: error: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv=None) -> int:
    parser = _Parser(prog=PROG, description="Build the MI database from a council's extract folder (format "
                     f"{extract.version()}, see README), or re-derive its derived tables.")
    parser.add_argument("--from", dest="folder", metavar="FOLDER", help="the extract: one CSV or Excel file a table")
    parser.add_argument("--out", metavar="DB", help="the database to build (its published data are kept)")
    parser.add_argument("--rederive", action="store_true", help="recompute the derived tables of --db only")
    parser.add_argument("--db", metavar="DB", help="with --rederive: the database to re-derive")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.rederive:
        if not args.db or args.folder or args.out:
            parser.error("--rederive takes --db DB only")
        if not Path(args.db).exists():
            parser.error(f"{args.db} does not exist")
        progress = Progress(not args.quiet, steps=pipeline.DERIVE_STEPS + 2)
        try:
            pipeline.rederive(args.db, progress=progress)
        except duckdb.Error as exc:
            print(f"data.build: error: {str(exc).splitlines()[0]} (the database is unchanged)", file=sys.stderr)
            return 1
        print(f"re-derived {args.db}")
        return 0
    if not args.folder or not args.out or args.db:
        parser.error("give --from FOLDER --out DB (or --rederive --db DB)")
    if not Path(args.folder).is_dir():
        parser.error(f"{args.folder} is not a folder")
    if not Path(args.out).resolve().parent.is_dir():
        parser.error(f"folder {Path(args.out).resolve().parent} (for --out) does not exist")
    progress = Progress(not args.quiet, steps=pipeline.steps())
    try:
        outcome = pipeline.build(args.folder, args.out, progress=progress)
    except pipeline.ExtractInvalid as exc:
        for line in checks.summarise(exc.problems):
            print(line, file=sys.stderr)
        warnings = sum(p.severity == "warning" for p in exc.problems)
        print(f"data.build: {exc} ({warnings:,} warning{'s' * (warnings != 1)}) in {args.folder}: "
              f"nothing was built and {args.out} is unchanged", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"data.build: error: {str(exc).splitlines()[0]} ({args.out} is unchanged)", file=sys.stderr)
        return 1
    for line in checks.summarise(outcome.warnings):
        print(line, file=sys.stderr)
    counts = outcome.counts
    print(f"built {args.out} from {args.folder}: {counts.get('org_unit', 0):,} units, {counts.get('indicator', 0):,} "
          f"indicators, {counts.get('measure', 0):,} returns ({len(outcome.warnings):,} warnings)")
    return 0
