"""/benchmarking?measure=<publication>.<column>&area=<ONS code>&group=<neighbours|type|districts>&period=<label>
&breakdown=<filter values>&per=<population|raw> — one council against a comparator group on published
statistics (imported with ``python -m data.ingest``): rank and quartile, the group median, the trend against it,
a funnel plot where the file has the counts behind a proportion, and the values with their source, status and
load date.  Pickers choose the measure, its breakdown, the population a count is divided by and the period;
a comparison that cannot be made says why, here, beside them."""

from __future__ import annotations

from urllib.parse import parse_qsl

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html

from dashboard import ids, urls
from dashboard.components import frame
from dashboard.components.charts import base_layout, dates, graph_style, numbers
from dashboard.components.funnel_plot import funnel_section
from dashboard.components.kpi import Kpi, headline
from dashboard.components.spc import variation_icon
from dashboard.components.tables import Column, scrollable, table
from dashboard.context import current_db, current_scope
from dashboard.errors import friendly_errors
from dashboard.vocabulary import number_text
from dashboard.pagedata import comparison as report
from dashboard.pagedata.comparison_choices import RAW
from dashboard.pagedata import benchmarking

dash.register_page(__name__, path="/benchmarking", title="Benchmarking")

PICK, SHOWN = "benchmark-pick", "benchmark-shown"     # every picker is {"type": PICK, "key": ...}
QUARTER = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}
POSITION = {1: "highest quarter", 2: "second highest quarter", 3: "second lowest quarter", 4: "lowest quarter"}


@friendly_errors
def layout(measure: str | None = None, area: str | None = None, group: str | None = None,
           period: str | None = None, breakdown: str | None = None, per: str | None = None, **_other):
    db = current_db()
    got = benchmarking.data(db, current_scope(), benchmarking.PAGE.parse(db, {
        "measure": measure, "area": area, "group": group, "period": period, "breakdown": breakdown, "per": per}))
    info, cat, c, area = got.params.info, got.catalogue, got.comparison, got.params.asked["area"]
    # published periods are the publishers' own, so the month picker has no part here
    page = dict(active="benchmarking", month=info.last_month, heading="Benchmarking on published statistics",
                picker=html.Div())
    if c is None:
        return frame.page(info, **page, body=[html.P(
            "No published statistics have been imported into this database yet. An analyst imports the "
            "publishers' own files with `python -m data.ingest <kind> FILE` (see the README); the demo's own "
            "figures are invented, so they are never compared with real councils.")])
    m = c.measure
    params = {"measure": m["measure_id"], "area": area, "group": c.group, "period": c.period or None,
              "breakdown": c.breakdown or None, "per": per}
    body = [_choices(cat, c), _about(c)]
    if c.note:
        body.append(html.P(c.note, className="small", id="benchmark-note"))
    if c.why_not:
        body.append(html.Div([html.H2("This comparison cannot be made", className="h5"), html.P(c.why_not)],
                             className="alert alert-warning", role="status", id="benchmark-why-not"))
    else:
        body += [_headline(c), _trend(c), _table(c, params),
                 funnel_section(c, got.funnel, params), _club(c, got.club) if c.group == "districts" else None]
    return frame.page(info, **page, subheading=f"{c.home_name} · {m['measure_name']}", body=body)


# -- the pickers ------------------------------------------------------------------------------------------

def _select(key: str, label: str, value: str, options: list[dict], hint: str | None = None) -> html.Label:
    """A select inside its label (so the label names it however Dash writes the pattern id), with the
    publisher's hint."""
    return html.Label([
        html.Span(label, className="form-label d-block mb-0"),
        html.Span(hint, className="form-text d-block mt-0") if hint else None,
        dbc.Select(id={"type": PICK, "key": key}, value=value, options=options),
    ], className=f"benchmark-choice benchmark-choice-{key.partition(':')[0]}")


def _choices(cat, c) -> html.Div:
    m = c.measure
    # the id of each measure, unique across publications, after its name: two files' children_count differ
    picks = [_select("measure", "Measure", m["measure_id"],
                     [{"label": f"{r.measure_name} ({r.publisher}: {r.measure_id.rpartition('.')[0]})",
                       "value": r.measure_id} for r in cat.itertuples()])]
    shown = {"measure": m["measure_id"]}
    current = c.breakdowns.parts.get(c.breakdown, {})
    for f in c.breakdowns.choosable:
        key = f"filter:{f.col}"
        grouping = next((g.col for g in c.breakdowns.filters if g.col == f.grouped_by), None)
        value = current.get(f.col, f.items[0])
        heads = {b.get(f.col): b.get(grouping) for b in c.breakdowns.parts.values()} if grouping else {}
        picks.append(_select(key, f.label, value, [
            {"label": f"{heads[i]}: {i}" if heads.get(i) else i, "value": i} for i in f.items], f.hint))
        shown[key] = value
    if c.bases:
        value = c.base.id if c.base else RAW
        picks.append(_select("per", "Compare", value, [
            {"label": f"per head of {b.label} ({'the same file' if b.same_file else 'imported'})", "value": b.id}
            for b in c.bases] + [{"label": "as published (raw figures, not per head)", "value": RAW}]))
        shown["per"] = value
    if len(c.periods) > 1 and c.period:
        picks.append(_select("period", "Period", c.period, [{"label": p, "value": p} for p in reversed(c.periods)]))
        shown["period"] = c.period
    groups = html.Div([html.Span("Compare with: ", className="switch-label"), html.Ul([
        html.Li(dcc.Link([text, html.Span(" (selected)", className="visually-hidden")] if key == c.group else text,
                         href=urls.benchmarking_url(measure=m["measure_id"], area=c.area, group=key,
                                                    breakdown=c.breakdown or None),
                         className="switch-link" + (" active" if key == c.group else "")))
        for key, text in report.GROUPS.items()], className="switch")], className="switches mt-2")
    return html.Div([html.Div(picks, className="benchmark-choices"), groups, dcc.Store(id=SHOWN, data=shown)],
                    className="mb-3", id="benchmark-choices")


@dash.callback(Output(ids.NAV_LOCATION, "href", allow_duplicate=True), Input({"type": PICK, "key": ALL}, "value"),
               State(SHOWN, "data"), State("_pages_location", "search"), prevent_initial_call=True)
def choose(_values, shown, search):
    """A picker's new value as the page's URL: another measure starts from its own defaults (keeping the
    area); another filter value keeps the others where a breakdown has them.  The value shown when the page
    was drawn (reported as the selects mount) does not navigate."""
    key = (ctx.triggered_id or {}).get("key")
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    if not key or value is None or (shown or {}).get(key) == value:
        return dash.no_update
    if key == "measure":
        return "/benchmarking" + urls.replace_query(search, measure=value, group=None, period=None, breakdown=None,
                                                    per=None)
    if key.startswith("filter:"):
        breakdown = report.breakdown_with(current_db(), shown["measure"], _query(search).get("breakdown"),
                                          key.partition(":")[2], value)
        return "/benchmarking" + urls.replace_query(search, breakdown=breakdown or None, period=None)
    if key == "per":
        return "/benchmarking" + urls.replace_query(search, per=value, period=None)
    return "/benchmarking" + urls.replace_query(search, **{key: value})


def _query(search: str | None) -> dict:
    return dict(parse_qsl((search or "").lstrip("?")))


# -- what is compared ----------------------------------------------------------------------------------------

def _about(c) -> html.P:
    m = c.measure
    direction = report.POLARITY_TEXT.get(m["polarity"])
    why = f" (source: {m['polarity_source']})" if direction and isinstance(m["polarity_source"], str) else ""
    parts = [html.Strong(m["measure_name"]), f" ({m['publisher']})"]
    if c.breakdown:
        parts.append(f", {c.breakdowns.describe(c.breakdown)}")
    if c.what:
        parts.append(f", {c.what}")
    parts.append(f". Which way is better: {direction or 'no preferred direction'}{why}. ")
    if c.period and not c.why_not:
        parts.append(f"Compared with {c.group_text} ({int(c.values['value'].notna().sum())} of {len(c.values)} "
                     f"areas with a figure), {c.period}. ")
    parts.append(html.Span(f"Source: {m['title']}, file {m['source_file']}, imported {m['loaded_at']:%-d %B %Y}."
                           + (f" Population: {c.base.source}{_population_years(c)}." if c.base else ""),
                           className="text-muted"))
    return html.P(parts, className="small", id="benchmark-source")


def _population_years(c) -> str:
    if c.values.empty or "population_period" not in c.values:
        return ""
    years = sorted(set(c.values["population_period"].dropna()))
    return f", {', '.join(years)} for {c.period}" if years and not c.base.same_file else ""


def figure(x, c) -> str:
    """A compared figure to the published precision (the comparison itself is unrounded)."""
    return number_text(x, f",.{c.decimals}f")


def distance(x, c) -> str:
    """The distance from the median: "+1.2", "at the median", or "+<0.1" where it rounds to nothing."""
    if x != x:
        return "–"
    if x == 0:
        return "at the median"
    step = 10.0 ** -c.decimals
    if abs(x) < step / 2:
        return f"{'+' if x > 0 else '−'}<{step:g}"
    return number_text(x, f"+,.{c.decimals}f")


def _headline(c) -> html.Section:
    n = int(c.values["value"].notna().sum())
    median = c.values["value"].median()
    if c.group == "districts":      # the county is not one of its districts: the club compares them with each other
        best = c.values.dropna(subset=["value"]).iloc[0] if n else None
        return headline([
            Kpi("Districts with a figure", f"{n}", c.period),
            Kpi("District median", figure(median, c), c.what or None),
            Kpi("Ranked first", best["area_name"] if best is not None else "–",
                report.POLARITY_TEXT.get(c.measure["polarity"], "ranked high to low: no preferred direction")),
        ], label="Benchmark headline", section_id="benchmark-headline")
    home = c.home
    if home is None or home["rank"] != home["rank"]:
        why = "" if home is None else f" ({str(home['status']).replace('_', ' ')})"
        return html.P(f"{c.home_name} has no figure for {c.period}{why}; the group's figures are below.",
                      id="benchmark-headline")
    direction = report.POLARITY_TEXT.get(c.measure["polarity"])
    quartile = int(home["quartile"])
    standing = (f"{QUARTER[quartile]} ({direction})" if direction else
                f"{POSITION[quartile]}: ranked high to low, no preferred direction")
    if c.raw:
        standing += f"; a {'count' if c.measure['kind'] == 'count' else 'sum of money'} ranks size as much as anything"
    return headline([
        Kpi(c.home_name, figure(home["value"], c), f"{c.period}{', ' + c.what if c.what else ''}"),
        Kpi("Rank", f"{int(home['rank'])} of {n}", standing),
        Kpi("Group median", figure(median, c), f"{distance(home['from_median'], c)} from it"
            if home["from_median"] != 0 else f"{c.home_name} is at the median"),
    ], label="Benchmark headline", section_id="benchmark-headline")


def _trend(c) -> html.Section:
    t = c.trend
    home_line = [] if c.group == "districts" else [
        dict(type="scatter", x=dates(t["period_start"]), y=numbers(t["home"]), mode="lines+markers", name=c.home_name,
             line=dict(color="#1d70b8", width=2), marker=dict(symbol="circle", size=7))]
    fig = dict(data=home_line + [
        dict(type="scatter", x=dates(t["period_start"]), y=numbers(t["median"]), mode="lines+markers",
             name=f"Median of {c.group_text}", line=dict(color="#505a5f", width=2, dash="dash"),
             marker=dict(symbol="diamond", size=7)),
    ], layout=base_layout(height=300, yaxis=dict(gridcolor="#e5e5e5", zeroline=False,
                                                 title=dict(text=c.unit) if c.unit else None)))
    columns = [Column(c.home_name, lambda r: figure(r.home, c), numeric=True),
               Column("Group median", lambda r: figure(r.median, c), numeric=True),
               Column("Areas with a figure", lambda r: str(int(r.count)), numeric=True)]
    return html.Section([
        html.H2(f"Against the median of {c.group_text} over time", className="h5"),
        html.Figure([dcc.Graph(id="benchmark-trend", figure=fig, style=graph_style(fig),
                               config={"displaylogo": False, "responsive": True}),
                     html.Figcaption(f"{c.home_name} (solid) and the median of {c.group_text} (dashed), each period "
                                     "published; the table below has the figures.", className="small text-muted")]),
        html.Details([html.Summary("Show the figures as a table"),
                      scrollable(table(t, columns, caption="Each published period",
                                       row_header=Column("Period", lambda r: r.period_label)),
                                 "The trend's figures")]),
    ])


def _quartile(r, c):
    """The quartile in words, coloured only where the publisher (or the declared list) says which way is better."""
    if r.quartile != r.quartile:
        return "–"
    q = int(r.quartile)
    if c.measure["polarity"] in ("up", "down"):
        return html.Span(f"{q} · {QUARTER[q]}", className=f"quartile quartile-{q}")
    return f"{q} · {POSITION[q]}"


def _published(x, c) -> str:
    """A figure as the file publishes it (before any division by a population)."""
    return number_text(x, f",.{max(0, int(c.measure['decimals']))}f")


def _value(r, c) -> str:
    if r.value == r.value:
        return figure(r.value, c) + ("" if r.status == "value" else f" ({str(r.status).replace('_', ' ')})")
    if r.published == r.published:      # a published count whose population is not known
        return f"{_published(r.published, c)} published; {r.status}"
    return str(r.status).replace("_", " ")


def _table(c, params) -> html.Section:
    mixed = c.values["source_file"].nunique() > 1
    columns = [Column(f"Figure{' (' + c.unit + ')' if c.unit else ''}", lambda r: _value(r, c), numeric=True)]
    if c.base is not None:
        columns += [Column("As published", lambda r: _published(r.published, c), numeric=True),
                    Column(f"Population ({c.base.label})", lambda r: number_text(r.population, ",.0f"), numeric=True)]
    columns += [
        Column("Rank", lambda r: "–" if r.rank != r.rank else str(int(r.rank)), numeric=True),
        Column("Quartile", lambda r: _quartile(r, c)),
        Column("From the median", lambda r: distance(r.from_median, c), numeric=True),
        # the file too where the publication's current values come from more than one of its releases
        Column("Source", lambda r: "–" if not isinstance(r.source_ref, str) else
               f"{r.source_file + ' ' if mixed else ''}{r.source_ref}, imported {c.measure['loaded_at']:%-d %b %Y}"),
    ]
    caption = ("Rank 1 is the best" if c.measure["polarity"] in ("up", "down") else
               "Rank 1 is the highest: nobody says which way is better")
    if c.raw:
        caption += "; raw figures, not per head: bigger areas have more"
    return html.Section([
        html.H2(f"{c.group_text[:1].upper() + c.group_text[1:]}, {c.period}", className="h5"),
        scrollable(table(c.values, columns, caption=caption, table_id="benchmark-table",
                         row_header=Column("Area", lambda r: [html.Strong(r.area_name) if r.area_code == c.area
                                                              else r.area_name])), f"{c.group_text}, {c.period}"),
        frame.download_links("benchmarking", **params),
    ])


def _club(c, club: list[benchmarking.District]) -> html.Section:
    """The district benchmarking club: each district's own series judged with SPC (Making Data Count rules),
    so a district sees whether its latest figure is a real change or ordinary variation."""
    rows = [html.Tr([
        html.Th(d.name, scope="row"),
        html.Td(figure(d.values.iloc[-1], c), className="num"),
        html.Td(d.latest_period),
        html.Td(variation_icon(d.variation)),
        html.Td(str(int(d.values.notna().sum())), className="num"),
    ]) for d in club]
    return html.Section([
        html.H2("The district benchmarking club: each district's own trend", className="h5"),
        html.P("Each district's published series judged as an XmR chart (Making Data Count rules; limits need 13 "
               "or more values), so a district can tell a real change from ordinary variation.",
               className="small text-muted"),
        scrollable(html.Div(html.Table([
            html.Caption("Latest figure and the variation its own series shows"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in ("District", "Latest", "Period", "Variation",
                                                                   "Figures")])),
            html.Tbody(rows)], className="table table-sm", id="benchmark-club"), className="table-responsive"),
            "The districts' own trends"),
    ])
