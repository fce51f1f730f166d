"""The worker's daily sweep of the document store (issue 15): a document no claim holds goes 24 hours after
its upload (row, file and an audit-log entry), an attached one stays, a file no document row refers to goes
once it is an hour old, and a file still being uploaded stays. On both engines."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine

from api import worker
from audits.tables import AuditlogRegel
from register.infra import opslag
from register.services import documenten, organisaties
from register.tables import Bewijsstuk, Dagtaak, Document
from tests import builders

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    """A store of its own under tmp_path for this test (the app's is shared by the session)."""
    vorige = opslag._state.get("opslag")
    eigen = opslag.BestandsOpslag(tmp_path / "documenten")
    opslag.configure(eigen)
    yield eigen
    if vorige is not None:
        opslag.configure(vorige)


def pdf(n: int) -> bytes:
    return PDF + f"% {n}\n".encode()


def age(store: opslag.BestandsOpslag, sha: str, moment: dt.datetime) -> None:
    """Set a stored file's modification time (the filesystem keeps the real clock, not the test's)."""
    os.utime(store._pad(sha), (moment.timestamp(), moment.timestamp()))


async def test_unattached_documents_go_after_24_hours_attached_ones_stay(db, store):
    org = await builders.organisatie()
    org_actor = builders.actor_for(await builders.org_account(org["id"]))
    coach = await builders.jobcoach()
    coach_actor = builders.actor_for(await builders.coach_account(coach["id"]))
    with time_machine.travel(START, tick=False) as traveller:
        los = await documenten.upload(coach_actor, pdf(1))
        gekoppeld = await documenten.upload(org_actor, pdf(2))
        await organisaties.set_kwaliteitsborging(
            org_actor,
            org["id"],
            {"privacy": {"ingangsdatum": dt.date(2026, 11, 1), "bewijsstukken": [gekoppeld["id"]]}},
        )
        traveller.shift(dt.timedelta(hours=23, minutes=59))
        for sha in (los["sha256"], gekoppeld["sha256"]):
            age(store, sha, START)
        assert await documenten.opruimen() == {"ongekoppeld": 0, "weesbestanden": 0}
        traveller.shift(dt.timedelta(minutes=2))
        assert await documenten.opruimen() == {"ongekoppeld": 1, "weesbestanden": 0}
        assert await documenten.opruimen() == {"ongekoppeld": 0, "weesbestanden": 0}  # twice: nothing more
    assert [str(r["id"]) for r in await Document.select(Document.id)] == [gekoppeld["id"]]
    assert not store.bestaat(los["sha256"]) and store.bestaat(gekoppeld["sha256"])
    assert await Bewijsstuk.count() == 1
    entry = await AuditlogRegel.select().where(
        (AuditlogRegel.objecttype == "document") & (AuditlogRegel.object_id == los["id"])
    )
    assert [e["actie"] for e in entry] == ["create", "delete"]


async def test_the_same_file_of_another_owner_keeps_its_bytes(db, store):
    coach = await builders.jobcoach()
    coach_actor = builders.actor_for(await builders.coach_account(coach["id"]))
    org = await builders.organisatie()
    org_actor = builders.actor_for(await builders.org_account(org["id"]))
    with time_machine.travel(START, tick=False) as traveller:
        await documenten.upload(coach_actor, pdf(3))
        traveller.shift(dt.timedelta(hours=20))
        jong = await documenten.upload(org_actor, pdf(3))  # the same content, uploaded later
        traveller.shift(dt.timedelta(hours=5))
        assert (await documenten.opruimen())["ongekoppeld"] == 1
    assert [str(r["id"]) for r in await Document.select(Document.id)] == [jong["id"]]
    assert store.lees(jong["sha256"]) == pdf(3)


async def test_files_without_a_document_go_once_an_hour_old(db, store):
    wees = store.bewaar(pdf(4))  # an upload whose transaction failed
    onderweg = store.bewaar(pdf(5))  # an upload whose row is about to commit
    now = dt.datetime.now(dt.UTC)
    age(store, wees, now - dt.timedelta(hours=2))
    age(store, onderweg, now - dt.timedelta(minutes=10))
    coach = await builders.jobcoach()
    bewaard = await documenten.upload(builders.actor_for(await builders.coach_account(coach["id"])), pdf(6))
    age(store, bewaard["sha256"], now - dt.timedelta(hours=3))
    (store.root / "ab").mkdir(exist_ok=True)
    (store.root / "ab" / "niet-van-ons.txt").write_text("geen hash")  # not a stored content: left alone

    assert await documenten.opruimen() == {"ongekoppeld": 0, "weesbestanden": 1}
    assert not store.bestaat(wees)
    assert store.bestaat(onderweg) and store.bestaat(bewaard["sha256"])
    assert (store.root / "ab" / "niet-van-ons.txt").exists()
    [entry] = await AuditlogRegel.select().where(AuditlogRegel.objecttype == "documentopslag")
    assert entry["actie"] == "opruimen"


async def test_storing_known_content_again_makes_it_recent(db, store):
    sha = store.bewaar(pdf(7))
    oud = dt.datetime.now(dt.UTC) - dt.timedelta(hours=5)
    age(store, sha, oud)
    assert store.opgeslagen_voor(oud + dt.timedelta(minutes=1)) == [sha]
    store.bewaar(pdf(7))
    assert store.opgeslagen_voor(oud + dt.timedelta(minutes=1)) == []


async def test_the_worker_runs_the_sweep_as_a_daily_job(db, store):
    sha = store.bewaar(pdf(8))
    age(store, sha, dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    gedaan = await worker.ronde({}, uur=0, dagtaken={"documenten": worker.standaard_dagtaken()["documenten"]})
    assert gedaan.dagtaken == ("documenten",)
    assert not store.bestaat(sha)
    assert await Dagtaak.count() == 1
