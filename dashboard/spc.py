"""Analyst command: XmR / Making Data Count analysis of one series in a CSV file.

    python -m dashboard.spc INPUT.csv [options]

Input has columns ``period,value`` (others are ignored). Rows are used in file
order, never sorted; ``period`` is echoed exactly. A blank value is a gap. Any
other bad input gives one line on stderr naming the row and column, and exit
status 2. Output (stdout only) is CSV, one row per input row, or with
``--summary`` one JSON object. See docs/spc.md.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import sys
from typing import Any, Sequence

from dashboard.metrics.spc import PRESETS, SpcSettings, analyse

EXIT_BAD_INPUT = 2
OUTPUT_COLUMNS = ("period", "value", "mean", "lpl", "upl", "colour", "point_type")


class BadInput(Exception):
    """Input the command cannot analyse; the message is the single stderr line."""


class _Setting(argparse.Action):
    """Record rule-parameter options in command-line order, so that
    ``--preset`` followed by ``--run-length 6`` overrides the preset's 7, and
    ``--run-length 6 --preset nhsr`` ends with the preset's value."""

    def __call__(self, parser, namespace, values, option_string=None):
        ops = list(getattr(namespace, "setting_ops", None) or [])
        ops.append((self.dest, self.const if values is None or values == [] else values))
        namespace.setting_ops = ops


def _positive_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _run_length(text: str) -> int:
    n = int(text)
    if n < 2:
        raise argparse.ArgumentTypeError(f"must be at least 2, not {n}")
    return n


def _finite_float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise argparse.ArgumentTypeError("must be a finite number")
    return x


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.spc",
        description="Statistical process control (XmR, NHS Making Data Count rules) "
        "for a CSV of period,value rows.",
    )
    p.add_argument("input", help="CSV file with columns period,value")
    p.add_argument("--improvement", choices=("up", "down", "neither"), default="up")
    p.add_argument("--target", type=_finite_float, help="target, for the assurance icon")
    p.add_argument("--recalc-after", type=_positive_int, action="append", default=[],
                   metavar="N", help="new partition from data point N+1 (repeatable)")
    p.add_argument("--recalc-at", action="append", default=[], metavar="PERIOD",
                   help="new partition from this period label (repeatable)")
    p.add_argument("--baseline", type=_positive_int, metavar="N",
                   help="limits from the first N points of each partition, extended to the rest")
    p.add_argument("--summary", action="store_true",
                   help="print one JSON object (variation, assurance, latest limits)")
    rules = p.add_argument_group("rule parameters (applied in the order given)")
    rules.add_argument("--preset", dest="preset", choices=sorted(PRESETS), action=_Setting,
                       help="every rule parameter as in that reference (default mdc)")
    rules.add_argument("--run-length", dest="run_length", type=_run_length, action=_Setting,
                       metavar="N", help="points for a shift or a trend (MDC 6, NHSR 7)")
    rules.add_argument("--min-points", dest="min_points", type=_positive_int, action=_Setting,
                       metavar="N", help="points needed before limits are shown (MDC 13)")
    rules.add_argument("--screen-outliers", dest="screen_outliers", action=_Setting,
                       nargs=0, const=True, help="drop moving ranges >= 3.267 x mean first")
    rules.add_argument("--no-screen-outliers", dest="screen_outliers", action=_Setting,
                       nargs=0, const=False, help="keep every moving range (MDC)")
    rules.add_argument("--conflict", dest="conflict", action=_Setting,
                       choices=("improvement", "concern", "precedence"),
                       help="how a point both improving and concerning is shown")
    return p


def settings_from(ops: Sequence[tuple[str, Any]]) -> SpcSettings:
    settings = SpcSettings.MDC
    for key, value in ops:
        if key == "preset":
            settings = PRESETS[value]
        elif key == "run_length":
            settings = dataclasses.replace(settings, shift_length=value, trend_length=value)
        else:
            settings = dataclasses.replace(settings, **{key: value})
    return settings


def read_series(path: str) -> tuple[list[str], list[float | None]]:
    """Periods and values in file order; raises BadInput naming row and column."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            # Blank lines are not rows; keep each row's own file line for messages.
            rows = [(reader.line_num, r) for r in reader if any(cell.strip() for cell in r)]
    except OSError as e:
        raise BadInput(f"error: cannot read {path}: {e.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise BadInput(f"error: {path} is not a readable UTF-8 CSV file: {e}") from None
    if not rows:
        raise BadInput(f"error: row 1: {path} is empty; expected a header period,value")
    header = [h.strip() for h in rows[0][1]]
    for needed in ("period", "value"):
        if needed not in header:
            raise BadInput(f"error: row 1 (header): missing column '{needed}'")
    ip, iv = header.index("period"), header.index("value")
    if len(rows) == 1:
        raise BadInput("error: row 2: no data rows after the header (columns period,value)")
    periods: list[str] = []
    values: list[float | None] = []
    for number, (line, row) in enumerate(rows[1:], start=1):
        where = f"row {number} (line {line})"
        if len(row) <= max(ip, iv):
            missing = "value" if len(row) <= iv else "period"
            raise BadInput(f"error: {where}, column '{missing}': the row has no such field")
        text = row[iv].strip()
        if text == "":
            value = None
        else:
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise BadInput(f"error: {where}, column 'value': {row[iv]!r} is not a number")
        periods.append(row[ip])
        values.append(value)
    return periods, values


def _fmt(x: float | None) -> str:
    return "" if x is None or math.isnan(x) else repr(float(x))


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(getattr(args, "setting_ops", None) or [])
        periods, values = read_series(args.input)
        positions = _recalc_positions(args.recalc_after, args.recalc_at, periods, values)
        result = analyse(
            values,
            improvement=args.improvement,
            target=args.target,
            settings=settings,
            recalc_at_positions=positions,
            baseline=args.baseline,
        )
    except BadInput as e:
        print(str(e), file=sys.stderr)
        return EXIT_BAD_INPUT

    if args.summary:
        sys.stdout.write(json.dumps(result.summary()) + "\n")
        return 0
    pts = result.points
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(OUTPUT_COLUMNS)
    for period, value, mean, lpl, upl, colour, kind in zip(
        periods, values, pts["mean"], pts["lpl"], pts["upl"], pts["colour"], pts["point_type"]
    ):
        out.writerow([period, _fmt(value), _fmt(mean), _fmt(lpl), _fmt(upl), colour, kind or ""])
    return 0


def _recalc_positions(
    after: Sequence[int], at: Sequence[str], periods: list[str], values: list[float | None]
) -> list[int]:
    """Row positions where partitions start. --recalc-after counts data points
    (gaps are not points), so "after 15" means after the 15th value given."""
    data_rows = [i for i, v in enumerate(values) if v is not None]
    positions = []
    for n in after:
        if n >= len(data_rows):
            raise BadInput(
                f"error: --recalc-after {n}: the file has only {len(data_rows)} data points"
            )
        positions.append(data_rows[n])
    for label in at:
        if label not in periods:
            raise BadInput(f"error: --recalc-at {label!r}: no row has that period")
        positions.append(periods.index(label))
    return positions


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
