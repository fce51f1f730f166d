"""Profile the bulk verification service for 1,000 trajecten against a generated PostgreSQL database.

    python -m bench.profile_bulk postgresql://postgres@127.0.0.1:5432/DBNAME [--profile] [--rounds N]

Calls register.services.verificaties.verify directly (no HTTP) as bench-gm0001 and prints the wall time
per round (median of the rounds); with --profile it also prints a pyinstrument profile of one round.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from api import attestatie
from api.settings import load_settings
from register import db
from register.infra import keyvault
from register.services import accounts, verificaties
from register.tables import Account, Traject


async def main(url: str, rounds: int, profile: bool, single: int) -> None:
    # the signing keys are sealed with the key file of REGISTER_DATA_DIR (or REGISTER_KEY_FILE)
    keyvault.configure(keyvault.load_key_file(load_settings().key_path, create=True))
    engine = db.bind(db.engine_from_url(url))
    await db.start_pool(engine)
    account = (
        await Account.select(Account.id, Account.token_versie)
        .where(Account.gebruikersnaam == "bench-gm0001")
        .first()
    )
    actor = await accounts.load_actor(str(account["id"]), account["token_versie"])
    ids = [
        str(r["id"])
        for r in await Traject.select(Traject.id)
        .where(Traject.gemeente == "GM0001")
        .order_by(Traject.id)
        .limit(1000)
    ]
    signer = await attestatie.ondertekenaar("https://register.example")
    await verificaties.verify(actor, ids[:10], None, signer, bulk=True)  # warm up
    times, cpu = [], []
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        await verificaties.verify(actor, ids, None, signer, bulk=True)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(
        f"bulk 1000: median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms "
        f"(this process's CPU: median {statistics.median(cpu) * 1000:.0f} ms)"
    )
    if single:
        t, c = time.perf_counter(), time.process_time()
        for i in range(single):
            await verificaties.verify(actor, [ids[i % len(ids)]], None, signer)
        per = (time.perf_counter() - t) / single
        per_cpu = (time.process_time() - c) / single
        print(
            f"single: {per * 1000:.2f} ms per verification, CPU {per_cpu * 1000:.2f} ms ({single} in a row)"
        )
    if profile:
        from pyinstrument import Profiler

        p = Profiler(async_mode="enabled", interval=0.0005)
        p.start()
        await verificaties.verify(actor, ids, None, signer, bulk=True)
        p.stop()
        print(p.output_text(unicode=False, color=False, show_all=False))
    await db.close_pool(engine)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--single", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    a = parser.parse_args()
    asyncio.run(main(a.url, a.rounds, a.profile, a.single))
