"""/ — the council's corporate scorecard."""

import dash

from dashboard.components.scorecard_page import scorecard_view

dash.register_page(__name__, path="/", title="Corporate scorecard")


def layout(period: str | None = None, group: str | None = None, scope: str | None = None, mine: str | None = None,
           **_other):
    return scorecard_view(code=None, period=period, group=group, scope=scope, mine=mine)
