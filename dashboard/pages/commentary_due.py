"""/exceptions/commentary?org=<code>&period=YYYY-MM — the commentary due this month
at a unit and below, listed per owner: red or amber with none, written for an
earlier period, or a recovery date passed (dashboard.commentary, the rule the packs use)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import commentary, ids, urls
from dashboard.components import frame
from dashboard.components.rag import rag_badge
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import plural
from dashboard.frames import records
from dashboard.pagedata import commentary_due
from dashboard.periods import month_label, period_label

dash.register_page(__name__, path="/exceptions/commentary", title="Commentary due")


@friendly_errors
def layout(org: str | None = None, period: str | None = None, **_other):
    db = current_db()
    got = commentary_due.data(db, current_scope(), commentary_due.PAGE.parse(db, {"org": org, "period": period}))
    ctx, period_key, due, owners, counts = got.params.ctx, got.params.period, got.due, got.owners, got.reasons
    body = [
        html.P(commentary.RULE_TEXT, className="small text-muted"),
        html.P([dcc.Link("Back to the exceptions", href=urls.exceptions_url(org=ctx.org.code, period=period_key))]),
        html.Section([
            html.P(f"Commentary is due on {plural(len(due), 'exception')} at {ctx.org.name} and below, "
                   f"for {plural(len(owners), 'owner')}.", id=ids.COMMENTARY_DUE_COUNT),
            html.Ul([html.Li([html.Strong(f"{counts[k]:,}"), f" {text.lower()}"])
                     for k, text in commentary.REASONS.items()], className="exception-counts",
                    **{"aria-label": "Commentary due by reason"}),
            html.Nav(html.Ul([html.Li(html.A(f"{owner} ({len(rows)})", href=f"#{_anchor(owner)}"))
                              for owner, rows in owners], className="jump-links"),
                     **{"aria-label": "Owners"}) if owners else None,
            *[_owner_section(owner, rows, period_key) for owner, rows in owners],
            html.P("No commentary is due.") if not owners else None,
            frame.download_links("exceptions_commentary_due", org=ctx.org.code, period=period_key),
        ], id=ids.COMMENTARY_DUE, **{"aria-label": "Commentary due"}),
    ]
    return frame.page(
        ctx.info, active="exceptions", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.commentary_due_url(org=u.code, period=period_key)),
        heading=f"Commentary due · {ctx.org.name}", subheading=month_label(ctx.month), body=body,
    )


def _anchor(owner: str) -> str:
    return "owner-" + "".join(c if c.isalnum() else "-" for c in owner.lower()).strip("-")


def _owner_section(owner: str, rows, period_key: str) -> html.Section:
    body = [html.Tr([
        html.Th([dcc.Link(r.indicator_name, href=urls.indicator_url(r.indicator_code, org=r.org_code, period=period_key)),
                 html.Div(f"{r.org_name} · {period_label(r.period_start, r.frequency)}", className="small text-muted")],
                scope="row"),
        html.Td(rag_badge(r.rag) if isinstance(r.rag, str) else "–", className="status"),
        html.Td(r.due_text, className="due", **{"data-label": "Why due"}),
        html.Td(month_label(r.commentary_period) if isinstance(r.commentary, str) else "None", className="small",
                **{"data-label": "Latest commentary for"}),
        html.Td(f"{r.recovery_date:%-d %b %Y}" if r.recovery_date == r.recovery_date and r.recovery_date is not None
                else "–", className="small", **{"data-label": "Recovery by"}),
    ]) for r in records(rows)]
    return html.Section([
        html.H2(f"{owner}: {plural(len(rows), 'exception')}", className="h6 mt-3", id=_anchor(owner)),
        html.Div(html.Table([
            html.Caption(f"Commentary due from {owner}"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                ("Indicator and unit", "Status", "Why due", "Latest commentary for", "Recovery by")])),
            html.Tbody(body),
        ], className="table table-sm stack-on-phone commentary-due-table"), className="table-responsive"),
    ])
