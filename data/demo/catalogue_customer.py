"""Indicators of Customer Services (CS).

Complaints, FOI and councillors' enquiries are answered by teams in every
directorate; the telephony change (November 2024) and a cyber incident
(February 2025) explain dips.
"""

from data.demo.spec import ind

CRM = "Lagan CRM"
CSD = "Director of Customer Services"
ALL = "all"

SPECS = [
    ind("CS-CALLS-60", "Calls answered within 60 seconds",
        "Calls to the contact centre answered in the month within 60 seconds, as a percentage of calls offered.",
        d="CS", unit="percent", agg="ratio", basis="in_month", units="kind:calls", sc=True, seasonal=True,
        owner=CSD, source="Avaya CMS", due=3, local="some",
        m=dict(kind="prop", level=0.78, den=5200, den_season=(0.12, 1), season=(-0.3, 1), spread=0.35,
               events=(("telephony", -1.0), ("cyber", -0.4))),
        why=("Call volumes rose after annual council tax bills were issued.",
             "Vacancies among customer service advisers reduced capacity at peak times.")),
    ind("CS-CALLS-ABANDONED", "Calls abandoned",
        "Calls to the contact centre abandoned by the caller before being answered, as a percentage of calls "
        "offered.", d="CS", unit="percent", agg="ratio", basis="in_month", pol="down", units="kind:calls",
        tol=1, owner=CSD, source="Avaya CMS", due=3,
        m=dict(kind="prop", level=0.06, den=5200, season=(0.3, 1), events=(("telephony", 0.9),))),
    ind("CS-CALLBACK-MAX", "Longest wait for a call back",
        "The longest time, in working days, a customer waited for a promised call back in the month.", d="CS",
        unit="days", dec=0, agg="max", basis="in_month", pol="down", units="kind:calls", tol=0.2, owner=CSD,
        source=CRM, due=3, m=dict(kind="peak", level=3.5, noise=0.3, events=(("telephony", 0.6),))),
    ind("CS-FIRST-CONTACT", "Enquiries resolved at first contact",
        "Enquiries in the month resolved at the first contact without transfer or call back, as a percentage of "
        "all enquiries.", d="CS",
        target=False, unit="percent", agg="ratio", basis="in_month", units="kind:calls", owner=CSD,
        source=CRM, due=3, m=dict(kind="prop", level=0.74, den=4200, trend=0.05)),
    ind("CS-CALLS", "Calls offered to the contact centre",
        "Calls offered to the contact centre in the month.", d="CS", unit="count", dec=0, agg="sum",
        basis="in_month", pol="neither", units="kind:calls", target=False, seasonal=True, owner=CSD,
        source="Avaya CMS", due=3, m=dict(kind="count", level=5200, season=(0.12, 1), trend=-0.05)),
    ind("CS-COMPLAINTS-20", "Complaints answered within 20 working days",
        "Stage 1 complaints answered in the month within 20 working days, as a percentage of all stage 1 "
        "complaints answered.", d="CS", unit="percent", agg="ratio", basis="in_month",
        units="kind:complaints;all", sc=True, tiny=True, owner=CSD, source=CRM, due=5,
        m=dict(kind="prop", level=0.8, den=4, spread=0.6, events=(("cyber", -0.8), ("notice", 0.5, "SCF"))),
        why=("Complex complaints needed input from several services.",
             "Complaint handlers were covering vacancies in the team.")),
    ind("CS-COMPLAINTS", "Stage 1 complaints received",
        "Stage 1 complaints received in the last 12 months.", d="CS", unit="count", dec=0, agg="sum",
        basis="rolling_12_months", pol="neither", units="kind:complaints;all", target=False,
        owner=CSD, source=CRM, due=5, m=dict(kind="count", level=4, spread=0.6)),
    ind("CS-UPHELD", "Complaints upheld",
        "Stage 1 complaints decided in the last 12 months that were upheld or partly upheld, as a percentage of "
        "those decided.", d="CS", target=False, unit="percent", agg="ratio", basis="rolling_12_months", pol="down",
        units="kind:complaints;all", tol=3, owner=CSD, source=CRM, due=5,
        m=dict(kind="prop", level=0.42, den=4, spread=0.4)),
    ind("CS-OMBUDSMAN", "Complaints upheld by the Ombudsman",
        "Complaints about the council upheld by the Local Government and Social Care Ombudsman since April; "
        "reported for the council only.", d="CS", unit="count", dec=0, agg="none", basis="year_to_date",
        pol="down", units="council", tol=0.2, nat="LGSCO", owner=CSD, source="LGSCO decisions",
        due=10, m=dict(kind="single", level=30, profile="ytd", noise=0.2, round=0)),
    ind("CS-FOI-20", "FOI requests answered within 20 working days",
        "Freedom of Information and Environmental Information Regulations requests answered in the month within "
        "20 working days, as a percentage of all requests answered.", d="CS", unit="percent", agg="ratio",
        basis="in_month", units="kind:foi;frac:0.5", sc=True, owner="Information Governance Manager",
        source="iCasework", due=5, m=dict(kind="prop", level=0.9, den=5, spread=0.5, events=(("cyber", -1.4),)),
        why=("Requests needing information from several services took longer to collate.",
             "A few large requests took officers away from routine requests.")),
    ind("CS-MEMBER-10", "Councillors' enquiries answered within 10 working days",
        "Enquiries from councillors on behalf of residents answered in the month within 10 working days, as a "
        "percentage of all councillors' enquiries answered.", d="CS", sc=True, unit="percent", agg="ratio",
        basis="in_month", units="frac:0.6", theme="council", portfolio="leader",
        owner="Director of Policy and Communications", source=CRM, due=5,
        m=dict(kind="prop", level=0.84, den=3, spread=0.5, events=(("cyber", -0.8),))),
    ind("CS-SAR-1M", "Subject access requests answered within one month",
        "Subject access requests answered in the month within the statutory one month (or extended period), as "
        "a percentage of all requests answered.", d="CS", sc=True, unit="percent", agg="ratio", basis="in_month",
        units="kind:sar", owner="Information Governance Manager", source="iCasework", due=5,
        m=dict(kind="prop", level=0.72, den=60, trend=0.08, events=(("cyber", -0.9),))),
    ind("CS-BIRTHS-42", "Births registered within 42 days",
        "Births registered in the month within 42 days of the birth, as a percentage of all births registered "
        "(General Register Office standard).", d="CS", unit="percent", agg="ratio", basis="in_month",
        units="kind:reg", nat="GRO", owner="Registration Service Manager", source="RON", due=5, tol=1,
        m=dict(kind="prop", level=0.975, den=250)),
    ind("CS-DEATHS-5", "Deaths registered within 5 days",
        "Deaths registered in the month within 5 days of the death (or of the coroner's release), as a "
        "percentage of all deaths registered.", d="CS", unit="percent", agg="ratio", basis="in_month",
        units="kind:reg", nat="GRO", seasonal=True, owner="Registration Service Manager", source="RON", due=5,
        m=dict(kind="prop", level=0.6, den=260, season=(-0.3, 1), den_season=(0.15, 1))),
    ind("CS-ONLINE", "Transactions completed online",
        "Customer transactions since April completed online without staff help, as a percentage of all customer "
        "transactions.", d="CS", unit="percent", agg="ratio", basis="year_to_date", units="kind:digital",
        sc=True, owner="Head of Digital", source="Firmstep", due=5,
        m=dict(kind="prop", level=0.6, den=9000, trend=0.18)),
    ind("CS-WEB-FOUND", "Website visitors who found what they needed",
        "Website feedback responses in the month saying the visitor found what they needed, as a percentage of "
        "responses.", d="CS", unit="percent", agg="ratio", basis="in_month", units="name:Web", owner="Head of Digital",
        source="Site feedback", due=5, m=dict(kind="prop", level=0.68, den=1400, events=(("cyber", -0.3),))),
    ind("CS-RESIDENT-SAT", "Residents satisfied with the way the council runs things",
        "Residents satisfied with the way the council runs things, from the quarterly residents' tracker survey "
        "(LGA resident satisfaction question); reported for the council only.", d="CS", unit="percent",
        agg="none", basis="in_month", freq="quarterly", units="council", sc=True, tiny=True, theme="council",
        portfolio="leader", nat="LGA resident satisfaction", owner="Director of Policy and Communications",
        source="Residents' tracker survey", due=15,
        m=dict(kind="single", level=0.58, link="logit", noise=0.07, events=(("cost_of_living", -0.2),))),
]
