"""``python -m bench.run --preset council``: serve the dashboard as in production
(gunicorn, its own processes), measure every interaction over HTTP on loopback,
compare our data layer with the raw SQL and the pandas baseline, and write
bench/out/latest.json.  bench/README.md says how to read the numbers."""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import psutil
import requests

from bench import interactions as ix

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pct(values, q):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ms(seconds_list, q=0.5, digits=1):
    v = pct(seconds_list, q)
    return None if v is None else round(v * 1000, digits)


# -- database ---------------------------------------------------------------------

# Published files imported into every bench database with the real importer, in the order data.ingest needs
# (the register first; the EES files before the neighbours, whose DfE codes they map), so that /benchmarking
# has real data to compare.  BENCH_PUBLIC (or --public) points elsewhere.
PUBLIC = Path(os.environ.get("BENCH_PUBLIC", ROOT.parent / "shared" / "data" / "public"))
IMPORTS = [
    ("register", "mysociety_uk_local_authorities_current.csv"),
    ("ees", "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
    ("ees", "dfe_csww_indicators_2017_to_2025.csv"),
    ("neighbours", "dfe_New_Statistical_Neighbour_Groupings_April_2021.csv"),
    ("oflog", "oflog_asc_data.csv"),
    ("dluhc-ct", "dluhc_CT_Receipts_Live_Table_Q4_2022-23.xlsx"),
    ("rsx", "dfe_RSX_LA_Data_2024-25_data_by_LA.ods"),
    ("ons-sdg", "ons_sdg_11-6-1_la_collected_waste_by_disposal_method.csv"),
]


def generator_digest(public: Path = PUBLIC) -> str:
    """A digest of everything that shapes a built database (the generator and its SQL, the importers and the
    published files imported), so a cached database is rebuilt when any of them changes, and only then."""
    import hashlib
    h = hashlib.sha256()
    data = ROOT / "data"
    for f in sorted(data.rglob("*.py")) + sorted(data.rglob("*.sql")):
        h.update(str(f.relative_to(data)).encode() + b"\0" + f.read_bytes())
    for _kind, name in IMPORTS:
        f = public / name
        h.update(name.encode() + b"\0" + (f.read_bytes() if f.exists() else b"missing"))
    return h.hexdigest()[:10]


def ensure_db(preset: str, seed: int, public: Path = PUBLIC) -> tuple[Path, float | None]:
    missing = [name for _kind, name in IMPORTS if not (public / name).exists()]
    if missing:
        raise SystemExit(f"bench: the published files to import are not in {public}: {', '.join(missing)} "
                         "(set BENCH_PUBLIC or --public)")
    OUT.mkdir(parents=True, exist_ok=True)   # other benches call this too, before run.main has made it
    path = OUT / f"{preset}-{seed}-{generator_digest(public)}.duckdb"
    if path.exists():
        return path, None
    for stale in OUT.glob(f"{preset}-{seed}-*.duckdb"):
        log(f"removing {stale.name}: built by an older generator or importer")
        stale.unlink()
    log(f"building the {preset} preset into {path} (cached for later runs)")
    started = time.perf_counter()
    building = path.with_name(path.stem + ".building.duckdb")   # only a complete build gets the cached name
    subprocess.run([sys.executable, "-m", "data.generate", "--preset", preset, "--seed", str(seed),
                    "--out", str(building)], cwd=ROOT, check=True)
    imported = time.perf_counter()
    for kind, name in IMPORTS:
        done = subprocess.run([sys.executable, "-m", "data.ingest", kind, str(public / name), "--db", str(building)],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            building.unlink(missing_ok=True)
            raise SystemExit(f"bench: importing {name} failed: {done.stderr.strip().splitlines()[-1:]}")
        log(f"  imported {name}: {done.stdout.splitlines()[2].strip() if len(done.stdout.splitlines()) > 2 else ''}")
    log(f"published data imported in {time.perf_counter() - imported:.1f} s")
    os.replace(building, path)
    return path, time.perf_counter() - started


# -- the server -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as in production; RSS of master + workers sampled while it runs."""

    def __init__(self, db: Path):
        self.db, self.port = db, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak_rss = 0
        self._stop = threading.Event()

    def start(self) -> float:
        """Start and return seconds from process start to the first complete page."""
        env = {**os.environ, "MI_DB": str(self.db), "MI_AUTH": "none"}   # the demo, measured without sign-in
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [gunicorn, "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{self.port}", "--no-control-socket",
             "--timeout", "120", "app:server"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(OUT / "server.log", "ab"),
            start_new_session=True)
        body = {"output": ".._pages_content.children..._pages_store.data..",
                "outputs": [{"id": "_pages_content", "property": "children"},
                            {"id": "_pages_store", "property": "data"}],
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
                           {"id": "_pages_location", "property": "search", "value": ""}],
                "changedPropIds": ["_pages_location.pathname", "_pages_location.search"]}
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited; see bench/out/server.log")
            try:
                shell = requests.get(self.base + "/", timeout=30)
                page = requests.post(self.base + "/_dash-update-component", json=body, timeout=60)
                if shell.status_code == 200 and page.status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.02)
        cold = time.perf_counter() - started
        self._stop.clear()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return cold

    def rss(self) -> int:
        try:
            root = psutil.Process(self.proc.pid)
            procs = [root] + root.children(recursive=True)
            return sum(p.memory_info().rss for p in procs if p.is_running())
        except psutil.Error:
            return 0

    def _sample(self):
        while not self._stop.is_set():
            self.peak_rss = max(self.peak_rss, self.rss())
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        if getattr(self, "proc", None) and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def check_chains(base: str, universe: ix.Universe) -> dict:
    """Re-record the chains when the app's callbacks no longer match them."""
    deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
    known = {d["output"] for d in deps} | {".." + "_pages_content.children...._pages_store.data.."}
    try:
        chains = ix.load_chains()
        missing = [o for o in ix.chain_outputs(chains)
                   if not o.startswith("..") and o not in known] + [k for k in ix.KINDS if k not in chains]
        if not missing:
            return chains
        log(f"recorded chains are stale ({missing[:2]}…): recording again")
    except FileNotFoundError:
        log("no recorded chains: recording them with headless Chromium")
    org = universe.directorates[0]
    period = universe.periods[-2]
    urls = {"scorecard": f"/org/{org}?period={period}",
            "indicator": f"/indicator/{universe.reported[org][0]}?org={org}&period={period}",
            "exceptions": f"/exceptions?org={org}&period={period}"}
    if universe.benchmarks:
        measure, group, periods, _funnel = next((b for b in universe.benchmarks if b[3]), universe.benchmarks[0])
        urls["benchmarking"] = f"/benchmarking?measure={measure}&area={universe.home_area}&group={group}"
    urls.update({kind: f"/{kind}?org={org}&period={period}" for kind in ix.KINDS if kind not in urls})
    return ix.record(base, urls)


def run_case(session, base, chains, case: ix.Case):
    before = (ix.period_change_prelude(chains, case.url.replace(case.period, case.previous_period), case.previous_period,
                                       case.period) if case.previous_period else None)
    return ix.replay(session, base, chains, case.kind, case.url, case.period, before)


# -- HTTP phases ----------------------------------------------------------------------

def http_phase(server: Server, chains, universe, reps: int, cold_n: int, seed: int) -> dict:
    results = {}
    rng = random.Random(seed)
    s = requests.Session()
    # cold: right after the restart, the first request of keys nobody has asked for yet
    cold_cases = {}
    used = set()
    for it in ix.INTERACTIONS:
        cases = [c for c in it.cases(universe, rng, cold_n * 4) if c.url not in used]
        unique = list({c.url: c for c in cases}.values())[:cold_n]
        used.update(c.url for c in unique)
        cold_cases[it.name] = unique
    for it in ix.INTERACTIONS:
        times = [run_case(s, server.base, chains, c)[0] for c in cold_cases[it.name]]
        results[it.name] = {"cold": times}
    # warm: a pool of keys, each asked for twice first (two workers), then timed repeatedly
    for it in ix.INTERACTIONS:
        pool = it.cases(universe, rng, 10)
        for c in pool + pool:
            run_case(s, server.base, chains, c)
        times, totals, largest, errors = [], [], [], 0
        for k in range(reps):
            t, total, big, err = run_case(s, server.base, chains, pool[k % len(pool)])
            times.append(t)
            totals.append(total)
            largest.append(big)
            errors += err
            if err:
                log(f"  error response: {pool[k % len(pool)].url}")
        results[it.name].update(warm=times, bytes=int(statistics.median(totals)), largest=max(largest),
                                errors=errors, pool=pool)
        log(f"  {it.name:24s} p50 {ms(times):7.1f} ms  p95 {ms(times, .95):7.1f} ms  "
            f"cold {ms(results[it.name]['cold']):7.1f} ms  {results[it.name]['bytes']:>8,} B")
    return results


def concurrency_phase(server: Server, chains, universe, users: int, actions: int, limit_s: float, seed: int):
    deadline = time.perf_counter() + limit_s
    times, errors, by_name = [], [], {}
    lock = threading.Lock()

    def user(k: int):
        rng = random.Random(seed * 1000 + k)
        s = requests.Session()
        for _ in range(actions):
            if time.perf_counter() > deadline:
                return
            it = rng.choice(ix.INTERACTIONS)
            case = it.cases(universe, rng, 1)[0]
            try:
                t, _total, _big, err = run_case(s, server.base, chains, case)
            except requests.RequestException:
                t, err = float("nan"), True
            with lock:
                if t == t:
                    times.append(t)
                    by_name.setdefault(it.name, []).append(t)
                errors.append(err)
            time.sleep(rng.uniform(0.5, 1.5))

    with ThreadPoolExecutor(users) as pool:
        list(pool.map(user, range(users)))
    return times, sum(errors), len(errors), by_name


def browser_drill(base: str, universe, repeats: int) -> float | None:
    """Headless Chromium: click a directorate on the council page; time until the breadcrumb has 2 items."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"])
        page = browser.new_page()
        for k in range(repeats):
            period = universe.periods[-1 - (k % len(universe.periods))]
            page.goto(f"{base}/?period={period}")
            page.wait_for_selector("#breadcrumb li, nav[aria-label=breadcrumb] li", timeout=60000)
            links = page.locator(".child-table a")
            link = links.nth(k % links.count())
            started = time.perf_counter()
            link.click()
            # the breadcrumb has exactly two items (a selector: the page's CSP forbids evaluating strings)
            page.wait_for_selector("nav[aria-label=breadcrumb] li:nth-child(2):last-child", timeout=60000)
            times.append(time.perf_counter() - started)
        browser.close()
    return ms(times[1:] or times)


# -- in-process phases: data layer, raw SQL, pandas baseline -----------------------------------

def data_phase(db_path: Path, cases_by_name: dict, reps: int, budget_s: float) -> dict:
    """Our data layer with no query cache, and the same named SQL run on DuckDB directly
    (``reps`` each, or fewer — at least 10 — once an interaction has used ``budget_s``)."""
    from dashboard import create_app
    from dashboard.db import Database, _open_read_only, query_cursor
    from dashboard.settings import Settings

    app = create_app(Settings(db_path=db_path, query_cache_size=0, auth="none"))
    db: Database = app.server.extensions["mi_database"]
    calls: list = []
    original = Database.query

    def recording(self, name, *, scope=None, **params):
        calls.append((name, params))
        return original(self, name, **({"scope": scope} if scope is not None else {}), **params)

    out = {}
    # opened as the runner opens it: the shared macros (queries/macros.sql) and the search path that finds them
    parent = _open_read_only(Path(db_path), {})
    con = query_cursor(parent)
    with app.server.app_context():
        ix.data_layer(db, next(iter(cases_by_name.values()))[0])   # open the file once
        for name, cases in cases_by_name.items():
            data_t, sql_t = [], []
            stop_at = time.perf_counter() + budget_s
            for k in range(reps):
                if k >= 10 and time.perf_counter() > stop_at:
                    break
                case = cases[k % len(cases)]
                calls.clear()
                Database.query = recording
                try:
                    started = time.perf_counter()
                    ix.data_layer(db, case)
                    data_t.append(time.perf_counter() - started)
                finally:
                    Database.query = original
                started = time.perf_counter()
                for qname, params in calls:
                    con.execute(db.queries[qname].sql, params).fetchnumpy()
                sql_t.append(time.perf_counter() - started)
            out[name] = {"data": data_t, "sql": sql_t}
    con.close()
    parent.close()
    return out


def _baseline_worker(db_path: str, cases_by_name: dict, reps: int, budget_s: float, queue):
    import resource

    from bench.baseline import Baseline
    from bench.baseline_benchmarking import PublishedBaseline
    from bench.baseline_resources import ResourcesBaseline
    from dashboard import create_app
    from dashboard.settings import Settings

    started = time.perf_counter()
    base = Baseline.load(db_path)
    resources = ResourcesBaseline.load(db_path, base)
    published = PublishedBaseline.load(db_path)
    load_s = time.perf_counter() - started
    app = create_app(Settings(db_path=Path(db_path), query_cache_size=0, auth="none"))
    out = {}
    with app.server.app_context():
        for name, cases in cases_by_name.items():
            times = []
            stop_at = time.perf_counter() + budget_s
            for k in range(reps):
                t0 = time.perf_counter()
                ix.baseline_answer(base, cases[k % len(cases)], resources, published)
                times.append(time.perf_counter() - t0)
                if k >= 4 and time.perf_counter() > stop_at:
                    break
            out[name] = times
    queue.put({"times": out, "load_s": load_s,
               "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def baseline_phase(db_path: Path, cases_by_name: dict, reps: int, budget_s: float) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_baseline_worker, args=(str(db_path), cases_by_name, reps, budget_s, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


# -- report -------------------------------------------------------------------------------

def table(report: dict, extra: dict) -> str:
    head = (f"{'interaction':24s} {'p50':>7s} {'p95':>7s} {'cold50':>7s} {'data50':>7s} {'sql50':>7s} "
            f"{'pandas50':>8s} {'speedup':>7s} {'bytes':>9s} {'max resp':>9s} {'err':>3s}")
    lines = [f"preset {report['preset']} · {report['rows']:,} measure rows", head, "-" * len(head)]
    for r in report["interactions"]:
        e = extra[r["name"]]
        speed = r["baseline_p50_ms"] / r["data_p50_ms"] if r["data_p50_ms"] else float("nan")
        lines.append(f"{r['name']:24s} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['cold_p50_ms']:7.1f} "
                     f"{r['data_p50_ms']:7.1f} {r['sql_p50_ms']:7.1f} {r['baseline_p50_ms']:8.1f} {speed:6.1f}x "
                     f"{r['bytes']:9,} {e['largest']:9,} {e['errors']:3d}")
    lines.append("-" * len(head))
    speeds = [r["baseline_p50_ms"] / r["data_p50_ms"] for r in report["interactions"] if r["data_p50_ms"]]
    geo = statistics.geometric_mean(speeds) if speeds else float("nan")
    lines += [
        f"cold start (process start → first complete page) {report['cold_start_s']:.2f} s",
        f"peak RSS, gunicorn master + workers {report['rss_mb']:.0f} MB · pandas baseline {report['baseline_rss_mb']:.0f} MB"
        f" (load {extra['_baseline_load_s']:.1f} s)",
        f"{report['concurrent_users']} concurrent users: p95 {report['concurrent_p95_ms']:.0f} ms, "
        f"{report['concurrent_errors']} errors in {extra['_concurrent_actions']} actions"
        + "".join(f"; {name} p95 {p95:.0f} ms ({n})" for p95, name, n in extra.get("_concurrent_slowest", [])),
        f"browser drill-down (click → breadcrumb rendered), median {report['browser_drill_ms']} ms",
        f"data layer vs pandas: geometric-mean speed-up {geo:.1f}x",
    ]
    if extra.get("_build_s"):
        lines.append(f"database build {extra['_build_s']:.0f} s")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default=os.environ.get("PRESET", "council"), choices=("tiny", "council", "large"))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SEED", 42)))
    parser.add_argument("--reps", type=int, default=int(os.environ.get("BENCH_REPS", 30)),
                        help="timed repetitions per interaction (at least 30 for real numbers)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--concurrent-seconds", type=float, default=float(os.environ.get("BENCH_CONCURRENT_S", 60)))
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium drill-down")
    parser.add_argument("--out", type=Path, default=OUT / "latest.json")
    parser.add_argument("--public", type=Path, default=PUBLIC,
                        help="folder of the published files imported for /benchmarking (env BENCH_PUBLIC)")
    a = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    run_started = time.perf_counter()

    db_path, build_s = ensure_db(a.preset, a.seed, a.public)
    con = duckdb.connect(str(db_path), read_only=True)
    rows = con.execute("SELECT count(*) FROM measure").fetchone()[0]
    universe = ix.Universe.load(con)
    con.close()
    log(f"{a.preset}: {rows:,} measure rows; {a.reps} repetitions per interaction")

    server = Server(db_path)
    cold_n = max(5, min(10, a.reps // 3))
    try:
        server.start()
        chains = check_chains(server.base, universe)
        server.stop()
        server = Server(db_path)
        cold_start = server.start()          # a fresh start: the cold numbers below are after it
        log(f"cold start {cold_start:.2f} s; measuring interactions")
        http = http_phase(server, chains, universe, a.reps, cold_n, a.seed)
        log(f"{a.users} concurrent users")
        c_times, c_errors, c_actions, c_by_name = concurrency_phase(server, chains, universe, a.users, 10,
                                                                    a.concurrent_seconds, a.seed)
        drill = None
        if not a.no_browser:
            log("browser drill-down")
            drill = browser_drill(server.base, universe, 6)
        rss_mb = server.peak_rss / 2**20
    finally:
        server.stop()

    cases_by_name = {name: r["pool"] for name, r in http.items()}
    log("data layer and raw SQL, in-process, no cache")
    budget = 25.0 if a.preset == "large" else 120.0
    data = data_phase(db_path, cases_by_name, a.reps, budget)
    log("pandas baseline (its own process)")
    base = baseline_phase(db_path, cases_by_name, a.reps, budget)

    report = {
        "preset": a.preset, "rows": rows, "cold_start_s": round(cold_start, 2), "rss_mb": round(rss_mb),
        "baseline_rss_mb": round(base["rss_mb"]), "concurrent_users": a.users,
        "concurrent_p95_ms": ms(c_times, .95, 0), "concurrent_errors": c_errors, "browser_drill_ms": drill,
        "interactions": [],
    }
    # which interactions the concurrent p95 comes from: where to look first when it is over target
    slowest = sorted(((ms(t, .95, 0), name, len(t)) for name, t in c_by_name.items()), reverse=True)[:3]
    extra = {"_baseline_load_s": base["load_s"], "_concurrent_actions": c_actions, "_build_s": build_s,
             "_concurrent_slowest": slowest}
    for it in ix.INTERACTIONS:
        h = http[it.name]
        report["interactions"].append({
            "name": it.name, "p50_ms": ms(h["warm"]), "p95_ms": ms(h["warm"], .95), "cold_p50_ms": ms(h["cold"]),
            "bytes": h["bytes"], "data_p50_ms": ms(data[it.name]["data"]),
            "baseline_p50_ms": ms(base["times"][it.name]), "sql_p50_ms": ms(data[it.name]["sql"]),
        })
        extra[it.name] = {"largest": h["largest"], "errors": h["errors"]}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(report, indent=1) + "\n")
    (a.out.parent / f"latest-{a.preset}.json").write_text(json.dumps(report, indent=1) + "\n")
    text = table(report, extra)
    (a.out.parent / f"table-{a.preset}.txt").write_text(text + "\n")
    print(text)
    log(f"wrote {a.out} in {time.perf_counter() - run_started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
