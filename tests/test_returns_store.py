"""The returns store on SQLite and PostgreSQL: every change is an appended event, the
store refuses to update or delete one, the current state is the latest event, a signed-off
period is locked until an admin unlocks it with a reason, and a retried save is stored once.

If these broke, a value on the dashboard could change with no trace of who changed it, or a
signed-off return could be edited after sign-off."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from dashboard.returns.store import ReturnsStore, StoreError, locks, returns, reviews


def _submit(store, code="IND-1", org="T1", value=0.5, state="submitted", **extra):
    return store.save_return(username="owner", indicator_code=code, org_code=org, period="2026-10", state=state,
                             numerator=value * 10, denominator=10.0, value=value, what_why="because", **extra)


def test_latest_event_is_the_current_state_and_every_event_is_kept(store_url):
    store = ReturnsStore(store_url)
    _submit(store, value=0.4, state="draft")
    _submit(store, value=0.5)
    _submit(store, code="IND-2", value=0.9)
    latest = {r["indicator_code"]: r for r in store.latest(returns, org_code="T1", period="2026-10")}
    assert latest["IND-1"]["value"] == 0.5 and latest["IND-1"]["state"] == "submitted"
    assert latest["IND-2"]["value"] == 0.9
    assert [e["value"] for e in store.events(returns, indicator_code="IND-1")] == [0.4, 0.5]


@pytest.mark.parametrize("statement", ["UPDATE {t} SET username = 'x'", "DELETE FROM {t}"])
def test_the_store_refuses_to_change_or_delete_an_event(store_url, statement):
    store = ReturnsStore(store_url)
    _submit(store)
    store.recalculation(username="analyst", indicator_code="IND-1", period="2025-04", reason="new contract")
    store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-1": ("signed_off", "")})
    store.unlock(username="admin", org_code="T1", period="2026-10", reason="restated")
    store.record_spot_checks([dict(sample_month="2026-11", indicator_code="IND-1", org_code="T1", period="2026-10",
                                   stratum="red", result="drawn")], username="checker")
    for table in ("return_event", "recalculation_event", "review_event", "lock_event", "spot_check_event"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with store.engine.begin() as con:
                con.exec_driver_sql(statement.format(t=table))
    assert store.count(returns) == 1 and store.count(locks) == 2


def test_sign_off_locks_the_units_period_and_unlock_needs_an_admin_reason(store_url):
    store = ReturnsStore(store_url)
    _submit(store, code="IND-1")
    _submit(store, code="IND-2")
    store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-1": ("signed_off", "")})
    assert not store.locked("T1", "2026-10")             # one return still awaits a decision
    store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-2": ("signed_off", "")})
    assert store.locked("T1", "2026-10")
    with pytest.raises(StoreError, match="locked"):
        _submit(store, code="IND-1", value=0.7)
    with pytest.raises(StoreError, match="reason"):
        store.unlock(username="admin", org_code="T1", period="2026-10", reason=" ")
    store.unlock(username="admin", org_code="T1", period="2026-10", reason="restated after audit")
    assert not store.locked("T1", "2026-10")
    _submit(store, code="IND-1", value=0.7)
    assert [(e["locked"], e["reason"]) for e in store.events(locks)] == [(True, "signed off"),
                                                                          (False, "restated after audit")]


def test_sending_back_needs_a_comment_and_returns_a_draft(store_url):
    store = ReturnsStore(store_url)
    _submit(store)
    with pytest.raises(StoreError, match="comment"):
        store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-1": ("sent_back", "")})
    store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-1": ("sent_back", "check den")})
    [current] = store.latest(returns, org_code="T1")
    assert current["state"] == "draft" and current["value"] == 0.5
    assert [r["decision"] for r in store.events(reviews)] == ["sent_back"]
    with pytest.raises(StoreError, match="not been submitted"):
        store.review(username="head", org_code="T1", period="2026-10", decisions={"IND-1": ("signed_off", "")})


def test_a_retried_save_is_stored_once(store_url):
    store = ReturnsStore(store_url)
    first = _submit(store, request_id="abc")
    again = _submit(store, request_id="abc")
    assert first == again and store.count(returns) == 1


def test_concurrent_writers_lose_nothing(store_url):
    store = ReturnsStore(store_url).ensure()
    ids: list[int] = []
    errors: list[Exception] = []

    def owner(n):
        try:
            for i in range(15):
                ids.append(_submit(store, code=f"IND-{n}", org=f"T{i}", value=i / 20, request_id=f"{n}-{i}"))
        except Exception as exc:       # noqa: BLE001 — any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=owner, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 120 and store.count(returns) == 120


def test_recalculation_points_in_force(store_url):
    store = ReturnsStore(store_url)
    store.recalculation(username="a", indicator_code="IND-1", period="2025-04", reason="new contract")
    store.recalculation(username="a", indicator_code="IND-1", period="2024-01", reason="typo")
    store.recalculation(username="a", indicator_code="IND-1", period="2024-01", reason="entered by mistake",
                        active=False)
    with pytest.raises(StoreError):
        store.recalculation(username="a", indicator_code="IND-1", period="2025-05", reason="")
    assert store.recalculation_points() == {"IND-1": ["2025-04"]}
