"""python -m dashboard.returns export --period YYYY-MM --into EXTRACT_FOLDER [--store URL]

Folds the period's signed-off returns into a council's extract folder for the next
``python -m data.build`` (dashboard/returns/export.py).  The store is MI_STORE (or
returns.sqlite beside MI_DB) unless --store says otherwise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.periods import parse_month


def main(argv=None) -> int:
    from dashboard.returns.export import ExportError, export
    from dashboard.returns.store import ReturnsStore, store_url
    from dashboard.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m dashboard.returns", description=__doc__.split("\n")[2])
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("export", help="fold a period's signed-off returns into an extract folder")
    ex.add_argument("--period", required=True, help="the period, YYYY-MM (a quarter or year: its first month)")
    ex.add_argument("--into", required=True, type=Path, help="the extract folder (with measure.csv)")
    ex.add_argument("--store", default="", help="the returns store (default: MI_STORE, or returns.sqlite beside MI_DB)")
    args = parser.parse_args(argv)
    try:
        month = parse_month(args.period)
    except ValueError as exc:
        parser.error(str(exc))
    settings = Settings.from_env()
    url = store_url(settings) if not args.store else store_url(type("S", (), {"store": args.store,
                                                                             "db_path": settings.db_path})())
    try:
        done = export(ReturnsStore(url), f"{month:%Y-%m}", args.into)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{done['returns']} signed-off returns for {month:%Y-%m}: {done['replaced']} replaced and {done['added']} "
          f"added in {args.into / 'measure.csv'}; {done['commentary']} commentaries added.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
