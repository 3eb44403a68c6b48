"""``python -m bench.returns``: 20 owners submitting returns at once for 2 minutes on loopback while
the dashboard also serves scorecards; the server (gunicorn, its whole process group) is SIGKILLed
about 60 s in and started again.  Every acknowledged submission (HTTP 200 after the store committed)
is then looked up in the store: none may be lost, changed or half-written.  Once with SQLite (the
default store) and once with PostgreSQL (a throwaway cluster from Debian's package on loopback).
Writes bench/out/returns.json.

    python -m bench.returns [--preset tiny] [--seconds 120] [--owners 20] [--kill-at 60] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
TODAY = "2026-10-20"
PASSWORD = "bench password 1234"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(folder: Path) -> tuple[str, callable]:
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder.mkdir(parents=True, exist_ok=True)
    if run_as:
        shutil.chown(folder, "postgres")
        for parent in [folder, *folder.parents]:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o005)
    port = free_port()
    data = folder / "data"
    subprocess.run(run_as + [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run(run_as + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                             f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
                   check=True, capture_output=True)

    def stop():
        subprocess.run(run_as + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", stop


class Server:
    """gunicorn serving app:server in its own process group (killed whole, as a crash would)."""

    def __init__(self, env: dict, port: int):
        self.env, self.port, self.process = env, port, None

    def start(self) -> float:
        began = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "8", "--no-control-socket", "-b",
             f"127.0.0.1:{self.port}", "--timeout", "120", "app:server"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.monotonic() - began < 60:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/sign-in", timeout=2).status_code == 200:
                    return time.monotonic() - began
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def owner_accounts(db: Path) -> list[tuple[str, str]]:
    import duckdb
    with duckdb.connect(str(db), read_only=True) as con:
        titles = [r[0] for r in con.execute(
            "SELECT i.owner FROM indicator i JOIN indicator_unit iu ON iu.indicator_code = i.code "
            "WHERE i.frequency = 'monthly' AND i.lag_periods = 0 GROUP BY 1 ORDER BY count(*) DESC, 1").fetchall()]
    return titles


class Owner(threading.Thread):
    def __init__(self, n: int, base: str, deadline: float, acknowledged: list, attempts: list, lock):
        super().__init__(daemon=True)
        self.n, self.base, self.deadline = n, base, deadline
        self.acknowledged, self.attempts, self.lock = acknowledged, attempts, lock
        self.errors = 0
        self.latencies: list[float] = []
        self.rng = random.Random(n)

    def session(self) -> tuple[requests.Session, str, list[tuple[str, str, bool]]]:
        while time.monotonic() < self.deadline:
            try:
                s = requests.Session()
                page = s.get(f"{self.base}/sign-in", timeout=30).text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                s.post(f"{self.base}/sign-in", data={"username": f"owner{self.n:02d}", "password": PASSWORD,
                                                     "csrf_token": token, "next": "/returns"}, timeout=30)
                listing = s.get(f"{self.base}/returns", timeout=30).text
                dues = re.findall(r'href="/returns/([^/"]+)/([^?"]+)\?period=2026-09"', listing)
                kinds = []
                for code, org in dues[:6]:
                    form = s.get(f"{self.base}/returns/{code}/{org}?period=2026-09", timeout=30).text
                    kinds.append((code, org, 'id="numerator"' in form))
                token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
                return s, token, kinds
            except (requests.RequestException, AttributeError):
                time.sleep(0.5)
        return None, "", []

    def run(self):
        s, token, dues = self.session()
        pending = None
        while time.monotonic() < self.deadline and dues:
            if pending is None:
                code, org, ratio = self.rng.choice(dues)
                den = self.rng.randint(50, 500)
                record = dict(request_id=uuid.uuid4().hex, indicator_code=code, org_code=org,
                              what_why=f"bench {self.n} {uuid.uuid4().hex[:8]}", action="bench action",
                              reason="bench reason")
                if ratio:
                    record.update(numerator=str(self.rng.randint(0, den)), denominator=str(den))
                else:
                    record.update(value=str(self.rng.randint(1, 90)))
                pending = record
            data = {k: v for k, v in pending.items() if k not in ("indicator_code", "org_code")}
            data.update(csrf_token=token, period="2026-09", action_kind="submit")
            began = time.monotonic()
            try:
                r = s.post(f"{self.base}/returns/{pending['indicator_code']}/{pending['org_code']}?period=2026-09",
                           data=data, timeout=60)
            except requests.RequestException:
                self.errors += 1                       # the server died: the same save is sent again (same id)
                time.sleep(0.3)
                if s.cookies.get("mi_session") is None:
                    s, token, dues = self.session()
                continue
            if r.status_code == 200 and "submitted for sign-off" in r.text:
                self.latencies.append(time.monotonic() - began)
                with self.lock:
                    self.acknowledged.append(pending)
                pending = None
            elif r.status_code in (401, 403):
                s, token, dues = self.session()
            else:
                with self.lock:
                    self.attempts.append((r.status_code, pending["indicator_code"]))
                self.errors += 1
                pending = None


def reader(base: str, deadline: float, timings: list, failures: list):
    s = requests.Session()
    while time.monotonic() < deadline:
        began = time.monotonic()
        try:
            r = s.get(f"{base}/sign-in", timeout=30)
            (timings if r.status_code == 200 else failures).append(time.monotonic() - began)
        except requests.RequestException:
            failures.append(None)
            time.sleep(0.3)
        time.sleep(0.5)


def run_backend(backend: str, db: Path, work: Path, seconds: float, owners: int, kill_at: float) -> dict:
    from dashboard.returns.store import ReturnsStore, returns as returns_table
    from dashboard.users import UserStore

    work.mkdir(parents=True, exist_ok=True)
    stop_pg = None
    if backend == "postgresql":
        url, stop_pg = start_postgres(Path(tempfile.mkdtemp(prefix="bench-pg-")))
        store = url
    else:
        store = str(work / "returns.sqlite")
    users = UserStore(work / "users.sqlite")
    titles = owner_accounts(db)
    for n in range(owners):
        users.add(f"owner{n:02d}", role="analyst", display_name=titles[n % len(titles)], password=PASSWORD)
    port = free_port()
    env = {**os.environ, "MI_DB": str(db), "MI_AUTH": "local", "MI_USERS": str(work / "users.sqlite"),
           "MI_STORE": store, "MI_TODAY": TODAY, "MI_SECURE_COOKIES": "false", "MI_DUCKDB_THREADS": "1",
           "MI_SECRET_KEY": "bench-secret-key"}
    server = Server(env, port)
    try:
        server.start()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + seconds
        acknowledged, attempts, lock = [], [], threading.Lock()
        clients = [Owner(n, base, deadline, acknowledged, attempts, lock) for n in range(owners)]
        read_times, read_failures = [], []
        page_reader = threading.Thread(target=reader, args=(base, deadline, read_times, read_failures), daemon=True)
        began = time.monotonic()
        for c in clients:
            c.start()
        page_reader.start()
        time.sleep(max(0.0, kill_at - (time.monotonic() - began)))
        acknowledged_at_kill = len(acknowledged)
        server.kill()
        restart_s = server.start()
        for c in clients:
            c.join(timeout=seconds + 120)
        page_reader.join(timeout=60)
    finally:
        if server.process and server.process.poll() is None:
            server.kill()
        if stop_pg and sys.exc_info()[0] is not None:
            stop_pg()
    rs = ReturnsStore(f"sqlite:///{store}" if backend == "sqlite" else store)
    stored = {r["request_id"]: r for r in rs.events(returns_table)}
    lost = changed = 0
    for a in acknowledged:
        row = stored.get(a["request_id"])
        if row is None:
            lost += 1
            continue
        same = (row["indicator_code"], row["org_code"], row["what_why"], row["state"]) == \
            (a["indicator_code"], a["org_code"], a["what_why"], "submitted")
        if "numerator" in a:
            same &= row["numerator"] == float(a["numerator"]) and row["denominator"] == float(a["denominator"])
        else:
            same &= row["value"] is not None
        changed += not same
    half = sum(1 for r in stored.values() if r["value"] is None or not r["what_why"] or r["state"] != "submitted")
    rs.engine.dispose()
    if stop_pg:
        stop_pg()
    latencies = sorted(x for c in clients for x in c.latencies)

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 3) if latencies else None
    return {"backend": backend, "owners": owners, "seconds": seconds, "killed_at_s": kill_at,
            "restart_s": round(restart_s, 2), "acknowledged": len(acknowledged),
            "acknowledged_before_kill": acknowledged_at_kill, "stored": len(stored),
            "stored_not_acknowledged": len(stored) - len({a["request_id"] for a in acknowledged} & set(stored)),
            "lost": lost, "changed": changed, "half_written": half,
            "client_errors": sum(c.errors for c in clients), "refused": len(attempts),
            "submit_p50_s": pct(0.5), "submit_p95_s": pct(0.95),
            "reads": len(read_times), "read_failures": len(read_failures)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.returns", description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="tiny", choices=("tiny", "council", "large"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--owners", type=int, default=20)
    parser.add_argument("--kill-at", type=float, default=60)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=OUT / "returns.json")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from data.generate import build

    work = Path(tempfile.mkdtemp(prefix="bench-returns-"))
    results = []
    try:
        db = work / "mi.duckdb"
        build(preset=args.preset, seed=args.seed, out=db, quiet=True)
        for backend in args.backends.split(","):
            if backend == "postgresql" and not (PG_BIN / "initdb").exists():
                print("PostgreSQL is not installed: skipped (make test installs it)")
                continue
            result = run_backend(backend, db, work / backend, args.seconds, args.owners, args.kill_at)
            results.append(result)
            print(json.dumps(result))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"preset": args.preset, "results": results}, indent=2) + "\n")
    bad = [r for r in results if r["lost"] or r["changed"] or r["half_written"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
