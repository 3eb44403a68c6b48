"""Indicators of Finance, HR and Corporate and Asset Management.

Cross-cutting measures (sickness, agency spend, budget variance) are returned by
teams in every directorate; council tax collection follows the in-year
instalment profile; the ERP go-live (November 2022) explains a dip in payments.
"""

from data.demo.spec import ind

SAP = "SAP"
S151 = "Director of Finance (Section 151 Officer)"
HRD = "Director of HR"
ALL = "all"

SPECS = [
    # ---------------------------------------------------------------- Finance
    ind("FIN-CT-COLLECTED", "Council tax collected in year",
        "Council tax for the current year collected since April, as a percentage of the net collectable debit for "
        "the year: the debit raised in April plus in-year additions (new homes), so the year-to-date figure climbs "
        "towards the year-end collection rate (formerly BV 9).", d="FIN", unit="percent", agg="ratio",
        basis="year_to_date", units="name:Council Tax", sc=True, tiny=True, tol=1, nat="BV 9", owner=S151,
        source="Academy Revenues", due=5,
        m=dict(kind="prop", level=0.985, den=170_000_000, den_mode="front", den_growth=0.045,
               noise=0.06, common=0.12, common_phi=0.95, events=(("cost_of_living", -0.3),)),
        why=("Cost of living pressures: more residents fell behind with instalments.",
             "Recovery action paused for two weeks while the new revenues system was tested.")),
    ind("FIN-NNDR-COLLECTED", "Business rates collected in year",
        "Non-domestic rates for the current year collected since April, as a percentage of the net collectable "
        "debit for the year (formerly BV 10).", d="FIN", unit="percent", agg="ratio", basis="year_to_date",
        units="name:Business Rates", tol=0.5, nat="BV 10", owner=S151, source="Academy Revenues", due=5,
        m=dict(kind="prop", level=0.985, den=60_000_000, den_mode="front", den_growth=0.03, noise=0.08,
                                                 common=0.12, common_phi=0.95)),
    ind("FIN-INVOICES-30", "Undisputed invoices paid within 30 days",
        "Undisputed supplier invoices paid in the month within 30 days of receipt, as a percentage of all "
        "undisputed invoices paid (formerly BV 8).", d="FIN", unit="percent", agg="ratio", basis="in_month",
        units="kind:ap", sc=True, tiny=True, nat="BV 8", owner="Head of Payments", source=SAP, due=3,
        m=dict(kind="prop", level=0.93, den=2600, events=(("erp", -1.6),), noise=0.12),
        why=("Budget holders were slow to approve invoices for payment.",
             "Invoices without a purchase order took longer to match.")),
    ind("FIN-LOCAL-10", "Local small business invoices paid within 10 days",
        "Invoices from local small and medium-sized suppliers paid since April within 10 days of receipt, as a "
        "percentage of all such invoices paid.", d="FIN", unit="percent", agg="ratio", basis="year_to_date",
        units="kind:ap", owner="Head of Payments", source=SAP, due=3,
        m=dict(kind="prop", level=0.78, den=420, events=(("erp", -1.0),), trend=0.05)),
    ind("FIN-AP-DAYS", "Average days to pay an invoice",
        "Total calendar days from receipt to payment of invoices paid in the month, divided by the number of "
        "invoices paid.", d="FIN", unit="days", agg="ratio", basis="in_month", pol="down", units="kind:ap",
        owner="Head of Payments", source=SAP, due=3,
        m=dict(kind="rate", level=16.5, den=2600, num="amount", events=(("erp", 0.5),))),
    ind("FIN-AP-OLDEST", "Longest time to pay an undisputed invoice",
        "The longest time, in calendar days, from receipt to payment of any undisputed invoice paid in the last 12 "
        "months.", d="FIN", unit="days", dec=0, agg="max", basis="rolling_12_months", pol="down", units="kind:ap",
        tiny=True, tol=0.1, owner="Head of Payments", source=SAP, due=3,
        m=dict(kind="peak", level=75, noise=0.2, events=(("erp", 0.8),)),
        why=("Invoices held for missing goods receipts were paid late once resolved.",)),
    ind("FIN-DEBT-90", "Sundry debt over 90 days old",
        "Sundry debt (including adult care charges) outstanding for more than 90 days at the month end, in pounds.",
        d="FIN",
        sc=True, unit="currency", dec=0, agg="latest", basis="snapshot", pol="down", units="kind:debt", tiny=True,
        tol=0.05, owner="Head of Revenues and Income", source=SAP, due=5,
        m=dict(kind="stock", level=2_300_000, trend=0.05, events=(("cost_of_living", 0.15),))),
    ind("FIN-DEBT-30", "Sundry debt collected within 30 days",
        "Sundry debt invoices raised two months earlier that were paid within 30 days, as a percentage of those "
        "invoices.", d="FIN", unit="percent", agg="ratio", basis="in_month", units="kind:debt",
        owner="Head of Revenues and Income", source=SAP, due=5,
        m=dict(kind="prop", level=0.82, den=3100, events=(("cost_of_living", -0.2),))),
    ind("FIN-BUDGET-VAR", "Forecast revenue outturn variance",
        "Forecast revenue outturn for the year less the net revenue budget, as a percentage of the budget "
        "(positive = overspend); reported for the council only.", d="FIN", unit="percent", dec=2, agg="none",
        basis="snapshot", pol="down", units="council", sc=True, tol=0.5, owner=S151, source=SAP, due=10,
        m=dict(kind="single", level=0.006, link="identity", unit_sd=0.012, noise=0.2, common=0.3, phi=0.9,
               events=(("notice", -0.4), ("cost_of_living", 0.6))),
        why=("Children's placement costs continued to exceed the budget.",
             "Pay award above the budgeted 3% added pressure across directorates.")),
    ind("FIN-VARIANCE", "Forecast variance against budget",
        "Each cost centre's forecast revenue outturn for the year less its budget at the month end, in pounds "
        "(positive = overspend); summed over teams for the forecast of a service, directorate or the council.",
        d="FIN", unit="currency", dec=0, agg="sum", basis="snapshot", pol="down", units="every", tiny=True, tol=500_000,
        tolk="absolute", owner=S151, source=SAP, due=8,
        m=dict(kind="money", link="identity", level=1500, unit_sd=9000, spread=0.0, noise=0.5, phi=0.9,
               common=0.3, size=0.6, events=(("notice", -1.0, "SCF"), ("cost_of_living", 0.8))),
        why=("Children's placement costs continued to exceed the budget.",
             "The pay award was above the budgeted 3%.", "Income from fees and charges fell short of budget.")),
    ind("FIN-CAPITAL-SPEND", "Capital programme spent to date",
        "Capital expenditure since April as a percentage of the approved capital programme for the year; reported "
        "for the council only.", d="FIN", unit="percent", agg="none", basis="year_to_date", units="council",
        tiny=True, tol=5, owner=S151, source=SAP, due=10,
        m=dict(kind="single", level=0.84, link="logit", noise=0.15, profile="ytd"),
        why=("Slippage on two school expansion schemes following contractor insolvency.",)),
    ind("FIN-SAVINGS", "Budget savings delivered",
        "Savings delivered against the approved savings programme since April, in pounds.", d="FIN",
        unit="currency", dec=0, agg="sum", basis="year_to_date", units="kind:fbp", sc=True, tol=0.1, owner=S151,
        source="Savings tracker", due=10, m=dict(kind="money", level=650_000, noise=0.3)),
    ind("FIN-ON-CONTRACT", "Spend with contracted suppliers",
        "Third-party spend since April placed through a compliant contract or framework, as a percentage of all "
        "third-party spend.", d="FIN", unit="percent", agg="ratio", basis="year_to_date", units="kind:proc",
        owner="Head of Procurement", source=SAP, due=10,
        m=dict(kind="prop", level=0.87, den=12_000_000, den_mode="amount", trend=0.1)),
    ind("FIN-LOCAL-SPEND", "Spend with local suppliers",
        "Third-party spend in the last 12 months with suppliers based in the county, as a percentage of all "
        "third-party spend.", d="FIN", unit="percent", agg="ratio", basis="rolling_12_months", units="kind:proc",
        owner="Head of Procurement", source=SAP, due=10,
        m=dict(kind="prop", level=0.41, den=12_000_000, den_mode="amount", noise=0.12)),
    ind("FIN-AUDIT-RECS", "Audit recommendations implemented on time",
        "High and medium priority internal audit recommendations falling due in the last 12 months that were "
        "implemented by the agreed date, as a percentage of those falling due.", d="FIN", unit="percent",
        agg="ratio", basis="rolling_12_months", units="name:Internal Audit", owner="Head of Internal Audit",
        source="Pentana", due=10, m=dict(kind="prop", level=0.76, den=14)),
    ind("FIN-PENSION-QUOTES", "Retirement quotes issued within 10 working days",
        "Pension retirement quotes issued in the month within 10 working days of a complete request, as a "
        "percentage of all quotes issued.", d="FIN", unit="percent", agg="ratio", basis="in_month",
        units="name:Members", owner="Head of Pensions", source="Altair", due=5,
        m=dict(kind="prop", level=0.9, den=240)),
    # --------------------------------------------------------------------- HR
    ind("HR-SICKNESS", "Working days lost to sickness per FTE",
        "Working days lost to sickness absence in the last 12 months divided by the average FTE employed: each "
        "month reports days lost and FTE-years (FTE in post ÷ 12), so twelve months sum to the average FTE. "
        "Excludes schools.", d="HR", unit="days", agg="ratio", basis="rolling_12_months", pol="down", units=ALL,
        sc=True, tiny=True, dec=2, owner=HRD, source="SAP HR", due=8, local="dir", seasonal=True,
        m=dict(kind="rate", level=9.5, den=14, den_mode="fte", den_per_year=12, num="amount", num_step=2,
               season=(0.25, 1), spread=0.35, noise=0.2),
        why=("Seasonal flu and COVID-19 raised short-term absence.",
             "Long-term absences for stress and mental health rose in front-line teams.")),
    ind("HR-AGENCY-SPEND", "Agency staff spend",
        "Spend on agency workers in the month, in pounds (Matrix contract invoices).", d="HR", unit="currency",
        dec=0, agg="sum", basis="in_month", pol="down", units=ALL, sc=True, tiny=True, tol=0.1, owner=HRD,
        source="Matrix", due=10,
        m=dict(kind="money", level=7000, zero=0.45, size=0.9, noise=0.25,
               events=(("notice", -0.9, "SCF"), ("recruitment", -0.3))),
        why=("Agency staff covered vacancies that could not be filled permanently.",
             "Additional agency staff were needed to clear backlogs.")),
    ind("HR-OVERTIME", "Overtime spend",
        "Overtime paid since April, in pounds.", d="HR", unit="currency", dec=0, agg="sum", basis="year_to_date",
        pol="down", units=ALL, tol=0.1, owner=HRD, source="SAP HR", due=10,
        m=dict(kind="money", level=2600, zero=0.3, size=0.8, season=(0.25, 1), noise=0.2)),
    ind("HR-TURNOVER", "Voluntary staff turnover",
        "Employees leaving voluntarily in the last 12 months as a percentage of average headcount: each month "
        "reports leavers and headcount ÷ 12.", d="HR", prop=False,
        target=False, unit="percent", agg="ratio", basis="rolling_12_months",
        pol="down", units=ALL, owner=HRD, source="SAP HR", due=8, tol=1,
        m=dict(kind="rate", level=0.115, den=15, den_mode="fte", den_per_year=12, num="poisson", spread=0.2,
               events=(("cost_of_living", 0.2),))),
    ind("HR-VACANCY", "Vacancy rate",
        "Vacant posts (FTE) at the month end as a percentage of the funded establishment (FTE). Excludes schools.",
        d="HR", sc=True, unit="percent", agg="ratio", basis="snapshot", pol="down", units=ALL, owner=HRD,
        source="SAP HR", due=8, local="dir", m=dict(kind="prop", level=0.085, den=16, den_mode="fte", spread=0.4),
        why=("Hard-to-fill professional posts remained vacant after two recruitment rounds.",
             "Posts were held vacant to deliver in-year savings.")),
    ind("HR-APPRAISALS", "Staff with an appraisal in the last 12 months",
        "Employees in post for a year or more at the month end who have had an appraisal in the last 12 months, "
        "as a percentage of such employees.", d="HR", unit="percent", agg="ratio", basis="snapshot",
        units=ALL, owner=HRD, source="SAP HR", due=8,
        m=dict(kind="prop", level=0.8, den=14, season=(0.35, 6), spread=0.5),
        why=("Managers deferred appraisals during peak workload.",
             "Appraisals were held but not recorded in SAP.")),
    ind("HR-MANDATORY", "Mandatory training completed",
        "Employees at the month end who have completed all mandatory training (data protection, safeguarding, "
        "health and safety), as a percentage of employees.", d="HR", unit="percent", agg="ratio", basis="snapshot",
        units=ALL, owner=HRD, source="Learning Pool", due=8,
        m=dict(kind="prop", level=0.88, den=15, spread=0.5, events=(("cyber", 0.3),)),
        why=("New starters had not completed induction modules within their first month.",
             "Front-line staff had little protected time for e-learning.")),
    ind("HR-TIME-TO-HIRE", "Average days to hire",
        "Total calendar days from advert closing to conditional offer for offers made in the month, divided by the "
        "number of offers.", d="HR", unit="days", agg="ratio", basis="in_month", pol="down", units="kind:recruit",
        owner="Head of Recruitment", source="Oleeo", due=5,
        m=dict(kind="rate", level=36, den=45, num="amount", noise=0.12, season=(0.1, 8))),
    ind("HR-RTW", "Return-to-work interviews within 3 working days",
        "Sickness absences ending in the month followed by a return-to-work interview within 3 working days, as "
        "a percentage of absences ending.", d="HR", unit="percent", agg="ratio", basis="in_month",
        units="frac:0.8", owner=HRD, source="SAP HR", due=8, m=dict(kind="prop", level=0.7, den=3, spread=0.6),
        why=("Managers held return-to-work conversations but did not record them.",
             "Managers’ own absence and leave delayed interviews.")),
    ind("HR-HS-INCIDENTS", "Health and safety incidents reported",
        "Accidents, near misses and incidents of violence or aggression towards staff reported in the month.",
        d="HR", unit="count", dec=0, agg="sum", basis="in_month", pol="neither", units=ALL, target=False,
        owner="Head of Health and Safety", source="SHE Assure", due=8, m=dict(kind="count", level=0.5, spread=0.8)),
    ind("HR-LONG-TERM-SICK", "Staff on long-term sickness absence",
        "Employees absent through sickness for more than four weeks at the month end.", d="HR", unit="count",
        dec=0, agg="latest", basis="snapshot", pol="neither", units=ALL, target=False, owner=HRD,
        source="SAP HR", due=8, m=dict(kind="stock", level=0.45, spread=0.2)),
    ind("HR-PAYROLL-ACCURACY", "Payroll accuracy",
        "Payments in the month's payroll made without an error needing correction, as a percentage of all "
        "payments.", d="HR", unit="percent", agg="ratio", basis="in_month", units="kind:payroll", tol=0.2,
        owner="Head of Payroll", source="SAP HR", due=3,
        m=dict(kind="prop", level=0.997, den=7000, events=(("erp", -1.2),))),
    ind("HR-OH-10", "Occupational health referrals seen within 10 working days",
        "Management referrals to occupational health seen in the month within 10 working days, as a percentage of "
        "all referrals seen.", d="HR", unit="percent", agg="ratio", basis="in_month", units="kind:oh",
        owner="Head of Occupational Health", source="Cority", due=5, m=dict(kind="prop", level=0.84, den=60)),
    # ------------------------------------------ Corporate and Asset Management
    ind("CAM-ICT-P1", "Priority 1 ICT incidents resolved within 4 hours",
        "Priority 1 ICT incidents resolved in the month within 4 hours, as a percentage of all priority 1 "
        "incidents.", d="CAM", sc=True, unit="percent", agg="ratio", basis="in_month", units="kind:ict", tol=5,
        owner="Chief Information Officer", source="ServiceNow", due=3,
        m=dict(kind="prop", level=0.88, den=3, events=(("cyber", -1.5),))),
    ind("CAM-ICT-FIRSTFIX", "ICT service desk calls resolved at first contact",
        "Calls to the ICT service desk in the month resolved at first contact, as a percentage of all calls.",
        d="CAM", unit="percent", agg="ratio", basis="in_month", units="name:Service Desk",
        owner="Chief Information Officer", source="ServiceNow", due=3, m=dict(kind="prop", level=0.71, den=3800)),
    ind("CAM-REPAIRS", "Reactive property repairs completed on time",
        "Reactive repairs to council buildings completed in the month within their priority timescale, as a "
        "percentage of all reactive repairs completed.", d="CAM", unit="percent", agg="ratio", basis="in_month",
        units="kind:property", owner="Head of Property", source="Concerto", due=5,
        m=dict(kind="prop", level=0.84, den=130, season=(-0.2, 1))),
    ind("CAM-COMPLIANCE", "Buildings with statutory compliance checks in date",
        "Council buildings with all statutory compliance checks (gas, electrical, fire, water hygiene, asbestos) "
        "in date at the month end, as a percentage of buildings.", d="CAM", unit="percent", agg="ratio",
        basis="snapshot", units="kind:property", sc=True, tol=1, owner="Head of Property", source="Concerto",
        due=5, m=dict(kind="prop", level=0.955, den=60, trend=0.15)),
    ind("CAM-OFFICE-SPACE", "Office floor space",
        "Office floor space occupied by the council at the month end, in square metres.", d="CAM", unit="count",
        dec=0, agg="latest", basis="snapshot", pol="down", units="name:Estates", tol=0.02,
        owner="Head of Property", source="Concerto", due=5,
        m=dict(kind="stock", level=26_000, trend=-0.05, noise=0.01, size=0.1)),
    ind("CAM-RECEIPTS", "Capital receipts from property disposals",
        "Capital receipts from the sale of surplus property since April, in pounds.", d="CAM",
        target=False, unit="currency",
        dec=0, agg="sum", basis="year_to_date", units="name:Estates", tol=0.1, owner="Head of Property",
        source=SAP, due=10, m=dict(kind="money", level=300_000, noise=0.9, size=0.1)),
    ind("CAM-ENERGY", "Energy used in council buildings",
        "Electricity and gas used in council buildings since April, in megawatt hours.", d="CAM",
        target=False, unit="count",
        dec=0, agg="sum", basis="year_to_date", pol="down", units="name:Facilities", seasonal=True, tol=0.03,
        theme="place", portfolio="environment", owner="Head of Property", source="Energy bureau", due=10,
        m=dict(kind="count", level=2300, season=(0.3, 1), trend=-0.04)),
    ind("CAM-CAPITAL-ONTIME", "Capital projects on time and on budget",
        "Capital projects at the quarter end forecast to finish on time and within budget, as a percentage of "
        "active projects.", d="CAM", unit="percent", agg="ratio", basis="snapshot", freq="quarterly",
        units="kind:capital", tol=5, owner="Head of Capital Projects", source="Verto", due=15,
        m=dict(kind="prop", level=0.7, den=14)),
    ind("CAM-CARE-WEEKS", "Average duration of care proceedings",
        "Average weeks from issue to final order for care proceedings concluded in the last 12 months (the "
        "national expectation is 26 weeks).", d="CAM", unit="weeks", agg="ratio", basis="rolling_12_months",
        pol="down", units="name:Legal Services Children", theme="cyp", portfolio="children", nat="Cafcass",
        owner="Director of Legal Services", source="Legal case management", due=10,
        m=dict(kind="rate", level=41, den=9, num="amount", trend=-0.03, events=(("notice", -0.1),))),
    ind("CAM-DECISIONS", "Cabinet decisions published within 2 working days",
        "Cabinet and cabinet member decisions published in the month within 2 working days of being taken, as a "
        "percentage of all decisions.", d="CAM", unit="percent", agg="ratio", basis="in_month",
        units="kind:democratic", owner="Director of Legal Services", source="Modern.gov", due=5,
        m=dict(kind="prop", level=0.95, den=20)),
    ind("CAM-RETURNS", "Statutory returns submitted by the deadline",
        "Statutory data returns to government submitted since April by their deadline, as a percentage of returns "
        "due.", d="CAM", unit="percent", agg="ratio", basis="year_to_date", units="kind:ppi", tol=3,
        owner="Head of Performance, Planning and Improvement", source="Returns log", due=5,
        m=dict(kind="prop", level=0.95, den=3)),
]
