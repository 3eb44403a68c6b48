"""/briefing?org=&period=&kind=&portfolio= — a briefing pack previewed in the
browser, with the PDF to download (each download is archived)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls
from dashboard.briefing.content import PackRequest, resolve
from dashboard.components import frame
from dashboard.auth import csrf
from dashboard.auth.viewer import current_viewer
from dashboard.context import build_info, current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.periods import month_key, month_label, parse_month, parse_quarter, quarter_key, quarter_label
from dashboard.pagedata.exception_list import filter_choices

dash.register_page(__name__, path="/briefing", title="Briefing packs")

KIND_PICKER, FOR_PICKER, PACK_PERIOD_PICKER, SHOWN = "briefing-kind", "briefing-for", "briefing-period", "briefing-shown"
KIND_TEXT = {"monthly": "Monthly performance pack", "cabinet": "Quarterly report to Cabinet"}


@friendly_errors
def layout(org: str | None = None, period: str | None = None, kind: str | None = None,
           portfolio: str | None = None, **_other):
    db, viewer = current_db(), current_scope()
    kind = kind or "monthly"
    org = org or current_viewer().home_unit     # a manager's packs are of their unit
    info_months = _months(db)
    if not period:
        quarters = _quarters(info_months)
        # with no complete quarter yet, the latest month names the quarter and the check below explains
        period = info_months[-1] if kind == "monthly" or not quarters else quarters[0][0]
    pack = resolve(db, PackRequest(org=org or "", period=period, kind=kind, portfolio=portfolio or ""), scope=viewer)
    params = dict(org=org or None, period=pack.period.key, kind=kind if kind != "monthly" else None,
                  portfolio=pack.portfolio or None)
    who = f"the {pack.portfolio} portfolio" if pack.portfolio else pack.org["name"]
    chosen_for = f"portfolio:{pack.portfolio}" if pack.portfolio else f"org:{pack.org['code']}"
    picker = html.Div([
        _select("Pack", KIND_PICKER, [{"label": v, "value": k} for k, v in KIND_TEXT.items()], kind),
        _select("For", FOR_PICKER, _for_options(db, chosen_for), chosen_for),
        _select("Quarter" if kind == "cabinet" else "Month", PACK_PERIOD_PICKER,
                [{"label": label, "value": key} for key, label in
                 (_quarters(info_months) if kind == "cabinet" else
                  [(m, month_label(parse_month(m))) for m in reversed(info_months)])], pack.period.key),
        dcc.Store(id=SHOWN, data={"kind": kind, "for": chosen_for, "period": pack.period.key}),
    ], className="briefing-picker")
    body = [
        html.P(f"{KIND_TEXT[kind]} for {who}, {pack.period.label}: a summary, the exceptions with their SPC charts "
               "and commentary, finance and workforce, risks above appetite, a data-quality statement and the "
               "scorecard. Green, stable indicators take one line in the scorecard appendix."),
        html.Form([
            # made and archived by a POST carrying the form's token, never by following a link
            *[dcc.Input(type="hidden", name=k, value=v) for k, v in params.items() if v],
            dcc.Input(type="hidden", name=csrf.FIELD, value=csrf.csrf_token()),
            html.Button("Download the PDF", type="submit", className="btn btn-primary me-2", id="briefing-pdf"),
            html.A("Open the HTML", href=urls.briefing_file_url("html", **params), className="btn btn-outline-primary me-2",
                   target="_blank"),
            dcc.Link("Packs already issued", href=urls.briefing_archive_url(), className="ms-2"),
        ], action=urls.briefing_file_url("pdf"), method="POST", className="briefing-actions"),
        html.P("Each PDF downloaded is kept in the archive with the data it used, so what went to the leadership "
               "team or to Cabinet can be shown later exactly as it was.", className="small text-muted"),
        html.Iframe(src=urls.briefing_file_url("html", **params), title=f"Preview of the {KIND_TEXT[kind].lower()}",
                    className="briefing-preview", id="briefing-preview"),
    ]
    return frame.page(pack.info, active="briefing", month=pack.period.month, org_code=pack.org["code"],
                      heading="Briefing packs", subheading=f"{KIND_TEXT[kind]} · {pack.period.label}",
                      body=body, picker=picker)


def _select(label: str, select_id: str, options: list[dict], value: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=select_id, className="form-label mb-0 me-2"),
                     dbc.Select(id=select_id, options=options, value=value)], className="briefing-choice")


def _months(db) -> list[str]:
    return [month_key(m) for m in build_info(db).months]


def _quarters(months: list[str]) -> list[tuple[str, str]]:
    """Complete financial quarters in the data, newest first."""
    keys = sorted({quarter_key(parse_month(m)) for m in months}, reverse=True)
    complete = [k for k in keys if month_key(parse_quarter(k)[-1]) in months and month_key(parse_quarter(k)[0]) in months]
    return [(k, quarter_label(parse_quarter(k))) for k in complete]


def _for_options(db, chosen: str) -> list[dict]:
    choices = filter_choices(db)
    council = db.query("council").iloc[0]
    viewer = current_scope()          # only what the viewer may open: a portfolio's pack is council-wide
    options = [{"label": council["name"], "value": f"org:{council['org_code']}"}]
    options += [{"label": label, "value": f"org:{code}"} for code, label in choices["directorate"].items()]
    options = [o for o in options if viewer.allows(o["value"].split(":", 1)[1])]
    if viewer.council_wide:
        options += [{"label": f"Portfolio: {p}", "value": f"portfolio:{p}"} for p in choices["portfolio"]]
    if chosen not in {o["value"] for o in options}:      # a service or team asked for by its code
        options.append({"label": chosen.split(":", 1)[1], "value": chosen})
    return options


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
               Input(KIND_PICKER, "value"), Input(FOR_PICKER, "value"), Input(PACK_PERIOD_PICKER, "value"),
               State(SHOWN, "data"), prevent_initial_call=True)
def choose_pack(kind, chosen_for, period, shown):
    """A new choice goes into the URL; the values the page already shows
    (reported as the selects mount) do not."""
    if not kind or not shown or (kind, chosen_for, period) == (shown["kind"], shown["for"], shown["period"]):
        return dash.no_update
    if kind != shown["kind"]:
        period = None          # a month is not a quarter: the newest of the new kind
    what, _, value = (chosen_for or "").partition(":")
    return urls.briefing_url(org=value if what == "org" else None, portfolio=value if what == "portfolio" else None,
                             period=period, kind=kind if kind != "monthly" else None)
