"""python -m dashboard.briefing --org <code> --period YYYY-MM|YYYY-Qn --kind monthly|cabinet
[--portfolio P] --out pack.pdf [--html pack.html] [--db PATH] [--as USER] [--as-at YYYY-MM-DD]

Makes a pack from the command line (for a scheduler), stores it in the archive
like one made on the dashboard, and writes the PDF (and the HTML) where asked.
Exit status 0 on success; 2 with a one-line reason for a bad request, an
unknown unit or portfolio, a period outside the data or an unavailable database.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Sequence

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.briefing",
                                     description="Make a monthly performance pack or a quarterly Cabinet report as PDF.")
    parser.add_argument("--org", default="", help="org unit code (default: the council)")
    parser.add_argument("--period", required=True,
                        help="YYYY-MM, or YYYY-Qn for a financial quarter (2026-Q1 is April to June 2026)")
    parser.add_argument("--kind", choices=("monthly", "cabinet"), default="monthly")
    parser.add_argument("--portfolio", default="", help="a cabinet portfolio, e.g. 'Children and Families'")
    parser.add_argument("--out", required=True, type=Path, help="where to write the PDF")
    parser.add_argument("--html", type=Path, help="also write the HTML here")
    parser.add_argument("--db", type=Path, help="database (default $MI_DB)")
    parser.add_argument("--as", dest="as_user", metavar="USER",
                        help="make the pack as this account (MI_USERS) sees the data: refused outside its scope")
    parser.add_argument("--as-at", dest="as_at", metavar="YYYY-MM-DD",
                        help="the figures as they were known that day (the last release on or before it); a pack "
                             "remade as at the day its manifest records (as_at) is the same pack")
    parser.add_argument("--users", type=Path, help="the accounts file (default $MI_USERS)")
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from dashboard.asat import BadAsAt, looking_at, resolve
    from dashboard.briefing import generate
    from dashboard.briefing.content import PackRequest
    from dashboard.context import BadRequest, NotFound
    from dashboard.db import EVERYTHING, Database, DatabaseUnavailable, OutOfScope, viewing
    from dashboard.periods import BadPeriod
    from dashboard.settings import Settings

    settings = Settings.from_env()
    if args.db:
        settings = dataclasses.replace(settings, db_path=args.db)
    if not Path(settings.db_path).is_file():
        print(f"error: there is no database at {settings.db_path} (make db builds the demo one)", file=sys.stderr)
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    db = Database(settings.db_path, cache_size=0, memory_limit=settings.duckdb_memory, threads=settings.duckdb_threads)
    request = PackRequest(org=args.org, period=args.period, kind=args.kind, portfolio=args.portfolio)
    scope, generated_by = EVERYTHING, "command line"
    if args.as_user:
        from dashboard.auth.viewer import viewer_for
        from dashboard.users import UserStore

        user = UserStore(args.users or settings.users_path).get(args.as_user)
        if user is None:
            print(f"error: there is no account called “{args.as_user[:80]}”", file=sys.stderr)
            return EXIT_BAD_INPUT
        viewer = viewer_for(user, db)
        scope, generated_by = viewer.scope, f"command line as {user.username}"
        if not args.org and viewer.home_unit:
            request = dataclasses.replace(request, org=viewer.home_unit)
    try:
        as_at = resolve(db, args.as_at) if args.as_at else None
        with viewing(scope), looking_at(as_at):    # every query runs as the account would see it, on that day
            entry, pack = generate(db, request, scope=scope, archive_folder=settings.archive_folder,
                                   generated_by=generated_by)
    except (BadRequest, BadPeriod, NotFound, OutOfScope, DatabaseUnavailable, BadAsAt) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: the pack could not be archived in {settings.archive_folder}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pack.pdf)
        if args.html:
            args.html.write_text(pack.html, encoding="utf-8")
    except OSError as exc:
        print(f"error: could not write {exc.filename or args.out}: {exc.strerror or exc} "
              f"(the pack is archived as {entry.id})", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{pack.document['title']}, {pack.document['period']['label']}: {args.out} "
          f"({len(pack.pdf) / 1024:,.0f} KB) in {time.perf_counter() - started:.1f} s; "
          f"archived as {entry.id} (content hash {pack.content_hash})")
    return 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
