"""/org/<code> — the scorecard of any unit (the council's is also at /)."""

import dash

from dashboard.components.scorecard_page import scorecard_view

dash.register_page(__name__, path_template="/org/<code>", title="Unit scorecard")


def layout(code: str | None = None, period: str | None = None, group: str | None = None,
           scope: str | None = None, mine: str | None = None, **_other):
    return scorecard_view(code=code, period=period, group=group, scope=scope, mine=mine)
