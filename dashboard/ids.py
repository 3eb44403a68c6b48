"""Component ids shared between modules and used by browser tests."""

NAV_LOCATION = "nav-location"            # dcc.Location that callbacks use to change the URL
PERIOD_PICKER = "period-picker"          # month dropdown on every page
PAGE_PERIOD = "page-period"              # the month the page shows (a dcc.Store)
BREADCRUMB = "breadcrumb"
PAGE_HEADING = "page-heading"
FRESHNESS = "data-freshness"
RAG_SUMMARY = "rag-summary"
CHILD_UNITS = "child-units"
SCORECARD = "scorecard"
DOWNLOADS = "downloads"
INDICATOR_TREND = "indicator-trend"
INDICATOR_CHILDREN = "indicator-children"
INDICATOR_CHILDREN_CHART = "indicator-children-chart"
PAGE_ERROR = "page-error"
