"""/partnerships?period=YYYY-MM — the organisations the council shares
indicators with (police, fire and rescue, probation, NHS trusts, the
districts, bus operators): the shared indicators each supplies or contributes
to, the council-wide figure for the month, and who supplied it and when."""

from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from dashboard import urls
from dashboard.components import frame
from dashboard.components.rag import rag_badge
from dashboard.components.tables import Column, table
from dashboard.auth.viewer import current_viewer
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import format_value
from dashboard.pagedata import partnerships
from dashboard.periods import month_label, period_label

dash.register_page(__name__, path="/partnerships", title="Partnerships")

ROLE_TEXT = {"supplies": "Supplies the figures", "contributes": "Contributes to the outcome"}


@friendly_errors
def layout(period: str | None = None, **_other):
    db = current_db()
    got = partnerships.data(db, current_scope(), partnerships.PAGE.parse(db, {"period": period}))
    info, month, period_key, rows = got.params.info, got.params.month, got.params.period, got.shared
    linked = not current_viewer().partner        # a partner cannot open indicator pages: no links to them
    body = [html.P("Shared indicators and where their figures come from. A figure supplied by a partner arrives as "
                   "a return like any other: its date is when the latest return for the period shown was received.",
                   className="small text-muted")]
    if rows.empty:
        body.append(html.P("No partner shares an indicator in this database."))
    for code, group in rows.groupby("partner_code", sort=False):
        first = group.iloc[0]
        columns = [
            Column("Role", lambda r: ROLE_TEXT[r.role]),
            Column("What", lambda r: r.what),
            Column("Period", lambda r: period_label(r.period_start, r.frequency) if pd.notna(r.period_start) else "–"),
            Column("Council-wide", lambda r: format_value(r.value, r.unit, r.decimals), numeric=True),
            Column("Status", lambda r: rag_badge(r.rag) if isinstance(r.rag, str) else "–"),
            Column("Received", lambda r: f"{r.received_at:%-d %b %Y}" if pd.notna(r.received_at) else "Not received"),
        ]
        body.append(html.Section([
            html.H2(first["partner_name"], className="h5"),
            table(group, columns, caption=f"Indicators shared with {first['partner_name']}",
                  row_header=Column("Indicator", lambda r: dcc.Link(r.indicator_name, href=urls.indicator_url(
                      r.indicator_code, org=info.council_code, period=period_key)) if linked else r.indicator_name),
                  table_id=f"partner-{code.lower()}"),
        ]))
    body.append(frame.download_links("partnerships", period=period_key))
    return frame.page(info, active="partnerships", month=month, heading="Partnerships",
                      subheading=f"Shared indicators · {month_label(month)}", body=body)
