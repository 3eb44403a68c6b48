"""GET /download/<table>.<csv|xlsx>?... — every table on the dashboard as a file.

A page registered in dashboard.pagedata.registry offers every table of its
``data()``, parsed and fetched as the page does; the other tables are built
here by the functions their page uses.  Either way a download matches the
screen.  Unknown codes answer 404, malformed
or out-of-range periods and unknown options 400, an unavailable database 503;
always with a one-line plain-text reason.
"""

from __future__ import annotations

import io
import re
from typing import Callable, Mapping

import flask
import pandas as pd

import logging

from dashboard.context import BadRequest, NotFound, current_db, current_scope, page_context
from dashboard.db import DatabaseUnavailable, OutOfScope
from dashboard.periods import BadPeriod
from dashboard.views import exceptions as exceptions_report
from dashboard.views import benchmarking as benchmarking_report
from dashboard.views.benchmarking_funnel import funnel as benchmarking_funnel, funnel_table as benchmarking_funnel_table
from dashboard.pagedata.base import Page
from dashboard.pagedata.registry import PAGES, page_of_table

log = logging.getLogger(__name__)
Builder = Callable[[Mapping[str, str]], pd.DataFrame]
TABLES: dict[str, Builder] = {}
# Tables with one row per child's case: only with the casework permission, and every download is logged.
CASE_LEVEL = frozenset({"casework_unallocated", "casework_due", "casework_cases"})


def table(name: str):
    def register(builder: Builder) -> Builder:
        TABLES[name] = builder
        return builder
    return register


@table("exceptions")
def _exceptions(args: Mapping[str, str]) -> pd.DataFrame:
    db, viewer = current_db(), current_scope()
    ctx = page_context(db, args.get("org"), args.get("period"))
    filters = {k: args.get(k, "") for k in exceptions_report.FILTER_KEYS}
    return exceptions_report.download(exceptions_report.exceptions(db, ctx.org.code, ctx.month, scope=viewer,
                                                                   **filters).rows)


def _comparison(args: Mapping[str, str]):
    """The comparison the page shows for these parameters; a comparison that cannot be made answers with its
    reason (400 for a value that is not one of the choices, else 404)."""
    from dashboard.context import current_settings

    db = current_db()
    cat = benchmarking_report.catalogue(db)
    measure = args.get("measure") or (cat["measure_id"].iloc[0] if len(cat) else "")
    c = benchmarking_report.compare(db, measure, args.get("area") or current_settings().home_area, args.get("group"),
                                    args.get("period"), args.get("breakdown"), args.get("per"), cat=cat)
    if c.why_not:
        raise (BadRequest if c.asked_wrongly else NotFound)(c.why_not)
    return db, c


@table("benchmarking")
def _benchmarking(args: Mapping[str, str]) -> pd.DataFrame:
    """The comparison's areas; ``value`` is the figure compared (per head where it is), ``published_value`` the
    file's own."""
    _db, c = _comparison(args)
    m = c.measure
    out = c.values.assign(measure_code=m["measure_code"], measure_name=m["measure_name"], publisher=m["publisher"],
                          comparator=c.group_text, loaded_at=m["loaded_at"], measure_id=m["measure_id"],
                          breakdown=c.breakdown, published_value=c.values["published"], compared=c.what,
                          population_source=c.base.source if c.base else None)
    if "population_period" not in out:
        out["population_period"] = None
    return out[["measure_code", "measure_name", "publisher", "comparator", "area_code", "area_name", "area_type",
                "period_label", "period_start", "period_end", "value", "status", "rank", "quartile", "from_median",
                "source_ref", "loaded_at", "measure_id", "breakdown", "compared", "published_value", "population",
                "population_source", "population_period"]]


@table("benchmarking_funnel")
def _benchmarking_funnel(args: Mapping[str, str]) -> pd.DataFrame:
    """The funnel plot's figures; 404 with the reason when the measure has no counts to draw one."""
    _db, c = _comparison(args)
    f = benchmarking_funnel(c)
    if f.result is None:
        raise NotFound(f.why_not)
    out = benchmarking_funnel_table(c, f)
    for at, (name, value) in enumerate({
            "measure_code": c.measure["measure_code"], "measure_name": c.measure["measure_name"],
            "comparator": c.group_text, "period_label": c.period, "numerator_is": f.numerator_name,
            "denominator_is": f.denominator_name}.items()):
        out.insert(at, name, value)
    return out


def _from_page(page: Page, name: str) -> Builder:
    def build(args: Mapping[str, str]) -> pd.DataFrame:
        db = current_db()
        return page.data(db, current_scope(), page.parse(db, args)).table(name)
    return build


# every table of a registered page's data, fetched and parsed as the page does
for _page in PAGES.values():
    for _name in _page.tables:
        table(_name)(_from_page(_page, _name))


def register_routes(server: flask.Flask) -> None:
    from dashboard.errors import shorten_quotes

    @server.route("/download/<name>.<fmt>")
    def download(name: str, fmt: str):
        builder = TABLES.get(name)
        if builder is None:
            return text_response(404, shorten_quotes(f"There is no table called “{name}” to download."))
        if fmt not in ("csv", "xlsx"):
            return text_response(404, shorten_quotes(f"Tables download as .csv or .xlsx, not “.{fmt}”."))
        from dashboard.auth.viewer import current_viewer
        if not current_viewer().may_open(section_of_table(name)):
            return text_response(403, "This table is not available to you.")
        try:
            frame = builder(flask.request.args)
        except REQUEST_ERRORS as exc:
            return error_response(exc)
        if name in CASE_LEVEL:
            from dashboard import auth
            auth.record("case_download", username=auth.current_viewer().username,
                        parameters={"table": name, "format": fmt, **flask.request.args.to_dict(), "rows": len(frame)})
        filename = _filename(name, flask.request.args)
        if fmt == "csv":
            body = neutralised(frame).to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S").encode("utf-8")
            return _file(body, "text/csv; charset=utf-8", f"{filename}.csv")
        return _file(_excel(frame, name), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"{filename}.xlsx")


_FILENAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", re.ASCII)


# The page (navigation section) each table belongs to: a table is open to whoever may open its page.
_TABLE_SECTIONS = {"exceptions": "exceptions", "benchmarking": "benchmarking"}


def section_of_table(name: str) -> str:
    page = page_of_table(name)
    return page.section if page else _TABLE_SECTIONS[name.split("_")[0]]


def _filename(name: str, args: Mapping[str, str]) -> str:
    """The table and the codes and month it is for; only plain ASCII codes ever reach the header."""
    parts = [name] + [args[k] for k in ("code", "org", "period")
                      if args.get(k) and _FILENAME_PART.fullmatch(args[k]) and ".." not in args[k]]
    return "_".join(parts)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with an
    apostrophe in CSV, so Excel shows it as text (OWASP's CSV injection advice)."""
    out = frame
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if risky.any():
            if out is frame:
                out = frame.copy()
            out[column] = values.where(~risky, "'" + values.astype(str))
    return out


def _excel(frame: pd.DataFrame, sheet: str) -> bytes:
    out = io.BytesIO()
    # text is written as text: never a formula or a link, whatever an imported file held
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        writer.sheets[sheet[:31]].freeze_panes(1, 0)
    return out.getvalue()


def _file(body: bytes, mimetype: str, filename: str) -> flask.Response:
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# What a request can get wrong, and the status each answers with.
ERROR_STATUS = {NotFound: 404, BadPeriod: 400, BadRequest: 400, OutOfScope: 403, DatabaseUnavailable: 503}
REQUEST_ERRORS = tuple(ERROR_STATUS)


def error_response(exc: Exception) -> flask.Response:
    """The one-line plain-text answer to one of REQUEST_ERRORS (never a path or DuckDB's words: those are logged)."""
    from dashboard.errors import UNAVAILABLE, shorten_quotes

    status = next(code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind))
    if isinstance(exc, DatabaseUnavailable):
        log.error("%s", exc)
        return text_response(status, UNAVAILABLE)
    return text_response(status, shorten_quotes(str(exc)))


def text_response(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain; charset=utf-8")
