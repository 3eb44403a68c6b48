"""Component ids shared between modules and used by browser tests."""

NAV_LOCATION = "nav-location"            # dcc.Location that callbacks use to change the URL
PERIOD_PICKER = "period-picker"          # month dropdown on every page
PAGE_PERIOD = "page-period"              # the month the page shows (a dcc.Store)
BREADCRUMB = "breadcrumb"
PAGE_HEADING = "page-heading"
FRESHNESS = "data-freshness"
RAG_SUMMARY = "rag-summary"
CHILD_UNITS = "child-units"
CHILD_JUMP = "child-jump"                # select: go to any unit below, when the table shows only some
SCORECARD = "scorecard"
DOWNLOADS = "downloads"
INDICATOR_TREND = "indicator-trend"
INDICATOR_CHILDREN = "indicator-children"
INDICATOR_CHILDREN_CHART = "indicator-children-chart"
PAGE_ERROR = "page-error"
INDICATOR_SPC = "indicator-spc"
SPC_SECTION = "spc-section"
SPC_RECALC = "spc-recalc"                # select: recalculate limits from a period
SPC_BASELINE = "spc-baseline"            # select: limits from the first n points
EXCEPTION_FILTER = "exception-filter"    # prefix: exception-filter-directorate, -theme, -portfolio, -reason
EXCEPTION_TABLE = "exception-table"
EXCEPTION_COUNT = "exception-count"
TOP_EXCEPTIONS = "top-exceptions"
FORECAST = "year-end-forecast"
