"""The frame every page shares: header, breadcrumb, period picker, freshness."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, urls
from dashboard.context import BuildInfo, OrgUnit
from dashboard.periods import month_key, month_label


NAV = [("scorecard", "Scorecard"), ("exceptions", "Exceptions"), ("finance", "Finance"), ("workforce", "Workforce"),
       ("customers", "Customers"), ("risks", "Risks"), ("value-for-money", "Value for money"),
       ("casework", "Casework"), ("benchmarking", "Benchmarking"), ("partnerships", "Partnerships"),
       ("briefing", "Briefing packs"), ("data-quality", "Data quality")]


def _nav_href(key: str, org_code: str | None, period: str | None, council_code: str | None) -> str:
    """Each section for the unit and month on screen, so switching keeps the context."""
    if key == "scorecard":
        return urls.org_url(org_code, period=period, council_code=council_code) if org_code else "/"
    if key == "exceptions":
        return urls.exceptions_url(org=org_code, period=period)
    if key == "casework":
        return urls.casework_url(org=org_code)
    if key == "benchmarking":
        return urls.benchmarking_url()
    if key == "partnerships":
        return urls.partnerships_url(period=period)
    if key == "briefing":
        return urls.briefing_url(org=org_code, period=period)
    if key == "data-quality":
        return urls.data_quality_url(org=org_code, period=period)
    return urls.section_url(key, org=org_code, period=period)


def header(info: BuildInfo, *, active: str, org_code: str | None = None, period: str | None = None) -> html.Header:
    from dashboard.auth.viewer import current_viewer

    council = info.council_code if info else None
    viewer = current_viewer()
    return html.Header(
        dbc.Container([
            html.Div([
                html.Span(info.council_name, className="council-name"),
                html.Span("Demonstration data", className="demo-badge") if info.demonstration else None,
                who_is_signed_in(viewer),
            ], className="brand"),
            html.Nav(html.Ul([
                html.Li(dcc.Link([label, html.Span(" (current section)", className="visually-hidden")]
                                 if key == active else label,
                                 href=_nav_href(key, org_code, period, council),
                                 className="nav-link" + (" active" if key == active else "")))
                for key, label in NAV if viewer.may_open(key)     # never offer what the viewer cannot open
            ] + ([returns_link(active)] if viewer.has_returns and not looking_back() else []), className="nav"),
                **{"aria-label": "Main"}),
        ], fluid=True, className="header-inner"),
        className="site-header",
    )


def looking_back() -> bool:
    from dashboard import asat
    return asat.current() is not None


def returns_link(active: str) -> html.Li:
    """Monthly returns (Flask pages, not the Dash app's): a plain link, so it loads the page in full.  Returns are
    today's work: a page looked at as at an earlier day (whose every link keeps that day) does not offer it."""
    label = ["Returns", html.Span(" (current section)", className="visually-hidden")] if active == "returns" else "Returns"
    return html.Li(html.A(label, href="/returns", id=ids.NAV_RETURNS,
                          className="nav-link" + (" active" if active == "returns" else "")))


def who_is_signed_in(viewer) -> html.Span:
    """The signed-in account with a sign-out button, or the demonstration mode's warning."""
    from dashboard.auth.csrf import FIELD, csrf_token

    if viewer.demonstration:
        return html.Span("No sign-in: demonstration mode", id=ids.SIGNED_IN, className="demo-badge")
    if viewer.username is None:
        return None
    return html.Span([
        html.Span(f"{viewer.display_name} ({viewer.role})", className="me-2"),
        html.Form([dcc.Input(type="hidden", name=FIELD, value=csrf_token()),
                   html.Button("Sign out", type="submit", id=ids.SIGN_OUT, className="btn btn-sm btn-light")],
                  action="/sign-out", method="POST", style={"display": "inline"}),
    ], id=ids.SIGNED_IN, className="signed-in")


def breadcrumb(path: list[OrgUnit], *, period: str, council_code: str, link=None) -> html.Nav:
    """``<nav aria-label="breadcrumb">`` with one ``<li>`` per level, the current unit last."""
    link = link or (lambda unit: urls.org_url(unit.code, period=period, council_code=council_code))
    items = []
    for i, unit in enumerate(path):
        last = i == len(path) - 1
        content = unit.name if last else dcc.Link(unit.name, href=link(unit))
        items.append(html.Li(content, className="breadcrumb-item" + (" active" if last else ""),
                             **({"aria-current": "page"} if last else {})))
    return html.Nav(html.Ol(items, className="breadcrumb"), id=ids.BREADCRUMB, **{"aria-label": "breadcrumb"})


def period_picker(info: BuildInfo, month: dt.date) -> html.Div:
    options = [{"label": month_label(m), "value": month_key(m)} for m in reversed(info.months)]
    return html.Div([
        html.Label("Month", htmlFor=ids.PERIOD_PICKER, className="form-label mb-0 me-2"),
        # A native <select>: keyboard, screen readers and phones all know it.
        dbc.Select(id=ids.PERIOD_PICKER, options=options, value=month_key(month), className="period-dropdown"),
        dcc.Store(id=ids.PAGE_PERIOD, data=month_key(month)),
    ], className="period-picker")


def freshness(info: BuildInfo) -> html.P:
    received = info.latest_received_at.strftime("%-d %B %Y") if info.latest_received_at else "none"
    return html.P(
        f"Data to {month_label(info.last_month)} · latest return received {received} · "
        f"database built {info.built_at:%-d %B %Y %H:%M}",
        id=ids.FRESHNESS, className="freshness",
    )


def page(info: BuildInfo, *, active: str, month: dt.date, body: list, crumbs: html.Nav | None = None,
         heading: str, subheading: str | None = None, org_code: str | None = None,
         picker: html.Div | None = None) -> html.Div:
    """The page; the main navigation keeps ``org_code`` and the month.  A page
    about days rather than months brings its own ``picker``."""
    return html.Div([
        header(info, active=active, org_code=org_code, period=month_key(month)),
        dbc.Container([
            crumbs,
            html.Div([
                html.Div([
                    html.H1(heading, id=ids.PAGE_HEADING, className="h3 mb-1"),
                    html.P(subheading, className="lead-sub") if subheading else None,
                ]),
                period_picker(info, month) if picker is None else picker,
            ], className="page-title"),
            freshness(info),
            html.Main(body, id="main-content"),
        ], fluid=True, className="page-body"),
    ])


def message_page(title: str, text: str, *, info: BuildInfo | None = None) -> html.Div:
    """A clear page for a bad link: unknown code, malformed month, missing database."""
    return html.Div([
        header(info, active="") if info else None,
        dbc.Container(html.Main([
            html.H1(title, className="h3"),
            html.P(text, id=ids.PAGE_ERROR),
            html.P(dcc.Link("Go to the council scorecard", href="/")),
        ], id="main-content"), className="page-body"),
    ])


def download_links(table: str, **params) -> html.P:
    return html.P([
        "Download this table: ",
        html.A("CSV", href=urls.download_url(table, "csv", **params), className="me-2"),
        html.A("Excel", href=urls.download_url(table, "xlsx", **params)),
    ], className="downloads")
