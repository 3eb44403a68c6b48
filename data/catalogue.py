"""The demo council's catalogue: its organisation tree and its indicators.

An indicator is declared with ``ind(...)`` in one of the ``catalogue_*`` modules
(children's, adults', place, corporate).  Besides the columns of the
``indicator`` table, each declaration says:

* ``units`` — which teams return it: ``"all"`` (every team except schools),
  ``"kind:a,b"`` (teams of those kinds, see ``catalogue_org``), ``"name:text"``
  (teams whose name contains text), ``"svc:CODE"`` (a service's teams),
  ``"frac:0.4"`` (a stable pseudo-random share of non-schools teams) or
  ``"council"`` (aggregation none: the council itself);
* ``m`` — how its values behave (see ``data.series``): level, trend, season,
  events, spread between teams;
* ``target`` (False = data only), ``local`` (local targets for directorates /
  services / teams), ``tiny`` (kept in the tiny preset) and ``why`` (reasons
  used when commentary explains a miss).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import pandas as pd

from data.catalogue_org import COUNCIL_CODE, COUNCIL_NAME, build_ancestors, build_org  # noqa: F401

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


def all_specs() -> list[Spec]:
    from data import catalogue_adults, catalogue_children, catalogue_corporate, catalogue_customer, catalogue_place

    specs = (catalogue_children.SPECS + catalogue_adults.SPECS + catalogue_place.SPECS
             + catalogue_corporate.SPECS + catalogue_customer.SPECS)
    codes = [s.code for s in specs]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise ValueError(f"duplicate indicator codes: {sorted(duplicates)}")
    return specs


def specs_for(preset: str) -> list[Spec]:
    specs = all_specs()
    return [s for s in specs if s.tiny] if preset == "tiny" else specs


def indicator_frame(specs: list[Spec]) -> pd.DataFrame:
    return pd.DataFrame([[getattr(s, c) for c in INDICATOR_COLUMNS] for s in specs], columns=INDICATOR_COLUMNS)


def _stable_share(codes: pd.Series, salt: str) -> pd.Series:
    """A pseudo-random number in [0, 1) per team, the same in every preset and run."""
    return codes.map(lambda c: zlib.crc32(f"{salt}|{c}".encode()) % 10_000 / 10_000)


def reporting_units(spec: Spec, org: pd.DataFrame) -> pd.Series:
    """Boolean mask over ``org`` rows: the units that return ``spec`` (in tree order)."""
    if spec.units == "council":
        return org["level"] == "council"
    teams = (org["level"] == "team").to_numpy()
    mask = pd.Series(False, index=org.index)
    for part in spec.units.split(";"):
        kind, _, arg = part.partition(":")
        if kind == "all":
            mask |= teams & ~org["is_schools"]
        elif kind == "kind":
            mask |= teams & org["kind"].isin(arg.split(","))
        elif kind == "name":
            mask |= teams & org["name"].str.contains(arg, regex=False)
        elif kind == "svc":
            mask |= teams & (org["service"] == arg)
        elif kind == "frac":
            mask |= teams & ~org["is_schools"] & (_stable_share(org["code"], spec.code) < float(arg))
        else:
            raise ValueError(f"{spec.code}: unknown unit selector {part!r}")
    return mask
