"""Spot-check failures on /data-quality (the returns store's, for units in the viewer's scope at or below the page's unit)."""

from __future__ import annotations

from dash import html

from dashboard.context import current_db, current_scope


def spot_check_failures(org_code: str) -> html.Section:
    from dashboard.returns.overlay import current_store
    from dashboard.returns.routes_more import failures

    store = current_store()
    rows = []
    if store is not None and store.exists():
        below = set(current_db().query("org_below", code=org_code)["org_code"])
        scope = current_scope()
        rows = [r for r in failures(store) if r["org_code"] in below and scope.allows(r["org_code"])]
    body = html.Table([
        html.Caption("Returns that failed a data-quality spot check (latest finding per return)"),
        html.Thead(html.Tr([html.Th(c, scope="col") for c in ("Indicator", "Unit", "Period", "Stratum", "Evidence",
                                                              "Checked by", "When")])),
        html.Tbody([html.Tr([html.Th(r["indicator_code"], scope="row"), html.Td(r["org_code"]), html.Td(r["period"]),
                             html.Td(r["stratum"]), html.Td(r["evidence"]), html.Td(r["username"]),
                             html.Td(f"{r['at']:%-d %b %Y}")]) for r in rows]),
    ], className="table table-sm", id="dq-spot-check-failures") if rows else \
        html.P("No return has failed a spot check.", id="dq-spot-check-failures")
    return html.Section([html.H2("Spot-check failures", className="h5"), body])
