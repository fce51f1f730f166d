"""The whole path a gemeente walks, on SQLite and PostgreSQL: coach and organisation with verified
facts -> traject -> verification gekwalificeerd with ten criteria -> the Noloc registration expires ->
a new verification is false with the persoonsregister line explaining why, while a verification with
the old peildatum is still true -> a signal for the gemeente."""

from __future__ import annotations

import datetime as dt

import time_machine

from register.rules.kader import CRITERIA
from register.services import signalen
from tests import builders
from tests.builders import T0
from tests.helpers import auth


async def test_whole_path(client):
    with time_machine.travel(T0, tick=False) as traveller:
        o = await builders.qualified_world(noloc_tot=dt.date(2026, 4, 1), traveller=traveller)
        headers = auth(o.gemeente_account)

        created = await client.post("/api/v1/trajecten", headers=headers, json=builders.traject_body(o))
        assert created.status_code == 201, created.text
        traject = created.json()
        assert traject["urenbudget"][0] == {
            **traject["urenbudget"][0],
            "jaar": 1,
            "maximaal": 40.0,
            "besteed": 0.0,
        }

        first = await client.post(f"/api/v1/trajecten/{traject['id']}/verificaties", headers=headers, json={})
        assert first.status_code == 201, first.text
        v1 = first.json()
        assert v1["gekwalificeerd"] is True, v1["criteria"]
        assert [c["code"] for c in v1["criteria"]] == list(CRITERIA)
        assert all(c["voldaan"] and c["vereist"] for c in v1["criteria"])
        assert v1["peildatum"] == "2026-03-02"
        assert v1["toetsingskader"] == {"gemeente": None, "versie": 0}

        decided = await client.post(
            f"/api/v1/trajecten/{traject['id']}/besluit",
            headers=headers,
            json={"besluit": "goedgekeurd", "verificatie": v1["id"], "toelichting": "voldoet"},
        )
        assert decided.status_code == 201, decided.text
        assert decided.json()["status"] == "goedgekeurd"

        traveller.move_to(dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC))
        headers = auth(o.gemeente_account)  # a fresh token on the new day
        later = await client.post(f"/api/v1/trajecten/{traject['id']}/verificaties", headers=headers, json={})
        assert later.status_code == 201, later.text
        v2 = later.json()
        assert v2["gekwalificeerd"] is False
        failing = [c for c in v2["criteria"] if not c["voldaan"]]
        assert [c["code"] for c in failing] == ["persoonsregister"]
        assert failing[0]["toelichting"] == "Noloc-registratie NOLOC-1234 is verlopen op 2026-04-01."
        assert failing[0]["bewijs"][0]["geldigTot"] == "2026-04-01"

        traveller.shift(dt.timedelta(seconds=1))
        old = await client.post(
            f"/api/v1/trajecten/{traject['id']}/verificaties",
            headers=headers,
            json={"peildatum": "2026-03-02"},
        )
        assert old.status_code == 201, old.text
        assert old.json()["gekwalificeerd"] is True
        listed = (await client.get("/api/v1/trajecten", headers=headers)).json()["resultaten"]
        assert listed[0]["laatsteVerificatie"]["id"] == old.json()["id"]  # the newest, whatever its peildatum
        history = (
            await client.get(f"/api/v1/trajecten/{traject['id']}/verificaties", headers=headers)
        ).json()
        assert [v["id"] for v in history["resultaten"]] == [old.json()["id"], v2["id"], v1["id"]]

        result = await signalen.compute()
        assert result["open"] >= 1
        shown = await client.get("/api/v1/signalen", headers=headers)
        assert shown.status_code == 200, shown.text
        mine = [s for s in shown.json()["resultaten"] if s["soort"] == "jobcoach-voldoet-niet"]
        assert len(mine) == 1
        assert mine[0]["onderwerpId"] == traject["id"]
        assert "persoonsregister" in mine[0]["tekst"] and "NOLOC-1234" in mine[0]["tekst"]
