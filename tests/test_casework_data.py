"""Children's casework (issue 6): the case data (data/demo/casework.py), the working-day rules and the
view functions of dashboard/pagedata/casework.py (queries/casework.sql).

Hand-made cases around weekends, Christmas and Boxing Day, Easter, substitute bank holidays and a year
end check due dates and waits exactly; every view is then checked against an independent pandas
computation from the casework_case rows, walking the tree by parent_code (not org_ancestor) and
counting working days with numpy and the holidays library (not the calendar table)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import duckdb
import holidays
import numpy as np
import pandas as pd
import pytest

from dashboard.db import Database, EVERYTHING, Scope
from dashboard.pagedata import casework as cw
from data.build import schema
from data.demo import casework, generate
from data.build.calendar import working_day_calendar
from data.demo.catalogue import build_ancestors, build_org
from tests.independent import ancestors
from tests.conftest import ROOT

BANK = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2029))),
                dtype="datetime64[D]")
DATES = ("referral_date", "allocated_date", "assessment_due", "assessment_completed", "strategy_discussion_date",
         "conference_due", "conference_date", "closed_date")
CATEGORY_ORDER = {"child_protection": 1, "child_in_need": 2, "looked_after": 3, "early_help": 4}
D = np.datetime64


def _day0(dates) -> np.ndarray:
    """Each date, or the next working day when it is a weekend or bank holiday (numpy, not the calendar)."""
    return np.busday_offset(np.asarray(dates, dtype="datetime64[D]"), 0, roll="forward", holidays=BANK)


def _working_days(start, end) -> np.ndarray:
    """index(day 0 of end) − index(day 0 of start): working days from start's day 0 to end's."""
    return np.busday_count(_day0(start), _day0(end), holidays=BANK)


def _day(value) -> np.datetime64:
    return np.datetime64(pd.Timestamp(value).date(), "D")


# --------------------------------------------------------------------------- hand-made cases

TEAM, CARE = "SCF-CSC-T02", "SCF-CIC-T01"
# case, team, category, age band, referral, allocated, assessment due, completed, strategy, conference due,
# conference, closed.  Due dates counted by hand on a calendar (and checked against numpy below).
HAND = [
    ("C0000001", TEAM, "early_help", "5 to 9", "2024-12-21", None, "2025-02-27", None, None, None, None, None),
    ("C0000002", TEAM, "child_protection", "1 to 4", "2024-12-19", "2024-12-24", "2025-02-25", None,
     "2024-12-20", "2025-01-15", None, None),
    ("C0000003", TEAM, "child_in_need", "10 to 15", "2024-12-20", "2025-01-02", "2025-02-26", "2025-02-27",
     None, None, None, None),
    ("C0000004", CARE, "child_protection", "Under 1", "2021-12-24", "2021-12-24", "2022-03-02", "2022-02-01",
     "2021-12-24", "2022-01-19", "2022-01-20", None),
    ("C0000005", CARE, "looked_after", "16 and over", "2023-12-31", "2024-01-03", "2024-03-05", "2024-02-20",
     None, None, None, None),
    ("C0000006", TEAM, "child_in_need", "5 to 9", "2025-04-17", None, "2025-06-25", None, None, None, None, None),
    ("C0000007", TEAM, "child_protection", "10 to 15", "2025-04-19", "2025-04-23", "2025-06-26", None,
     "2025-04-19", "2025-05-14", None, None),
]
COLUMNS = ["case_id", "org_code", "category", "age_band", *DATES]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    """A database built from the schema with the tiny tree, a calendar and only the hand-made cases."""
    path = tmp_path_factory.mktemp("casework") / "hand.duckdb"
    con = duckdb.connect(str(path))
    schema.create(con)
    org = build_org("tiny")
    con.register("org_df", org)
    con.execute("INSERT INTO org_unit SELECT code, name, level, parent_code, sort_order, is_schools FROM org_df")
    con.register("anc_df", build_ancestors(org))
    con.execute("INSERT INTO org_ancestor SELECT org_code, ancestor_code, depth FROM anc_df")
    con.register("cal_df", working_day_calendar("2021-01-01", "2026-12-31"))
    con.execute("INSERT INTO calendar SELECT CAST(day AS DATE), is_working_day, working_day_index, bank_holiday "
                "FROM cal_df")
    con.executemany("INSERT INTO casework_category VALUES (?, ?, ?)",
                    [(c, n, k) for k, (c, n) in enumerate(zip(casework.CATEGORIES, casework.CATEGORY_NAMES), 1)])
    months = pd.date_range("2021-12-01", "2025-06-01", freq="MS")
    staffing = pd.concat([pd.DataFrame({"org_code": code, "month": months, "fte": fte})
                          for code, fte in ((TEAM, 10.0), (CARE, 5.0))])
    con.register("staff_df", staffing)
    con.execute("INSERT INTO casework_staffing SELECT org_code, CAST(month AS DATE), fte FROM staff_df")
    con.executemany(f"INSERT INTO casework_case VALUES ({', '.join('?' * 12)})", HAND)
    con.close()
    return Database(path, cache_size=0)


def _hand_frame() -> pd.DataFrame:
    frame = pd.DataFrame(HAND, columns=COLUMNS)
    for c in DATES:
        frame[c] = pd.to_datetime(frame[c])
    return frame


def test_hand_counted_due_dates_match_the_generator_and_numpy():
    """An assessment is due 45 working days after day 0 of the referral and a conference 15 after day 0 of
    the strategy discussion: over Christmas, Boxing Day and New Year (2024), the 2021 substitute days,
    Easter 2025 and a year end, the generator and an independent numpy count give the hand-counted dates."""
    cal = working_day_calendar("2021-01-01", "2026-12-31")
    frame = _hand_frame()
    referral = frame["referral_date"].to_numpy().astype("datetime64[D]")
    due = frame["assessment_due"].to_numpy().astype("datetime64[D]")
    assert (casework.due_after(cal, referral, 45) == due).all()
    assert (np.busday_offset(_day0(referral), 45, holidays=BANK) == due).all()
    cp = frame.dropna(subset=["strategy_discussion_date"])
    strategy = cp["strategy_discussion_date"].to_numpy().astype("datetime64[D]")
    conference_due = cp["conference_due"].to_numpy().astype("datetime64[D]")
    assert (casework.due_after(cal, strategy, 15) == conference_due).all()
    assert (np.busday_offset(_day0(strategy), 15, holidays=BANK) == conference_due).all()
    # day 0 of a Saturday is the Monday; of Christmas Day 2024 (Wednesday) the Friday after Boxing Day;
    # of New Year's Eve 2023 (Sunday) Tuesday 2 January, the bank holiday being on Monday
    index = cal.set_index("day")["working_day_index"]
    for day, expected in (("2024-12-21", "2024-12-23"), ("2024-12-25", "2024-12-27"), ("2023-12-31", "2024-01-02"),
                          ("2025-04-19", "2025-04-22"), ("2021-12-27", "2021-12-29")):
        assert casework.day0_index(cal, [D(day)])[0] == index[pd.Timestamp(expected)]


def test_days_waiting_count_from_day_0_over_christmas_and_new_year(hand_db):
    """A referral on Saturday waits 0 working days on Monday; Christmas Day, a weekend or New Year's Day
    read as the next working day; calendar days count from the referral day itself."""
    def waits(day):
        frame = cw.unallocated(hand_db, "SCF", dt.date.fromisoformat(day), scope=EVERYTHING)
        return list(zip(frame["case_id"], frame["working_days_waiting"], frame["calendar_days_waiting"]))

    # Monday 23 December 2024: the child protection case first, then the longest waiting
    assert waits("2024-12-23") == [("C0000002", 2, 4), ("C0000003", 1, 3), ("C0000001", 0, 2)]
    assert waits("2024-12-25") == [("C0000003", 3, 5), ("C0000001", 2, 4)]   # Christmas Day reads as the 27th
    assert waits("2024-12-28") == [("C0000003", 4, 8), ("C0000001", 3, 7)]   # Saturday reads as Monday 30th
    assert waits("2025-01-01") == [("C0000003", 6, 12), ("C0000001", 5, 11)]  # allocated on the 2nd, not yet
    assert waits("2024-01-01") == [("C0000005", 0, 1)]  # referred Sunday 31 December 2023: day 0 is 2 January
    # Easter 2025: Good Friday and Easter Monday do not count
    easter = waits("2025-04-22")
    assert ("C0000006", 1, 5) in easter and ("C0000007", 0, 3) in easter


def test_exceptions_flag_child_protection_after_1_working_day_and_any_case_after_5(hand_db):
    """The exceptions page lists a team once a child protection case has waited more than 1 working day,
    or any case more than 5 — and not before."""
    def flags(day):
        frame = cw.casework_exceptions(hand_db, "EMC", dt.date.fromisoformat(day), scope=EVERYTHING)
        return [tuple(r) for r in frame[["org_code", "child_protection_over_limit", "over_limit",
                                         "longest_working_days_waiting", "longest_calendar_days_waiting"]]
                .itertuples(index=False)]

    assert flags("2024-12-20") == []                      # the CP referral of the 19th has waited 1 day
    assert flags("2024-12-23") == [(TEAM, 1, 0, 2, 4)]
    assert flags("2024-12-31") == []                      # 5 working days is not more than 5
    assert flags("2025-01-01") == [(TEAM, 0, 1, 6, 12)]


def test_unallocated_by_team_lists_every_casework_team_and_category_with_zeros(hand_db):
    """A team with nothing waiting still appears, with 0, so the comparison shows who is clear."""
    frame = cw.unallocated_by_team(hand_db, "SCF", dt.date(2024, 12, 23), scope=EVERYTHING)
    assert list(frame["org_code"]) == [CARE] * 4 + [TEAM] * 4  # tree order: SCF-CIC before SCF-CSC
    assert list(frame["category"]) == list(CATEGORY_ORDER) * 2
    team = frame[frame["org_code"] == TEAM].set_index("category")
    assert list(team["unallocated"]) == [1, 1, 0, 1]
    assert list(team["oldest_working_days_waiting"].astype("Float64")) == [2, 1, pd.NA, 0]
    assert frame.loc[frame["org_code"] == CARE, "unallocated"].eq(0).all()


def test_due_lists_overdue_first_then_soonest_with_working_days_to_due(hand_db):
    """On Saturday 22 February 2025 (read as Monday 24th) the conference due on 15 January is 28 working days
    overdue; assessments due on the 25th and 26th are 1 and 2 working days away; the one due on the 27th
    (3 days away) appears only when looking 3 days ahead."""
    day = dt.date(2025, 2, 22)
    frame = cw.due(hand_db, "SCF", day, 2, scope=EVERYTHING)
    got = list(zip(frame["case_id"], frame["kind"], frame["working_days_to_due"], frame["overdue"]))
    assert got == [("C0000002", "conference", -28, True), ("C0000002", "assessment", 1, False),
                   ("C0000003", "assessment", 2, False)]
    ahead = cw.due(hand_db, "SCF", day, 3, scope=EVERYTHING)
    assert ("C0000001", "assessment", 3) in list(zip(ahead["case_id"], ahead["kind"], ahead["working_days_to_due"]))
    on_the_day = cw.due(hand_db, "SCF", dt.date(2025, 2, 27), 0, scope=EVERYTHING)
    got = {(c, k): (w, o) for c, k, w, o in zip(on_the_day["case_id"], on_the_day["kind"],
                                                 on_the_day["working_days_to_due"], on_the_day["overdue"])}
    assert got[("C0000001", "assessment")] == (0, False)        # due today: not yet overdue
    assert got[("C0000002", "assessment")] == (-2, True)
    assert ("C0000003", "assessment") not in got                 # completed that day: done


def test_cases_show_what_was_known_on_the_day(hand_db):
    """The drill-down list of a team shows only what had happened by the day, with the days to each
    deadline; a conference after a weekend strategy discussion counts from the next working day."""
    frame = cw.cases(hand_db, CARE, dt.date(2022, 1, 14), scope=EVERYTHING).set_index("case_id")
    row = frame.loc["C0000004"]
    assert row["strategy_discussion_date"] == pd.Timestamp("2021-12-24")
    assert row["conference_due"] == pd.Timestamp("2022-01-19") and pd.isna(row["conference_date"])
    assert pd.isna(row["assessment_completed"]) and not row["unallocated"]
    assert row["working_days_to_conference_due"] == 3 and row["working_days_to_assessment_due"] == 33
    easter = cw.cases(hand_db, TEAM, dt.date(2025, 4, 19), scope=EVERYTHING).set_index("case_id")
    row = easter.loc["C0000007"]
    assert row["unallocated"] and row["working_days_waiting"] == 0 and pd.isna(row["allocated_date"])
    assert row["working_days_to_conference_due"] == 15 and row["working_days_to_assessment_due"] == 45
    new_year = cw.cases(hand_db, TEAM, dt.date(2025, 1, 1), scope=EVERYTHING).set_index("case_id")
    assert list(new_year.index) == ["C0000003", "C0000001", "C0000002"]  # unallocated first, longest waiting
    assert pd.isna(new_year.loc["C0000003", "allocated_date"])
    assert new_year.loc["C0000002", "allocated_date"] == pd.Timestamp("2024-12-24")
    assert pd.isna(new_year.loc["C0000002", "working_days_waiting"])


def test_unallocated_daily_counts_each_day_end(hand_db):
    """The SPC chart's series: cases waiting at the end of each day, child protection separately."""
    frame = cw.unallocated_daily(hand_db, "SCF-CSC", dt.date(2024, 12, 28), 10, scope=EVERYTHING)
    assert list(frame["day"].dt.day) == list(range(19, 29))
    assert list(frame["unallocated"]) == [1, 2, 3, 3, 3, 2, 2, 2, 2, 2]
    assert list(frame["child_protection_unallocated"]) == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]


def test_scorecard_ratios_ranks_and_latest_day(hand_db):
    """Caseload = open cases ÷ social worker FTE; timeliness over the last 3 months; rank 1 is best and a
    team with no completed assessments has no timeliness rank; the default day is the latest event,
    not a future due date."""
    frame = cw.team_scorecard(hand_db, "EMC", dt.date(2025, 3, 1), scope=EVERYTHING).set_index("org_code")
    team, care = frame.loc[TEAM], frame.loc[CARE]
    assert (team["open_cases"], team["unallocated"], team["assessments_overdue"]) == (3, 1, 2)
    assert (team["assessments_completed_3m"], team["assessments_on_time_3m"], team["timeliness_pct"]) == (1, 0, 0)
    assert team["caseload_per_social_worker"] == pytest.approx(0.3)
    assert (care["open_cases"], care["unallocated"], care["assessments_overdue"]) == (2, 0, 0)
    assert pd.isna(care["timeliness_pct"]) and pd.isna(care["timeliness_rank"])
    assert (team["timeliness_rank"], team["caseload_rank"], team["unallocated_rank"]) == (1, 1, 2)
    assert (care["caseload_rank"], care["unallocated_rank"]) == (2, 1)
    total = cw.scorecard_total(frame)
    assert total["caseload_per_social_worker"] == pytest.approx(5 / 15) and total["timeliness_pct"] == 0
    assert cw.latest_day(hand_db) == dt.date(2025, 4, 23)


def test_scope_passes_through_to_case_rows(hand_db):
    """A viewer limited to one team is refused the cases of any other unit before the query runs,
    and receives only their own team's rows."""
    from dashboard.db import OutOfScope

    scope = Scope(frozenset({CARE}))
    with pytest.raises(OutOfScope):
        cw.unallocated(hand_db, "SCF", dt.date(2024, 12, 23), scope=scope)
    with pytest.raises(OutOfScope):
        cw.cases(hand_db, TEAM, dt.date(2025, 1, 1), scope=scope)
    with pytest.raises(OutOfScope):
        cw.team_scorecard(hand_db, "EMC", dt.date(2025, 3, 1), scope=scope)
    assert set(cw.team_scorecard(hand_db, CARE, dt.date(2025, 3, 1), scope=scope)["org_code"]) == {CARE}


# --------------------------------------------------------------------------- the generated data

@pytest.fixture(scope="module")
def council(council_db):
    con = duckdb.connect(str(council_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def council_views(council_db):
    return Database(council_db, cache_size=0)


@pytest.fixture(scope="module")
def cases(council) -> pd.DataFrame:
    frame = council.execute("SELECT * FROM casework_case").df()
    for c in DATES:
        frame[c] = pd.to_datetime(frame[c])
    return frame


@pytest.fixture(scope="module")
def org(council) -> pd.DataFrame:
    return council.execute("SELECT * FROM org_unit").df()


def test_every_casework_table_and_column_is_documented(tiny_con):
    """Analysts find what each casework field means in the catalogue (duckdb_columns)."""
    for table in ("casework_case", "casework_staffing", "casework_category"):
        comment = tiny_con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()
        assert comment and comment[0], table
        columns = tiny_con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?",
                                   [table]).fetchall()
        assert columns and all(c for _, c in columns), (table, [n for n, c in columns if not c])
    assert tiny_con.execute("SELECT count(*) FROM casework_case").fetchone()[0] > 1000


def test_cases_are_pseudonymous_well_formed_and_sorted(council, cases):
    """Case references only (no names or dates of birth); dates in order; child protection fields only on
    child protection cases; due dates by the rules; stored by team and referral date."""
    assert set(cases.columns) == set(COLUMNS)
    assert cases["case_id"].str.fullmatch(r"C\d{7}").all() and cases["case_id"].is_unique
    teams = council.execute("SELECT code FROM org_unit WHERE level = 'team'").df()["code"]
    assert cases["org_code"].isin(teams).all()
    assert set(cases["age_band"]) == set(cw.AGE_BANDS) and set(cases["category"]) == set(CATEGORY_ORDER)
    ref = cases["referral_date"]
    for c in ("allocated_date", "assessment_completed", "closed_date", "strategy_discussion_date"):
        assert not (cases[c] < ref).any(), c
    assert not (cases["closed_date"] < cases["allocated_date"]).any()
    assert not (cases["closed_date"] < cases["assessment_completed"]).any()
    assert not (cases["assessment_completed"] < cases["allocated_date"]).any()
    not_cp = cases["category"] != "child_protection"
    assert cases.loc[not_cp, ["strategy_discussion_date", "conference_due", "conference_date"]].isna().all().all()
    cp = cases.dropna(subset=["strategy_discussion_date"])
    assert len(cp) > 1000
    due = np.busday_offset(_day0(cases["referral_date"].to_numpy()), 45, holidays=BANK)
    assert (cases["assessment_due"].to_numpy().astype("datetime64[D]") == due).all()
    conf = np.busday_offset(_day0(cp["strategy_discussion_date"].to_numpy()), 15, holidays=BANK)
    assert (cp["conference_due"].to_numpy().astype("datetime64[D]") == conf).all()
    weekend = ~np.is_busday(cp["strategy_discussion_date"].to_numpy().astype("datetime64[D]"), holidays=BANK)
    assert weekend.sum() > 10  # some strategy discussions happen at the weekend
    for c in ("allocated_date", "assessment_completed", "conference_date", "closed_date"):
        days = cases[c].dropna().to_numpy().astype("datetime64[D]")
        assert np.is_busday(days, holidays=BANK).all(), c
    stored = council.execute("SELECT org_code, referral_date FROM casework_case").df()
    assert stored.equals(stored.sort_values(["org_code", "referral_date"], ignore_index=True))
    staffing = council.execute("SELECT org_code, month FROM casework_staffing").df()
    assert staffing.equals(staffing.sort_values(["org_code", "month"], ignore_index=True))
    first, last = council.execute("SELECT min(day), max(day) FROM calendar").fetchone()
    assert first <= ref.min().date() and last >= cases["assessment_due"].max().date()


def test_volumes_caseloads_and_allocation_speed_are_realistic(council, cases):
    """A children's social care team holds 100–250 open cases and gets a few referrals a working day;
    caseloads are 12–25 per social worker; child protection is allocated fastest and early help waits
    longest, some early help never being allocated; the data cover the last two years and more."""
    day = pd.Timestamp("2026-09-30")
    open_ = cases[(cases["referral_date"] <= day) & (cases["closed_date"].isna() | (cases["closed_date"] > day))]
    per_team = open_.groupby("org_code").size()
    assert 100 <= per_team.median() <= 250 and per_team.min() >= 60 and per_team.max() <= 450
    year = cases[cases["referral_date"].between("2025-10-01", "2026-09-30")]
    working_days = np.busday_count(D("2025-10-01"), D("2026-10-01"), holidays=BANK)
    per_day = year.groupby("org_code").size() / working_days
    assert 1 <= per_day.median() <= 5 and per_day.max() < 15
    fte = council.execute("SELECT org_code, social_worker_fte FROM casework_staffing WHERE month = '2026-09-01'"
                          ).df().set_index("org_code")["social_worker_fte"]
    caseload = per_team.sum() / fte.sum()
    assert 12 <= caseload <= 25
    wf = council.execute("""SELECT s.social_worker_fte, w.fte, w.agency_spend FROM casework_staffing s
                            JOIN workforce w USING (org_code, month)""").df()
    assert (wf["social_worker_fte"] <= wf["fte"] + wf["agency_spend"] / 8000 + 0.05).all()
    assert (wf["social_worker_fte"] >= 0.4 * wf["fte"]).all()
    recent = cases[cases["referral_date"] >= "2021-04-01"].dropna(subset=["allocated_date"])
    wait = pd.Series(_working_days(recent["referral_date"].to_numpy(), recent["allocated_date"].to_numpy()),
                     index=recent.index).groupby(recent["category"]).mean()
    assert wait["child_protection"] < wait["looked_after"] < wait["child_in_need"] < wait["early_help"]
    never = cases[cases["allocated_date"].isna() & cases["closed_date"].notna()]
    assert len(never) > 100 and set(never["category"]) == {"early_help"}
    assert cases["referral_date"].min() <= pd.Timestamp("2021-04-01")
    staffing_months = council.execute("SELECT min(month), max(month) FROM casework_staffing").fetchone()
    assert staffing_months == (dt.date(2021, 4, 1), dt.date(2026, 9, 1))


def test_the_backlog_grows_to_the_improvement_notice_then_falls(council_views):
    """The story the demo tells: unallocated cases and late assessments build up through 2022 to a peak
    around the improvement notice (March 2023), then fall below their old level as the plan takes hold."""
    daily = cw.unallocated_daily(council_views, "EMC", dt.date(2026, 9, 30), 2000, scope=EVERYTHING)
    monthly = daily.set_index("day")["unallocated"].resample("MS").mean()
    before = monthly["2021-07-01":"2021-12-01"].mean()
    peak = monthly["2022-12-01":"2023-07-01"].mean()
    after = monthly["2025-01-01":"2025-12-01"].mean()
    assert peak > 2.5 * before and after < 0.8 * before
    assert monthly.idxmax() >= pd.Timestamp("2022-10-01") and monthly.idxmax() <= pd.Timestamp("2023-09-01")
    timeliness = {day: cw.scorecard_total(cw.team_scorecard(council_views, "SCF", dt.date.fromisoformat(day),
                                                            scope=EVERYTHING))["timeliness_pct"]
                  for day in ("2021-12-31", "2023-06-30", "2025-06-30")}
    assert timeliness["2023-06-30"] < timeliness["2021-12-31"] - 10 < timeliness["2025-06-30"] - 10


def test_the_same_seed_gives_identical_cases_and_another_seed_differs(tiny_db, tmp_path):
    """A rebuilt demo shows exactly the same children's cases; a new seed, new ones."""
    def digest(path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            return {t: hashlib.sha256(repr(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()).encode())
                    .hexdigest() for t in ("casework_case", "casework_staffing")}
        finally:
            con.close()

    again, other = tmp_path / "again.duckdb", tmp_path / "other.duckdb"
    generate.build("tiny", 42, again)
    generate.build("tiny", 7, other)
    first, second, third = digest(tiny_db), digest(again), digest(other)
    assert first == second
    assert first["casework_case"] != third["casework_case"]


# --------------------------------------------------------------------------- views against pandas

ORGS = ("EMC", "SCF", "SCF-CSC", "SCF-CSC-T02", "SCF-CIC-T01")
DAYS = ("2026-09-30", "2023-03-18", "2022-12-26", "2024-06-03")  # latest; a Saturday; Boxing Day; a Monday


@pytest.fixture(scope="module")
def members(org) -> dict[str, set[str]]:
    chains = ancestors(org)
    return {o: {code for code, chain in chains.items() if o in chain} for o in ORGS}


@pytest.fixture(scope="module")
def casework_teams(council) -> set[str]:
    return set(council.execute("SELECT DISTINCT org_code FROM casework_staffing").df()["org_code"])


def _open(cases, teams, day):
    c = cases[cases["org_code"].isin(teams)]
    return c[(c["referral_date"] <= day) & (c["closed_date"].isna() | (c["closed_date"] > day))]


def _waiting(cases, teams, day) -> pd.DataFrame:
    c = _open(cases, teams, day)
    c = c[c["allocated_date"].isna() | (c["allocated_date"] > day)].copy()
    c["working_days_waiting"] = _working_days(c["referral_date"].to_numpy(), np.full(len(c), _day(day)))
    c["calendar_days_waiting"] = (day - c["referral_date"]).dt.days
    return c


@pytest.mark.parametrize("day", DAYS)
def test_unallocated_and_exceptions_match_pandas(council_views, cases, members, day):
    """The cases waiting for allocation, their waits, and the teams flagged for the exceptions page, for
    the council, the directorate, a service and two teams."""
    ts = pd.Timestamp(day)
    for org in ORGS:
        expected = _waiting(cases, members[org], ts)
        got = cw.unallocated(council_views, org, ts.date(), scope=EVERYTHING)
        assert sorted(got["case_id"]) == sorted(expected["case_id"]), org
        merged = got.merge(expected, on="case_id", suffixes=("", "_x"))
        for c in ("working_days_waiting", "calendar_days_waiting"):
            assert (merged[c].astype(int) == merged[f"{c}_x"].astype(int)).all(), (org, c)
        key = list(zip(got["category"] != "child_protection", -got["working_days_waiting"].astype(int),
                       -got["calendar_days_waiting"].astype(int)))
        assert key == sorted(key), "child protection first, then the longest waiting"
        per_team = expected.groupby("org_code").agg(n=("case_id", "size"), longest=("working_days_waiting", "max"))
        per_team["cp"] = expected[(expected["category"] == "child_protection")
                                  & (expected["working_days_waiting"] > 1)].groupby("org_code").size()
        per_team["over"] = expected[expected["working_days_waiting"] > 5].groupby("org_code").size()
        per_team = per_team.fillna(0).astype(int)
        flagged = per_team[(per_team["cp"] > 0) | (per_team["over"] > 0)]
        exceptions = cw.casework_exceptions(council_views, org, ts.date(), scope=EVERYTHING).set_index("org_code")
        assert sorted(exceptions.index) == sorted(flagged.index), org
        for code, row in flagged.iterrows():
            got_row = exceptions.loc[code]
            assert (got_row["child_protection_over_limit"], got_row["over_limit"], got_row["unallocated"],
                    got_row["longest_working_days_waiting"]) == (row["cp"], row["over"], row["n"], row["longest"])


@pytest.mark.parametrize("day", DAYS)
def test_unallocated_by_team_and_scorecard_match_pandas(council_views, cases, members, casework_teams, day):
    """Per team: unallocated by category, open cases, caseload per social worker, timeliness of the last
    3 months' assessments and overdue assessments — and the ranks."""
    ts = pd.Timestamp(day)
    for org in ORGS:
        teams = members[org] & casework_teams
        by_team = cw.unallocated_by_team(council_views, org, ts.date(), scope=EVERYTHING)
        assert set(by_team["org_code"]) == teams and len(by_team) == 4 * len(teams)
        expected = _waiting(cases, teams, ts).groupby(["org_code", "category"]).agg(
            n=("case_id", "size"), oldest=("working_days_waiting", "max"))
        for row in by_team.itertuples(index=False):
            want = expected.loc[(row.org_code, row.category)] if (row.org_code, row.category) in expected.index \
                else None
            assert row.unallocated == (0 if want is None else want["n"]), (org, row)
            if want is not None:
                assert row.oldest_working_days_waiting == want["oldest"]

        card = cw.team_scorecard(council_views, org, ts.date(), scope=EVERYTHING).set_index("org_code")
        assert set(card.index) == teams
        open_ = _open(cases, teams, ts)
        window = cases[cases["org_code"].isin(teams)
                       & (cases["assessment_completed"] > ts - pd.DateOffset(months=3))
                       & (cases["assessment_completed"] <= ts)]
        for code in teams:
            mine = open_[open_["org_code"] == code]
            done = window[window["org_code"] == code]
            unallocated = (mine["allocated_date"].isna() | (mine["allocated_date"] > ts)).sum()
            overdue = ((mine["assessment_completed"].isna() | (mine["assessment_completed"] > ts))
                       & (mine["assessment_due"] < ts)).sum()
            row = card.loc[code]
            assert (row["open_cases"], row["unallocated"], row["assessments_overdue"]) == (
                len(mine), unallocated, overdue), (org, code)
            assert row["assessments_completed_3m"] == len(done)
            assert row["assessments_on_time_3m"] == (done["assessment_completed"] <= done["assessment_due"]).sum()
        fte = card["social_worker_fte"]
        assert np.allclose(card["caseload_per_social_worker"], card["open_cases"] / fte)
        expected_rank = card["unallocated"].rank(method="min").astype(int)
        assert (card["unallocated_rank"] == expected_rank).all()
        rated = card.dropna(subset=["timeliness_pct"])
        assert (rated["timeliness_rank"] == rated["timeliness_pct"].rank(method="min", ascending=False)).all()
        assert (card["caseload_rank"] == card["caseload_per_social_worker"].rank(method="min")).all()


def test_staffing_is_the_latest_month_on_or_before_the_day(council_views, council):
    """Caseloads divide by the social workers of the day's own month."""
    card = cw.team_scorecard(council_views, "SCF", dt.date(2024, 6, 3), scope=EVERYTHING).set_index("org_code")
    june = council.execute("SELECT org_code, social_worker_fte FROM casework_staffing WHERE month = '2024-06-01'"
                           ).df().set_index("org_code")["social_worker_fte"]
    assert np.allclose(card["social_worker_fte"], june.reindex(card.index))


@pytest.mark.parametrize("day", DAYS)
def test_due_matches_pandas(council_views, cases, members, day):
    """Assessments and conferences overdue or due within 10 working days, with working days to due."""
    ts, n = pd.Timestamp(day), 10
    for org in ORGS:
        open_ = _open(cases, members[org], ts)
        assess = open_[open_["assessment_completed"].isna() | (open_["assessment_completed"] > ts)].assign(
            kind="assessment", due_date=lambda f: f["assessment_due"])
        conf = open_[(open_["strategy_discussion_date"] <= ts)
                     & (open_["conference_date"].isna() | (open_["conference_date"] > ts))].assign(
            kind="conference", due_date=lambda f: f["conference_due"])
        items = pd.concat([assess, conf], ignore_index=True)
        items["to_due"] = np.busday_count(np.full(len(items), _day0([_day(ts)])[0]),
                                          items["due_date"].to_numpy().astype("datetime64[D]"), holidays=BANK)
        items = items[items["to_due"] <= n]
        got = cw.due(council_views, org, ts.date(), n, scope=EVERYTHING)
        assert sorted(zip(got["case_id"], got["kind"])) == sorted(zip(items["case_id"], items["kind"])), org
        merged = got.merge(items, on=["case_id", "kind"], suffixes=("", "_x"))
        assert (merged["working_days_to_due"].astype(int) == merged["to_due"]).all()
        assert (merged["overdue"] == (merged["due_date"] < ts)).all()
        assert (merged["overdue"] == (merged["working_days_to_due"] < 0)).all()
        key = list(zip(~got["overdue"], got["due_date"]))
        assert key == sorted(key), "overdue first, then the soonest due"


def test_daily_series_and_case_list_match_pandas(council_views, cases, members):
    """The SPC series counts the same cases as the list for every day; one team's open cases are its
    cases open on the day, with the same waits."""
    day = pd.Timestamp("2023-03-31")
    for org in ("EMC", "SCF-CSC", "SCF-CSC-T02"):
        daily = cw.unallocated_daily(council_views, org, day.date(), 45, scope=EVERYTHING)
        assert len(daily) == 45 and daily["day"].iloc[-1] == day
        for row in daily.itertuples(index=False):
            waiting = _waiting(cases, members[org], row.day)
            assert row.unallocated == len(waiting), (org, row.day)
            assert row.child_protection_unallocated == (waiting["category"] == "child_protection").sum()
    team = "SCF-CSC-T02"
    got = cw.cases(council_views, team, day.date(), scope=EVERYTHING)
    expected = _open(cases, {team}, day)
    assert sorted(got["case_id"]) == sorted(expected["case_id"])
    waiting = _waiting(cases, {team}, day).set_index("case_id")["working_days_waiting"]
    listed = got.dropna(subset=["working_days_waiting"]).set_index("case_id")["working_days_waiting"].astype(int)
    assert listed.sort_index().equals(waiting.sort_index().astype(int).rename(listed.name))
    assert got["unallocated"].sum() == len(waiting)
    for c in ("allocated_date", "assessment_completed", "conference_date"):
        assert not (got[c] > day).any(), c  # nothing after the day is shown
    assert cw.latest_day(council_views) == dt.date(2026, 9, 30)


def test_queries_have_headers_and_no_string_building():
    """Every casework query is named and described; the view module never builds SQL."""
    text = (ROOT / "queries" / "casework.sql").read_text()
    names = re.findall(r"^-- name: (\w+)\n-- (.+)$", text, flags=re.MULTILINE)
    assert {n for n, _ in names} == {"casework_latest_day", "casework_unallocated", "casework_unallocated_by_team",
                                     "casework_unallocated_daily", "casework_due", "casework_team_scorecard",
                                     "casework_cases", "casework_exceptions", "casework_unallocated_counts",
                                     "casework_due_counts"}
    source = (ROOT / "dashboard" / "pagedata" / "casework.py").read_text()
    assert "SELECT" not in source and "execute(" not in source
