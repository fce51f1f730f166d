"""Outbox delivery throughput: webhook messages per second from the outbox to a local HTTP receiver.

Usage: python -m bench.outbox_bench [--engine sqlite|postgres] [--messages 2000] [--workers 1]

On a fresh database of its own: one gemeente subscribes a receiver on loopback (a threaded http.server that
answers 204), N messages are written to the outbox in one transaction, then `--workers` concurrent delivery
loops (api.worker.bezorg, the real claim / sign / POST / mark path; on PostgreSQL they share the outbox with
SKIP LOCKED) run until it is empty. Prints messages/s and checks every message arrived exactly once.
Results go to bench/results/outbox-<time>.json. Quote ratios between runs: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from api import webhooks, worker
from register import db
from register.actor import Actor, Rol
from register.infra import keyvault, outbox, tlog
from register.services import abonnementen

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def migrate(url: str, data_dir: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "REGISTER_DATABASE_URL": url, "REGISTER_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def receiver() -> tuple[ThreadingHTTPServer, list[str]]:
    ids: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's hook name)
            self.rfile.read(int(self.headers["content-length"]))
            ids.append(self.headers["webhook-id"])
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, ids


async def run(url: str, data_dir: Path, messages: int, workers: int) -> dict:
    keyvault.configure(keyvault.load_key_file(data_dir / "register.key", create=True))
    tlog.configure(origin="bench.local/auditlog", mode="inline")
    engine = db.bind(db.engine_from_url(url))
    await db.start_pool(engine, max_size=max(4, workers * 2))
    server, ids = receiver()
    try:
        gemeente = Actor(None, "bench", (Rol("gemeente", gemeente="GM0599"),))
        target = f"http://127.0.0.1:{server.server_address[1]}/meldingen"
        abonnement, _ = await abonnementen.maak(gemeente, target, None, http_loopback=True)
        async with db.transaction():
            for n in range(messages):
                await outbox.schrijf(
                    "webhook",
                    "nl.jobcoachregister.traject.kwalificatie-gewijzigd",
                    abonnement.id,
                    {
                        "id": str(uuid.uuid4()),
                        "type": "nl.jobcoachregister.traject.kwalificatie-gewijzigd",
                        "time": "2026-12-01T09:00:00Z",
                        "subject": f"traject-{n}",
                        "datarefPad": f"/api/v1/trajecten/{n}",
                        "data": {"traject": str(n), "reden": "jobcoach-geschorst"},
                    },
                )
        bezorger = webhooks.WebhookBezorger("http://bench.local", "urn:nld:jobcoachregister:bench", True)
        start = time.perf_counter()
        results = await asyncio.gather(*(worker.bezorg({"webhook": bezorger}) for _ in range(workers)))
        seconds = time.perf_counter() - start
    finally:
        server.shutdown()
        await db.close_pool(engine)
    sent = sum(r[0] for r in results)
    return {
        "engine": engine.engine_type,
        "berichten": messages,
        "workers": workers,
        "verzonden": sent,
        "ontvangen": len(ids),
        "dubbel": len(ids) - len(set(ids)),
        "seconden": round(seconds, 3),
        "berichtenPerSeconde": round(sent / seconds, 1) if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        name = None
        if args.engine == "sqlite":
            url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
        else:
            name = f"outbox_bench_{uuid.uuid4().hex[:8]}"
            asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
            parts = urlsplit(PG_ADMIN)
            url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
        try:
            migrate(url, data_dir)
            result = asyncio.run(run(url, data_dir, args.messages, args.workers))
        finally:
            if name:
                asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"outbox-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(json.dumps(result, indent=2))


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
