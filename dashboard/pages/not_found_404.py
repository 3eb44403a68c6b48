"""Any path that is not a page (its address answers 404; the header and navigation are kept)."""

import dash

from dashboard.errors import not_found_page

dash.register_page(__name__, path="/404", title="Page not found")


def layout(**_other):
    return not_found_page("There is no page at this address.")
