"""The pages for gemeente employees and coaches: what they see and what their forms store."""

from __future__ import annotations

import re

import time_machine

from register.tables import Besluit, Rapportage, Traject, Urenregistratie, Verificatie
from tests import builders
from tests.builders import T0
from tests.helpers import csrf_token, summary, token_for


def log_in(client, account) -> None:
    client.cookies.clear()
    client.cookies.set("sessie", token_for(account))


async def post_form(client, url: str, form: dict) -> object:
    token = await csrf_token(client)
    return await client.post(url, data={**form, "_csrf_token": token}, follow_redirects=False)


def text(response) -> str:
    """The page without tags, whitespace collapsed: roughly what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


async def test_gemeente_overview_new_traject_verify_and_decide(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        log_in(client, o.gemeente_account)

        empty = await client.get("/gemeente")
        assert empty.status_code == 200 and "nog geen trajecten" in empty.text

        form = await client.get("/gemeente/trajecten/nieuw")
        assert form.status_code == 200 and 'name="_csrf_token"' in form.text
        values = {
            "gemeente": "GM0599",
            "referentie": "111222333",
            "werkgever": "Bakkerij Van Dam",
            "startdatum": "2026-01-05",
            "regime": "midden",
            "contracturen": "0",
            "registratienummer": "JC-999999",
            "kvkNummer": o.org_a["kvk_nummer"],
        }
        bad = await post_form(client, "/gemeente/trajecten/nieuw", values)
        assert bad.status_code == 400
        assert 'role="alert"' in bad.text
        page = text(bad)
        assert (
            "BSN" in page
            and "geen jobcoach gevonden met deze naam of dit registratienummer" in page
            and "hoogstens 40 uur per week" in page
        )
        assert 'value="Bakkerij Van Dam"' in bad.text  # what the user typed stays
        assert await Traject.count() == 0

        good = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {
                **values,
                "referentie": "WMO-7",
                "contracturen": "16",
                "registratienummer": o.coach_a["registratienummer"].lower(),
            },
        )
        assert good.status_code == 303, good.text
        location = good.headers["location"]
        traject_id = location.split("/")[3].split("?")[0]
        shown = await client.get(location)
        assert shown.status_code == 200
        page = text(shown)
        assert "Het traject is geregistreerd." in page
        assert "Jaar 1" in page and "40 " in page  # 16 contract hours on midden: 40 hours in year 1
        assert "Begeleidingsplan" in page and "Voortgangsrapportage 1" in page and "Te laat" in page
        assert "nog niet geverifieerd" in page

        future = await post_form(
            client, f"/gemeente/trajecten/{traject_id}/verificaties", {"peildatum": "2026-03-03"}
        )
        assert future.status_code == 400 and "mag niet in de toekomst liggen" in future.text
        assert await Verificatie.count() == 0

        verified = await post_form(
            client, f"/gemeente/trajecten/{traject_id}/verificaties", {"peildatum": ""}
        )
        assert verified.status_code == 303
        verdict = await client.get(verified.headers["location"])
        page = text(verdict)
        assert "De jobcoach en de organisatie voldoen" in page
        assert "Registratie in een persoonsregister (Noloc of NVS)" in page
        assert "Noloc Register Jobcoach (nummer NOLOC-1234) is geldig tot en met 1 april 2026" in page
        assert page.count("Voldaan") == 10

        statement = await client.get(verified.headers["location"] + "/verklaring")
        assert statement.status_code == 200
        stored = await Verificatie.select(Verificatie.attestatie).first()
        assert stored["attestatie"] in statement.text
        assert "/ontwikkelaars#verklaringen" in statement.text  # the how-to for software moved there
        assert '<link rel="stylesheet" href="/static/css/trajecten.css">' in statement.text
        css = await client.get("/static/css/trajecten.css")
        assert "@media print" in css.text

        verificatie_id = verified.headers["location"].rsplit("/", 1)[1]
        silent = await post_form(
            client,
            f"/gemeente/trajecten/{traject_id}/besluit",
            {"verificatie": verificatie_id, "besluit": "afgewezen"},
        )
        assert silent.status_code == 400 and "verplicht bij een afwijzing" in silent.text
        decided = await post_form(
            client,
            f"/gemeente/trajecten/{traject_id}/besluit",
            {"verificatie": verificatie_id, "besluit": "goedgekeurd", "toelichting": ""},
        )
        assert decided.status_code == 303
        assert (await Besluit.select(Besluit.besluit).first()) == {"besluit": "goedgekeurd"}
        overview = text(await client.get("/gemeente"))
        assert "WMO-7" in overview and "Voldoet" in overview


async def test_pages_are_for_the_right_gemeente_and_role(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        client.cookies.clear()
        anonymous = await client.get("/gemeente", follow_redirects=False)
        assert anonymous.status_code in (302, 303) and anonymous.headers["location"].startswith("/inloggen")
        log_in(client, o.coach_a_account)
        assert (await client.get("/gemeente")).status_code == 403
        log_in(client, await builders.gemeente_account("GM0363"))
        assert (await client.get(f"/gemeente/trajecten/{traject['id']}")).status_code == 404
        assert (await client.get(f"/jobcoach/trajecten/{traject['id']}")).status_code == 403
        # a single-role account goes straight to its own pages; a coach reaches trajecten from the subnav
        log_in(client, o.gemeente_account)
        dashboard = await client.get("/dashboard", follow_redirects=False)
        assert dashboard.headers["location"] == "/gemeente"
        log_in(client, o.coach_a_account)
        dashboard = await client.get("/dashboard", follow_redirects=True)
        assert 'href="/jobcoach/trajecten"' in dashboard.text and 'href="/gemeente"' not in dashboard.text


async def test_coach_logs_hours_and_submits_a_report(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        log_in(client, o.coach_a_account)
        waiting = text(await client.get(f"/jobcoach/trajecten/{traject['id']}"))
        assert "zodra de gemeente het traject heeft goedgekeurd" in waiting
        await builders.approve(o, traject)

        overview = text(await client.get("/jobcoach/trajecten"))
        assert "WMO-1" in overview

        url = f"/jobcoach/trajecten/{traject['id']}"
        bad = await post_form(
            client, f"{url}/uren", {"datum": "2026-01-04", "uren": "1,5", "activiteit": "training-on-the-job"}
        )
        assert bad.status_code == 400
        assert "mag niet voor de startdatum van het traject (5 januari 2026) liggen" in text(bad)
        assert 'value="2026-01-04"' in bad.text
        assert await Urenregistratie.count() == 0

        good = await post_form(
            client,
            f"{url}/uren",
            {
                "datum": "2026-02-02",
                "uren": "1,75",
                "activiteit": "introductie-op-de-werkplek",
                "omschrijving": "kennismaking",
            },
        )
        assert good.status_code == 303
        page = text(await client.get(good.headers["location"]))
        assert "De uren zijn opgeslagen." in page and "Introductie op de werkplek" in page and "1,75" in page

        plan = await Rapportage.select(Rapportage.id).where(Rapportage.soort == "begeleidingsplan").first()
        empty = await post_form(client, f"{url}/rapportages/{plan['id']}/indiening", {"samenvatting": ""})
        assert empty.status_code == 400
        veld = f"veld-rapportage-{plan['id']}-samenvatting"
        assert f'class="field-error" id="{veld}-fout"' in empty.text and "is verplicht" in empty.text
        assert f'<a href="#{veld}">Samenvatting: is verplicht</a>' in empty.text
        sent = await post_form(
            client,
            f"{url}/rapportages/{plan['id']}/indiening",
            {"samenvatting": "Plan besproken met werkadviseur."},
        )
        assert sent.status_code == 303
        page = text(await client.get(sent.headers["location"]))
        assert "De rapportage is ingediend." in page and "Te laat ingediend" in page

        coach_b = await builders.coach_account((await builders.jobcoach())["id"])
        log_in(client, coach_b)
        assert (await client.get(url)).status_code == 404
        other = await post_form(
            client, f"{url}/uren", {"datum": "2026-02-03", "uren": "1", "activiteit": "training-on-the-job"}
        )
        assert other.status_code == 404
        assert await Urenregistratie.count() == 1


async def test_report_schedule_is_a_timeline_and_later_reports_are_refused(client):
    """Issue #17: the next due report first, later reports as a compact list without forms, submitted ones
    folded away; a report due later is refused by the page and the API with a Dutch message."""
    from tests.helpers import auth

    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)  # today 2 March 2026; traject from 5 January 2026
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        log_in(client, o.coach_a_account)
        url = f"/jobcoach/trajecten/{traject['id']}"
        html = (await client.get(url)).text
        nu = html.split('id="rapportages-nu"')[1].split('id="rapportages-later"')[0]
        later = html.split('id="rapportages-later"')[1].split("</section>")[0]
        # now: the overdue begeleidingsplan (due 2 February), marked as the next one, with its form
        assert nu.count("<li") == 1 and nu.count("<form") == 1
        assert "Begeleidingsplan" in nu and "Eerstvolgende" in nu and "uiterlijk 2 februari 2026" in nu
        # later: the next three one line each, from when to when, no form; the rest folded; the
        # eindverslag (January 2028) last
        assert "<form" not in later and 'name="samenvatting"' not in later
        eerste = later.split("<details")[0]
        assert eerste.count("<li") == 3
        assert (
            'Voortgangsrapportage 1</strong> <span class="toelichting">in te dienen van 5 maart 2026 tot en met 5 april 2026'
            in eerste
        )
        assert "De 15 rapportages daarna" in later
        assert "Eindverslag" in later.split("<li")[-1]
        assert "in te dienen van 4 december 2027 tot en met 4 januari 2028" in later
        eind = await Rapportage.select().where(Rapportage.soort == "eindverslag").first()

        refused = await post_form(
            client, f"{url}/rapportages/{eind['id']}/indiening", {"samenvatting": "Klaar!"}
        )
        assert refused.status_code == 409
        assert (
            "Deze rapportage (eindverslag) kan nog niet worden ingediend: dat kan vanaf 4 december 2027; "
            "de uiterste datum is 4 januari 2028." in text(refused)
        )
        assert "Klaar!" in refused.text  # the typed text is kept
        api = await client.post(
            f"/api/v1/trajecten/{traject['id']}/rapportages/{eind['id']}/indiening",
            headers=auth(o.coach_a_account),
            json={"samenvatting": "Klaar!"},
        )
        assert api.status_code == 409 and "kan nog niet worden ingediend" in api.json()["detail"]
        stored = await Rapportage.select().where(Rapportage.id == eind["id"]).first()
        assert stored["ingediend_op"] is None and not stored["samenvatting"]
        schema = (
            await client.get(f"/api/v1/trajecten/{traject['id']}", headers=auth(o.gemeente_account))
        ).json()
        eind_api = next(r for r in schema["rapportages"] if r["soort"] == "eindverslag")
        assert (eind_api["indienbaarVanaf"], eind_api["indienbaar"]) == ("2027-12-04", False)

        # submitted reports fold away below the timeline
        plan = await Rapportage.select(Rapportage.id).where(Rapportage.soort == "begeleidingsplan").first()
        await post_form(
            client, f"{url}/rapportages/{plan['id']}/indiening", {"samenvatting": "Plan besproken."}
        )
        html = (await client.get(url)).text
        klaar = html.split('class="tijdlijn-klaar"')[1].split("</details>")[0]
        assert "Ingediend (1)" in klaar and "Plan besproken." in klaar
        nu = html.split('id="rapportages-nu"')[1].split('id="rapportages-later"')[0]
        assert "Begeleidingsplan" not in nu and nu.count("<li") == 0
        assert "De volgende, Voortgangsrapportage 1, kunt u indienen vanaf 5 maart 2026." in text(
            await client.get(url)
        )


NIEUW = {
    "gemeente": "GM0599",
    "referentie": "WMO-8",
    "werkgever": "Bakkerij Van Dam",
    "startdatum": "2026-03-02",
    "regime": "midden",
    "contracturen": "32",
}


async def test_traject_form_finds_coach_and_organisation_by_name_as_a_plain_search_step(client):
    """Without JavaScript: a name (with a typo) comes back as a choice at the field, nothing stored; the
    chosen match registers the traject. The coaches shown are in the access log."""
    from audits.tables import Inzagelog

    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)  # Sanne de Vries at Werkfit Jobcoaching
        log_in(client, o.gemeente_account)
        form = (await client.get("/gemeente/trajecten/nieuw")).text
        assert 'class="zoekveld" data-zoek="/gemeente/zoeken/jobcoaches"' in form
        assert '<script src="/static/js/zoekveld.js" defer></script>' in form
        stap = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {**NIEUW, "registratienummer": "Sane de Fries", "kvkNummer": "werkfit"},
        )
        assert stap.status_code == 400
        page = text(stap)
        assert "kies hieronder de jobcoach die u bedoelt" in page
        assert "kies hieronder de organisatie die u bedoelt" in page
        nummer, kvk = o.coach_a["registratienummer"], o.org_a["kvk_nummer"]
        assert f'name="jobcoachKeuze" value="{nummer}"' in stap.text and "Sanne de Vries" in page
        assert f'name="organisatieKeuze" value="{kvk}"' in stap.text and "Werkfit Jobcoaching" in page
        assert 'value="Sane de Fries"' in stap.text  # the typed text stays
        assert await Traject.count() == 0
        assert (
            await Inzagelog.count().where(
                (Inzagelog.jobcoach == o.coach_a["id"]) & (Inzagelog.doel == "jobcoach zoeken voor traject")
            )
            == 1
        )

        niets = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {**NIEUW, "registratienummer": "Xyzzy Qwerty", "kvkNummer": kvk},
        )
        assert "geen jobcoach gevonden met deze naam of dit registratienummer" in text(niets)

        gekozen = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {
                **NIEUW,
                "registratienummer": "Sane de Fries",
                "jobcoachKeuze": nummer,
                "kvkNummer": "werkfit",
                "organisatieKeuze": kvk,
            },
        )
        assert gekozen.status_code == 303, text(gekozen)
        stored = await Traject.select().first()
        assert (str(stored["jobcoach"]), str(stored["organisatie"])) == (o.coach_a["id"], o.org_a["id"])


async def test_traject_form_lookup_answers_json_for_the_combobox(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        log_in(client, o.gemeente_account)
        token = await csrf_token(client)
        coaches = await client.post(
            "/gemeente/zoeken/jobcoaches", data={"q": "sanne vries", "_csrf_token": token}
        )
        assert coaches.status_code == 200, coaches.text
        eerste = coaches.json()["resultaten"][0]
        assert (eerste["waarde"], eerste["naam"]) == (o.coach_a["registratienummer"], "Sanne de Vries")
        assert "actief" in eerste["toelichting"]
        kvk = o.org_a["kvk_nummer"]
        orgs = await client.post("/gemeente/zoeken/organisaties", data={"q": kvk, "_csrf_token": token})
        assert [r["waarde"] for r in orgs.json()["resultaten"]] == [kvk]
        leeg = await client.post("/gemeente/zoeken/jobcoaches", data={"q": " ", "_csrf_token": token})
        assert leeg.json() == {"resultaten": []}
        # the typed name is never in the URL; without the CSRF token the lookup is refused
        zonder = await client.post("/gemeente/zoeken/jobcoaches", data={"q": "sanne"})
        assert zonder.status_code == 403
        log_in(client, o.coach_a_account)
        anders = await client.post(
            "/gemeente/zoeken/jobcoaches", data={"q": "sanne", "_csrf_token": await csrf_token(client)}
        )
        assert anders.status_code == 403


async def test_traject_form_warns_before_saving_a_suspended_or_unlinked_coach(client):
    """A coach who is geschorst, or does not work for the organisation on the start date: the form warns
    and saves nothing until the user ticks the confirmation for exactly this choice."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        from register.services import jobcoaches

        geschorst = await builders.jobcoach(voornaam="Gijs", achternaam="Geschorst")
        los = await builders.jobcoach(voornaam="Lotte", achternaam="Los")
        await builders.dienstverband(geschorst["id"], o.org_a["id"])
        for coach, status in ((geschorst, "actief"), (los, "actief"), (geschorst, "geschorst")):
            t.shift(60)  # one status change after the other, as the beheerder makes them
            await jobcoaches.set_status(builders.BEHEER, coach["id"], status, "besluit van de beheerder")
        log_in(client, o.gemeente_account)
        kvk = o.org_a["kvk_nummer"]

        waarschuwing = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {**NIEUW, "registratienummer": geschorst["registratienummer"], "kvkNummer": kvk},
        )
        assert waarschuwing.status_code == 409
        page = text(waarschuwing)
        assert "Lees de waarschuwing onder het formulier" in page
        # a warning, not an error (outsider finding): its own "Let op", no error summary
        assert summary(waarschuwing.text) == "" and "fout gevonden" not in page
        assert '<h2 id="let-op-kop" class="alert-title">Let op</h2>' in waarschuwing.text
        blok = waarschuwing.text.split('id="waarschuwing"')[1].split("</div>\n  <button")[0]
        assert "Jobcoach actief in het register" in blok and "geschorst" in blok
        assert "Traject toch registreren" in waarschuwing.text
        assert await Traject.count() == 0
        afdruk = re.search(r'name="bevestiging" value="([0-9a-f]+)"', waarschuwing.text).group(1)

        # a confirmation for another coach does not carry over
        ander = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {**NIEUW, "registratienummer": los["registratienummer"], "kvkNummer": kvk, "bevestiging": afdruk},
        )
        assert ander.status_code == 409
        assert "heeft geen dienstverband met Werkfit Jobcoaching" in text(ander)
        assert summary(ander.text) == "" and "Let op" in text(ander)
        assert await Traject.count() == 0

        bevestigd = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {
                **NIEUW,
                "registratienummer": geschorst["registratienummer"],
                "kvkNummer": kvk,
                "bevestiging": afdruk,
            },
        )
        assert bevestigd.status_code == 303, text(bevestigd)
        assert await Traject.count() == 1

        # a qualifying coach at her own organisation: no warning at all
        gewoon = await post_form(
            client,
            "/gemeente/trajecten/nieuw",
            {
                **NIEUW,
                "referentie": "WMO-9",
                "registratienummer": o.coach_a["registratienummer"],
                "kvkNummer": kvk,
            },
        )
        assert gewoon.status_code == 303
