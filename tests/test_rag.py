"""RAG and direction of travel, as defined once in data/build/schema/indicators.sql.

If these broke, a cabinet member would see an indicator on a boundary shown
red instead of amber, or a data-only indicator given a colour."""

import duckdb
import pytest

from data.build import schema


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    schema.create(con)
    yield con
    con.close()


def rag(con, value, target, polarity, tolerance, kind):
    return con.execute("SELECT rag_status(?, ?, ?, ?, ?)", [value, target, polarity, tolerance, kind]).fetchone()[0]


@pytest.mark.parametrize("value, expected", [
    (81.0, "green"), (80.0, "green"),            # on target is green
    (79.99, "amber"), (76.0, "amber"),           # 5% of 80 = 4: 76 is exactly on the amber boundary
    (75.99, "red"), (10.0, "red"),
    (19 / 25 * 100, "amber"),                    # 76.00000000000001 in floating point: still the boundary
])
def test_higher_is_better_relative_tolerance(con, value, expected):
    assert rag(con, value, 80.0, "up", 0.05, "relative") == expected


@pytest.mark.parametrize("value, expected", [
    (9.0, "green"), (10.0, "green"), (10.01, "amber"), (12.0, "amber"), (12.01, "red"),
])
def test_lower_is_better_absolute_tolerance(con, value, expected):
    assert rag(con, value, 10.0, "down", 2.0, "absolute") == expected


@pytest.mark.parametrize("value, expected", [
    (0.0, "green"), (5.0, "green"), (5.25, "amber"), (5.2501, "red"),
])
def test_lower_is_better_relative_tolerance(con, value, expected):
    # 5% of a target of 5 is 0.25
    assert rag(con, value, 5.0, "down", 0.05, "relative") == expected


def test_higher_is_better_absolute_tolerance(con):
    assert rag(con, 88.0, 90.0, "up", 2.0, "absolute") == "amber"
    assert rag(con, 87.9, 90.0, "up", 2.0, "absolute") == "red"


def test_zero_tolerance_has_no_amber(con):
    assert rag(con, 99.9, 100.0, "up", 0.0, "relative") == "red"
    assert rag(con, 100.0, 100.0, "up", 0.0, "relative") == "green"


def test_no_target_and_neither_polarity_are_not_rated(con):
    assert rag(con, 50.0, None, "up", 0.05, "relative") == "no_target"
    assert rag(con, 50.0, 40.0, "neither", 0.05, "relative") == "no_target"


def test_no_data(con):
    assert rag(con, None, 80.0, "up", 0.05, "relative") == "no_data"
    assert rag(con, None, None, "neither", 0.0, "relative") == "no_data"


@pytest.mark.parametrize("value, earlier, polarity, expected", [
    (5, 4, "up", "improving"), (3, 4, "up", "worsening"),
    (5, 4, "down", "worsening"), (3, 4, "down", "improving"),
    (4, 4, "up", "same"), (0.1 + 0.2, 0.3, "down", "same"),
    (5, None, "up", "n/a"), (5, 4, "neither", "n/a"), (None, 4, "up", "n/a"),
])
def test_direction_of_travel(con, value, earlier, polarity, expected):
    got = con.execute("SELECT direction_of_travel(?, ?, ?)", [value, earlier, polarity]).fetchone()[0]
    assert got == expected
