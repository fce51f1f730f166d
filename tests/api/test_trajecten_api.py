"""Trajecten through the API: creation and its bad input, gemeente scoping, the hours budget, hours
registration, carry-over, extension and the report schedule."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import Inzagelog
from register.services import accounts, jobcoaches, trajecten
from register.tables import Rapportage, Traject, Urenregistratie
from tests import builders
from tests.builders import T0
from tests.helpers import auth, invalid_params

# --- creating ----------------------------------------------------------------------------------------


async def test_create_returns_budget_and_schedule(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.post(
            "/api/v1/trajecten", headers=auth(o.gemeente_account), json=builders.traject_body(o)
        )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "aangevraagd"
    assert body["einddatum"] == "2028-01-04"
    assert [(y["jaar"], y["maximaal"], y["besteed"]) for y in body["urenbudget"]] == [
        (1, 40.0, 0.0),
        (2, 24.0, 0.0),
    ]
    soorten = [(r["soort"], r["vervaldatum"]) for r in body["rapportages"]]
    assert soorten[0] == ("begeleidingsplan", "2026-02-02")
    assert ("voortgangsrapportage", "2026-04-05") in soorten
    assert ("bijstelling-begeleidingsplan", "2026-07-05") in soorten
    assert soorten[-1] == ("eindverslag", "2028-01-04")
    assert body["rapportages"][0]["status"] == "te-laat"  # due four weeks after the start, now past


BAD_TRAJECTEN = [
    (
        "unknown gemeente",
        {"gemeente": "GM9999"},
        "gemeente",
        "gemeente GM9999 is niet bekend in het register",
    ),
    ("malformed gemeente", {"gemeente": "Rotterdam"}, "gemeente", "moet een CBS-gemeentecode zijn"),
    ("no such coach", {"jobcoach": "4b1c2f8e-0000-4000-8000-000000000000"}, "jobcoach", "bestaat niet"),
    (
        "no such organisation",
        {"organisatie": "4b1c2f8e-0000-4000-8000-000000000000"},
        "organisatie",
        "bestaat niet",
    ),
    (
        "zero contract hours",
        {"contracturen": 0},
        "contracturen",
        "moet meer dan 0 en hoogstens 40 uur per week zijn",
    ),
    ("over 40 contract hours", {"contracturen": 41}, "contracturen", "hoogstens 40 uur per week"),
    ("start before registration", {"startdatum": "2025-01-05"}, "startdatum", "inschrijving van de jobcoach"),
    ("BSN as referentie", {"referentie": "111222333"}, "referentie", "BSN"),
    ("BSN with dots", {"referentie": "dossier 111.222.333"}, "referentie", "BSN"),
    ("unknown regime", {"regime": "zwaar"}, "regime", "licht, midden"),
    ("not a date", {"startdatum": "5 januari"}, "startdatum", "datum"),
]


async def test_bad_traject_input_changes_nothing(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = auth(o.gemeente_account)
        for name, change, field, words in BAD_TRAJECTEN:
            response = await client.post("/api/v1/trajecten", headers=headers, json=builders.traject_body(o, **change))
            assert response.status_code == 400, (name, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert words in invalid_params(response).get(field, ""), (name, response.json())
        all_at_once = await client.post(
            "/api/v1/trajecten",
            headers=headers,
            json=builders.traject_body(o, contracturen=0, referentie="111222333", regime="x"),
        )
        assert set(invalid_params(all_at_once)) == {"contracturen", "referentie", "regime"}
        assert await Traject.count() == 0


async def test_duplicate_reference_and_another_gemeentes_code(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        await builders.gemeente("GM0363", "Amsterdam")
        headers = auth(o.gemeente_account)
        assert (
            await client.post("/api/v1/trajecten", headers=headers, json=builders.traject_body(o))
        ).status_code == 201
        again = await client.post("/api/v1/trajecten", headers=headers, json=builders.traject_body(o))
        assert again.status_code == 400 and "al een traject met deze referentie" in invalid_params(again)["referentie"]
        foreign = await client.post(
            "/api/v1/trajecten", headers=headers, json=builders.traject_body(o, gemeente="GM0363")
        )
        assert foreign.status_code == 403
        assert await Traject.count() == 1


# --- scoping -----------------------------------------------------------------------------------------


async def test_a_gemeente_sees_and_changes_only_its_own_trajecten(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        other = await builders.gemeente_account("GM0363")
        coach_b = await builders.jobcoach()
        coach_b_account = await builders.coach_account(coach_b["id"])
        org_b_account = await builders.org_account((await builders.organisatie())["id"])
        url = f"/api/v1/trajecten/{traject['id']}"
        y = auth(other)
        assert (await client.get(url, headers=y)).status_code == 404
        assert (await client.patch(url, headers=y, json={"werkgever": "X"})).status_code == 404
        assert (await client.post(f"{url}/verificaties", headers=y, json={})).status_code == 404
        assert (
            await client.post(
                f"{url}/besluit", headers=y, json={"besluit": "afgewezen", "verificatie": traject["id"]}
            )
        ).status_code == 404
        assert (
            await client.post(f"{url}/verlenging", headers=y, json={"motivatie": "x" * 20})
        ).status_code == 404
        assert (await client.get("/api/v1/trajecten", headers=y)).json()["aantal"] == 0
        assert (await client.get(url, headers=auth(coach_b_account))).status_code == 404
        assert (await client.get(url, headers=auth(org_b_account))).status_code == 404
        for account in (o.gemeente_account, o.coach_a_account, o.org_a_account):
            assert (await client.get(url, headers=auth(account))).status_code == 200
        listed = (await client.get("/api/v1/trajecten", headers=auth(o.coach_a_account))).json()
        assert [t["id"] for t in listed["resultaten"]] == [traject["id"]]
        assert await Traject.select(Traject.werkgever).first() == {"werkgever": "Bakkerij Van Dam"}


async def test_a_gemeente_never_reads_a_coachs_private_record_not_even_through_its_own_traject(client):
    # issue 12, case 2: a traject is no key; the gemeente gets the verdict, its evidence and public data
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        url = f"/api/v1/jobcoaches/{o.coach_a['id']}"
        assert (await client.get(url, headers=auth(o.gemeente_account))).status_code == 403
        await builders.traject(o)
        assert (await client.get(url, headers=auth(o.gemeente_account))).status_code == 403
        other = await builders.gemeente_account("GM0363")
        assert (await client.get(url, headers=auth(other))).status_code == 403


async def test_the_gemeente_edits_its_traject_with_optimistic_locking(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        url = f"/api/v1/trajecten/{traject['id']}"
        headers = auth(o.gemeente_account)
        changed = await client.patch(url, headers=headers, json={"werkgever": "Bakkerij De Wit", "versie": 1})
        assert changed.status_code == 200, changed.text
        assert (changed.json()["werkgever"], changed.json()["versie"]) == ("Bakkerij De Wit", 2)
        stale = await client.patch(url, headers=headers, json={"werkgever": "Anders", "versie": 1})
        assert stale.status_code == 409
        bsn = await client.patch(url, headers=headers, json={"doelen": "werknemer 111222333"})
        assert bsn.status_code == 400 and "BSN" in invalid_params(bsn)["doelen"]
        assert (await client.get(url, headers=headers)).json()["werkgever"] == "Bakkerij De Wit"
        filtered = await client.get("/api/v1/trajecten", headers=headers, params={"status": "lopend"})
        assert filtered.json()["aantal"] == 0
        wrong = await client.get("/api/v1/trajecten", headers=headers, params={"status": "bezig"})
        assert wrong.status_code == 400 and "status" in invalid_params(wrong)


async def test_reading_a_traject_is_logged_for_the_coach(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await client.get(f"/api/v1/trajecten/{traject['id']}", headers=auth(o.gemeente_account))
        await client.get(f"/api/v1/trajecten/{traject['id']}", headers=auth(o.coach_a_account))
    rows = await Inzagelog.select(Inzagelog.doel, Inzagelog.rol).where(Inzagelog.doel == "traject inzien")
    assert rows == [{"doel": "traject inzien", "rol": "gemeente"}]  # the coach's own read is not logged


# --- hours -------------------------------------------------------------------------------------------


async def test_hours_registration_and_its_bounds(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o, regime="licht", contracturen=24.0)
        url = f"/api/v1/trajecten/{traject['id']}/uren"
        headers = auth(o.coach_a_account)
        body = {"datum": "2026-02-02", "uren": 2.5, "activiteit": "training-on-the-job"}

        early = await client.post(url, headers=headers, json=body)
        assert early.status_code == 409 and "goedgekeurd" in early.json()["detail"]
        await builders.approve(o, traject)

        ok = await client.post(url, headers=headers, json=body)
        assert ok.status_code == 201, ok.text
        assert ok.json()["uren"] == 2.5

        second = await builders.traject(o, referentie="WMO-2", regime="midden", contracturen=24.0)
        await builders.approve(o, second)
        bad = [
            (
                {**body, "datum": "2026-01-04"},
                "datum",
                "mag niet voor de startdatum van het traject (5 januari 2026) liggen",
            ),
            ({**body, "datum": "2026-03-03"}, "datum", "mag niet in de toekomst liggen"),
            ({**body, "uren": 34}, "uren", "hoogstens 10 uur per dag"),
            ({**body, "activiteit": "administratie"}, "activiteit", "introductie-op-de-werkplek"),
            ({**body, "uren": 1.1}, "uren", "kwartieren"),
        ]
        for payload, field, words in bad:
            response = await client.post(url, headers=headers, json=payload)
            assert response.status_code == 400, response.text
            assert words in invalid_params(response)[field], response.json()

        # fill the licht budget of 36 hours (2.5 already spent) on plausible days
        day = dt.date(2026, 1, 5)
        spent = 2.5
        while spent < 36:
            hours = min(8.0, 36 - spent)
            r = await client.post(
                url, headers=headers, json={**body, "datum": day.isoformat(), "uren": hours}
            )
            assert r.status_code == 201, r.text
            spent += hours
            day += dt.timedelta(days=1)
        over = await client.post(url, headers=headers, json={**body, "datum": "2026-02-27", "uren": 0.25})
        assert over.status_code == 400
        assert invalid_params(over)["uren"].startswith(
            "past niet meer in het urenbudget van trajectjaar 1: 36 van 36 uur"
        )

        # the daily bound counts all of the coach's trajecten: 8 h on 2026-01-05 already
        other = await client.post(
            f"/api/v1/trajecten/{second['id']}/uren",
            headers=headers,
            json={**body, "datum": "2026-01-05", "uren": 2.25},
        )
        assert other.status_code == 400
        assert "al 8 uur jobcoaching geregistreerd" in invalid_params(other)["uren"]
        assert (
            await client.post(
                f"/api/v1/trajecten/{second['id']}/uren",
                headers=headers,
                json={**body, "datum": "2026-01-05", "uren": 2},
            )
        ).status_code == 201

        shown = (
            await client.get(f"/api/v1/trajecten/{traject['id']}", headers=auth(o.gemeente_account))
        ).json()
        assert shown["urenbudget"][0]["besteed"] == 36.0 and shown["urenbudget"][0]["resterend"] == 0.0
        assert shown["status"] == "lopend"  # the first hours started it
        listed = await client.get(url, headers=auth(o.gemeente_account))
        assert listed.status_code == 200 and listed.json()["aantal"] == await Urenregistratie.count().where(
            Urenregistratie.traject == traject["id"]
        )


async def test_only_the_trajects_own_coach_logs_hours(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        coach_b = await builders.jobcoach()
        other = await builders.coach_account(coach_b["id"])
        response = await client.post(
            f"/api/v1/trajecten/{traject['id']}/uren",
            headers=auth(other),
            json={"datum": "2026-02-02", "uren": 1, "activiteit": "training-on-the-job"},
        )
        assert response.status_code == 404
        assert await Urenregistratie.count() == 0


async def test_extension_and_carry_over(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        await trajecten.add_uren(
            o.actor("jobcoach"),
            traject["id"],
            {"datum": dt.date(2026, 2, 2), "uren": 10.0, "activiteit": "training-on-the-job"},
        )
        headers = auth(o.gemeente_account)
        url = f"/api/v1/trajecten/{traject['id']}"

        no_year_3 = await client.post(
            f"{url}/overhevelingen",
            headers=headers,
            json={"naarJaar": 3, "uren": 5, "reden": "langdurige ziekte van de werknemer"},
        )
        assert no_year_3.status_code == 400 and "verlenging" in invalid_params(no_year_3)["naarJaar"]
        too_much = await client.post(
            f"{url}/overhevelingen",
            headers=headers,
            json={"naarJaar": 2, "uren": 31, "reden": "langdurige ziekte van de werknemer"},
        )
        assert (
            too_much.status_code == 400
            and invalid_params(too_much)["uren"] == "in trajectjaar 1 zijn nog maar 30 uur ongebruikt"
        )
        no_reason = await client.post(
            f"{url}/overhevelingen", headers=headers, json={"naarJaar": 2, "uren": 5, "reden": "ziek"}
        )
        assert no_reason.status_code == 400 and "reden" in invalid_params(no_reason)

        carried = await client.post(
            f"{url}/overhevelingen",
            headers=headers,
            json={"naarJaar": 2, "uren": 12, "reden": "langdurige ziekte van de werknemer"},
        )
        assert carried.status_code == 201, carried.text
        budget = carried.json()["urenbudget"]
        assert [(y["jaar"], y["maximaal"]) for y in budget] == [(1, 28.0), (2, 36.0)]

        short = await client.post(f"{url}/verlenging", headers=headers, json={"motivatie": "nodig"})
        assert short.status_code == 400
        extended = await client.post(
            f"{url}/verlenging",
            headers=headers,
            json={"motivatie": "Werknemer heeft nog begeleiding nodig bij nieuwe taken."},
        )
        assert extended.status_code == 200, extended.text
        body = extended.json()
        assert body["einddatum"] == "2029-01-04"
        assert [(y["jaar"], y["maximaal"]) for y in body["urenbudget"]] == [(1, 28.0), (2, 36.0), (3, 16.0)]
        assert body["rapportages"][-1] == {
            **body["rapportages"][-1],
            "soort": "eindverslag",
            "vervaldatum": "2029-01-04",
        }
        again = await client.post(
            f"{url}/verlenging", headers=headers, json={"motivatie": "Nog een jaar graag, echt waar."}
        )
        assert again.status_code == 409


# --- reports -----------------------------------------------------------------------------------------


async def test_coach_submits_reports_and_the_gemeente_sees_what_is_late(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        t.move_to(dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC))
        gemeente = auth(o.gemeente_account)
        shown = (await client.get(f"/api/v1/trajecten/{traject['id']}", headers=gemeente)).json()
        late = [r for r in shown["rapportages"] if r["status"] == "te-laat"]
        assert [(r["soort"], r["vervaldatum"]) for r in late] == [
            ("begeleidingsplan", "2026-02-02"),
            ("voortgangsrapportage", "2026-04-05"),
            ("evaluatieverslag", "2026-04-05"),
        ]
        listed = (await client.get("/api/v1/trajecten", headers=gemeente)).json()["resultaten"]
        assert listed[0]["rapportagesTeLaat"] == 3

        coach = auth(o.coach_a_account)
        plan = late[0]
        url = f"/api/v1/trajecten/{traject['id']}/rapportages/{plan['id']}/indiening"
        assert (
            await client.post(url, headers=coach, json={"samenvatting": "BSN 111222333"})
        ).status_code == 400
        assert (await client.post(url, headers=gemeente, json={"samenvatting": "x"})).status_code == 403
        done = await client.post(
            url, headers=coach, json={"samenvatting": "Plan besproken met werkadviseur."}
        )
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "te-laat-ingediend" and done.json()["ingediendOp"] == "2026-04-10"
        assert (await client.post(url, headers=coach, json={"samenvatting": "nog eens"})).status_code == 409
        stored = await Rapportage.select(Rapportage.ingediend_op).where(Rapportage.id == plan["id"]).first()
        assert stored["ingediend_op"] == dt.date(2026, 4, 10)


async def test_ending_a_traject_early_drops_the_later_reports(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        headers = auth(o.gemeente_account)
        url = f"/api/v1/trajecten/{traject['id']}"
        bad = await client.patch(
            url, headers=headers, json={"status": "beeindigd", "beeindigdOp": "2025-12-01"}
        )
        assert bad.status_code == 400 and "startdatum" in invalid_params(bad)["beeindigdOp"]
        ended = await client.patch(
            url, headers=headers, json={"status": "beeindigd", "beeindigdOp": "2026-03-01"}
        )
        assert ended.status_code == 200, ended.text
        body = ended.json()
        assert body["status"] == "beeindigd" and body["einddatum"] == "2026-03-01"
        assert [r["soort"] for r in body["rapportages"]] == ["begeleidingsplan", "eindverslag"]
        back = await client.patch(url, headers=headers, json={"status": "lopend"})
        assert back.status_code == 409


async def test_coach_registration_date_is_the_dutch_date(db):
    with time_machine.travel(dt.datetime(2025, 1, 5, 23, 30, tzinfo=dt.UTC), tick=False):
        coach = await builders.jobcoach()
        o_code = await builders.gemeente("GM0599")
        org = await builders.organisatie()
        account = await builders.gemeente_account(o_code)
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "actief", "toegelaten")
        values = {
            "gemeente": o_code,
            "referentie": "R-1",
            "werkgever": "W",
            "startdatum": dt.date(2025, 1, 6),  # 00:30 in Amsterdam: the coach registered on the 6th
            "regime": "licht",
            "contracturen": 24.0,
            "jobcoach": coach["id"],
            "organisatie": org["id"],
        }
        created = await trajecten.create(builders.actor_for(account), values)
        assert created["startdatum"] == dt.date(2025, 1, 6)


__all__ = ["accounts"]
