"""How the demo declares an indicator: ``ind(...)`` in a ``catalogue_*`` module
builds a ``Spec`` (the columns of the ``indicator`` table plus how the demo
simulates it; data/demo/catalogue.py lists what each field means)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

THEMES = {
    "cyp": "Children and young people are safe and achieve",
    "adults": "Adults live independently",
    "place": "A clean, green county with good roads",
    "residents": "Residents get good, efficient services",
    "council": "A well-run council",
}
PORTFOLIOS = {
    "children": "Children and Families",
    "adults": "Adult Social Care and Health",
    "highways": "Highways",
    "environment": "Environment and Waste",
    "finance": "Finance and Resources",
    "customer": "Customer Services and Digital",
    "leader": "Leader",
}
_DIRECTORATE_DEFAULTS = {
    "SCF": ("cyp", "children"), "AHCW": ("adults", "adults"), "ESH": ("place", "highways"),
    "FIN": ("council", "finance"), "HR": ("council", "finance"), "CS": ("residents", "customer"),
    "CAM": ("council", "leader"),
}


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    definition: str
    unit: str
    scale: float
    decimals: int
    polarity: str
    aggregation: str
    basis: str
    frequency: str
    lag_periods: int
    tolerance: float
    tolerance_kind: str
    owner: str
    directorate_code: str
    theme: str
    portfolio: str
    on_corporate_scorecard: bool
    national_code: str | None
    source: str
    due_working_days: int
    seasonal: bool
    units: str
    m: dict = field(default_factory=dict)
    target: bool = True
    local: str | None = None
    tiny: bool = False
    why: tuple = ()

    @property
    def spc_applies(self) -> bool:
        """False for year-to-date ratios whose denominator is raised up front
        (council tax, business rates): one month's own value is meaningless."""
        return self.m.get("den_mode") != "front"

    @property
    def seed_key(self) -> int:
        """Stable per indicator, whatever else the catalogue holds."""
        return zlib.crc32(self.code.encode())


INDICATOR_COLUMNS = [
    "code", "name", "definition", "unit", "scale", "decimals", "polarity", "aggregation", "basis",
    "frequency", "lag_periods", "tolerance", "tolerance_kind", "owner", "directorate_code", "theme",
    "portfolio", "on_corporate_scorecard", "national_code", "source", "due_working_days", "seasonal",
    "spc_applies",
]


def ind(code, name, definition, *, d, unit, agg, basis, units, m, owner, source, freq="monthly",
        pol="up", scale=None, dec=1, lag=0, tol=None, tolk=None, sc=False, nat=None, due=5,
        seasonal=False, theme=None, portfolio=None, target=True, local=None, tiny=False, why=()):
    """Declare one indicator; defaults follow the unit (percent: scale 100, 2 points' tolerance)."""
    default_theme, default_portfolio = _DIRECTORATE_DEFAULTS[d]
    if scale is None:
        scale = 100.0 if unit == "percent" else 1.0
    if tol is None:
        tol = 2.0 if unit == "percent" else 0.05
    if tolk is None:  # percentages: points either side; everything else: a share of the target
        tolk = "absolute" if unit == "percent" else "relative"
    if agg == "none":
        units = "council"
    return Spec(
        code=code, name=name, definition=definition, unit=unit, scale=float(scale), decimals=dec,
        polarity=pol, aggregation=agg, basis=basis, frequency=freq, lag_periods=lag,
        tolerance=float(tol), tolerance_kind=tolk, owner=owner, directorate_code=d,
        theme=THEMES[theme or default_theme], portfolio=PORTFOLIOS[portfolio or default_portfolio],
        on_corporate_scorecard=sc, national_code=nat, source=source, due_working_days=due,
        seasonal=seasonal, units=units, m=dict(m), target=bool(target) and pol != "neither",
        local=local, tiny=tiny, why=tuple(why),
    )
