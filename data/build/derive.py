"""Derived tables of a data build, rebuilt from what units reported.

    derive_all(con)   # on the open, read-write DuckDB connection

1. ``rollup`` — derived/rollup.sql: every indicator at every unit and period.
2. ``return_status`` — derived/return_status.sql: every expected return, on time,
   late or missing.
3. ``spc_status`` — SPC of each series (indicator × unit, its periods' own
   values ``rollup.period_value``) *as at every period*: what the chart drawn
   with the data up to that period says about that period (point type,
   variation and assurance icons, limits, since when a concern has run), from
   :func:`dashboard.metrics.spc_bulk.classify_as_at`. The exceptions page reads
   it for any month without running the engine.
4. ``exception_base`` — derived/exceptions.sql: every exception, ranked.
5. ``forecast_calibration`` — forecast_calibration.py: the spread of the
   year-end forecast method's past errors.
6. ``finance_rollup``, ``workforce_rollup``, ``feedback_rollup``,
   ``risk_status`` and ``risk_rollup`` — derived/<table>.sql: the resources
   domains summed for every unit at every level and month.

Each replaces its table's contents. ``spc_status`` is built a block of units at
a time (about ``chunk_rows`` rows, whole series only) so memory stays flat at
the large preset, and written in the order org_code, indicator_code,
period_start.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from dashboard.metrics.spc import SpcSettings
from dashboard.metrics.spc_bulk import classify_as_at

from data.build import forecast_calibration

HERE = Path(__file__).resolve().parent / "derived"
ROLLUP = HERE / "rollup.sql"
RETURN_STATUS = HERE / "return_status.sql"
EXCEPTIONS = HERE / "exceptions.sql"
RESOURCES = ("finance_rollup", "workforce_rollup", "feedback_rollup", "risk_status", "risk_rollup")
CHUNK_ROWS = 2_000_000

_POLARITIES = ["up", "down", "neither"]
_FREQUENCIES = ["monthly", "quarterly", "annual"]


def derive_all(con, *, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Rebuild every derived table, in dependency order; returns their row counts.

    rollup (rollup.sql) → return_status (return_status.sql) → spc_status
    (SPC as at every period) → exception_base (exceptions.sql) →
    forecast_calibration → the resources rollups (RESOURCES, each its own .sql file).
    """
    counts = {}

    def step(name: str, run: Callable[[], None]) -> None:
        started = time.perf_counter()
        run()
        counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        progress(f"{name}: {counts[name]:,} rows in {time.perf_counter() - started:.1f}s")

    step("rollup", lambda: con.execute(ROLLUP.read_text()))
    step("return_status", lambda: con.execute(RETURN_STATUS.read_text()))
    step("spc_status", lambda: (build_spc_status(con, progress=progress), con.execute(
        "DELETE FROM spc_status WHERE indicator_code IN (SELECT code FROM indicator WHERE NOT spc_applies)")))
    step("exception_base", lambda: con.execute(EXCEPTIONS.read_text()))
    step("forecast_calibration", lambda: forecast_calibration.build(con))
    for name in RESOURCES:
        step(name, lambda name=name: con.execute((HERE / f"{name}.sql").read_text()))
    return counts


def build_spc_status(
    con,
    *,
    progress: Callable[[str], None] = print,
    settings: SpcSettings = SpcSettings.MDC,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Fill ``spc_status`` from ``rollup`` (which must be built); returns its row count.

    Per series: improvement direction = indicator.polarity; consecutive periods
    by indicator.frequency (a period with no rollup row, or a NULL
    period_value, is a gap); seasonal indicators (monthly or quarterly) are
    judged on seasonally adjusted values. Target: the latest rollup.target up
    to the period, as the indicator page uses the latest target; none for
    year-to-date and rolling indicators, whose targets are for the cumulative
    figure, not one period's value.
    """
    con.execute("DELETE FROM spc_status")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE spc_indicator AS
        SELECT CAST(row_number() OVER (ORDER BY code) - 1 AS INTEGER) AS i,
               code, polarity, frequency, seasonal,
               basis IN ('in_month', 'snapshot') AS per_period_target
        FROM indicator""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE spc_org AS
        SELECT CAST(row_number() OVER (ORDER BY org_code) - 1 AS INTEGER) AS o, org_code, count(*) AS n
        FROM rollup GROUP BY org_code""")
    ind = con.execute("SELECT i, polarity, frequency, seasonal FROM spc_indicator ORDER BY i").df()
    polarity = pd.Categorical(ind["polarity"], categories=_POLARITIES).codes
    frequency = pd.Categorical(ind["frequency"], categories=_FREQUENCIES).codes
    seasonal = ind["seasonal"].to_numpy(dtype=bool)
    sizes = con.execute("SELECT n FROM spc_org ORDER BY o").fetchnumpy()["n"].astype(np.int64)
    chunks = _chunks(sizes, chunk_rows)

    total = 0
    for number, (lo, hi) in enumerate(chunks, 1):
        t1 = time.perf_counter()
        frame = con.execute("""
            SELECT o.o, i.i, r.period_start, r.period_value AS value,
                   CASE WHEN i.per_period_target THEN last_value(r.target IGNORE NULLS) OVER (
                       PARTITION BY r.org_code, r.indicator_code ORDER BY r.period_start
                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) END AS target
            FROM rollup AS r
            JOIN spc_org AS o ON o.org_code = r.org_code
            JOIN spc_indicator AS i ON i.code = r.indicator_code
            WHERE o.o BETWEEN ? AND ?
            ORDER BY o.o, i.i, r.period_start""", [int(lo), int(hi)]).df()
        t2 = time.perf_counter()
        i = frame["i"].to_numpy()
        frame["series_id"] = frame["o"].to_numpy(dtype=np.int64) * len(ind) + i
        frame["improvement"] = pd.Categorical.from_codes(polarity[i], categories=_POLARITIES)
        frame["frequency"] = pd.Categorical.from_codes(frequency[i], categories=_FREQUENCIES)
        frame["seasonal"] = seasonal[i]
        status = classify_as_at(frame, settings=settings)
        t3 = time.perf_counter()
        out = pd.concat([frame[["o", "i", "period_start"]], status], axis=1)
        del frame, status
        con.register("spc_chunk", out)
        con.execute("""
            INSERT INTO spc_status
            SELECT i.code, o.org_code, CAST(c.period_start AS DATE),
                   c.point_type, c.variation, c.assurance, c.mean, c.lpl, c.upl,
                   CAST(c.concern_since AS DATE), c.seasonally_adjusted
            FROM spc_chunk AS c
            JOIN spc_org AS o USING (o)
            JOIN spc_indicator AS i USING (i)
            ORDER BY o.org_code, i.code, c.period_start""")
        con.unregister("spc_chunk")
        total += len(out)
        adjusted = int(out["seasonally_adjusted"].sum())
        del out
        progress(f"spc_status: block {number}/{len(chunks)}, units {lo + 1}-{hi + 1} of {len(sizes)}, "
                 f"{total:,} rows (read {t2 - t1:.1f}s, classify {t3 - t2:.1f}s, "
                 f"write {time.perf_counter() - t3:.1f}s; {adjusted:,} rows seasonally adjusted)")
    con.execute("DROP TABLE spc_indicator")
    con.execute("DROP TABLE spc_org")
    return total


def _chunks(sizes: np.ndarray, chunk_rows: int) -> list[tuple[int, int]]:
    """Consecutive runs of units (first, last index) of about chunk_rows rows each."""
    chunks, start, rows = [], 0, 0
    for o, n in enumerate(sizes):
        if rows and rows + n > chunk_rows:
            chunks.append((start, o - 1))
            start, rows = o, 0
        rows += int(n)
    if rows:
        chunks.append((start, len(sizes) - 1))
    return chunks
