"""One keurmerk state and one label per code on every page (issue 11, "Done when").

Every page that shows a keurmerk is rendered 91, 90 and 89 days before its end; all must show the same
state (register/rules/keurmerken.py decides the 90-day boundary once). An unverified claim shows as
"Niet geverifieerd" everywhere, never as geldig. And no page shows a raw code where a label belongs.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import time_machine

from audits import organisatie_audits
from register.services import jobcoaches, organisaties
from register.vocabulary import ALLE_LIJSTEN, KEURMERK_WEERGAVEN
from tests import builders
from tests.helpers import login, post_form

EINDE = dt.date(2027, 1, 1)  # the organisation keurmerk of the world ends here; the coach's too
STAATLABELS = {c.label for c in KEURMERK_WEERGAVEN.items}
BADGE = re.compile(r'<span class="badge badge-[a-z]+">([^<]+)</span>')


def keurmerk_staten(html: str) -> set[str]:
    """The keurmerk state badges a page shows."""
    return {label for label in BADGE.findall(html) if label in STAATLABELS}


def zichtbaar(html: str) -> str:
    """Roughly what a reader sees: no tags, attributes, scripts, or the signed statement's raw claims."""
    html = re.sub(r"<(pre|code|script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def get_ok(client, url: str) -> str:
    response = await client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.text


async def test_every_page_shows_the_same_keurmerk_state_91_90_and_89_days_before_the_end(client):
    with time_machine.travel(builders.T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t, noloc_tot=EINDE)
        coach_id, org_id, nummer = o.coach_a["id"], o.org_a["id"], o.coach_a["registratienummer"]
        traject = await builders.traject(o)
        beheerder = await builders.beheerder()
        gezien: dict[int, dict[str, set[str]]] = {}
        for dagen in (91, 90, 89):
            t.move_to(dt.datetime.combine(EINDE - dt.timedelta(days=dagen), dt.time(10), tzinfo=dt.UTC))
            client.cookies.clear()
            pages = {
                "openbaar profiel jobcoach": f"/register/jobcoaches/{nummer}",
                "openbaar zoeken jobcoach": f"/register?soort=jobcoaches&zoek={nummer}",
                "openbaar profiel organisatie": f"/register/organisaties/{org_id}",
                "openbaar zoeken organisatie": "/register?soort=organisaties&zoek=Werkfit",
            }
            html = {naam: await get_ok(client, url) for naam, url in pages.items()}
            login(client, o.coach_a_account)
            for naam, url in {
                "jobcoach overzicht": f"/jobcoach/{coach_id}",
                "jobcoach persoonsregister": f"/jobcoach/{coach_id}/keurmerken",
                "jobcoach registratie": f"/jobcoach/{coach_id}/keurmerken/{o.ids['keurmerk']}",
            }.items():
                html[naam] = await get_ok(client, url)
            login(client, o.org_a_account)
            for naam, url in {
                "organisatie overzicht": f"/organisatie/{org_id}",
                "organisatie keurmerken": f"/organisatie/{org_id}/keurmerken",
                "organisatie jobcoach": f"/organisatie/{org_id}/jobcoaches/{coach_id}",
            }.items():
                html[naam] = await get_ok(client, url)
            login(client, beheerder)
            html["beheer jobcoach"] = await get_ok(client, f"/beheer/jobcoaches/{coach_id}")
            html["beheer organisatie"] = await get_ok(client, f"/beheer/organisaties/{org_id}")
            login(client, o.gemeente_account)
            verified = await post_form(client, f"/gemeente/trajecten/{traject['id']}/verificaties", {})
            assert verified.status_code == 303, verified.text
            html["gemeente verificatie"] = await get_ok(client, verified.headers["location"])
            gezien[dagen] = {naam: keurmerk_staten(h) for naam, h in html.items()}

    verwacht = {91: {"Geldig"}, 90: {"Verloopt binnenkort"}, 89: {"Verloopt binnenkort"}}
    for dagen, per_pagina in gezien.items():
        assert per_pagina == dict.fromkeys(per_pagina, verwacht[dagen]), dagen


async def test_an_unverified_claim_shows_as_niet_geverifieerd_on_every_page_and_never_as_geldig(client):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False) as t:
        await builders.gemeente("GM0599", "Rotterdam")
        org = await builders.organisatie(naam="Werkfit Jobcoaching")
        coach = await builders.jobcoach(status="actief", voornaam="Sanne", achternaam="de Vries")
        await builders.dienstverband(coach["id"], org["id"])
        coach_account, org_account = (
            await builders.coach_account(coach["id"]),
            await builders.org_account(org["id"]),
        )
        einde = dt.date(2026, 6, 1)
        claim = {"ingangsdatum": dt.date(2024, 1, 1), "geldig_tot": einde, "status": "actief"}
        km = await jobcoaches.add_keurmerk(
            builders.actor_for(coach_account), coach["id"], {**claim, "schema": "noloc", "nummer": "N-1"}
        )
        await organisaties.add_keurmerk(
            builders.actor_for(org_account), org["id"], {**claim, "schema": "oval", "nummer": "O-1"}
        )
        auditor, beheerder = await builders.auditor(), await builders.beheerder()
        for dagen in (91, 90, 89):
            t.move_to(dt.datetime.combine(einde - dt.timedelta(days=dagen), dt.time(10), tzinfo=dt.UTC))
            html: dict[str, str] = {}
            login(client, coach_account)
            html["jobcoach overzicht"] = await get_ok(client, f"/jobcoach/{coach['id']}")
            html["jobcoach persoonsregister"] = await get_ok(client, f"/jobcoach/{coach['id']}/keurmerken")
            html["jobcoach registratie"] = await get_ok(
                client, f"/jobcoach/{coach['id']}/keurmerken/{km['id']}"
            )
            login(client, org_account)
            html["organisatie overzicht"] = await get_ok(client, f"/organisatie/{org['id']}")
            html["organisatie keurmerken"] = await get_ok(client, f"/organisatie/{org['id']}/keurmerken")
            html["organisatie jobcoach"] = await get_ok(
                client, f"/organisatie/{org['id']}/jobcoaches/{coach['id']}"
            )
            login(client, beheerder)
            html["beheer jobcoach"] = await get_ok(client, f"/beheer/jobcoaches/{coach['id']}")
            html["beheer organisatie"] = await get_ok(client, f"/beheer/organisaties/{org['id']}")
            login(client, auditor)
            html["werkvoorraad auditor"] = await get_ok(client, "/auditor/werkvoorraad")
            staten = {naam: keurmerk_staten(h) for naam, h in html.items()}
            assert staten == dict.fromkeys(html, {"Niet geverifieerd"}), dagen
            # the public register does not show unverified claims at all
            client.cookies.clear()
            profiel = await get_ok(client, f"/register/jobcoaches/{coach['registratienummer']}")
            assert keurmerk_staten(profiel) == set() and "Er zijn geen geverifieerde keurmerken." in profiel


# --- codes on screen are their labels ----------------------------------------------------------------------

# Codes that hold a hyphen cannot be Dutch prose: if one is visible, a label is missing.
CODES = sorted({code for lijst in ALLE_LIJSTEN for code in lijst.codes if "-" in code and code[0].isalpha()})


def raw_codes(html: str) -> list[str]:
    text = zichtbaar(html)
    found = [code for code in CODES if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]
    # a gemeente is "Rotterdam (GM0599)", never its bare CBS code (a form hint may show one "zoals GM0599")
    found += re.findall(r"(?<!\()(?<!zoals )GM\d{4}(?!\))", text)
    return found


async def test_no_page_shows_a_raw_code(client):
    with time_machine.travel(builders.T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        coach_id, org_id = o.coach_a["id"], o.org_a["id"]
        traject = await builders.traject(o)
        auditor = await builders.auditor()
        audit = await organisatie_audits.create(
            builders.actor_for(auditor),
            {
                "organisatie": org_id,
                "datum": dt.date(2026, 3, 1),
                "schema": "blik-op-werk",
                "uitkomst": "voorwaardelijk",
                "bevindingen": [
                    {
                        "gebied": "klachtprocedure",
                        "oordeel": "minor",
                        "maatregel": "Termijnen",
                        "deadline": dt.date(2026, 4, 1),
                    },
                    {"gebied": "privacy", "oordeel": "conform", "maatregel": "", "deadline": None},
                ],
            },
        )
        beheerder = await builders.beheerder()
        login(client, o.gemeente_account)
        verified = await post_form(client, f"/gemeente/trajecten/{traject['id']}/verificaties", {})
        assert verified.status_code == 303
        per_rol = {
            o.coach_a_account["id"]: (
                o.coach_a_account,
                [
                    f"/jobcoach/{coach_id}",
                    f"/jobcoach/{coach_id}/keurmerken",
                    f"/jobcoach/{coach_id}/opleidingen",
                    f"/jobcoach/{coach_id}/scholing",
                    f"/jobcoach/{coach_id}/zelfevaluatie",
                    "/jobcoach/trajecten",
                    f"/jobcoach/trajecten/{traject['id']}",
                    "/mijn-toetsingen",
                ],
            ),
            o.org_a_account["id"]: (
                o.org_a_account,
                [
                    f"/organisatie/{org_id}",
                    f"/organisatie/{org_id}/kwaliteitsborging",
                    f"/organisatie/{org_id}/keurmerken",
                    f"/organisatie/{org_id}/jobcoaches",
                    f"/organisatie/{org_id}/jobcoaches/{coach_id}",
                    "/mijn-audits",
                ],
            ),
            o.gemeente_account["id"]: (
                o.gemeente_account,
                [
                    "/gemeente",
                    "/gemeente/trajecten/nieuw",
                    f"/gemeente/trajecten/{traject['id']}",
                    verified.headers["location"],
                    verified.headers["location"] + "/verklaring",
                ],
            ),
            auditor["id"]: (
                auditor,
                [
                    "/auditor/werkvoorraad",
                    "/auditor/toetsingen",
                    f"/auditor/toetsingen/{o.ids['toetsing']}",
                    "/auditor/organisatie-audits",
                    f"/auditor/organisatie-audits/{audit['id']}",
                    f"/auditor/organisatie-audits/nieuw?organisatie={org_id}",
                ],
            ),
            beheerder["id"]: (
                beheerder,
                [
                    "/beheer/accounts",
                    "/beheer/jobcoaches",
                    f"/beheer/jobcoaches/{coach_id}",
                    f"/beheer/organisaties/{org_id}",
                ],
            ),
        }
        shown: dict[str, list[str]] = {}
        for account, urls in per_rol.values():
            login(client, account)
            for url in urls:
                shown[url] = raw_codes(await get_ok(client, url))
        client.cookies.clear()
        for url in (
            f"/register/jobcoaches/{o.coach_a['registratienummer']}",
            f"/register/organisaties/{org_id}",
            "/register?soort=jobcoaches&zoek=Vries",
        ):
            shown[url] = raw_codes(await get_ok(client, url))
    assert {url: codes for url, codes in shown.items() if codes} == {}
    assert uuid.UUID(audit["id"])
