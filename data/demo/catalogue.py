"""The demo council's catalogue: its organisation tree and its indicators.

An indicator is declared with ``ind(...)`` in one of the ``catalogue_*`` modules
(children's, adults', place, corporate).  Besides the columns of the
``indicator`` table, each declaration says:

* ``units`` — which teams return it: ``"all"`` (every team except schools),
  ``"every"`` (schools' teams too),
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

import pandas as pd

from data.demo import catalogue_adults, catalogue_children, catalogue_corporate, catalogue_customer, catalogue_place
from data.demo.catalogue_org import COUNCIL_CODE, COUNCIL_NAME, build_ancestors, build_org  # noqa: F401
from data.demo.spec import INDICATOR_COLUMNS, Spec

CORPORATE_DIRECTORATE = "FIN"


def all_specs() -> list[Spec]:
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


def indicator_frame(specs: list[Spec], org: pd.DataFrame) -> pd.DataFrame:
    """The indicator table.  An indicator whose directorate the preset's tree lacks (tiny has no HR or
    Customer Services) is owned by Finance, the corporate directorate: every owner must be in the tree."""
    frame = pd.DataFrame([[getattr(s, c) for c in INDICATOR_COLUMNS] for s in specs], columns=INDICATOR_COLUMNS)
    frame.loc[~frame["directorate_code"].isin(org["code"]), "directorate_code"] = CORPORATE_DIRECTORATE
    return frame


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
        elif kind == "every":  # schools' teams too (the budget: every cost centre)
            mask |= teams
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
