"""The app's outer layout and the callbacks every page shares."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls


def shell_layout() -> html.Div:
    return html.Div([
        html.A("Skip to main content", href="#main-content", className="skip-link"),
        dcc.Location(id=ids.NAV_LOCATION, refresh="callback-nav"),
        dash.page_container,
    ])


@dash.callback(
    Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
    Input(ids.PERIOD_PICKER, "value"),
    State(ids.PAGE_PERIOD, "data"),
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def choose_period(period, shown, pathname, search):
    """Choosing a month changes the URL (so back, reload and bookmarks keep it).

    The select also reports its value when a page mounts it; that is the month
    already shown and must not navigate, or it would race the user's choice."""
    if not period or period == shown:
        return dash.no_update
    return pathname + urls.replace_query(search, period=period)


@dash.callback(
    Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
    Input(ids.CHILD_JUMP, "value"),
    prevent_initial_call=True,
)
def go_to_unit(href):
    """The scorecard's "go to any unit" select: its values are the units' links."""
    return href or dash.no_update
