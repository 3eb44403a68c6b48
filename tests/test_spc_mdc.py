"""Conformance with NHS England Making Data Count's official XmR test data.

Data: ../shared/data/spc/mdc/ (see its README). Every published colour must
match with MDC defaults except the deviations listed in KNOWN_ERRORS, each
proved below to be an error in the published file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.metrics.spc import SpcSettings, analyse

MDC = Path(__file__).resolve().parents[2] / "shared" / "data" / "spc" / "mdc"

CONFLICT_HIGH = "Special cause conflict - High is good"
CONFLICT_LOW = "Special cause conflict - Low is good"

# (scenario, 1-based point): (published colour, correct colour)
KNOWN_ERRORS = {
    # Proved in test_published_point_15_of_conflict_high_is_good_is_an_error:
    # no rule flags the point, and the same values with low-is-good publish it grey.
    (CONFLICT_HIGH, 15): ("blue", "grey"),
}


def _read(name: str) -> pd.DataFrame:
    path = MDC / name
    assert path.is_file(), f"MDC reference data missing: {path} (repo must sit beside shared/)"
    return pd.read_csv(path, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def points() -> pd.DataFrame:
    d = _read("test_data.csv")
    d["point"] = d.groupby("Metric", sort=False).cumcount() + 1
    return d


@pytest.fixture(scope="module")
def settings() -> pd.DataFrame:
    return _read("scenario_settings.csv").set_index("metric")


def run(values, row, **kw):
    extra = {}
    if pd.notna(row.recalc_after_points):
        extra["recalc_at_positions"] = [int(row.recalc_after_points)]  # after n -> row n
    if pd.notna(row.baseline_points):
        extra["baseline"] = int(row.baseline_points)
    return analyse(list(values), improvement=row.improvement, **extra, **kw)


def test_published_file_has_36_scenarios_and_764_points_plus_one_typo_fragment(points, settings):
    assert points["Metric"].nunique() == 36
    assert set(points["Metric"]) == set(settings.index)
    fragment = points["Metric"] == "Summary icons - variation - High is good2"
    assert len(points) == 765 and fragment.sum() == 1  # 764 real points + the fragment


def test_every_published_colour_matches_except_proved_errors(points, settings):
    mismatches = {}
    for metric, g in points.groupby("Metric", sort=False):
        got = run(g["Value"], settings.loc[metric]).points["colour"].to_list()
        for point, published, ours in zip(g["point"], g["Colour"], got):
            if published != ours:
                mismatches[(metric, point)] = (published, ours)
    assert mismatches == KNOWN_ERRORS
    # 765 rows checked; all but the one proved error agree.
    assert len(points) - len(mismatches) == 764


def test_published_point_15_of_conflict_high_is_good_is_an_error(points):
    """Point 15 (value 27) is published blue, but no MDC rule can flag it.

    Worked by hand from the published values (nothing from the engine):
    mean 516/20 = 25.8; mean moving range 101/19 = 5.316; limits 11.66..39.94;
    upper 2-sigma line 25.8 + 2/3 * 14.14 = 35.23.
    """
    g = points[points["Metric"] == CONFLICT_HIGH]
    v = g["Value"].to_list()
    assert v == [43, 41, 37, 36, 31, 23, 15, 13, 15, 18, 23, 27, 31, 36, 27, 19, 17, 27, 15, 22]
    mean = sum(v) / 20
    amr = sum(abs(a - b) for a, b in zip(v[1:], v[:-1])) / 19
    assert (mean, round(amr, 3)) == (25.8, 5.316)
    upl, lpl, u2 = mean + 2.66 * amr, mean - 2.66 * amr, mean + 2 / 3 * 2.66 * amr
    p15 = v[14]
    # Rule 1: inside the limits.
    assert lpl < p15 < upl
    # Rule 2: the run above the mean containing point 15 is points 12-15 (4 < 6).
    above = [x > mean for x in v]
    assert above[11:15] == [True] * 4 and not above[10] and not above[15]
    # Rule 3: 36 -> 27 falls, 27 -> 19 -> 17 fall, 17 -> 27 rises: the longest
    # monotone run through point 15 is points 14-17, 4 points (< 6).
    assert v[13] > v[14] > v[15] > v[16] < v[17] and v[12] < v[13]
    # Rule 4: point 15 is not beyond the 2-sigma line (only beyond points are
    # flagged), and of points 13-17 only point 14 is beyond it.
    assert p15 < u2 and [x > u2 for x in v[12:17]] == [False, True, False, False, False]
    # Rules do not depend on the improvement direction, only colours do: the
    # same values published as "Low is good" show point 15 grey.
    low = points[points["Metric"] == CONFLICT_LOW]
    assert low["Value"].to_list() == v
    assert low["Colour"].iloc[14] == "grey" and g["Colour"].iloc[14] == "blue"
    # Our engine: grey in both.
    assert analyse(v).points["colour"].iloc[14] == "grey"


def test_published_process_limits_of_the_15_point_scenario(points):
    v = points.loc[points["Metric"] == "Process limits - 15", "Value"].to_list()
    res = analyse(v)
    assert round(res.mean, 2) == 23.20 and round(res.upl, 2) == 37.64 and round(res.lpl, 2) == 8.76


def test_fewer_than_13_points_have_no_limits_or_icons(points):
    for metric in ("Number of points - 12", "Process limits - 10",
                   "Summary icons - variation - Too few points"):
        res = analyse(points.loc[points["Metric"] == metric, "Value"].to_list())
        assert res.points["upl"].isna().all() and res.variation == "none", metric
    res13 = analyse(points.loc[points["Metric"] == "Number of points - 13", "Value"].to_list())
    assert res13.points["upl"].notna().all() and res13.variation == "common_cause"


def test_worked_limits_example():
    ex = _read("limits_worked_example.csv")
    v = ex["vals"].to_list()
    res = analyse(v)
    first = ex.iloc[0]
    assert res.mean == pytest.approx(first["mean"], rel=1e-9)
    # Published mean moving range and the 2.66 ("wheeler est") limits.
    assert (res.upl - res.mean) / 2.66 == pytest.approx(first["mR mean"], rel=1e-9)
    assert res.upl == pytest.approx(first["UPL.1"], rel=1e-9)
    assert res.lpl == pytest.approx(first["LPL.1"], rel=1e-9)
    # The 1.128 version: sigma = mR mean / 1.128 and limits at 3 sigma, i.e.
    # a limit factor of 3/1.128 instead of 2.66.
    sigma_version = analyse(v, settings=SpcSettings(limit_factor=3 / 1.128))
    assert sigma_version.upl == pytest.approx(first["UPL"], rel=1e-9)
    assert sigma_version.lpl == pytest.approx(first["LPL"], rel=1e-9)
    assert (sigma_version.upl - res.mean) / 3 == pytest.approx(first["sigma"], rel=1e-9)


def _assurance_expectations(text: str) -> dict[str | None, str]:
    out = {}
    for item in text.split(";"):
        target, expected = (part.strip() for part in item.split(":"))
        out[None if target == "none" else target] = expected
    return out


def test_assurance_results_in_scenario_settings(points, settings):
    checked = 0
    for metric, row in settings.dropna(subset=["targets_and_expected_assurance"]).iterrows():
        v = points.loc[points["Metric"] == metric, "Value"].to_list()
        for target, expected in _assurance_expectations(row.targets_and_expected_assurance).items():
            t = None if target is None else float(target)
            assert run(v, row, target=t).assurance == expected, (metric, target)
            checked += 1
    assert checked == 8


def test_assurance_after_recalculation_uses_the_latest_limits(points, settings):
    # scenario_settings note: "with recalc after 15: 40:hit_or_miss, 10:pass
    # (latest limits 20.45-40.21)"; low is good: "40:hit_or_miss, 10:fail".
    for metric, expected in [
        ("Summary icons - assurance - high is good", {40: "hit_or_miss", 10: "pass"}),
        ("Summary icons - assurance - low is good", {40: "hit_or_miss", 10: "fail"}),
    ]:
        v = points.loc[points["Metric"] == metric, "Value"].to_list()
        for target, result in expected.items():
            res = analyse(v, improvement=settings.loc[metric, "improvement"],
                          recalc_at_positions=[15], target=target)
            assert res.assurance == result
            assert (round(res.lpl, 2), round(res.upl, 2)) == (20.45, 40.21)


# Variation icon = the last point: its published colour gives the kind and its
# side of the mean the high/low arrow.
@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("Summary icons - variation - High is good", "improvement_high"),
        ("Summary icons - variation - High is good 2", "common_cause"),
        ("Summary icons - variation - High is good 3", "concern_low"),
        ("Summary icons - variation - Low is good", "concern_high"),
        ("Summary icons - variation - Low is good 3", "improvement_low"),
        ("Summary icons - variation - Neither", "neither_high"),
        ("Summary icons - variation - Neither2", "common_cause"),
        ("Summary icons - variation - Too few points", "none"),
        ("Summary icons - variation - High is good2", "none"),
    ],
)
def test_variation_icon_from_the_last_point(points, settings, metric, expected):
    g = points[points["Metric"] == metric]
    last_colour = g["Colour"].iloc[-1]
    kind = {"grey": "common_cause", "blue": "improvement", "orange": "concern",
            "purple": "neither"}[last_colour]
    assert expected == "none" or expected.startswith(kind)  # the table agrees with the file
    assert run(g["Value"], settings.loc[metric]).variation == expected


def test_typo_fragment_reads_as_the_missing_18th_point_of_high_is_good_2(points):
    # "High is good2" (one point, 32) looks like the 18th point of "High is
    # good 2" (17 points, the other "variation" scenarios have 18). Read either
    # way the point is grey, as published.
    metric = "Summary icons - variation - High is good 2"
    v = points.loc[points["Metric"] == metric, "Value"].to_list()
    assert analyse(v + [32]).points["colour"].iloc[-1] == "grey"
