"""Conformance with NHSRplotthedots 0.2.2 on 608 series of real published data.

Data: ../shared/data/spc/nhsrplotthedots/ (expected output of the R package,
see its README). Each scenario is run with the package's defaults (our "nhsr"
preset) plus that scenario's settings from spc_scenarios.json.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.spc import SpcSettings, analyse

NHSR = Path(__file__).resolve().parents[2] / "shared" / "data" / "spc" / "nhsrplotthedots"
IMPROVEMENT = {"increase": "up", "decrease": "down", "neutral": "neither"}
ASSURANCE = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "hit_or_miss"}
RTOL = 1e-6


def _path(name: str) -> Path:
    path = NHSR / name
    assert path.is_file(), f"NHSRplotthedots reference data missing: {path}"
    return path


def _package_type(point_type, direction) -> str:
    """Our point type + direction in the package's vocabulary."""
    if point_type == "neither":
        return "special_cause_neutral_" + ("high" if direction > 0 else "low")
    return {"common_cause": "common_cause", "improvement": "special_cause_improvement",
            "concern": "special_cause_concern"}[point_type]


def _package_variation(code: str) -> str:
    if code.startswith("neither_"):
        return "special_cause_neutral_" + code.split("_")[1]
    kind = code.split("_")[0]
    return {"improvement": "special_cause_improvement", "concern": "special_cause_concern",
            "common": "common_cause"}[kind]


@pytest.fixture(scope="module")
def results():
    """Run every expected series once; return (expected points, summary, ours)."""
    scenarios = {s["scenario"]: s for s in json.loads(_path("spc_scenarios.json").read_text())}
    points = pd.read_csv(_path("spc_expected_points.csv"))
    summary = pd.read_csv(_path("spc_expected_summary.csv"))
    ours = {}
    for (scenario, series_id), g in points.groupby(["scenario", "series_id"], sort=False):
        sc = scenarios[scenario]
        settings = dataclasses.replace(SpcSettings.nhsr(), screen_outliers=sc["screen_outliers"])
        ours[scenario, series_id] = analyse(
            pd.Series(g["value"].to_numpy(), index=g["period"].to_numpy()),
            improvement=IMPROVEMENT[sc["improvement_direction"]],
            target=sc["target"],
            settings=settings,
            baseline=sc["fix_after_n_points"],
            recalc_at_periods=sc["rebase"] or (),
        )
    return points, summary, ours, scenarios


def test_reference_sizes(results):
    points, summary, ours, scenarios = results
    assert len(scenarios) == 9 and len(summary) == 608 and len(ours) == 584
    assert len(points) == 18326


def test_limits_match_to_1e_6_relative(results):
    points, _, ours, _ = results
    bad = []
    for (scenario, series_id), g in points.groupby(["scenario", "series_id"], sort=False):
        got = ours[scenario, series_id].points
        for col in ("mean", "lpl", "upl"):
            if not np.allclose(got[col].to_numpy(), g[col].to_numpy(), rtol=RTOL, atol=0):
                bad.append((scenario, series_id, col))
    assert bad == []


def test_rebase_groups_and_fixed_limits_are_reproduced(results):
    points, _, ours, _ = results
    for (scenario, series_id), g in points.groupby(["scenario", "series_id"], sort=False):
        got = ours[scenario, series_id].points
        assert list(got["partition"]) == list(g["rebase_group"]), (scenario, series_id)
    # fix_after_n_points = 12: the limits are the first 12 points' (spot check
    # one series by hand: mean of its first 12 values).
    g = points[(points["scenario"] == "A5_perf_increase_fix_after_12")]
    first = g.groupby("series_id", sort=False).head(12).groupby("series_id")["value"].mean()
    expected = g.groupby("series_id")["mean"].first()
    assert np.allclose(first.sort_index(), expected.sort_index(), rtol=RTOL)


def test_point_types_match(results):
    points, _, ours, _ = results
    bad = []
    for (scenario, series_id), g in points.groupby(["scenario", "series_id"], sort=False):
        p = ours[scenario, series_id].points
        got = [_package_type(t, d) for t, d in zip(p["point_type"], p["direction"])]
        wrong = np.flatnonzero(np.array(got) != g["point_type"].to_numpy())
        bad += [(scenario, series_id, int(i)) for i in wrong]
    assert bad == []
    # The data exercises every outcome, including the neutral ones.
    assert set(points["point_type"]) == {
        "common_cause", "special_cause_improvement", "special_cause_concern",
        "special_cause_neutral_high", "special_cause_neutral_low"}


def test_rule_flags_match_the_packages_outside_limits_and_special_cause_flag(results):
    points, _, ours, _ = results
    for (scenario, series_id), g in points.groupby(["scenario", "series_id"], sort=False):
        p = ours[scenario, series_id].points
        assert (p["rule_limit"].to_numpy() == g["outside_limits"].to_numpy()).all()
        special = p["point_type"].to_numpy() != "common_cause"
        assert (special == g["special_cause_flag"].to_numpy()).all()


def test_summary_variation_assurance_limits_and_counts(results):
    _, summary, ours, _ = results
    checked = 0
    for row in summary.itertuples():
        res = ours[row.scenario, row.series_id]
        pts = res.points
        if pd.isna(row.rebase_group):  # one summary row per series: the whole series
            part = pts
            variation = _package_variation(res.variation)
            assurance = res.assurance
            limits = (res.mean, res.lpl, res.upl)
        else:  # one row per rebase group: that partition, icon from its last point
            k = int(row.rebase_group)
            part = pts[pts["partition"] == k]
            limits = tuple(res.partitions.loc[k, ["mean", "lpl", "upl"]])
            variation = _package_type(part["point_type"].iloc[-1], part["direction"].iloc[-1])
            assurance = res.assurance if k == pts["partition"].max() else "none"
        assert variation == row.variation_type, row
        expected_assurance = ASSURANCE.get(row.assurance_type, "none")  # NaN: no target
        assert assurance == expected_assurance, row
        assert np.allclose(limits, (row.mean_col, row.lpl, row.upl), rtol=RTOL, atol=0), row
        types = part["point_type"]
        assert (len(part), (types == "common_cause").sum(), (types == "improvement").sum(),
                (types == "concern").sum()) == (row.n, row.common_cause,
                                                row.special_cause_improvement,
                                                row.special_cause_concern), row
        checked += 1
    assert checked == 608
    # Real variety in the reference: all five variation types and three assurance results.
    assert summary["variation_type"].nunique() == 5
    assert set(summary["assurance_type"].dropna()) == set(ASSURANCE)
