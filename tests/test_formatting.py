"""Number formats, everywhere: the one formatting module.  A reader would notice
"£-448,896", "£0.4m" beside "£412k" in one column, "1 cases" or "12.345678" on an axis."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import vocabulary as f
from dashboard.metrics.money import money_text, variance, variance_text

M = "\u2212"


def test_negative_money_has_a_true_minus_before_the_pound():
    assert f.format_value(-448_896, "currency", 0) == f"{M}£448,896"
    assert f.money(-448_896, scale="£") == f"{M}£448,896"
    assert f.money(-1_234_567) == f"{M}£1.2m"
    assert money_text(-35_000) == f"{M}£35k"
    assert "-" not in f.format_value(-3.25, "percent", 1)
    assert f.format_value(-3.25, "percent", 1) == f"{M}3.2%" or f.format_value(-3.25, "percent", 1) == f"{M}3.3%"


def test_a_sum_that_rounds_to_nothing_has_no_sign():
    assert f.money(-200, scale="£k") == "£0k"
    assert f.money(-0.2, scale="£") == "£0"


@pytest.mark.parametrize("value, words", [
    (-412_345, "£412k underspend"), (-412_345.0, "£412k underspend"),
    (1_234_567, "£1.2m overspend"), (0.2, "on budget"), (-5, "£5 underspend")])
def test_variance_in_words(value, words):
    assert f.variance_words(value) == words


def test_variance_in_words_at_a_fixed_scale():
    assert f.variance_words(-412_345, scale="£m") == "£0.4m underspend"
    assert f.variance_words(None) == f.DASH


def test_finance_variance_text_agrees_with_variance_words():
    v = variance(10_000_000, 9_600_000)
    assert variance_text(v) == f"{f.variance_words(v.money)} (4.0%)"


def test_one_scale_within_a_column():
    cells = [f.money_column([2_500_000, 412_345, -58_000, 0, None])(v) for v in (2_500_000, 412_345, -58_000, 0, None)]
    assert cells == ["£2.5m", "£0.4m", f"{M}£0.1m", "£0.0m", f.DASH]
    # a sum that would read £0.0m puts the whole column in £k (as a council's £000s column)
    cells = [f.money_column([2_500_000, 8_000])(v) for v in (2_500_000, 8_000)]
    assert cells == ["£2,500k", "£8k"]
    assert f.money(8_000, scale="£m") == "under £0.1m"
    small = f.money_column([12_000, 950])
    assert (small(12_000), small(950)) == ("£12k", "£1k")
    assert f.money_column([900, 50])(900) == "£900"


def test_counts_have_separators_and_no_decimals():
    assert f.count(4244) == "4,244"
    assert f.count(281_532.0) == "281,532"
    assert f.count(float("nan")) == f.DASH
    assert f.number_text(1234567) == "1,234,567"
    assert f.format_value(4244, "number", 0) == "4,244"


@pytest.mark.parametrize("n, text", [(1, "1 case"), (0, "0 cases"), (2, "2 cases"), (1204, "1,204 cases")])
def test_plurals(n, text):
    assert f.plural(n, "case") == text


def test_irregular_plural():
    assert f.plural(1, "child", "children") == "1 child"
    assert f.plural(3, "child", "children") == "3 children"


def test_missing_values_are_a_dash():
    for v in (None, float("nan"), pd.NA):
        assert f.format_value(v, "currency") == f.DASH
        assert f.money(v) == f.DASH
        assert f.number_text(v) == f.DASH


def test_axis_ticks_are_rounded():
    assert f.axis_ticks("percent")["tickformat"] == ",.0f"
    assert f.axis_ticks("currency")["tickprefix"] == "£"
    assert f.axis_ticks("number", 0)["tickformat"] == ",.0f"


def test_spc_legend_names_both_limits():
    """The page's chart and the pack's chart show both limit lines by name in their legends."""
    from dashboard.briefing.charts import _legend
    from dashboard.components.spc import spc_figure

    key = _legend(False, {"common_cause"})
    assert f.UPPER_LIMIT in key and f.LOWER_LIMIT in key
    points = pd.DataFrame({"period_start": pd.date_range("2024-04-01", periods=12, freq="MS"),
                           "value": [float(i % 4) for i in range(12)], "mean": [1.5] * 12,
                           "upl": [4.0] * 12, "lpl": [0.0] * 12, "point_type": ["common_cause"] * 12})
    fig = spc_figure(points, target=None, value_title="Value")
    shown = {t["name"] for t in fig["data"] if t.get("showlegend", True)}
    assert {f.UPPER_LIMIT, f.LOWER_LIMIT} <= shown


def test_no_single_bar_charts():
    assert not f.worth_a_chart(1)
    assert f.worth_a_chart(2)


def test_feedback_themes_have_distinct_names():
    """The council's compliments by theme once listed "Staff conduct or attitude" four times (one a service area)."""
    from data.demo.catalogue_resources import theme_rows

    names = [row[3] for row in theme_rows()]
    assert len(names) == len(set(names))


def test_feedback_themes_in_the_demo_database_are_distinct(tiny_con):
    dup = tiny_con.execute("SELECT name, count(*) FROM feedback_theme GROUP BY name HAVING count(*) > 1").fetchall()
    assert dup == []
