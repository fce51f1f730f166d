"""An auditor's judgement of a claim and its history (issue 12, part 3): the judgement applies to every
date, every change is kept (who, when, why), and a reversal (a forged certificate found) changes new
verdicts for past dates while the verifications issued earlier stay as issued."""

from __future__ import annotations

import json
import re

import time_machine

from register.tables import Keurmerk, Oordeel, Verificatie
from tests import builders
from tests.builders import T0
from tests.helpers import audit_rows, auth, inline_error, invalid_params, login, post_form


def regel(verificatie, code):
    return next(r for r in verificatie["criteria"] if r["code"] == code)


async def verify(client, o, traject_id, peildatum):
    response = await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties",
        headers=auth(o.gemeente_account),
        json={"peildatum": peildatum},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def herzie(client, account, object_id, **body):
    return await client.post(
        f"/api/v1/beoordelingen/{object_id}/herzieningen", headers=auth(account), json=body
    )


async def test_a_reversed_judgement_changes_new_verdicts_for_past_dates_not_issued_ones(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        noloc = o.ids["keurmerk"]
        before = await verify(client, o, traject["id"], "2026-02-01")
        assert before["gekwalificeerd"] and regel(before, "persoonsregister")["voldaan"]

        reversed_ = await herzie(
            client,
            o.auditor,
            noloc,
            besluit="afgewezen",
            toelichting="certificaat vals (bevestigd door Noloc)",
        )
        assert reversed_.status_code == 201, reversed_.text
        assert reversed_.json()["besluit"] == "afgewezen"

        # a new verdict for the same past date uses the new judgement
        again = await verify(client, o, traject["id"], "2026-02-01")
        assert not again["gekwalificeerd"] and not regel(again, "persoonsregister")["voldaan"]
        # the verification issued earlier stays as issued, and names the judgement it used
        stored = await Verificatie.select().where(Verificatie.id == before["id"]).first()
        assert stored["gekwalificeerd"] is True
        assert f"{noloc}:geverifieerd" in _json(stored["bronnen"])["oordelen"]
        newer = await Verificatie.select().where(Verificatie.id == again["id"]).first()
        assert f"{noloc}:afgewezen" in _json(newer["bronnen"])["oordelen"]
        shown = await client.get(f"/api/v1/verificaties/{before['id']}", headers=auth(o.gemeente_account))
        assert shown.status_code == 200 and shown.json()["gekwalificeerd"] is True

        # the history: who, when, why; the holder reads it, a gemeente or another organisation does not
        history = await client.get(f"/api/v1/beoordelingen/{noloc}/historie", headers=auth(o.coach_a_account))
        assert history.status_code == 200, history.text
        body = history.json()
        assert body["verificatie"] == "afgewezen" and body["soort"] == "keurmerk"
        assert [(r["vorig"], r["oordeel"]) for r in body["oordelen"]] == [
            ("ingediend", "geverifieerd"),
            ("geverifieerd", "afgewezen"),
        ]
        assert body["oordelen"][1]["toelichting"].startswith("certificaat vals")
        assert body["oordelen"][1]["door"] == o.auditor["id"]
        # who in a readable form beside the id (outside test: the page said "auditor" for every change)
        names = [r["doorNaam"] for r in body["oordelen"]]
        assert names[1] == o.auditor["gebruikersnaam"] and names[0] not in (None, names[1]), names
        for account in (o.gemeente_account, o.org_a_account):
            refused = await client.get(f"/api/v1/beoordelingen/{noloc}/historie", headers=auth(account))
            assert refused.status_code == 403


async def test_bad_reversals_change_nothing(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        noloc = o.ids["keurmerk"]
        pending = await builders.keurmerk(o.coach_a["id"], "nvs", verified=False)
        before = (await audit_rows(), await Oordeel.count())

        no_reason = await herzie(client, o.auditor, noloc, besluit="afgewezen")
        assert no_reason.status_code == 400 and "reden" in invalid_params(no_reason)["toelichting"]
        same = await herzie(client, o.auditor, noloc, besluit="geverifieerd", toelichting="nogmaals")
        assert same.status_code == 409 and "al geverifieerd" in same.json()["detail"]
        by_coach = await herzie(client, o.coach_a_account, noloc, besluit="afgewezen", toelichting="x")
        assert by_coach.status_code == 403
        unknown = await herzie(client, o.auditor, "not-a-claim", besluit="afgewezen", toelichting="x")
        assert unknown.status_code in (400, 404)
        not_judged = await herzie(client, o.auditor, pending["id"], besluit="afgewezen", toelichting="x")
        assert not_judged.status_code == 409 and "nog niet beoordeeld" in not_judged.json()["detail"]
        assert (await audit_rows(), await Oordeel.count()) == before
        assert (await Keurmerk.select(Keurmerk.verificatie).where(Keurmerk.id == noloc).first())[
            "verificatie"
        ] == "geverifieerd"


async def test_a_refusal_points_at_the_claim_with_its_own_article(client):
    """Outsider finding: a 409 read "Dit scholing is al afgewezen." The demonstrative follows the noun's
    article in the vocabulary: deze scholing, deze opleiding, dit keurmerk."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        for soort, verwacht in [
            ("scholing", "Deze scholing"),
            ("opleiding", "Deze opleiding"),
            ("keurmerk", "Dit keurmerk"),
        ]:
            same = await herzie(
                client, o.auditor, o.ids[soort], besluit="geverifieerd", toelichting="nogmaals"
            )
            assert same.status_code == 409
            assert same.json()["detail"] == f"{verwacht} is al geverifieerd."


def test_every_claim_kind_has_an_article():
    from register.vocabulary import CLAIM_SOORTEN

    assert [CLAIM_SOORTEN.dit(c) for c in CLAIM_SOORTEN] == [
        "deze opleiding",
        "dit keurmerk",
        "deze scholing",
    ]
    assert all(CLAIM_SOORTEN.get(c).lidwoord in ("de", "het") for c in CLAIM_SOORTEN)


async def test_the_claim_page_shows_the_history_and_an_auditor_reverses_it(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        scholing = o.ids["scholing"]
        login(client, o.auditor)
        page = await client.get(f"/beoordelingen/{scholing}")
        assert page.status_code == 200, page.text
        assert "Historie van het oordeel" in page.text and "Supported Employment" in page.text
        assert "Oordeel herzien" in page.text

        empty = await post_form(client, f"/beoordelingen/{scholing}", {"besluit": "afgewezen"})
        assert empty.status_code == 400
        assert inline_error(empty.text, "veld-toelichting")
        done = await post_form(
            client,
            f"/beoordelingen/{scholing}",
            {"besluit": "afgewezen", "toelichting": "certificaat vervalst"},
        )
        assert done.status_code == 303, done.text
        shown = await client.get(f"/beoordelingen/{scholing}")
        assert "certificaat vervalst" in shown.text and "Afgewezen" in shown.text
        # the Door column names each acting auditor, not the role
        rows = re.findall(r"<tr>\s*<td>.*?</tr>", shown.text, re.S)
        door = [re.findall(r"<td>(.*?)</td>", r, re.S)[-1].strip() for r in rows]
        assert door[-1] == o.auditor["gebruikersnaam"] and door[0] not in ("auditor", door[-1]), door

        # the holder sees the history but no form
        login(client, o.coach_a_account)
        own = await client.get(f"/beoordelingen/{scholing}")
        assert (
            own.status_code == 200
            and "certificaat vervalst" in own.text
            and "Oordeel herzien" not in own.text
        )
        refused = await post_form(
            client, f"/beoordelingen/{scholing}", {"besluit": "geverifieerd", "toelichting": "toch goed"}
        )
        assert refused.status_code == 403


def _json(value):
    while isinstance(value, str):
        value = json.loads(value)
    return value
