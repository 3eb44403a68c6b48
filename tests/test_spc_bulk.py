"""SPC as at every period (dashboard/metrics/spc_bulk.py, data/build/derive.py).

The bulk result for a period must be exactly what the engine says about the
last point of the series cut at that period: ``analyse(grid[: j + 1])``, where
``grid`` lays the series on consecutive periods of its frequency (missing
periods and missing values are NaN gaps). Checked for every prefix of
thousands of random series, for the seasonal path, on a hand-worked series for
``concern_since``, and end to end through ``derive_all`` on a small database
built here from the schema.

If this broke, the exceptions page would flag (or miss) special-cause concern
that the indicator's own SPC chart, drawn up to that month, does not show.
"""

from __future__ import annotations

import dataclasses

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard.metrics.spc import _TYPE_NAMES, SpcSettings, analyse, assurance_code
from dashboard.metrics.spc_bulk import ASSURANCES, VARIATIONS, classify_as_at
from dashboard.metrics.spc_seasonal import analyse_seasonal
from data.build import schema

STEP = {"monthly": 1, "quarterly": 3, "annual": 12}
SEASON = {"monthly": 12, "quarterly": 4}
START = np.datetime64("2015-04", "M")


# --- the engine, prefix by prefix --------------------------------------------


def engine_last(grid: np.ndarray, j: int, improvement: str, target: float, settings=SpcSettings.MDC,
                adjusted: np.ndarray | None = None, effect: np.ndarray | None = None) -> dict:
    """The engine's verdict on grid[: j + 1]'s last row (point type None when
    the row is a gap or the series has no limits yet). With ``adjusted``, the
    rules run on the seasonally adjusted values and the limits are put back on
    the original scale with the latest observed row's effect, as analyse_seasonal."""
    values = grid if adjusted is None else adjusted
    res = analyse(values[: j + 1], improvement=improvement, settings=settings)
    code = int(res.arrays["type_code"][-1])
    mean, lpl, upl = res.mean, res.lpl, res.upl
    if adjusted is not None:
        seen = np.flatnonzero(~np.isnan(grid[: j + 1]))
        if seen.size:
            mean, lpl, upl = (v + effect[seen[-1]] for v in (mean, lpl, upl))
    return {
        "point_type": None if res.variation == "none" or code == 0 else _TYPE_NAMES[code],
        "variation": res.variation,
        "assurance": assurance_code(None if np.isnan(target) else target, improvement, lpl, upl),
        "mean": mean, "lpl": lpl, "upl": upl,
    }


def labels(column: pd.Series) -> np.ndarray:
    """Strings, with None for missing (categorical NaN and string NaN alike)."""
    return column.astype(object).where(column.notna(), None).to_numpy()


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = got.loc[expected.index]
    for col in ("point_type", "variation", "assurance"):
        bad = labels(got[col]) != labels(expected[col])
        assert not bad.any(), (col, pd.concat([got[bad], expected[bad]], axis=1).head())
    for col in ("mean", "lpl", "upl"):
        np.testing.assert_allclose(got[col].to_numpy(float), expected[col].to_numpy(float),
                                   rtol=0, atol=1e-9, equal_nan=True, err_msg=col)


# --- random series -----------------------------------------------------------


def random_series(rng: np.random.Generator, sid: int) -> dict:
    """One series with a mix of features: short or long, counts (many ties),
    steps, trends, outliers, missing periods and missing values."""
    frequency = ["monthly"] * 7 + ["quarterly"] * 2 + ["annual"]
    frequency = frequency[int(rng.integers(len(frequency)))]
    n = int(rng.integers(1, 13)) if rng.random() < 0.2 else int(rng.integers(13, 49))
    level, sd = rng.uniform(-20, 200), rng.uniform(0.5, 10)
    kind = sid % 6
    x = rng.normal(level, sd, n)
    if kind == 1:  # small counts: values often equal each other and the mean
        x = rng.poisson(rng.uniform(1, 8), n).astype(float)
    elif kind == 2:  # a step up or down
        x[int(rng.integers(n)):] += rng.choice([-1, 1]) * rng.uniform(1.5, 4) * sd
    elif kind == 3:  # a drift
        x += rng.choice([-1, 1]) * rng.uniform(0.1, 0.6) * sd * np.arange(n)
    elif kind == 4:  # outliers
        hit = rng.random(n) < 0.1
        x[hit] += rng.choice([-1, 1], hit.sum()) * rng.uniform(3, 6, hit.sum()) * sd
    elif kind == 5:  # one decimal, with a monotone run at the end
        x = np.round(x, 1)
        run = min(n, int(rng.integers(4, 9)))
        x[n - run:] = np.round(x[n - run] + rng.choice([-1, 1]) * np.arange(run) * sd * 0.3, 1)
    grid_pos = np.arange(n)
    if rng.random() < 0.5:  # missing periods (no row at all)
        keep = rng.random(n) > 0.1
        keep[0] = True
        grid_pos, x = grid_pos[keep], x[keep]
    if rng.random() < 0.3:  # rows whose value is missing
        x[rng.random(x.size) < 0.05] = np.nan
    improvement = ("up", "down", "neither")[int(rng.integers(3))]
    if rng.random() < 0.2:
        target = np.full(x.size, np.nan)
    else:
        target = level + rng.normal(0, 3 * sd) + np.where(rng.random(x.size) < 0.1, rng.normal(0, sd, x.size), 0)
    return {"sid": sid, "frequency": frequency, "pos": grid_pos, "value": x,
            "improvement": improvement, "target": target}


def frame_of(series: list[dict]) -> pd.DataFrame:
    parts = []
    for s in series:
        months = START + s["pos"] * STEP[s["frequency"]]
        parts.append(pd.DataFrame({
            "series_id": s["sid"], "period_start": months.astype("datetime64[s]"), "value": s["value"],
            "improvement": s["improvement"], "frequency": s["frequency"], "target": s["target"],
            "seasonal": s.get("seasonal", False),
        }))
    return pd.concat(parts, ignore_index=True)


def expected_of(series: list[dict], frame: pd.DataFrame, settings=SpcSettings.MDC) -> pd.DataFrame:
    rows = []
    for s in series:
        grid = np.full(int(s["pos"][-1]) + 1, np.nan)
        grid[s["pos"]] = s["value"]
        for p, t in zip(s["pos"], s["target"]):
            rows.append(engine_last(grid, int(p), s["improvement"], t, settings))
    expected = pd.DataFrame(rows)
    expected.index = frame.index  # frame_of keeps the series' order
    return expected


@pytest.fixture(scope="module")
def random_case():
    rng = np.random.default_rng(20240601)
    series = [random_series(rng, sid) for sid in range(3000)]
    frame = frame_of(series)
    return series, frame, expected_of(series, frame)


def test_every_prefix_of_random_series_matches_the_engine(random_case):
    series, frame, expected = random_case
    shuffled = frame.sample(frac=1, random_state=1)  # input order must not matter
    got = classify_as_at(shuffled)
    assert got.index.equals(shuffled.index)
    assert_same(got, expected)
    # the data exercise every outcome, gaps with limits and short series
    assert set(got["variation"]) == set(VARIATIONS)
    assert set(got["assurance"]) == set(ASSURANCES)
    assert got["point_type"].isna().any() and (got["point_type"] == "concern").any()
    assert frame["value"].isna().sum() > 50
    assert len(frame) > 60_000


def test_sorted_input_small_blocks_and_code_columns_give_the_same_result(random_case):
    series, frame, expected = random_case
    first = classify_as_at(frame)
    assert_same(first, expected)
    small = classify_as_at(frame, block_cells=997)  # many blocks and passes
    pd.testing.assert_frame_equal(small, first)
    codes = frame.drop(columns="series_id").assign(
        indicator_code="I" + (frame["series_id"] % 7).astype(str),
        org_code="O" + (frame["series_id"] // 7).astype(str))
    pd.testing.assert_frame_equal(classify_as_at(codes), first)


@pytest.mark.parametrize("settings", [
    dataclasses.replace(SpcSettings.MDC, gap_breaks_runs=True),
    dataclasses.replace(SpcSettings.MDC, conflict="concern"),
    dataclasses.replace(SpcSettings.MDC, conflict="precedence", shift_length=7, trend_length=5,
                        min_points=5, two_of_three_counts_beyond_limits=True),
    dataclasses.replace(SpcSettings.MDC, min_points=1, shift_length=8, trend_length=7),
], ids=["gap_breaks_runs", "conflict_concern", "precedence_7_5_min5", "min1_8_7"])
def test_other_settings_match_the_engine(settings):
    rng = np.random.default_rng(7)
    series = [random_series(rng, sid) for sid in range(400)]
    frame = frame_of(series)
    assert_same(classify_as_at(frame, settings=settings), expected_of(series, frame, settings))


def test_two_of_three_as_at_the_last_point_differs_from_the_full_chart():
    """As at a period only the window of the last three points can flag it; a
    later window that flags it on the full chart did not exist yet.

    20 points alternating 10, 12, then 15, 15. As at point 20: mean 235/21 =
    11.19, mean moving range (19 x 2 + 3)/20 = 2.05, upper 2-sigma line 11.19 +
    2/3 x 2.66 x 2.05 = 14.83, limit 16.64: 15 is beyond the 2-sigma line but
    its window (10, 12, 15) has 10 below the mean - common cause. As at point
    21 (the full chart): mean 250/22 = 11.36, 2-sigma line 14.83; window 12,
    15, 15 is all above the mean with two beyond the line: points 20 and 21
    are improvement on the full chart, but point 20 was not as at its month."""
    values = [10.0, 12.0] * 10 + [15.0, 15.0]
    frame = pd.DataFrame({"series_id": 0, "period_start": pd.date_range("2020-01-01", periods=22, freq="MS"),
                          "value": values, "improvement": "up"})
    got = classify_as_at(frame)
    full = analyse(values).points
    assert list(full["point_type"].iloc[20:]) == ["improvement", "improvement"]
    assert list(got["point_type"].iloc[20:]) == ["common_cause", "improvement"]
    assert got["upl"].iloc[20] == pytest.approx(235 / 21 + 2.66 * 41 / 20)
    assert engine_last(np.array(values), 20, "up", np.nan)["point_type"] == "common_cause"


def test_bad_input_is_refused():
    ok = pd.DataFrame({"series_id": [1, 1], "period_start": pd.to_datetime(["2024-04-01", "2024-05-01"]),
                       "value": [1.0, 2.0], "improvement": "up"})
    classify_as_at(ok)
    with pytest.raises(ValueError, match="same series and period"):
        classify_as_at(ok.assign(period_start=pd.to_datetime(["2024-04-01", "2024-04-01"])))
    with pytest.raises(ValueError, match="improvement"):
        classify_as_at(ok.assign(improvement=["up", "sideways"]))
    with pytest.raises(ValueError, match="the same for every row"):
        classify_as_at(ok.assign(improvement=["up", "down"]))
    with pytest.raises(ValueError, match="finite"):
        classify_as_at(ok.assign(value=[1.0, np.inf]))
    with pytest.raises(NotImplementedError):
        classify_as_at(ok, settings=SpcSettings.NHSR)
    empty = classify_as_at(ok.iloc[:0])
    assert list(empty.columns) == ["point_type", "variation", "assurance", "mean", "lpl", "upl",
                                   "concern_since", "seasonally_adjusted"] and empty.empty


# --- seasonal series ---------------------------------------------------------


def seasonal_series(rng, sid, frequency, n, start_month, *, step_at=None, gaps=False):
    period = SEASON.get(frequency, 1)
    season = (start_month + np.arange(n) * STEP[frequency]) % 12 // (12 // period) if period > 1 else np.zeros(n)
    x = 100 + 6 * np.cos(2 * np.pi * season / period) + rng.normal(0, 2, n)
    if period == 12:
        x += np.where(season == 11, 8, 0)  # a December spike
    if step_at is not None:
        x[step_at:] += 6
    pos = np.arange(n)
    if gaps:
        keep = np.ones(n, dtype=bool)
        keep[n // 3] = False
        pos, x = pos[keep], x[keep]
        x[n // 2] = np.nan
    return {"sid": sid, "frequency": frequency, "pos": pos, "value": x, "seasonal": True,
            "improvement": ("up", "down", "neither")[sid % 3], "target": np.full(x.size, 102.0),
            "start": np.datetime64("2015-01", "M") + start_month}


def test_seasonal_series_are_judged_on_values_adjusted_once_with_the_whole_series():
    rng = np.random.default_rng(11)
    series = (
        [seasonal_series(rng, s, "monthly", 72 if s % 3 == 0 else int(rng.integers(40, 73)), s % 12,
                         step_at=(None if s % 2 else -12), gaps=(s % 3 == 0)) for s in range(12)]
        + [seasonal_series(rng, 100 + s, "quarterly", int(rng.integers(16, 25)), 3 * (s % 4),
                           step_at=(-4 if s % 2 else None)) for s in range(4)]
        + [seasonal_series(rng, 200, "monthly", 20, 3),   # too short to fit: judged unadjusted
           seasonal_series(rng, 201, "annual", 20, 3)]    # annual data are never adjusted
    )
    frame = pd.concat([pd.DataFrame({
        "series_id": s["sid"], "period_start": (s["start"] + s["pos"] * STEP[s["frequency"]]).astype("datetime64[s]"),
        "value": s["value"], "improvement": s["improvement"], "frequency": s["frequency"],
        "target": s["target"], "seasonal": True}) for s in series], ignore_index=True)
    got = classify_as_at(frame)

    rows, flags = [], []
    for s in series:
        grid = np.full(int(s["pos"][-1]) + 1, np.nan)
        grid[s["pos"]] = s["value"]
        adjusted = effect = None
        if s["sid"] < 200:
            index = pd.date_range(pd.Timestamp(s["start"]), periods=grid.size, freq=f"{STEP[s['frequency']]}MS")
            full = analyse_seasonal(pd.Series(grid, index=index), period=SEASON[s["frequency"]],
                                    improvement=s["improvement"], target=102.0)
            adjusted, effect = full.points["adjusted"].to_numpy(), full.points["seasonal_effect"].to_numpy()
            last = got[frame["series_id"] == s["sid"]].iloc[-1]  # the last period: analyse_seasonal itself
            assert (last["variation"], last["assurance"]) == (full.variation, full.assurance)
            np.testing.assert_allclose([last["mean"], last["lpl"], last["upl"]], [full.mean, full.lpl, full.upl],
                                       rtol=0, atol=1e-9)
        for p, t in zip(s["pos"], s["target"]):
            rows.append(engine_last(grid, int(p), s["improvement"], t, adjusted=adjusted, effect=effect))
            flags.append(adjusted is not None)
    expected = pd.DataFrame(rows, index=frame.index)
    assert_same(got, expected)
    assert (got["seasonally_adjusted"].to_numpy() == np.array(flags)).all()
    assert got["seasonally_adjusted"].groupby(frame["series_id"]).first().sum() == 16  # all but the last two
    assert got.loc[got["seasonally_adjusted"], "variation"].str.contains("_").any()  # some special cause


# --- concern_since, worked by hand ------------------------------------------


def test_concern_since_is_the_start_of_the_unbroken_run_of_concern():
    """Improvement up. Points 0-19 alternate 10, 12 (mean 11, moving ranges 2).
    20-27 are 9: as at point 25 the last six (20-25) are below the mean
    (274/26 = 10.54) - a shift, concern; 26 and 27 too. No earlier concern: the
    run of six includes a 12 until then, and 9 stays inside the limits and the
    2-sigma line (e.g. as at 24: mean 10.6, mean moving range 41/24, lower
    2-sigma line 10.6 - 2/3 x 2.66 x 1.708 = 7.57). Point 28 is 13: above the
    mean, inside the limits (upper 2-sigma line 13.37): common cause, the run
    ends. 29-34 are 9: concern again only at 34 (six 9s; mean 359/35 = 10.26).
    Then a month with no row (a gap, which does not break the run), 9 again,
    a month whose value is missing (no point, the run carries on) and 9."""
    values = [10.0, 12.0] * 10 + [9.0] * 8 + [13.0] + [9.0] * 6
    months = list(range(len(values)))
    values += [9.0, np.nan, 9.0]
    months += [36, 37, 38]  # month 35 has no row
    periods = [pd.Timestamp("2020-01-01") + pd.DateOffset(months=m) for m in months]
    frame = pd.DataFrame({"series_id": 1, "period_start": periods, "value": values, "improvement": "up"})
    got = classify_as_at(frame)

    concern = [25, 26, 27, 34, 35, 36, 37]
    expected_type = ([None] * 12 + ["common_cause"] * 13 + ["concern"] * 3 + ["common_cause"] * 6
                     + ["concern", "concern", None, "concern"])
    assert list(labels(got["point_type"])) == expected_type
    since = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    since[[25, 26, 27]] = periods[25]
    since[[34, 35, 36, 37]] = periods[34]
    assert list(got["concern_since"]) == list(since)
    assert set(got.loc[concern, "variation"]) == {"concern_low"}
    # the engine agrees with the hand-worked point types
    grid = np.full(months[-1] + 1, np.nan)
    grid[months] = values
    assert [engine_last(grid, m, "up", np.nan)["point_type"] for m in months] == expected_type
    # with improvement down the same points are improvement: no concern at all
    down = classify_as_at(frame.assign(improvement="down"))
    assert down["concern_since"].isna().all() and (down["point_type"] == "improvement").sum() == 6


# --- derive_all end to end ---------------------------------------------------

INDICATORS = [
    # code, polarity, aggregation, basis, frequency, scale, seasonal
    ("ASSESS", "up", "ratio", "in_month", "monthly", 100, False),
    ("COMPLAINTS", "down", "sum", "in_month", "quarterly", 1, False),
    ("VISITS", "neither", "sum", "in_month", "monthly", 1, True),
    ("SPEND", "down", "sum", "year_to_date", "monthly", 1, False),
]


def months_from(start: str, n: int) -> list[pd.Timestamp]:
    return list(pd.date_range(start, periods=n, freq="MS"))


def small_database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    schema.create(con)
    con.execute("""INSERT INTO org_unit VALUES
        ('C', 'Council', 'council', NULL, 1, false),
        ('T1', 'Team one', 'team', 'C', 1, false),
        ('T2', 'Team two', 'team', 'C', 2, false)""")
    con.execute("""INSERT INTO org_ancestor VALUES
        ('C', 'C', 0), ('T1', 'T1', 0), ('T1', 'C', 1), ('T2', 'T2', 0), ('T2', 'C', 1)""")
    for code, pol, agg, basis, freq, scale, seasonal in INDICATORS:
        con.execute("INSERT INTO indicator VALUES (?, ?, 'd', 'count', ?, 1, ?, ?, ?, ?, 0, 0, 'relative', "
                    "'owner', 'C', 'theme', 'portfolio', false, NULL, 'source', 10, ?, true)",
                    [code, code, scale, pol, agg, basis, freq, seasonal])
    measures = []

    def add(code, org, periods, values, numerators=None, denominators=None):
        for k, (p, v) in enumerate(zip(periods, values)):
            if v is None:
                continue  # not reported: a gap
            num = None if numerators is None else numerators[k]
            den = None if denominators is None else denominators[k]
            measures.append((code, org, p.date(), num, den, v, "validated", p.to_pydatetime()))

    # ASSESS: share of assessments on time, 18 months; T2 misses one month.
    t1_num = [16, 17, 15, 16, 18, 17, 16, 15, 17, 16, 17, 16, 18, 17, 16, 10, 9, 9]
    t2_num = [8, 9, 8, 7, 9, 8, None, 9, 8, 7, 8, 9, 8, 8, 9, 5, 5, 4]
    months = months_from("2024-04-01", 18)
    add("ASSESS", "T1", months, [n / 20 for n in t1_num], t1_num, [20] * 18)
    add("ASSESS", "T2", months, [None if n is None else n / 10 for n in t2_num],
        [n for n in t2_num], [10] * 18)
    # COMPLAINTS: 16 quarters at T1, rising at the end (bad: polarity down).
    add("COMPLAINTS", "T1", months_from("2022-04-01", 48)[::3],
        [30, 28, 33, 31, 29, 32, 30, 28, 31, 33, 29, 30, 31, 45, 47, 50])
    # VISITS: four seasonal years at T1.
    rng = np.random.default_rng(3)
    visits = months_from("2022-04-01", 48)
    add("VISITS", "T1", visits, [round(200 + 40 * np.cos(2 * np.pi * (p.month - 1) / 12) + rng.normal(0, 5))
                                 for p in visits])
    # SPEND: a year-to-date indicator (its target is for the cumulative figure).
    add("SPEND", "T1", months_from("2024-04-01", 15), [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5, 7, 9, 9])
    add("SPEND", "T2", months_from("2024-04-01", 15), [3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4])
    con.executemany("INSERT INTO measure VALUES (?, ?, ?, ?, ?, ?, ?, ?)", measures)
    con.execute("""INSERT INTO indicator_unit VALUES ('ASSESS', 'T1'), ('ASSESS', 'T2'), ('COMPLAINTS', 'T1'),
                   ('VISITS', 'T1'), ('SPEND', 'T1'), ('SPEND', 'T2')""")
    # Targets: the council's for ASSESS stops two months early (the latest one
    # still applies); T1 has its own; SPEND's is cumulative.
    targets = [("ASSESS", "C", p.date(), 80.0) for p in months[:-2]]
    targets += [("ASSESS", "T1", p.date(), 60.0) for p in months]
    targets += [("SPEND", "C", p.date(), 100.0) for p in months_from("2024-04-01", 15)]
    con.executemany("INSERT INTO target VALUES (?, ?, ?, ?)", targets)
    return con


def expected_status(con) -> pd.DataFrame:
    """The engine on each rollup series, cut at each period."""
    roll = con.execute("""
        SELECT r.indicator_code, r.org_code, r.period_start, r.period_value, r.target,
               i.polarity, i.frequency, i.seasonal, i.basis
        FROM rollup AS r JOIN indicator AS i ON i.code = r.indicator_code
        ORDER BY r.org_code, r.indicator_code, r.period_start""").df()
    rows = []
    for _, g in roll.groupby(["org_code", "indicator_code"], sort=True):
        first = g.iloc[0]
        starts = pd.DatetimeIndex(pd.to_datetime(g["period_start"]))
        index = pd.date_range(starts.min(), starts.max(), freq=f"{STEP[first['frequency']]}MS")
        series = pd.Series(g["period_value"].to_numpy(float), index=starts).reindex(index)
        grid = series.to_numpy()
        targets = g["target"].ffill() if first["basis"] in ("in_month", "snapshot") else g["target"] * np.nan
        adjusted = effect = None
        if first["seasonal"] and first["frequency"] in SEASON:
            try:
                full = analyse_seasonal(series, period=SEASON[first["frequency"]], improvement=first["polarity"])
                adjusted, effect = full.points["adjusted"].to_numpy(), full.points["seasonal_effect"].to_numpy()
            except ValueError:
                pass
        for p, t in zip(starts, targets.to_numpy(float)):
            row = engine_last(grid, index.get_loc(p), first["polarity"], t, adjusted=adjusted, effect=effect)
            row.update(indicator_code=first["indicator_code"], org_code=first["org_code"], period_start=p,
                       seasonally_adjusted=adjusted is not None)
            rows.append(row)
    return pd.DataFrame(rows)


def test_derive_all_builds_rollup_and_spc_status():
    from data.build.derive import derive_all

    con = small_database()
    messages: list[str] = []
    counts = derive_all(con, progress=messages.append)
    assert counts["rollup"] == counts["spc_status"] > 100
    assert any(m.startswith("rollup:") and m.endswith("s") for m in messages)
    assert any(m.startswith("spc_status:") and " in " in m for m in messages)

    got = con.execute("SELECT * FROM spc_status").df()  # stored order, no ORDER BY
    keys = ["org_code", "indicator_code", "period_start"]
    assert got[keys].equals(got[keys].sort_values(keys, ignore_index=True)), "not stored in key order"
    rollup_keys = con.execute(f"SELECT {', '.join(keys)} FROM rollup ORDER BY ALL").df()
    pd.testing.assert_frame_equal(got[keys], rollup_keys)

    expected = expected_status(con)
    assert_same(got, expected)
    assert (got["seasonally_adjusted"] == expected["seasonally_adjusted"]).all()
    assert set(got.loc[got["seasonally_adjusted"], "indicator_code"]) == {"VISITS"}
    # concern_since: a concern row has it and it is no later than the row
    concern = got["variation"].str.startswith("concern")
    assert concern.any() and (got.loc[concern, "concern_since"] <= got.loc[concern, "period_start"]).all()
    assert got.loc[~concern, "concern_since"].isna().all()
    # assurance: against the latest target for in-month data, never for year to date
    assert set(got.loc[got["indicator_code"] == "SPEND", "assurance"]) == {"none"}
    council = got[(got["indicator_code"] == "ASSESS") & (got["org_code"] == "C")]
    assert council["assurance"].iloc[-1] != "none"  # the target of two months earlier applies

    # every column is documented, and a second run gives the same table
    comments = con.execute("SELECT column_name, comment FROM duckdb_columns() "
                           "WHERE table_name = 'spc_status'").fetchall()
    assert len(comments) == len(got.columns) and all(c for _, c in comments)
    derive_all(con, progress=lambda _: None)
    pd.testing.assert_frame_equal(con.execute("SELECT * FROM spc_status").df(), got)
