"""Finance, workforce, customer feedback, residents' survey and risk data (data/demo/resources.py and
the derived *_rollup and risk_status tables).

Every derived table is checked against an independent pandas computation from the raw rows,
walking the tree by parent_code (not org_ancestor) and counting working days with numpy and the
holidays library (not the calendar table)."""

from __future__ import annotations

import hashlib

import duckdb
import holidays
import numpy as np
import pandas as pd
import pytest

from data import generate
from tests.independent import ancestors

RAW = ("finance_category", "finance", "workforce", "feedback_theme", "feedback", "district", "survey_theme",
       "survey_result", "outcome_pair", "risk_appetite", "risk", "risk_review")
DERIVED = ("finance_rollup", "workforce_rollup", "feedback_rollup", "risk_status", "risk_rollup")
SEEDED = ("finance", "workforce", "feedback", "survey_result", "risk_review", "finance_rollup", "feedback_rollup")


def _df(con, sql, params=None) -> pd.DataFrame:
    frame = con.execute(sql, params or []).df()
    for c in frame.columns:
        if c in ("month", "received_on", "responded_on", "due_on", "reviewed_on", "next_review_due",
                 "identified_on", "closed_on", "last_review_on", "quarter_start"):
            frame[c] = pd.to_datetime(frame[c])
    return frame


def _explode(frame: pd.DataFrame, org_unit: pd.DataFrame) -> pd.DataFrame:
    """Each raw row once for its own unit and once for every ancestor (column `unit`)."""
    chains = ancestors(org_unit)
    out = frame.assign(unit=frame["org_code"].map(chains)).explode("unit")
    return out.reset_index(drop=True)


def _fy(months: pd.Series) -> pd.Series:
    return months.dt.year - (months.dt.month < 4)


def _digest(path, tables) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: hashlib.sha256(repr(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()).encode()).hexdigest()
                for t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def org(tiny_con):
    return tiny_con.execute("SELECT * FROM org_unit").df()


@pytest.fixture(scope="module")
def council(council_db):
    con = duckdb.connect(str(council_db), read_only=True)
    yield con
    con.close()


def _working_days_after(start: pd.Series, end: pd.Series) -> np.ndarray:
    """England's working days after `start` up to and including `end` (numpy + holidays library)."""
    years = range(int(start.dt.year.min()), int(end.dt.year.max()) + 2)
    bank = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=years)), dtype="datetime64[D]")
    s = start.to_numpy().astype("datetime64[D]") + 1
    e = end.to_numpy().astype("datetime64[D]") + 1
    return np.busday_count(s, e, holidays=bank)


# --------------------------------------------------------------------------- tables

def test_every_resources_table_and_column_is_documented(tiny_con):
    """Analysts find what each figure means in the catalogue (duckdb_columns), as for every other table."""
    for table in RAW + DERIVED:
        comment = tiny_con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()
        assert comment and comment[0], table
        columns = tiny_con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?",
                                   [table]).fetchall()
        assert columns and all(c for _, c in columns), (table, [n for n, c in columns if not c])


def test_every_domain_is_filled_for_the_tiny_preset(tiny_con):
    """Pages for every domain have data to show, even on the test database."""
    for table in RAW + DERIVED:
        assert tiny_con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_the_same_seed_gives_the_same_tables_and_another_seed_differs(tiny_db, tmp_path):
    """A rebuilt demo shows exactly the same money, staff, complaints and risks; a new seed, new ones.
    (How long a build takes is measured by `make bench`, not here: bench/build.py.)"""
    again, other = tmp_path / "again.duckdb", tmp_path / "other.duckdb"
    generate.build("tiny", 42, again)
    generate.build("tiny", 7, other)
    first, second, third = (_digest(p, RAW + DERIVED) for p in (tiny_db, again, other))
    assert first == second
    for table in SEEDED:
        assert first[table] != third[table], table


def test_raw_rows_are_well_formed(tiny_con):
    """Every row is for a real team and month; categories, types and stages are the documented ones."""
    teams = tiny_con.execute("SELECT count(*) FROM org_unit WHERE level = 'team'").fetchone()[0]
    months = tiny_con.execute("SELECT date_diff('month', first_period, last_period) + 1 FROM build_info").fetchone()[0]
    assert tiny_con.execute("SELECT count(*), count(DISTINCT (org_code, month)) FROM workforce").fetchone() == (
        teams * months, teams * months)  # dense: every team, every month
    bad = tiny_con.execute("""
        SELECT count(*) FROM (SELECT org_code FROM finance UNION ALL SELECT org_code FROM workforce
                              UNION ALL SELECT org_code FROM feedback) AS x
        LEFT JOIN org_unit AS o ON o.code = x.org_code WHERE o.level IS DISTINCT FROM 'team'""").fetchone()[0]
    assert bad == 0
    assert tiny_con.execute("SELECT count(*) FROM finance WHERE category NOT IN "
                            "(SELECT code FROM finance_category)").fetchone() == (0,)
    assert tiny_con.execute("SELECT count(*) FROM finance WHERE category = 'income' AND actual > 0").fetchone()[0] \
        < tiny_con.execute("SELECT count(*) FROM finance WHERE category = 'income'").fetchone()[0] * 0.02
    wf = tiny_con.execute("SELECT min(headcount), min(fte), min(establishment_fte), "
                          "sum(CAST(training_completed > training_required AS INT)) FROM workforce").fetchone()
    assert wf[0] >= 0 and wf[1] >= 0 and wf[2] > 0 and wf[3] == 0
    fb = tiny_con.execute("""
        SELECT count(*) FILTER (WHERE responded_on < received_on),
               count(*) FILTER (WHERE theme_code NOT IN (SELECT code FROM feedback_theme)),
               count(DISTINCT id) = count(*)
        FROM feedback""").fetchone()
    assert fb == (0, 0, True)
    escalations = tiny_con.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE p.person_ref <> f.person_ref OR p.received_on > f.received_on
                                OR p.org_code <> f.org_code
                                OR (f.stage = '2' AND p.stage <> '1') OR (f.stage = 'ombudsman' AND p.stage <> '2'))
        FROM feedback AS f JOIN feedback AS p ON p.id = f.escalated_from""").fetchone()
    assert escalations[0] > 0 and escalations[1] == 0
    assert tiny_con.execute("SELECT count(*) FROM feedback WHERE stage IN ('2', 'ombudsman') "
                            "AND escalated_from IS NULL").fetchone() == (0,)


# --------------------------------------------------------------------------- finance

@pytest.fixture(scope="module")
def finance_expected(tiny_con, org):
    raw = _df(tiny_con, "SELECT * FROM finance")
    rows = _explode(raw, org)
    keys = ["unit", "month", "category"]
    sums = ["original_budget", "current_budget", "profiled_budget", "actual", "forecast_outturn"]
    by_cat = rows.groupby(keys)[sums].sum().reset_index()
    by_cat["cost_centres"] = rows.groupby(keys).size().to_numpy()
    total = by_cat.groupby(["unit", "month"])[sums].sum().reset_index().assign(category="total")
    total["cost_centres"] = rows[rows["category"] == "employees"].groupby(["unit", "month"]).size().to_numpy()
    out = pd.concat([by_cat, total], ignore_index=True).sort_values(keys, ignore_index=True)
    out["fy"] = _fy(out["month"])
    grouped = out.groupby(["unit", "category", "fy"])
    out["profiled_budget_ytd"] = grouped["profiled_budget"].cumsum()
    out["actual_ytd"] = grouped["actual"].cumsum()
    return out.rename(columns={"unit": "org_code", "profiled_budget": "profiled_budget_month",
                               "actual": "actual_month"})


def test_finance_rollup_matches_pandas_at_every_level_and_month(tiny_con, finance_expected):
    """Budget, spend, year to date and forecast of any unit are the sums of its cost centres."""
    got = _df(tiny_con, "SELECT * FROM finance_rollup")
    keys = ["org_code", "month", "category"]
    assert len(got) == len(finance_expected)
    merged = got.merge(finance_expected, on=keys, suffixes=("", "_x"), validate="one_to_one")
    assert len(merged) == len(got)
    for column in ("original_budget", "current_budget", "profiled_budget_month", "profiled_budget_ytd",
                   "actual_month", "actual_ytd", "forecast_outturn", "cost_centres"):
        assert np.allclose(merged[column], merged[f"{column}_x"], rtol=0, atol=0.5), column
    assert got[keys].equals(got[keys].sort_values(keys, ignore_index=True)), "not stored in key order"


def test_finance_year_to_date_resets_in_april(tiny_con):
    """April's year-to-date figure is April alone, for every unit and category."""
    april = tiny_con.execute("""SELECT count(*), count(*) FILTER (WHERE actual_ytd <> actual_month
                                       OR profiled_budget_ytd <> profiled_budget_month)
                                FROM finance_rollup WHERE month(month) = 4""").fetchone()
    assert april[0] > 0 and april[1] == 0


def test_forecast_outturn_converges_to_the_outturn_by_march(tiny_con):
    """In March the forecast is the year's actual spend, exactly; earlier forecasts are further off."""
    raw = _df(tiny_con, "SELECT * FROM finance")
    raw["fy"] = _fy(raw["month"])
    whole = raw.groupby(["org_code", "category", "fy"])["month"].transform("count") == 12
    years = raw[whole].copy()
    outturn = years.groupby(["org_code", "category", "fy"])["actual"].transform("sum")
    march = years["month"].dt.month == 3
    assert march.sum() > 0
    assert (years.loc[march, "forecast_outturn"] == outturn[march]).all()
    years["error"] = (years["forecast_outturn"] - outturn).abs() / outturn.abs().clip(lower=1)
    by_month = years.groupby((years["month"].dt.month - 4) % 12)["error"].mean()
    assert by_month.iloc[0] > by_month.iloc[5] > by_month.iloc[11] == 0
    council = tiny_con.execute("""SELECT count(*) FILTER (WHERE forecast_outturn <> actual_ytd), count(*)
                                  FROM finance_rollup WHERE month(month) = 3""").fetchone()
    assert council[0] == 0 and council[1] > 0


def test_march_has_the_year_end_spike(council):
    """Year-end accruals and spending make March the heaviest month for supplies and premises."""
    spike = council.execute("""
        SELECT category, avg(actual_month) FILTER (WHERE month(month) = 3)
                         / avg(actual_month) FILTER (WHERE month(month) NOT IN (3, 4))
        FROM finance_rollup WHERE org_code = 'EMC' AND category IN ('supplies_and_services', 'premises')
        GROUP BY 1""").fetchall()
    assert all(ratio > 1.2 for _, ratio in spike), spike


def test_childrens_overspend_grows_after_the_improvement_notice(council):
    """Budget monitoring shows the children's services overspend (placements, agency social workers)
    rising after the March 2023 notice, and placements as its biggest part."""
    variance = dict(council.execute("""
        SELECT year(month), forecast_outturn - current_budget FROM finance_rollup
        WHERE org_code = 'SCF' AND category = 'total' AND month(month) = 3""").fetchall())
    assert variance[2024] > variance[2022] > 0 and variance[2026] > variance[2022] * 2
    placements = council.execute("""
        SELECT sum(forecast_outturn - current_budget) FROM finance_rollup
        WHERE org_code = 'SCF-CIC' AND category = 'third_party_payments' AND month = DATE '2026-03-01'""").fetchone()[0]
    assert placements > 0.3 * variance[2026]
    council_var = council.execute("""SELECT (forecast_outturn - current_budget) / current_budget FROM finance_rollup
        WHERE org_code = 'EMC' AND category = 'total' AND month = DATE '2025-03-01'""").fetchone()[0]
    assert 0 < council_var < 0.06  # an overspend of a few per cent, as county councils report


# --------------------------------------------------------------------------- workforce

def _workforce_expected(con, org: pd.DataFrame, scope: str, units=None) -> pd.DataFrame:
    raw = _df(con, "SELECT * FROM workforce")
    if scope == "excluding_schools":
        schools = set(org.loc[org["is_schools"], "code"])
        raw = raw[~raw["org_code"].isin(schools)]
    raw = raw.assign(vacant_fte=(raw["establishment_fte"] - raw["fte"]).clip(lower=0))  # per team, then summed
    rows = _explode(raw, org)
    if units is not None:
        rows = rows[rows["unit"].isin(units)]
    cols = ["headcount", "fte", "establishment_fte", "vacant_fte", "sickness_short_days", "sickness_long_days",
            "starters", "leavers", "agency_spend", "training_completed", "training_required"]
    monthly = rows.groupby(["unit", "month"])[cols].sum()
    monthly["teams"] = rows.groupby(["unit", "month"]).size()
    monthly = monthly.reset_index()
    out = []
    for unit, g in monthly.groupby("unit"):  # windows by explicit month ranges, not a rolling helper
        g = g.set_index("month").sort_index()
        for month in g.index:
            window = g[(g.index > month - pd.DateOffset(months=12)) & (g.index <= month)]
            fy_start = pd.Timestamp(month.year - (month.month < 4), 4, 1)
            row = g.loc[month].to_dict()
            row.update(org_code=unit, month=month, scope=scope,
                       sickness_short_days_12m=window["sickness_short_days"].sum(),
                       sickness_long_days_12m=window["sickness_long_days"].sum(),
                       fte_avg_12m=window["fte"].mean(), headcount_avg_12m=window["headcount"].mean(),
                       months_12m=len(window), starters_12m=window["starters"].sum(),
                       leavers_12m=window["leavers"].sum(),
                       agency_spend_ytd=g.loc[(g.index >= fy_start) & (g.index <= month), "agency_spend"].sum())
            out.append(row)
    return pd.DataFrame(out)


WORKFORCE_COLUMNS = ["teams", "headcount", "fte", "establishment_fte", "vacant_fte", "sickness_short_days", "sickness_long_days",
                     "sickness_short_days_12m", "sickness_long_days_12m", "fte_avg_12m", "headcount_avg_12m",
                     "months_12m", "starters", "leavers", "starters_12m", "leavers_12m", "agency_spend",
                     "agency_spend_ytd", "training_completed", "training_required"]


def _compare(got: pd.DataFrame, expected: pd.DataFrame, keys, columns, atol=1e-4):
    merged = got.merge(expected, on=keys, suffixes=("", "_x"), validate="one_to_one")
    assert len(merged) == len(got) == len(expected)
    for column in columns:
        assert np.allclose(merged[column].astype(float), merged[f"{column}_x"].astype(float), rtol=1e-9,
                           atol=atol), column


def test_workforce_rollup_matches_pandas_at_every_level_and_month(tiny_con, org):
    """Headcount, sickness over 12 months with the average FTE of the same 12 months, turnover and agency
    spend of any unit are built from its teams' months."""
    got = _df(tiny_con, "SELECT * FROM workforce_rollup WHERE scope = 'all'")
    _compare(got, _workforce_expected(tiny_con, org, "all"), ["org_code", "month", "scope"], WORKFORCE_COLUMNS)
    keys = ["org_code", "month", "scope"]
    stored = _df(tiny_con, "SELECT org_code, month, scope FROM workforce_rollup")
    assert stored.equals(stored.sort_values(keys, ignore_index=True)), "not stored in key order"
    # sickness per FTE read from one row = Σ days over 12 months ÷ average FTE over the same months
    raw = _df(tiny_con, "SELECT w.* FROM workforce w JOIN org_unit o ON o.code = w.org_code "
                        "WHERE o.parent_code = 'SCF-CSC'")
    window = raw[(raw["month"] > "2025-03-01") & (raw["month"] <= "2026-03-01")]
    by_month = window.groupby("month")[["sickness_short_days", "sickness_long_days", "fte"]].sum()
    expected = (by_month["sickness_short_days"].sum() + by_month["sickness_long_days"].sum()) / by_month["fte"].mean()
    row = tiny_con.execute("""SELECT (sickness_short_days_12m + sickness_long_days_12m) / fte_avg_12m, months_12m
                              FROM workforce_rollup WHERE org_code = 'SCF-CSC' AND scope = 'all'
                              AND month = DATE '2026-03-01'""").fetchone()
    assert row[1] == 12 and abs(row[0] - expected) < 1e-4 * expected  # FTE averages stored to 4 decimals
    ytd = tiny_con.execute("SELECT count(*) FROM workforce_rollup WHERE month(month) = 4 "
                           "AND agency_spend_ytd <> agency_spend").fetchone()
    assert ytd == (0,)


def test_workforce_excluding_schools_matches_pandas(council, council_db):
    """Council-wide sickness is reported without schools' staff; units with only schools have no such rows."""
    org = council.execute("SELECT * FROM org_unit").df()
    picked = ("EMC", "SCF", "SCF-CSC", "SCF-CSC-T02")
    got = _df(council, "SELECT * FROM workforce_rollup WHERE scope = 'excluding_schools' AND org_code IN "
                       "('EMC', 'SCF', 'SCF-CSC', 'SCF-CSC-T02')")
    expected = _workforce_expected(council, org, "excluding_schools", units=picked)
    _compare(got, expected, ["org_code", "month", "scope"], WORKFORCE_COLUMNS)
    assert council.execute("SELECT count(*) FROM workforce_rollup WHERE scope = 'excluding_schools' "
                           "AND org_code LIKE 'SCF-SCH%'").fetchone() == (0,)
    both = dict(council.execute("""SELECT scope, (sickness_short_days_12m + sickness_long_days_12m) / fte_avg_12m
        FROM workforce_rollup WHERE org_code = 'EMC' AND month = DATE '2026-03-01'""").fetchall())
    assert both["excluding_schools"] > both["all"]  # schools' staff take less sickness absence


def test_sickness_is_higher_in_social_care_and_peaks_in_winter(council):
    """Social care directorates lose more days per FTE than corporate ones; January more than July."""
    per_fte = dict(council.execute("""
        SELECT org_code, (sickness_short_days_12m + sickness_long_days_12m) / fte_avg_12m FROM workforce_rollup
        WHERE scope = 'excluding_schools' AND month = DATE '2025-03-01'
          AND org_code IN ('SCF', 'AHCW', 'FIN', 'HR')""").fetchall())
    assert min(per_fte["SCF"], per_fte["AHCW"]) > max(per_fte["FIN"], per_fte["HR"])
    assert 7 < council.execute("""SELECT (sickness_short_days_12m + sickness_long_days_12m) / fte_avg_12m
        FROM workforce_rollup WHERE org_code = 'EMC' AND scope = 'excluding_schools'
        AND month = DATE '2025-03-01'""").fetchone()[0] < 14
    season = dict(council.execute("""
        SELECT month(month), avg((sickness_short_days + sickness_long_days) / fte) FROM workforce_rollup
        WHERE org_code = 'EMC' AND scope = 'all' AND month(month) IN (1, 7) GROUP BY 1""").fetchall())
    assert season[1] > season[7] * 1.2
    share = council.execute("""
        SELECT sum(sickness_long_days_12m) / sum(sickness_short_days_12m + sickness_long_days_12m)
        FROM workforce_rollup WHERE org_code = 'EMC' AND scope = 'all' AND month = DATE '2026-03-01'""").fetchone()[0]
    assert 0.45 < share < 0.75  # long-term absence is most of the days lost, as councils find


# --------------------------------------------------------------------------- feedback

@pytest.fixture(scope="module")
def feedback_expected(tiny_con, org):
    raw = _df(tiny_con, "SELECT * FROM feedback")
    last = pd.Timestamp(tiny_con.execute("SELECT last_period FROM build_info").fetchone()[0])
    raw["stage"] = raw["stage"].fillna("none")
    keys = ["org_code", "month", "type", "stage", "theme_code"]
    received = raw.assign(month=raw["received_on"].dt.to_period("M").dt.to_timestamp(), received=1)
    done = raw[raw["responded_on"].notna()].copy()
    done["month"] = done["responded_on"].dt.to_period("M").dt.to_timestamp()
    done["responded"] = 1
    done["responded_with_due"] = done["due_on"].notna().astype(int)
    done["responded_on_time"] = (done["responded_on"] <= done["due_on"]).astype(int)
    done["working_days_to_respond"] = _working_days_after(done["received_on"], done["responded_on"])
    for outcome in ("upheld", "partly_upheld", "not_upheld"):
        done[outcome] = (done["outcome"] == outcome).astype(int)
    open_rows = []
    for month in pd.date_range(raw["received_on"].min().to_period("M").to_timestamp(), last, freq="MS"):
        end = month + pd.offsets.MonthEnd(0)
        is_open = (raw["received_on"] <= end) & (raw["responded_on"].isna() | (raw["responded_on"] > end))
        rows = raw[is_open].assign(month=month, open_at_month_end=1)
        rows["overdue_at_month_end"] = (rows["due_on"] < end).astype(int)
        open_rows.append(rows)
    events = pd.concat([received, done, *open_rows], ignore_index=True)
    events = events[events["month"] <= last]
    measures = ["received", "responded", "responded_with_due", "responded_on_time", "working_days_to_respond",
                "upheld", "partly_upheld", "not_upheld", "open_at_month_end", "overdue_at_month_end"]
    events[measures] = events.reindex(columns=measures).fillna(0)
    rows = _explode(events, org)
    out = rows.groupby(["unit"] + keys[1:])[measures].sum().reset_index()
    return out.rename(columns={"unit": "org_code"})


def test_feedback_rollup_matches_pandas_at_every_level_and_month(tiny_con, feedback_expected):
    """Complaints received, answered on time, upheld and still open for any unit and month add up from
    the individual records (working days counted independently of the calendar table)."""
    got = _df(tiny_con, "SELECT * FROM feedback_rollup")
    keys = ["org_code", "month", "type", "stage", "theme_code"]
    measures = [c for c in got.columns if c not in keys]
    _compare(got, feedback_expected, keys, measures)
    stored = got[["org_code", "month"]]
    assert stored.equals(stored.sort_values(["org_code", "month"], ignore_index=True)), "not stored in key order"


def test_response_due_dates_skip_weekends_and_english_bank_holidays(tiny_con):
    """A stage 1 complaint is due 20 working days after receipt, stage 2 25, an enquiry 10 — never on a
    weekend or bank holiday (Christmas, Easter and the rest, as the holidays library lists them)."""
    due = _df(tiny_con, "SELECT type, stage, received_on, due_on FROM feedback WHERE due_on IS NOT NULL")
    assert not due.empty
    expected = np.select([due["stage"] == "1", due["stage"] == "2", due["type"] == "enquiry"], [20, 25, 10], -1)
    assert (_working_days_after(due["received_on"], due["due_on"]) == expected).all()
    years = range(2024, 2028)
    bank = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG", years=years)), dtype="datetime64[D]")
    assert np.is_busday(due["due_on"].to_numpy().astype("datetime64[D]"), holidays=bank).all()
    # over Christmas the deadline is pushed back by the bank holidays
    christmas = due[(due["stage"] == "1") & (due["received_on"] == due["received_on"].where(
        (due["received_on"].dt.month == 12) & (due["received_on"].dt.day.between(10, 20))).min())]
    if not christmas.empty:
        span = (christmas["due_on"] - christmas["received_on"]).dt.days.iloc[0]
        assert span >= 30  # 20 working days plus weekends, Christmas Day, Boxing Day and New Year's Day
    assert due.loc[due["type"].isin(["compliment", "comment"])].empty
    assert tiny_con.execute("SELECT count(*) FROM feedback WHERE stage = 'ombudsman' AND due_on IS NOT NULL"
                            ).fetchone() == (0,)


def test_feedback_volumes_and_outcomes_are_realistic(council):
    """An English county gets a few thousand complaints a year, answers most on time and upholds under half."""
    per_year = council.execute("""SELECT count(*) FILTER (WHERE stage = '1'), count(*) FILTER (WHERE stage = '2'),
        count(*) FILTER (WHERE stage = 'ombudsman'), count(*) FILTER (WHERE type = 'compliment')
        FROM feedback WHERE received_on BETWEEN '2024-04-01' AND '2025-03-31'""").fetchone()
    assert 2000 < per_year[0] < 6000 and 0.04 < per_year[1] / per_year[0] < 0.2 and 20 < per_year[2] < 300
    assert per_year[3] > 1000
    rates = council.execute("""SELECT sum(responded_on_time) / sum(responded_with_due),
                                      sum(upheld + partly_upheld) / sum(upheld + partly_upheld + not_upheld)
                               FROM feedback_rollup WHERE org_code = 'EMC' AND type = 'complaint' AND stage = '1'
                               """).fetchone()
    assert 0.65 < rates[0] < 0.92 and 0.3 < rates[1] < 0.55
    themes = council.execute("SELECT count(DISTINCT f.theme_code) FROM feedback f WHERE org_code LIKE 'ESH-HWY%'"
                             ).fetchone()[0]
    assert 3 <= themes <= 6  # a short fixed list per service area


# --------------------------------------------------------------------------- survey and pairs

def test_survey_counts_and_output_outcome_pairs(tiny_con):
    """Every quarter has every theme in every district, with counts for confidence intervals; every pair
    names a real output indicator and a real survey theme or feedback unit."""
    q, t, d = tiny_con.execute("""SELECT count(DISTINCT quarter_start), count(DISTINCT theme_code),
                                         count(DISTINCT district_code) FROM survey_result""").fetchone()
    assert t == tiny_con.execute("SELECT count(*) FROM survey_theme").fetchone()[0] >= 6
    assert 10 <= d == tiny_con.execute("SELECT count(*) FROM district").fetchone()[0] <= 12
    assert tiny_con.execute("SELECT count(*) FROM survey_result").fetchone()[0] == q * t * d
    assert tiny_con.execute("SELECT count(*) FROM survey_result WHERE respondents < 3 OR satisfied < 0 "
                            "OR satisfied + dissatisfied > respondents").fetchone() == (0,)
    county = tiny_con.execute("SELECT min(n) FROM (SELECT sum(respondents) AS n FROM survey_result "
                              "GROUP BY quarter_start, theme_code)").fetchone()[0]
    assert county >= 150  # enough for a county-wide figure every quarter
    pairs = tiny_con.execute("""
        SELECT p.code, i.code IS NOT NULL,
               CASE p.outcome_kind WHEN 'survey' THEN s.code IS NOT NULL ELSE o.code IS NOT NULL END
        FROM outcome_pair AS p
        LEFT JOIN indicator AS i ON i.code = p.output_indicator_code
        LEFT JOIN survey_theme AS s ON s.code = p.outcome_code
        LEFT JOIN org_unit AS o ON o.code = p.outcome_org_code""").fetchall()
    assert len(pairs) >= 4 and all(a and b for _, a, b in pairs)
    kinds = {r[0] for r in tiny_con.execute("SELECT DISTINCT outcome_kind FROM outcome_pair").fetchall()}
    assert kinds == {"survey", "feedback"}


def test_paired_outcomes_follow_their_outputs(council):
    """Satisfaction with roads follows pothole repairs a quarter earlier; families' compliments follow
    assessment timeliness."""
    potholes = council.execute("""
        SELECT date_trunc('quarter', period_start + INTERVAL 3 MONTH) AS next_quarter,
               sum(numerator) / sum(denominator) AS on_time
        FROM measure WHERE indicator_code = 'HWY-POTHOLES-28' GROUP BY 1""").df()
    roads = council.execute("""SELECT quarter_start AS next_quarter, sum(satisfied) / sum(respondents) AS satisfied
        FROM survey_result WHERE theme_code = 'ROADS' GROUP BY 1""").df()
    both = potholes.merge(roads, on="next_quarter")
    assert len(both) >= 12 and np.corrcoef(both["on_time"], both["satisfied"])[0, 1] > 0.4
    assess = council.execute("""SELECT period_start AS month, sum(numerator) / sum(denominator) AS on_time
        FROM measure m JOIN org_unit o ON o.code = m.org_code
        WHERE indicator_code = 'CSC-ASSESS-45' AND o.parent_code = 'SCF-CSC' GROUP BY 1""").df()
    share = council.execute("""SELECT month - INTERVAL 2 MONTH AS month,
        sum(received) FILTER (WHERE type = 'compliment')
            / sum(received) FILTER (WHERE type IN ('compliment', 'complaint')) AS compliments FROM feedback_rollup WHERE org_code = 'SCF-CSC' GROUP BY 1""").df()
    share["month"] = pd.to_datetime(share["month"])
    assess["month"] = pd.to_datetime(assess["month"])
    joined = assess.merge(share, on="month")
    assert np.corrcoef(joined["on_time"], joined["compliments"])[0, 1] > 0.3


# --------------------------------------------------------------------------- risk

def test_risk_status_is_the_latest_review_as_at_each_month(tiny_con, org):
    """The register for any month shows each open risk as its latest review left it, RAG against the
    category's appetite (green within appetite, amber within tolerance, red beyond)."""
    risks = _df(tiny_con, "SELECT * FROM risk")
    reviews = _df(tiny_con, "SELECT * FROM risk_review").sort_values(["risk_code", "reviewed_on"])
    appetite = tiny_con.execute("SELECT * FROM risk_appetite").df().set_index("category")
    got = _df(tiny_con, "SELECT * FROM risk_status")
    months = pd.date_range(got["month"].min(), got["month"].max(), freq="MS")
    rows = []
    for month in months:
        end = month + pd.offsets.MonthEnd(0)
        open_ = risks[(risks["identified_on"] <= end) & (risks["closed_on"].isna() | (risks["closed_on"] > end))]
        latest = reviews[reviews["reviewed_on"] <= end].groupby("risk_code").tail(1).set_index("risk_code")
        for _, r in open_.iterrows():
            v = latest.loc[r["code"]]
            a = appetite.loc[r["category"]]
            rag = "green" if v["score"] <= a["appetite_score"] else "amber" if v["score"] <= a["tolerance_score"] \
                else "red"
            rows.append(dict(org_code=r["org_code"], month=month, risk_code=r["code"], score=v["score"], rag=rag,
                             trend=v["trend"], last_review_on=v["reviewed_on"],
                             review_overdue=v["next_review_due"] < end, target_score=r["target_score"]))
    expected = pd.DataFrame(rows)
    merged = got.merge(expected, on=["org_code", "month", "risk_code"], suffixes=("", "_x"), validate="one_to_one")
    assert len(merged) == len(got) == len(expected)
    for column in ("score", "rag", "trend", "last_review_on", "review_overdue"):
        assert (merged[column] == merged[f"{column}_x"]).all(), column
    assert set(got["rag"]) == {"red", "amber", "green"}
    assert got["review_overdue"].any() and not got["review_overdue"].all()
    assert (got["score"] == got["likelihood"] * got["impact"]).all()

    # risk_rollup: counts over each unit's own register and those below it
    exploded = _explode(expected, org)
    counts = exploded.groupby(["unit", "month"]).agg(
        risks=("risk_code", "size"), red=("rag", lambda s: (s == "red").sum()),
        reviews_overdue=("review_overdue", "sum"),
        above_target=("score", lambda s: (s > exploded.loc[s.index, "target_score"]).sum())).reset_index()
    counts["own_risks"] = exploded[exploded["unit"] == exploded["org_code"]].groupby(["unit", "month"]).size() \
        .reindex(pd.MultiIndex.from_frame(counts[["unit", "month"]])).fillna(0).to_numpy()
    rollup = _df(tiny_con, "SELECT * FROM risk_rollup")
    _compare(rollup, counts.rename(columns={"unit": "org_code"}), ["org_code", "month"],
             ["risks", "own_risks", "red", "reviews_overdue", "above_target"])


def test_risk_register_has_every_tier_and_overdue_reviews(tiny_con):
    """Strategic, directorate and service risks (not every team), owners by role, some reviews overdue."""
    tiers = dict(tiny_con.execute("""SELECT o.level, count(DISTINCT r.org_code) FROM risk r
                                     JOIN org_unit o ON o.code = r.org_code GROUP BY 1""").fetchall())
    teams = tiny_con.execute("SELECT count(*) FROM org_unit WHERE level = 'team'").fetchone()[0]
    assert tiers["council"] == 1 and tiers["directorate"] >= 2 and tiers["service"] >= 2
    assert 0 < tiers.get("team", 0) < teams / 2
    bad = tiny_con.execute("""SELECT count(*) FROM risk WHERE inherent_score <> inherent_likelihood * inherent_impact
        OR target_score <> target_likelihood * target_impact
        OR category NOT IN (SELECT category FROM risk_appetite)""").fetchone()
    assert bad == (0,)
    last = tiny_con.execute("SELECT last_day(last_period) FROM build_info").fetchone()[0]
    overdue = tiny_con.execute("SELECT count(*) FROM risk WHERE closed_on IS NULL AND next_review_due < ?",
                               [last]).fetchone()[0]
    assert overdue >= 1
