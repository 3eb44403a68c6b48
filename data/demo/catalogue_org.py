"""The demo council's organisation tree: council → directorates → services → teams.

Eastmere County Council is fictional, shaped like the Essex County Council of the
Audit Commission's 2010 report (Schools, Children and Families; Adults, Health
and Community Wellbeing; Environment, Sustainability and Highways; and the
corporate directorates).  Each service lists groups of teams: a *kind* (what
the team does, which indicators select teams by), a name and the places it
covers (quadrants, districts or hospitals).

Presets: ``council`` is the tree as written (~290 teams); ``large`` has twenty
teams for every one (``Assessment and Intervention North 7``); ``tiny`` keeps
four directorates, two services each and two to six teams per service (up to
two of each of the service's first three kinds).
"""

from __future__ import annotations

import pandas as pd

COUNCIL_CODE = "EMC"
COUNCIL_NAME = "Eastmere County Council"

QUADRANTS = ("North", "Mid", "South", "West")
DISTRICTS = ("Ashmere", "Brackenford", "Colnebury", "Dunmoor", "Eastwold",
             "Fenmarsh", "Greywater", "Hollins Cross", "Kingsholt", "Saltings")
HOSPITALS = ("Ashmere General Hospital", "Brackenford Royal Infirmary",
             "Colnebury Hospital", "Saltings University Hospital")
ONE = ("",)

# (code, name, [(service code, service name, is_schools, [(kind, team name, places, teams per place)])])
TREE = [
    ("SCF", "Schools, Children and Families", [
        ("CSC", "Children's Social Care", False, [
            ("mash", "Children and Families Hub (MASH)", ONE, 1),
            ("assess", "Assessment and Intervention", QUADRANTS, 2),
            ("fsp", "Family Support and Protection", QUADRANTS, 2),
            ("cwd", "Children with Disabilities", ("North", "South"), 1),
            ("edt", "Emergency Duty Team", ONE, 1),
        ]),
        ("CIC", "Children in Care and Care Leavers", False, [
            ("cla", "Children in Care", QUADRANTS, 1),
            ("leave", "Leaving Care", QUADRANTS, 1),
            ("fost", "Fostering", ("Recruitment and Assessment", "Supervising North", "Supervising South"), 1),
            ("adopt", "Adoption and Permanence", ONE, 1),
            ("home", "Children's Home", ("Ashmere", "Kingsholt"), 1),
        ]),
        ("EH", "Early Help and Family Support", False, [
            ("eh", "Family Solutions", QUADRANTS, 1),
            ("hub", "Family Hub", DISTRICTS, 1),
            ("youth", "Youth Service", ("North", "South"), 1),
        ]),
        ("EDU", "Education and Inclusion", False, [
            ("sen", "SEND Assessment", QUADRANTS, 1),
            ("edpsych", "Educational Psychology", ONE, 1),
            ("ews", "Attendance and Inclusion", ("North", "South"), 1),
            ("hst", "Home to School Transport", ONE, 1),
        ]),
        ("YJS", "Youth Justice Service", False, [
            ("yjs", "Youth Justice", ("North", "South", "Prevention"), 1),
        ]),
        ("SQA", "Safeguarding and Quality Assurance", False, [
            ("iro", "Independent Reviewing Officers", ("North", "South"), 1),
            ("cpchair", "Child Protection Conference Chairs", ONE, 1),
            ("lado", "Local Authority Designated Officer", ONE, 1),
            ("qa", "Quality Assurance and Audit", ONE, 1),
        ]),
        ("SCH", "Schools", True, [
            ("school", "Primary Schools", DISTRICTS, 1),
            ("school", "Secondary Schools", DISTRICTS, 1),
            ("school", "Special Schools", ONE, 1),
            ("school", "Pupil Referral Units", ONE, 1),
        ]),
    ]),
    ("AHCW", "Adults, Health and Community Wellbeing", [
        ("OPS", "Adult Social Care Operations", False, [
            ("asc", "Adult Community Team", DISTRICTS, 1),
            ("review", "Reviewing Team", QUADRANTS, 1),
            ("ot", "Occupational Therapy and Sensory", ONE, 1),
            ("finassess", "Financial Assessment and Benefits", ONE, 1),
        ]),
        ("HRB", "Hospital Discharge and Reablement", False, [
            ("hospital", "Hospital Team", HOSPITALS, 1),
            ("reable", "Reablement (START)", DISTRICTS, 1),
        ]),
        ("LDA", "Learning Disability and Autism", False, [
            ("ld", "Learning Disability", QUADRANTS, 1),
            ("ld", "Preparing for Adulthood", ONE, 1),
        ]),
        ("MH", "Mental Health", False, [
            ("mh", "Community Mental Health Social Work", ("North", "Mid", "South"), 1),
            ("amhp", "Approved Mental Health Professionals", ONE, 1),
        ]),
        ("SGA", "Safeguarding Adults", False, [
            ("sga", "Adult Safeguarding Hub", ONE, 1),
            ("dols", "Deprivation of Liberty Safeguards", ONE, 1),
            ("quality", "Provider Quality and Improvement", ONE, 1),
        ]),
        ("COM", "Commissioning and Brokerage", False, [
            ("brokerage", "Care Brokerage", ONE, 1),
            ("commission", "Commissioning", ("Older People", "Learning Disability", "Mental Health"), 1),
        ]),
        ("PH", "Public Health", False, [
            ("ph", "Public Health", ("Health Improvement", "Stop Smoking Service", "NHS Health Checks",
                                     "Substance Misuse", "Healthy Child Programme"), 1),
        ]),
        ("LIB", "Libraries and Culture", False, [
            ("library", "Library Service", DISTRICTS, 1),
            ("library", "Mobile and Home Library Service", ONE, 1),
            ("archive", "Record Office", ONE, 1),
            ("acl", "Adult Community Learning", ("North", "South"), 1),
        ]),
    ]),
    ("ESH", "Environment, Sustainability and Highways", [
        ("HWY", "Highways", False, [
            ("hwy", "Area Highways", DISTRICTS, 1),
            ("inspect", "Highway Inspections", QUADRANTS, 1),
            ("network", "Network Management and Street Works", ONE, 1),
            ("lighting", "Street Lighting", ONE, 1),
            ("bridges", "Bridges and Structures", ONE, 1),
        ]),
        ("TRN", "Transport and Road Safety", False, [
            ("ptrans", "Passenger Transport", ONE, 1),
            ("ptrans", "Concessionary Travel", ONE, 1),
            ("roadsafety", "Road Safety", ONE, 1),
        ]),
        ("WST", "Waste and Recycling", False, [
            ("wcoll", "Waste Collection", DISTRICTS, 1),
            ("hwrc", "Recycling Centre", DISTRICTS, 1),
            ("wdisp", "Waste Disposal Contracts", ONE, 1),
        ]),
        ("PLN", "Planning and Development", False, [
            ("devman", "Development Management", ("North", "South"), 1),
            ("minerals", "Minerals and Waste Planning", ONE, 1),
            ("policy", "Planning Policy", ONE, 1),
            ("flood", "Flood and Water Management", ONE, 1),
        ]),
        ("TS", "Trading Standards", False, [
            ("ts", "Trading Standards", ("Fair Trading", "Product Safety", "Animal Health and Feed",
                                         "Scams and Doorstep Crime", "Age-restricted Sales"), 1),
        ]),
        ("ENV", "Environment and Climate", False, [
            ("parks", "Country Parks", ("North", "South"), 1),
            ("prow", "Public Rights of Way", ONE, 1),
            ("climate", "Climate Action", ONE, 1),
            ("emergency", "Emergency Planning and Resilience", ONE, 1),
        ]),
    ]),
    ("FIN", "Finance", [
        ("PAY", "Payments", False, [
            ("ap", "Accounts Payable", ("Invoice Processing North", "Invoice Processing South",
                                        "Supplier Maintenance", "Payment Runs"), 1),
        ]),
        ("REV", "Revenues and Income", False, [
            ("rev", "Council Tax", ("North", "South"), 1),
            ("rev", "Business Rates", ONE, 1),
            ("debt", "Sundry Debt", ("Adult Care Charges", "General Income"), 1),
        ]),
        ("FP", "Financial Planning", False, [
            ("fbp", "Finance Business Partners", ("Children", "Adults", "Place", "Corporate"), 1),
            ("budget", "Budget Planning and Treasury", ONE, 1),
        ]),
        ("PRC", "Procurement", False, [
            ("proc", "Procurement", ("People Services", "Place Services", "Corporate Services"), 1),
        ]),
        ("ARI", "Audit, Risk and Insurance", False, [
            ("audit", "Internal Audit", ONE, 1),
            ("audit", "Counter Fraud", ONE, 1),
            ("audit", "Insurance and Risk", ONE, 1),
        ]),
        ("PEN", "Pension Fund", False, [
            ("pens", "Pensions Administration", ("Members", "Employers"), 1),
            ("pens", "Pension Fund Investments", ONE, 1),
        ]),
    ]),
    ("HR", "HR", [
        ("ADV", "HR Advisory and Casework", False, [("hradv", "HR Advisory", ("People", "Place", "Corporate"), 1)]),
        ("PAYR", "Payroll", False, [("payroll", "Payroll", ("Council", "Schools and Academies"), 1)]),
        ("REC", "Recruitment and Resourcing", False, [
            ("recruit", "Recruitment", ("Corporate", "Social Work"), 1),
            ("recruit", "Agency Workers Contract", ONE, 1),
        ]),
        ("LD", "Learning and Development", False, [
            ("learning", "Learning and Development", ("Corporate", "Social Care Academy"), 1),
        ]),
        ("OHW", "Occupational Health and Wellbeing", False, [
            ("oh", "Occupational Health", ONE, 1),
            ("oh", "Employee Wellbeing", ONE, 1),
        ]),
        ("RP", "Reward and Policy", False, [("reward", "Reward and Policy", ("Pay and Grading", "Policy"), 1)]),
    ]),
    ("CS", "Customer Services", [
        ("CC", "Contact Centre", False, [
            ("calls", "Contact Centre", ("Children and Families Line", "Adult Social Care Line",
                                         "Highways and Transport Line", "General Enquiries 1",
                                         "General Enquiries 2", "Blue Badge and Concessions",
                                         "Out of Hours", "Webchat"), 1),
        ]),
        ("CFB", "Complaints and Customer Feedback", False, [
            ("complaints", "Complaints", ("Corporate", "Children's Statutory", "Adults' Statutory"), 1),
        ]),
        ("IG", "Information Governance", False, [
            ("foi", "Freedom of Information", ONE, 1),
            ("sar", "Subject Access Requests", ONE, 1),
            ("records", "Records Management", ONE, 1),
        ]),
        ("REG", "Registration Services", False, [
            ("reg", "Register Office", ("Ashmere", "Brackenford", "Colnebury", "Kingsholt", "Saltings"), 1),
            ("reg", "Ceremonies", ONE, 1),
        ]),
        ("DIG", "Digital Services", False, [
            ("digital", "Digital", ("Web and Content", "Transformation", "Customer Insight"), 1),
        ]),
    ]),
    ("CAM", "Corporate and Asset Management", [
        ("PRP", "Property and Estates", False, [
            ("property", "Estates Management", ("North", "South"), 1),
            ("property", "Property Maintenance", ("North", "South"), 1),
            ("property", "Facilities Management", ("County Hall", "Area Offices"), 1),
        ]),
        ("CAP", "Capital Projects", False, [("capital", "Capital Projects", ("Schools", "Major Schemes"), 1)]),
        ("ICT", "ICT and Technology", False, [
            ("ict", "ICT Service Desk", ("1", "2"), 1),
            ("ict", "Infrastructure", ONE, 1),
            ("ict", "Cyber Security", ONE, 1),
            ("ict", "Business Applications", ONE, 1),
        ]),
        ("LDS", "Legal and Democratic Services", False, [
            ("legal", "Legal Services", ("Children", "Adults and Property"), 1),
            ("democratic", "Democratic Services", ONE, 1),
        ]),
        ("PPI", "Performance, Planning and Improvement", False, [
            ("ppi", "Performance Business Partners", ("SCF", "AHCW", "ESH"), 1),
            ("ppi", "Corporate Performance", ONE, 1),
            ("ppi", "Data and Insight", ONE, 1),
        ]),
    ]),
]

TINY_SERVICES = {"SCF": ("CSC", "CIC"), "AHCW": ("OPS", "LIB"), "ESH": ("HWY", "WST"), "FIN": ("PAY", "REV")}
LARGE_TEAM_FACTOR = 20


def _teams(groups, preset: str) -> list[tuple[str, str]]:
    """(kind, name) of a service's teams for a preset, in the order the council lists them."""
    teams = []
    for kind, name, places, per_place in groups:
        copies = per_place * (LARGE_TEAM_FACTOR if preset == "large" else 1)
        for place in places:
            base = f"{name} {place}".strip() if place else name
            for n in range(1, copies + 1):
                teams.append((kind, f"{base} {n}" if copies > 1 else base))
    if preset != "tiny":
        return teams
    kinds = list(dict.fromkeys(kind for kind, _ in teams))[:3]
    picked = []
    for kind in kinds:  # up to two teams of each of the first three kinds
        picked += [t for t in teams if t[0] == kind][:2]
    return [t for t in teams if t in picked]


def build_org(preset: str) -> pd.DataFrame:
    """org_unit rows (code, name, level, parent_code, sort_order, is_schools) in tree order,
    plus the helper columns kind, directorate and service used to pick reporting units."""
    rows = [(COUNCIL_CODE, COUNCIL_NAME, "council", None, 1, False, "council", None, None)]
    width = 3 if preset == "large" else 2
    for d_order, (d_code, d_name, services) in enumerate(TREE, start=1):
        if preset == "tiny" and d_code not in TINY_SERVICES:
            continue
        rows.append((d_code, d_name, "directorate", COUNCIL_CODE, d_order, False, "directorate", d_code, None))
        for s_order, (s_suffix, s_name, schools, groups) in enumerate(services, start=1):
            if preset == "tiny" and s_suffix not in TINY_SERVICES[d_code]:
                continue
            s_code = f"{d_code}-{s_suffix}"
            rows.append((s_code, s_name, "service", d_code, s_order, schools, "service", d_code, s_code))
            for t_order, (kind, t_name) in enumerate(_teams(groups, preset), start=1):
                rows.append((f"{s_code}-T{t_order:0{width}d}", t_name, "team", s_code, t_order,
                             schools, kind, d_code, s_code))
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent_code", "sort_order",
                                       "is_schools", "kind", "directorate", "service"])


def build_ancestors(org: pd.DataFrame) -> pd.DataFrame:
    """The closure of the tree: every unit with itself (depth 0) and each ancestor."""
    parent = dict(zip(org["code"], org["parent_code"], strict=True))
    frames, current, depth = [], org["code"].to_numpy(object), 0
    codes = org["code"].to_numpy(object)
    while True:
        mask = pd.notna(current)
        if not mask.any():
            break
        frames.append(pd.DataFrame({"org_code": codes[mask], "ancestor_code": current[mask], "depth": depth}))
        current = pd.Series(current).map(parent).to_numpy(object)
        depth += 1
    return pd.concat(frames, ignore_index=True)
