"""The only place that builds links: the URL is the state of every view.

Identity lives in the path (``/org/SCF-CSC-T03``), filters in the query string
(``?period=2026-09&group=portfolio``), so back, reload, bookmarks and copied
links all reproduce a view.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode


def _with_query(path: str, **params) -> str:
    """``path`` with ``params`` (empty ones left out) and, while the request looks back, its ``as_at``."""
    from dashboard.asat import current

    looking = current()
    if looking is not None and "as_at" not in params:
        params["as_at"] = looking.text
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def org_url(code: str, *, period: str | None = None, group: str | None = None,
            scope: str | None = None, council_code: str | None = None, mine: bool = False) -> str:
    """The scorecard of a unit; the council's is the home page.  ``mine``: only the signed-in owner's
    indicators (``?mine=1``)."""
    path = "/" if code == council_code else f"/org/{code}"
    return _with_query(path, period=period, group=group, scope=scope, mine="1" if mine else None)


def indicator_url(code: str, *, org: str | None = None, period: str | None = None) -> str:
    return _with_query(f"/indicator/{code}", org=org, period=period)


def exceptions_url(*, org: str | None = None, period: str | None = None, **filters) -> str:
    return _with_query("/exceptions", org=org, period=period, **filters)


def commentary_due_url(*, org: str | None = None, period: str | None = None) -> str:
    return _with_query("/exceptions/commentary", org=org, period=period)


def data_quality_url(*, org: str | None = None, period: str | None = None) -> str:
    return _with_query("/data-quality", org=org, period=period)


SECTIONS = ("finance", "workforce", "customers", "risks", "value-for-money")


def section_url(section: str, *, org: str | None = None, period: str | None = None, **params) -> str:
    """A resource page (``/finance``, ``/workforce``, ...) for a unit and month."""
    if section not in SECTIONS:
        raise ValueError(f"no section {section!r}")
    return _with_query(f"/{section}", org=org, period=period, **params)


def casework_url(*, org: str | None = None, date: str | None = None, days: int | None = None) -> str:
    """Children's casework as at the end of a day (default: the latest in the data)."""
    return _with_query("/casework", org=org, date=date, days=days)


def benchmarking_url(*, measure: str | None = None, area: str | None = None, group: str | None = None,
                     period: str | None = None, breakdown: str | None = None, per: str | None = None) -> str:
    """A council against a comparator group on a published measure (``<publication>.<column>``), in one of its
    breakdowns, per head of a population (``per``: its id, or ``raw``)."""
    return _with_query("/benchmarking", measure=measure, area=area, group=group, period=period, breakdown=breakdown,
                       per=per)


def partnerships_url(*, period: str | None = None) -> str:
    return _with_query("/partnerships", period=period)


def download_url(table: str, fmt: str, **params) -> str:
    return _with_query(f"/download/{table}.{fmt}", **params)


def replace_query(search: str | None, **changes) -> str:
    """The query string ``search`` with ``changes`` applied (None removes a key)."""
    params = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return f"?{query}" if query else ""


def briefing_url(*, org: str | None = None, period: str | None = None, kind: str | None = None,
                 portfolio: str | None = None) -> str:
    return _with_query("/briefing", org=org, period=period, kind=kind, portfolio=portfolio)


def briefing_file_url(fmt: str, *, org: str | None = None, period: str | None = None, kind: str | None = None,
                      portfolio: str | None = None) -> str:
    """The pack itself: ``pdf`` (made, archived and downloaded) or ``html`` (the preview)."""
    return _with_query(f"/briefing/pack.{fmt}", org=org, period=period, kind=kind, portfolio=portfolio)


def briefing_archive_url() -> str:
    return "/briefing/archive"


def archived_file_url(pack_id: str, name: str) -> str:
    """One file of an archived pack: pack.pdf, pack.html, document.json or manifest.json."""
    return f"/briefing/archive/{pack_id}/{name}"
