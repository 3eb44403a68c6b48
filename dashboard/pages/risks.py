"""/risks?org=<code>&period=YYYY-MM — the risk register of a unit and every
unit under it as at a month end: a likelihood × impact matrix, the list (most
serious first) with status against the council's risk appetite, and the units
below.  Risks above appetite or overdue for review also appear on the
exceptions page."""

from __future__ import annotations

import dash
from dash import html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.kpi import Kpi, headline
from dashboard.components.rag import rag_badge
from dashboard.components.tables import CHILD_NOUN, Column, table, units_table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.periods import month_label
from dashboard.components.provenance import Provenance, source_line
from dashboard.pagedata import risks

dash.register_page(__name__, path="/risks", title="Risks")

LIST_ROWS = 50
# Score bands of the matrix (likelihood × impact), named so the colour is never the only cue.
BANDS = ((15, "high", "High"), (8, "medium", "Medium"), (1, "low", "Low"))


def band(score: int) -> tuple[str, str]:
    return next((key, text) for floor, key, text in BANDS if score >= floor)


@friendly_errors
def layout(org: str | None = None, period: str | None = None, **_other):
    db = current_db()
    got = risks.data(db, current_scope(), risks.PAGE.parse(db, {"org": org, "period": period}))
    ctx, period_key, source = got.params.ctx, got.params.period, got.source
    params = {"org": ctx.org.code, "period": period_key}
    if got.register.empty:
        body = [html.P(f"No risks were open on the registers of {ctx.org.name} or the units below it at the end of "
                       f"{month_label(ctx.month)}.")]
    else:
        body = [_headline(got, source), _matrix(got, source), _list(got.register, params, source),
                _units(got.units, ctx.org.level, period_key, params, source) if len(got.units) else None, _method()]
    return frame.page(
        ctx.info, active="risks", month=ctx.month, org_code=ctx.org.code,
        crumbs=frame.breadcrumb(ctx.path, period=period_key, council_code=ctx.info.council_code,
                                link=lambda u: urls.section_url("risks", org=u.code, period=period_key)),
        heading=f"Risks · {ctx.org.name}",
        subheading=f"Risk registers of the unit and the units below it, end of {month_label(ctx.month)}",
        body=body,
    )


def _headline(got: risks.RisksData, source: Provenance | None) -> html.Section:
    listed, attention = got.register, got.attention
    counts = listed["rag"].value_counts()
    return headline([
        Kpi("Open risks", f"{len(listed)}",
            f"{counts.get('red', 0)} red, {counts.get('amber', 0)} amber, {counts.get('green', 0)} green against appetite"),
        Kpi("Above appetite", f"{int(listed['above_appetite'].sum())}", "score above the council's appetite for the category"),
        Kpi("Reviews overdue", f"{int(listed['review_overdue'].sum())}", "next review date passed with no review"),
        Kpi("Increasing", f"{int((listed['trend'] == 'increasing').sum())}", "score up at the latest review"),
        Kpi("Need attention", f"{len(attention)}", "above appetite or overdue for review; also on the exceptions page"),
    ], label="Risk headline", section_id="risk-headline", source=source)


def _matrix(got: risks.RisksData, source: Provenance | None) -> html.Section:
    grid = got.matrix
    rows = []
    for impact in grid.index:
        cells = []
        for likelihood in grid.columns:
            score = int(impact) * int(likelihood)
            key, text = band(score)
            n = int(grid.loc[impact, likelihood])
            cells.append(html.Td([html.Strong(str(n) if n else "·"), html.Span(f" {text} ({score})", className="band")],
                                 className=f"risk-cell band-{key}", title=f"{n} risks with likelihood {likelihood} and "
                                                                           f"impact {impact}: score {score}, {text.lower()}"))
        rows.append(html.Tr([html.Th(f"Impact {impact}", scope="row"), *cells]))
    return html.Section([
        html.H2("Likelihood and impact", className="h5"),
        html.Div(html.Table([
            html.Caption("Number of open risks in each cell; each cell names its score band and score"),
            html.Thead(html.Tr([html.Td(""), *[html.Th(f"Likelihood {k}", scope="col") for k in grid.columns]])),
            html.Tbody(rows),
        ], className="table table-sm risk-matrix", id=ids.RISK_MATRIX), className="table-responsive"),
        source_line(source, of=ids.RISK_MATRIX),
    ])


def _list(register, params, source: Provenance | None) -> html.Section:
    shown = register.head(LIST_ROWS)
    columns = [
        Column("Unit", lambda r: r.org_name),
        Column("Owner", lambda r: r.owner_role),
        Column("Category", lambda r: f"{r.category} (appetite {r.appetite})"),
        Column("Likelihood × impact", lambda r: f"{r.likelihood} × {r.impact} = {r.score}", numeric=True),
        Column("Target", lambda r: f"{r.target_score}", numeric=True),
        Column("Against appetite", lambda r: rag_badge(r.rag)),
        Column("Trend", lambda r: risks.TREND_TEXT.get(r.trend, r.trend)),
        Column("Next review", lambda r: [f"{r.next_review_due:%-d %b %Y}",
                                         html.Strong(" overdue") if r.review_overdue else None]),
    ]
    note = (html.P(f"Showing the {LIST_ROWS} most serious of {len(register)}; download the register for all of them.",
                   className="small text-muted") if len(register) > LIST_ROWS else None)
    return html.Section([
        html.H2("The register", className="h5"),
        table(shown, columns, caption="Open risks, most serious first", table_id=ids.RISK_LIST,
              row_header=Column("Risk", lambda r: [html.Span(r.title), html.Div(r.risk_code, className="small text-muted")])),
        note,
        source_line(source, of=ids.RISK_LIST),
        frame.download_links("risks", **params),
    ])


def _units(below, level: str, period_key: str, params, source: Provenance | None) -> html.Section:
    noun = CHILD_NOUN[level]
    columns = [Column("Open risks", lambda r: str(r.risks), numeric=True),
               Column("Red", lambda r: str(r.red), numeric=True),
               Column("Amber", lambda r: str(r.amber), numeric=True),
               Column("Green", lambda r: str(r.green), numeric=True),
               Column("Reviews overdue", lambda r: str(r.reviews_overdue), numeric=True),
               Column("Increasing", lambda r: str(r.increasing), numeric=True)]
    return html.Section([
        html.H2(noun.capitalize(), className="h5"),
        units_table(below, columns, caption=f"Risks on the registers of each of the {noun} and the units below them",
                    noun=noun, href=lambda code: urls.section_url("risks", org=code, period=period_key),
                    order=lambda f: f.sort_values(["red", "amber"], ascending=False), order_text="with most red first"),
        source_line(source, of=ids.UNIT_TABLE),
        frame.download_links("risk_units", **params),
    ])


def _method() -> html.Details:
    return html.Details([
        html.Summary("How risks are judged"),
        html.P("Each risk is scored as likelihood × impact (1–25) at its latest review. Against the council's risk "
               "appetite for its category a risk is green at or below the appetite score, amber above it but within "
               "the tolerance score, and red beyond tolerance. A review is overdue when its next review date has "
               "passed by the month end with no review since.", className="small"),
    ], className="method")
