"""Checks on a return as it is entered.

* errors block saving at all: not a number, out of range, numerator above the
  denominator for a proportion;
* ``needs_reason``: unusual but possibly right — outside the SPC process limits, or
  a jump from last period of more than 3 × the average moving range — saved only
  with a reason (never blocked);
* ``blocks_submission``: a red or amber value with no commentary (what and why,
  and the action) may be saved as a draft but not submitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dashboard.returns.due import Due

RAG_BASES = ("in_month", "snapshot")      # where the unit's own value for the period is the figure judged


@dataclass
class Checked:
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None             # stored units (a proportion 0.85, not 85)
    rag: str = "no_target"
    errors: list[str] = field(default_factory=list)
    needs_reason: list[str] = field(default_factory=list)
    blocks_submission: list[str] = field(default_factory=list)


def _number(text: str, label: str, errors: list[str]) -> float | None:
    text = (text or "").strip().replace(",", "")
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        errors.append(f"{label} must be a number, not “{text[:30]}”.")
        return None
    if math.isnan(number) or math.isinf(number):
        errors.append(f"{label} must be a number.")
        return None
    return number


def rag(value_display: float, target: float | None, polarity: str, tolerance: float, kind: str) -> str:
    """The build's rag_status() (data/build/schema/indicators.sql), on one value in display units."""
    if target is None or polarity == "neither":
        return "no_target"
    gap = target - value_display if polarity == "up" else value_display - target
    if round(gap, 9) <= 0:
        return "green"
    allowed = tolerance * abs(target) if kind == "relative" else tolerance
    return "amber" if round(gap - allowed, 9) <= 0 else "red"


def check(due: Due, form: dict) -> Checked:
    out = Checked()
    if due.proportion:
        out.numerator = _number(form.get("numerator", ""), "The numerator", out.errors)
        out.denominator = _number(form.get("denominator", ""), "The denominator", out.errors)
        if out.errors:
            return out
        if out.numerator is None or out.denominator is None:
            out.errors.append("Give both the numerator and the denominator.")
            return out
        if out.numerator < 0 or out.denominator < 0:
            out.errors.append("The numerator and denominator cannot be negative.")
        elif out.denominator == 0:
            out.errors.append("The denominator cannot be 0 (nothing to measure this period? say so in the commentary "
                              "and leave the return as a draft).")
        elif out.numerator > out.denominator:
            out.errors.append(f"The numerator ({out.numerator:g}) cannot be more than the denominator "
                              f"({out.denominator:g}) for a proportion.")
        else:
            out.value = out.numerator / out.denominator
    else:
        shown = _number(form.get("value", ""), "The value", out.errors)
        if shown is None and not out.errors:
            out.errors.append("Give the value.")
        if shown is not None:
            if shown < 0 and due.unit in ("percent", "count", "days", "weeks", "rate"):
                out.errors.append("The value cannot be negative.")
            elif due.unit == "percent" and shown > 100:
                out.errors.append("A percentage cannot be more than 100.")
            else:
                out.value = shown / due.scale
    if out.errors or out.value is None:
        return out
    shown = out.value * due.scale
    fmt = _fmt(due)
    if due.spc_applies and due.lpl is not None and due.upl is not None and not (due.lpl <= out.value <= due.upl):
        out.needs_reason.append(f"{fmt(shown)} is outside the process limits ({fmt(due.lpl * due.scale)} to "
                                f"{fmt(due.upl * due.scale)}): say why it is right.")
    if due.last_value is not None and due.average_moving_range and \
            abs(out.value - due.last_value) > 3 * due.average_moving_range:
        out.needs_reason.append(f"{fmt(shown)} is a jump of {fmt(abs(out.value - due.last_value) * due.scale)} from last "
                                f"period ({fmt(due.last_value * due.scale)}), more than 3 × the average moving range "
                                f"({fmt(due.average_moving_range * due.scale)}): say why it is right.")
    if due.basis in RAG_BASES:
        out.rag = rag(shown, due.target, due.polarity, due.tolerance, due.tolerance_kind)
    if out.rag in ("red", "amber") and not ((form.get("what_why") or "").strip() and (form.get("action") or "").strip()):
        out.blocks_submission.append(f"The value is {out.rag.upper()} against the target of {fmt(due.target)}: "
                                     "say what happened and why, and the action being taken, before submitting.")
    return out


def _fmt(due: Due):
    def fmt(v):
        if v is None:
            return "–"
        text = f"{v:,.{due.decimals}f}"
        return text + "%" if due.unit == "percent" else text
    return fmt
