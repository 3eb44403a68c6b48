"""Where each domain's raw tables come from (table ``data_source``): the system
or return the demo council extracts them from.  Indicators name their own
source (``indicator.source``); these are the other domains'.  The names match
the indicator catalogue's, so a page never calls one system two things: SAP for
the ledger, SAP HR for staff, Lagan CRM for complaints, Mosaic for children's
cases (data/catalogue_*.py)."""

SOURCES = [
    ("finance", "SAP", "general ledger"),
    ("workforce", "SAP HR", "HR and payroll"),
    ("feedback", "Lagan CRM", "customer feedback and complaints"),
    ("survey", "Residents' tracker survey", "quarterly counts by district"),
    ("risk", "Pentana", "risk registers"),
    ("casework", "Mosaic", "children's case records"),
]


def fill(con) -> None:
    """Insert the sources, each loaded when the demo database is built (build_info.built_at)."""
    con.executemany("INSERT INTO data_source SELECT ?, ?, ?, built_at FROM build_info", SOURCES)
