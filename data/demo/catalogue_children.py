"""Indicators of Schools, Children and Families (SCF).

Children's social care follows the DfE children-in-need (CIN) census and the
looked-after children return (SSDA903); the improvement-notice story (a drop in
2022/23, recovery from mid-2023) is the ``notice`` event.
"""

from data.demo.spec import ind

MOSAIC = "Mosaic"
DCS = "Director of Children's Social Care"
HOS_CIC = "Head of Children in Care and Care Leavers"
SW_TEAMS = "kind:assess,fsp,cla,leave,cwd"
# The case-holding teams (data/demo/casework.py CASE_KINDS): unallocated cases and caseload are counted from
# their case rows (data/demo/derived_returns.py), so the scorecard and /casework count the same teams.
CASE_TEAMS = "kind:mash,assess,fsp,cwd,cla"
NOTICE_WHY = (
    "High vacancy and agency turnover in the area teams left cases waiting for allocation.",
    "Referral volumes rose sharply after the autumn term started.",
    "Newly qualified social workers on protected caseloads reduced team capacity.",
)

SPECS = [
    ind("CSC-ASSESS-45", "Assessments completed within 45 working days",
        "Children and family assessments completed in the month that were completed within 45 working days "
        "of the referral, as a percentage of all assessments completed in the month (DfE CIN census).",
        d="SCF", unit="percent", agg="ratio", basis="in_month", units="kind:assess,cwd,mash", sc=True, tiny=True,
        nat="DfE CIN", owner=DCS, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.78, den=13, spread=0.35, noise=0.15, trend=0.02, events=(("notice", 0.75),)),
        why=NOTICE_WHY + ("A backlog of assessments transferred from the front door during the MASH restructure.",)),
    ind("CSC-REREF-12", "Re-referrals within 12 months",
        "Referrals in the last 12 months that were within 12 months of a previous referral for the same child, "
        "as a percentage of all referrals (DfE CIN census).",
        d="SCF", unit="percent", agg="ratio", basis="rolling_12_months", pol="down", units="kind:mash,assess",
        sc=True, tiny=True, nat="DfE CIN", owner=DCS, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.21, den=30, spread=0.2, events=(("notice", -0.25),)),
        why=("Cases closed too early at the front door came back within the year.",
             "Step-down to early help did not hold for families with domestic abuse.")),
    ind("CSC-REFERRALS", "Referrals to children's social care",
        "Referrals received by children's social care in the month (DfE CIN census definition).",
        d="SCF", unit="count", agg="sum", basis="in_month", pol="neither", dec=0, units="kind:mash,assess",
        tiny=True, nat="DfE CIN", owner=DCS, source=MOSAIC, due=5, target=False,
        m=dict(kind="count", level=55, season=(0.1, 11), events=(("cost_of_living", 0.1),))),
    ind("CSC-ASSESS-DAYS", "Average days to complete an assessment",
        "Total working days from referral to completion of the children and family assessments completed in the "
        "month, divided by the number of assessments completed.",
        d="SCF", unit="days", agg="ratio", basis="in_month", pol="down", units="kind:assess,cwd", owner=DCS,
        source=MOSAIC, due=5, m=dict(kind="rate", level=31, den=13, num="amount", events=(("notice", -0.3),)),
        why=NOTICE_WHY),
    ind("CSC-CASELOAD", "Average caseload per social worker",
        "Children's cases open at the month end (allocated or not) divided by the case-holding social workers in "
        "post (FTE) that month, as /casework counts them.",
        d="SCF", unit="ratio", agg="ratio", basis="snapshot", pol="down", units=CASE_TEAMS, sc=True, tiny=True,
        tol=0.1, owner=DCS, source=MOSAIC, due=5, local="some",
        m=dict(kind="rate", level=17.5, den=7, den_mode="fte", spread=0.15,
               events=(("notice", -0.2), ("recruitment", -0.08))),
        why=NOTICE_WHY),
    ind("CSC-UNALLOC", "Unallocated children's cases",
        "Open children's cases without an allocated qualified social worker at the month end.",
        d="SCF", unit="count", agg="latest", basis="snapshot", pol="down", dec=0, units=CASE_TEAMS,
        sc=True, tiny=True, tol=0.2, owner=DCS, source=MOSAIC, due=3,
        m=dict(kind="stock", level=3.5, spread=0.6, noise=0.2, events=(("notice", -1.1),)), why=NOTICE_WHY),
    ind("CSC-UNALLOC-MAXDAYS", "Longest wait for allocation",
        "The longest time, in calendar days, that any open case had waited for allocation to a social worker at the "
        "month end.",
        d="SCF", unit="days", agg="max", basis="snapshot", pol="down", dec=0, units="kind:mash,assess,fsp",
        tiny=True, tol=0.2, owner=DCS, source=MOSAIC, due=3,
        m=dict(kind="peak", level=9, spread=0.4, noise=0.25, events=(("notice", -0.7),)), why=NOTICE_WHY),
    ind("CSC-CP-RATE", "Children subject to a child protection plan per 10,000",
        "Children subject to a child protection plan at the month end per 10,000 children aged 0–17 living in the "
        "area (mid-year population estimate).",
        d="SCF", unit="rate", scale=10_000, agg="ratio", basis="snapshot", pol="neither", units="kind:fsp",
        nat="DfE CIN", owner=DCS, source=MOSAIC, due=5, target=False,
        m=dict(kind="rate", level=0.0041, den=40_000, den_mode="amount", den_noise=0.004, spread=0.2,
               noise=0.05, events=(("notice", 0.1),))),
    ind("CSC-CP-2YRS", "Child protection plans lasting two years or more",
        "Child protection plans that ended in the last 12 months and had lasted two years or more, as a percentage "
        "of all plans that ended (DfE CIN census).",
        d="SCF", unit="percent", agg="ratio", basis="rolling_12_months", pol="down", units="kind:fsp", sc=True,
        tol=1, nat="DfE CIN", owner=DCS, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.035, den=4, spread=0.3),
        why=("Several long-standing sibling groups came off plans after care proceedings concluded.",)),
    ind("CSC-CP-REPEAT", "Second or subsequent child protection plans",
        "Children who became subject to a child protection plan in the last 12 months for the second or subsequent "
        "time, as a percentage of all children who became subject to a plan (DfE CIN census).",
        d="SCF", target=False, unit="percent", agg="ratio", basis="rolling_12_months", pol="down", units="kind:fsp",
        nat="DfE CIN", owner=DCS, source=MOSAIC, due=5, m=dict(kind="prop", level=0.22, den=6)),
    ind("CSC-ICPC-15", "Initial child protection conferences within 15 working days",
        "Initial child protection conferences held in the month within 15 working days of the strategy discussion "
        "that started the section 47 enquiry, as a percentage of all initial conferences (DfE CIN census).",
        d="SCF", sc=True, unit="percent", agg="ratio", basis="in_month", units="kind:cpchair", nat="DfE CIN",
        owner="Head of Safeguarding and Quality Assurance", source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.8, den=45, events=(("notice", 0.6),)), why=NOTICE_WHY),
    ind("CSC-CP-VISITS", "Child protection visits within 10 working days",
        "Children subject to a child protection plan at the month end who were seen by their social worker within "
        "the last 10 working days, as a percentage of all children subject to a plan.",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", units="kind:fsp", sc=True, owner=DCS,
        source=MOSAIC, due=3, m=dict(kind="prop", level=0.9, den=45, events=(("notice", 0.8),)), why=NOTICE_WHY),
    ind("CSC-CIN-VISITS", "Children in need visited within 20 working days",
        "Children in need (excluding child protection and children in care) at the month end seen within the last "
        "20 working days, as a percentage of all such children.",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", units="kind:fsp,cwd", owner=DCS, source=MOSAIC,
        due=3, m=dict(kind="prop", level=0.8, den=90, events=(("notice", 0.7),)), why=NOTICE_WHY),
    ind("CSC-CP-REVIEWS", "Child protection reviews held on time",
        "Child protection review conferences held in the month within timescale (3 months after the initial "
        "conference, then every 6 months), as a percentage of all review conferences held.",
        d="SCF", unit="percent", agg="ratio", basis="in_month", units="kind:cpchair", nat="DfE CIN",
        owner="Head of Safeguarding and Quality Assurance", source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.95, den=70)),
    ind("CSC-SW-VACANCY", "Social worker vacancy rate",
        "Vacant social worker posts (FTE) at the month end as a percentage of the funded social worker "
        "establishment (FTE).",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", pol="down", units=SW_TEAMS, nat="DfE CSWW",
        owner="Principal Social Worker", source="SAP HR", due=8, local="some",
        m=dict(kind="prop", level=0.17, den=8, den_mode="fte", spread=0.4,
               events=(("notice", -0.35), ("recruitment", -0.6))),
        why=("Two experienced practitioners left for a neighbouring authority paying a market supplement.",)),
    ind("CSC-AGENCY-SW", "Agency social workers",
        "Agency social workers (FTE) at the month end as a percentage of all social workers in post (FTE).",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", pol="down", units=SW_TEAMS, sc=True,
        nat="DfE CSWW", owner="Principal Social Worker", source="SAP HR", due=8,
        m=dict(kind="prop", level=0.18, den=7, den_mode="fte", spread=0.4,
               events=(("notice", -0.3), ("recruitment", -0.7)))),
    ind("CSC-S47", "Section 47 enquiries started",
        "Section 47 child protection enquiries started in the month.",
        d="SCF", unit="count", agg="sum", basis="in_month", pol="neither", dec=0, units="kind:assess,fsp",
        nat="DfE CIN", owner=DCS, source=MOSAIC, due=5, target=False,
        m=dict(kind="count", level=9, season=(0.08, 11))),
    ind("CSC-NFA", "Assessments ending in no further action",
        "Assessments completed in the month with an outcome of no further action, as a percentage of all "
        "assessments completed.",
        d="SCF", unit="percent", agg="ratio", basis="in_month", pol="neither", units="kind:assess", owner=DCS,
        source=MOSAIC, due=5, target=False, m=dict(kind="prop", level=0.33, den=13)),
    ind("CIC-NUMBER", "Children in care",
        "Children looked after by the council at the month end (SSDA903), counted by the team holding the case.",
        d="SCF", unit="count", agg="latest", basis="snapshot", pol="neither", dec=0, units="kind:cla,cwd",
        sc=True, tiny=True, nat="DfE SSDA903", owner=HOS_CIC, source=MOSAIC, due=5, target=False,
        m=dict(kind="stock", level=200, spread=0.15, trend=0.025)),
    ind("CIC-STAB-3PLUS", "Children in care with three or more placements",
        "Children in care at the month end who had three or more placements in the last 12 months, as a "
        "percentage of all children in care (SSDA903; formerly NI 62).",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", pol="down", units="kind:cla", sc=True, tiny=True,
        tol=1, nat="DfE SSDA903", owner=HOS_CIC, source=MOSAIC, due=5, local="some",
        m=dict(kind="prop", level=0.095, den=250, spread=0.2, trend=0.03, events=(("cost_of_living", 0.1),)),
        why=("Placement breakdowns among teenagers placed with independent fostering agencies.",
             "A shortage of in-house foster carers for older children meant more emergency moves.")),
    ind("CIC-STAB-LONG", "Long-term placement stability",
        "Children under 16 in care for 2½ years or more who have been in the same placement for at least 2 years, "
        "as a percentage of all such children (SSDA903; formerly NI 63).",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", units="kind:cla", nat="DfE SSDA903",
        owner=HOS_CIC, source=MOSAIC, due=5, m=dict(kind="prop", level=0.69, den=90, spread=0.15)),
    ind("CIC-REVIEWS", "Children in care reviews held on time",
        "Children in care reviews held in the month within statutory timescales, as a percentage of all reviews "
        "held.", d="SCF", unit="percent", agg="ratio", basis="in_month", units="kind:iro",
        owner="Head of Safeguarding and Quality Assurance", source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.93, den=110)),
    ind("CIC-HEALTH", "Children in care with an up-to-date health assessment",
        "Children in care for 12 months or more at the month end whose annual health assessment is up to date, "
        "as a percentage of all such children.", d="SCF", unit="percent", agg="ratio", basis="snapshot",
        units="kind:cla", owner=HOS_CIC, source=MOSAIC, due=5, m=dict(kind="prop", level=0.87, den=160),
        why=("Health partners' paediatric capacity was reduced over the summer.",)),
    ind("CIC-PEP", "Children in care with a current Personal Education Plan",
        "School-age children in care with a Personal Education Plan reviewed this term, as a percentage of "
        "school-age children in care.", d="SCF", target=False, unit="percent", agg="ratio", basis="snapshot",
        units="kind:cla", owner="Virtual School Head", source="Welfare Call ePEP", due=5,
        m=dict(kind="prop", level=0.9, den=150, season=(0.4, 11))),
    ind("CIC-INHOUSE-FOSTER", "Children in care placed with in-house foster carers",
        "Children in care at the month end placed with the council's own foster carers, as a percentage of all "
        "children in care.", d="SCF", target=False, unit="percent", agg="ratio", basis="snapshot", units="kind:cla",
        owner="Head of Fostering", source=MOSAIC, due=5, m=dict(kind="prop", level=0.48, den=250, trend=-0.05)),
    ind("CIC-RES-COST", "Average weekly cost of external residential placements",
        "Total weekly cost of children's residential placements with external providers at the month end divided "
        "by the number of such placements.", d="SCF", unit="currency", dec=0, agg="ratio", basis="snapshot",
        pol="down", units="kind:cla", owner=HOS_CIC, source="ContrOCC", due=8,
        m=dict(kind="rate", level=5600, den=9, num="amount", trend=0.08, spread=0.1),
        why=("Two new placements for children with complex needs were only available at a premium rate.",)),
    ind("CIC-MAXCOST", "Highest weekly cost of a single placement this year",
        "The highest weekly cost, in pounds, of any single child's placement active since April.", d="SCF",
        unit="currency", dec=0, agg="max", basis="year_to_date", pol="down", units="kind:cla", tiny=True,
        tol=0.1, owner=HOS_CIC, source="ContrOCC", due=8,
        m=dict(kind="peak", level=11_500, noise=0.15, trend=0.1, spread=0.15),
        why=("A child with very complex needs was placed in an unregistered setting while a registered home was "
             "found.",)),
    ind("CIC-FOSTERERS", "New foster carer households approved",
        "Foster carer households approved by the fostering panel since April.", d="SCF", unit="count", dec=0,
        agg="sum", basis="year_to_date", units="kind:fost", tol=0.1, owner="Head of Fostering", source=MOSAIC,
        due=5, m=dict(kind="count", level=1.3, season=(0.2, 10))),
    ind("CIC-LEAVERS-ACCOM", "Care leavers in suitable accommodation",
        "Care leavers aged 19 to 21 in touch with the council and in suitable accommodation, as a percentage of all "
        "care leavers aged 19 to 21 (SSDA903).", d="SCF", unit="percent", agg="ratio", basis="snapshot",
        units="kind:leave", sc=True, nat="DfE SSDA903", owner=HOS_CIC, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.88, den=110, events=(("cost_of_living", -0.3),)),
        why=("A shortage of supported lodgings meant more young people in bed and breakfast.",)),
    ind("CIC-LEAVERS-EET", "Care leavers in education, employment or training",
        "Care leavers aged 19 to 21 in education, employment or training, as a percentage of all care leavers "
        "aged 19 to 21 (SSDA903).", d="SCF", unit="percent", agg="ratio", basis="snapshot", units="kind:leave",
        sc=True, nat="DfE SSDA903", owner=HOS_CIC, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.55, den=110, season=(0.1, 10))),
    ind("CIC-ADOPT-DAYS", "Days from entering care to moving in with an adoptive family",
        "Average calendar days between a child entering care and moving in with their adoptive family, for "
        "children adopted in the last 12 months (Adoption Scorecard A1).", d="SCF", unit="days", dec=0,
        agg="ratio", basis="rolling_12_months", pol="down", units="kind:adopt",
        nat="DfE Adoption Scorecard A1", owner="Head of Adoption", source=MOSAIC, due=10,
        m=dict(kind="rate", level=470, den=3, num="amount", spread=0.0, noise=0.15)),
    ind("CIC-DISTANT", "Children in care placed more than 20 miles from home",
        "Children in care at the month end placed outside the county and more than 20 miles from their home "
        "address, as a percentage of all children in care.", d="SCF", unit="percent", agg="ratio",
        basis="snapshot", pol="down", units="kind:cla", owner=HOS_CIC, source=MOSAIC, due=5,
        m=dict(kind="prop", level=0.13, den=250, trend=0.04)),
    ind("EH-OUTCOMES", "Early help cases closed with outcomes achieved",
        "Early help family plans closed in the month with all outcomes achieved, as a percentage of all plans "
        "closed.", d="SCF", unit="percent", agg="ratio", basis="in_month", units="kind:eh,hub",
        owner="Head of Early Help", source="Mosaic Early Help", due=5, m=dict(kind="prop", level=0.77, den=25)),
    ind("EH-HUB-CONTACTS", "Family hub contacts",
        "Contacts with families at family hubs and children's centres in the month.", d="SCF",
        target=False, unit="count", dec=0,
        agg="sum", basis="in_month", units="kind:hub", seasonal=True, owner="Head of Early Help",
        source="eStart", due=5, m=dict(kind="count", level=900, season=(0.25, 3), trend=0.04)),
    ind("EDU-EHCP-20WK", "EHC plans issued within 20 weeks",
        "New education, health and care plans issued in the month within 20 weeks of the request for assessment, "
        "excluding exceptions, as a percentage of all new plans issued (DfE SEN2).", d="SCF", unit="percent",
        agg="ratio", basis="in_month", units="kind:sen,edpsych", sc=True, nat="DfE SEN2",
        owner="Head of SEND", source="Synergy", due=5,
        m=dict(kind="prop", level=0.52, den=20, spread=0.4, noise=0.2, trend=-0.12),
        why=("Educational psychologist vacancies delayed statutory advice.",
             "Requests for assessment rose 18% on last year.")),
    ind("EDU-EHCP-NUMBER", "Children and young people with an EHC plan",
        "Children and young people with an education, health and care plan maintained by the council at the "
        "month end (DfE SEN2).", d="SCF", unit="count", dec=0, agg="latest", basis="snapshot", pol="neither",
        units="kind:sen", nat="DfE SEN2", owner="Head of SEND", source="Synergy", due=5, target=False,
        m=dict(kind="stock", level=2300, trend=0.09, spread=0.1)),
    ind("EDU-PA", "Pupils persistently absent",
        "Pupils in maintained schools missing 10% or more of possible sessions so far this academic year, as a "
        "percentage of pupils on roll (DfE school absence statistics).", d="SCF", unit="percent", agg="ratio",
        basis="snapshot", pol="down", units="kind:school", sc=True, nat="DfE absence",
        owner="Head of Attendance and Inclusion", source="Capita One", due=10,
        m=dict(kind="prop", level=0.19, den=4200, den_mode="amount", trend=-0.06, season=(0.12, 1), spread=0.25),
        theme="cyp", why=("Winter illness pushed absence up across primary schools.",)),
    ind("EDU-EXCL", "Permanent exclusions",
        "Permanent exclusions from maintained schools since April.", d="SCF",
        target=False, unit="count", dec=0, agg="sum",
        basis="year_to_date", pol="down", units="kind:school", tol=0.1, owner="Head of Attendance and Inclusion",
        source="Capita One", due=10, m=dict(kind="count", level=0.35, trend=0.06, season=(0.5, 3))),
    ind("EDU-KS2", "Pupils meeting the expected standard at Key Stage 2",
        "Pupils at the end of Key Stage 2 in maintained schools meeting the expected standard in reading, writing "
        "and mathematics, as a percentage of pupils assessed (academic year ending in the financial year).",
        d="SCF", unit="percent", agg="ratio", basis="snapshot", freq="annual", units="kind:school",
        nat="DfE KS2", owner="Head of School Improvement", source="Capita One", due=40,
        m=dict(kind="prop", level=0.59, den=110, trend=0.03, spread=0.2)),
    ind("EDU-GOOD-SCHOOLS", "Pupils attending a good or outstanding school",
        "Pupils on roll at schools whose latest Ofsted judgement was good or outstanding, as a percentage of all "
        "pupils, at the end of the quarter.", d="SCF", unit="percent", agg="ratio", basis="snapshot",
        freq="quarterly", units="kind:school", sc=True, nat="Ofsted", owner="Head of School Improvement",
        source="Ofsted data view", due=15, m=dict(kind="prop", level=0.87, den=4200, den_mode="amount", noise=0.12)),
    ind("EDU-NEET", "16–17 year olds not in education, employment or training or not known",
        "Young people aged 16 and 17 known to be NEET or whose activity is not known, as a percentage of 16–17 year "
        "olds in the area (DfE NCCIS).", d="SCF", sc=True, unit="percent", agg="ratio", basis="snapshot", pol="down",
        units="kind:youth,ews", nat="DfE NCCIS", owner="Head of Attendance and Inclusion", source="CCIS", due=10,
        tol=0.5, m=dict(kind="prop", level=0.055, den=4000, den_mode="amount", season=(0.5, 10))),
    ind("EDU-HST-20WD", "School transport applications processed within 20 working days",
        "Applications for home to school transport decided in the month within 20 working days of receipt, as a "
        "percentage of all applications decided.", d="SCF", unit="percent", agg="ratio", basis="in_month",
        units="kind:hst", seasonal=True, owner="Head of Home to School Transport", source="Capita One", due=5,
        m=dict(kind="prop", level=0.88, den=600, season=(-0.6, 8), den_season=(0.8, 7)),
        why=("Applications for September peaked at twice the usual volume.",)),
    ind("YJS-FTE", "First-time entrants to the youth justice system per 100,000",
        "Young people aged 10–17 receiving their first youth caution or conviction in the last 12 months, per "
        "100,000 10–17 year olds (Youth Justice Board).", d="SCF",
        sc=True, unit="rate", scale=100_000, dec=0, agg="ratio",
        basis="rolling_12_months", freq="quarterly", lag=1, pol="down", units="kind:yjs", nat="YJB FTE",
        owner="Head of Youth Justice", source="ChildView", due=20,
        m=dict(kind="rate", level=0.0016, den=50_000, den_mode="spread", spread=0.2, trend=-0.04)),
    ind("YJS-REOFFEND", "Young people who reoffend",
        "Young offenders in the cohort who reoffended within 12 months, as a percentage of the cohort (Ministry of "
        "Justice proven reoffending measure).", d="SCF", unit="percent", agg="ratio", basis="rolling_12_months",
        freq="quarterly", lag=2, pol="down", units="kind:yjs", nat="MoJ proven reoffending",
        owner="Head of Youth Justice", source="ChildView", due=20, m=dict(kind="prop", level=0.32, den=25)),
    ind("SQA-AUDITS-GOOD", "Case file audits rated good or better",
        "Children's social care case files audited in the month rated good or outstanding, as a percentage of all "
        "files audited.", d="SCF", unit="percent", agg="ratio", basis="in_month", units="kind:qa",
        owner="Head of Safeguarding and Quality Assurance", source="Mosaic audit tool", due=10,
        m=dict(kind="prop", level=0.45, den=40, noise=0.2, events=(("notice", 0.9),)), why=NOTICE_WHY),
    ind("SQA-LADO", "Allegations against people working with children",
        "Allegations referred to the Local Authority Designated Officer in the month.", d="SCF", unit="count",
        dec=0, agg="sum", basis="in_month", pol="neither", units="kind:lado", owner="Head of Safeguarding and "
        "Quality Assurance", source=MOSAIC, due=5, target=False, m=dict(kind="count", level=55, season=(0.2, 11))),
]
