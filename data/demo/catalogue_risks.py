"""The demo council's risk register: its appetite for risk, and the risks it declares.

Risks are declared at three tiers, as county councils keep them: the council's
strategic risks (owned by the corporate management team), each directorate's
risks, and service risks drawn from a short list of templates; a few teams
keep team risks too.  Each declaration gives the title, category, a
description ("there is a risk that …"), the owner's role, the mitigating
actions, the inherent likelihood and impact (1–5), and the events (data.series)
that move its likelihood: e.g. the children's improvement notice raises the
children's services risk in 2023 and lowers it once practice improves.
"""

from __future__ import annotations

# category -> (appetite, appetite score, tolerance score, statement).  RAG against appetite:
# green when the current score is within the appetite score, amber when above it but within the
# tolerance score, red when above the tolerance.
APPETITE = {
    "Financial": ("cautious", 8, 12,
                  "We accept limited financial risk where it secures value for money, never risk to the council's "
                  "financial sustainability."),
    "Safeguarding": ("averse", 4, 8,
                     "We avoid any risk to the safety of children and adults at risk that we can reasonably prevent."),
    "Health and safety": ("averse", 4, 8,
                          "We avoid risks to the health and safety of staff, residents and visitors."),
    "Service delivery": ("cautious", 9, 12,
                         "We accept some risk to service levels to deliver change, not to statutory services."),
    "People": ("cautious", 8, 12,
               "We accept some risk in how we recruit and deploy staff, not to safe staffing of front-line services."),
    "Information and cyber security": ("minimal", 6, 10,
                                       "We keep the risk of losing or misusing data, or of a cyber attack, as low "
                                       "as practicable."),
    "Legal and regulatory": ("minimal", 5, 10,
                             "We comply with the law and regulators; we accept little risk of challenge."),
    "Reputation": ("cautious", 9, 12,
                   "We accept some risk to our reputation when we take difficult decisions openly."),
    "Partnerships and contracts": ("open", 10, 15,
                                   "We work with partners and the market and accept the risks that come with it."),
    "Climate and environment": ("cautious", 8, 12,
                                "We act on climate change and accept some risk in new ways of doing so."),
    "Transformation": ("open", 12, 16,
                       "We are willing to take risks to modernise services and accept some may not succeed."),
}

# (title, category, owner role, likelihood, impact, description, mitigating actions, events[, from, to])
STRATEGIC = [
    ("Medium-term financial sustainability", "Financial", "Director of Finance (Section 151 Officer)", 4, 5,
     "There is a risk that demand, inflation and uncertain government funding leave the council unable to set a "
     "balanced budget over the medium term, leading to use of reserves and unplanned cuts to services.",
     "Medium-term financial strategy refreshed twice a year; savings programme tracked monthly; reserves policy "
     "with minimum balances; lobbying on fair funding.", [("cost_of_living", 1.0)]),
    ("Children's services improvement", "Safeguarding", "Director of Children's Services", 3, 5,
     "There is a risk that the improvements required by the improvement notice are not made quickly enough, "
     "leaving children at risk of harm and the council subject to intervention.",
     "Improvement plan overseen by the improvement board; practice audits; additional social work capacity; "
     "monthly performance clinics.", [("notice", -2.0)]),
    ("Adult social care market sustainability", "Service delivery", "Director of Adult Social Services", 4, 4,
     "There is a risk that care providers fail or hand back contracts because of rising costs and staff "
     "shortages, leaving people without care and delaying hospital discharges.",
     "Market sustainability plan; fee uplifts agreed with providers; provider failure protocol; recruitment "
     "campaign for care workers.", [("cost_of_living", 1.0), ("nhs_winter", 1.0)]),
    ("Cyber attack disrupting council services", "Information and cyber security",
     "Chief Digital and Information Officer", 3, 5,
     "There is a risk that a cyber attack disables council systems or exposes personal data, leading to "
     "service disruption, financial loss and regulatory action.",
     "Security operations centre; multi-factor authentication; immutable back-ups; annual penetration testing; "
     "staff phishing training.", [("cyber", 2.0)], "2012-04"),
    ("Workforce recruitment and retention", "People", "Director of HR", 4, 3,
     "There is a risk that the council cannot recruit and keep enough skilled staff, especially social "
     "workers, increasing agency costs and reducing service quality.",
     "Workforce strategy; market supplements for hard-to-fill posts; international recruitment of social "
     "workers; grow-your-own apprenticeships.", [("recruitment", -1.0), ("notice", -0.5)]),
    ("High needs block deficit", "Financial", "Director of Education", 4, 4,
     "There is a risk that spending on special educational needs continues to exceed the high needs grant, "
     "building a deficit the council cannot recover.",
     "SEND sufficiency programme; new special school places in county; early intervention in mainstream "
     "schools; deficit management plan agreed with the DfE.", [], "2018-04"),
    ("Climate change and severe weather", "Climate and environment", "Director of Environment and Climate Action",
     3, 4,
     "There is a risk that flooding, storms and heatwaves damage infrastructure and disrupt services more often "
     "as the climate changes.",
     "Climate action plan; flood risk management strategy; highway drainage programme; heatwave plans with the "
     "NHS.", [("wet_winter", 1.0), ("heatwave", 1.0)], "2019-07"),
    ("Information governance and data protection", "Legal and regulatory", "Senior Information Risk Owner", 3, 4,
     "There is a risk that personal data are lost, shared wrongly or kept too long, harming residents and "
     "leading to action by the Information Commissioner.",
     "Mandatory data protection training; information asset register; breach reporting and lessons learned; "
     "records retention schedule.", [("cyber", 1.0)]),
    ("Failure of a major contractor", "Partnerships and contracts", "Head of Procurement", 2, 4,
     "There is a risk that a major contractor fails financially or stops performing, interrupting highways, "
     "waste or care services.",
     "Financial health checks on strategic suppliers; contingency plans for critical contracts; contract "
     "management framework.", [("cost_of_living", 1.0)]),
    ("Business continuity and emergency response", "Service delivery", "Chief Executive", 2, 5,
     "There is a risk that an emergency or loss of a building, system or supplier stops critical services.",
     "Business continuity plans for every critical service; tested annually; Local Resilience Forum "
     "exercises.", [("covid", 2.0)]),
    ("Highways asset condition", "Service delivery", "Director of Highways and Transportation", 4, 3,
     "There is a risk that roads deteriorate faster than the maintenance programme can repair them, increasing "
     "defects, insurance claims and dissatisfaction.",
     "Highways asset management plan; targeted resurfacing programme; additional pothole gangs in winter.",
     [("wet_winter", 1.0)]),
    ("Health and safety of staff and residents", "Health and safety", "Chief Executive", 2, 5,
     "There is a risk of serious injury to staff, residents or visitors from council activities or buildings.",
     "Health and safety management system; audits of high-risk services; lone working devices; incident "
     "reporting.", []),
    ("Pandemic response and recovery", "Health and safety", "Director of Public Health", 5, 5,
     "There is a risk that the pandemic overwhelms services and harms vulnerable residents and staff.",
     "Outbreak management plan; PPE supply; support to care homes; remote working; recovery plan.",
     [("covid", 0.0)], "2020-03", "2022-06"),
    ("Delivery of the transformation programme", "Transformation",
     "Director of Performance, Planning and Improvement", 3, 3,
     "There is a risk that the transformation programme does not deliver its planned savings and improvements "
     "on time.", "Programme board; benefits tracking; dedicated change team.", [("erp", 1.0)], "2017-04"),
]

DIRECTORATE = {
    "SCF": [
        ("Sufficiency of placements for children in care", "Service delivery",
         "Director of Children's Social Care", 4, 4,
         "There is a risk that there are not enough suitable local placements, so children are placed far from "
         "home at high cost.", "Sufficiency strategy; foster carer recruitment; two new in-house children's homes.",
         [("notice", -1.0)]),
        ("Social worker recruitment and caseloads", "People", "Director of Children's Social Care", 4, 4,
         "There is a risk that vacancies and high caseloads reduce the quality of social work with children.",
         "Recruitment and retention package; social work academy; caseload monitoring weekly.",
         [("notice", -1.5), ("recruitment", -1.0)]),
        ("Home-to-school transport costs", "Financial", "Director of Education", 4, 3,
         "There is a risk that rising numbers of children eligible for transport and operator costs exceed the "
         "budget.", "Route optimisation; independent travel training; retendering of contracts.", []),
        ("Quality of safeguarding practice", "Safeguarding", "Director of Children's Social Care", 3, 5,
         "There is a risk that weak practice leaves children in need of protection without timely help.",
         "Practice standards; monthly case audits; learning from reviews.", [("notice", -1.5)]),
        ("Maintained schools in financial difficulty", "Financial", "Director of Education", 3, 3,
         "There is a risk that maintained schools set deficit budgets the council must underwrite.",
         "Schools finance support; licensed deficit agreements; termly monitoring.", []),
    ],
    "AHCW": [
        ("Hospital discharge and winter pressures", "Service delivery", "Director of Adult Social Services", 4, 4,
         "There is a risk that people wait in hospital for care, and winter pressures exceed capacity.",
         "Discharge to assess pathways; winter plan with the NHS; reablement capacity.", [("nhs_winter", 1.5)]),
        ("Care provider failure", "Partnerships and contracts", "Director of Commissioning", 3, 4,
         "There is a risk that a care home or home care provider closes at short notice.",
         "Provider quality team; contingency placements; market monitoring.", [("cost_of_living", 1.0)]),
        ("Deprivation of Liberty Safeguards backlog", "Legal and regulatory", "Head of Safeguarding Adults", 4, 3,
         "There is a risk that people are deprived of their liberty unlawfully while applications wait.",
         "Prioritisation tool; additional best interests assessors.", []),
        ("Waiting lists for Care Act assessments", "Service delivery", "Head of Adult Social Care Operations", 3, 4,
         "There is a risk that people waiting for assessment come to harm or their needs escalate.",
         "Waiting list triage and contact; assessment sprints; online self-assessment.", []),
        ("Public health grant reductions", "Financial", "Director of Public Health", 3, 3,
         "There is a risk that grant reductions force cuts to prevention services.",
         "Recommissioning of contracts; joint funding with the NHS.", []),
    ],
    "ESH": [
        ("Highway defects after severe weather", "Service delivery", "Head of Highways Delivery", 3, 4,
         "There is a risk that wet and freezing weather causes more defects than can be repaired safely in time.",
         "Winter service plan; additional repair gangs; prioritised defect categories.", [("wet_winter", 2.0)]),
        ("Waste disposal contract costs", "Financial", "Head of Waste and Recycling", 3, 4,
         "There is a risk that disposal costs and tonnages rise above the budget.",
         "Waste minimisation campaigns; contract indexation review.", []),
        ("Flood risk to communities", "Climate and environment", "Head of Flood and Water Management", 3, 4,
         "There is a risk that surface water flooding damages homes and roads.",
         "Flood alleviation schemes; gully cleansing programme.", [("wet_winter", 1.0)]),
        ("Withdrawal of bus services", "Service delivery", "Head of Passenger Transport", 3, 3,
         "There is a risk that operators withdraw commercial bus routes, isolating rural communities.",
         "Bus service improvement plan; supported routes; demand-responsive transport.", [("covid", 1.0)]),
        ("Recycling performance and the garden waste charge", "Reputation", "Head of Waste and Recycling", 3, 3,
         "There is a risk that the garden waste charge reduces recycling and increases fly-tipping.",
         "Communication campaign; monitoring of fly-tipping hotspots.", [("garden_charge", 1.0)], "2024-10"),
    ],
    "FIN": [
        ("Council tax and business rates collection", "Financial", "Head of Revenues and Income", 2, 4,
         "There is a risk that collection rates fall as households and businesses struggle.",
         "Hardship fund; early recovery contact; data sharing with districts.", [("cost_of_living", 1.0)]),
        ("ERP system implementation", "Transformation", "Director of Finance (Section 151 Officer)", 3, 4,
         "There is a risk that the new finance and HR system disrupts payments and payroll at go-live.",
         "Parallel running; hypercare support; go/no-go criteria.", [("erp", 2.0)], "2021-04", "2024-03"),
        ("Fraud and error", "Financial", "Head of Internal Audit", 2, 3,
         "There is a risk of loss through fraud or error in payments.",
         "Counter fraud strategy; data matching; segregation of duties.", []),
        ("Pension fund investment volatility", "Financial", "Head of Pensions", 3, 3,
         "There is a risk that investment returns fall short of the actuarial assumptions.",
         "Diversified investment strategy; triennial valuation.", []),
        ("Treasury management counterparty risk", "Financial", "Head of Budget Planning and Treasury", 2, 4,
         "There is a risk of losing money deposited with a failing institution.",
         "Counterparty limits; credit ratings monitoring.", []),
    ],
    "HR": [
        ("Equal pay claims", "Legal and regulatory", "Director of HR", 2, 4,
         "There is a risk of claims if pay and grading are not equal for work of equal value.",
         "Job evaluation; pay audits.", []),
        ("Payroll accuracy", "Service delivery", "Head of Payroll", 2, 3,
         "There is a risk that staff are paid late or wrongly.", "Payroll reconciliations; system controls.",
         [("erp", 1.0)]),
        ("Staff wellbeing and sickness absence", "People", "Head of Occupational Health and Wellbeing", 3, 3,
         "There is a risk that stress and long-term sickness reduce capacity in front-line teams.",
         "Wellbeing programme; early referral to occupational health; managers' training.", []),
        ("Apprenticeship levy underspend", "Financial", "Head of Learning and Development", 3, 2,
         "There is a risk that levy funds expire unused.", "Apprenticeship plans per directorate.", [], "2017-04"),
    ],
    "CS": [
        ("Contact centre capacity at peak times", "Service delivery", "Director of Customer Services", 3, 3,
         "There is a risk that callers wait too long or abandon calls at peak times.",
         "Workforce planning; call-back service; online self-service.", [("telephony", 1.0)]),
        ("Statutory response times for information requests", "Legal and regulatory",
         "Information Governance Manager", 3, 3,
         "There is a risk that FOI and subject access requests are answered late.",
         "Request tracking; service champions.", [("cyber", 1.0)]),
        ("Digital exclusion of residents", "Reputation", "Head of Digital", 3, 2,
         "There is a risk that residents without internet access cannot use services.",
         "Assisted digital support in libraries; telephone alternatives.", []),
        ("Registration service income", "Financial", "Registration Service Manager", 2, 2,
         "There is a risk that ceremony income falls short of budget.", "Marketing of venues; pricing review.",
         [("covid", 2.0)]),
    ],
    "CAM": [
        ("Condition of council buildings", "Health and safety", "Head of Property", 3, 4,
         "There is a risk that poor building condition (including RAAC and asbestos) harms occupants.",
         "Condition surveys; planned maintenance programme; asbestos register.", []),
        ("ICT infrastructure resilience", "Information and cyber security", "Head of ICT", 3, 4,
         "There is a risk that ageing infrastructure fails, disrupting services.",
         "Cloud migration; replacement programme; disaster recovery tests.", [("cyber", 1.0)]),
        ("Capital programme slippage", "Financial", "Head of Capital Projects", 3, 3,
         "There is a risk that capital schemes are delayed and cost more.", "Gateway reviews; contractor monitoring.",
         []),
        ("Legal capacity for care proceedings", "Legal and regulatory", "Head of Legal Services", 3, 3,
         "There is a risk that there are not enough lawyers for the volume of care proceedings.",
         "Locum lawyers; external framework.", [("notice", -1.0)]),
        ("Governance and decision-making", "Reputation", "Monitoring Officer", 2, 4,
         "There is a risk that decisions are challenged for not following the constitution.",
         "Report clearance; member training.", []),
    ],
}

# Service and team risks: (title with {unit}, category, likelihood, impact, description, actions)
SERVICE = [
    ("Capacity to meet demand in {unit}", "Service delivery", 3, 3,
     "There is a risk that demand for {unit} exceeds staffing and budget, so people wait longer.",
     "Demand forecasting; prioritisation criteria; overtime and agency cover where justified."),
    ("Loss of key staff in {unit}", "People", 3, 3,
     "There is a risk that experienced staff leave {unit} and knowledge is lost.",
     "Succession planning; documented procedures; retention conversations."),
    ("Budget pressure in {unit}", "Financial", 3, 3,
     "There is a risk that {unit} overspends its budget because of demand and prices.",
     "Monthly budget monitoring with the finance business partner; recovery plan."),
    ("Failure of a key system used by {unit}", "Information and cyber security", 2, 3,
     "There is a risk that a system {unit} relies on is unavailable.", "Business continuity plan; manual workarounds."),
    ("Non-compliance with statutory duties in {unit}", "Legal and regulatory", 2, 4,
     "There is a risk that {unit} does not meet a statutory duty or timescale.",
     "Compliance checklist; performance monitoring; legal advice."),
    ("Performance of contracted providers in {unit}", "Partnerships and contracts", 3, 3,
     "There is a risk that providers commissioned by {unit} do not deliver to standard.",
     "Contract monitoring meetings; performance notices."),
    ("Lone working in {unit}", "Health and safety", 2, 4,
     "There is a risk that staff of {unit} working alone are harmed.", "Lone working devices; buddy system."),
    ("Data quality in {unit} records", "Information and cyber security", 3, 2,
     "There is a risk that incomplete records in {unit} lead to poor decisions and wrong returns.",
     "Data quality reports; recording standards; audits."),
]
TEAM = [
    ("Staffing levels in {unit}", "People", 3, 3,
     "There is a risk that vacancies and absence in {unit} leave too few staff for the work.",
     "Rota planning; agency cover; recruitment campaign."),
    ("Backlog of work in {unit}", "Service delivery", 3, 3,
     "There is a risk that a backlog in {unit} delays help for residents.", "Weekly backlog review; overtime."),
    ("Lone working in {unit}", "Health and safety", 2, 4,
     "There is a risk that staff of {unit} working alone are harmed.", "Lone working devices; check-in calls."),
    ("Use of personal data in {unit}", "Information and cyber security", 2, 3,
     "There is a risk that personal data handled by {unit} are shared wrongly.",
     "Data protection refresher; secure email; clear desk checks."),
]
