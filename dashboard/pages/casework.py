"""/casework?org=<code>&date=YYYY-MM-DD&days=N — children's casework as at the
end of a day (default the latest in the data; N, default 5, working days
ahead): cases waiting for allocation by team and category with how long they
have waited, the daily count with SPC, assessments and initial conferences due
or overdue, the improvement-notice scorecard ranking every team, and one
team's cases.  Working days follow the rules in the README."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids, urls
from dashboard.components import frame, spc_wording
from dashboard.components.charts import graph_style
from dashboard.components.kpi import Kpi, headline
from dashboard.components.spc import spc_figure, variation_icon
from dashboard.components.tables import UNIT_ROWS, Column, table, units_table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import number_text
from dashboard.metrics.spc_stock import analyse_stock
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import casework as report

dash.register_page(__name__, path="/casework", title="Casework")

DAY_PICKER, DAYS_PICKER, SHOWN = "casework-date", "casework-days", "casework-shown"
DAYS_CHOICES = (1, 2, 3, 5, 10, 15, 20)
WAIT_BANDS = ((0, 1, "0–1"), (2, 5, "2–5"), (6, 10, "6–10"), (11, 20, "11–20"), (21, 10**6, "over 20"))


@friendly_errors
def layout(org: str | None = None, date: str | None = None, days: str | None = None, **_other):
    db = current_db()
    got = report.data(db, current_scope(), report.PAGE.parse(db, {"org": org, "date": date, "days": days}))
    ctx, latest, day, ahead = got.params.ctx, got.params.latest, got.params.day, got.params.ahead
    if latest is None:
        return frame.page(ctx.info, active="casework", month=ctx.month, org_code=ctx.org.code,
                          heading="Children's casework", body=[html.P("This database holds no case records.")])
    month = day.replace(day=1)
    date_key = f"{day:%Y-%m-%d}"
    keep = {"date": date if date else None, "days": ahead if days else None}
    cases = got.cases_shown
    waiting, by_team, daily, upcoming, teams, sources = (got.waiting, got.by_team, got.daily, got.upcoming, got.teams,
                                                         got.sources)
    source = sources.get("unit")
    params = {"org": ctx.org.code, "date": date_key, "days": ahead}
    href = lambda code: urls.casework_url(org=code, **keep)   # noqa: E731 — one link rule for the page
    if by_team.empty:
        body = [html.P(f"No casework team is at or below {ctx.org.name}. Children's casework is held by the "
                       "children's social care teams.")]
    else:
        own = teams[teams["org_code"].isin(by_team["org_code"])]
        body = [
            _headline(waiting, upcoming, own, ahead, source),
            _waiting(waiting, by_team, href, params, source, cases),
            _trend(daily, params, sources.get("trend")),
            _due(upcoming, ahead, params, source, cases),
            _scorecard(teams, ctx, href, params, sources.get("peers")),
            _cases(got.team_cases, ctx, date_key, source) if got.team_cases is not None else None,
            None if cases else html.P(NO_CASES, id="casework-no-cases", className="small text-muted"),
            _rules(),
        ]
    return frame.page(
        ctx.info, active="casework", month=month, org_code=ctx.org.code, picker=_picker(day, ahead, latest, ctx),
        crumbs=frame.breadcrumb(ctx.path, period=None, council_code=ctx.info.council_code,
                                link=lambda u: href(u.code)),
        heading=f"Children's casework · {ctx.org.name}",
        subheading=f"As at the end of {day:%A %-d %B %Y}", body=body,
    )


def _picker(day: dt.date, ahead: int, latest: dt.date, ctx) -> html.Div:
    return html.Div([
        html.Div([html.Label("Day", htmlFor=DAY_PICKER, className="form-label mb-0 me-2"),
                  dbc.Input(id=DAY_PICKER, type="date", value=f"{day:%Y-%m-%d}", min=f"{ctx.info.first_month:%Y-%m-%d}",
                            max=f"{latest:%Y-%m-%d}", debounce=True, style={"maxWidth": "11rem"})],
                 className="d-flex align-items-center me-3"),
        html.Div([html.Label("Due within", htmlFor=DAYS_PICKER, className="form-label mb-0 me-2"),
                  dbc.Select(id=DAYS_PICKER, value=str(ahead), style={"maxWidth": "11rem"},
                             options=[{"label": f"{n} working day{'s' if n != 1 else ''}", "value": str(n)}
                                      for n in sorted(set(DAYS_CHOICES) | {ahead})])],
                 className="d-flex align-items-center"),
        dcc.Store(id=SHOWN, data={"date": f"{day:%Y-%m-%d}", "days": str(ahead)}),
    ], className="period-picker d-flex flex-wrap")


def _headline(waiting, upcoming, teams, ahead: int, source: Provenance | None) -> html.Section:
    cp = int((waiting["category"] == "child_protection").sum())
    oldest = waiting["working_days_waiting"].max() if len(waiting) else None
    total = report.scorecard_total(teams) if len(teams) else {}
    overdue = upcoming[upcoming["overdue"]]
    return headline([
        Kpi("Waiting for allocation", f"{len(waiting)}", f"{cp} of them child protection",
            rag="red" if cp else None),
        Kpi("Longest wait", number_text(oldest, ",.0f", " working days") if oldest is not None else "None waiting",
            f"{number_text(waiting['calendar_days_waiting'].max(), ',.0f', ' calendar days')}" if len(waiting) else None),
        Kpi("Overdue", f"{len(overdue)}", f"{int((overdue['kind'] == 'assessment').sum())} assessments, "
            f"{int((overdue['kind'] == 'conference').sum())} initial conferences"),
        Kpi(f"Due in the next {ahead} working days", f"{int((~upcoming['overdue']).sum())}",
            "assessments and initial conferences"),
        Kpi("Caseload per social worker", number_text(total.get("caseload_per_social_worker"), ".1f"),
            f"{total.get('open_cases', 0):,} open cases"),
        Kpi("Assessments on time", number_text(total.get("timeliness_pct"), ".1f", "%"),
            "within 45 working days, completed in the last 3 months"),
    ], label="Casework headline", section_id="casework-headline", source=source)


def _band(wd: int) -> str:
    return next(label for lo, hi, label in WAIT_BANDS if lo <= wd <= hi)


NO_CASES = ("Case lists and case numbers are shown only to those with the casework permission for these teams; "
            "the counts above include every case.")


def _waiting(waiting, by_team, href, params, source: Provenance | None, cases: bool = True) -> html.Section:
    counts = by_team.pivot_table(index=["org_code", "team_name"], columns="category", values="unallocated",
                                 aggfunc="sum", fill_value=0)
    cats = [c for c in report.CATEGORY_TEXT if c in counts.columns]
    oldest = by_team.groupby("org_code")["oldest_working_days_waiting"].max()
    units = counts.reset_index().rename(columns={"team_name": "name"})
    units["total"] = units[cats].sum(axis=1)
    units["oldest"] = units["org_code"].map(oldest)
    columns = [Column(report.CATEGORY_TEXT[c], lambda r, c=c: str(int(getattr(r, c))), numeric=True) for c in cats]
    columns += [Column("All", lambda r: str(int(r.total)), numeric=True),
                Column("Longest wait (working days)", lambda r: number_text(r.oldest), numeric=True)]
    bands = pd.crosstab(waiting["working_days_waiting"].map(_band), waiting["category"]) if len(waiting) else None
    band_rows = []
    for _lo, _hi, label in WAIT_BANDS:
        row = [html.Th(label, scope="row")]
        row += [html.Td(str(int(bands.loc[label, c])) if bands is not None and label in bands.index and c in bands.columns
                        else "0", className="num") for c in cats]
        band_rows.append(html.Tr(row))
    listed = waiting.head(UNIT_ROWS)
    case_columns = [
        Column("Team", lambda r: r.team_name), Column("Category", lambda r: report.CATEGORY_TEXT[r.category]),
        Column("Age", lambda r: r.age_band), Column("Referred", lambda r: f"{r.referral_date:%-d %b %Y}"),
        Column("Waiting (working days)", lambda r: str(int(r.working_days_waiting)), numeric=True),
        Column("Waiting (calendar days)", lambda r: str(int(r.calendar_days_waiting)), numeric=True),
    ]
    return html.Section([
        html.H2("Waiting for allocation to a social worker", className="h5"),
        units_table(units.sort_values("total", ascending=False, kind="stable"), columns,
                    caption="Unallocated cases by team and category", href=href, noun="teams",
                    order=lambda f: f.sort_values(["child_protection", "total"] if "child_protection" in f else ["total"],
                                                  ascending=False),
                    order_text="with most unallocated first", table_id="casework-unallocated-teams"),
        html.Div(html.Table([
            html.Caption("How long unallocated cases have waited, in working days"),
            html.Thead(html.Tr([html.Th("Working days waiting", scope="col"),
                                *[html.Th(report.CATEGORY_TEXT[c], scope="col", className="num") for c in cats]])),
            html.Tbody(band_rows)], className="table table-sm"), className="table-responsive"),
        *([html.H3("The cases waiting, child protection first", className="h6"),
           table(listed, case_columns, caption="Unallocated cases, child protection first, then the longest waiting",
                 row_header=Column("Case", lambda r: r.case_id), table_id="casework-unallocated")
           if len(listed) else html.P("No case is waiting for allocation."),
           html.P(f"Showing {len(listed)} of {len(waiting)}; download the list for all of them.",
                  className="small text-muted") if len(waiting) > len(listed) else None] if cases else []),
        source_line(source, of="casework-unallocated"),
        frame.download_links("casework_unallocated", **params) if cases else None,
    ])


def _trend(daily, params, source: Provenance | None) -> html.Section:
    working = daily[daily["is_working_day"]].reset_index(drop=True)
    if len(working) < 3:
        return None
    series = pd.Series(working["unallocated"].astype(float).to_numpy(), index=pd.to_datetime(working["day"]))
    # a daily stock is autocorrelated: weekly means, limits widened for it (dashboard/metrics/spc_stock.py)
    result = analyse_stock(series, improvement="down")
    points = result.points
    if len(points) < 3:
        return None
    fig = spc_figure(points, target=None, value_title="Cases unallocated (weekly mean)")
    latest = points.iloc[::-1].head(20)
    return html.Section([
        html.H2("Unallocated cases, week by week", className="h5"),
        html.Div([variation_icon(result.variation)], className="spc-icons"),
        html.P(spc_wording.variation_sentence(result.variation, points["value"].to_numpy(), "down", period="week")),
        html.P(result.why, className="small", id="casework-trend-why"),
        html.Figure([dcc.Graph(id="casework-trend", figure=fig, style=graph_style(fig),
                               config={"displaylogo": False, "responsive": True}),
                     html.Figcaption(f"The mean of the cases waiting for allocation at the end of each working day, "
                                     f"week by week over the last {report.TREND_DAYS} days, with the mean and process "
                                     "limits (XmR widened for autocorrelation, Making Data Count rules). The latest 20 "
                                     "weeks are in the table below; the download has every day.",
                                     className="small text-muted")]),
        html.Details([html.Summary("Show the latest weeks as a table"), html.Div(html.Table([
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("Week beginning", "Mean unallocated", "Mean",
                                                                   "Lower limit", "Upper limit")])),
            html.Tbody([html.Tr([html.Th(f"{d:%a %-d %b %Y}", scope="row"),
                                 *[html.Td(number_text(v, ",.1f"), className="num")
                                   for k, v in enumerate((val, mean, lpl, upl))]])
                        for d, val, mean, lpl, upl in zip(latest["period_start"], latest["value"], latest["mean"],
                                                          latest["lpl"], latest["upl"])]),
        ], className="table table-sm"), className="table-responsive")]),
        source_line(source, of="casework-trend"),
        frame.download_links("casework_daily", **params),
    ], id="casework-trend-section")


def _due(upcoming, ahead: int, params, source: Provenance | None, cases: bool = True) -> html.Section:
    per_team = (upcoming.assign(n=1).pivot_table(index="team_name", columns="overdue", values="n", aggfunc="sum",
                                                 fill_value=0) if len(upcoming) else pd.DataFrame())
    ordered = per_team.sort_values(list(per_team.columns)[::-1], ascending=False) if len(per_team) else per_team
    summary = [html.Tr([html.Th(team, scope="row"),
                        html.Td(str(int(row.get(True, 0))), className="num"),
                        html.Td(str(int(row.get(False, 0))), className="num")])
               for team, row in ordered.head(UNIT_ROWS).iterrows()]
    listed = upcoming.head(UNIT_ROWS)
    columns = [
        Column("Team", lambda r: r.team_name), Column("Category", lambda r: report.CATEGORY_TEXT[r.category]),
        Column("Age", lambda r: r.age_band),
        Column("Due", lambda r: "Assessment" if r.kind == "assessment" else "Initial conference"),
        Column("Due date", lambda r: f"{r.due_date:%a %-d %b %Y}"),
        Column("Working days", lambda r: (f"{-int(r.working_days_to_due)} overdue" if r.overdue
                                           else "today" if r.working_days_to_due == 0
                                           else f"in {int(r.working_days_to_due)}"), numeric=True),
    ]
    return html.Section([
        html.H2(f"Assessments and conferences overdue or due in the next {ahead} working days", className="h5"),
        html.Div(html.Table([
            html.Caption("Per team" + (f": the {UNIT_ROWS} of {len(per_team)} with most overdue"
                                       if len(per_team) > UNIT_ROWS else "")),
            html.Thead(html.Tr([html.Th("Team", scope="col"), html.Th("Overdue", scope="col", className="num"),
                                html.Th(f"Due within {ahead} working days", scope="col", className="num")])),
            html.Tbody(summary)], className="table table-sm"), className="table-responsive") if summary
        else html.P("Nothing is overdue or due."),
        table(listed, columns, caption="Overdue first, then the soonest due", row_header=Column("Case", lambda r: r.case_id),
              table_id="casework-due") if len(listed) and cases else None,
        html.P(f"Showing {len(listed)} of {len(upcoming)}; download the list for all of them.",
               className="small text-muted") if len(upcoming) > len(listed) and cases else None,
        source_line(source, of="casework-due"),
        frame.download_links("casework_due", **params) if cases else None,
    ])


def _scorecard(teams, ctx, href, params, source: Provenance | None) -> html.Section:
    ranked = teams.sort_values(["timeliness_rank", "team_name"], na_position="last")
    def rank(value, r):
        return "–" if pd.isna(value) else f"{int(value)} of {len(teams)}"
    columns = [
        Column("Assessments on time (3 months)", lambda r: f"{number_text(r.timeliness_pct, '.0f', '%')} "
               f"({int(r.assessments_on_time_3m)} of {int(r.assessments_completed_3m)})", numeric=True),
        Column("Rank", lambda r: rank(r.timeliness_rank, r), numeric=True),
        Column("Caseload per social worker", lambda r: number_text(r.caseload_per_social_worker, ".1f"), numeric=True),
        Column("Rank", lambda r: rank(r.caseload_rank, r), numeric=True),
        Column("Unallocated", lambda r: str(int(r.unallocated)), numeric=True),
        Column("Rank", lambda r: rank(r.unallocated_rank, r), numeric=True),
        Column("Assessments overdue", lambda r: str(int(r.assessments_overdue)), numeric=True),
    ]
    units = ranked.rename(columns={"team_name": "name"})
    if ctx.org.level == "team":      # a team's own row leads, however far down the ranking it is
        units = pd.concat([units[units["org_code"] == ctx.org.code], units[units["org_code"] != ctx.org.code]])
    scope_text = (f"the teams of {ctx.path[-2].name}" if ctx.org.level == "team" else f"the teams of {ctx.org.name}")
    return html.Section([
        html.H2("Improvement notice scorecard: teams compared", className="h5"),
        html.P(f"Each team ranked among {scope_text} (1 = best): assessment timeliness, caseload per social worker "
               "and cases waiting for allocation.", className="small text-muted"),
        units_table(units, columns, caption="Teams by assessment timeliness", href=href, noun="teams",
                    order=lambda f: f, order_text="best timeliness first", table_id="casework-teams",
                    jump=False),     # the unallocated table above has the select
        source_line(source, of="casework-teams"),
        frame.download_links("casework_teams", **params),
    ])


def _cases(rows, ctx, date_key: str, source: Provenance | None) -> html.Section:
    listed = rows.head(UNIT_ROWS * 2)
    columns = [
        Column("Category", lambda r: report.CATEGORY_TEXT[r.category]), Column("Age", lambda r: r.age_band),
        Column("Referred", lambda r: f"{r.referral_date:%-d %b %Y}"),
        Column("Allocated", lambda r: f"{r.allocated_date:%-d %b %Y}" if pd.notna(r.allocated_date)
               else f"Waiting {int(r.working_days_waiting)} working days"),
        Column("Assessment", lambda r: f"completed {r.assessment_completed:%-d %b %Y}" if pd.notna(r.assessment_completed)
               else f"due {r.assessment_due:%-d %b %Y}" if pd.notna(r.assessment_due) else "–"),
        Column("Initial conference", lambda r: (f"held {r.conference_date:%-d %b %Y}" if pd.notna(r.conference_date)
                                                else f"due {r.conference_due:%-d %b %Y}" if pd.notna(r.conference_due)
                                                else "–")),
    ]
    return html.Section([
        html.H2(f"Cases held by {ctx.org.name}", className="h5"),
        html.P("Pseudonymous case numbers only; the case record holds the child's details.", className="small text-muted"),
        table(listed, columns, caption=f"{len(rows)} open cases, unallocated first",
              row_header=Column("Case", lambda r: r.case_id), table_id="casework-cases"),
        html.P(f"Showing {len(listed)} of {len(rows)}; download the list for all of them.",
               className="small text-muted") if len(rows) > len(listed) else None,
        source_line(source, of="casework-cases"),
        frame.download_links("casework_cases", org=ctx.org.code, date=date_key),
    ], id="casework-cases-section")


def _rules() -> html.Details:
    return html.Details([
        html.Summary("How working days are counted"),
        html.Ul([
            html.Li("Working days are Monday to Friday except England's bank holidays."),
            html.Li("The referral day is day 0; a referral at a weekend or on a bank holiday counts from the next "
                    "working day."),
            html.Li("An assessment is due 45 working days after day 0; an initial child protection conference 15 "
                    "working days after the strategy discussion."),
            html.Li("Days waiting are shown in working days, with calendar days alongside."),
        ], className="small"),
    ], className="method")


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True),
               Input(DAY_PICKER, "value"), Input(DAYS_PICKER, "value"),
               State(SHOWN, "data"), State("_pages_location", "search"), prevent_initial_call=True)
def choose_day(day, days, shown, search):
    """A new day or horizon goes into the URL (so back, reload and links keep
    it); the values the page already shows (reported as the inputs mount) do not."""
    if not day or (shown and day == shown["date"] and str(days) == shown["days"]):
        return dash.no_update
    return "/casework" + urls.replace_query(search, date=day, days=days)
