"""Webhooks (issue 15) against a real HTTP receiver on loopback: subscriptions, SSRF refusals, a suspended
coach's signed CloudEvent that verifies with `standardwebhooks`, retries after 500s, and at-least-once
delivery with the same webhook-id when the worker dies before marking the message sent."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import time_machine
from standardwebhooks.webhooks import Webhook

from api import webhooks, worker
from api.app import create_app
from register.tables import Traject
from tests import builders
from tests.helpers import BASE_URL

TYPE = "nl.jobcoachregister.traject.kwalificatie-gewijzigd"


class Receiver:
    """A real HTTP server on 127.0.0.1 that answers with the next status of `statussen` (then 204)."""

    def __init__(self, *statussen: int) -> None:
        self.statussen = list(statussen)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.statussen.pop(0) if outer.statussen else 204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/meldingen"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
async def loopback_client(db, settings):
    app = create_app(dataclasses.replace(settings, webhook_http_loopback=True), manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


BEZORGER = webhooks.WebhookBezorger(BASE_URL, "urn:nld:jobcoachregister:testserver.local", http_loopback=True)


async def deliver() -> tuple[int, int, int]:
    return await worker.bezorg({"webhook": BEZORGER})


async def subscribe(client, world, url: str, **extra) -> httpx.Response:
    return await client.post(
        "/api/v1/abonnementen", json={"url": url, **extra}, headers=world.headers("gemeente")
    )


async def running_traject(world) -> str:
    """The world's traject (coach A, the world's gemeente), running; the coach's only traject."""
    # the traject runs (its funding decision is not what these tests are about)
    await Traject.update({Traject.status: "lopend"}).where(Traject.id == world.ids["traject"])
    assert await Traject.count().where(Traject.jobcoach == world.coach_a["id"]) == 1
    return world.ids["traject"]


async def suspend(client, world) -> None:
    admitted = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/status",
        json={"status": "actief", "reden": "toegelaten"},
        headers=world.headers("beheerder"),
    )
    assert admitted.status_code == 200, admitted.text
    response = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/status",
        json={"status": "geschorst", "reden": "klacht in onderzoek"},
        headers=world.headers("beheerder"),
    )
    assert response.status_code == 200, response.text


async def test_a_gemeente_subscribes_lists_and_ends_its_subscription(loopback_client):
    client = loopback_client
    world = await builders.build_world()
    with Receiver() as receiver:
        made = await subscribe(client, world, receiver.url, typen=[TYPE])
    assert made.status_code == 201, made.text
    body = made.json()
    assert (
        body["geheim"].startswith("whsec_") and body["typen"] == [TYPE] and body["aangemaaktOp"].endswith("Z")
    )
    listed = (await client.get("/api/v1/abonnementen", headers=world.headers("gemeente"))).json()
    assert [a["id"] for a in listed["resultaten"]] == [body["id"]] and "geheim" not in listed["resultaten"][0]
    typen = (await client.get("/api/v1/abonnementen/typen", headers=world.headers("gemeente"))).json()
    assert TYPE in [t["type"] for t in typen["typen"]]
    other = await client.get(f"/api/v1/abonnementen/{body['id']}", headers=world.headers("gemeente-y"))
    assert other.status_code == 404
    gone = await client.delete(f"/api/v1/abonnementen/{body['id']}", headers=world.headers("gemeente"))
    assert gone.status_code == 204
    assert (
        await client.get(f"/api/v1/abonnementen/{body['id']}", headers=world.headers("gemeente"))
    ).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.8/meldingen",
        "https://169.254.169.254/latest/meta-data",
        "https://[fd00::1]/meldingen",
        "https://[::ffff:127.0.0.1]/meldingen",
        "ftp://127.0.0.1/meldingen",
        "https://user:pw@127.0.0.1/meldingen",
    ],
)
async def test_internal_targets_are_refused(loopback_client, url):
    world = await builders.build_world()
    response = await subscribe(loopback_client, world, url)
    assert response.status_code == 400, response.text
    assert "url" in {p["name"] for p in response.json()["invalidParams"]}


async def test_plain_http_to_loopback_only_when_configured(client):
    world = await builders.build_world()
    response = await subscribe(client, world, "http://127.0.0.1:9/meldingen")
    assert response.status_code == 400 and "https" in response.text


async def test_a_suspended_coach_produces_one_signed_cloudevent(loopback_client):
    client = loopback_client
    world = await builders.build_world()
    traject_id = await running_traject(world)
    with Receiver() as receiver:
        geheim = (await subscribe(client, world, receiver.url)).json()["geheim"]
        elders = await client.post(  # another gemeente, without trajecten of this coach: nothing for it
            "/api/v1/abonnementen", json={"url": receiver.url}, headers=world.headers("gemeente-y")
        )
        assert elders.status_code == 201
        await suspend(client, world)
        assert await deliver() == (1, 0, 0)
    [(headers, body)] = receiver.requests
    event = Webhook(geheim).verify(body, headers)
    assert headers["content-type"].startswith("application/cloudevents+json")
    assert event["specversion"] == "1.0" and event["type"] == TYPE
    uuid.UUID(event["id"])
    assert event["source"].startswith("urn:") and event["time"].endswith("Z")
    assert event["datacontenttype"] == "application/json"
    assert event["dataref"] == f"{BASE_URL}/api/v1/trajecten/{traject_id}"
    assert event["data"] == {"traject": traject_id, "reden": "jobcoach-geschorst"}
    assert world.coach_a["achternaam"] not in body.decode() and world.coach_a["email"] not in body.decode()
    assert not _verifies(geheim, (headers, body.replace(b"geschorst", b"actief")))  # a forged body fails


def _verifies(geheim: str, request: tuple[dict[str, str], bytes]) -> bool:
    try:
        Webhook(geheim).verify(request[1], request[0])
    except Exception:
        return False
    return True


async def test_a_receiver_answering_500_twice_gets_the_event_on_the_third_try(loopback_client):
    client = loopback_client
    world = await builders.build_world()
    await running_traject(world)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with Receiver(500, 500) as receiver, time_machine.travel(start, tick=False) as traveller:
        made = (await subscribe(client, world, receiver.url)).json()
        await suspend(client, world)
        assert await deliver() == (0, 1, 0)
        traveller.shift(dt.timedelta(seconds=30))
        assert await deliver() == (0, 1, 0)
        traveller.shift(dt.timedelta(seconds=60))
        assert await deliver() == (1, 0, 0)
        log = await client.get(
            f"/api/v1/abonnementen/{made['id']}/afleveringen", headers=world.headers("gemeente")
        )
    ids = {headers["webhook-id"] for headers, _ in receiver.requests}
    assert len(receiver.requests) == 3 and len(ids) == 1
    pogingen = sorted((a["poging"], a["httpStatus"]) for a in log.json()["resultaten"])
    assert pogingen == [(1, 500), (2, 500), (3, 204)]


async def test_a_worker_killed_between_delivery_and_marking_delivers_again_with_the_same_id(loopback_client):
    client = loopback_client
    world = await builders.build_world()
    await running_traject(world)

    async def delivered_then_killed(bericht) -> None:
        await BEZORGER(bericht)
        raise asyncio.CancelledError  # the process dies before it marks the message sent

    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with Receiver() as receiver, time_machine.travel(start, tick=False) as traveller:
        geheim = (await subscribe(client, world, receiver.url)).json()["geheim"]
        await suspend(client, world)
        with pytest.raises(asyncio.CancelledError):
            await worker.bezorg({"webhook": delivered_then_killed})
        assert _verifies(geheim, receiver.requests[0])
        assert await deliver() == (0, 0, 0)  # still leased to the dead worker
        traveller.shift(dt.timedelta(minutes=5))
        assert await deliver() == (1, 0, 0)
        assert _verifies(geheim, receiver.requests[1])
        assert await deliver() == (0, 0, 0)
    first, second = receiver.requests
    assert first[0]["webhook-id"] == second[0]["webhook-id"]
    assert json.loads(first[1])["id"] == json.loads(second[1])["id"]


async def test_a_subscription_to_every_type_lists_them_explicitly(loopback_client):
    """Outsider finding: a subscription without `typen` came back as `typen: null`; a client now reads the
    explicit list of every type, when made, alone and in the list."""
    from register.vocabulary import WEBHOOK_TYPEN

    client = loopback_client
    world = await builders.build_world()
    with Receiver() as receiver:
        made = await subscribe(client, world, receiver.url)
    assert made.status_code == 201, made.text
    alle = list(WEBHOOK_TYPEN.codes)
    assert made.json()["typen"] == alle and alle
    alleen = await client.get(f"/api/v1/abonnementen/{made.json()['id']}", headers=world.headers("gemeente"))
    assert alleen.json()["typen"] == alle
    lijst = (await client.get("/api/v1/abonnementen", headers=world.headers("gemeente"))).json()
    assert lijst["resultaten"][0]["typen"] == alle
