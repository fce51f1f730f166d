"""`make bench`: seed a realistic register, start the real server, load it from a separate process (wrk),
and print requests/s, p50 and p99 per call next to two references measured in the same run: a bare JSON
endpoint of the same server and a minimal raw-driver ASGI app doing one indexed query. Then the main calls
again at ten times the data. Results also go to bench/results/<time>.json.

Runs (issue #18): PostgreSQL 1x and SQLite 1x (one worker, as the embedded default runs) with every call,
then PostgreSQL at 10x twice, with realistic names (long lists, Zipf-like frequencies) and with the
adversarial small vocabulary (document upload in MB/s is one of the 1x calls); then the outbox delivery (bench/outbox_bench.py) and the transparency log at
one million entries (bench/tlog_bench.py) as subprocesses. About 25-30 minutes on the shared 2-core machine.
BENCH_SNEL=1 is a smoke run of a few minutes: 3-second loads, no 10x runs, 100,000 log entries.

Usage: python -m bench.run [--engines postgres,sqlite] [--duration 10] [--connections 16] [--scale10 postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from bench.generate import BENCH_PASSWORD, generate
from register.services.feiten import fact_query
from register.services.zoeken import Zoekvraag, postgres_query

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
NAMES = [
    "Sanne de Vries",
    "Jansen",
    "Mohammed",
    "de Boer",
    "Fatima Ozturk",
    "Bakker Eva",
    "Visser",
    "JC-000123",
    "Meyer",  # sound-alike of Meijer
    "Huygens",
    "Sgouten",
    "Thijsen Kees",
]
SNEL = os.environ.get("BENCH_SNEL", "") not in ("", "0")
DOCUMENT_BYTES = 1_000_000  # one upload of the document row: its uploads/s is its MB/s
DOCUMENT_RIJ = "document uploaden, 1 MB PDF (1 client; req/s = MB/s)"


@dataclass
class Result:
    name: str
    engine: str
    scale: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    namen: str = "realistisch"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def cli(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


class Database:
    def __init__(self, engine: str, scale: int, workdir: Path) -> None:
        self.engine = engine
        self.scale = scale
        if engine == "postgres":
            self.name = f"bench_{os.getpid()}_{scale}"
            parts = urlsplit(PG_ADMIN)
            self.url = urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", "", ""))
            subprocess.run(
                [
                    "psql",
                    PG_ADMIN,
                    "-qc",
                    f'DROP DATABASE IF EXISTS "{self.name}"',
                    "-c",
                    f'CREATE DATABASE "{self.name}"',
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        else:
            self.url = f"sqlite:///{workdir / f'bench-{scale}.sqlite3'}"

    def drop(self) -> None:
        if self.engine == "postgres":
            subprocess.run(
                ["psql", PG_ADMIN, "-qc", f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'],
                check=False,
                stdout=subprocess.DEVNULL,
            )


class Server:
    def __init__(self, argv: list[str], env: dict[str, str], url: str, log: Path) -> None:
        self.log = log.open("w")
        self.process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.url = url

    def rss_mb(self) -> list[float]:
        """Resident memory of the server's processes (master and workers), in MB."""
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            pids += [int(p) for p in children]
        except OSError:
            pass
        sizes = []
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(round(int(match.group(1)) / 1024, 1))
        return sizes

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def lua_script(method: str, paths: list[str], body: str | None, headers: dict[str, str]) -> str:
    """A wrk script that picks a random path per request and sends the method, body and headers."""
    quoted = ",".join(json.dumps(p) for p in paths)
    header_lines = "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
    body_line = f"wrk.body = {json.dumps(body)}" if body is not None else ""
    return f"""
wrk.method = "{method}"
{body_line}
{header_lines}
local paths = {{{quoted}}}
-- every wrk thread has its own Lua state: seed each differently, or they request the same sequence
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + seed)
end
request = function()
  return wrk.format(nil, paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p99_us\\": %d, \\"errors\\": %d, \\"non2xx\\": %d}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


def run_wrk(
    base: str,
    method: str,
    paths: list[str],
    body: str | None,
    headers: dict[str, str],
    duration: int,
    connections: int,
    threads: int = 2,
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua_script(method, paths, body, headers))
        script = handle.name
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                script,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(script)
    line = next(ln for ln in output.splitlines() if ln.startswith("JSON "))
    data = json.loads(line[5:])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50": round(data["p50_us"] / 1000, 2),
        "p99": round(data["p99_us"] / 1000, 2),
        "errors": data["errors"] + data["non2xx"],
    }


def token(base: str, username: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/token", data={"username": username, "password": BENCH_PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return response.json()["access_token"]


def timed_requests(fn, count: int) -> dict[str, float]:
    """Sequential end-to-end timings for heavy calls (bulk verification)."""
    samples = []
    errors = 0
    for _ in range(count):
        started = time.perf_counter()
        status = fn()
        samples.append((time.perf_counter() - started) * 1000)
        errors += status >= 400
    samples.sort()
    return {
        "rps": round(1000 / (sum(samples) / len(samples)), 2),
        "p50": round(samples[len(samples) // 2], 1),
        "p99": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))], 1),
        "errors": errors,
    }


def aanvraag_body(data: dict[str, Any]) -> dict[str, Any]:
    """A complete Matchingsformulier of bench-coach and its organisation for the bench gemeente."""
    doel = {
        "omschrijving": "Werkt zelfstandig een ochtenddienst af",
        "indicator": "aantal ochtenddiensten per week zonder hulp",
        "streefwaarde": "4 van de 4",
        "streefdatum": "2026-09-01",
        "kernactiviteit": "training-on-the-job",
        "betreft": "werknemer",
    }
    return {
        "gemeente": data["gemeente"],
        "jobcoach": data["coach"],
        "organisatie": data["organisatie"],
        "werkgever": "Bakkerij Bench",
        "regime": "midden",
        "regimeMotivatie": "Nieuwe werkplek met wisselende taken",
        "contracturen": 24,
        "gewensteStartdatum": "2026-04-01",
        "positie": "dienstbetrekking",
        "startbudget": True,
        "werknemerprofiel": {
            "krachten": "Nauwkeurig en betrouwbaar",
            "inspiratie": "Iets maken dat klanten kopen",
            "vaardigheden": "Kan recepten volgen",
            "context": "Een vaste plek en een voorspelbaar rooster",
            "beperkingen": "Raakt het overzicht kwijt bij wijzigingen",
        },
        "werkprofiel": {
            "functie": "Productiemedewerker",
            "taken": "Deeg afwegen, brood verpakken",
            "urenPerWeek": 24,
            "werkplek": "Productieruimte, vroege diensten",
            "werkbegeleider": "Ploegleider",
            "aanpassingen": "Takenlijst bij de ovens",
        },
        "match": {
            "ondersteuningsbehoefte": "Structuur in de dienst",
            "kloof": "Zelfstandig schakelen bij een gewijzigde planning",
            "ondersteuningWerkgever": "Wijzigingen vooraf aankondigen",
            "coachingsdoelen": [
                doel,
                {**doel, "betreft": "werkgever", "kernactiviteit": "introductie-op-de-werkplek"},
            ],
        },
    }


def scenarios(
    base: str, data: dict[str, Any], duration: int, connections: int, main_only: bool
) -> list[tuple[str, dict]]:
    gemeente = token(base, f"bench-{data['gemeente'].lower()}")
    coach = token(base, "bench-coach")
    bearer = {"Authorization": f"Bearer {gemeente}", "Content-Type": "application/json"}
    trajecten = data["trajecten"]
    out: list[tuple[str, dict]] = []
    out.append(
        (
            "kale JSON-endpoint (referentie)",
            run_wrk(base, "GET", ["/api/v1/status"], None, {}, duration, connections),
        )
    )
    out.append(
        (
            "enkele verificatie",
            run_wrk(
                base,
                "POST",
                [f"/api/v1/trajecten/{t}/verificaties" for t in trajecten[:500]],
                "{}",
                bearer,
                duration,
                connections,
            ),
        )
    )
    zoek = [f"/api/v1/register/jobcoaches?zoek={httpx.QueryParams({'q': n})['q']}" for n in NAMES]
    out.append(
        (
            "publiek zoeken",
            run_wrk(base, "GET", [p.replace(" ", "%20") for p in zoek], None, {}, duration, connections),
        )
    )
    if main_only:
        return out
    scholing = json.dumps({"titel": "Bench", "aanbieder": "Bench", "datum": "2026-01-05", "uren": 2})
    coach_bearer = {"Authorization": f"Bearer {coach}", "Content-Type": "application/json"}
    for clients in (1, 8):
        out.append(
            (
                f"schrijven: scholing POST, {clients} client(s)",
                run_wrk(
                    base,
                    "POST",
                    [f"/api/v1/jobcoaches/{data['coach']}/scholingen"],
                    scholing,
                    coach_bearer,
                    duration,
                    clients,
                    threads=1,
                ),
            )
        )
    aanvraag = json.dumps(aanvraag_body(data))

    def indienen() -> int:
        made = httpx.post(f"{base}/api/v1/aanvragen", content=aanvraag, headers=coach_bearer, timeout=60)
        if made.status_code != 201:
            return made.status_code
        return httpx.post(
            f"{base}/api/v1/aanvragen/{made.json()['id']}/indiening", headers=coach_bearer, timeout=60
        ).status_code

    out.append(("aanvraag opstellen en indienen (1 client)", timed_requests(indienen, 10 if SNEL else 40)))

    def uploaden() -> int:
        # a PDF of exactly 1,000,000 bytes (so uploads/s is MB/s), different each time: the store is
        # content-addressed and would otherwise keep one file
        kop = b"%PDF-1.4\n%" + uuid.uuid4().bytes.hex().encode() + b"\n"
        inhoud = kop + os.urandom(DOCUMENT_BYTES - len(kop))
        return httpx.post(
            f"{base}/api/v1/documenten",
            files={"bestand": ("bewijs.pdf", inhoud, "application/pdf")},
            headers={"Authorization": f"Bearer {coach}"},
            timeout=60,
        ).status_code

    out.append((DOCUMENT_RIJ, timed_requests(uploaden, 10 if SNEL else 30)))
    bulk_body = json.dumps({"trajecten": trajecten[:1000]})
    out.append(
        (
            "bulkverificatie van 1.000 trajecten",
            timed_requests(
                lambda: (
                    httpx.post(
                        f"{base}/api/v1/verificaties/_bulk", content=bulk_body, headers=bearer, timeout=120
                    ).status_code
                ),
                10,
            ),
        )
    )
    out.append(
        (
            "dashboard jobcoach (pagina)",
            run_wrk(base, "GET", ["/dashboard"], None, {"Cookie": f"sessie={coach}"}, duration, connections),
        )
    )
    out.append(
        (
            "trajectenlijst gemeente",
            run_wrk(
                base,
                "GET",
                ["/api/v1/trajecten?pagina=1&paginaGrootte=50"],
                None,
                bearer,
                duration,
                connections,
            ),
        )
    )
    return out


def bench_engine(
    engine: str,
    scale: int,
    args: argparse.Namespace,
    workdir: Path,
    main_only: bool,
    namen: str = "realistisch",
    also_small: bool = False,
) -> list[Result]:
    database = Database(engine, scale, workdir)
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": database.url,
        "REGISTER_DATA_DIR": str(workdir),
        "REGISTER_SECRET_KEY": "bench-" + "k" * 40,
    }
    servers: list[Server] = []
    try:
        print(f"[{engine} x{scale}, namen {namen}] migreren en {scale}x data genereren...", flush=True)
        cli(["migrate"], env)
        data = asyncio.run(
            generate(database.url, scale, progress=lambda m: print(m, flush=True), namen=namen)
        )
        print(f"  klaar in {data['seconds']} s", flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env["REGISTER_BASE_URL"] = base
        workers = 1 if engine == "sqlite" else args.workers  # the embedded default runs one worker
        server = Server(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)],
            env,
            base,
            workdir / f"server-{engine}-{scale}.log",
        )
        servers.append(server)
        wait_for(f"{base}/api/v1/status")
        raw_port = free_port()
        raw = Server(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.raw_app:app",
                "--port",
                str(raw_port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            {**env, "BENCH_DATABASE_URL": database.url},
            f"http://127.0.0.1:{raw_port}",
            workdir / f"raw-{engine}-{scale}.log",
        )
        servers.append(raw)
        wait_for(raw.url)
        twin = None
        if engine == "postgres":
            twin_port = free_port()
            twin = Server(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.raw_verificatie:app",
                    "--port",
                    str(twin_port),
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                ],
                {**env, "BENCH_DATABASE_URL": database.url, "BENCH_GEMEENTE": data["gemeente"]},
                f"http://127.0.0.1:{twin_port}",
                workdir / f"twin-{engine}-{scale}.log",
            )
            servers.append(twin)
            wait_for(twin.url)
        # warm up: caches, pools, signing key
        run_wrk(base, "GET", ["/api/v1/status"], None, {}, 2, 4)
        results = []
        rss_samples: list[float] = []
        for name, measured in scenarios(base, data, args.duration, args.connections, main_only):
            rss_samples.extend(server.rss_mb())
            results.append(
                Result(
                    name,
                    engine,
                    scale,
                    measured["rps"],
                    measured["p50"],
                    measured["p99"],
                    int(measured["errors"]),
                    namen,
                )
            )
        if twin is not None:
            paths = [f"/{t}" for t in data["trajecten"][:500]]
            measured = run_wrk(twin.url, "POST", paths, "{}", {}, args.duration, args.connections)
            results.append(
                Result(
                    "ruwe tweeling van enkele verificatie",
                    engine,
                    scale,
                    measured["rps"],
                    measured["p50"],
                    measured["p99"],
                    int(measured["errors"]),
                    namen,
                )
            )
        if also_small:
            # the adversarial case on the same data: every coach renamed from the small vocabulary
            print(f"[{engine} x{scale}] namen uit de kleine woordenschat...", flush=True)
            small_names(database.url)
            for name, measured in scenarios(base, data, args.duration, args.connections, True):
                results.append(
                    Result(
                        name,
                        engine,
                        scale,
                        measured["rps"],
                        measured["p50"],
                        measured["p99"],
                        int(measured["errors"]),
                        "klein",
                    )
                )
        ceiling = run_wrk(raw.url, "GET", ["/"], None, {}, args.duration, args.connections)
        results.append(
            Result(
                "ruwe driver, 1 geïndexeerde query (plafond)",
                engine,
                scale,
                ceiling["rps"],
                ceiling["p50"],
                ceiling["p99"],
                int(ceiling["errors"]),
                namen,
            )
        )
        results[0].extra["rss_mb_max"] = max(rss_samples) if rss_samples else None
        if engine == "postgres":
            results[0].extra["explain"] = explain(database.url, data)
        return results
    finally:
        for server in servers:
            server.stop()
        database.drop()


def small_names(url: str) -> None:
    """Rename every coach from the generator's small vocabulary (PostgreSQL; the search index follows
    through its trigger), then refresh the planner statistics."""
    import asyncpg

    from bench.generate import ACHTERNAMEN, VOORNAMEN

    async def rename() -> None:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(
                "UPDATE jobcoach SET voornaam = ($1::text[])[1 + floor(random() * array_length($1, 1))::int], "
                "tussenvoegsel = '', achternaam = ($2::text[])[1 + floor(random() * array_length($2, 1))::int]",
                VOORNAMEN,
                ACHTERNAMEN,
            )
            await conn.execute("VACUUM ANALYZE jobcoach_zoektekst")
            await conn.execute("ANALYZE jobcoach")
        finally:
            await conn.close()

    asyncio.run(rename())


def explain(url: str, data: dict[str, Any]) -> dict[str, str]:
    """Query plans of the hot paths, to show the indexes are used."""
    import asyncpg

    async def plans() -> dict[str, str]:
        conn = await asyncpg.connect(url)
        try:
            out = {}
            queries = {
                "trajecten van een gemeente": (
                    "SELECT id FROM traject WHERE gemeente = $1 ORDER BY startdatum DESC, referentie LIMIT 50",
                    [data["gemeente"]],
                ),
                "keurmerken van coaches": (
                    "SELECT * FROM keurmerk WHERE jobcoach = ANY($1::uuid[])",
                    [[data["coach"]]],
                ),
                "uren per coach per dag": (
                    "SELECT sum(uren) FROM urenregistratie WHERE jobcoach = $1 AND datum = $2",
                    [data["coach"], dt.date(2026, 1, 5)],
                ),
            }
            # the real statements of the hot paths, with Piccolo's {} placeholders numbered for asyncpg
            zoek, zoek_args, _, _ = postgres_query(Zoekvraag("jobcoach", "Sanne de Vries"), 0, 20)
            queries["publiek zoeken (pg_trgm)"] = (zoek, zoek_args)
            queries["feiten van een verificatie"] = (
                fact_query(1, True, 1),
                [[uuid.UUID(data["trajecten"][0])], data["gemeente"]],
            )
            for name, (sql, params) in queries.items():
                numbers = iter(range(1, 1000))
                sql = re.sub(r"\{\}", lambda _, n=numbers: f"${next(n)}", sql)
                rows = await conn.fetch("EXPLAIN (ANALYZE, COSTS OFF) " + sql, *params)
                out[name] = "\n".join(r[0] for r in rows)
            return out
        finally:
            await conn.close()

    try:
        return asyncio.run(plans())
    except Exception as exc:  # a plan is informative, not essential
        return {"fout": str(exc)}


def sub_bench(module: str, args: list[str], timeout: int) -> dict[str, Any]:
    """Run bench/<module>.py in its own process; its closing JSON object (or the error)."""
    try:
        output = subprocess.run(
            [sys.executable, "-m", f"bench.{module}", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        ).stdout
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        return {"fout": f"{type(exc).__name__}: {str(getattr(exc, 'stderr', '') or exc)[-500:]}"}
    start = output.rfind("\n{")
    return json.loads(output[start + 1 if start >= 0 else output.find("{") :])


def extra_benches() -> list[Result]:
    """Outbox delivery to a local webhook receiver and the transparency log at scale (issue #18, item 6)."""
    out: list[Result] = []
    for engine in ("postgres", "sqlite"):
        print(f"[outbox {engine}] bezorgen naar een lokale webhook-ontvanger...", flush=True)
        found = sub_bench("outbox_bench", ["--engine", engine, "--messages", "300" if SNEL else "2000"], 900)
        rate = next((v for k, v in found.items() if k.endswith(("per_s", "PerSeconde"))), 0.0)
        out.append(
            Result(
                "outbox-bezorging (berichten/s)", engine, 1, float(rate or 0), 0, 0, note=json.dumps(found)
            )
        )
    entries = 100_000 if SNEL else 1_000_000
    print(f"[tlog postgres] {entries:,} logregels: volgorde, checkpoint, bewijzen...", flush=True)
    found = sub_bench(
        "tlog_bench", ["--engine", "postgres", "--entries", str(entries), "--proofs", "100"], 1500
    )
    for key, name in (
        ("checkpoint_sign_and_store", f"checkpoint tekenen bij {entries:,} regels"),
        ("consistency_proof", f"consistentiebewijs bij {entries:,} regels"),
        ("inclusion_proof", f"inclusiebewijs bij {entries:,} regels"),
    ):
        timing = found.get(key) or {}
        p50 = float(timing.get("p50_ms", 0) or 0)
        out.append(
            Result(
                name,
                "postgres",
                1,
                round(1000 / p50, 1) if p50 else 0.0,
                p50,
                float(timing.get("p99_ms", 0) or 0),
                note=json.dumps(found) if key == "checkpoint_sign_and_store" else "",
            )
        )
    return out


def print_table(results: list[Result]) -> None:
    by_run: dict[tuple[str, int, str], list[Result]] = {}
    for r in results:
        by_run.setdefault((r.engine, r.scale, r.namen), []).append(r)
    for (engine, scale, namen), rows in by_run.items():
        bare = next((r for r in rows if r.name.startswith("kale")), None)
        ceiling = next((r for r in rows if r.name.startswith("ruwe")), None)
        print(f"\n{engine}, {scale}x data, namen {namen}")
        print(
            f"{'aanroep':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'fouten':>7} {'/kaal':>7} {'/plafond':>9}"
        )
        for r in rows:
            vs_bare = (
                f"{r.requests_per_second / bare.requests_per_second:.2f}"
                if bare and bare.requests_per_second
                else "-"
            )
            vs_ceiling = (
                f"{r.requests_per_second / ceiling.requests_per_second:.2f}"
                if ceiling and ceiling.requests_per_second
                else "-"
            )
            print(
                f"{r.name:44} {r.requests_per_second:9.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.errors:7d} {vs_bare:>7} {vs_ceiling:>9}"
            )
        if rows and rows[0].extra.get("rss_mb_max"):
            print(f"grootste RSS van een serverproces onder belasting: {rows[0].extra['rss_mb_max']} MB")
        for query, plan in (rows[0].extra.get("explain") or {}).items() if rows else ():
            print(f"\nEXPLAIN ANALYZE, {query}:\n{plan}")
    for engine, namen in sorted({(r.engine, r.namen) for r in results}):
        small = {r.name: r for r in results if r.engine == engine and r.scale == 1}
        large = {r.name: r for r in results if r.engine == engine and r.scale == 10 and r.namen == namen}
        if large:
            print(f"\ngroei bij 10x data ({engine}, namen {namen}), p50 10x / p50 1x (realistisch):")
            for name, r in large.items():
                if name in small and small[name].p50_ms:
                    print(f"  {name:44} {r.p50_ms / small[name].p50_ms:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engines", default="postgres,sqlite")
    parser.add_argument(
        "--scale10", default="" if SNEL else "postgres", help="engines to repeat at 10x data ('' for none)"
    )
    parser.add_argument(
        "--no-extra", action="store_true", help="without the outbox and transparency-log runs"
    )
    parser.add_argument("--duration", type=int, default=3 if SNEL else 8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print(
            "wrk ontbreekt: installeer het met `apt-get install wrk` (make bench doet dat).", file=sys.stderr
        )
        return 1
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for engine in [e for e in args.engines.split(",") if e]:
            results += bench_engine(engine, 1, args, workdir, main_only=False)
        for engine in [e for e in args.scale10.split(",") if e]:
            results += bench_engine(
                engine, 10, args, workdir, main_only=True, also_small=engine == "postgres"
            )
    if not args.no_extra:
        results += extra_benches()
    print_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps([asdict(r) for r in results], indent=2, default=str))
    print(f"\nresultaten: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
