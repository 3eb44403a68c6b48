"""The council's partners and the indicators they share (tables ``partner`` and
``partner_indicator``): who supplies each figure and who contributes to it.
The organisations are fictional, like the council."""

PARTNERS = [
    ("POLICE", "Eastmere Police", "police"),
    ("FIRE", "Eastmere Fire and Rescue Service", "fire"),
    ("PROBATION", "Probation Service, Eastmere delivery unit", "probation"),
    ("NHS-ACUTE", "Eastmere Hospitals NHS Foundation Trust", "nhs"),
    ("NHS-COMMUNITY", "Eastmere Community Health NHS Trust", "nhs"),
    ("DISTRICTS", "The district councils (waste collection authorities)", "district"),
    ("BUS", "Bus operators", "transport"),
]

SHARED = [
    ("POLICE", "HWY-KSI", "supplies", "collision records (STATS19) for every casualty on the county's roads"),
    ("FIRE", "HWY-KSI", "contributes", "road safety education through the safer roads partnership"),
    ("POLICE", "YJS-FTE", "supplies", "youth cautions and charges from the police national computer"),
    ("PROBATION", "YJS-REOFFEND", "contributes", "supervision of young people moving to adult services"),
    ("POLICE", "YJS-REOFFEND", "supplies", "proven reoffences from the police national computer"),
    ("NHS-ACUTE", "ASC-DTOC", "supplies", "the monthly situation report of delayed transfers"),
    ("NHS-COMMUNITY", "PH-NBV-14", "supplies", "health visiting records (new birth visits)"),
    ("NHS-COMMUNITY", "PH-DRUG-COMPLETE", "contributes", "treatment in the community drug and alcohol service"),
    ("DISTRICTS", "WST-NI192", "supplies", "tonnages collected for reuse, recycling and composting"),
    ("BUS", "TRN-BUS-JOURNEYS", "supplies", "passenger journey returns"),
]


def fill(con) -> None:
    """Insert the partners and the shared indicators this preset's catalogue has."""
    known = {code for (code,) in con.execute("SELECT code FROM indicator").fetchall()}
    shared = [row for row in SHARED if row[1] in known]
    used = {row[0] for row in shared}
    con.executemany("INSERT INTO partner VALUES (?, ?, ?, ?)",
                    [(c, n, k, i) for i, (c, n, k) in enumerate(PARTNERS) if c in used])
    if shared:
        con.executemany("INSERT INTO partner_indicator VALUES (?, ?, ?, ?)", shared)
