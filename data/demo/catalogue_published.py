"""Internal indicators paired with the published measures they can be set
against (table ``indicator_published``).  Each pair is the same kind of
figure; the sentence says how the published definition differs."""

PAIRS = [
    ("CSC-REREF-12", "rereferral_percent", "down",
     "DfE: referrals in the year to 31 March within 12 months of a previous referral, as a percentage of all "
     "referrals in the year (children in need census); this dashboard counts the same each month."),
    ("CSC-CASELOAD", "caseload_fte", "down",
     "DfE: cases held by children and family social workers per case-holding FTE at 30 September (workforce "
     "census); this dashboard's figure is at each month end."),
    ("CSC-SW-VACANCY", "vacancy_rate_fte", "down",
     "DfE: vacant FTE posts as a percentage of vacancies plus FTE social workers in post at 30 September "
     "(workforce census); this dashboard's figure is at each month end."),
]


def fill(con) -> None:
    """Insert the pairs whose indicator the catalogue of this preset has."""
    known = {code for (code,) in con.execute("SELECT code FROM indicator").fetchall()}
    rows = [p for p in PAIRS if p[0] in known]
    if rows:
        con.executemany("INSERT INTO indicator_published VALUES (?, ?, ?, ?)", rows)
