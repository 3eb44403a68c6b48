"""The monthly returns store: every submission, review, lock, spot check and SPC
recalculation point as an append-only event (who, when, what, why).

One data-access module over SQLAlchemy Core, two backends:

* SQLite (WAL, a busy timeout) — the default, ``returns.sqlite`` beside the
  database (``MI_STORE`` empty);
* PostgreSQL — ``MI_STORE=postgresql://user:password@host/dbname`` (psycopg 3).

Nothing is updated in place or deleted: triggers in the store refuse UPDATE and
DELETE on every table, so a bug (or a person with a SQL prompt and the
dashboard's account) cannot rewrite history.  The current state of anything is
its latest event (``latest()``); the audit trail is all of them in order.

Each write is one transaction: an event is either wholly stored (and then
acknowledged) or not stored at all.  ``request_id`` (unique) makes a retried
submission idempotent: the second copy is answered with the first's id.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()


def _who_when():
    return [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("at", sa.DateTime, nullable=False),
            sa.Column("username", sa.String(200), nullable=False)]


# A return's every version: drafts, submissions, and the state after a review sends it back.
returns = sa.Table(
    "return_event", metadata, *_who_when(),
    sa.Column("request_id", sa.String(64), unique=True),      # the client's id for one save: retries are idempotent
    sa.Column("indicator_code", sa.String(60), nullable=False),
    sa.Column("org_code", sa.String(60), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),         # YYYY-MM, the period's first month
    sa.Column("state", sa.String(12), nullable=False),         # draft | submitted
    sa.Column("numerator", sa.Float),
    sa.Column("denominator", sa.Float),
    sa.Column("value", sa.Float),
    sa.Column("what_why", sa.Text, nullable=False, server_default=""),
    sa.Column("action", sa.Text, nullable=False, server_default=""),
    sa.Column("recovery_date", sa.String(10), nullable=False, server_default=""),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),   # why an unusual value is right
    sa.Column("checks", sa.Text, nullable=False, server_default=""),   # the warnings the owner answered
    sa.CheckConstraint("state IN ('draft', 'submitted')", name="return_state"),
)
sa.Index("return_event_key", returns.c.indicator_code, returns.c.org_code, returns.c.period, returns.c.id)

# A head of service's decision on one submitted return: signed off, or sent back with a comment.
reviews = sa.Table(
    "review_event", metadata, *_who_when(),
    sa.Column("indicator_code", sa.String(60), nullable=False),
    sa.Column("org_code", sa.String(60), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("return_id", sa.Integer, nullable=False),        # the submission decided on
    sa.Column("decision", sa.String(12), nullable=False),      # signed_off | sent_back
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint("decision IN ('signed_off', 'sent_back')", name="review_decision"),
)
sa.Index("review_event_key", reviews.c.indicator_code, reviews.c.org_code, reviews.c.period, reviews.c.id)

# A unit's period locked by sign-off, unlocked only by an admin with a reason.
locks = sa.Table(
    "lock_event", metadata, *_who_when(),
    sa.Column("org_code", sa.String(60), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
)
sa.Index("lock_event_key", locks.c.org_code, locks.c.period, locks.c.id)

# The monthly data-quality sample (drawn once) and each checker's finding.
spot_checks = sa.Table(
    "spot_check_event", metadata, *_who_when(),
    sa.Column("sample_month", sa.String(7), nullable=False),   # the month the sample was drawn for
    sa.Column("indicator_code", sa.String(60), nullable=False),
    sa.Column("org_code", sa.String(60), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("stratum", sa.String(20), nullable=False),       # red | restated | new_owner | other
    sa.Column("result", sa.String(10), nullable=False),        # drawn | pass | fail
    sa.Column("evidence", sa.Text, nullable=False, server_default=""),
    sa.CheckConstraint("result IN ('drawn', 'pass', 'fail')", name="spot_check_result"),
)
sa.Index("spot_check_key", spot_checks.c.sample_month, spot_checks.c.indicator_code, spot_checks.c.org_code,
         spot_checks.c.period, spot_checks.c.id)

# "The process changed here": SPC limits restart at this period for the indicator (withdrawn by a later event).
recalculations = sa.Table(
    "recalculation_event", metadata, *_who_when(),
    sa.Column("indicator_code", sa.String(60), nullable=False),
    sa.Column("period", sa.String(7), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
sa.Index("recalculation_key", recalculations.c.indicator_code, recalculations.c.period, recalculations.c.id)

TABLES = [returns, reviews, locks, spot_checks, recalculations]
KEYS = {
    "return_event": ("indicator_code", "org_code", "period"),
    "review_event": ("indicator_code", "org_code", "period"),
    "lock_event": ("org_code", "period"),
    "spot_check_event": ("sample_month", "indicator_code", "org_code", "period"),
    "recalculation_event": ("indicator_code", "period"),
}


def _sqlite_triggers(table: str) -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END" for verb in ("UPDATE", "DELETE")]


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION mi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME;
END $$"""


def _pg_triggers(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION mi_append_only()"]


class StoreError(ValueError):
    """A write the store refuses (e.g. a locked period)."""


def now() -> dt.datetime:
    """Local time to the microsecond: the audit trail orders events of different tables by it."""
    return dt.datetime.now()


class ReturnsStore:
    """The one data-access object for returns; ``url`` is ``sqlite:///path`` or ``postgresql://...``."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("postgresql"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
            self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            self.dialect = "postgresql"
        else:
            self.engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
            self.dialect = "sqlite"
        self.writer = self.engine.execution_options(mi_write=True)   # writes take the write lock first
        self._ready = False

    @classmethod
    def from_settings(cls, settings) -> "ReturnsStore":
        return cls(store_url(settings))

    def ensure(self) -> "ReturnsStore":
        """Create the tables and their append-only triggers on first use (idempotent)."""
        if self._ready:
            return self
        if self.dialect == "sqlite":
            Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        with self.writer.begin() as con:
            if self.dialect == "postgresql":      # two processes starting at once must not both create
                con.exec_driver_sql("SELECT pg_advisory_xact_lock(15015)")
            metadata.create_all(con)
            if self.dialect == "postgresql":
                con.exec_driver_sql(_PG_FUNCTION)
            for table in TABLES:
                for statement in (_pg_triggers if self.dialect == "postgresql" else _sqlite_triggers)(table.name):
                    con.exec_driver_sql(statement)
        self._ready = True
        return self

    def exists(self) -> bool:
        """False for a SQLite store not yet made (nothing returned yet): readers then skip it rather than
        create a file (the folder may be read-only on a demonstration)."""
        return self.dialect != "sqlite" or Path(self.engine.url.database).exists()

    # -- writes: each one event in one transaction --------------------------------------
    def save_return(self, *, username: str, indicator_code: str, org_code: str, period: str, state: str,
                    numerator=None, denominator=None, value=None, what_why: str = "", action: str = "",
                    recovery_date: str = "", reason: str = "", checks: str = "",
                    request_id: str | None = None) -> int:
        """Store a draft or a submission; refused when the unit's period is locked. Returns the event's id."""
        row = dict(at=now(), username=username, request_id=request_id, indicator_code=indicator_code,
                   org_code=org_code, period=period, state=state, numerator=numerator, denominator=denominator,
                   value=value, what_why=what_why or "", action=action or "", recovery_date=recovery_date or "",
                   reason=reason or "", checks=checks or "")
        self.ensure()
        try:
            with self.writer.begin() as con:
                self._lock_rows(con)
                if self._locked(con, org_code, period):
                    raise StoreError(f"{org_code} {period} is signed off and locked: an admin must unlock it first.")
                return con.execute(returns.insert().values(**row)).inserted_primary_key[0]
        except sa.exc.IntegrityError:
            if request_id is None:
                raise
            with self.engine.connect() as con:       # the same save sent twice: the first one stands
                found = con.execute(sa.select(returns.c.id).where(returns.c.request_id == request_id)).scalar()
            if found is None:
                raise
            return found

    def review(self, *, username: str, org_code: str, period: str, decisions: dict[str, tuple[str, str]]) -> list[int]:
        """Decisions on the unit's submitted returns for a period: {indicator: (signed_off|sent_back, comment)}.
        When every submitted return of the unit is signed off, the period is locked for the unit."""
        self.ensure()
        with self.writer.begin() as con:
            self._lock_rows(con)
            if self._locked(con, org_code, period):
                raise StoreError(f"{org_code} {period} is already signed off and locked.")
            current = {r["indicator_code"]: r for r in self._latest(con, returns, org_code=org_code, period=period)}
            ids = []
            for code, (decision, comment) in decisions.items():
                ret = current.get(code)
                if ret is None or ret["state"] != "submitted":
                    raise StoreError(f"{code} for {org_code} {period} has not been submitted, so it cannot be reviewed.")
                if decision == "sent_back" and not (comment or "").strip():
                    raise StoreError("Sending a return back needs a comment saying what to change.")
                ids.append(con.execute(reviews.insert().values(
                    at=now(), username=username, indicator_code=code, org_code=org_code, period=period,
                    return_id=ret["id"], decision=decision, comment=comment or "")).inserted_primary_key[0])
                if decision == "sent_back":     # back to the owner as a draft, values kept
                    keep = {k: ret[k] for k in ("numerator", "denominator", "value", "what_why", "action",
                                                 "recovery_date", "reason", "checks")}
                    con.execute(returns.insert().values(at=now(), username=username, indicator_code=code,
                                                        org_code=org_code, period=period, state="draft", **keep))
            decided = {r["indicator_code"]: r for r in self._latest(con, reviews, org_code=org_code, period=period)}
            submitted = [r for r in current.values() if r["state"] == "submitted"]
            if submitted and all(code in decided and decided[code]["decision"] == "signed_off"
                                 and decided[code]["return_id"] == r["id"] for code, r in
                                 ((r["indicator_code"], r) for r in submitted)):
                con.execute(locks.insert().values(at=now(), username=username, org_code=org_code, period=period,
                                                  locked=True, reason="signed off"))
            return ids

    def unlock(self, *, username: str, org_code: str, period: str, reason: str) -> int:
        if not (reason or "").strip():
            raise StoreError("An unlock needs a reason.")
        self.ensure()
        with self.writer.begin() as con:
            self._lock_rows(con)
            if not self._locked(con, org_code, period):
                raise StoreError(f"{org_code} {period} is not locked.")
            return con.execute(locks.insert().values(at=now(), username=username, org_code=org_code, period=period,
                                                     locked=False, reason=reason)).inserted_primary_key[0]

    def record_spot_checks(self, rows: list[dict], *, username: str) -> None:
        self.ensure()
        with self.writer.begin() as con:
            for row in rows:
                con.execute(spot_checks.insert().values(at=now(), username=username, evidence="", **row))

    def spot_check(self, *, username: str, sample_month: str, indicator_code: str, org_code: str, period: str,
                   stratum: str, result: str, evidence: str) -> int:
        if result not in ("pass", "fail"):
            raise StoreError("A spot check passes or fails.")
        if not (evidence or "").strip():
            raise StoreError("Say what evidence was checked.")
        self.ensure()
        with self.writer.begin() as con:
            return con.execute(spot_checks.insert().values(
                at=now(), username=username, sample_month=sample_month, indicator_code=indicator_code,
                org_code=org_code, period=period, stratum=stratum, result=result,
                evidence=evidence)).inserted_primary_key[0]

    def recalculation(self, *, username: str, indicator_code: str, period: str, reason: str,
                      active: bool = True) -> int:
        if not (reason or "").strip():
            raise StoreError("A recalculation point needs a reason (what changed in the process).")
        self.ensure()
        with self.writer.begin() as con:
            return con.execute(recalculations.insert().values(
                at=now(), username=username, indicator_code=indicator_code, period=period, active=active,
                reason=reason)).inserted_primary_key[0]

    # -- reads: current state is the latest event per key -------------------------------
    def latest(self, table: sa.Table, **where) -> list[dict]:
        with self.ensure().engine.connect() as con:
            return self._latest(con, table, **where)

    def events(self, table: sa.Table, **where) -> list[dict]:
        query = sa.select(table).order_by(table.c.id)
        for column, value in where.items():
            query = query.where(table.c[column].in_(value) if isinstance(value, (list, tuple, set))
                                else table.c[column] == value)
        with self.ensure().engine.connect() as con:
            return [dict(r) for r in con.execute(query).mappings()]

    def locked(self, org_code: str, period: str) -> bool:
        with self.ensure().engine.connect() as con:
            return self._locked(con, org_code, period)

    def recalculation_points(self) -> dict[str, list[str]]:
        """{indicator: [YYYY-MM, ...]} of the points in force."""
        return {k: [r["period"] for r in v] for k, v in self.recalculations_in_force().items()}

    def recalculations_in_force(self, saved_by: dt.datetime | None = None) -> dict[str, list[dict]]:
        """{indicator: [event, ...]} (period order) of the points in force — as they stood at ``saved_by``
        when given (the latest event per point saved by then), so figures shown as at a day stay the same."""
        query = sa.select(recalculations).order_by(recalculations.c.id)
        if saved_by is not None:
            query = query.where(recalculations.c.at <= saved_by)
        latest: dict[tuple, dict] = {}
        with self.ensure().engine.connect() as con:
            for row in con.execute(query).mappings():
                latest[(row["indicator_code"], row["period"])] = dict(row)
        points: dict[str, list[dict]] = {}
        for row in latest.values():
            if row["active"]:
                points.setdefault(row["indicator_code"], []).append(row)
        return {k: sorted(v, key=lambda r: r["period"]) for k, v in points.items()}

    def count(self, table: sa.Table) -> int:
        with self.ensure().engine.connect() as con:
            return int(con.execute(sa.select(sa.func.count()).select_from(table)).scalar())

    # -- inside a transaction --------------------------------------------------------------
    def _lock_rows(self, con) -> None:
        """Serialise the check-then-write of locks: PostgreSQL by an advisory lock, SQLite by BEGIN IMMEDIATE
        (every write transaction takes the one write lock before it reads)."""
        if self.dialect == "postgresql":
            con.exec_driver_sql("SELECT pg_advisory_xact_lock(15016)")

    @staticmethod
    def _latest(con, table: sa.Table, **where) -> list[dict]:
        key = [table.c[k] for k in KEYS[table.name]]
        newest = sa.select(sa.func.max(table.c.id).label("id")).group_by(*key)
        for column, value in where.items():
            newest = newest.where(table.c[column].in_(value) if isinstance(value, (list, tuple, set))
                                  else table.c[column] == value)
        query = sa.select(table).where(table.c.id.in_(newest.scalar_subquery())).order_by(table.c.id)
        return [dict(r) for r in con.execute(query).mappings()]

    def _locked(self, con, org_code: str, period: str) -> bool:
        row = con.execute(sa.select(locks.c.locked).where(locks.c.org_code == org_code, locks.c.period == period)
                          .order_by(locks.c.id.desc()).limit(1)).first()
        return bool(row and row[0])


def store_url(settings) -> str:
    if getattr(settings, "store", ""):
        return settings.store if "://" in settings.store else f"sqlite:///{Path(settings.store).resolve()}"
    return f"sqlite:///{Path(settings.db_path).resolve().parent / 'returns.sqlite'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Python's sqlite3 opens transactions lazily; BEGIN IMMEDIATE makes each write transaction take the
    # write lock first, so a lock check and the insert after it cannot interleave with another writer.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")      # an acknowledged event survives a power cut, not just a crash
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("mi_write") else "BEGIN")
