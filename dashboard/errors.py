"""Turn the errors a URL can cause into clear pages, never a traceback."""

from __future__ import annotations

import functools
import logging
import re

import flask

from dashboard.components.frame import message_page
from dashboard.context import BadRequest, NotFound
from dashboard.db import DatabaseUnavailable, OutOfScope
from dashboard.periods import BadPeriod

log = logging.getLogger(__name__)

UNAVAILABLE = "The dashboard cannot read its data just now. The support team has the details; try again later."
QUOTE_LIMIT = 80
_QUOTED = re.compile(r"“([^”]*)”")


def shorten_quotes(message: str) -> str:
    """A message quotes at most ~80 characters of a bad value: a long value is cut with an ellipsis."""
    return _QUOTED.sub(lambda m: "“" + (m.group(1) if len(m.group(1)) <= QUOTE_LIMIT
                                        else m.group(1)[:QUOTE_LIMIT - 1] + "…") + "”", message)


def friendly_errors(layout):
    """Wrap a page's layout(): unknown codes, bad periods, units outside the viewer's scope and an
    unavailable database become a message page (with the site's header) saying what is wrong and
    how to go on; the status it deserves is kept for the page's own address (dashboard.security)."""

    @functools.wraps(layout)
    def wrapper(**kwargs):
        try:
            repeated = next((k for k, v in kwargs.items() if isinstance(v, list)), None)
            if repeated is not None:
                raise BadRequest(f"The address gives “{repeated}” more than once: give each setting once.")
            return layout(**kwargs)
        except NotFound as exc:
            return _message(404, "Page not found", str(exc))
        except (BadPeriod, BadRequest) as exc:
            return _message(400, "That link is not quite right", str(exc))
        except OutOfScope as exc:
            return _message(403, "Not available to you", str(exc))
        except DatabaseUnavailable as exc:
            log.error("%s", exc)       # the path and DuckDB's words go to the log, not to the reader
            return _message(503, "The data are unavailable", UNAVAILABLE, header=False)
        except Exception:  # a bug: log it in full, show the reader a plain message
            log.exception("page failed: %s %s", layout.__module__, kwargs)
            return _message(500, "Something went wrong",
                            "This page could not be drawn. The error has been logged for the support team.")

    return wrapper


def not_found_page(text: str):
    return _message(404, "Page not found", text)


def forbidden_page(text: str):
    return _message(403, "Not available to you", text)


def _message(status: int, title: str, text: str, *, header: bool = True):
    if flask.has_request_context():
        flask.g.mi_page_status = status
    return message_page(title, shorten_quotes(text), info=_info() if header else None)


def _info():
    """The build, for the page header; None when it cannot be read."""
    from dashboard.context import build_info, current_db
    try:
        return build_info(current_db())
    except Exception:       # the message must show whatever went wrong with the data
        return None
