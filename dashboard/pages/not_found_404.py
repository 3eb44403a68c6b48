"""Any path that is not a page."""

import dash

from dashboard.components.frame import message_page

dash.register_page(__name__, path="/404", title="Page not found")


def layout(**_other):
    return message_page("Page not found", "There is no page at this address.")
