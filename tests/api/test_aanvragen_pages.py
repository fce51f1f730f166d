"""The aanvraag pages (issue 14): an organisation drafts the Matchingsformulier and submits it (every vague
part listed at once), the gemeente asks for more, the organisation answers, the gemeente grants after a
confirmation; other organisations and gemeenten see nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine

from register.tables import Aanvraag, Coachingsdoel, Rapportage, Traject
from tests import builders
from tests.builders import T0
from tests.helpers import post_form, token_for


def log_in(client, account) -> None:
    client.cookies.clear()
    client.cookies.set("sessie", token_for(account))


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def form_fields(body: dict[str, Any]) -> dict[str, str]:
    """The JSON body of an aanvraag as the page form's flat fields (the API's paths as names)."""
    out: dict[str, str] = {}
    for key in ("werkgever", "regime", "regimeMotivatie", "contracturen", "gewensteStartdatum", "positie"):
        out[key] = str(body[key])
    if body.get("startbudget"):
        out["startbudget"] = "ja"
    for deel in ("werknemerprofiel", "werkprofiel", "match"):
        for naam, waarde in body[deel].items():
            if naam == "coachingsdoelen":
                for i, doel in enumerate(waarde):
                    for veld, v in doel.items():
                        out[f"match.coachingsdoelen[{i}].{veld}"] = str(v)
            else:
                out[f"{deel}.{naam}"] = str(waarde)
    return out


async def _world(traveller):
    o = await builders.qualified_world(traveller=traveller)
    org_b = await builders.organisatie(naam="Jobstap B")
    o.accounts["organisatie-b"] = await builders.org_account(org_b["id"], name="org-b")
    o.accounts["gemeente-y"] = await builders.gemeente_account("GM0363", name="gemeente-y")
    return o


async def test_draft_submit_question_answer_and_grant(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        log_in(client, o.org_a_account)
        assert (await client.get("/aanvragen")).status_code == 200
        new = await client.get("/aanvragen/nieuw")
        assert new.status_code == 200 and o.coach_a["registratienummer"] in new.text

        made = await post_form(
            client,
            "/aanvragen/nieuw",
            {
                "gemeente": o.gemeente,
                "organisatie": o.org_a["id"],
                "jobcoach": o.coach_a["id"],
                "werkgever": "Bakkerij Van Dam",
            },
        )
        assert made.status_code == 303, made.text
        path = made.headers["location"].split("?")[0]
        aanvraag_id = path.rsplit("/", 1)[1]
        shown = await client.get(made.headers["location"])
        assert shown.status_code == 200 and "Deel 1. Werknemerprofiel" in shown.text

        # a vague goal without indicator: submission lists every gap at once and keeps the draft
        fields = form_fields(builders.aanvraag_body(o))
        fields["match.coachingsdoelen[0].omschrijving"] = "beter werken"
        fields["match.coachingsdoelen[0].indicator"] = ""
        fields["werknemerprofiel.krachten"] = ""
        versie = re.search(r'name="versie" value="(\d+)"', shown.text).group(1)
        bad = await post_form(client, path, {**fields, "versie": versie, "actie": "indienen"})
        assert bad.status_code == 400, bad.text
        page = text(bad)
        assert 'id="foutsamenvatting"' in bad.text
        assert "Doel 1, omschrijving" in page and "Doel 1, meetbare indicator" in page
        assert "Krachten van de werknemer" in page
        assert "opgeslagen, maar de aanvraag is nog niet ingediend" in page
        row = await Aanvraag.select().first()
        assert row["status"] == "concept" and row["werkgever"] == "Bakkerij Van Dam"
        versie = re.search(r'name="versie" value="(\d+)"', bad.text).group(1)

        # fixed and submitted
        fields = form_fields(builders.aanvraag_body(o))
        good = await post_form(client, path, {**fields, "versie": versie, "actie": "indienen"})
        assert good.status_code == 303, good.text
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingediend"

        # other organisations and gemeenten see nothing
        for account in (o.accounts["organisatie-b"], o.accounts["gemeente-y"]):
            log_in(client, account)
            assert (await client.get(path)).status_code == 404
            assert "Bakkerij" not in (await client.get("/aanvragen")).text

        # the gemeente's work queue, taking in hand, asking for more
        log_in(client, o.gemeente_account)
        queue = await client.get("/aanvragen")
        assert queue.status_code == 200 and "Werkvoorraad" in queue.text and aanvraag_id in queue.text
        assert (await post_form(client, f"{path}/behandeling", {})).status_code == 303
        vraag = await post_form(client, f"{path}/besluit", {"besluit": "aanvulling-gevraagd"})
        assert vraag.status_code == 400 and "verplicht" in text(vraag)
        vraag = await post_form(
            client,
            f"{path}/besluit",
            {
                "besluit": "aanvulling-gevraagd",
                "toelichting": "Hoe vaak overlegt de coach met de ploegleider?",
            },
        )
        assert vraag.status_code == 303, vraag.text

        # the organisation answers and submits again
        t.shift(3 * 24 * 3600)
        log_in(client, o.org_a_account)  # a fresh session three days later
        back = await client.get(path)
        assert "Hoe vaak overlegt" in back.text and 'name="antwoord"' in back.text
        versie = re.search(r'name="versie" value="(\d+)"', back.text).group(1)
        answered = await post_form(
            client,
            path,
            {**fields, "versie": versie, "antwoord": "Elke week na de dienst.", "actie": "indienen"},
        )
        assert answered.status_code == 303, answered.text
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingediend"

        # the gemeente grants: first a confirmation, then the traject with the goals
        log_in(client, o.gemeente_account)
        keuze = {"besluit": "toegekend", "toelichting": "Passend bij de werkplek.", "regime": "midden"}
        confirm = await post_form(client, f"{path}/besluit", keuze)
        assert confirm.status_code == 200 and "Ja, besluit vastleggen" in confirm.text
        assert await Traject.count() == 0
        granted = await post_form(client, f"{path}/besluit", {**keuze, "bevestigd": "ja"})
        assert granted.status_code == 303, granted.text
        traject_id = granted.headers["location"].split("/")[3].split("?")[0]
        assert granted.headers["location"].startswith("/gemeente/trajecten/")
        assert await Coachingsdoel.count().where(Coachingsdoel.traject == traject_id) == 2
        decided = await client.get(path)
        assert "Toegekend" in decided.text and f"/gemeente/trajecten/{traject_id}" in decided.text


async def test_rejection_is_confirmed_and_needs_a_reason(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        log_in(client, o.org_a_account)
        made = await post_form(
            client,
            "/aanvragen/nieuw",
            {"gemeente": o.gemeente, "organisatie": o.org_a["id"], "jobcoach": o.coach_a["id"]},
        )
        path = made.headers["location"].split("?")[0]
        fields = form_fields(builders.aanvraag_body(o))
        assert (await post_form(client, path, {**fields, "actie": "indienen"})).status_code == 303
        log_in(client, o.gemeente_account)
        refused = await post_form(client, f"{path}/besluit", {"besluit": "afgewezen"})
        assert refused.status_code == 400 and "Toelichting" in text(refused)
        confirm = await post_form(
            client, f"{path}/besluit", {"besluit": "afgewezen", "toelichting": "Geen plek."}
        )
        assert confirm.status_code == 200 and "af te wijzen" in confirm.text
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingediend"
        done = await post_form(
            client,
            f"{path}/besluit",
            {"besluit": "afgewezen", "toelichting": "Geen plek.", "bevestigd": "ja"},
        )
        assert done.status_code == 303
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "afgewezen"


async def _toegekend(client, o) -> str:
    """A granted aanvraag through the API; the new traject's id."""
    from tests.helpers import auth

    made = await client.post(
        "/api/v1/aanvragen", headers=auth(o.org_a_account), json=builders.aanvraag_body(o)
    )
    path = f"/api/v1/aanvragen/{made.json()['id']}"
    assert (await client.post(f"{path}/indiening", headers=auth(o.org_a_account))).status_code == 200
    granted = await client.post(
        f"{path}/besluit",
        headers=auth(o.gemeente_account),
        json={"besluit": "toegekend", "toelichting": "Passend."},
    )
    assert granted.status_code == 200, granted.text
    return granted.json()["traject"]


async def test_coach_reports_progress_per_goal_and_the_gemeente_sees_it(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        traject_id = await _toegekend(client, o)
        evaluatie = (
            await Rapportage.select()
            .where((Rapportage.traject == traject_id) & (Rapportage.soort == "evaluatieverslag"))
            .order_by(Rapportage.volgnummer)
            .first()
        )
        doelen = (
            await Coachingsdoel.select()
            .where(Coachingsdoel.traject == traject_id)
            .order_by(Coachingsdoel.volgnummer)
        )
        url = f"/jobcoach/trajecten/{traject_id}/rapportages/{evaluatie['id']}"
        log_in(client, o.coach_a_account)
        te_vroeg = await client.get(url)
        assert "Deze rapportage kunt u nog niet indienen: dat kan vanaf" in text(te_vroeg)
        assert 'name="samenvatting"' not in te_vroeg.text
        # a month before its due date the report opens
        t.move_to(dt.datetime.combine(evaluatie["vervaldatum"], dt.time(10), tzinfo=dt.UTC))
        log_in(client, o.coach_a_account)
        traject_page = await client.get(f"/jobcoach/trajecten/{traject_id}")
        assert traject_page.status_code == 200 and "Coachingsdoelen" in traject_page.text
        assert url in traject_page.text
        form = await client.get(url)
        assert form.status_code == 200 and "Voortgang per doel" in form.text
        first = {
            "vanuit": "verslag",
            "samenvatting": "Eerste evaluatie",
            "doelen[0].doel": str(doelen[0]["id"]),
            "doelen[0].voortgang": "bijgesteld",
            "doelen[0].toelichting": "Drie van de vier diensten lukken",
            "doelen[1].doel": str(doelen[1]["id"]),
        }
        bad = await post_form(client, f"{url}/indiening", first)
        assert bad.status_code == 400, bad.text
        page = text(bad)
        assert "geef de voortgang van doel 2" in page and "Doel 1, nieuwe streefwaarde" in page
        good = await post_form(
            client,
            f"{url}/indiening",
            {
                **first,
                "doelen[0].nieuweStreefwaarde": "3 van de 4",
                "doelen[1].voortgang": "behaald",
                "doelen[1].toelichting": "Wijzigingen staan een dag vooraf op het bord",
            },
        )
        assert good.status_code == 303, good.text
        log_in(client, o.gemeente_account)
        traject_page = await client.get(f"/gemeente/trajecten/{traject_id}")
        assert "/begeleidingsplan/pdf" in traject_page.text
        shown = text(traject_page)
        assert "Behaald" in shown and "3 van de 4" in shown and "Drie van de vier diensten lukken" in shown
        overview = text(await client.get("/gemeente/doelen"))
        assert "1 van de 2 doelen behaald" in overview


def pdf_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed (pypdf reads it back)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


async def test_documents_of_a_granted_aanvraag_hold_every_part(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        await _toegekend(client, o)
        aanvraag_id = str((await Aanvraag.select(Aanvraag.id).first())["id"])
        body = builders.aanvraag_body(o)
        log_in(client, o.org_a_account)
        response = await client.get(f"/aanvragen/{aanvraag_id}/pdf")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/pdf")
        assert response.content.startswith(b"%PDF")
        text_ = pdf_text(response.content)
        for part in (
            "Matchingsformulier",
            "Deel 1. Werknemerprofiel",
            "Deel 2. Werkprofiel",
            "Deel 3. Match en coachingsdoelen",
            "Besluit",
            "Toegekend",
            body["werkgever"],
            body["regimeMotivatie"],
            *body["werknemerprofiel"].values(),
            *(v for v in body["werkprofiel"].values() if isinstance(v, str)),
            *body["match"]["coachingsdoelen"][0].values(),
            body["match"]["kloof"],
            body["match"]["ondersteuningsbehoefte"],
            body["match"]["ondersteuningWerkgever"],
        ):
            words = re.sub(r"\s+", " ", str(part))
            if part in ("training-on-the-job", "werknemer", "2026-09-01"):
                continue  # codes show as their labels, dates in Dutch
            assert words in text_, part
        assert "Training op de werkplek" in text_ and "1 september 2026" in text_
        assert not re.search(r"\b\d{9}\b", text_)  # no BSN-like number anywhere

        besluit = await client.get(f"/aanvragen/{aanvraag_id}/besluit/pdf")
        assert besluit.status_code == 200
        besluit_text = pdf_text(besluit.content)
        assert "Besluit op de aanvraag" in besluit_text and "Passend." in besluit_text
        assert "bezwaar" in besluit_text

        plan = await client.get(f"/aanvragen/{aanvraag_id}/begeleidingsplan/pdf")
        assert plan.status_code == 200
        plan_text = pdf_text(plan.content)
        assert "Begeleidingsplan" in plan_text and "Doel 1." in plan_text and "Doel 2." in plan_text
        assert "Evaluatieverslag" in plan_text

        printable = await client.get(f"/aanvragen/{aanvraag_id}/afdruk")
        assert printable.status_code == 200 and "Deel 2. Werkprofiel" in printable.text

        # another organisation gets nothing
        log_in(client, o.accounts["organisatie-b"])
        assert (await client.get(f"/aanvragen/{aanvraag_id}/pdf")).status_code == 404


async def test_coach_sees_and_contributes_the_gemeente_extends_once_and_withdrawal(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        # the coach named in an aanvraag drafts and submits it too
        log_in(client, o.coach_a_account)
        made = await post_form(
            client,
            "/aanvragen/nieuw",
            {"gemeente": o.gemeente, "organisatie": o.org_a["id"], "jobcoach": o.coach_a["id"]},
        )
        assert made.status_code == 303, made.text
        path = made.headers["location"].split("?")[0]
        fields = form_fields(builders.aanvraag_body(o))
        assert (await post_form(client, path, {**fields, "actie": "indienen"})).status_code == 303
        log_in(client, o.org_a_account)
        assert path.rsplit("/", 1)[1] in (await client.get("/aanvragen")).text

        # the gemeente extends the beslistermijn once, with a reason
        log_in(client, o.gemeente_account)
        geen_reden = await post_form(client, f"{path}/verdaging", {"weken": "4"})
        assert geen_reden.status_code == 400 and "Reden van de verdaging" in text(geen_reden)
        verdaagd = await post_form(
            client, f"{path}/verdaging", {"weken": "4", "reden": "Advies van de arbeidsdeskundige"}
        )
        assert verdaagd.status_code == 303, verdaagd.text
        shown = text(await client.get(path))
        assert "Verdaagd met 4 weken" in shown and "Beslistermijn verdagen" not in shown

        # the organisation withdraws it
        log_in(client, o.org_a_account)
        assert (await post_form(client, f"{path}/intrekking", {})).status_code == 303
        assert (await Aanvraag.select(Aanvraag.status).first())["status"] == "ingetrokken"


async def test_the_web_form_refuses_a_coach_without_a_confirmed_dienstverband(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        proposed = await builders.jobcoach(voornaam="Petra", achternaam="Voorstel")
        await builders.dienstverband(proposed["id"], o.org_a["id"], bevestigd=False)
        log_in(client, o.org_a_account)
        refused = await post_form(
            client,
            "/aanvragen/nieuw",
            {"gemeente": o.gemeente, "organisatie": o.org_a["id"], "jobcoach": proposed["id"]},
        )
        assert refused.status_code == 400, refused.text
        assert "bevestigd dienstverband" in text(refused)
        assert await Aanvraag.count() == 0


async def test_a_row_index_beyond_the_maximum_is_refused_before_the_form_is_built(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        log_in(client, o.org_a_account)
        made = await post_form(
            client,
            "/aanvragen/nieuw",
            {"gemeente": o.gemeente, "organisatie": o.org_a["id"], "jobcoach": o.coach_a["id"]},
        )
        path = made.headers["location"].split("?")[0]
        for index in ("12", "2000000", "9" * 5000):
            refused = await post_form(
                client, path, {"werkgever": "Bakkerij", f"match.coachingsdoelen[{index}].omschrijving": "x"}
            )
            assert refused.status_code == 400, refused.text
            assert "match.coachingsdoelen" in text(refused)
        assert (await Aanvraag.select(Aanvraag.werkgever).first())["werkgever"] == ""
        # the last allowed row is still accepted
        kept = await post_form(client, path, {"match.coachingsdoelen[11].omschrijving": "Werkt zelfstandig"})
        assert kept.status_code == 303, kept.text

        traject_id = await _toegekend(client, o)
        evaluatie = (
            await Rapportage.select()
            .where((Rapportage.traject == traject_id) & (Rapportage.soort == "evaluatieverslag"))
            .first()
        )
        log_in(client, o.coach_a_account)
        url = f"/jobcoach/trajecten/{traject_id}/rapportages/{evaluatie['id']}/indiening"
        for index in ("2", "1000000"):  # the traject has two open goals
            refused = await post_form(
                client, url, {"vanuit": "verslag", "samenvatting": "x", f"doelen[{index}].voortgang": "x"}
            )
            assert refused.status_code == 400, refused.text
            assert "doelen" in text(refused)
        assert (await Rapportage.select().where(Rapportage.id == evaluatie["id"]).first())[
            "ingediend_op"
        ] is None


async def test_a_pdf_of_texts_without_spaces_wraps_and_hides_what_is_only_for_screen_readers(client):
    """Words longer than a line break anywhere (CSS overflow-wrap) instead of making WeasyPrint search for
    a layout; captions meant for screen readers are not printed."""
    from tests.helpers import auth

    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        body = builders.aanvraag_body(o, werkgever="X" * 190)
        body["werknemerprofiel"]["krachten"] = "Z" * 3000
        made = await client.post("/api/v1/aanvragen", headers=auth(o.org_a_account), json=body)
        assert made.status_code == 201, made.text
        log_in(client, o.org_a_account)
        response = await client.get(f"/aanvragen/{made.json()['id']}/pdf")
        assert response.status_code == 200, response.text
        content = re.sub(r"\s+", "", pdf_text(response.content))
        assert content.count("X") >= 190 and content.count("Z") >= 3000  # every character is laid out
        assert "Coachingsdoelen (SMART)" not in pdf_text(response.content)


async def test_pdf_renders_share_one_limit_and_weasyprint_keeps_quiet(client):
    import asyncio
    import logging

    from api import documenten

    assert logging.getLogger("weasyprint").getEffectiveLevel() == logging.WARNING
    running = peak = 0

    def maak(markup: str) -> bytes:
        return markup.encode()

    async def one(i: int) -> bytes:
        nonlocal running, peak
        async with documenten._grens():
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0)
            running -= 1
        return await documenten.render(maak, str(i))

    results = await asyncio.gather(*(one(i) for i in range(6)))
    assert results == [str(i).encode() for i in range(6)]
    assert peak == documenten.GELIJKTIJDIG


async def test_no_new_aanvraag_is_offered_without_a_confirmed_dienstverband(client):
    """Outsider: a coach without a confirmed dienstverband was offered /aanvragen/nieuw, which always failed
    on submit. Neither that coach nor an organisation without a confirmed coach gets the button; the page,
    opened anyway, says why instead of showing the form."""
    with time_machine.travel(T0, tick=False) as t:
        o = await _world(t)
        nieuwe_coach = await builders.jobcoach(status="actief")
        log_in(client, await builders.coach_account(nieuwe_coach["id"], name="coach-zonder"))
        lijst = await client.get("/aanvragen")
        assert lijst.status_code == 200 and 'href="/aanvragen/nieuw"' not in lijst.text
        assert "nog geen bevestigd dienstverband" in text(lijst)
        nieuw = await client.get("/aanvragen/nieuw")
        assert nieuw.status_code == 200 and "nog geen bevestigd dienstverband" in text(nieuw)
        assert 'action="/aanvragen/nieuw"' not in nieuw.text

        log_in(client, o.accounts["organisatie-b"])  # an organisation without coaches
        lijst = await client.get("/aanvragen")
        assert 'href="/aanvragen/nieuw"' not in lijst.text and "Nodig een jobcoach uit" in text(lijst)

        log_in(client, o.coach_a_account)  # a coach with a confirmed dienstverband still gets both
        assert 'href="/aanvragen/nieuw"' in (await client.get("/aanvragen")).text
        assert 'action="/aanvragen/nieuw"' in (await client.get("/aanvragen/nieuw")).text
