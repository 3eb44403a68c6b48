"""Indicators of Environment, Sustainability and Highways (ESH).

Highways react to the wet winter of 2023/24 (a pothole surge); waste data come
quarterly from WasteDataFlow a quarter in arrears, and recycling falls when the
garden-waste charge starts in April 2025; road condition is an annual survey
reported for the council only.
"""

from data.demo.spec import ind

CONFIRM = "Confirm"
HOH = "Head of Highways Delivery"
WASTE = "Head of Waste and Recycling"
POTHOLE_WHY = (
    "Heavy rain and freeze-thaw broke up the carriageway faster than gangs could repair it.",
    "A jetpatcher was out of service for three weeks.",
    "Contractor resources were diverted to flood response.",
)

SPECS = [
    ind("HWY-POTHOLES-28", "Potholes repaired within 28 days",
        "Potholes repaired in the month within 28 calendar days of being reported, as a percentage of all "
        "potholes repaired.", d="ESH", unit="percent", agg="ratio", basis="in_month", units="kind:hwy", sc=True,
        tiny=True, seasonal=True, owner=HOH, source=CONFIRM, due=5, local="some",
        m=dict(kind="prop", level=0.9, den=160, spread=0.3, season=(-0.25, 2), den_season=(0.45, 2),
               events=(("wet_winter", -1.3),), den_events=(("wet_winter", 0.7),)), why=POTHOLE_WHY),
    ind("HWY-POTHOLES", "Potholes repaired",
        "Potholes repaired on county roads in the month.", d="ESH", unit="count", dec=0, agg="sum",
        basis="in_month", units="kind:hwy", seasonal=True, tol=0.1, owner=HOH, source=CONFIRM, due=5,
        m=dict(kind="count", level=150, season=(0.4, 2), events=(("wet_winter", 0.6),))),
    ind("HWY-DEFECTS-OPEN", "Highway defects awaiting repair",
        "Reported highway defects awaiting repair at the month end.", d="ESH", unit="count", dec=0, agg="latest",
        basis="snapshot", pol="down", units="kind:hwy", seasonal=True, tol=0.1, owner=HOH, source=CONFIRM, due=5,
        m=dict(kind="stock", level=180, season=(0.35, 2), events=(("wet_winter", 0.9),), noise=0.08),
        why=POTHOLE_WHY),
    ind("HWY-EMERGENCY-2H", "Emergency highway defects made safe within 2 hours",
        "Emergency (category 1) highway defects made safe in the month within 2 hours of being reported, as a "
        "percentage of all emergency defects.", d="ESH", sc=True, unit="percent", agg="ratio", basis="in_month",
        units="kind:hwy", owner=HOH, source=CONFIRM, due=5,
        m=dict(kind="prop", level=0.965, den=25, events=(("wet_winter", -0.8),))),
    ind("HWY-CAT1-MAXDAYS", "Longest time to permanently repair a category 1 defect",
        "The longest time, in calendar days, taken to permanently repair a category 1 defect completed in the "
        "month.", d="ESH", unit="days", dec=0, agg="max", basis="in_month", pol="down", units="kind:hwy",
        tiny=True, tol=0.15, owner=HOH, source=CONFIRM, due=5,
        m=dict(kind="peak", level=9, noise=0.25, season=(0.2, 2), events=(("wet_winter", 0.7),))),
    ind("HWY-INSPECTIONS", "Highway safety inspections completed on time",
        "Scheduled highway safety inspections completed in the month by their due date, as a percentage of all "
        "inspections due.", d="ESH", unit="percent", agg="ratio", basis="in_month", units="kind:inspect",
        owner="Head of Highways Asset Management", source=CONFIRM, due=5,
        m=dict(kind="prop", level=0.965, den=900, den_mode="amount", noise=0.2)),
    ind("HWY-LIGHTS-7", "Street lighting faults repaired within 7 days",
        "Street light faults repaired in the month within 7 calendar days of being reported, as a percentage of "
        "all faults repaired.", d="ESH", unit="percent", agg="ratio", basis="in_month", units="kind:lighting",
        seasonal=True, owner="Street Lighting Manager", source=CONFIRM, due=5,
        m=dict(kind="prop", level=0.89, den=700, season=(-0.3, 12), den_season=(0.3, 12),
               events=(("new_contract", 0.4),))),
    ind("HWY-MAXCLAIMS", "Highway insurance claims received",
        "Third-party insurance claims about the condition of county roads received in the last 12 months.",
        d="ESH", target=False, unit="count", dec=0, agg="sum", basis="rolling_12_months", pol="down", units="kind:hwy",
        tol=0.05, owner=HOH, source="Insurance claims system", due=10,
        m=dict(kind="count", level=18, season=(0.4, 2), events=(("wet_winter", 0.8),))),
    ind("HWY-ROAD-PRINCIPAL", "Principal roads where maintenance should be considered",
        "Length of principal (A) roads where maintenance should be considered (red condition in the annual "
        "machine survey), as a percentage of principal road length surveyed (DfT road condition statistics; "
        "formerly NI 168); reported for the council only.", d="ESH", unit="percent", agg="none",
        basis="snapshot", freq="annual", pol="down", units="council", sc=True, tiny=True, tol=0.5, nat="NI 168",
        owner="Head of Highways Asset Management", source="SCANNER survey", due=45,
        m=dict(kind="single", level=0.037, link="logit", noise=0.08, trend=0.03),
        why=("Two wet winters accelerated deterioration faster than the resurfacing programme.",)),
    ind("HWY-ROAD-NONPRINCIPAL", "Non-principal classified roads where maintenance should be considered",
        "Length of B and C roads where maintenance should be considered, as a percentage of B and C road length "
        "surveyed (DfT road condition statistics; formerly NI 169); reported for the council only.", d="ESH",
        unit="percent", agg="none", basis="snapshot", freq="annual", pol="down", units="council", tol=0.5,
        nat="NI 169", owner="Head of Highways Asset Management", source="SCANNER survey", due=45,
        m=dict(kind="single", level=0.065, link="logit", noise=0.08, trend=0.04)),
    ind("HWY-SATISFACTION", "Residents satisfied with the condition of roads",
        "Residents satisfied with the condition of road surfaces in the annual National Highways and Transport "
        "public satisfaction survey; reported for the council only.", d="ESH", unit="percent", agg="none",
        basis="snapshot", freq="annual", units="council", sc=True, nat="NHT survey", owner=HOH,
        source="NHT survey", due=30, m=dict(kind="single", level=0.31, link="logit", noise=0.08, trend=-0.01)),
    ind("HWY-KSI", "People killed or seriously injured on the county's roads",
        "People killed or seriously injured in reported road traffic collisions in the county in the last 12 "
        "months (DfT STATS19); police data three months in arrears; reported for the council only.", d="ESH",
        unit="count", dec=0, agg="none", basis="rolling_12_months", lag=3, pol="down", units="council", sc=True,
        tiny=True, nat="DfT STATS19", owner="Road Safety Manager", source="STATS19", due=10, tol=0.05,
        m=dict(kind="single", level=760, noise=0.015, common=0.01, trend=-0.02, round=0)),
    ind("HWY-PERMITS-5", "Street works permit applications decided within 5 days",
        "Street works permit applications decided in the month within 5 working days, as a percentage of all "
        "applications decided.", d="ESH", unit="percent", agg="ratio", basis="in_month", units="kind:network",
        owner="Network Manager", source="Street Manager", due=5, m=dict(kind="prop", level=0.96, den=2100)),
    ind("TRN-BUS-ONTIME", "Supported bus services running on time",
        "Monitored departures of council-supported bus services leaving between one minute early and five "
        "minutes late, as a percentage of departures monitored.", d="ESH", unit="percent", agg="ratio",
        basis="in_month", units="name:Passenger Transport", owner="Head of Passenger Transport",
        source="Real-time bus data", due=10, m=dict(kind="prop", level=0.85, den=4000, den_mode="amount",
                                                    season=(-0.15, 12))),
    ind("TRN-BUS-JOURNEYS", "Passenger journeys on local bus services",
        "Passenger journeys on local bus services in the county since April (DfT BUS01), from operators' returns, "
        "a quarter in arrears.", d="ESH", target=False, unit="count", dec=0, agg="sum", basis="year_to_date",
        freq="quarterly", lag=1, units="name:Passenger Transport", nat="DfT BUS01",
        owner="Head of Passenger Transport", source="Operator returns", due=20,
        m=dict(kind="count", level=2_400_000, events=(("covid", -0.4),), trend=0.01)),
    ind("TRN-PASSES-10", "Concessionary bus passes issued within 10 working days",
        "Older and disabled persons' bus passes issued in the month within 10 working days of a complete "
        "application, as a percentage of all passes issued.", d="ESH", unit="percent", agg="ratio",
        basis="in_month", units="name:Concessionary", owner="Head of Passenger Transport",
        source="Concessionary travel system", due=5, m=dict(kind="prop", level=0.93, den=1800)),
    ind("WST-NI192", "Household waste reused, recycled or composted",
        "Household waste sent for reuse, recycling or composting since April, as a percentage of all household "
        "waste collected (NI 192), from WasteDataFlow, a quarter in arrears.", d="ESH", unit="percent",
        agg="ratio", basis="year_to_date", freq="quarterly", lag=1, units="kind:wcoll", sc=True, tiny=True,
        seasonal=True, nat="NI 192", owner=WASTE, source="WasteDataFlow", due=20, portfolio="environment",
        m=dict(kind="prop", level=0.52, den=4300, den_mode="amount", season=(0.22, 7), den_season=(0.15, 6),
               events=(("garden_charge", -0.2),), spread=0.2),
        why=("Contamination in dry recycling rose, so more loads were rejected.",
             "A dry summer cut garden waste tonnages.")),
    ind("WST-NI191", "Residual household waste per household",
        "Household waste not sent for reuse, recycling or composting in the last 12 months, in kilograms per "
        "household (NI 191): kilograms over household-years (households ÷ 4 each quarter), from WasteDataFlow, a "
        "quarter in arrears.", d="ESH", unit="ratio", dec=1, agg="ratio", basis="rolling_12_months",
        freq="quarterly", lag=1, pol="down", units="kind:wcoll", sc=True, tiny=True, nat="NI 191", owner=WASTE,
        source="WasteDataFlow", due=20, portfolio="environment",
        m=dict(kind="rate", level=490, den=60_000, den_mode="spread", num="amount", season=(0.04, 12),
               events=(("garden_charge", 0.04),), spread=0.08, noise=0.03, trend=-0.015)),
    ind("WST-NI193", "Municipal waste sent to landfill",
        "Municipal waste sent to landfill since April, as a percentage of all municipal waste (NI 193), a quarter "
        "in arrears.", d="ESH", unit="percent", agg="ratio", basis="year_to_date", freq="quarterly", lag=1,
        pol="down", units="kind:wdisp", nat="NI 193", owner=WASTE, source="WasteDataFlow", due=20,
        portfolio="environment", tol=1,
        m=dict(kind="prop", level=0.11, den=140_000, den_mode="amount", trend=-0.15, events=(("new_contract", -0.4),))),
    ind("WST-HWRC-RECYCLED", "Recycling centre waste reused or recycled",
        "Waste brought to recycling centres in the month that was reused or recycled, as a percentage of all "
        "waste received.", d="ESH", unit="percent", agg="ratio", basis="in_month", units="kind:hwrc",
        seasonal=True, owner=WASTE, source="Weighbridge system", due=10, portfolio="environment",
        m=dict(kind="prop", level=0.71, den=900, den_mode="amount", season=(0.15, 6), den_season=(0.3, 5))),
    ind("WST-HWRC-VISITS", "Recycling centre visits",
        "Vehicle visits to the recycling centres in the month.", d="ESH", unit="count", dec=0, agg="sum",
        basis="in_month", pol="neither", units="kind:hwrc", seasonal=True, target=False, owner=WASTE,
        source="ANPR counts", due=10, portfolio="environment",
        m=dict(kind="count", level=14_000, season=(0.3, 5), events=(("heatwave", 0.1),))),
    ind("WST-MISSED", "Missed bin collections per 100,000",
        "Missed household bin collections reported in the month per 100,000 scheduled collections.", d="ESH",
        unit="rate", scale=100_000, agg="ratio", basis="in_month", pol="down", units="kind:wcoll",
        owner=WASTE, source="Whitespace", due=5, portfolio="environment", local="some",
        m=dict(kind="rate", level=0.00055, den=230_000, spread=0.35, season=(0.25, 1),
               events=(("new_contract", 0.5), ("heatwave", 0.3))),
        why=("Parked cars blocked access for collection vehicles on narrow roads.",
             "Crew shortages meant agency drivers unfamiliar with the rounds.")),
    ind("WST-FLYTIP", "Fly-tipping incidents",
        "Fly-tipping incidents reported on public land in the month (Defra Flycapture).", d="ESH",
        target=False, unit="count",
        dec=0, agg="sum", basis="in_month", pol="down", units="kind:wcoll", nat="Defra Flycapture", tol=0.1,
        owner=WASTE, source="Flycapture", due=10, portfolio="environment",
        m=dict(kind="count", level=230, season=(0.15, 6), events=(("cost_of_living", 0.15), ("garden_charge", 0.1)))),
    ind("WST-TONNAGE", "Household waste collected",
        "Household waste collected since April, in tonnes.", d="ESH", unit="count", dec=0, agg="sum",
        basis="year_to_date", pol="neither", units="kind:wcoll", target=False, owner=WASTE,
        source="WasteDataFlow", due=10, portfolio="environment",
        m=dict(kind="count", level=1450, season=(0.15, 6))),
    ind("PLN-MAJOR-13WK", "Major planning applications determined in time",
        "County matter (minerals, waste and council development) major applications determined in the last 12 "
        "months within 13 weeks or an agreed extension, as a percentage of those determined (formerly NI 157a).",
        d="ESH", sc=True, unit="percent", agg="ratio", basis="rolling_12_months", units="kind:minerals,devman",
        nat="NI 157a", owner="Head of Planning", source="Uniform", due=10, portfolio="environment",
        m=dict(kind="prop", level=0.9, den=2)),
    ind("PLN-MINOR-8WK", "Minor planning applications determined in time",
        "Minor applications determined in the month within 8 weeks or an agreed extension, as a percentage of "
        "those determined (formerly NI 157b).", d="ESH", unit="percent", agg="ratio", basis="in_month",
        units="kind:devman", nat="NI 157b", owner="Head of Planning", source="Uniform", due=10,
        portfolio="environment", m=dict(kind="prop", level=0.86, den=9)),
    ind("PLN-APPEALS", "Planning appeals allowed",
        "Appeals against the council's planning decisions allowed by the Planning Inspectorate in the last 12 "
        "months, as a percentage of appeals decided.", d="ESH", target=False, unit="percent", agg="ratio",
        basis="rolling_12_months", pol="down", units="kind:devman", owner="Head of Planning", source="Uniform",
        due=10, portfolio="environment", tol=5, m=dict(kind="prop", level=0.25, den=1)),
    ind("PLN-FLOOD-21", "Flood risk consultations answered within 21 days",
        "Statutory consultations on surface water flood risk answered in the month within 21 days, as a "
        "percentage of all consultations answered.", d="ESH", unit="percent", agg="ratio", basis="in_month",
        units="kind:flood", owner="Flood and Water Manager", source="Uniform", due=10, portfolio="environment",
        m=dict(kind="prop", level=0.93, den=110)),
    ind("TS-RESPONSE-10", "Trading standards complaints responded to within 10 working days",
        "Consumer complaints referred to trading standards answered in the month within 10 working days, as a "
        "percentage of all complaints answered.", d="ESH", sc=True, unit="percent", agg="ratio", basis="in_month",
        units="kind:ts", theme="residents", portfolio="customer", owner="Head of Trading Standards",
        source="Civica APP", due=5, m=dict(kind="prop", level=0.9, den=45)),
    ind("TS-SCAMS-SAVED", "Money saved for scam and doorstep-crime victims",
        "Money returned to or saved for victims of scams and doorstep crime since April, in pounds.", d="ESH",
        target=False, unit="currency", dec=0, agg="sum", basis="year_to_date", units="name:Scams", theme="residents",
        portfolio="customer", tol=0.1, owner="Head of Trading Standards", source="Civica APP", due=10,
        m=dict(kind="money", level=14_000, noise=0.5)),
    ind("TS-HIGHRISK", "High-risk premises inspected",
        "High-risk premises inspected since April, as a percentage of high-risk inspections planned to date.",
        d="ESH", unit="percent", agg="ratio", basis="year_to_date", units="name:Product Safety;name:Animal Health",
        theme="residents", portfolio="customer", owner="Head of Trading Standards", source="Civica APP", due=10,
        m=dict(kind="prop", level=0.84, den=30)),
    ind("TS-UNDERAGE", "Test purchases resulting in an age-restricted sale",
        "Test purchases by young volunteers in the last 12 months that resulted in an illegal sale of an "
        "age-restricted product, as a percentage of test purchases made.", d="ESH", unit="percent", agg="ratio",
        basis="rolling_12_months", pol="down", units="name:Age-restricted", theme="residents",
        portfolio="customer", tol=3, owner="Head of Trading Standards", source="Civica APP", due=10,
        m=dict(kind="prop", level=0.14, den=6)),
    ind("ENV-PARK-VISITS", "Country park visits",
        "Visits to the council's country parks in the month (car park counts).", d="ESH",
        target=False, unit="count", dec=0,
        agg="sum", basis="in_month", units="kind:parks", seasonal=True, tol=0.1, portfolio="environment",
        owner="Head of Country Parks", source="Car park counters", due=10,
        m=dict(kind="count", level=38_000, season=(0.5, 7), events=(("heatwave", 0.2),))),
    ind("ENV-PROW-EASY", "Public rights of way easy to use",
        "Sampled public rights of way that were easy to use by the public in the quarter, as a percentage of "
        "those surveyed.", d="ESH", unit="percent", agg="ratio", basis="in_month", freq="quarterly",
        units="kind:prow", portfolio="environment", owner="Public Rights of Way Manager", source="CAMS", due=15,
        m=dict(kind="prop", level=0.78, den=200, season=(0.25, 7))),
    ind("ENV-CO2", "Greenhouse gas emissions from the council's estate and operations",
        "Tonnes of carbon dioxide equivalent from the council's buildings, street lighting, fleet and business "
        "travel in the financial year; reported for the council only.", d="ESH", unit="count", dec=0,
        agg="none", basis="in_month", freq="annual", pol="down", units="council", portfolio="environment",
        tol=0.03, owner="Head of Climate Action", source="Carbon footprint model", due=60,
        m=dict(kind="single", level=31_000, trend=-0.07, noise=0.02, round=0)),
]
