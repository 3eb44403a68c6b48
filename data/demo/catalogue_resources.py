"""What the demo council's resources look like: budgets, staff and contact per kind of team.

Every team of ``catalogue_org`` has a *kind*; each kind belongs to a *profile*
(social work, placements, schools, highways, ...) that says how big a team of
that kind is and how it spends money, at 2021/22 prices:

* ``est`` — establishment FTE of a typical team; ``cost`` — annual cost of one
  FTE with on-costs; ``fpp`` — FTE per head (part-time working);
* ``sick`` — working days lost to sickness per FTE a year, ``lt`` — the share of
  them in long-term absences (over 20 working days); ``turnover`` — leavers a
  year as a share of headcount; ``vac`` — usual vacancy rate;
* ``agency`` — share of vacant FTE covered by agency staff, ``agency_cost`` — a
  month of one agency FTE (agency social workers cost about 2.5 times a
  permanent one);
* ``money`` — annual non-pay budget by finance category (income negative);
* ``area`` — the service area of its customer feedback themes; ``fb`` — how
  much contact (complaints, compliments, enquiries) it draws;
* ``modules`` — mandatory training modules per person.

A kind may override any of these (``KINDS``).  Also here: the finance
categories, feedback themes, districts, residents' survey themes and the
output-versus-outcome pairs.
"""

from __future__ import annotations

CATEGORIES = [  # code, name, is_income
    ("employees", "Employees", False),
    ("premises", "Premises", False),
    ("transport", "Transport", False),
    ("supplies_and_services", "Supplies and services", False),
    ("third_party_payments", "Third-party payments", False),
    ("income", "Income", True),
]
CATEGORY_CODES = [c for c, _, _ in CATEGORIES]
MONEY_KEYS = {"premises": 1, "transport": 2, "supplies": 3, "third_party": 4, "income": 5}

_BASE = dict(est=12, cost=42_000, fpp=0.88, sick=9.0, lt=0.6, turnover=0.13, vac=0.07, agency=0.15,
             agency_cost=6_000, modules=4, money={"supplies": 50_000}, area="corporate", fb=0.3,
             care=False, schools=False, term_time=False, sw=False)

PROFILES = {
    "sw_children": dict(est=16, cost=52_000, fpp=0.92, sick=11.5, lt=0.65, turnover=0.16, vac=0.12, agency=0.7,
                        agency_cost=11_000, modules=6, care=True, sw=True, area="children", fb=2.5,
                        money={"transport": 45_000, "supplies": 60_000, "third_party": 120_000}),
    "placements": dict(est=14, cost=50_000, sick=11.0, lt=0.62, vac=0.1, agency=0.6, agency_cost=11_000, modules=6,
                       care=True, sw=True, area="children", fb=2.5,
                       money={"transport": 60_000, "supplies": 50_000, "third_party": 16_000_000,
                              "income": -600_000}),
    "childrens_home": dict(est=24, cost=38_000, fpp=0.85, sick=13.0, lt=0.6, turnover=0.2, vac=0.12, agency=0.5,
                           agency_cost=6_000, modules=6, care=True, area="children", fb=0.8,
                           money={"premises": 160_000, "transport": 30_000, "supplies": 140_000}),
    "early_help": dict(est=14, cost=40_000, sick=10.0, area="children", fb=1.2, modules=5,
                       money={"premises": 60_000, "supplies": 50_000, "third_party": 80_000}),
    "safeguarding": dict(est=9, cost=52_000, sick=10.5, agency=0.5, agency_cost=11_000, modules=6, area="children",
                         fb=0.5, money={"transport": 20_000, "supplies": 30_000}),
    "education": dict(est=14, cost=46_000, sick=9.5, vac=0.1, agency=0.35, agency_cost=10_000, area="education",
                      fb=1.0, money={"supplies": 60_000, "third_party": 400_000}),
    "schools": dict(est=650, cost=39_000, fpp=0.72, sick=6.8, lt=0.55, turnover=0.13, vac=0.03, agency=0.5,
                    agency_cost=7_000, modules=3, schools=True, area="education", fb=1.5,
                    money={"premises": 3_200_000, "transport": 150_000, "supplies": 4_500_000,
                           "third_party": 900_000, "income": -2_600_000}),
    "asc_locality": dict(est=30, cost=45_000, sick=12.5, lt=0.66, vac=0.12, agency=0.5, agency_cost=9_500,
                         modules=6, care=True, sw=True, area="adults", fb=4.0,
                         money={"transport": 60_000, "supplies": 80_000, "third_party": 36_000_000,
                                "income": -8_500_000}),
    "asc_specialist": dict(est=20, cost=47_000, sick=11.5, lt=0.65, vac=0.1, agency=0.4, agency_cost=9_500,
                           modules=6, care=True, sw=True, area="adults", fb=2.0,
                           money={"transport": 40_000, "supplies": 50_000, "third_party": 22_000_000,
                                  "income": -2_200_000}),
    "asc_team": dict(est=16, cost=43_000, sick=11.5, lt=0.64, vac=0.09, agency=0.3, agency_cost=9_000, modules=6,
                     care=True, area="adults", fb=1.5, money={"transport": 30_000, "supplies": 40_000}),
    "reablement": dict(est=42, cost=31_000, fpp=0.8, sick=13.0, turnover=0.22, vac=0.15, agency=0.4,
                       agency_cost=4_500, modules=6, care=True, area="adults", fb=2.0,
                       money={"transport": 180_000, "supplies": 40_000, "income": -200_000}),
    "commissioning": dict(est=11, cost=48_000, area="adults", fb=0.5, care=True,
                          money={"supplies": 50_000, "third_party": 9_000_000}),
    "public_health": dict(est=8, cost=52_000, area="adults", fb=0.3,
                          money={"supplies": 60_000, "third_party": 8_000_000, "income": -9_500_000}),
    "libraries": dict(est=13, cost=29_000, fpp=0.7, sick=9.0, area="libraries", fb=2.5,
                      money={"premises": 230_000, "supplies": 110_000, "income": -55_000}),
    "highways": dict(est=11, cost=41_000, sick=10.0, area="highways", fb=5.0,
                     money={"transport": 70_000, "supplies": 280_000, "third_party": 4_200_000, "income": -250_000}),
    "highway_ops": dict(est=12, cost=40_000, sick=9.5, area="highways", fb=1.5,
                        money={"transport": 90_000, "supplies": 60_000}),
    "passenger_transport": dict(est=12, cost=40_000, area="highways", fb=2.0,
                                money={"supplies": 40_000, "third_party": 8_000_000, "income": -1_400_000}),
    "waste": dict(est=7, cost=38_000, sick=10.5, area="waste", fb=4.0,
                  money={"supplies": 30_000, "third_party": 4_500_000, "income": -300_000}),
    "environment": dict(est=10, cost=45_000, sick=8.0, area="environment", fb=0.7,
                        money={"supplies": 70_000, "third_party": 150_000}),
    "finance_ops": dict(est=12, cost=42_000, sick=8.0, lt=0.55, area="corporate", fb=0.2, money={"supplies": 40_000}),
    "hr": dict(est=10, cost=40_000, sick=8.0, lt=0.55, area="corporate", fb=0.2, money={"supplies": 60_000}),
    "contact_centre": dict(est=24, cost=28_000, fpp=0.85, sick=11.5, turnover=0.25, vac=0.1, agency=0.3,
                           agency_cost=3_800, area="customer", fb=3.0, money={"supplies": 90_000}),
    "customer": dict(est=8, cost=36_000, area="customer", fb=0.5, money={"supplies": 40_000}),
    "corporate": dict(est=12, cost=47_000, sick=7.5, lt=0.55, area="corporate", fb=0.3, money={"supplies": 60_000}),
}

# kind -> (profile, overrides)
KINDS = {
    **{k: ("sw_children", {}) for k in ("mash", "assess", "fsp", "cwd", "edt", "leave")},
    "cla": ("placements", {}),
    "fost": ("placements", dict(est=12, money={"transport": 30_000, "supplies": 40_000,
                                               "third_party": 5_500_000})),
    "adopt": ("placements", dict(money={"supplies": 40_000, "third_party": 1_800_000, "income": -300_000},
                                 fb=0.8)),
    "home": ("childrens_home", {}),
    "eh": ("early_help", {}),
    "hub": ("early_help", dict(money={"premises": 120_000, "supplies": 50_000, "third_party": 60_000})),
    "youth": ("early_help", dict(money={"premises": 90_000, "supplies": 60_000})),
    "sen": ("education", dict(fb=4.0, money={"supplies": 60_000, "third_party": 6_000_000})),
    "edpsych": ("education", dict(agency=0.5, fb=0.5, money={"supplies": 40_000})),
    "ews": ("education", dict(agency=0.1, fb=1.0, money={"supplies": 30_000})),
    "hst": ("education", dict(est=10, cost=36_000, agency=0.1, fb=4.0, term_time=True,
                              money={"transport": 26_000_000, "supplies": 40_000, "income": -1_000_000})),
    **{k: ("safeguarding", {}) for k in ("iro", "cpchair", "lado", "qa")},
    "yjs": ("safeguarding", dict(est=12, money={"supplies": 40_000, "third_party": 200_000, "income": -400_000})),
    "school": ("schools", {}),
    "asc": ("asc_locality", {}),
    "ld": ("asc_specialist", {}),
    "mh": ("asc_specialist", dict(money={"transport": 30_000, "supplies": 40_000, "third_party": 6_000_000,
                                         "income": -500_000})),
    "amhp": ("asc_specialist", dict(est=14, fb=0.5, money={"transport": 40_000, "supplies": 30_000})),
    "review": ("asc_team", {}),
    "ot": ("asc_team", dict(money={"transport": 40_000, "supplies": 1_400_000})),
    "finassess": ("asc_team", dict(fb=3.0, agency=0.1)),
    "hospital": ("asc_team", dict(money={"transport": 20_000, "supplies": 30_000, "third_party": 1_200_000})),
    **{k: ("asc_team", dict(fb=0.8)) for k in ("sga", "dols", "quality")},
    "reable": ("reablement", {}),
    "brokerage": ("commissioning", dict(money={"supplies": 40_000})),
    "commission": ("commissioning", {}),
    "ph": ("public_health", {}),
    "library": ("libraries", {}),
    "archive": ("libraries", dict(est=10, fb=0.5, money={"premises": 150_000, "supplies": 50_000,
                                                         "income": -90_000})),
    "acl": ("libraries", dict(est=18, cost=35_000, fpp=0.6, fb=1.0,
                              money={"premises": 120_000, "supplies": 90_000, "third_party": 300_000,
                                     "income": -1_600_000})),
    "hwy": ("highways", {}),
    "inspect": ("highway_ops", dict(fb=2.0)),
    "network": ("highway_ops", dict(fb=2.0, money={"transport": 40_000, "supplies": 80_000, "income": -2_600_000})),
    "lighting": ("highway_ops", dict(est=8, money={"transport": 40_000, "supplies": 2_300_000,
                                                   "third_party": 600_000})),
    "bridges": ("highway_ops", dict(est=8, fb=0.3, money={"supplies": 50_000, "third_party": 1_800_000})),
    "ptrans": ("passenger_transport", {}),
    "roadsafety": ("passenger_transport", dict(est=9, fb=0.5, money={"supplies": 120_000, "income": -900_000})),
    "wcoll": ("waste", {}),
    "hwrc": ("waste", dict(est=9, cost=30_000, fb=2.0, money={"premises": 280_000, "supplies": 40_000,
                                                              "third_party": 2_200_000, "income": -200_000})),
    "wdisp": ("waste", dict(fb=0.3, money={"supplies": 60_000, "third_party": 32_000_000, "income": -3_500_000})),
    "devman": ("environment", dict(money={"supplies": 60_000, "income": -350_000})),
    **{k: ("environment", {}) for k in ("minerals", "policy", "climate", "emergency")},
    "flood": ("environment", dict(money={"supplies": 40_000, "third_party": 900_000})),
    "ts": ("environment", dict(est=8, cost=42_000, fb=0.6, money={"supplies": 40_000, "income": -60_000})),
    "parks": ("environment", dict(est=12, cost=33_000, fb=1.2, money={"premises": 180_000, "supplies": 90_000,
                                                                      "third_party": 150_000, "income": -450_000})),
    "prow": ("environment", dict(fb=1.2, money={"supplies": 60_000, "third_party": 300_000})),
    **{k: ("finance_ops", {}) for k in ("ap", "fbp", "budget", "proc")},
    "rev": ("finance_ops", dict(fb=2.0, money={"supplies": 200_000})),
    "debt": ("finance_ops", dict(fb=2.0)),
    "audit": ("finance_ops", dict(money={"supplies": 30_000, "income": -150_000})),
    "pens": ("finance_ops", dict(money={"supplies": 80_000, "income": -900_000})),
    **{k: ("hr", {}) for k in ("hradv", "oh", "reward")},
    "payroll": ("hr", dict(money={"supplies": 50_000, "income": -450_000})),
    "recruit": ("hr", dict(money={"supplies": 250_000})),
    "learning": ("hr", dict(money={"supplies": 350_000})),
    "calls": ("contact_centre", {}),
    "complaints": ("customer", dict(fb=1.0)),
    **{k: ("customer", {}) for k in ("foi", "sar", "records")},
    "digital": ("customer", dict(fb=1.0, money={"supplies": 380_000})),
    "reg": ("customer", dict(est=10, cost=30_000, fpp=0.6, fb=1.5, money={"premises": 90_000, "supplies": 40_000,
                                                                          "income": -1_100_000})),
    "property": ("corporate", dict(fb=0.4, money={"premises": 2_600_000, "supplies": 100_000,
                                                  "third_party": 400_000, "income": -1_800_000})),
    "capital": ("corporate", dict(est=10, cost=50_000, fb=0.1, money={"supplies": 50_000, "income": -600_000})),
    "ict": ("corporate", dict(est=14, agency=0.4, agency_cost=12_000, fb=0.2, money={"supplies": 2_200_000})),
    "legal": ("corporate", dict(agency=0.5, agency_cost=12_000, fb=0.2, money={"supplies": 60_000,
                                                                               "income": -900_000})),
    "democratic": ("corporate", dict(fb=0.4, money={"supplies": 700_000})),
    "ppi": ("corporate", dict(fb=0.1, money={"supplies": 40_000})),
}


def profile(kind: str) -> dict:
    """The parameters of a kind of team (its profile with the kind's overrides)."""
    name, overrides = KINDS[kind]
    return {**_BASE, **PROFILES[name], **overrides, "profile": name}


# ------------------------------------------------------------ customer feedback
FEEDBACK_TYPES = ("complaint", "compliment", "comment", "enquiry")
CHANNELS = ("phone", "email", "web_form", "letter", "in_person", "social_media")
# Records a year at the council preset (stage 1 complaints; escalations come on top).
FEEDBACK_PER_YEAR = {"complaint": 3200, "compliment": 2400, "comment": 900, "enquiry": 5200}

# area -> (name, [(theme code, theme name)], type multipliers (complaint, compliment, comment, enquiry))
FEEDBACK_AREAS = {
    "children": ("Children's social care", [
        ("CHI-COMMS", "Communication and keeping families informed"), ("CHI-DELAY", "Delay or failure to act"),
        ("CHI-PRACTICE", "Quality of social work practice"),
        ("CHI-DECISION", "Decision about a child's care or contact"),
        ("CHI-STAFF", "Social workers' conduct or attitude"), ("CHI-RECORDS", "Records and information")],
        (1.2, 0.6, 0.5, 0.8)),
    "education": ("Education and SEND", [
        ("EDU-EHCP", "EHC needs assessment and plans"), ("EDU-TRANSPORT", "School transport arrangements"),
        ("EDU-PROVISION", "Special educational provision"), ("EDU-ADMISSIONS", "School admissions and places"),
        ("EDU-COMMS", "Communication with families about SEND"), ("EDU-STAFF", "SEND staff conduct or attitude")],
        (1.3, 0.5, 0.6, 1.2)),
    "adults": ("Adult social care", [
        ("ASC-ASSESS", "Assessment and care planning"), ("ASC-CHARGES", "Care charges and invoices"),
        ("ASC-PROVIDER", "Quality of care from a provider"), ("ASC-DISCHARGE", "Hospital discharge"),
        ("ASC-COMMS", "Communication with people and carers"), ("ASC-STAFF", "Care staff conduct or attitude")],
        (1.0, 1.2, 0.6, 1.0)),
    "highways": ("Highways and transport", [
        ("HWY-POTHOLES", "Potholes and road surface"), ("HWY-LIGHTING", "Street lighting"),
        ("HWY-ROADWORKS", "Roadworks and closures"), ("HWY-DRAINAGE", "Drainage and flooding"),
        ("HWY-VERGES", "Verges, trees and hedges"), ("HWY-BUSES", "Buses and passenger transport")],
        (1.3, 0.4, 1.2, 1.5)),
    "waste": ("Waste and recycling", [
        ("WST-HWRC", "Recycling centre access and booking"), ("WST-COLLECTION", "Missed or late collection"),
        ("WST-GARDEN", "Garden waste service and charges"), ("WST-FLYTIP", "Fly-tipping"),
        ("WST-STAFF", "Collection crews' conduct or attitude")],
        (1.1, 0.6, 1.0, 1.3)),
    "libraries": ("Libraries and culture", [
        ("LIB-HOURS", "Opening hours and closures"), ("LIB-STOCK", "Books and resources"),
        ("LIB-EVENTS", "Events and learning"), ("LIB-BUILDINGS", "Buildings and facilities"),
        ("LIB-STAFF", "Library staff conduct or attitude")],
        (0.4, 2.5, 1.6, 0.8)),
    "environment": ("Environment and planning", [
        ("ENV-PLANNING", "Planning applications"), ("ENV-PROW", "Public rights of way"),
        ("ENV-PARKS", "Country parks"), ("ENV-TRADING", "Trading standards"), ("ENV-FLOOD", "Flood risk")],
        (0.8, 0.8, 1.2, 1.0)),
    "customer": ("Customer services", [
        ("CUS-CALLS", "Contact centre and call waiting"), ("CUS-ONLINE", "Website and online forms"),
        ("CUS-REGISTRATION", "Registration and ceremonies"), ("CUS-INFORMATION", "Information requests"),
        ("CUS-STAFF", "Contact centre staff conduct or attitude")],
        (1.0, 1.4, 0.8, 1.0)),
    "corporate": ("Corporate services", [
        ("COR-PAYMENTS", "Payments, charges and debt"), ("COR-POLICY", "Council policy or decision"),
        ("COR-PRIVACY", "Data protection and privacy"), ("COR-BUILDINGS", "Council buildings"),
        ("COR-STAFF", "Council staff conduct or attitude")],
        (1.0, 0.5, 0.8, 1.0)),
}
AREA_CODES = list(FEEDBACK_AREAS)


def theme_rows() -> list[tuple]:
    """(code, area, area name, theme name, sort_order) of every feedback theme."""
    rows = []
    for area, (area_name, themes, _) in FEEDBACK_AREAS.items():
        for n, (code, name) in enumerate(themes, start=1):
            rows.append((code, area, area_name, name, n))
    return rows


# ---------------------------------------------------------- residents' survey
# Eastmere's districts (the places in team names), with their populations.
DISTRICTS = [
    ("ASH", "Ashmere", 182_000), ("BRK", "Brackenford", 164_000), ("COL", "Colnebury", 196_000),
    ("DUN", "Dunmoor", 98_000), ("EAS", "Eastwold", 121_000), ("FEN", "Fenmarsh", 87_000),
    ("GRY", "Greywater", 143_000), ("HOL", "Hollins Cross", 109_000), ("KIN", "Kingsholt", 152_000),
    ("SAL", "Saltings", 208_000),
]
SURVEY_RESPONDENTS_PER_QUARTER = 1_500

# code, name, question, asked of, base share satisfied, share of respondents asked
SURVEY_THEMES = [
    ("OVERALL", "Overall satisfaction with the council",
     "Overall, how satisfied or dissatisfied are you with the way Eastmere County Council runs things?",
     "all residents", 0.58, 1.0),
    ("VALUE", "Value for money",
     "To what extent do you agree or disagree that Eastmere County Council provides value for money?",
     "all residents", 0.42, 1.0),
    ("ROADS", "Roads and pavements",
     "How satisfied or dissatisfied are you with the condition of roads and pavements in your area?",
     "all residents", 0.34, 1.0),
    ("WASTE", "Waste and recycling",
     "How satisfied or dissatisfied are you with the county's recycling centres and waste services?",
     "all residents", 0.72, 0.95),
    ("LIBRARIES", "Libraries",
     "How satisfied or dissatisfied are you with your local library service? (library users)",
     "service users", 0.79, 0.36),
    ("ADULTS", "Adult social care",
     "How satisfied or dissatisfied are you with adult social care services? (residents who used them, for "
     "themselves or someone they care for, in the last 12 months)", "service users", 0.55, 0.16),
    ("CHILDREN", "Children's services",
     "How satisfied or dissatisfied are you with services for children and families? (parents and carers)",
     "service users", 0.5, 0.24),
]

# Output-versus-outcome pairs: (code, title, output indicator, outcome kind, outcome code,
# outcome org (feedback only), lag months, expected relation, explanation).
OUTCOME_PAIRS = [
    ("ROADS", "Pothole repairs and satisfaction with roads", "HWY-POTHOLES-28", "survey", "ROADS", None, 3,
     "positive",
     "Potholes repaired within 28 days keep road surfaces safe and visibly cared for; residents' satisfaction with "
     "roads in the next quarter's survey follows the repair rate in their district, lower after wet winters."),
    ("CHILDREN-FEEDBACK", "Timely assessments and families' feedback", "CSC-ASSESS-45", "feedback",
     "compliment_share", "SCF-CSC", 2, "positive",
     "Families assessed promptly get help sooner; two months later children's social care receives more "
     "compliments and fewer complaints, so compliments as a share of compliments and complaints rises."),
    ("LIBRARIES", "Library use and satisfaction with libraries", "LIB-VISITS", "survey", "LIBRARIES", None, 3,
     "positive",
     "Busier libraries, with their opening hours and events, leave users more satisfied in the next quarter's "
     "survey; the pandemic closures cut both."),
    ("WASTE", "Recycling and satisfaction with waste services", "WST-NI192", "survey", "WASTE", None, 3,
     "positive",
     "Where more household waste is recycled, residents find the service convenient and rate it better; the "
     "garden waste charge from April 2025 lowered both."),
    ("ADULTS", "Direct payments and satisfaction with adult social care", "ASC-DP", "survey", "ADULTS", None, 6,
     "positive",
     "People who direct their own support with a direct payment have more choice and control, which shows in "
     "adult social care satisfaction about six months later."),
]
FEEDBACK_MEASURES = {
    "compliment_share": "Compliments received as a share of compliments and complaints (all stages) received.",
}
