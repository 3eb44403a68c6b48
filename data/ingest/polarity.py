"""Which way is better for a few well-known national measures whose files do not say.

A publisher that states it is followed (Oflog's ``rank_order``).  Otherwise a measure is ranked with "no
preferred direction" and its quartiles are not coloured — unless it is declared here, with where the judgement
comes from, which the benchmarking page prints beside it.  The list is short on purpose: a direction is
declared only where the publisher or the law frames the measure one way.  Keyed by publisher and the
publisher's column or code, so another publication's column of the same name is not caught by accident."""

from __future__ import annotations

DFE = "Department for Education"
ONS = "Office for National Statistics"

_WORKFORCE = ("DfE, Children's social work workforce statistics and the Children's Social Care National Framework "
              "(2023): social worker turnover, agency use, vacancies, sickness absence and caseloads are reported as "
              "pressures on a stable workforce, which the framework aims to reduce")
_REREFERRALS = ("DfE, Children in need statistics: a re-referral within 12 months of a previous referral is reported "
                "as a sign that earlier help did not meet the need")
_WASTE = ("the waste hierarchy (Waste (England and Wales) Regulations 2011, regulation 12): disposal to landfill is "
          "the last resort, recycling and composting come before recovery and disposal")

# (publisher, code) -> (up | down, source)
DECLARED: dict[tuple[str, str], tuple[str, str]] = {
    **{(DFE, code): ("down", _WORKFORCE) for code in (
        "turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte", "agency_rate_headcount",
        "vacancy_rate_fte", "absence_rate_fte", "caseload_fte")},
    **{(DFE, code): ("down", _REREFERRALS) for code in ("rereferral_percent", "rereferral_child_percent")},
    (ONS, "waste_landfill"): ("down", _WASTE),
    (ONS, "waste_recycled_composted"): ("up", _WASTE),
}


def declared(publisher: str, code: str) -> tuple[str, str] | None:
    """(direction, source) for a declared measure, else None."""
    return DECLARED.get((publisher, code))
