"""Turn the errors a URL can cause into clear pages, never a traceback."""

from __future__ import annotations

import functools
import logging

from dashboard.components.frame import message_page
from dashboard.context import BadRequest, NotFound
from dashboard.db import DatabaseUnavailable, OutOfScope
from dashboard.periods import BadPeriod

log = logging.getLogger(__name__)


def friendly_errors(layout):
    """Wrap a page's layout(): unknown codes, bad periods and an unavailable
    database become a message page saying what is wrong and how to go on."""

    @functools.wraps(layout)
    def wrapper(**kwargs):
        try:
            return layout(**kwargs)
        except NotFound as exc:
            return message_page("Page not found", str(exc))
        except (BadPeriod, BadRequest) as exc:
            return message_page("That link is not quite right", str(exc))
        except OutOfScope as exc:
            return message_page("Not available to you", str(exc))
        except DatabaseUnavailable as exc:
            log.error("%s", exc)
            return message_page("The data are unavailable", str(exc))
        except Exception:  # a bug: log it in full, show the reader a plain message
            log.exception("page failed: %s %s", layout.__module__, kwargs)
            return message_page("Something went wrong",
                                "This page could not be drawn. The error has been logged for the support team.")

    return wrapper
