"""The analyst command, run as a user would: ``python -m dashboard.spc INPUT.csv``.

Expected colours come from the MDC published test data or are worked by hand.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
MDC_DATA = ROOT.parent / "shared" / "data" / "spc" / "mdc" / "test_data.csv"


def spc(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "input.csv"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "dashboard.spc", str(path), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def rows(result: subprocess.CompletedProcess) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return list(csv.DictReader(io.StringIO(result.stdout)))


def csv_text(periods, values) -> str:
    body = "".join(f"{p},{'' if v is None else v}\n" for p, v in zip(periods, values))
    return "period,value\n" + body


def mdc(metric: str) -> pd.DataFrame:
    assert MDC_DATA.is_file(), f"MDC reference data missing: {MDC_DATA}"
    d = pd.read_csv(MDC_DATA, encoding="utf-8-sig")
    return d[d["Metric"] == metric]


# The 15-point MDC limits scenario: mean 348/15 = 23.2, moving ranges sum 76
# over 14, limits 23.2 +/- 2.66*76/14 (published: 8.76 .. 37.64).
LIMITS15 = [20, 24, 20, 26, 22, 16, 18, 16, 31, 28, 34, 26, 30, 19, 18]


def test_output_columns_full_precision_and_periods_echoed(tmp_path):
    periods = [f" Month {i} " for i in range(1, 16)]  # odd labels are echoed exactly
    out = rows(spc(tmp_path, csv_text(periods, LIMITS15)))
    assert list(out[0])[:6] == ["period", "value", "mean", "lpl", "upl", "colour"]
    assert [r["period"] for r in out] == periods
    half = 2.66 * sum(abs(a - b) for a, b in zip(LIMITS15[1:], LIMITS15[:-1])) / 14
    first = out[0]
    assert float(first["mean"]) == pytest.approx(23.2, rel=1e-12)
    assert float(first["upl"]) == pytest.approx(23.2 + half, rel=1e-12)
    assert float(first["lpl"]) == pytest.approx(23.2 - half, rel=1e-12)
    assert (round(float(first["lpl"]), 2), round(float(first["upl"]), 2)) == (8.76, 37.64)
    for key in ("value", "mean", "lpl", "upl"):  # repr of the float: round-trips exactly
        assert repr(float(first[key])) == first[key]
    assert {r["colour"] for r in out} == {"grey"}


@pytest.mark.parametrize(
    ("metric", "args"),
    [
        ("Special cause - High is good", ()),
        ("Special cause - Low is good", ("--improvement", "down")),
        ("Special cause - Neither", ("--improvement", "neither")),
        ("Recalculations - Recalculated", ("--recalc-after", "15")),
        ("Baselines - Recalculated", ("--baseline", "15")),
        ("Special cause crossing recalculations - trend", ("--recalc-after", "15")),
    ],
)
def test_colours_match_the_mdc_published_scenarios(tmp_path, metric, args):
    g = mdc(metric)
    out = rows(spc(tmp_path, csv_text(g["Date"], g["Value"]), *args))
    assert [r["colour"] for r in out] == g["Colour"].to_list()
    assert [r["period"] for r in out] == g["Date"].to_list()


def test_recalc_at_period_equals_recalc_after_count(tmp_path):
    g = mdc("Recalculations - Recalculated")
    sixteenth = g["Date"].iloc[15]
    out = rows(spc(tmp_path, csv_text(g["Date"], g["Value"]), "--recalc-at", sixteenth))
    assert [r["colour"] for r in out] == g["Colour"].to_list()


def test_fewer_than_13_points_give_empty_limits(tmp_path):
    out = rows(spc(tmp_path, csv_text(range(12), LIMITS15[:12])))
    assert all(r["mean"] == r["lpl"] == r["upl"] == "" for r in out)
    assert {r["colour"] for r in out} == {"grey"}
    shown = rows(spc(tmp_path, csv_text(range(12), LIMITS15[:12]), "--min-points", "12"))
    assert all(r["upl"] != "" for r in shown)


def test_gap_is_echoed_with_empty_colour_and_skipped_by_the_limits(tmp_path):
    # 10, 12, gap, 20, 22: mean 16, moving ranges 2 and 2 (none across the gap).
    text = csv_text(["a", "b", "c", "d", "e"], [10, 12, None, 20, 22])
    out = rows(spc(tmp_path, text, "--min-points", "2"))
    assert [r["period"] for r in out] == ["a", "b", "c", "d", "e"]
    assert out[2]["value"] == "" and out[2]["colour"] == ""
    assert float(out[0]["mean"]) == 16.0
    assert float(out[0]["upl"]) == pytest.approx(16 + 2.66 * 2, rel=1e-12)


def test_rows_are_used_in_file_order_never_sorted(tmp_path):
    # Months given newest first. In file order the last six values rise
    # 9 < 10 < 10.6 < 11 < 11.4 < 11.8 (a trend, inside the 2-sigma lines,
    # three each side of the mean 151.8/14 = 10.84); sorted by period they fall.
    values = [10, 12] * 4 + [9, 10, 10.6, 11, 11.4, 11.8]
    periods = [str(p) for p in pd.period_range("2023-01", periods=14, freq="M")][::-1]
    out = rows(spc(tmp_path, csv_text(periods, values)))
    assert [r["period"] for r in out] == periods
    assert [float(r["value"]) for r in out] == [float(v) for v in values]
    assert [r["colour"] for r in out] == ["grey"] * 8 + ["blue"] * 6


def test_presets_and_later_options_override(tmp_path):
    # 20 points alternating 12/10 (ending below the mean 289/26 = 11.12), then
    # six at 11.5: a shift of 6 for MDC, not for NHSRplotthedots (7).
    text = csv_text(range(26), [12, 10] * 10 + [11.5] * 6)
    def last_colour(*args):
        return rows(spc(tmp_path, text, *args))[-1]["colour"]
    assert last_colour() == "blue"
    assert last_colour("--preset", "mdc") == "blue"
    assert last_colour("--preset", "nhsr") == "grey"
    assert last_colour("--preset", "nhsr", "--run-length", "6") == "blue"
    assert last_colour("--run-length", "6", "--preset", "nhsr") == "grey"
    assert last_colour("--run-length", "7") == "grey"


def test_nhsr_preset_shows_limits_for_few_points_and_screens_outliers(tmp_path):
    # 10,12 x5 then 22: mean 12; moving ranges nine 2s and a 10 (mean 2.8).
    # Screening drops the 10 (>= 3.267*2.8 = 9.15): mean range 2.
    text = csv_text(range(11), [10, 12] * 5 + [22])
    nhsr = rows(spc(tmp_path, text, "--preset", "nhsr"))
    assert float(nhsr[0]["upl"]) == pytest.approx(12 + 2.66 * 2, rel=1e-12)
    plain = rows(spc(tmp_path, text, "--preset", "nhsr", "--no-screen-outliers"))
    assert float(plain[0]["upl"]) == pytest.approx(12 + 2.66 * 2.8, rel=1e-12)
    mdc_screened = rows(spc(tmp_path, text, "--min-points", "1", "--screen-outliers"))
    assert float(mdc_screened[0]["upl"]) == pytest.approx(12 + 2.66 * 2, rel=1e-12)


def test_conflict_option(tmp_path):
    # 14 baseline points 11,9,... (mean 10, limits 4.68..15.32) then 16 (beyond
    # the upper limit) starting a six-point fall 16,14,12,11,10.5,8.
    text = csv_text(range(20), [11, 9] * 7 + [16, 14, 12, 11, 10.5, 8])
    def first_new(*args):
        out = rows(spc(tmp_path, text, "--baseline", "14", "--improvement", "down", *args))
        return out[14]["colour"]
    assert first_new() == "blue"  # MDC: improvement wins
    assert first_new("--conflict", "concern") == "orange"
    assert first_new("--conflict", "precedence") == "orange"  # beyond the limit (high) wins


def test_summary_json(tmp_path):
    g = mdc("Summary icons - assurance - high is good")
    text = csv_text(g["Date"], g["Value"])
    result = spc(tmp_path, text, "--summary", "--target", "40")
    assert result.returncode == 0 and result.stderr == ""
    summary = json.loads(result.stdout)
    assert set(summary) == {"variation", "assurance", "mean", "lpl", "upl"}
    assert summary["assurance"] == "fail" and summary["variation"] == "common_cause"
    recalc = json.loads(spc(tmp_path, text, "--summary", "--target", "40",
                            "--recalc-after", "15").stdout)
    # Published note: with recalc after 15 the latest limits are 20.45-40.21
    # and a target of 40 is hit or miss.
    assert recalc["assurance"] == "hit_or_miss"
    assert (round(recalc["lpl"], 2), round(recalc["upl"], 2)) == (20.45, 40.21)
    assert recalc["mean"] == pytest.approx(455 / 15, rel=1e-12)
    few = json.loads(spc(tmp_path, csv_text(range(5), [1, 2, 3, 4, 5]), "--summary").stdout)
    assert few == {"variation": "none", "assurance": "none", "mean": None, "lpl": None, "upl": None}


@pytest.mark.parametrize(
    ("text", "must_name"),
    [
        ("period,value\n2024-01,5\n2024-02,abc\n2024-03,7\n", ("row 2", "value")),
        ("period,value\n2024-01,5\n2024-02,7\n2024-03,1.2.3\n", ("row 3", "value")),
        ("period,value\n2024-01,5\n2024-02,nan\n", ("row 2", "value")),
        ("period,amount\n2024-01,5\n", ("row 1", "value")),
        ("value\n5\n", ("row 1", "period")),
        ("", ("row 1",)),
        ("period,value\n", ("row 2",)),
        ("period,value\n2024-01,5\n2024-02\n", ("row 2", "value")),
        ("period,value\n\na,1\n\nb,x\n", ("row 2", "line 5", "value")),  # blank lines
    ],
)
def test_bad_input_one_stderr_line_naming_row_and_column_exit_2(tmp_path, text, must_name):
    result = spc(tmp_path, text)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for part in must_name:
        assert part in lines[0]


def test_unknown_recalc_period_is_bad_input(tmp_path):
    result = spc(tmp_path, csv_text(["a", "b"], [1, 2]), "--recalc-at", "zzz")
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "zzz" in result.stderr
