"""Import published benchmarking data, as the publishers publish it.

    python -m data.ingest <kind> FILE [--db PATH]

PATH defaults to $MI_DB, else data/mi.duckdb (the dashboard's own setting).
Kinds, each reading the publisher's file untouched:

  ees         DfE Explore Education Statistics tidy CSV (any publication)
  oflog       Office for Local Government long CSV (measure, value, year, rank_order)
  dluhc-ct    DLUHC council tax receipts live table (.xlsx, sheet Table_5)
  rsx         MHCLG revenue outturn by service, RSX (.ods)
  ons-sdg     ONS SDG 11.6.1 waste by disposal method (CSV; names resolved through the register)
  ons-mye     ONS mid-year population estimates by authority, sex and age (CSV, MYEB1 layout): the
              populations benchmarking divides counts by (counties summed from their districts)
  register    mySociety's register of local authorities (CSV) -> authority
  neighbours  DfE statistical neighbour groupings (CSV) -> statistical_neighbour

Load the register first (ons-sdg and ons-mye need it), and the EES files before the
neighbours (their old_la_code/new_la_code pairs map DfE codes to ONS codes;
the register maps most of them too).  Every load is atomic and repeatable:
see data/ingest/store.py.  Exit status 0 when loaded (rows may have been
skipped: the summary says which and why), 2 when the file or the arguments
are wrong (one line on stderr; the database is left as it was).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Kind:
    name: str
    module: str          # data.ingest.<module> has read(path, progress) -> Parsed
    help: str
    resolves: bool = False  # also has resolve(con, parsed): looks codes up in loaded tables


KINDS = {k.name: k for k in (
    Kind("ees", "ees", "DfE Explore Education Statistics tidy CSV"),
    Kind("oflog", "oflog", "Oflog long CSV"),
    Kind("dluhc-ct", "dluhc_ct", "DLUHC council tax receipts live table (.xlsx)"),
    Kind("rsx", "rsx", "MHCLG revenue outturn by service (.ods)"),
    Kind("ons-sdg", "ons_sdg", "ONS waste by disposal method CSV (needs the register)", resolves=True),
    Kind("ons-mye", "ons_mye", "ONS mid-year population estimates CSV (MYEB1 layout; the register first)",
         resolves=True),
    Kind("register", "register", "mySociety register of local authorities CSV"),
    Kind("neighbours", "neighbours", "DfE statistical neighbour groupings CSV", resolves=True),
)}


def importer(kind: str) -> tuple[Callable, Callable | None]:
    """(read, resolve) of a kind."""
    import importlib

    spec = KINDS[kind]
    module = importlib.import_module(f"data.ingest.{spec.module}")
    return module.read, (module.resolve if spec.resolves else None)
