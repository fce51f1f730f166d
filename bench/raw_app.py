"""The database's own ceiling: a minimal ASGI app doing one indexed query per request.

PostgreSQL: a raw asyncpg pool. SQLite: the standard sqlite3 module on a worker thread. No framework.
Run with uvicorn: `BENCH_DATABASE_URL=... uvicorn bench.raw_app:app`.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3

URL = os.environ["BENCH_DATABASE_URL"]
_pool = None
_ids: list[str] = []


async def _startup() -> None:
    global _pool, _ids
    if URL.startswith("postgresql"):
        import asyncpg

        _pool = await asyncpg.create_pool(URL, min_size=4, max_size=10)
        rows = await _pool.fetch("SELECT id FROM jobcoach LIMIT 5000")
        _ids = [r["id"] for r in rows]
    else:
        conn = sqlite3.connect(URL[len("sqlite:///") :])
        _ids = [r[0] for r in conn.execute("SELECT id FROM jobcoach LIMIT 5000")]
        conn.close()


def _sqlite_query(jobcoach_id: str) -> tuple:
    conn = sqlite3.connect(URL[len("sqlite:///") :])
    try:
        return conn.execute(
            "SELECT registratienummer, status FROM jobcoach WHERE id = ?", (jobcoach_id,)
        ).fetchone()
    finally:
        conn.close()


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await _startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _pool is not None:
                    await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    jobcoach_id = random.choice(_ids)  # noqa: S311
    if _pool is not None:
        row = await _pool.fetchrow(
            "SELECT registratienummer, status FROM jobcoach WHERE id = $1", jobcoach_id
        )
        body = {"registratienummer": row["registratienummer"], "status": row["status"]}
    else:
        row = await asyncio.to_thread(_sqlite_query, jobcoach_id)
        body = {"registratienummer": row[0], "status": row[1]}
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
