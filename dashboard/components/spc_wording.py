"""The words for an SPC chart's variation, checked against the chart (issue 16).

Making Data Count's icon names the *side* of the mean the latest point is on
when a rule fires: a series that is still below its old mean after a long run
(a shift) is "special cause improvement (lower)" when lower is better — even
if it has risen for the last four months.  A member reading "improvement"
beside a line climbing the wrong way stops trusting the page.  So:

* a series that has got worse for WORSE_RUN or more periods running is never
  called an improvement: the words say which side of the usual level it is on
  and that it has been getting worse;
* a series that has got better for WORSE_RUN or more periods running is not
  headlined as a concern without saying so.

Pure functions: values in, words out.  The icon (MDC's own) is unchanged.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dashboard.vocabulary import VARIATION_TEXT
from dashboard.vocabulary import variation_sentence as mdc_sentence

WORSE_RUN = 4   # periods running: "four months running" in the issue
PERIOD_NOUN = {"monthly": "month", "quarterly": "quarter", "annual": "year", "weekly": "week"}


def run_length(values: Sequence[float] | np.ndarray, polarity: str) -> tuple[int, int]:
    """(worse, better): how many of the latest steps running were each worse (better) than the one before.

    polarity: up (higher is better), down (lower is better) or neither (both 0)."""
    sign = {"up": 1, "down": -1}.get(polarity)
    x = np.asarray([v for v in values if v is not None and v == v], dtype=float)
    if sign is None or x.size < 2:
        return 0, 0
    steps = np.sign(np.diff(x)) * sign    # +1 better, -1 worse, 0 unchanged
    worse = better = 0
    for s in steps[::-1]:
        if s < 0 and better == 0:
            worse += 1
        elif s > 0 and worse == 0:
            better += 1
        else:
            break
    return worse, better


def _periods(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''} running"


def variation_label(code: str, values=(), polarity: str = "neither", *, period: str = "period") -> str:
    """The short label (the scorecard's and the pack's column), consistent with the line's direction."""
    code = code if isinstance(code, str) and code in VARIATION_TEXT else "none"
    worse, better = run_length(values, polarity)
    side = "higher" if code.endswith("high") else "lower"
    if code.startswith("improvement") and worse >= WORSE_RUN:
        return f"Special cause ({side} than usual), but worse for {_periods(worse, period)}"
    if code.startswith("concern") and better >= WORSE_RUN:
        return f"Special cause concern ({side}), though better for {_periods(better, period)}"
    return VARIATION_TEXT[code]


def variation_sentence(code: str, values=(), polarity: str = "neither", *, period: str = "period") -> str:
    """The sentence under a chart, never contradicting the line it describes."""
    worse, better = run_length(values, polarity)
    side = "higher" if str(code).endswith("high") else "lower"
    if str(code).startswith("improvement") and worse >= WORSE_RUN:
        return (f"The latest value is still {side} than the usual level, on the good side, but it has got worse "
                f"for {_periods(worse, period)}: not an improvement now; watch whether it returns to the old level.")
    if str(code).startswith("concern") and better >= WORSE_RUN:
        return (f"The latest value is {side} than normal variation would explain, in the wrong direction, though "
                f"it has got better for {_periods(better, period)}.")
    sentence = mdc_sentence(code)
    if worse >= WORSE_RUN and str(code).startswith("common"):
        sentence += f" It has got worse for {_periods(worse, period)}, which is worth watching."
    return sentence
