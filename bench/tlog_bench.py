"""The transparency log at scale: sequencing throughput, proof latency, checkpoint signing and a full
verification at 1e5 to 1e6 entries, on a fresh database of its own.

Usage: python -m bench.tlog_bench [--engine postgres|sqlite] [--entries 1000000] [--proofs 200]

Entries go in unsequenced (as the write path leaves them, bulk-loaded here), then the real sequencer
numbers them; every step is timed. Results are printed and written to bench/results/tlog-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from register import db
from register.infra import keyvault, tlog

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


async def load_pending(count: int, chunk: int = 20_000) -> float:
    """Bulk-insert `count` unsequenced entries (ids, arrival order, a small change of codes only)."""
    start = time.perf_counter()
    engine = db.engine()
    now = dt.datetime.now(dt.UTC)
    for first in range(0, count, chunk):
        rows = [
            (
                uuid.uuid4(),
                n + 1,
                now + dt.timedelta(microseconds=n),
                None,
                "systeem",
                "create",
                "bench",
                f"object-{n}",
                json.dumps({"status": "actief", "uren": n % 40, "datum": "2026-11-23"}),
            )
            for n in range(first, min(count, first + chunk))
        ]
        if db.is_postgres():
            async with engine.transaction() as transaction:
                await transaction.connection.copy_records_to_table(
                    "auditlog_regel",
                    records=[(*r[:8], r[8]) for r in rows],
                    columns=[
                        "id",
                        "ontvangst",
                        "tijdstip",
                        "actor",
                        "actor_rol",
                        "actie",
                        "objecttype",
                        "object_id",
                        "wijziging",
                    ],
                )
        else:
            import aiosqlite

            async with aiosqlite.connect(engine.path) as conn:
                await conn.executemany(
                    "INSERT INTO auditlog_regel (id, ontvangst, tijdstip, actor, actor_rol, actie, objecttype, "
                    "object_id, wijziging) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(str(r[0]), r[1], str(r[2]), *r[3:]) for r in rows],
                )
                await conn.commit()
    if db.is_postgres():
        await engine.run_ddl(
            "SELECT setval('auditlog_regel_ontvangst_seq', (SELECT MAX(ontvangst) FROM auditlog_regel) + 1, false)"
        )
        await engine.run_ddl("ANALYZE auditlog_regel")
    return time.perf_counter() - start


def ms(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, 2),
    }


async def measure(url: str, entries: int, proofs: int, checkpoints: list[int]) -> dict:
    engine = db.bind(db.engine_from_url(url))
    await db.start_pool(engine, max_size=4)
    tlog.configure(mode="off")
    result: dict = {"engine": engine.engine_type, "entries": entries}
    try:
        result["bulk_load_s"] = round(await load_pending(entries), 1)
        sequenced, start, marks = 0, time.perf_counter(), {}
        targets = sorted(set(checkpoints + [entries]))
        while sequenced < entries:
            batch_start = time.perf_counter()
            numbered, _ = await tlog._sequence_batch(tlog.BATCH)
            sequenced += numbered
            if numbered == 0:
                break
            for target in targets:
                if target not in marks and sequenced >= target:
                    marks[target] = {
                        "elapsed_s": round(time.perf_counter() - start, 1),
                        "last_batch_ms": round((time.perf_counter() - batch_start) * 1000, 1),
                    }
        elapsed = time.perf_counter() - start
        result["sequence_s"] = round(elapsed, 1)
        result["sequence_entries_per_s"] = round(sequenced / elapsed)
        result["sequence_marks"] = marks
        node_rows = await engine.run_ddl("SELECT COUNT(*) AS n FROM auditlog_knoop")
        result["tree_rows"] = int(node_rows[0]["n"])

        signing = []
        for _ in range(20):
            t0 = time.perf_counter()
            await tlog.issue_checkpoint(force=True)
            signing.append(time.perf_counter() - t0)
        result["checkpoint_sign_and_store"] = ms(signing)

        size = await tlog.tree_size()
        rng = random.Random(1)
        inclusion, consistency = [], []
        for _ in range(proofs):
            grootte = rng.randint(size // 2, size)
            regel = rng.randint(1, grootte)
            t0 = time.perf_counter()
            await tlog.inclusion_proof(regel, grootte)
            inclusion.append(time.perf_counter() - t0)
            van = rng.randint(1, size)
            t0 = time.perf_counter()
            await tlog.consistency_proof(van, size)
            consistency.append(time.perf_counter() - t0)
        result["inclusion_proof"] = ms(inclusion)
        result["consistency_proof"] = ms(consistency)

        note = (await tlog.latest_checkpoint())["tekst"]
        t0 = time.perf_counter()
        verdict = await tlog.verify(checkpoint_note=note)
        result["verify_full_s"] = round(time.perf_counter() - t0, 1)
        result["verify_intact"] = verdict["intact"]
    finally:
        await db.close_pool(engine)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="postgres", choices=["postgres", "sqlite"])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=200)
    args = parser.parse_args()
    marks = [m for m in (100_000, 500_000) if m < args.entries]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        keyvault.configure(keyvault.load_key_file(data / "register.key", create=True))
        if args.engine == "sqlite":
            url = f"sqlite:///{data / 'tlog.sqlite3'}"
            migrate(url, data)
            result = asyncio.run(measure(url, args.entries, args.proofs, marks))
        else:
            name = f"tlog_bench_{uuid.uuid4().hex[:6]}"

            async def admin(sql: str) -> None:
                conn = await asyncpg.connect(PG_ADMIN)
                try:
                    await conn.execute(sql)
                finally:
                    await conn.close()

            asyncio.run(admin(f'CREATE DATABASE "{name}"'))
            parts = urlsplit(PG_ADMIN)
            url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
            try:
                migrate(url, data)
                result = asyncio.run(measure(url, args.entries, args.proofs, marks))
            finally:
                asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"tlog-{args.engine}-{args.entries}-{stamp}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
