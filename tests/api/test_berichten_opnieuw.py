"""The beheerder offers a parked outbox message again (issue 15): a fresh series of attempts, through a
service that writes the audit log; only a parked message, only a beheerder."""

from __future__ import annotations

from register import db
from register.infra import outbox
from register.tables import Bericht
from tests import builders
from tests.helpers import audit_rows, login, post_form


async def parked() -> str:
    async with db.transaction():
        bericht = await outbox.schrijf("email", "herinnering", "coach@example.org", {"pad": "/"})
    await Bericht.update({Bericht.status: "geparkeerd", Bericht.pogingen: 8}).where(Bericht.id == bericht)
    return str(bericht)


async def test_a_parked_message_is_offered_again_from_the_page(client):
    beheerder = await builders.beheerder()
    bericht = await parked()
    login(client, beheerder)
    page = await client.get("/beheer/berichten")
    assert f'action="/beheer/berichten/{bericht}/opnieuw"' in page.text
    before = await audit_rows()
    response = await post_form(client, f"/beheer/berichten/{bericht}/opnieuw", {})
    assert response.status_code == 303
    assert "melding=bericht-opnieuw" in response.headers["location"]
    row = await Bericht.select().where(Bericht.id == bericht).first()
    assert (row["status"], row["pogingen"]) == ("wachtend", 0)
    assert await audit_rows() == before + 1
    # a second press finds no parked message: 404, nothing changes
    again = await post_form(client, f"/beheer/berichten/{bericht}/opnieuw", {})
    assert again.status_code == 404
    assert await audit_rows() == before + 1
