"""Build the seeded demo-council database.

    python -m data.generate --preset tiny|council|large --seed 42 --out data/mi.duckdb
                            [--start YYYY-MM] [--end YYYY-MM] [--extract FOLDER]

Simulates the fictional Eastmere County Council in a scratch database, writes
commentary on its off-target results (after a first rollup, so it comments
where the dashboard shows red), writes everything as a council's extract folder
(the format of data/build/extract/datapackage.json), and builds --out from that
folder with data.build, exactly as a council's own data are built: checked,
loaded, derived, the published data already in --out kept, and swapped in
atomically (on any error or Ctrl-C an existing database is left untouched).
``--extract FOLDER`` keeps the folder (an example of the format).

Presets (council and large share one catalogue of 172 indicators):

* tiny — 4 directorates × 2 services × 2–6 teams (37 teams), 30 indicators that
  cover every aggregation and basis, April 2024 to September 2026, ~5,000
  measure rows: for tests (~1 s).
* council — the demo: 7 directorates, 43 services, 290 teams, April 2021 to
  September 2026, ~316,000 measure rows (~4 s including the rollup).
* large — a stress test.  What scales: twenty teams for every council team
  (5,800 teams; cross-cutting indicators such as sickness, agency spend,
  complaints and budget variance are returned by every one of them) and the
  history, from April 2006: ~23.6 million measure rows (~4 minutes on two
  cores, most of it in the rollup; DuckDB is capped at a third of the memory).

The same seed gives identical tables (build_info.built_at aside): every random
draw comes from numpy generators seeded with (seed, a hash of the indicator
code), and received/written times derive from them, never from the clock.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data.demo import (casework, catalogue, catalogue_partners, catalogue_published, commentary, derived_returns,
                       resource_domains, returns, series, sources, targets)
from data.build import checks, extract, pipeline, schema
from data.build.calendar import WorkingDays, working_day_calendar
from data.build.derive import ROLLUP
from data.build.progress import Progress

DATA = Path(__file__).resolve().parents[1]   # data/: the default database lives here
PRESETS = ("tiny", "council", "large")
DEFAULT_START = {"tiny": "2024-04", "council": "2021-04", "large": "2006-04"}
DEFAULT_END = "2026-09"


def parse_month(text: str) -> np.datetime64:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1990 <= int(match.group(1)) <= 2100:
        raise ValueError(f"{text!r} is not a month: write it as YYYY-MM, e.g. 2026-09")
    return np.datetime64(text, "M")


def late_propensity(codes: np.ndarray) -> np.ndarray:
    """Most units send returns on time; about one in eight is habitually late."""
    share = np.array([zlib.crc32(f"late|{c}".encode()) % 1000 / 1000 for c in codes])
    return np.where((share < 0.12) & (codes != catalogue.COUNCIL_CODE), 0.22, 0.025)


def build(preset: str, seed: int, out: str | os.PathLike, start: str | None = None, end: str | None = None,
          *, quiet: bool = True, progress: Progress | None = None, extract_to: str | os.PathLike | None = None) -> dict:
    """Simulate the demo council, write it as an extract folder and build ``out`` from it; returns row counts.

    Progress goes to stderr unless ``quiet`` (the default when called from Python)."""
    progress = progress or Progress(not quiet, steps=pipeline.steps() + 12)
    first = parse_month(start or DEFAULT_START[preset])
    last = parse_month(end or DEFAULT_END)
    if last < first:
        raise ValueError(f"--end {last} is before --start {first}")
    out = Path(out)
    folder = Path(tempfile.mkdtemp(prefix=f"{out.name}.extract-", dir=out.parent))
    try:
        write_extract(preset, seed, first, last, folder, progress)
        if extract_to is not None:
            shutil.rmtree(extract_to, ignore_errors=True)
            shutil.copytree(folder, extract_to)
        return pipeline.build(folder, out, preset=preset, seed=seed, progress=progress).counts
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_extract(preset: str, seed: int, first: np.datetime64, last: np.datetime64, folder: Path,
                  progress) -> None:
    """Simulate into a scratch database in ``folder`` and write every table of the format there as CSV."""
    scratch = folder / "simulation.duckdb"
    con = duckdb.connect(str(scratch), config={"memory_limit": pipeline.memory_limit()})
    try:
        as_of = _fill(con, preset, seed, first, last, progress)
        progress("writing the extract folder")
        council = pd.DataFrame({"name": [catalogue.COUNCIL_NAME], "first_month": [str(first)],
                                "last_month": [str(last)], "extracted_on": [str(as_of)], "demonstration": ["true"]})
        council.to_csv(folder / "council.csv", index=False)
        con.executemany("INSERT INTO data_source VALUES (?, ?, ?, TIMESTAMP '2000-01-01')", sources.SOURCES)
        for res in extract.resources():
            if res.name == "council":
                continue
            cols = ", ".join(f'"{f.name}"' for f in res.fields)
            con.execute(f"COPY (SELECT {cols} FROM {res.name}) TO '{folder / (res.name + '.csv')}' (HEADER)")
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
        scratch.with_name(scratch.name + ".wal").unlink(missing_ok=True)


def _fill(con, preset, seed, first, last, progress) -> np.datetime64:
    """Simulate every table of the extract into ``con``; returns the day the data are extracted."""
    schema.create(con)
    org = catalogue.build_org(preset)
    specs = catalogue.specs_for(preset)
    con.register("org_df", org)
    con.execute("INSERT INTO org_unit SELECT code, name, level, parent_code, sort_order, is_schools FROM org_df")
    con.register("anc_df", catalogue.build_ancestors(org))
    con.execute("INSERT INTO org_ancestor SELECT org_code, ancestor_code, depth FROM anc_df")
    con.register("ind_df", catalogue.indicator_frame(specs, org))
    con.execute("INSERT INTO indicator SELECT * FROM ind_df")
    con.execute("ALTER TABLE indicator ADD COLUMN proportion BOOLEAN")  # the extract's, not the database's
    con.executemany("UPDATE indicator SET proportion = ? WHERE code = ?", [(s.proportion, s.code) for s in specs])

    wd = WorkingDays(working_day_calendar(first.astype("datetime64[D]"), last.astype("datetime64[D]") + 1200))
    as_of = returns.as_of_day(last, wd)
    progress(f"{preset}: {len(org)} units, {len(specs)} indicators, {first} to {last}, data as of {as_of}")

    lateness = late_propensity(org["code"].to_numpy())
    chunks, target_rows, unit_rows = [], [], []
    for n, spec in enumerate(specs):  # a loop over indicators; everything inside is vectorised
        rng = np.random.default_rng([seed, spec.seed_key])
        mask = catalogue.reporting_units(spec, org).to_numpy()
        if not mask.any():
            raise ValueError(f"{spec.code}: no unit in the {preset} tree returns it ({spec.units})")
        units = np.flatnonzero(mask)
        unit_rows.append(pd.DataFrame({"i": n, "o": units}))
        periods = returns.periods_for(spec.frequency, first, last)
        if len(periods) == 0:  # e.g. an annual indicator in a span without a whole financial year
            continue
        length = returns.PERIOD_MONTHS[spec.frequency]
        sim = series.simulate(spec.m, periods, length, org["directorate"].to_numpy()[units], rng)
        got = returns.arrivals(spec, periods, len(units), lateness[units], wd, as_of, rng)
        status = returns.provisional(periods, got["present"])
        uu, tt = np.nonzero(got["present"])
        chunks.append({
            "i": np.full(len(uu), n, np.int16), "o": units[uu].astype(np.int32),
            "day": periods[tt].astype("datetime64[D]").astype(np.int32),
            "num": sim["num"][uu, tt], "den": sim["den"][uu, tt], "value": sim["value"][uu, tt],
            "prov": status[uu, tt], "recv": got["received"][uu, tt].astype("datetime64[us]").astype(np.int64),
        })
        if spec.target:
            target_rows.append(_targets(spec, sim, periods, org.iloc[units], first, last, rng))
        if preset == "large" and (n + 1) % 20 == 0:
            progress(f"simulated {n + 1}/{len(specs)} indicators, {sum(len(c['i']) for c in chunks):,} rows")

    con.register("iu_df", pd.concat(unit_rows, ignore_index=True))
    con.register("ind_codes", pd.DataFrame({"i": np.arange(len(specs), dtype=np.int16),
                                            "code": [s.code for s in specs]}))
    con.register("org_codes", pd.DataFrame({"o": np.arange(len(org), dtype=np.int32), "code": org["code"]}))
    con.execute("INSERT INTO indicator_unit SELECT i.code, o.code FROM iu_df "
                "JOIN ind_codes AS i USING (i) JOIN org_codes AS o USING (o)")
    measure = pd.DataFrame({k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]})
    chunks.clear()
    progress(f"loading {len(measure):,} measure rows")
    con.register("measure_df", measure)
    con.execute("""
        INSERT INTO measure
        SELECT i.code, o.code, DATE '1970-01-01' + m.day,
               CASE WHEN isnan(m.num) THEN NULL ELSE m.num END,
               CASE WHEN isnan(m.den) THEN NULL ELSE m.den END,
               m.value,
               CASE WHEN m.prov THEN 'provisional' ELSE 'validated' END,
               make_timestamp(m.recv)
        FROM measure_df AS m JOIN ind_codes AS i USING (i) JOIN org_codes AS o USING (o)""")
    con.unregister("measure_df")
    del measure
    con.register("target_df", pd.concat(target_rows, ignore_index=True))
    con.execute("INSERT INTO target SELECT indicator_code, org_code, CAST(period_start AS DATE), target "
                "FROM target_df ORDER BY ALL")
    resource_domains.fill(con, org, seed, first, last, as_of, progress)  # finance, workforce, feedback, survey, risk
    casework.fill(con, org, preset, seed, first, last, progress)  # children's cases (reads workforce)
    # the returns a council's own systems give (vacancies, sickness, budget, survey, cases): derived from the
    # records just simulated, so that a scorecard row and its resource page agree (data/demo/derived_returns.py)
    derived = derived_returns.replace(
        con, specs, org, first, last, as_of, seed,
        lambda spec, sim, periods, unit_rows, rng: _targets(spec, sim, periods, unit_rows, first, last, rng))
    progress(f"derived from the simulated records: {', '.join(derived)}")
    catalogue_published.fill(con)  # which indicators can be set against published measures
    catalogue_partners.fill(con)   # the partners and the indicators they share

    progress("rolling up, to write commentary where the dashboard will show red or amber")
    con.execute(ROLLUP.read_text())
    notes = commentary.write(con, specs, org, wd, as_of, seed)
    con.execute("DELETE FROM rollup")
    progress("simulated", con.execute("SELECT count(*) FROM measure").fetchone()[0] + notes)
    return as_of


def _targets(spec, sim, periods, unit_rows, first, last, rng) -> pd.DataFrame:
    """Council targets for every period to the end of the current financial year, plus local ones."""
    tperiods = returns.target_periods(spec.frequency, first, last)
    frames = []

    def add(code, sel):
        num, den = np.nansum(sim["num"][sel], axis=0), np.nansum(sim["den"][sel], axis=0)
        if spec.aggregation == "max":
            val = sim["value"][sel].max(axis=0)
        else:
            val = sim["value"][sel].sum(axis=0)
        t = targets.series_targets(spec, num, den, val, periods, tperiods, rng)
        frames.append(pd.DataFrame({"indicator_code": spec.code, "org_code": code,
                                    "period_start": tperiods.astype("datetime64[s]"), "target": t}))

    add(catalogue.COUNCIL_CODE, np.ones(len(unit_rows), bool))
    for code, sel in targets.local_nodes(spec, unit_rows, rng):
        add(code, sel)
    return pd.concat(frames, ignore_index=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one clear line, exit status 2
        print(f"data.generate: error: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv=None) -> int:
    parser = _Parser(prog="python -m data.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=PRESETS, default="council")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default=str(DATA / "mi.duckdb"))
    parser.add_argument("--start", help="first month, YYYY-MM (default depends on the preset)")
    parser.add_argument("--end", help=f"last month, YYYY-MM (default {DEFAULT_END})")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--extract", metavar="FOLDER", help="also keep the extract folder the database is built from")
    args = parser.parse_args(argv)
    try:
        first = parse_month(args.start or DEFAULT_START[args.preset])
        last = parse_month(args.end or DEFAULT_END)
    except ValueError as exc:
        parser.error(str(exc))
    if last < first:
        parser.error(f"--end {last} is before --start {first}")
    if not 0 <= args.seed < 2**31:
        parser.error("--seed must be between 0 and 2147483647")
    folder = Path(args.out).resolve().parent
    if not folder.is_dir():
        parser.error(f"folder {folder} does not exist")
    try:
        build(args.preset, args.seed, args.out, str(first), str(last), quiet=args.quiet, extract_to=args.extract)
    except pipeline.ExtractInvalid as exc:  # the simulation broke the format's rules: a bug here, not in the data
        for line in checks.summarise(exc.problems):
            print(line, file=sys.stderr)
        print(f"data.generate: the demo extract failed its own checks ({exc}); {args.out} is unchanged",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
