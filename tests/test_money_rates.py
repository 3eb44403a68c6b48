"""Budget variance words, tolerances and survey intervals, against figures
worked by hand (and, for the interval, a published worked example)."""

import math

from dashboard.metrics.money import money_text, variance, variance_text
from dashboard.metrics.rates import rate, wilson_interval


def test_overspend_and_underspend_in_words_with_the_tolerances():
    """A finance officer reads the sign as a word; 2.5% over a £10m budget is red."""
    v = variance(10_000_000, 10_250_000)
    assert (v.money, round(v.pct, 2), v.words, v.rag) == (250_000, 2.5, "overspend", "red")
    assert variance_text(v) == "£250k overspend (2.5%)"
    assert variance(10_000_000, 10_100_000).rag == "amber"          # 1% over
    assert variance(10_000_000, 10_040_000).rag == "green"          # 0.4% over
    assert variance(10_000_000, 9_400_000).rag == "amber"           # 6% under: money held back
    assert variance(10_000_000, 9_700_000).words == "underspend"
    assert variance(10_000_000, 9_700_000).rag == "green"


def test_percentage_suppressed_where_the_net_budget_is_near_zero():
    """A service funded by its income has a net budget near nil: 500% means nothing."""
    v = variance(20_000, 120_000)
    assert v.pct is None and v.rag == "amber" and variance_text(v) == "£100k overspend"
    assert variance(-50_000, 80_000).rag == "red"                   # £130k over, % suppressed
    assert variance(None, 1.0).rag == "no_data"


def test_income_budgets_are_negative_so_a_shortfall_is_an_overspend():
    v = variance(-2_000_000, -1_900_000)       # £100k less income than budgeted
    assert v.words == "overspend" and round(v.pct, 1) == 5.0


def test_money_text():
    assert [money_text(x) for x in (1_234_567, 45_600, 950, -2_500_000)] == ["£1.2m", "£46k", "£950", "−£2.5m"]


def test_wilson_interval_matches_the_textbook():
    """Newcombe (1998), Statistics in Medicine 17:857, example (a): 81 of 263 → 0.2553 to 0.3662."""
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = wilson_interval(0, 10)
    assert low == 0 and 0.27 < high < 0.28                          # stays inside 0–1
    assert wilson_interval(0, 0) is None


def test_rate_is_a_ratio_of_sums_or_nothing():
    assert rate(3, 4) == 0.75 and rate(1, 0) is None and rate(None, 5) is None and rate(math.nan, 2) is None
