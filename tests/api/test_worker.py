"""The outbox and the worker (issue 15): written with the change, delivered at least once with backoff,
parked when it keeps failing, shared by several workers; the daily jobs once a day from the hour."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import time_machine

from api import worker
from api.settings import load_settings
from register import db as register_db
from register.infra import outbox
from register.opmaak import AMSTERDAM
from register.tables import Bericht, Dagtaak
from register.vocabulary import BERICHT_LEASE_SECONDEN, BERICHT_MAX_POGINGEN
from tests import builders
from tests.helpers import cli, cli_env, login

START = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


async def write_one(soort: str = "test", ontvanger: str = "x@voorbeeld.nl") -> str:
    async with register_db.transaction():
        return str(await outbox.schrijf("email", soort, ontvanger, {"a": 1}))


class Receiver:
    """A sender that records what it got and fails the first `fail` times."""

    def __init__(self, fail: int = 0) -> None:
        self.fail = fail
        self.got: list[str] = []

    async def __call__(self, bericht: outbox.BerichtRecord) -> None:
        if self.fail:
            self.fail -= 1
            raise worker.Afgewezen("ontvanger antwoordde 500")
        self.got.append(str(bericht.id))


async def test_a_message_exists_only_with_its_change(db):
    with pytest.raises(RuntimeError):
        await outbox.schrijf("email", "test", "x@voorbeeld.nl", {})
    with pytest.raises(ZeroDivisionError):
        async with register_db.transaction():
            await outbox.schrijf("email", "test", "x@voorbeeld.nl", {})
            1 / 0  # noqa: B018
    assert await Bericht.count() == 0
    await write_one()
    assert await Bericht.count() == 1


async def test_failures_are_retried_with_growing_pauses_then_delivered(db):
    receiver = Receiver(fail=2)
    with time_machine.travel(START, tick=False) as traveller:
        bericht_id = await write_one()
        assert await worker.bezorg({"email": receiver}) == (0, 1, 0)
        row = await Bericht.select().where(Bericht.id == bericht_id).first()
        assert row["pogingen"] == 1 and row["laatste_fout"] == "ontvanger antwoordde 500"
        assert await worker.bezorg({"email": receiver}) == (0, 0, 0)  # not due yet
        traveller.shift(dt.timedelta(seconds=30))
        assert await worker.bezorg({"email": receiver}) == (0, 1, 0)
        traveller.shift(dt.timedelta(seconds=59))
        assert await worker.bezorg({"email": receiver}) == (0, 0, 0)  # the second pause is twice as long
        traveller.shift(dt.timedelta(seconds=1))
        assert await worker.bezorg({"email": receiver}) == (1, 0, 0)
    assert receiver.got == [bericht_id]
    row = await Bericht.select().where(Bericht.id == bericht_id).first()
    assert row["status"] == "verzonden" and row["pogingen"] == 3


async def test_a_message_that_keeps_failing_is_parked_and_shown_to_the_beheerder(db, client):
    receiver = Receiver(fail=10_000)
    with time_machine.travel(START, tick=False) as traveller:
        await write_one(soort="uitnodiging")
        for _ in range(BERICHT_MAX_POGINGEN):
            await worker.bezorg({"email": receiver})
            traveller.shift(dt.timedelta(days=1))
        assert await worker.bezorg({"email": receiver}) == (0, 0, 0)
    row = await Bericht.select().first()
    assert row["status"] == "geparkeerd" and row["pogingen"] == BERICHT_MAX_POGINGEN
    login(client, await builders.beheerder())
    html = (await client.get("/beheer/berichten")).text
    assert "Geparkeerd (1)" in html and "uitnodiging" in html and "ontvanger antwoordde 500" in html


async def test_a_channel_without_a_sender_fails_rather_than_vanishing(db):
    await write_one()
    assert await worker.bezorg({}) == (0, 1, 0)
    assert (await Bericht.select().first())["laatste_fout"] == "geen bezorger voor kanaal email"


async def test_a_claimed_batch_is_delivered_at_once_and_each_message_marked(db):
    # three receivers that only answer when all three are waiting: delivery one by one would hang
    waiting: list[str] = []
    all_there = asyncio.Event()

    async def slow_receiver(bericht: outbox.BerichtRecord) -> None:
        waiting.append(str(bericht.id))
        if len(waiting) == 3:
            all_there.set()
        await asyncio.wait_for(all_there.wait(), timeout=10)

    with time_machine.travel(START, tick=False):
        ids = {await write_one() for _ in range(3)}
        assert await worker.bezorg({"email": slow_receiver}) == (3, 0, 0)
    assert set(waiting) == ids
    assert await Bericht.count().where(Bericht.status == "verzonden") == 3


async def test_a_worker_killed_after_delivery_delivers_again_with_the_same_id(db):
    got: list[str] = []

    async def delivered_then_killed(bericht: outbox.BerichtRecord) -> None:
        got.append(str(bericht.id))
        raise asyncio.CancelledError  # the process dies before it marks the message sent

    with time_machine.travel(START, tick=False) as traveller:
        bericht_id = await write_one()
        with pytest.raises(asyncio.CancelledError):
            await worker.bezorg({"email": delivered_then_killed})
        receiver = Receiver()
        assert await worker.bezorg({"email": receiver}) == (0, 0, 0)  # leased to the dead worker
        traveller.shift(dt.timedelta(seconds=BERICHT_LEASE_SECONDEN))
        assert await worker.bezorg({"email": receiver}) == (1, 0, 0)
    assert got == [bericht_id] and receiver.got == [bericht_id]


async def test_parallel_claims_never_take_the_same_message(db):
    for _ in range(30):
        await write_one()
    batches = await asyncio.gather(*(outbox.claim(4) for _ in range(6)))
    taken = [str(b.id) for batch in batches for b in batch]
    assert len(taken) == 24 and len(set(taken)) == 24


async def test_daily_jobs_run_once_a_day_from_the_hour(db):
    runs: list[str] = []
    failing = {"n": 1}

    async def signalen() -> None:
        runs.append("signalen")

    async def herinneringen() -> None:
        if failing["n"]:
            failing["n"] -= 1
            raise RuntimeError("smtp weg")
        runs.append("herinneringen")

    taken = {"signalen": signalen, "herinneringen": herinneringen}
    before = dt.datetime(2026, 11, 30, 2, 59, tzinfo=AMSTERDAM)
    with time_machine.travel(before, tick=False) as traveller:
        assert (await worker.ronde({}, uur=3, dagtaken=taken)).dagtaken == ()
        traveller.shift(dt.timedelta(minutes=1))
        assert (await worker.ronde({}, uur=3, dagtaken=taken)).dagtaken == ("signalen",)
        assert (await worker.ronde({}, uur=3, dagtaken=taken)).dagtaken == ("herinneringen",)
        assert (await worker.ronde({}, uur=3, dagtaken=taken)).dagtaken == ()
        traveller.shift(dt.timedelta(days=1))
        assert (await worker.ronde({}, uur=3, dagtaken=taken)).dagtaken == ("signalen", "herinneringen")
    assert runs == ["signalen", "herinneringen", "signalen", "herinneringen"]
    assert await Dagtaak.count() == 4


async def test_worker_once_runs_the_daily_jobs_once_and_exits(db, database_url, data_dir):
    env = cli_env(database_url, data_dir, REGISTER_WORKER_UUR="0")
    first = await asyncio.to_thread(cli, ["worker", "--once"], env)
    assert first.returncode == 0, first.stderr
    assert "dagtaken: signalen, retentie, documenten, checkpoint." in first.stdout
    again = await asyncio.to_thread(cli, ["worker", "--once"], env)
    assert again.returncode == 0 and "dagtaken: geen." in again.stdout


def test_worker_hour_must_be_an_hour():
    with pytest.raises(SystemExit, match="REGISTER_WORKER_UUR"):
        load_settings({"REGISTER_WORKER_UUR": "25"})
    assert load_settings({"REGISTER_WORKER_UUR": "7"}).worker_uur == 7
