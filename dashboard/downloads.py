"""GET /download/<table>.<csv|xlsx>?... — every table on the dashboard as a file.

Every page registered in dashboard.pagedata.registry offers the tables of its
``data()``, with the URL parsed and the data fetched as the page does, so a
download matches the screen.  Unknown codes answer 404, malformed or
out-of-range periods and unknown options 400, a unit outside the viewer's
scope 403, an unavailable database 503; always with a one-line plain-text
reason.
"""

from __future__ import annotations

import io
import re
from typing import Callable, Mapping

import flask
import pandas as pd

import logging

from dashboard.context import BadRequest, NotFound, current_db, current_scope
from dashboard.db import DatabaseUnavailable, OutOfScope
from dashboard.periods import BadPeriod
from dashboard.pagedata.base import Page
from dashboard.pagedata.registry import PAGES, page_of_table

log = logging.getLogger(__name__)
Builder = Callable[[Mapping[str, str]], pd.DataFrame]
# Tables with one row per child's case: only with the casework permission, and every download is logged.
CASE_LEVEL = frozenset({"casework_unallocated", "casework_due", "casework_cases"})


def _from_page(page: Page, name: str) -> Builder:
    def build(args: Mapping[str, str]) -> pd.DataFrame:
        db = current_db()
        return page.data(db, current_scope(), page.parse(db, args)).table(name)
    return build


# Every table of every registered page's data, its URL parsed and its data fetched as the page does.
TABLES: dict[str, Builder] = {name: _from_page(page, name) for page in PAGES.values() for name in page.tables}


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


def section_of_table(name: str) -> str:
    """The navigation section of the page a table belongs to: a table is open to whoever may open its page."""
    return page_of_table(name).section


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
