"""/sources — where the figures come from: for each domain of the
dashboard's data (finance, workforce, feedback, the residents' survey, risk,
casework), the system and extract it is taken from, when it was last loaded,
how many rows the database holds from it and the days they are about.
Indicators name their own source on their page."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from dashboard.components import frame
from dashboard.components.tables import Column, table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.pagedata import sources

dash.register_page(__name__, path="/sources", title="Data sources")


def _day(value) -> str:
    return f"{pd.Timestamp(value):%-d %b %Y}" if pd.notna(value) else "–"


@friendly_errors
def layout(**_other):
    db = current_db()
    got = sources.data(db, current_scope(), sources.PAGE.parse(db, {}))
    info = got.params.info
    columns = [Column("System", lambda r: r.system),
               Column("Extract", lambda r: r.extract),
               Column("Loaded", lambda r: f"{pd.Timestamp(r.loaded_at):%-d %b %Y %H:%M}"),
               Column("Rows held", lambda r: f"{r.rows_held:,} {sources.ROWS_TEXT.get(r.domain, 'rows')}",
                      numeric=True),
               Column("About", lambda r: f"{_day(r.first_day)} to {_day(r.last_day)}" if r.rows_held else "no rows")]
    body = [
        html.P("Each domain of the dashboard's data, the system it is extracted from and when it was last loaded. "
               "Every chart, table and set of headline figures names its own source underneath; indicators name "
               "theirs on their page.", className="small text-muted"),
        table(got.sources, columns, caption="Where each domain's figures come from",
              row_header=Column("Domain", lambda r: sources.DOMAIN_TEXT.get(r.domain, r.domain)),
              table_id="data-sources")
        if len(got.sources) else html.P("This database names no sources for its data.", id="data-sources"),
        frame.download_links("data_sources"),
    ]
    return frame.page(info, active="data-quality", month=info.last_month, heading="Data sources",
                      subheading=f"{info.council_name} · the data behind the dashboard", body=body,
                      picker=html.Div())
