"""The words beside an SPC chart agree with its line (issue 16): a red indicator
that rose four months running (lower is better) was headlined "special cause
improvement".  If this breaks, a member reads "improvement" beside a line
climbing the wrong way."""

from __future__ import annotations

from dashboard.components import spc_wording
from dashboard.vocabulary import VARIATION_TEXT


def test_run_lengths_follow_polarity():
    assert spc_wording.run_length([5, 4, 5, 6, 7, 8], "down") == (4, 0)
    assert spc_wording.run_length([5, 4, 5, 6, 7, 8], "up") == (0, 4)
    assert spc_wording.run_length([1, 2, 2, 3], "up") == (0, 1)       # a tie ends a run
    assert spc_wording.run_length([1, 2, 3], "neither") == (0, 0)


def test_a_series_worse_four_periods_running_is_never_called_an_improvement():
    rising = [10, 9, 8, 9, 10, 11, 12]                                  # lower is better: worse 4 months running
    label = spc_wording.variation_label("improvement_low", rising, "down", period="month")
    sentence = spc_wording.variation_sentence("improvement_low", rising, "down", period="month")
    for text in (label, sentence):
        assert "improvement" not in text.lower() or "not an improvement" in text.lower()
        assert "4 months running" in text
    # three periods is not yet a run worth contradicting the icon for
    assert spc_wording.variation_label("improvement_low", rising[:-1], "down") == VARIATION_TEXT["improvement_low"]


def test_every_variation_code_with_every_direction_of_run_is_consistent():
    for code in VARIATION_TEXT:
        for values, polarity in (([1, 2, 3, 4, 5], "up"), ([1, 2, 3, 4, 5], "down"), ([5, 4, 3, 2, 1], "down")):
            worse, better = spc_wording.run_length(values, polarity)
            label = spc_wording.variation_label(code, values, polarity)
            sentence = spc_wording.variation_sentence(code, values, polarity)
            if worse >= spc_wording.WORSE_RUN:
                assert "improvement" not in label.lower()
                assert "changed for the better" not in sentence
            if better >= spc_wording.WORSE_RUN and code.startswith("concern"):
                assert "better" in label and "better" in sentence
