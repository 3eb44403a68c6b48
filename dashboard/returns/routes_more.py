"""The analysts' side of returns: the chasing list, spot checks and SPC recalculation points."""

from __future__ import annotations

import flask


def register(server: flask.Flask) -> None:
    pass
