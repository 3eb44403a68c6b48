"""/exceptions?org=<code>&period=YYYY-MM — everything at a unit or below that
needs action this month, ranked for action, with filters and paging in the URL."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import commentary as commentary_rule
from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.rag import rag_badge
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.frames import records
from dashboard.periods import month_label, parse_month, period_label
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import exception_list as report
from dashboard.pagedata import casework as casework_report
from dashboard.pagedata import exceptions

dash.register_page(__name__, path="/exceptions", title="Exceptions")

ALL = "all"
FILTERS = (("directorate", "Directorate"), ("theme", "Theme"), ("portfolio", "Portfolio"), ("reason", "Reason"))


@friendly_errors
def layout(org: str | None = None, period: str | None = None, directorate: str | None = None,
           theme: str | None = None, portfolio: str | None = None, reason: str | None = None,
           page: str | None = None, **_other):
    db = current_db()
    got = exceptions.data(db, current_scope(), exceptions.PAGE.parse(db, {
        "org": org, "period": period, "directorate": directorate, "theme": theme, "portfolio": portfolio,
        "reason": reason, "page": page}))
    ctx, chosen, page_no, pages, listed = got.params.ctx, got.params.filters, got.params.page, got.pages, got.listed
    choices, shown, sources = got.choices, got.shown, got.sources
    period_key = got.params.period
    params = {"org": ctx.org.code, "period": period_key, **{k: v for k, v in chosen.items() if v}}

    body = [
        html.Section([
            _counts(listed.by_reason),
            _filters(choices, chosen),
            html.P(f"{listed.open_total} exceptions at {ctx.org.name} and below, covering {listed.units_total} "
                   f"units, ranked for action; {listed.resolved_total} resolved since last period. A red at a team "
                   "that makes its service, directorate and the council red too is one exception, listed at the "
                   "highest of them with the units it covers.", id=ids.EXCEPTION_COUNT),
            _table(shown, period_key) if len(shown) else html.P("No exceptions match these filters."),
            _pager(pages, page_no, params),
            source_line(sources.every, of=ids.EXCEPTION_TABLE),
            frame.download_links("exceptions", **params),
            html.P(dcc.Link("Commentary due, by owner",
                            href=urls.commentary_due_url(org=ctx.org.code, period=period_key))),
        ], id="exception-list", **{"aria-label": "Exceptions"}),
        _risks(got.risks, ctx.org.code, period_key, got.risk_source),
        _casework(got.casework) if got.casework else None,
        _method(),
    ]
    return frame.page(
        ctx.info, active="exceptions", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.exceptions_url(org=u.code, period=period_key)),
        heading=f"Exceptions · {ctx.org.name}", subheading=month_label(ctx.month), body=body,
    )


def _risks(risks, org_code: str, period_key: str, source: Provenance | None) -> html.Section:
    """Risks are exceptions too when above the council's appetite or overdue for review."""
    shown = risks.head(10)
    items = [html.Li([html.Strong(r.title), f" ({r.org_name}): ",
                      f"score {r.score} against an appetite of {r.appetite_score}" if r.above_appetite else "",
                      "; " if r.above_appetite and r.review_overdue else "",
                      f"review overdue since {r.next_review_due:%-d %b %Y}" if r.review_overdue else ""])
             for r in records(shown)]
    more = f"See all {len(risks)} on the risks page" if len(risks) > len(shown) else "See the risk register"
    return html.Section([
        html.H2(f"Risks needing attention: {len(risks)}", className="h5 mt-3"),
        html.Ul(items) if items else html.P("No risk is above appetite or overdue for review."),
        source_line(source, of="exception-risks"),
        dcc.Link(more, href=urls.section_url("risks", org=org_code, period=period_key)),
    ], id="exception-risks")


def _casework(waits: exceptions.CaseworkWaits) -> html.Section | None:
    teams, day, source = waits.teams, waits.day, waits.source
    if teams.empty:
        return None
    items = [html.Li([dcc.Link(r.team_name, href=urls.casework_url(org=r.org_code, date=f"{day:%Y-%m-%d}")), ": ",
                      f"{int(r.child_protection_over_limit)} child protection cases unallocated for more than "
                      f"{casework_report.CP_UNALLOCATED_LIMIT} working day" if r.child_protection_over_limit else "",
                      "; " if r.child_protection_over_limit and r.over_limit else "",
                      f"{int(r.over_limit)} cases unallocated for more than {casework_report.UNALLOCATED_LIMIT} working days"
                      if r.over_limit else "",
                      f" (longest {int(r.longest_working_days_waiting)} working days)"])
             for r in records(teams.head(10))]
    return html.Section([
        html.H2(f"Children's casework: {len(teams)} teams with cases waiting too long on {day:%-d %B %Y}",
                className="h5 mt-3"),
        html.Ul(items),
        source_line(source, of="exception-casework"),
    ], id="exception-casework")




def _counts(counts: dict[str, int]) -> html.Ul:
    return html.Ul([html.Li([html.Strong(counts[r]), f" {label.lower()}"]) for r, label in report.REASONS.items()],
                   className="exception-counts", **{"aria-label": "Exceptions by reason"})


def _filters(choices, chosen) -> html.Div:
    return html.Div([
        html.Div([
            html.Label(label, htmlFor=f"{ids.EXCEPTION_FILTER}-{key}", className="form-label"),
            dbc.Select(id=f"{ids.EXCEPTION_FILTER}-{key}", value=chosen[key] or ALL,
                       options=[{"label": f"All {label.lower()}s" if key != "reason" else "All reasons", "value": ALL}]
                       + [{"label": text, "value": value} for value, text in choices[key].items()]),
        ]) for key, label in FILTERS
    ], className="exception-filters")


def _table(rows: pd.DataFrame, period_key: str) -> html.Div:
    month = parse_month(period_key)
    body = []
    for r in records(rows):
        commentary = None
        if isinstance(r.commentary, str):
            commentary = html.Div([
                html.Span(f"{month_label(r.commentary_period)}: ", className="fw-semibold"), r.commentary,
                html.Div([html.Strong("Action: "), r.action,
                          f" ({r.action_owner})" if isinstance(r.action_owner, str) else "",
                          f"; recovery by {r.recovery_date:%-d %b %Y}" if pd.notna(r.recovery_date) else ""])
                if isinstance(r.action, str) else None,
            ], className="small")
        due = commentary_rule.row_flags(r, month) if r.state != "resolved" else []
        if due:     # the rule the packs apply: missing on red or amber, written for an earlier period, recovery passed
            commentary = html.Div([html.Strong("Commentary due: ", className="commentary-due"),
                                   "; ".join(commentary_rule.REASONS[x].lower() for x in due), ".", commentary],
                                  className="small")
        body.append(html.Tr([
            html.Th([dcc.Link(r.indicator_name, href=urls.indicator_url(r.indicator_code, org=r.org_code, period=period_key)),
                     html.Div(f"{r.org_name} · {period_label(r.period_start, r.frequency)}", className="small text-muted"),
                     _affected(r, period_key)],
                    scope="row"),
            html.Td(rag_badge(r.rag) if isinstance(r.rag, str) else "–"),
            html.Td(r.state_text),
            html.Td([r.summary, html.Div(r.recalculated + ".", className="small text-muted")
                     if isinstance(getattr(r, "recalculated", None), str) else None]),
            html.Td(r.owner, className="small"),
            html.Td(commentary or html.Span("None yet", className="text-muted small")),
        ], className=f"state-{r.state}"))
    return html.Div(html.Table([
        html.Caption("Exceptions, most material first"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in
                            ("Indicator and unit", "Status", "New or persistent", "Summary", "Owner", "Latest commentary")])),
        html.Tbody(body),
    ], className="table table-sm exception-table", id=ids.EXCEPTION_TABLE), className="table-responsive")


def _affected(r, period_key: str) -> html.Details | None:
    """The units below the root that are exceptions of the same indicator, nested under its row."""
    nested = r.affected if r.affected is not None and not isinstance(r.affected, float) else []  # a list (array)
    units = [u for u in nested if u["org_code"] != r.org_code]
    if not units:
        return None
    items = [html.Li([dcc.Link(u["org_name"], href=urls.indicator_url(r.indicator_code, org=u["org_code"],
                                                                       period=period_key)),
                      f" ({u['level']}, {RAG_WORD.get(u['rag'], 'no RAG')})"]) for u in units[:AFFECTED_LISTED]]
    if len(units) > AFFECTED_LISTED:
        # a council-wide exception can cover thousands of teams: listing them all made the page megabytes
        items.append(html.Li([f"and {len(units) - AFFECTED_LISTED} more: ",
                              dcc.Link(f"open the indicator at {r.org_name} to drill down",
                                       href=urls.indicator_url(r.indicator_code, org=r.org_code, period=period_key))]))
    return html.Details([
        html.Summary(f"and {len(units)} unit{'s' if len(units) != 1 else ''} below", className="small"),
        html.Ul(items, className="small mb-0"),
    ], className="exception-affected")


AFFECTED_LISTED = 12    # the highest first (directorates, then services, then teams), as the query orders them


RAG_WORD = {"red": "red", "amber": "amber", "green": "green", "no_target": "no target", "no_data": "no data"}


def _pager(pages: int, page_no: int, params: dict) -> html.Nav | None:
    if pages == 1:
        return None

    def item(label, number, *, current=False):
        link = dcc.Link(label, href=urls.exceptions_url(**params, page=number if number > 1 else None),
                        className="page-link")
        return html.Li(link if not current else html.Span([label, html.Span(" (current page)", className="visually-hidden")],
                                                          className="page-link"),
                       className="page-item" + (" active" if current else ""))
    numbers = sorted({1, pages, *range(max(1, page_no - 2), min(pages, page_no + 2) + 1)})
    items = [item("Previous", page_no - 1)] if page_no > 1 else []
    items += [item(str(n), n, current=n == page_no) for n in numbers]
    items += [item("Next", page_no + 1)] if page_no < pages else []
    return html.Nav(html.Ul(items, className="pagination flex-wrap"), **{"aria-label": "Pages of exceptions"})


def _method() -> html.Details:
    return html.Details([
        html.Summary("How exceptions are chosen and ranked"),
        html.P("An exception is an indicator at a unit that is red or amber against its target, shows special-cause "
               "concern on its SPC chart (Making Data Count rules, judged on the data up to that month), or whose "
               "return is missing or late. The list is ranked by materiality and persistence: severity (red 3, amber "
               "1.5, special-cause concern 2, missing return 1, late return 0.5) plus twice how far worse than target "
               "it is (as a share of the target, capped at 100%), multiplied by its reach (1 + log10 of the people or "
               "cases affected), its spread (1 + the share of reporting units below that are off target) and its "
               "persistence (+20% for each earlier consecutive period as an exception, up to six)."),
        html.P("One row per indicator and root cause: the highest unit up to which every unit on the way is an "
               "exception of that indicator, with the units below it that are exceptions too nested under it. "
               "The download has every unit, with its root (root_org_code) and how many units that root covers "
               "(units_affected)."),
        html.P(report.STREAK_TEXT, id="exception-streak"),
    ])


@dash.callback(
    Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
    *[Input(f"{ids.EXCEPTION_FILTER}-{key}", "value") for key, _label in FILTERS],
    State("_pages_location", "pathname"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def filter_exceptions(*args):
    """A filter change goes into the URL and starts again at page 1."""
    *values, pathname, search = args
    changes = {key: (None if v in (None, ALL) else v) for (key, _label), v in zip(FILTERS, values)}
    new = urls.replace_query(search, **changes, page=None)
    if urls.replace_query(search, page=None) == new:
        return dash.no_update
    return pathname + new
