"""Aanvragen through the API (issue 14): drafting, submission with every missing or vague part listed,
the verification attached, the gemeente's work queue, questions and answers, the decision that creates
the traject with its goals, bad input, and refused access across organisations and gemeenten."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import Inzagelog
from register.services import signalen
from register.tables import Aanvraag, Coachingsdoel, Signaal, Traject
from tests import builders
from tests.builders import NU, T0
from tests.helpers import audit_rows, auth, invalid_params

URL = "/api/v1/aanvragen"


async def _world(traveller):
    """The qualified world (built from T0, the clock left at NU) plus organisation B with its account and
    gemeente Y."""
    o = await builders.qualified_world(traveller=traveller)
    org_b = await builders.organisatie(naam="Jobstap B")
    o.org_b = org_b
    o.accounts["organisatie-b"] = await builders.org_account(org_b["id"], name="org-b")
    o.accounts["gemeente-y"] = await builders.gemeente_account("GM0363", name="gemeente-y")
    return o


async def _concept(client, o, **overrides):
    response = await client.post(
        URL, headers=auth(o.org_a_account), json=builders.aanvraag_body(o, **overrides)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _ingediend(client, o, **overrides):
    made = await _concept(client, o, **overrides)
    response = await client.post(f"{URL}/{made['id']}/indiening", headers=auth(o.org_a_account))
    assert response.status_code == 200, response.text
    return response.json()


# --- drafting and who sees what ------------------------------------------------------------------------


async def test_concept_is_seen_by_the_applicant_and_coach_only(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _concept(client, o)
        assert made["status"] == "concept"
        assert made["werkprofiel"]["urenPerWeek"] == 24
        assert [d["betreft"] for d in made["match"]["coachingsdoelen"]] == ["werknemer", "werkgever"]
        assert made["beslistermijn"] is None
        path = f"{URL}/{made['id']}"
        assert (await client.get(path, headers=auth(o.coach_a_account))).status_code == 200
        # a concept is not yet addressed to the gemeente; another organisation or gemeente never sees it
        for account in (o.gemeente_account, o.accounts["organisatie-b"], o.accounts["gemeente-y"]):
            response = await client.get(path, headers=auth(account))
            assert response.status_code == 404, response.text
        listed = (await client.get(URL, headers=auth(o.gemeente_account))).json()
        assert listed["aantal"] == 0


async def test_another_organisation_cannot_draft_for_organisation_a(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        response = await client.post(
            URL, headers=auth(o.accounts["organisatie-b"]), json=builders.aanvraag_body(o)
        )
        assert response.status_code == 403, response.text
        assert await Aanvraag.count() == 0


async def test_coach_drafts_and_contributes(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        response = await client.post(
            URL,
            headers=auth(o.coach_a_account),
            json={"gemeente": o.gemeente, "jobcoach": o.coach_a["id"], "organisatie": o.org_a["id"]},
        )
        assert response.status_code == 201, response.text
        made = response.json()
        response = await client.patch(
            f"{URL}/{made['id']}",
            headers=auth(o.org_a_account),
            json={"werkprofiel": {"functie": "Magazijnmedewerker"}, "versie": made["versie"]},
        )
        assert response.status_code == 200, response.text
        assert response.json()["werkprofiel"]["functie"] == "Magazijnmedewerker"
        # a stale version is a conflict, not a lost update
        stale = await client.patch(
            f"{URL}/{made['id']}",
            headers=auth(o.coach_a_account),
            json={"werkgever": "X", "versie": made["versie"]},
        )
        assert stale.status_code == 409, stale.text


# --- submission ------------------------------------------------------------------------------------------


async def test_submission_lists_every_missing_or_vague_part_at_once(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        body = builders.aanvraag_body(o)
        body["werkprofiel"] = {**body["werkprofiel"], "functie": ""}
        body["match"] = {
            **body["match"],
            "coachingsdoelen": [
                builders.doel_body(omschrijving="beter werken", indicator="", streefdatum="2029-01-01"),
            ],
        }
        made = await _concept(client, o, **{k: body[k] for k in ("werkprofiel", "match")})
        before = await audit_rows()
        response = await client.post(f"{URL}/{made['id']}/indiening", headers=auth(o.org_a_account))
        assert response.status_code == 400, response.text
        errors = invalid_params(response)
        assert "ontbreekt" in errors["werkprofiel.functie"]
        assert "te vaag" in errors["match.coachingsdoelen[0].omschrijving"]
        assert "ontbreekt" in errors["match.coachingsdoelen[0].indicator"]
        assert "binnen de aangevraagde periode" in errors["match.coachingsdoelen[0].streefdatum"]
        assert "werkgever" in errors["match.coachingsdoelen"]
        assert await audit_rows() == before
        # fixed, it goes in
        response = await client.patch(
            f"{URL}/{made['id']}",
            headers=auth(o.org_a_account),
            json={
                "werkprofiel": {"functie": "Productiemedewerker"},
                "match": builders.aanvraag_body(o)["match"],
            },
        )
        assert response.status_code == 200, response.text
        response = await client.post(f"{URL}/{made['id']}/indiening", headers=auth(o.org_a_account))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ingediend"
        assert body["beslistermijn"] == (NU.date() + dt.timedelta(weeks=8)).isoformat()
        assert body["verificatie"]["gekwalificeerd"] is True
        assert {c["code"] for c in body["verificatie"]["criteria"]} >= {
            "persoonsregister",
            "organisatie-keurmerk",
        }
        assert await audit_rows() == before + 2
        # a submitted aanvraag is no longer the applicant's to change
        response = await client.patch(
            f"{URL}/{made['id']}", headers=auth(o.org_a_account), json={"werkgever": "Y"}
        )
        assert response.status_code == 409, response.text


async def test_submission_verifies_a_coach_who_does_not_qualify(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        other = await builders.jobcoach(voornaam="Olaf", achternaam="Overig")
        await builders.dienstverband(other["id"], o.org_a["id"])
        made = await _ingediend(client, o, jobcoach=other["id"])
        assert made["verificatie"]["gekwalificeerd"] is False
        assert not next(c for c in made["verificatie"]["criteria"] if c["code"] == "jobcoach-actief")[
            "voldaan"
        ]
        # the gemeente cannot grant it: the traject's own verification says no, and nothing is created
        response = await client.post(
            f"{URL}/{made['id']}/besluit",
            headers=auth(o.gemeente_account),
            json={"besluit": "toegekend", "toelichting": ""},
        )
        assert response.status_code == 409, response.text
        assert await Traject.count() == 0
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingediend"


# --- the gemeente: queue, questions, decision ------------------------------------------------------------


async def test_question_answer_and_grant_create_the_traject_with_its_goals(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        path = f"{URL}/{made['id']}"
        gm = auth(o.gemeente_account)
        queue = (await client.get(f"{URL}?status=ingediend", headers=gm)).json()
        assert [r["id"] for r in queue["resultaten"]] == [made["id"]]
        assert (await client.post(f"{path}/behandeling", headers=gm)).json()["status"] == "in-behandeling"
        # questions need a text
        response = await client.post(f"{path}/besluit", headers=gm, json={"besluit": "aanvulling-gevraagd"})
        assert response.status_code == 400
        assert "verplicht" in invalid_params(response)["toelichting"]
        response = await client.post(
            f"{path}/besluit",
            headers=gm,
            json={
                "besluit": "aanvulling-gevraagd",
                "toelichting": "Hoe vaak overlegt de coach met de ploegleider?",
            },
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "aanvulling-gevraagd"
        # resubmitting without an answer is refused; the answer then goes in
        t.shift(dt.timedelta(days=3))
        response = await client.post(f"{path}/indiening", headers=auth(o.org_a_account))
        assert "antwoord" in invalid_params(response)
        response = await client.patch(
            path, headers=auth(o.org_a_account), json={"antwoord": "Elke week een kwartier na de dienst."}
        )
        assert response.status_code == 200, response.text
        response = await client.post(f"{path}/indiening", headers=auth(o.org_a_account))
        assert response.status_code == 200, response.text
        again = response.json()
        assert again["vragen"][0]["antwoord"] == "Elke week een kwartier na de dienst."
        # Awb 4:15: the three days the question was open do not count
        assert again["beslistermijn"] == (NU.date() + dt.timedelta(weeks=8, days=3)).isoformat()
        before = await audit_rows()
        gm = auth(o.gemeente_account)  # a fresh token three days later
        response = await client.post(
            f"{path}/besluit",
            headers=gm,
            json={"besluit": "toegekend", "toelichting": "Passend bij de werkplek."},
        )
        assert response.status_code == 200, response.text
        granted = response.json()
        assert granted["status"] == "toegekend"
        assert granted["besluit"] == "toegekend"
        assert granted["besluitToelichting"] == "Passend bij de werkplek."
        assert granted["traject"]
        assert await audit_rows() > before
        traject = (await client.get(f"/api/v1/trajecten/{granted['traject']}", headers=gm)).json()
        assert traject["status"] == "goedgekeurd"
        assert traject["regime"] == "midden"
        assert traject["besluit"]["besluit"] == "goedgekeurd"
        assert "ochtenddienst" in traject["doelen"]
        doelen = await Coachingsdoel.select().where(Coachingsdoel.traject == granted["traject"])
        assert len(doelen) == 2
        # decided is decided
        response = await client.post(
            f"{path}/besluit", headers=gm, json={"besluit": "afgewezen", "toelichting": "x"}
        )
        assert response.status_code == 409


async def test_rejection_needs_a_reason_and_is_recorded(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        path = f"{URL}/{made['id']}/besluit"
        gm = auth(o.gemeente_account)
        response = await client.post(path, headers=gm, json={"besluit": "afgewezen", "toelichting": "  "})
        assert response.status_code == 400
        assert "reden" in invalid_params(response)["toelichting"]
        response = await client.post(
            path,
            headers=gm,
            json={"besluit": "afgewezen", "toelichting": "Geen structurele ondersteuning nodig."},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["status"], body["besluit"], body["traject"]) == ("afgewezen", "afgewezen", None)
        assert body["beslotenOp"].endswith("Z")


async def test_other_gemeente_and_organisation_are_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        path = f"{URL}/{made['id']}"
        y = auth(o.accounts["gemeente-y"])
        b = auth(o.accounts["organisatie-b"])
        assert (await client.get(path, headers=y)).status_code == 404
        assert (await client.get(path, headers=b)).status_code == 404
        assert (
            await client.post(f"{path}/besluit", headers=y, json={"besluit": "toegekend"})
        ).status_code == 404
        assert (await client.post(f"{path}/behandeling", headers=y)).status_code == 404
        assert (await client.patch(path, headers=b, json={"werkgever": "X"})).status_code == 404
        assert (await client.post(f"{path}/intrekking", headers=b)).status_code == 404
        assert (await client.get(URL, headers=y)).json()["aantal"] == 0
        assert (await client.get(URL, headers=b)).json()["aantal"] == 0
        # the applicant cannot decide its own aanvraag
        response = await client.post(
            f"{path}/besluit", headers=auth(o.org_a_account), json={"besluit": "toegekend"}
        )
        assert response.status_code == 403
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingediend"


async def test_reading_an_aanvraag_is_in_the_access_log(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        before = await Inzagelog.count().where(Inzagelog.doel == "aanvraag inzien")
        await client.get(f"{URL}/{made['id']}", headers=auth(o.gemeente_account))
        assert await Inzagelog.count().where(Inzagelog.doel == "aanvraag inzien") == before + 1


async def test_withdrawal(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        response = await client.post(f"{URL}/{made['id']}/intrekking", headers=auth(o.coach_a_account))
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ingetrokken"
        response = await client.post(f"{URL}/{made['id']}/indiening", headers=auth(o.org_a_account))
        assert response.status_code == 409


# --- the beslistermijn --------------------------------------------------------------------------------


async def test_extension_once_with_a_reason_and_the_overdue_signal(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _ingediend(client, o)
        path = f"{URL}/{made['id']}/verdaging"
        gm = auth(o.gemeente_account)
        response = await client.post(path, headers=gm, json={"weken": 9, "reden": ""})
        assert response.status_code == 400
        assert set(invalid_params(response)) == {"weken", "reden"}
        response = await client.post(
            path, headers=gm, json={"weken": 4, "reden": "Advies van de arbeidsdeskundige nodig"}
        )
        assert response.status_code == 200, response.text
        termijn = dt.date.fromisoformat(response.json()["beslistermijn"])
        assert termijn == NU.date() + dt.timedelta(weeks=12)
        response = await client.post(path, headers=gm, json={"weken": 2, "reden": "Nog een keer"})
        assert response.status_code == 400
        assert "één keer" in invalid_params(response)["weken"]
        # the day after the last day, the signals job raises a signal for the gemeente
        t.move_to(dt.datetime.combine(termijn, dt.time(10), tzinfo=dt.UTC))
        await signalen.compute()
        assert await Signaal.count().where(Signaal.soort == "beslistermijn-verstreken") == 0
        t.shift(dt.timedelta(days=1))
        await signalen.compute()
        [signaal] = await Signaal.select().where(Signaal.soort == "beslistermijn-verstreken")
        assert signaal["gemeente"] == o.gemeente
        assert signaal["onderwerp_id"] == made["id"]
        gm = auth(o.gemeente_account)  # a fresh token weeks later
        shown = (await client.get(f"{URL}/{made['id']}", headers=gm)).json()
        assert shown["termijnVerstreken"] is True
        # deciding resolves it
        await client.post(
            f"{URL}/{made['id']}/besluit",
            headers=gm,
            json={"besluit": "afgewezen", "toelichting": "Te laat, maar duidelijk."},
        )
        await signalen.compute()
        [signaal] = await Signaal.select().where(Signaal.soort == "beslistermijn-verstreken")
        assert signaal["opgelost_op"] is not None


# --- bad input ---------------------------------------------------------------------------------------


async def test_bad_input_is_a_dutch_400_naming_every_field(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        body = builders.aanvraag_body(
            o,
            gemeente="Rotterdam",
            regime="zwaar",
            positie="werkloos",
            contracturen=60,
            gewensteStartdatum="1 april",
        )
        body["werkprofiel"] = {**body["werkprofiel"], "urenPerWeek": -1}
        body["match"]["coachingsdoelen"][0]["kernactiviteit"] = "koffie"
        response = await client.post(URL, headers=auth(o.org_a_account), json=body)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        errors = invalid_params(response)
        assert "CBS-gemeentecode" in errors["gemeente"]
        assert "licht, midden" in errors["regime"]
        assert "met-uitkering" in errors["positie"]
        assert "datum" in errors["gewensteStartdatum"]
        assert "werkprofiel.urenPerWeek" in errors
        assert "introductie-op-de-werkplek" in errors["match.coachingsdoelen[0].kernactiviteit"]
        assert await Aanvraag.count() == 0


async def test_unknown_field_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        body = builders.aanvraag_body(o)
        body["werknemerprofiel"]["naam"] = "Jan"
        response = await client.post(URL, headers=auth(o.org_a_account), json=body)
        assert response.status_code == 400, response.text
        assert "werknemerprofiel.naam" in invalid_params(response)


async def test_no_bsn_and_no_diagnosis_in_any_text(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        response = await client.post(
            URL, headers=auth(o.org_a_account), json=builders.aanvraag_body(o, werkgever="Bakkerij 111222333")
        )
        assert response.status_code == 400, response.text
        assert "BSN" in invalid_params(response)["werkgever"]
        body = builders.aanvraag_body(o)
        body["werknemerprofiel"]["beperkingen"] = "Heeft autisme en ADHD"
        body["match"]["coachingsdoelen"][1]["omschrijving"] = "Ploegleider begrijpt wat een depressie is"
        response = await client.post(URL, headers=auth(o.org_a_account), json=body)
        assert response.status_code == 400, response.text
        errors = invalid_params(response)
        melding = "beschrijf wat iemand wel en niet kan in het werk, niet de diagnose"
        assert melding in errors["werknemerprofiel.beperkingen"]
        assert melding in errors["match.coachingsdoelen[1].omschrijving"]
        assert await Aanvraag.count() == 0


async def test_bad_status_filter(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        response = await client.get(f"{URL}?status=zoek", headers=auth(o.gemeente_account))
        assert response.status_code == 400
        assert "concept" in invalid_params(response)["status"]


# --- following the goals on the traject --------------------------------------------------------------


async def _toegekend(client, o):
    made = await _ingediend(client, o)
    response = await client.post(
        f"{URL}/{made['id']}/besluit",
        headers=auth(o.gemeente_account),
        json={"besluit": "toegekend", "toelichting": "Passend."},
    )
    assert response.status_code == 200, response.text
    return response.json()["traject"]


def _op_de_vervaldatum(t, rapportage, o) -> tuple[dict[str, str], dict[str, str]]:
    """Move the clock to a report's due date (reports are submitted from a month before it) and give fresh
    headers for the coach and the gemeente."""
    t.move_to(dt.datetime.fromisoformat(rapportage["vervaldatum"]).replace(hour=10, tzinfo=dt.UTC))
    return auth(o.coach_a_account), auth(o.gemeente_account)


def _rapportage(traject, soort, volgnummer=1):
    return next(r for r in traject["rapportages"] if r["soort"] == soort and r["volgnummer"] == volgnummer)


async def test_reports_follow_the_goals_to_the_end(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        traject_id = await _toegekend(client, o)
        coach, gm = auth(o.coach_a_account), auth(o.gemeente_account)
        path = f"/api/v1/trajecten/{traject_id}"
        traject = (await client.get(path, headers=gm)).json()
        doelen = traject["coachingsdoelen"]
        assert [(d["volgnummer"], d["status"], d["betreft"]) for d in doelen] == [
            (1, "open", "werknemer"),
            (2, "open", "werkgever"),
        ]
        eerste, tweede = doelen[0]["id"], doelen[1]["id"]
        # an evaluatieverslag reports on every open goal
        evaluatie = _rapportage(traject, "evaluatieverslag")
        url = f"{path}/rapportages/{evaluatie['id']}/indiening"
        # not before its window: refused in Dutch, nothing stored
        response = await client.post(url, headers=coach, json={"samenvatting": "Te vroeg"})
        assert response.status_code == 409, response.text
        assert "kan nog niet worden ingediend: dat kan vanaf" in response.json()["detail"]
        coach, gm = _op_de_vervaldatum(t, evaluatie, o)
        response = await client.post(
            url,
            headers=coach,
            json={
                "samenvatting": "Eerste evaluatie",
                "doelen": [{"doel": eerste, "voortgang": "bijgesteld", "toelichting": ""}],
            },
        )
        assert response.status_code == 400, response.text
        errors = invalid_params(response)
        assert "doel 2" in errors["doelen"]
        assert "ontbreekt" in errors["doelen[0].toelichting"]
        assert "nieuwe streven" in errors["doelen[0].nieuweStreefwaarde"]
        response = await client.post(
            url,
            headers=coach,
            json={
                "samenvatting": "Eerste evaluatie",
                "doelen": [
                    {
                        "doel": eerste,
                        "voortgang": "bijgesteld",
                        "toelichting": "Drie van de vier diensten lukken",
                        "nieuweStreefwaarde": "3 van de 4",
                    },
                    {
                        "doel": tweede,
                        "voortgang": "behaald",
                        "toelichting": "Wijzigingen staan een dag vooraf op het bord",
                    },
                ],
            },
        )
        assert response.status_code == 200, response.text
        traject = (await client.get(path, headers=gm)).json()
        eerste_doel, tweede_doel = traject["coachingsdoelen"]
        assert eerste_doel["streefwaarde"] == "3 van de 4"
        assert [v["voortgang"] for v in eerste_doel["voortgang"]] == ["bijgesteld"]
        assert eerste_doel["voortgang"][0]["soort"] == "evaluatieverslag"
        assert tweede_doel["status"] == "behaald"
        # the plan revision adds a goal and closes none; a diagnosis is refused
        bijstelling = _rapportage(traject, "bijstelling-begeleidingsplan")
        url = f"{path}/rapportages/{bijstelling['id']}/indiening"
        coach, gm = _op_de_vervaldatum(t, bijstelling, o)
        nieuw = builders.doel_body(
            omschrijving="Plant zelf de pauzes in de ochtenddienst in", streefdatum="2027-01-15"
        )
        response = await client.post(
            url,
            headers=coach,
            json={
                "samenvatting": "Bijstelling",
                "nieuweDoelen": [{**nieuw, "indicator": "heeft burn-out klachten"}],
            },
        )
        assert response.status_code == 400
        assert "diagnose" in invalid_params(response)["nieuweDoelen[0].indicator"]
        response = await client.post(
            url, headers=coach, json={"samenvatting": "Bijstelling", "nieuweDoelen": [nieuw]}
        )
        assert response.status_code == 200, response.text
        traject = (await client.get(path, headers=gm)).json()
        assert [d["status"] for d in traject["coachingsdoelen"]] == ["open", "behaald", "open"]
        derde = traject["coachingsdoelen"][2]["id"]
        # the eindverslag: per goal reached or not, and what happens next
        eind = _rapportage(traject, "eindverslag")
        url = f"{path}/rapportages/{eind['id']}/indiening"
        coach, gm = _op_de_vervaldatum(t, eind, o)
        response = await client.post(url, headers=coach, json={"samenvatting": "Einde"})
        assert response.status_code == 400
        assert set(invalid_params(response)) >= {"doelen", "zonderJobcoach", "werkgeverNeemtOver"}
        response = await client.post(
            url,
            headers=coach,
            json={
                "samenvatting": "Einde",
                "doelen": [
                    {"doel": eerste, "voortgang": "behaald", "toelichting": "Vier van de vier"},
                    {"doel": derde, "voortgang": "niet-behaald", "toelichting": "Pauzes nog met hulp"},
                ],
                "zonderJobcoach": True,
                "werkgeverNeemtOver": True,
            },
        )
        assert response.status_code == 200, response.text
        assert response.json()["zonderJobcoach"] is True
        # the gemeente's overview across its trajecten
        response = await client.get("/api/v1/doelenoverzicht", headers=gm)
        assert response.status_code == 200, response.text
        overzicht = response.json()
        assert (
            overzicht["trajecten"],
            overzicht["doelen"],
            overzicht["behaald"],
            overzicht["nietBehaald"],
        ) == (1, 3, 2, 1)
        assert overzicht["perTraject"][0]["traject"] == traject_id
        other = await client.get("/api/v1/doelenoverzicht", headers=auth(o.accounts["gemeente-y"]))
        assert other.json()["doelen"] == 0


# --- who may be named: a coach with a confirmed dienstverband at the organisation (tester's case 1) -----


async def test_an_aanvraag_names_a_coach_with_a_confirmed_dienstverband_at_the_organisation(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        org_b = o.accounts["organisatie-b"]
        proposed = await builders.jobcoach(voornaam="Petra", achternaam="Voorstel")
        await builders.dienstverband(proposed["id"], o.org_a["id"], bevestigd=False)
        gone = await builders.jobcoach(voornaam="Geert", achternaam="Vertrokken")
        await builders.dienstverband(gone["id"], o.org_a["id"], tot=T0.date() - dt.timedelta(days=1))
        cases = [
            # another organisation files for organisation A's coach (and would read her verification)
            (org_b, {"organisatie": o.org_b["id"]}),
            # the coach files for an organisation she has no link with
            (o.coach_a_account, {"organisatie": o.org_b["id"]}),
            # a dienstverband that is only proposed, or that has ended, does not count
            (o.org_a_account, {"jobcoach": proposed["id"]}),
            (o.org_a_account, {"jobcoach": gone["id"]}),
        ]
        for account, overrides in cases:
            response = await client.post(
                URL, headers=auth(account), json=builders.aanvraag_body(o, **overrides)
            )
            assert response.status_code == 400, (overrides, response.text)
            assert "bevestigd dienstverband" in invalid_params(response)["jobcoach"]
        assert await Aanvraag.count() == 0
        assert await Coachingsdoel.count() == 0


async def test_submission_checks_the_dienstverband_again(client):
    from register.tables import Dienstverband

    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        made = await _concept(client, o)
        await Dienstverband.update({Dienstverband.tot: T0.date() - dt.timedelta(days=1)}).where(
            Dienstverband.jobcoach == o.coach_a["id"]
        )
        response = await client.post(f"{URL}/{made['id']}/indiening", headers=auth(o.org_a_account))
        assert response.status_code == 400, response.text
        assert "bevestigd dienstverband" in invalid_params(response)["jobcoach"]
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "concept"


# --- an ended gemeente (tester's case 3) ------------------------------------------------------------------


async def test_an_ended_gemeente_is_refused_naming_its_successor(client):
    from register.actor import SYSTEEM
    from register.services import gemeenten

    csv = (
        "code;naam;ingangsdatum;einddatum;opvolger\nGM0439;Purmerend;;;\nGM0370;Beemster;;2021-12-31;GM0439\n"
    )
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(csv))
        response = await client.post(
            URL, headers=auth(o.org_a_account), json=builders.aanvraag_body(o, gemeente="GM0370")
        )
        assert response.status_code == 400, response.text
        reason = invalid_params(response)["gemeente"]
        assert "GM0439 (Purmerend)" in reason and "bestaat niet meer" in reason
        assert await Aanvraag.count() == 0
