"""E-mail to a gemeente's mailbox (issue 15): at once when the coach of a running traject is suspended, and a
daily digest of its new signals (counts and a link, no names), at most one a day."""

from __future__ import annotations

import json

from api import mail
from register import clock
from register.infra import outbox
from register.services import signalen
from register.tables import Bericht, Gemeente, Traject
from tests import builders
from tests.helpers import BASE_URL, auth


async def composed(soort: str) -> str:
    """The plain text of the waiting e-mail of this kind, as the worker composes it."""
    [bericht] = [b for b in await outbox.lijst("wachtend") if b.soort == soort]
    message = mail.opstellen(bericht, base_url=BASE_URL, afzender="Register <noreply@register.test>")
    return message["Subject"] + "\n" + message.get_body(preferencelist=("plain",)).get_content()


async def mails(soort: str) -> list[dict]:
    rows = await Bericht.select().where(Bericht.soort == soort)
    return [
        {**r, "inhoud": json.loads(r["inhoud"]) if isinstance(r["inhoud"], str) else r["inhoud"]}
        for r in rows
    ]


async def with_mailbox(world) -> None:
    await Gemeente.update({Gemeente.contact_email: "meldingen@rotterdam.example"}).where(
        Gemeente.code == world.gemeente
    )
    await Traject.update({Traject.status: "lopend"}).where(Traject.id == world.ids["traject"])


async def test_the_mailbox_is_set_by_the_beheerder_and_never_shown(client):
    beheerder = await builders.beheerder()
    bad = await client.post(
        "/api/v1/gemeenten",
        json={"code": "GM0363", "naam": "Amsterdam", "contactEmail": "geen-adres"},
        headers=auth(beheerder),
    )
    assert bad.status_code == 400 and "contactEmail" in bad.text
    made = await client.post(
        "/api/v1/gemeenten",
        json={"code": "GM0363", "naam": "Amsterdam", "contactEmail": "meldingen@amsterdam.example"},
        headers=auth(beheerder),
    )
    assert made.status_code == 201, made.text
    assert "meldingen@amsterdam.example" not in made.text
    row = await Gemeente.select().where(Gemeente.code == "GM0363").first()
    assert row["contact_email"] == "meldingen@amsterdam.example"


async def test_a_suspension_mails_the_gemeente_at_once(client):
    world = await builders.build_world()
    await with_mailbox(world)
    for status in ("actief", "geschorst"):
        response = await client.post(
            f"/api/v1/jobcoaches/{world.coach_a['id']}/status",
            json={"status": status, "reden": "klacht in onderzoek"},
            headers=world.headers("beheerder"),
        )
        assert response.status_code == 200, response.text
    [melding] = await mails("traject-melding")
    assert melding["ontvanger"] == "meldingen@rotterdam.example"
    assert melding["inhoud"] == {"reden": "geschorst", "pad": f"/gemeente/trajecten/{world.ids['traject']}"}
    text = await composed("traject-melding")
    assert "geschorst" in text and f"{BASE_URL}/gemeente/trajecten/{world.ids['traject']}" in text


async def test_new_signals_reach_the_gemeente_in_one_digest_a_day(db):
    world = await builders.build_world()
    await with_mailbox(world)
    await signalen.compute()
    await signalen.compute()
    [digest] = await mails("signalen-overzicht")
    assert digest["ontvanger"] == "meldingen@rotterdam.example"
    assert digest["inhoud"]["pad"] == "/gemeente" and sum(digest["inhoud"]["aantallen"].values()) >= 1
    assert world.coach_a["achternaam"] not in json.dumps(digest["inhoud"])
    text = await composed("signalen-overzicht")
    assert "Nieuwe signalen" in text and f"{BASE_URL}/gemeente" in text


async def test_a_withdrawn_keurmerk_mails_the_gemeente_at_once(client):
    world = await builders.build_world()
    await with_mailbox(world)
    keurmerk = await builders.keurmerk(world.coach_a["id"])
    response = await client.post(
        f"/api/v1/keurmerken/{keurmerk['id']}/statuswijzigingen",
        json={
            "status": "ingetrokken",
            "ingangsdatum": clock.today().isoformat(),
            "toelichting": "besluit van de registerhouder",
        },
        headers=world.headers("auditor"),
    )
    assert response.status_code == 201, response.text
    [melding] = await mails("traject-melding")
    assert melding["ontvanger"] == "meldingen@rotterdam.example"
    assert melding["inhoud"] == {
        "reden": "ingetrokken",
        "soort": "keurmerk",
        "pad": f"/gemeente/trajecten/{world.ids['traject']}",
    }
    text = await composed("traject-melding")
    assert "keurmerk" in text and "ingetrokken" in text
    assert world.coach_a["achternaam"] not in text  # a link, never the person
