"""Where each domain's raw tables come from (table ``data_source``): the system
or return the demo council extracts them from.  Indicators name their own
source (``indicator.source``); these are the other domains'.  The names match
the indicator catalogue's, so a page never calls one system two things: SAP for
the ledger, SAP HR for staff, Lagan CRM for complaints, Mosaic for children's
cases (data/demo/catalogue_*.py).  The demo writes them as data_source.csv of its
extract folder; the build stamps them with when it loaded them."""

SOURCES = [
    ("finance", "SAP", "general ledger"),
    ("workforce", "SAP HR", "HR and payroll"),
    ("feedback", "Lagan CRM", "customer feedback and complaints"),
    ("survey", "Residents' tracker survey", "quarterly counts by district"),
    ("risk", "Pentana", "risk registers"),
    ("casework", "Mosaic", "children's case records"),
]

