"""Signals: computed by `jobcoach-register signalen` (idempotent, safe to run twice at once), shown to
the right gemeente, coach or organisation at GET /api/v1/signalen; and the `keys rotate` command."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys

import time_machine

from register.services import organisaties, signalen, trajecten
from register.tables import Ondertekeningssleutel, Signaal
from tests import builders
from tests.builders import T0
from tests.helpers import ROOT, SECRET, auth


async def kinds(client, account) -> dict[str, list[dict]]:
    response = await client.get("/api/v1/signalen", headers=auth(account))
    assert response.status_code == 200, response.text
    out: dict[str, list[dict]] = {}
    for s in response.json()["resultaten"]:
        out.setdefault(s["soort"], []).append(s)
    return out


async def test_signals_for_gemeente_coach_and_organisation(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)  # Noloc ends 2026-04-01: within a month of 2026-03-02
        traject = await builders.traject(o, regime="licht", contracturen=24.0)
        await builders.approve(o, traject)
        day = dt.date(2026, 1, 5)
        for _ in range(4):  # 32.5 of 36 hours: 90 %
            await trajecten.add_uren(
                o.actor("jobcoach"), traject["id"], {"datum": day, "uren": 8.0, "activiteit": "training-on-the-job"}
            )
            day += dt.timedelta(days=1)
        await trajecten.add_uren(
            o.actor("jobcoach"), traject["id"], {"datum": day, "uren": 0.5, "activiteit": "training-on-the-job"}
        )
        await organisaties.add_klacht(
            builders.actor_for(o.org_a_account),
            o.org_a["id"],
            {"ontvangen_op": dt.date(2026, 2, 1), "onderwerp": "bereikbaarheid coach"},
        )
        result = await signalen.compute()
        assert result["nieuw"] == result["open"] > 0

        gemeente = await kinds(client, o.gemeente_account)
        assert set(gemeente) == {"rapportage-te-laat", "urenbudget-bijna-op"}
        assert "32,5 van 36 uur" in gemeente["urenbudget-bijna-op"][0]["tekst"]
        assert (
            "Begeleidingsplan van traject WMO-1 had uiterlijk 2 februari 2026"
            in gemeente["rapportage-te-laat"][0]["tekst"]
        )

        coach = await kinds(client, o.coach_a_account)
        assert set(coach) == {"keurmerk-verloopt"}
        assert (
            "Uw registratie Noloc Register Jobcoach (nummer NOLOC-1234) verloopt op 1 april 2026 (binnen 1 maand)"
            in coach["keurmerk-verloopt"][0]["tekst"]
        )

        org = await kinds(client, o.org_a_account)
        assert set(org) == {"klacht-termijn-verstreken"}

        other = await builders.gemeente_account("GM0363")
        assert await kinds(client, other) == {}
        beheerder = await builders.beheerder()
        assert await kinds(client, beheerder) == {}


async def test_running_twice_changes_nothing_and_resolved_conditions_close(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        first = await signalen.compute()
        assert first["nieuw"] > 0
        again = await signalen.compute()
        assert (again["nieuw"], again["bijgewerkt"], again["opgelost"]) == (0, 0, 0)
        assert again["open"] == first["open"]

        # the scheme renews the registration (an auditor records it as a new version, from today): the
        # reminder resolves
        renewed = await client.post(
            f"/api/v1/keurmerken/{o.ids['keurmerk']}/statuswijzigingen",
            headers=auth(o.auditor),
            json={
                "status": "actief",
                "ingangsdatum": T0.date().isoformat(),
                "geldigTot": "2030-04-01",
                "toelichting": "herregistratie toegekend",
            },
        )
        assert renewed.status_code == 201, renewed.text
        after = await signalen.compute()
        assert after["opgelost"] == 1
        assert "keurmerk-verloopt" not in await kinds(client, o.coach_a_account)
        shown = await client.get(
            "/api/v1/signalen", headers=auth(o.coach_a_account), params={"ookOpgelost": "true"}
        )
        assert [s["soort"] for s in shown.json()["resultaten"] if s["opgelostOp"]] == ["keurmerk-verloopt"]


async def test_two_runs_at_once_store_each_signal_once(db):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        await asyncio.gather(signalen.compute(), signalen.compute(), signalen.compute())
        rows = await Signaal.select(Signaal.sleutel)
        assert len(rows) == len({r["sleutel"] for r in rows}) > 0


async def test_a_coach_who_stops_qualifying_raises_a_signal_for_the_gemeente(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        await signalen.compute()
        assert "jobcoach-voldoet-niet" not in await kinds(client, o.gemeente_account)

        t.move_to(dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC))  # the Noloc registration ended yesterday
        result = await signalen.compute()
        assert result["nieuw"] >= 1
        raised = (await kinds(client, o.gemeente_account))["jobcoach-voldoet-niet"]
        assert len(raised) == 1
        assert raised[0]["onderwerpType"] == "traject" and raised[0]["onderwerpId"] == traject["id"]
        assert "Noloc Register Jobcoach (nummer NOLOC-1234) is verlopen op 1 april 2026" in raised[0]["tekst"]
        assert "jobcoach-voldoet-niet" not in await kinds(client, o.coach_a_account)

        # the scheme renews the registration (recorded by an auditor as a new version, as every change of a
        # keurmerk is): the next verification today resolves the signal at once
        renewed = await client.post(
            f"/api/v1/keurmerken/{o.ids['keurmerk']}/statuswijzigingen",
            headers=auth(o.auditor),
            json={
                "status": "actief",
                "ingangsdatum": "2026-04-02",
                "geldigTot": "2030-04-01",
                "toelichting": "herregistratie toegekend",
            },
        )
        assert renewed.status_code == 201, renewed.text
        response = await client.post(
            f"/api/v1/trajecten/{traject['id']}/verificaties", headers=auth(o.gemeente_account), json={}
        )
        assert response.json()["gekwalificeerd"] is True
        assert "jobcoach-voldoet-niet" not in await kinds(client, o.gemeente_account)


async def test_a_negative_verification_today_raises_the_signal_at_once(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        t.move_to(dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC))
        response = await client.post(
            f"/api/v1/trajecten/{traject['id']}/verificaties", headers=auth(o.gemeente_account), json={}
        )
        assert response.json()["gekwalificeerd"] is False
        assert len((await kinds(client, o.gemeente_account))["jobcoach-voldoet-niet"]) == 1
        # the job agrees and adds nothing twice
        await signalen.compute()
        assert len((await kinds(client, o.gemeente_account))["jobcoach-voldoet-niet"]) == 1


def run_cli(database_url: str, data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": database_url,
        "REGISTER_DATA_DIR": str(data_dir),
        "REGISTER_SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


async def test_cli_signalen_and_keys_rotate(db, database_url, data_dir):
    await builders.gemeente("GM0599")
    coach = await builders.jobcoach()
    from register.services import jobcoaches

    await jobcoaches.set_status(builders.BEHEER, coach["id"], "actief", "toegelaten")
    first = await asyncio.to_thread(run_cli, database_url, data_dir, "signalen")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Signalen berekend: 2 nieuw")  # no scholing, no self-assessment
    second = await asyncio.to_thread(run_cli, database_url, data_dir, "signalen")
    assert "0 nieuw, 0 bijgewerkt, 0 opgelost, 2 open" in second.stdout

    rotated = await asyncio.to_thread(run_cli, database_url, data_dir, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert "0 eerdere sleutel(s) blijven gepubliceerd" in rotated.stdout
    rotated = await asyncio.to_thread(run_cli, database_url, data_dir, "keys", "rotate")
    assert "1 eerdere sleutel(s) blijven gepubliceerd" in rotated.stdout
    assert await Ondertekeningssleutel.count() == 2
    assert await Ondertekeningssleutel.count().where(Ondertekeningssleutel.actief == True) == 1  # noqa: E712
