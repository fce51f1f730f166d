"""Dutch names (issue #16, case 8): voornaam, tussenvoegsel and achternaam; shown as "Sanne de Vries";
sorted on the achternaam ignoring tussenvoegsel, case and accents, in the same order on both engines
(the stored key of register.rules.namen)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from register.rules import namen
from register.services import jobcoaches, retentie
from register.tables import Jobcoach
from tests import builders
from tests.helpers import auth, login

# as a Dutch phone book orders them; the old order (lower(achternaam)) put "'t Hart" and "d'Hondt" first,
# "de Vries" under d, "van den Berg" under v and "Öztürk" after "Zwart"
NAMEN = [
    ("Ans", "", "Bakker"),
    ("Joost", "van den", "Berg"),
    ("Anna", "", "Bergen"),
    ("Piet", "'t", "Hart"),
    ("Jan", "", "d'Hondt"),
    ("Eva", "", "Jansen"),
    ("Otto", "", "Overmars"),
    ("Fatima", "", "Öztürk"),
    ("Sanne", "de", "Vries"),
    ("Tim", "", "de Vries"),  # the tussenvoegsel typed into the achternaam sorts the same
    ("Zoë", "", "Zwart"),
]


@pytest.mark.parametrize(
    ("deel", "verwacht"),
    [
        (("Sanne", "de", "Vries"), "Sanne de Vries"),
        (("Eva", "", "Jansen"), "Eva Jansen"),
        (("Eva", None, "Jansen"), "Eva Jansen"),
    ],
)
def test_volledige_naam(deel, verwacht):
    assert namen.volledige_naam(*deel) == verwacht


@pytest.mark.parametrize(
    ("achternaam", "verwacht"),
    [("'t Hart", "hart"), ("d'Hondt", "hondt"), ("d’Hondt", "hondt"), ("van den Berg", "berg"), ("De Vries", "vries"),
     ("Öztürk", "ozturk"), ("Van", "van"), ("Smit-Jansen", "smit-jansen")],
)  # fmt: skip
def test_achternaam_voor_sorteren(achternaam, verwacht):
    assert namen.achternaam_voor_sorteren(achternaam) == verwacht


def test_the_sort_key_orders_as_a_phone_book():
    keys = [namen.sorteersleutel(*n) for n in NAMEN]
    assert keys == sorted(keys)
    assert namen.sorteersleutel("A", "", "Berg") < namen.sorteersleutel("A", "", "Bergen")


@pytest.mark.parametrize(
    ("achternaam", "verwacht"),
    [("van den Berg", ("van den", "Berg")), ("'t Hart", ("'t", "Hart")), ("De Vries", ("", "De Vries")),
     ("d'Hondt", ("", "d'Hondt")), ("van", ("", "van")), ("Jansen", ("", "Jansen"))],
)  # fmt: skip
def test_splits_achternaam(achternaam, verwacht):
    assert namen.splits_achternaam(achternaam) == verwacht


async def _coaches(status: str = "actief") -> dict[str, str]:
    ids = {}
    for voornaam, tussenvoegsel, achternaam in reversed(NAMEN):  # stored in the wrong order
        view = await builders.jobcoach(
            voornaam=voornaam, tussenvoegsel=tussenvoegsel, achternaam=achternaam, status=status
        )
        ids[view["id"]] = namen.volledige_naam(voornaam, tussenvoegsel, achternaam)
    return ids


async def test_the_public_register_lists_coaches_in_phone_book_order(client):
    await _coaches()
    body = (await client.get("/api/v1/register/jobcoaches", params={"paginaGrootte": 50})).json()
    assert [c["naam"] for c in body["resultaten"]] == [namen.volledige_naam(*n) for n in NAMEN]


async def test_the_beheerder_list_is_in_the_same_order(client):
    await _coaches(status="aangemeld")
    admin = await builders.beheerder()
    body = (await client.get("/api/v1/jobcoaches", headers=auth(admin), params={"paginaGrootte": 50})).json()
    assert [c["naam"] for c in body["resultaten"]] == [namen.volledige_naam(*n) for n in NAMEN]
    login(client, admin)
    html = (await client.get("/beheer/jobcoaches")).text
    assert html.index("Berg, Joost van den") < html.index("Hart, Piet &#39;t") < html.index("Öztürk, Fatima")


async def test_tussenvoegsel_in_the_api_and_the_key_follows_every_change(client):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={
            "voornaam": "Sanne",
            "tussenvoegsel": "de",
            "achternaam": "Vries",
            "email": "sanne@voorbeeld.nl",
        },
    )
    assert response.status_code == 201, response.text
    coach = response.json()
    assert (coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"]) == ("Sanne", "de", "Vries")
    assert coach["naam"] == "Sanne de Vries"
    changed = await client.patch(
        f"/api/v1/jobcoaches/{coach['id']}", headers=auth(admin), json={"tussenvoegsel": "van der"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["naam"] == "Sanne van der Vries"
    row = await Jobcoach.select(Jobcoach.sorteersleutel).where(Jobcoach.id == coach["id"]).first()
    assert row["sorteersleutel"] == namen.sorteersleutel("Sanne", "van der", "Vries") == "vries sanne vander"
    too_long = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={"voornaam": "A", "tussenvoegsel": "x" * 31, "achternaam": "B", "email": "a@voorbeeld.nl"},
    )
    assert too_long.status_code == 400 and "tussenvoegsel" in too_long.text


async def test_search_finds_the_name_with_its_tussenvoegsel(client):
    await _coaches()
    body = (await client.get("/api/v1/register/jobcoaches", params={"zoek": "Sanne de Vries"})).json()
    assert body["resultaten"][0]["naam"] == "Sanne de Vries"


async def test_anonymisation_keeps_the_key_in_step(db):
    with time_machine.travel(dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC)):
        coach = await builders.jobcoach(
            voornaam="Piet", tussenvoegsel="'t", achternaam="Hart", status="actief"
        )
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "uitgeschreven", "stopt met het vak")
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        assert len((await retentie.run())["geanonimiseerd"]) == 1
    after = await Jobcoach.select().where(Jobcoach.id == coach["id"]).first()
    assert after["tussenvoegsel"] == ""
    assert after["sorteersleutel"] == namen.sorteersleutel(after["voornaam"], "", after["achternaam"])
    assert (await jobcoaches.view(coach["id"]))["naam"] == f"{retentie.VOORNAAM} {retentie.ACHTERNAAM}"
