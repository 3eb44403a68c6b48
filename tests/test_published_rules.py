"""The plain rules behind benchmarking any published file: what kind of figure a column is, the decimal places
it was published to, its name made readable, the base of a rate per head, and which breakdown is shown first
and next.  If these broke, counts would be ranked as if comparable, "5,862.0" printed, or a picker would jump to
a breakdown the analyst did not ask for."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.metrics.published import decimals_of, kind_of, per_base, per_text, pounds
from dashboard.pagedata.comparison_choices import Base, breakdowns, default_base
from data.ingest.labels import readable


@pytest.mark.parametrize("code, name, unit, integral, kind", [
    ("rereferral_percent", "", None, False, "percent"),
    ("referral_count", "", None, True, "count"),
    ("caseload_fte", "", None, False, "figure"),            # cases per social worker: a ratio
    ("inpost_fte", "", None, False, "count"),               # FTE social workers: a count of posts
    ("turnover_rate_fte", "", None, False, "percent"),
    ("cla_rate_per_10000", "", None, False, "rate"),
    ("population_estimate", "", None, True, "population"),
    ("ct_receipts_year", "Council tax receipts", "£ thousand", False, "amount"),
    ("ASC1", "Outcome, ASC Carer Quality of Life", None, False, "figure"),
    ("number", "Number of children", None, None, "count"),
    ("pupils", "", "%", False, "percent"),
    ("gap", "", "pp", False, "figure"),
    ("at31_episodes", "", None, True, "count"),
])
def test_kind_of(code, name, unit, integral, kind):
    assert kind_of(code, name, unit, integral) == kind


def test_decimals_are_the_fewest_that_write_every_figure():
    assert decimals_of([5862.0, 12, 7]) == 0
    assert decimals_of([21.5, 22.25]) == 2
    assert decimals_of([0.408, 0.4]) == 3
    assert decimals_of([813.4202553]) == 3          # at most three: more is unrounded arithmetic
    assert decimals_of([]) == 0


@pytest.mark.parametrize("column, label", [
    ("rereferral_percent", "Re-referral (%)"), ("at31_episodes", "Episodes at 31 March"),
    ("dfe_statistical_neighbours", "DfE statistical neighbours"), ("no_further_action_percent", "No further action (%)"),
    ("cla_rate_per_10000", "CLA rate per 10,000"), ("inpost_headcount", "In post headcount"),
    ("ks2_expected_pct", "KS2 expected (%)"),
])
def test_readable(column, label):
    assert readable(column) == label


def test_per_head_base_and_words():
    assert per_base("count", [0.006, 0.007]) == 10_000        # 60 and 70 per 10,000
    assert per_base("count", [0.00002, 0.00003]) == 100_000   # 0.2 per 10,000: per 100,000 instead
    assert per_base("amount", [500.0]) == 1
    assert per_text(10_000, "count", "children aged 0–17") == "per 10,000 children aged 0–17"
    assert per_text(1, "amount", "residents (all ages)") == "£ per head (residents (all ages))"
    assert pounds("£ thousand") == 1000 and pounds("£m") == 1e6 and pounds("£") == 1


def _items(rows):
    frame = pd.DataFrame(rows, columns=["breakdown", "filter_position", "filter_col", "filter_label", "filter_hint",
                                        "groups", "item", "item_position", "is_total"])
    return frame


def test_default_breakdown_is_each_filters_total_else_its_first_value():
    """population_type has no total (its first value is taken), age has one (taken)."""
    rows, options = [], []
    for i, p in enumerate(["Looked after", "Starting", "Ceasing"]):
        for j, a in enumerate(["Under 10", "Total", "10 and over"]):
            b = f"population_type: {p}; age: {a}"
            options.append(b)
            rows += [(b, 0, "population_type", "Population type", None, None, p, i, False),
                     (b, 1, "age", "Age", None, None, a, j, a == "Total")]
    choices = breakdowns(pd.Series({"breakdowns": options}), _items(rows))
    assert choices.default() == "population_type: Looked after; age: Total"
    # another population type keeps the age chosen
    assert choices.with_item("population_type: Looked after; age: 10 and over", "population_type", "Ceasing") == \
        "population_type: Ceasing; age: 10 and over"
    assert [f.col for f in choices.choosable] == ["population_type", "age"]


def test_a_grouping_column_follows_the_filter_it_groups():
    """appr_type groups appr_exact (EES filter_grouping_column): no picker of its own; its value follows."""
    rows = []
    options = []
    for k, (group, exact) in enumerate([("Hair and beauty", "Hairdressing"), ("Hair and beauty", "Beauty therapy"),
                                         ("Rail engineering", "Track signalling")]):
        b = f"appr_type: {group}; appr_exact: {exact}"
        options.append(b)
        rows += [(b, 0, "appr_type", "Apprenticeship group", None, "appr_exact", group, k, False),
                 (b, 1, "appr_exact", "Type of apprenticeship", None, None, exact, k, False)]
    choices = breakdowns(pd.Series({"breakdowns": options}), _items(rows))
    assert [f.col for f in choices.choosable] == ["appr_exact"]
    assert choices.with_item(options[0], "appr_exact", "Track signalling") == options[2]


def test_default_population_fits_the_measure():
    ons = [Base(f"ons.{c}", c, c, "ONS", "ons-mye:ons", ("ons.csv",), False)
           for c in ("population_all_ages", "population_0_17", "population_18_plus")]
    child = pd.Series({"measure_name": "Children in need", "measure_code": "cin_count", "title": "", "source_file": ""})
    adult = pd.Series({"measure_name": "Adults receiving long-term support", "measure_code": "ltc",
                       "title": "", "source_file": ""})
    other = pd.Series({"measure_name": "Council tax receipts", "measure_code": "ct", "title": "", "source_file": ""})
    assert default_base(child, ons).code == "population_0_17"
    assert default_base(adult, ons).code == "population_18_plus"
    assert default_base(other, ons).code == "population_all_ages"
    own = Base("file.population_estimate", "population_estimate", "population estimate", "file", "ees:file",
               ("file.csv",), True)
    assert default_base(other, ons + [own]) == own
    assert default_base(other, []) is None
