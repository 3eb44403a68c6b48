"""The one query runner: ``Database.query(name, scope=..., **params) -> DataFrame``.

* SQL lives in ``queries/*.sql`` under ``-- name: x`` headers; Python never
  builds SQL from strings.  Parameters are bound (``$name``); a missing or an
  extra parameter is an error, not a silent NULL.
* Each serving process attaches the file read-only, lazily, once, and takes a
  cursor per call (DuckDB connections are not shared across threads; cursors
  are).  When the file is replaced by a newer build (``os.replace``), the next
  call notices (a cheap ``stat``) and attaches the new file; queries already
  running finish on the old one.
* Access is enforced here, for every query: each query declares under its
  ``-- name:`` header which of its parameters name org units and whether its
  rows are case-level (``-- access:``, see :func:`parse_access`).  Before a
  query runs, every unit it names must be within the viewer's :class:`Scope`
  (a unit and everything below it), council-wide queries need a council-wide
  viewer, case-level ones the casework permission on that team or above; and
  every result still passes through ``_restrict`` (rows of units, teams or
  partners outside the scope are dropped) as defence in depth.  The scope is
  the request's viewer (``viewing``), set once per request by dashboard.auth;
  outside a request (command-line tools, tests) it is everything unless given.
* Figures as they stood: inside ``at_release(n)`` (a request with an earlier
  ``?as_at=``, dashboard/asat.py) each query's cursor sets the variable
  ``as_at_release`` (bound) and puts the ``as_at`` views before ``main`` on its
  search path (data/build/history.py), so the same SQL reads release ``n``.
  Other requests take the normal path.
* Results are cached per process, keyed by the file's identity, the release
  looked at, the query name, every parameter and the scope.
* ``in_parallel`` runs a page's independent queries at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import duckdb
import pandas as pd

from dashboard.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

QUERY_DIR = PROJECT_ROOT / "queries"
_HEADER = re.compile(r"^--\s*name:\s*([a-z0-9_]+)\s*$", re.MULTILINE)
_PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)")


class DatabaseUnavailable(RuntimeError):
    """The database file is missing, locked by a writer, or unreadable."""


class OutOfScope(PermissionError):
    """The viewer asked for an org unit outside their scope."""


@dataclass(frozen=True)
class Scope:
    """What a viewer may read.  ``units``: the org units (None: the whole
    council); ``casework``: the teams whose case-level rows they may read
    (None: every team in ``units``); ``partner``: a partner organisation's
    viewer, who reads only the shared indicators it supplies."""

    units: frozenset[str] | None = None
    casework: frozenset[str] | None = None
    partner: str | None = None

    def allows(self, org_code: str) -> bool:
        return self.units is None or org_code in self.units

    def allows_cases(self, org_code: str) -> bool:
        return self.allows(org_code) and (self.casework is None or org_code in self.casework)

    @property
    def council_wide(self) -> bool:
        return self.units is None and self.partner is None


EVERYTHING = Scope()

# The scope of the viewer of the request being served (None outside requests).
_viewer_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("mi_viewer_scope", default=None)


@contextlib.contextmanager
def viewing(scope: Scope):
    """Run the queries inside as ``scope``'s viewer (a request, or ``briefing --as``)."""
    token = _viewer_scope.set(scope)
    try:
        yield scope
    finally:
        _viewer_scope.reset(token)


def active_scope() -> Scope | None:
    return _viewer_scope.get()


# The earlier release the request looks at (None: the latest, by the normal path).
_release: contextvars.ContextVar[int | None] = contextvars.ContextVar("mi_as_at_release", default=None)


@contextlib.contextmanager
def at_release(release: int | None):
    """Run the queries inside on the figures of ``release`` as they stood (None: the latest)."""
    token = _release.set(release)
    try:
        yield release
    finally:
        _release.reset(token)


@dataclass(frozen=True)
class Access:
    """A query's ``-- access:`` line: ``public`` (nothing about any unit: the catalogue, published
    statistics), ``council`` (council-wide figures; with ``partner``, a partner may read its own rows),
    or ``unit(p, …)`` naming the parameters that hold unit codes, optionally ``case-level``."""

    kind: str                        # public | council | unit
    units: tuple[str, ...] = ()
    case_level: bool = False
    partner: bool = False


_ACCESS = re.compile(r"^--\s*access:\s*(.+?)\s*$", re.MULTILINE)
_UNIT_TOKEN = re.compile(r"unit\(([a-z_, ]+)\)")


def parse_access(line: str, params: frozenset[str], name: str) -> Access:
    units = _UNIT_TOKEN.search(line)
    words = set(_UNIT_TOKEN.sub(" ", line).split())
    unknown = words - {"public", "council", "partner", "case-level"}
    if unknown:
        raise ValueError(f"query {name!r}: unknown access words {sorted(unknown)}")
    if units:
        names = tuple(p.strip() for p in units.group(1).split(",") if p.strip())
        if not set(names) <= params:
            raise ValueError(f"query {name!r}: access names {sorted(set(names) - params)}, which are not parameters")
        if words - {"case-level"}:
            raise ValueError(f"query {name!r}: unit(...) goes with case-level only")
        return Access("unit", names, case_level="case-level" in words)
    if words == {"public"}:
        return Access("public")
    if words in ({"council"}, {"council", "partner"}):
        return Access("council", partner="partner" in words)
    raise ValueError(f"query {name!r}: access must be public, council [partner] or unit(...) [case-level]")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    sql: str
    params: frozenset[str]
    access: Access = Access("public")


def load_queries(folder: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """Parse every ``-- name:`` block of every .sql file in ``folder``."""
    queries: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        headers = list(_HEADER.finditer(text))
        for i, header in enumerate(headers):
            end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
            body = text[header.end():end].strip()
            name = header.group(1)
            if name in queries:
                raise ValueError(f"query {name!r} is defined twice ({path.name})")
            params = frozenset(_PARAM.findall(_strip_comments(body)))
            leading = "\n".join(itertools.takewhile(lambda line: line.startswith("--"), body.splitlines()))
            lines = _ACCESS.findall(leading)
            if len(lines) != 1:
                raise ValueError(f"query {name!r} ({path.name}) needs one `-- access:` line under its name: "
                                 "public, council [partner] or unit(<parameters>) [case-level]")
            queries[name] = NamedQuery(name, body, params, parse_access(lines[0], params, name))
    return queries


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


class Database:
    """A read-only view of one DuckDB file, safe to share between threads."""

    def __init__(self, path: Path, *, cache_size: int = 512, memory_limit: str = "400MB", threads: int = 2):
        self.path = Path(path)
        self._duckdb_config = {"memory_limit": memory_limit, "threads": threads}
        self.queries = load_queries()
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple | None = None
        self._cache: OrderedDict[tuple, tuple[pd.DataFrame, int]] = OrderedDict()   # key → (frame, its bytes)
        self._cache_size = cache_size
        self._cache_bytes = 0
        self._reference: dict[tuple, pd.DataFrame] = {}

    # -- connection ---------------------------------------------------------
    def _file_identity(self) -> tuple:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseUnavailable(
                f"The database {self.path} does not exist. Build it with "
                f"`python -m data.generate --preset council --out {self.path}` (make run does this)."
            ) from None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _connection(self) -> tuple[duckdb.DuckDBPyConnection, tuple]:
        identity = self._file_identity()
        with self._lock:
            if self._con is None or identity != self._identity:
                self._con = _open_read_only(self.path, self._duckdb_config)
                self._identity = identity
                self._cache.clear()
                self._cache_bytes = 0
                self._reference.clear()
            return self._con, self._identity

    # -- queries ------------------------------------------------------------
    def query(self, name: str, *, scope: Scope | None = None, **params: Any) -> pd.DataFrame:
        """Run the named query with bound parameters as the viewer's ``scope``: a unit outside it is
        refused (:class:`OutOfScope`), rows outside it are dropped.  Inside a request the scope is
        the request's viewer, and a caller may not pass another."""
        q = self.queries.get(name)
        if q is None:
            raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
        given = set(params)
        if given != q.params:
            missing, extra = sorted(q.params - given), sorted(given - q.params)
            raise TypeError(f"query {name!r}: missing parameters {missing}, unexpected {extra}")
        active = _viewer_scope.get()
        if scope is None:
            scope = active if active is not None else EVERYTHING
        elif active is not None and scope != active:
            raise OutOfScope(f"query {name!r} was given a scope other than the viewer's")
        _check_access(q, scope, params)
        con, identity = self._connection()
        release = _release.get()
        key = (identity, release, name, scope, tuple(sorted((k, _hashable(v)) for k, v in params.items())))
        with self._lock:
            if name in REFERENCE_QUERIES:
                hit = self._reference.get(key)
            else:
                hit = self._cache.get(key, (None, 0))[0]
                if hit is not None:
                    self._cache.move_to_end(key)
        if hit is not None:
            return hit.copy()
        started = time.perf_counter()
        cursor = None
        try:
            cursor = query_cursor(con, release)
            frame = cursor.execute(q.sql, params).df()
        except (duckdb.ProgrammingError, duckdb.DataError):      # a mistake in the query or its parameters
            raise
        except duckdb.Error as exc:      # a damaged file: the reader is told the data are unavailable, the log why
            log.error("query %s: database %s unreadable: %s", name, self.path, exc)
            raise DatabaseUnavailable(f"The database {self.path} cannot be read: {exc}") from exc
        finally:
            if cursor is not None:
                cursor.close()
        log.debug("query %s %.1f ms", name, (time.perf_counter() - started) * 1000)
        frame = _restrict(frame, scope, q.access)
        if name in REFERENCE_QUERIES:
            # an unknown code from a URL is not kept: only real units and indicators, so the memory stays bounded
            if len(frame):
                with self._lock:
                    self._reference[key] = frame
            return frame.copy()
        if self._cache_size:
            self._keep(key, frame)
        return frame.copy()

    def _keep(self, key: tuple, frame: pd.DataFrame) -> None:
        """Cache ``frame``, least recently used out first, within both the entry count and the byte budget."""
        size = int(frame.memory_usage(deep=True).sum())
        if size > CACHE_ENTRY_BYTES:
            return
        with self._lock:
            old = self._cache.pop(key, None)
            self._cache_bytes += size - (old[1] if old else 0)
            self._cache[key] = (frame, size)
            while len(self._cache) > self._cache_size or self._cache_bytes > CACHE_BYTES:
                _frame, freed = self._cache.popitem(last=False)[1]
                self._cache_bytes -= freed


ALIAS = "mi"
# The shared SQL idioms (CREATE MACRO statements), created on each connection when it is opened.
MACROS = QUERY_DIR / "macros.sql"
# Where they live: the connection's own in-memory catalog, as the attached file is read-only.  Not TEMP
# macros: those belong to one connection, and every cursor is a connection of its own.
MACRO_SCHEMA = "memory.main"
# The cache is bounded in bytes as well as entries: a scorecard of a service and its few hundred teams is ~5,000
# rows and ~6 MB, the kind of page people reopen, while a download of every exception in the council at the large
# preset (~40,000 rows) is asked for once and would push out dozens of pages.  Per serving process.
CACHE_BYTES = 64 * 2**20
CACHE_ENTRY_BYTES = 16 * 2**20
# The org tree, the catalogue and the build's own description: a few small
# rows per unit that every page needs.  Kept for the life of the file, outside
# the LRU cache (and even when it is off), as an app holding them in memory
# from start-up would.
REFERENCE_QUERIES = frozenset({"build_info", "org_unit", "org_path", "org_children", "org_below", "council", "indicator",
                               "exception_filters", "outcome_pairs", "vfm_outputs",
                               # the published-data catalogue and the register's groups (benchmarking)
                               "benchmark_catalogue", "benchmark_breakdowns", "comparator_areas", "authority_named"})

# Created on first use, so each gunicorn worker (forked before the app is
# imported) gets its own threads.
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


_POOL_PREFIX = "mi-query"


def in_parallel(*calls: Callable[[], Any]) -> list[Any]:
    """Run independent data calls at once; their results in order, or the
    first call's error.  DuckDB releases the GIL while it works, so a page's
    four or five queries overlap instead of queueing one behind another.
    Called from inside one of its own calls (a page's data fetched within a
    pack's), the inner calls run one after another: the pool is small, and a
    call waiting on the pool from the pool could wait for ever."""
    global _pool
    if threading.current_thread().name.startswith(_POOL_PREFIX):
        return [call() for call in calls]
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix=_POOL_PREFIX)
    # each call runs as the request's viewer: the query runner reads the scope from the context
    futures = [_pool.submit(contextvars.copy_context().run, call) for call in calls]
    return [f.result() for f in futures]


def _open_read_only(path: Path, config: dict) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB with the file attached read-only.

    Attaching (rather than ``duckdb.connect(path)``) matters when a build
    replaces the file: DuckDB caches one instance per path in a process, so a
    plain connect would hand back the old file.  The old connection is simply
    dropped, so queries still running on its cursors finish undisturbed.
    """
    # Without a limit DuckDB may cache up to 80% of the machine's memory in
    # every serving process; a bounded buffer cache keeps workers small.
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute(f"ATTACH $path AS {ALIAS} (READ_ONLY)", {"path": str(path)})
    except duckdb.IOException as exc:
        con.close()
        raise DatabaseUnavailable(_explain_open_error(path, exc)) from exc
    except duckdb.Error as exc:
        con.close()
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc
    _create_macros(con)
    return con


def _create_macros(con: duckdb.DuckDBPyConnection) -> None:
    # Created with the file's tables on the search path: DuckDB checks a macro's tables when it is
    # created.  A file without a macro's tables (a test's published-statistics-only file) goes without
    # that macro, and a query using it fails as it would without the tables.
    con.execute(f"SET search_path = '{MACRO_SCHEMA},{ALIAS}.main'")
    for statement in con.extract_statements(MACROS.read_text(encoding="utf-8")):
        try:
            con.execute(statement)
        except duckdb.CatalogException as exc:
            log.warning("macro not created on %s: %s", ALIAS, exc)


def query_cursor(con: duckdb.DuckDBPyConnection, release: int | None = None) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` (from :func:`_open_read_only`) that reads the file, and the figures of
    ``release`` as they stood when it is given; the shared macros come last on its search path."""
    cursor = con.cursor()        # a cursor is a connection of its own: the settings stay with it
    try:
        cursor.execute(f"USE {ALIAS}")
        if release is not None:
            cursor.execute("SET VARIABLE as_at_release = $release", {"release": int(release)})
            cursor.execute(f"SET search_path = '{ALIAS}.as_at,{ALIAS}.main,{MACRO_SCHEMA}'")
        else:
            cursor.execute(f"SET search_path = '{ALIAS}.main,{MACRO_SCHEMA}'")
    except BaseException:
        cursor.close()
        raise
    return cursor


def _named_units(access: Access, params: dict) -> list[str]:
    units: list[str] = []
    for p in access.units:
        value = params[p]
        values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        units += [str(v) for v in values if v not in (None, "")]     # "" is "no filter" (exceptions' directorate)
    return units


def _check_access(q: NamedQuery, scope: Scope, params: dict) -> None:
    """Refuse a query that names a unit outside the scope, or reads what the viewer may not."""
    if scope == EVERYTHING or q.access.kind == "public":
        return
    if q.access.kind == "council":
        if scope.council_wide or (q.access.partner and scope.partner):
            return
        raise OutOfScope("These figures are council-wide, which is outside what you may see.")
    if scope.partner:
        raise OutOfScope("You may see only the shared indicators your organisation supplies.")
    for unit in _named_units(q.access, params):
        if not scope.allows(unit):
            raise OutOfScope("You do not have access to that unit.")
        if q.access.case_level and not scope.allows_cases(unit):
            raise OutOfScope("You do not have the casework permission for that unit: case lists are not shown.")


def _restrict(frame: pd.DataFrame, scope: Scope, access: Access | None = None) -> pd.DataFrame:
    """Defence in depth: drop every row about a unit, team or partner outside the scope."""
    if scope == EVERYTHING:
        return frame
    keep = pd.Series(True, index=frame.index)
    public = access is not None and access.kind == "public"     # names and codes of the tree: the council's own row
    if scope.units is not None and "org_code" in frame.columns and not public:
        keep &= frame["org_code"].isin(scope.units)
    if access is not None and access.case_level and scope.casework is not None and "org_code" in frame.columns:
        keep &= frame["org_code"].isin(scope.casework)
    if scope.partner is not None and "partner_code" in frame.columns:
        keep &= frame["partner_code"] == scope.partner
        if "role" in frame.columns:         # a partner reads the indicators it supplies, not those it contributes to
            keep &= frame["role"] == "supplies"
    return frame if bool(keep.all()) else frame[keep].reset_index(drop=True)


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    return value


def _explain_open_error(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (f"The database {path} is locked by a process writing to it. "
                "Builds write a new file and swap it in, so this should pass in a moment; "
                "if it persists, stop the process holding it.")
    return f"The database {path} cannot be opened: {text}"
