"""Build the MI database from a council's own extract, or re-derive it.

    python -m data.build --from FOLDER --out mi.duckdb
    python -m data.build --rederive --db mi.duckdb

Exit 0 when built (warnings listed), 2 when the extract has errors — every one
is listed with its file, line or cell, column and reason, and the database is
left exactly as it was — or the command line is wrong."""

import sys

from data.build.cli import main

if __name__ == "__main__":
    sys.exit(main())
