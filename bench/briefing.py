"""python -m bench.briefing --preset council: how long briefing packs take to
make, step by step (gather from the database; build: HTML and the PDF's layout; store in the archive),
on the same database `make bench` builds.  Issue 8's target: a council
monthly pack in under 15 s.  Writes bench/out/briefing.json."""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from bench.run import OUT, PUBLIC, ensure_db
from dashboard.briefing import archive
from dashboard.briefing.content import PackRequest, gather
from dashboard.context import build_info
from dashboard.db import EVERYTHING, Database
from dashboard.periods import month_key, quarter_key

TARGET_S = 15.0


def packs(db: Database) -> dict[str, PackRequest]:
    last = build_info(db).last_month
    month = month_key(last)
    quarter_end = last                  # the newest quarter whose last month is in the data
    while quarter_end.month not in (3, 6, 9, 12):
        quarter_end = (pd.Timestamp(quarter_end) - pd.DateOffset(months=1)).date()
    quarter = quarter_key(quarter_end)
    return {
        "council monthly": PackRequest(org="", period=month),
        "directorate monthly (SCF)": PackRequest(org="SCF", period=month),
        "portfolio monthly (Children and Families)": PackRequest(org="", period=month, portfolio="Children and Families"),
        "council cabinet (quarter)": PackRequest(org="", period=quarter, kind="cabinet"),
    }


def measure(db: Database, request: PackRequest, reps: int) -> dict:
    """Each rep does what a download or the command line does: gather, build (JSON round trip, HTML,
    PDF) and store in an archive (a fresh one, so nothing is skipped as already stored)."""
    runs = []
    for _ in range(reps):
        with tempfile.TemporaryDirectory() as folder:
            t0, c0 = time.perf_counter(), time.process_time()
            document = gather(db, request, scope=EVERYTHING)
            t1 = time.perf_counter()
            pack = archive.build(document)
            t2 = time.perf_counter()
            archive.store(Path(folder), pack, generated_by="bench", database={})
            t3 = time.perf_counter()
        # CPU seconds too: on a shared machine the wall time says as much about the neighbours as about us
        runs.append({"gather_s": t1 - t0, "build_s": t2 - t1, "store_s": t3 - t2, "total_s": t3 - t0,
                     "cpu_s": time.process_time() - c0, "bytes": len(pack.pdf)})
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {**median, "max_total_s": max(r["total_s"] for r in runs),
            "pages": len(PdfReader(io.BytesIO(pack.pdf)).pages), "exceptions": len(document["exceptions"])}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default=os.environ.get("PRESET", "council"), choices=("tiny", "council", "large"))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED", 42)))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--public", type=Path, default=PUBLIC)
    a = parser.parse_args(argv)
    db_path, _ = ensure_db(a.preset, a.seed, a.public)
    db = Database(db_path, cache_size=0)
    results = {}
    print(f"{'pack (seconds)':45} {'gather':>7} {'build':>6} {'store':>6} {'total':>6} {'max':>6} {'cpu':>6} "
          f"{'pages':>5} {'KB':>6}")
    for name, request in packs(db).items():
        r = results[name] = measure(db, request, a.reps)
        print(f"{name:45} {r['gather_s']:7.2f} {r['build_s']:6.2f} {r['store_s']:6.2f} {r['total_s']:6.2f} "
              f"{r['max_total_s']:6.2f} {r['cpu_s']:6.2f} {r['pages']:5d} {r['bytes'] / 1024:6.0f}")
    worst = results["council monthly"]["max_total_s"]
    verdict = "met" if worst < TARGET_S else "MISSED"
    print(f"council monthly pack: slowest of {a.reps} {worst:.1f} s (target < {TARGET_S:.0f} s): {verdict}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "briefing.json").write_text(json.dumps({"preset": a.preset, "seed": a.seed, "packs": results,
                                                   "target_s": TARGET_S}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
