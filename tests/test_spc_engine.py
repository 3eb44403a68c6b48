"""Unit tests of the SPC rules on tiny hand-made series.

Expected values are worked out by hand in the comments, never taken from the
engine. Most tests use a fixed baseline so the limits are round numbers:

    BASE = 11, 9, 11, 9, ... (14 points, ends on 9, below the mean)
    mean 10, every moving range 2, so limits 10 +/- 2.66*2 = 4.68 .. 15.32
    and 2-sigma lines 10 +/- (2/3)*5.32 = 6.4533 .. 13.5467.
Points appended after BASE are judged against those limits.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.spc import SpcSettings, analyse

BASE = [11.0, 9.0] * 7
UPL, LPL, U2, L2 = 15.32, 4.68, 10 + 5.32 * 2 / 3, 10 - 5.32 * 2 / 3


def tail(values, n=None, **kw):
    """Analyse BASE + values with limits from BASE; return the appended rows."""
    res = analyse(BASE + list(values), baseline=len(BASE), **kw)
    pts = res.points.iloc[len(BASE):]
    return pts if n is None else pts.iloc[:n]


def colours(values, **kw):
    return list(tail(values, **kw)["colour"])


# --- limits -----------------------------------------------------------------


def test_limits_are_mean_plus_minus_2_66_mean_moving_range_and_2_sigma_at_two_thirds():
    # 10, 12, 11, 13, 12: mean 58/5 = 11.6; moving ranges 2,1,2,1 -> 1.5;
    # half-width 2.66*1.5 = 3.99; 2-sigma half-width 2.66.
    res = analyse([10, 12, 11, 13, 12], settings=SpcSettings(min_points=1))
    row = res.points.iloc[0]
    assert row["mean"] == pytest.approx(11.6)
    assert row["upl"] == pytest.approx(15.59)
    assert row["lpl"] == pytest.approx(7.61)
    assert row["upper_2sigma"] == pytest.approx(14.26)
    assert row["lower_2sigma"] == pytest.approx(8.94)
    assert (res.mean, res.lpl, res.upl) == pytest.approx((11.6, 7.61, 15.59))


def test_baseline_limits_are_extended_to_later_points():
    pts = tail([12.0, 13.0])
    assert list(pts["mean"]) == pytest.approx([10, 10])
    assert list(pts["upl"]) == pytest.approx([UPL, UPL])
    assert list(pts["lpl"]) == pytest.approx([LPL, LPL])


def test_no_limits_and_no_icons_below_13_points_by_default():
    values = [30, 31, 25, 35, 34, 15, 21, 23, 30, 26, 26, 22]  # 12 points
    res = analyse(values)
    assert res.points["upl"].isna().all() and res.points["mean"].isna().all()
    assert set(res.points["colour"]) == {"grey"}
    assert (res.variation, res.assurance) == ("none", "none")
    res13 = analyse(values + [25], target=100)
    assert res13.points["upl"].notna().all()
    assert (res13.variation, res13.assurance) == ("common_cause", "fail")


def test_min_points_is_a_setting_down_to_one():
    res = analyse([5.0, 7.0], settings=SpcSettings(min_points=1))
    assert res.mean == pytest.approx(6.0) and res.upl == pytest.approx(6 + 2.66 * 2)


def test_a_single_point_has_no_moving_range_so_no_limits_even_with_min_points_1():
    res = analyse([5.0], settings=SpcSettings(min_points=1))
    assert np.isnan(res.upl) and res.variation == "none"


# --- rule 1: beyond a limit ---------------------------------------------------


def test_point_beyond_upper_limit_is_improvement_when_up_is_good():
    pts = tail([16.0, 4.0])  # 16 > 15.32 (high), 4 < 4.68 (low)
    assert list(pts["colour"]) == ["blue", "orange"]
    assert list(pts["rule_limit"]) == [True, True]
    assert colours([16.0, 4.0], improvement="down") == ["orange", "blue"]
    assert colours([16.0, 4.0], improvement="neither") == ["purple", "purple"]


def test_point_inside_the_limits_is_common_cause():
    assert colours([15.0, 5.0]) == ["grey", "grey"]


# --- rule 2: shift ------------------------------------------------------------


def test_shift_of_six_points_on_one_side_of_the_mean():
    # BASE ends on 9 (below the mean), so the run starts with the new points.
    assert colours([10.5] * 6) == ["blue"] * 6
    assert colours([10.5] * 5) == ["grey"] * 5
    assert colours([9.5] * 6) == ["orange"] * 6


def test_a_point_on_the_mean_breaks_a_shift():
    assert colours([10.5] * 3 + [10.0] + [10.5] * 3) == ["grey"] * 7


def test_shift_length_is_a_setting():
    seven = SpcSettings(shift_length=7, trend_length=7)
    assert colours([10.5] * 6, settings=seven) == ["grey"] * 6
    assert colours([10.5] * 7, settings=seven) == ["blue"] * 7


# --- rule 3: trend --------------------------------------------------------------


def test_trend_of_six_points_each_higher_crosses_the_mean():
    # 9 (end of BASE) -> 7 is a fall; 7 < 8 < 9 < 10.5 < 11 < 12 is 6 points
    # (5 rises) crossing the mean, all inside the 2-sigma lines.
    pts = tail([7.0, 8.0, 9.0, 10.5, 11.0, 12.0])
    assert list(pts["colour"]) == ["blue"] * 6
    assert pts["rule_trend"].all() and not pts["rule_shift"].any()


def test_five_points_rising_are_not_a_trend():
    # 9 -> 8 falls, then 8 < 9 < 10.5 < 11 < 12: five points, four rises.
    assert colours([8.0, 9.0, 10.5, 11.0, 12.0]) == ["grey"] * 5


def test_a_tie_breaks_a_trend():
    assert colours([7.0, 8.0, 9.0, 9.0, 10.5, 11.0, 12.0]) == ["grey"] * 7


def test_falling_trend_is_concern_when_up_is_good():
    # 9 -> 13 rises; 13 > 12 > 11 > 10.5 > 9.5 > 8 is six points falling.
    assert colours([13.0, 12.0, 11.0, 10.5, 9.5, 8.0]) == ["orange"] * 6


# --- rule 4: two of three beyond the 2-sigma line -------------------------------


def test_two_of_three_beyond_the_same_2_sigma_line_flags_those_two():
    # 14 > 13.547 (2-sigma) but < 15.32; 10.5 is above the mean but inside.
    pts = tail([14.0, 10.5, 14.0])
    assert list(pts["colour"]) == ["blue", "grey", "blue"]
    assert list(pts["rule_two_of_three"]) == [True, False, True]


def test_two_of_three_needs_all_three_on_the_same_side_of_the_mean():
    assert colours([14.0, 9.5, 14.0]) == ["grey", "grey", "grey"]


def test_points_beyond_the_limit_do_not_count_for_two_of_three_unless_set():
    # 16 is beyond the 3-sigma limit (rule 1); with 14 it is two of three only
    # if points beyond the limit count.
    assert colours([16.0, 10.5, 14.0]) == ["blue", "grey", "grey"]
    counts = SpcSettings(two_of_three_counts_beyond_limits=True)
    assert colours([16.0, 10.5, 14.0], settings=counts) == ["blue", "grey", "blue"]


# --- conflicts, polarity, icons ---------------------------------------------------


# 16 is beyond the upper limit (special cause HIGH) and starts a falling trend
# 16 > 14 > 12 > 11 > 10.5 > 8 (special cause LOW). 2 of 3: only 14 is between
# the 2-sigma line and the limit; shift: 5 points above then 8 below.
CONFLICT = [16.0, 14.0, 12.0, 11.0, 10.5, 8.0]


def test_conflict_mdc_shows_improvement():
    assert colours(CONFLICT, improvement="up") == ["blue"] + ["orange"] * 5
    assert colours(CONFLICT, improvement="down") == ["blue"] * 6


def test_conflict_concern_option_shows_concern():
    s = SpcSettings(conflict="concern")
    assert colours(CONFLICT, improvement="down", settings=s)[0] == "orange"
    assert colours(CONFLICT, improvement="up", settings=s)[0] == "orange"


def test_conflict_precedence_limit_beats_trend():
    s = SpcSettings(conflict="precedence")
    # Beyond the upper limit outranks the falling trend: high = concern when down is good.
    assert colours(CONFLICT, improvement="down", settings=s)[0] == "orange"
    assert colours(CONFLICT, improvement="up", settings=s)[0] == "blue"


def test_in_precedence_takes_the_highest_rule_in_the_stated_order():
    from dashboard.metrics.spc_rules import PRECEDENCE, in_precedence

    t, f = np.array([True]), np.array([False])
    # Each rule in turn fires high while every rule below it fires low: the higher one decides.
    for i, rule in enumerate(PRECEDENCE):
        rules = {r: ((t, f) if r == rule else (f, t) if j > i else (f, f)) for j, r in enumerate(PRECEDENCE)}
        assert in_precedence(rules).tolist() == [1], rule
    # A point in a rising and a falling trend takes the tie's direction.
    rules = {r: (f, f) for r in PRECEDENCE} | {"trend": (t, t), "shift": (t, f)}
    assert in_precedence(rules, trend_tie=np.array([-1], dtype=np.int8)).tolist() == [-1]
    assert in_precedence({r: (f, f) for r in PRECEDENCE}).tolist() == [0]


def test_variation_icon_comes_from_the_last_point():
    assert analyse(BASE + [16.0], baseline=14).variation == "improvement_high"
    assert analyse(BASE + [4.0], baseline=14).variation == "concern_low"
    assert analyse(BASE + [16.0], baseline=14, improvement="down").variation == "concern_high"
    assert analyse(BASE + [4.0], baseline=14, improvement="down").variation == "improvement_low"
    assert analyse(BASE + [16.0], baseline=14, improvement="neither").variation == "neither_high"
    assert analyse(BASE + [4.0], baseline=14, improvement="neither").variation == "neither_low"
    assert analyse(BASE + [16.0, 10.0], baseline=14).variation == "common_cause"


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("up", 20, "fail"),  # target above the upper limit 15.32: never reached
        ("up", 2, "pass"),  # below the lower limit 4.68: always met
        ("up", 10, "hit_or_miss"),
        ("down", 20, "pass"),
        ("down", 2, "fail"),
        ("down", 10, "hit_or_miss"),
        ("neither", 20, "none"),
        ("up", None, "none"),
    ],
)
def test_assurance_compares_target_with_latest_limits(improvement, target, expected):
    res = analyse(BASE + [10.0], baseline=14, improvement=improvement, target=target)
    assert res.assurance == expected


# --- partitions -----------------------------------------------------------------


def test_recalculation_gives_each_partition_its_own_limits():
    # Partition 1: 10,12 x 7 (mean 11, mR 2); partition 2: 20,24 x 7 (mean 22, mR 4).
    values = [10.0, 12.0] * 7 + [20.0, 24.0] * 7
    res = analyse(values, recalc_at_positions=[14])
    p = res.points
    assert p["mean"].iloc[0] == pytest.approx(11) and p["upl"].iloc[0] == pytest.approx(16.32)
    assert p["mean"].iloc[-1] == pytest.approx(22) and p["upl"].iloc[-1] == pytest.approx(32.64)
    assert list(p["partition"]) == [0] * 14 + [1] * 14
    assert list(res.partitions["mean"]) == pytest.approx([11, 22])
    # Without the recalculation the step is special cause.
    assert analyse(values).points["colour"].iloc[-1] == "blue"


def test_recalculation_by_period_label():
    s = pd.Series([10.0, 12.0] * 7 + [20.0, 24.0] * 7,
                  index=[f"2020-{i:02d}" for i in range(1, 29)])
    res = analyse(s, recalc_at_periods=["2020-15"])
    assert res.points.loc["2020-15", "partition"] == 1
    assert res.points.loc["2020-14", "partition"] == 0
    with pytest.raises(ValueError, match="not in the series"):
        analyse(s, recalc_at_periods=["1999-01"])


def test_shift_runs_across_a_recalculation_only_if_rules_cross_partitions():
    # Two partitions of 13 points. The last 3 of the first (9, 9.5, 9) are
    # below its mean 137.5/13 = 10.58; the first 4 of the second (19, 19.5,
    # 19, 20) are below its mean 267.5/13 = 20.58. Neither side alone has 6.
    p1 = [10.0, 12.0] * 5 + [9.0, 9.5, 9.0]
    p2 = [19.0, 19.5, 19.0] + [20.0, 22.0] * 5
    crossing = analyse(p1 + p2, recalc_at_positions=[13]).points["colour"]
    assert list(crossing.iloc[10:17]) == ["orange"] * 7
    separate = analyse(p1 + p2, recalc_at_positions=[13],
                       settings=SpcSettings(rules_cross_partitions=False)).points["colour"]
    assert list(separate.iloc[10:17]) == ["grey"] * 7


def test_baseline_applies_within_each_partition():
    values = [10.0, 12.0] * 10 + [30.0, 34.0] * 10
    res = analyse(values, recalc_at_positions=[20], baseline=4,
                  settings=SpcSettings(min_points=4))
    # First 4 points of each partition: mean 11, mR 2; mean 32, mR 4.
    assert list(res.partitions["mean"]) == pytest.approx([11, 32])
    assert list(res.partitions["upl"]) == pytest.approx([16.32, 42.64])


# --- outlier screening ------------------------------------------------------------


def test_screening_drops_moving_ranges_at_or_above_3_267_times_the_mean():
    # 10,12 x5 then 22: nine ranges of 2 and one of 10; mean range 2.8;
    # 3.267*2.8 = 9.15 <= 10, so screening leaves mean range 2. Mean = 132/11 = 12.
    values = [10.0, 12.0] * 5 + [22.0]
    plain = analyse(values, settings=SpcSettings(min_points=1))
    screened = analyse(values, settings=SpcSettings(min_points=1, screen_outliers=True))
    assert plain.upl == pytest.approx(12 + 2.66 * 2.8)
    assert screened.upl == pytest.approx(12 + 2.66 * 2)


# --- gaps ---------------------------------------------------------------------------


def test_gap_is_echoed_with_no_colour_and_no_moving_range_across_it():
    # 10, 12, gap, 20, 22: mean 64/4 = 16; ranges 2 and 2 only (not |20-12|).
    res = analyse(pd.Series([10.0, 12.0, None, 20.0, 22.0], index=list("abcde")),
                  settings=SpcSettings(min_points=2))
    p = res.points
    assert p.loc["c", "colour"] == "" and p.loc["c", "point_type"] is None
    assert np.isnan(p.loc["c", "value"])
    assert res.mean == pytest.approx(16) and res.upl == pytest.approx(16 + 2.66 * 2)


def test_min_points_counts_values_not_rows():
    values = [30, 31, 25, 35, 34, 15, None, 21, 23, 30, 26, 26, 22]  # 13 rows, 12 values
    assert analyse(values).variation == "none"


def test_runs_skip_a_gap_unless_gaps_break_runs():
    values = BASE + [10.5] * 3 + [None] + [10.5] * 3
    kept = analyse(values, baseline=14).points["colour"].iloc[14:]
    assert list(kept) == ["blue"] * 3 + [""] + ["blue"] * 3
    broken = analyse(values, baseline=14, settings=SpcSettings(gap_breaks_runs=True))
    assert list(broken.points["colour"].iloc[14:]) == ["grey"] * 3 + [""] + ["grey"] * 3


def test_last_value_drives_the_icon_when_the_last_period_is_a_gap():
    assert analyse(BASE + [16.0, None], baseline=14).variation == "improvement_high"


# --- inputs and contracts ----------------------------------------------------------


def test_year_to_date_values_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="(?i)year-to-date.*in-period"):
        analyse([1, 2, 3], basis="year_to_date")
    with pytest.raises(ValueError, match="unknown basis"):
        analyse([1, 2, 3], basis="rolling_12")
    analyse([1, 2, 3], basis="in_month")  # accepted


def test_series_order_and_labels_are_kept_never_sorted():
    s = pd.Series([3.0, 1.0, 2.0], index=["2024-03", "2024-01", "2024-02"])
    res = analyse(s, settings=SpcSettings(min_points=1))
    assert list(res.points.index) == ["2024-03", "2024-01", "2024-02"]
    assert list(res.points["value"]) == [3.0, 1.0, 2.0]


def test_presets_hold_each_references_defaults():
    mdc, nhsr = SpcSettings.MDC, SpcSettings.NHSR
    assert (mdc.shift_length, mdc.trend_length, mdc.min_points) == (6, 6, 13)
    assert (mdc.screen_outliers, mdc.conflict) == (False, "improvement")
    assert mdc.rules_cross_partitions
    assert (nhsr.shift_length, nhsr.trend_length, nhsr.min_points) == (7, 7, 1)
    assert (nhsr.screen_outliers, nhsr.conflict) == (True, "precedence")
    assert not nhsr.rules_cross_partitions
    assert SpcSettings() == SpcSettings.mdc() == mdc
    with pytest.raises(dataclasses.FrozenInstanceError):
        mdc.min_points = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        SpcSettings(conflict="loudest")  # type: ignore[arg-type]


def test_a_point_takes_the_direction_of_the_trend_it_belongs_to():
    # 1..7 rising, a drop to 3, then 3..9 rising (run length 7, precedence).
    # The peak (7) belongs only to the first, rising, trend: improvement.
    # (NHSRplotthedots 0.2.2 would label it "Decreasing" because the step to
    # its right falls and the next point is in a trend; see docs/spc.md,
    # known deviations. No point of its 608 reference series is affected.)
    values = [1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9]
    res = analyse(values, settings=SpcSettings.nhsr())
    assert res.points["rule_trend"].iloc[6] and not res.points["rule_limit"].iloc[6]
    assert res.points["point_type"].iloc[6] == "improvement"
