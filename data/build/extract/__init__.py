"""The extract format: what a council's folder of files must hold, read from
``datapackage.json`` beside this file (a Frictionless Data Package whose
resources are Table Schemas).  That file is the single source: validation
(data/build/checks.py), the blank Excel templates and the README's table
reference (data/templates.py) are all made from it.

One folder, one file a table: ``<resource>.csv`` (UTF-8, comma separated,
header on line 1) or ``<resource>.xlsx`` (the first sheet, header on row 1).
Resources marked ``optional`` may be left out (their tables stay empty)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent / "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str                 # Table Schema type: string, integer, number, date, datetime, boolean, yearmonth
    description: str
    required: bool
    enum: tuple[str, ...] | None
    minimum: float | None
    maximum: float | None
    true_values: tuple[str, ...]
    false_values: tuple[str, ...]


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    reference: str


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    optional: bool
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


@cache
def descriptor() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def version() -> str:
    return descriptor()["version"]


@cache
def resources() -> tuple[Resource, ...]:
    """Every table of the format, in the order they are described (and loaded)."""
    out = []
    for r in descriptor()["resources"]:
        schema = r["schema"]
        fields = tuple(Field(
            name=f["name"], type=f["type"], description=f.get("description", ""),
            required=bool(f.get("constraints", {}).get("required")),
            enum=tuple(f["constraints"]["enum"]) if "enum" in f.get("constraints", {}) else None,
            minimum=f.get("constraints", {}).get("minimum"), maximum=f.get("constraints", {}).get("maximum"),
            true_values=tuple(f.get("trueValues", ("true", "True", "TRUE", "1"))),
            false_values=tuple(f.get("falseValues", ("false", "False", "FALSE", "0"))),
        ) for f in schema["fields"])
        keys = tuple(ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                     for fk in schema.get("foreignKeys", ()))
        out.append(Resource(name=r["name"], title=r.get("title", r["name"]), description=r.get("description", ""),
                            optional=bool(r.get("optional")), fields=fields,
                            primary_key=tuple(schema.get("primaryKey", ())), foreign_keys=keys))
    return tuple(out)


def resource(name: str) -> Resource:
    return next(r for r in resources() if r.name == name)
