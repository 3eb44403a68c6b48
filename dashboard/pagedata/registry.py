"""The pages whose data is fetched by one ``data(db, viewer, params)``: adding a page is its data module in
this package, its layout in dashboard/pages/, its SQL, its test and one line here; its tables are then
downloadable from /download with the page's own parameters and access."""

from __future__ import annotations

from dashboard.pagedata import (benchmarking, casework, commentary_due, customers, data_quality, exceptions, finance,
                                indicator, partnerships, risks, scorecard, sources, vfm, workforce)
from dashboard.pagedata.base import Page

PAGES: dict[str, Page] = {
    "scorecard": scorecard.PAGE,
    "exceptions": exceptions.PAGE,
    "finance": finance.PAGE,
    "workforce": workforce.PAGE,
    "customers": customers.PAGE,
    "risks": risks.PAGE,
    "sources": sources.PAGE,
    "partnerships": partnerships.PAGE,
    "data-quality": data_quality.PAGE,
    "commentary-due": commentary_due.PAGE,
    "value-for-money": vfm.PAGE,
    "casework": casework.PAGE,
    "benchmarking": benchmarking.PAGE,
    "indicator": indicator.PAGE,
}


def page_of_table(name: str) -> Page | None:
    """The registered page that offers the download ``name``, if any."""
    return next((p for p in PAGES.values() if name in p.tables), None)
