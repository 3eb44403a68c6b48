"""A small council of its own, written as an extract folder the way a council would write it: plain CSV
files, no demo catalogue.  Seven units, two indicators, three months; the figures are simple enough to
check by hand (tests/test_build.py does)."""

from __future__ import annotations

import csv
from pathlib import Path

COUNCIL = [{"name": "Northbrook Borough Council", "first_month": "2025-04", "last_month": "2025-06",
            "extracted_on": "2025-07-10", "demonstration": "false"}]
ORG = [
    ("NB", "Northbrook Borough Council", "council", "", 1),
    ("PEO", "People", "directorate", "NB", 1),
    ("PLA", "Place", "directorate", "NB", 2),
    ("PEO-HOU", "Housing", "service", "PEO", 1),
    ("PLA-WST", "Waste", "service", "PLA", 1),
    ("HOU-N", "Housing North", "team", "PEO-HOU", 1),
    ("HOU-S", "Housing South", "team", "PEO-HOU", 2),
    ("WST-C", "Collections", "team", "PLA-WST", 1),
]
INDICATOR_BASE = {
    "scale": "1", "decimals": "1", "lag_periods": "0", "tolerance": "0.05", "tolerance_kind": "relative",
    "frequency": "monthly", "basis": "in_month", "theme": "A good place to live", "portfolio": "Housing",
    "on_corporate_scorecard": "true", "national_code": "", "source": "Civica", "due_working_days": "5",
    "seasonal": "false", "spc_applies": "true", "proportion": "false",
}
INDICATORS = [
    dict(INDICATOR_BASE, code="HOU-RELET", name="Homes relet within 20 days",
         definition="Homes relet within 20 working days of becoming empty, as a percentage of homes relet.",
         unit="percent", scale="100", polarity="up", aggregation="ratio", proportion="true", tolerance="2",
         tolerance_kind="absolute", owner="Head of Housing", directorate_code="PEO"),
    dict(INDICATOR_BASE, code="WST-MISSED", name="Missed bin collections",
         definition="Collections reported missed in the month.", unit="count", decimals="0", polarity="down",
         aggregation="sum", owner="Head of Waste", directorate_code="PLA", portfolio="Environment"),
]
INDICATOR_UNIT = [("HOU-RELET", "HOU-N"), ("HOU-RELET", "HOU-S"), ("HOU-RELET", "WST-C"),
                  ("WST-MISSED", "HOU-N"), ("WST-MISSED", "WST-C")]
# (indicator, unit, month, numerator, denominator, value)
RETURNS = [
    ("HOU-RELET", "HOU-N", "2025-04-01", 30, 50, 0.6), ("HOU-RELET", "HOU-S", "2025-04-01", 20, 40, 0.5),
    ("HOU-RELET", "WST-C", "2025-04-01", 5, 10, 0.5),
    ("HOU-RELET", "HOU-N", "2025-05-01", 35, 50, 0.7), ("HOU-RELET", "HOU-S", "2025-05-01", 30, 40, 0.75),
    ("HOU-RELET", "WST-C", "2025-05-01", 8, 10, 0.8),
    ("HOU-RELET", "HOU-N", "2025-06-01", 40, 50, 0.8), ("HOU-RELET", "HOU-S", "2025-06-01", 30, 40, 0.75),
    ("HOU-RELET", "WST-C", "2025-06-01", 9, 10, 0.9),
    ("WST-MISSED", "HOU-N", "2025-04-01", None, None, 3), ("WST-MISSED", "WST-C", "2025-04-01", None, None, 6),
    ("WST-MISSED", "HOU-N", "2025-05-01", None, None, 4), ("WST-MISSED", "WST-C", "2025-05-01", None, None, 4),
    ("WST-MISSED", "HOU-N", "2025-06-01", None, None, 6), ("WST-MISSED", "WST-C", "2025-06-01", None, None, 5),
]
TARGETS = [("HOU-RELET", "NB", m, 80) for m in ("2025-04-01", "2025-05-01", "2025-06-01")] + \
          [("WST-MISSED", "NB", m, 10) for m in ("2025-04-01", "2025-05-01", "2025-06-01")]


def write_csv(path: Path, header: list[str], rows: list) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row in rows:
            out.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else
                         ["" if v is None else v for v in row])


INDICATOR_COLUMNS = ["code", "name", "definition", "unit", "scale", "decimals", "polarity", "aggregation", "proportion",
                     "basis", "frequency", "lag_periods", "tolerance", "tolerance_kind", "owner", "directorate_code",
                     "theme", "portfolio", "on_corporate_scorecard", "national_code", "source", "due_working_days",
                     "seasonal", "spc_applies"]


def received(period_start: str) -> str:
    """A return arrives on the 5th of the month after its period."""
    year, month = int(period_start[:4]), int(period_start[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year}-{month:02d}-05 09:00:00"


def write_council(folder: Path, *, returns=None) -> Path:
    """Write the council's extract into ``folder``; ``returns`` replaces the measure rows."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "council.csv", ["name", "first_month", "last_month", "extracted_on", "demonstration"], COUNCIL)
    write_csv(folder / "org_unit.csv", ["code", "name", "level", "parent_code", "sort_order", "is_schools"],
              [(*row, "false") for row in ORG])
    write_csv(folder / "indicator.csv", INDICATOR_COLUMNS, INDICATORS)
    write_csv(folder / "indicator_unit.csv", ["indicator_code", "org_code"], INDICATOR_UNIT)
    write_csv(folder / "measure.csv", ["indicator_code", "org_code", "period_start", "numerator", "denominator",
                                       "value", "status", "received_at"],
              [(*row, "validated", received(row[2])) for row in (RETURNS if returns is None else returns)])
    write_csv(folder / "target.csv", ["indicator_code", "org_code", "period_start", "target"], TARGETS)
    return folder
