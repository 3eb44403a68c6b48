"""One number per measure (issue 16): the org panel's tiles, the scorecard rows,
/workforce, /finance, /casework and the briefing pack show every headline
measure of a unit and month as one number, the number plain SQL over the source
tables gives (bench/consistency.py walks them; dashboard/metrics/measures.py
holds the definitions).  If this breaks, a cabinet member sees, say, a vacancy
rate of 10.5% in a tile and 9.0% in the scorecard row beneath it."""

from __future__ import annotations

import duckdb
import pytest

from bench import consistency
from dashboard.metrics import measures


@pytest.fixture(scope="module")
def checked(council_db):
    return consistency.check(council_db)


def test_every_figure_of_a_measure_unit_and_period_is_one_number(checked):
    figures, problems = checked
    assert not problems, "\n".join(consistency.report(figures, problems))


def test_the_walk_covers_every_measure_on_every_page_and_in_the_pack(checked):
    figures, _ = checked
    where = {(f.measure, f.where) for f in figures}
    for measure in ("vacancy", "sickness", "budget_variance", "satisfaction"):
        assert (measure, "panel tile") in where and (measure, "pack: resources") in where, measure
    for measure in consistency.MEASURE_INDICATOR:
        assert (measure, "scorecard row") in where, measure
    assert {("vacancy", "/workforce"), ("sickness", "/workforce"), ("agency_spend", "/workforce"),
            ("budget_variance", "/finance"), ("unallocated", "/casework"), ("caseload", "/casework")} <= where
    assert any(w == "pack: scorecard (appendix)" for _, w in where)
    assert len({f.org for f in figures if f.org.count("-") == 2}) >= 4  # teams too, not only the council


def test_the_council_figures_the_issue_names(council_db, checked):
    """The contradictions of issue 16, now one number each (computed here with plain SQL, not the code)."""
    figures, _ = checked
    con = duckdb.connect(str(council_db), read_only=True)
    council = con.execute("SELECT code FROM org_unit WHERE level = 'council'").fetchone()[0]
    month = max(f.period for f in figures)
    vac = con.execute("""SELECT sum(greatest(establishment_fte - fte, 0)) / sum(establishment_fte) * 100
                         FROM workforce w JOIN org_unit o ON o.code = w.org_code
                         WHERE NOT o.is_schools AND strftime(month, '%Y-%m') = ?""", [month]).fetchone()[0]
    con.close()
    shown = {f.where: f.value for f in figures if f.org == council and f.measure == "vacancy"}
    assert shown["panel tile"] == pytest.approx(vac, abs=0.05)
    assert shown["scorecard row"] == pytest.approx(vac, abs=0.05)


def test_measures_state_their_definitions_and_indicators():
    assert {m.indicator for m in measures.MEASURES.values()} == set(consistency.MEASURE_INDICATOR.values())
    assert measures.vacancy_pct(2.0, 20.0) == pytest.approx(10.0)
    assert measures.vacancy_pct(0.0, 0.0) is None
    assert measures.sickness_days_per_fte(120, 10, 11) is None  # not yet a year of data
    both = measures.agency_spend_text(1_800_000, 11_300_000, 3_800_000)
    assert both.startswith("£1.8m this month; £11.3m since April; £3.8m") and "including schools" in both
    assert "schools" not in measures.agency_spend_text(5.0, 9.0, 5.0)  # no difference, nothing to explain
