"""A problem found in an extract: where (file and line or cell, column) and why, in plain words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    severity: str        # error (the build stops) | warning (listed, the build goes on)
    where: str           # "measure.csv line 57", "target.xlsx cell C12", "org_unit.csv"
    reason: str
    column: str | None = None

    @classmethod
    def error(cls, where: str, reason: str, column: str | None = None) -> "Problem":
        return cls("error", where, reason, column)

    @classmethod
    def warning(cls, where: str, reason: str, column: str | None = None) -> "Problem":
        return cls("warning", where, reason, column)

    def line(self) -> str:
        column = f", column {self.column}" if self.column and "cell" not in self.where else ""
        return f"{self.severity}: {self.where}{column}: {self.reason}"
