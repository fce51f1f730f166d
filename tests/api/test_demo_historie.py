"""The demo register has a past (issue 12, case 9): a check for an earlier peildatum gives a real answer,
Mohammed's Noloc registration was withdrawn last month, Eva's is in herregistratie. On the old main every
past-peildatum check said the coach "stond nog niet in het register"."""

from __future__ import annotations

import datetime as dt

import time_machine

from api import demo
from register.services import feiten, jobcoaches, uitnodigingen
from register.tables import Account, AccountRol, Bericht, Jobcoach, Traject
from tests import builders

NU = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


async def _oordeel(naam: str, d: dt.date):
    coach = await Jobcoach.select(Jobcoach.id).where(Jobcoach.voornaam == naam).first()
    traject = await Traject.select(Traject.id).where(Traject.jobcoach == coach["id"]).first()
    geladen = await feiten.load([traject["id"]])
    return feiten.oordeel_voor(geladen, str(traject["id"]), d)


def _regel(oordeel, code):
    return next(r for r in oordeel.criteria if r.code == code)


async def test_past_peildata_in_the_demo_have_real_answers(db):
    with time_machine.travel(NU, tick=False):
        assert await demo.load()
        today = NU.date()
        for jaren in (0, 1, 2, 3):
            d = today.replace(year=today.year - jaren)
            sanne = await _oordeel("Sanne", d)
            assert sanne.gekwalificeerd, (d, [(r.code, r.toelichting) for r in sanne.criteria if not r.voldaan])

        # Mohammed: Noloc withdrawn 30 days ago
        before = await _oordeel("Mohammed", today - dt.timedelta(days=60))
        assert _regel(before, "persoonsregister").voldaan and before.gekwalificeerd
        now = await _oordeel("Mohammed", today)
        assert not _regel(now, "persoonsregister").voldaan
        assert "ingetrokken" in _regel(now, "persoonsregister").toelichting

        # Eva: her Noloc ended 20 days ago, the herregistratie keeps it counting within the grace period
        eva = await Jobcoach.select(Jobcoach.id).where(Jobcoach.voornaam == "Eva").first()
        beeld = await jobcoaches.kwalificatiebeeld(builders.BEHEER, str(eva["id"]))
        regel = next(r for r in beeld.oordeel.criteria if r.code == "persoonsregister")
        assert regel.voldaan, regel.toelichting
        assert "herregistratie" in regel.toelichting.lower()


async def test_a_demo_coach_account_has_the_address_of_the_coach_profile(db):
    """Outsider finding: 'wachtwoord vergeten' with sanne@voorbeeld.nl, the address on Sanne's profile, sent
    nothing because her account had jobcoach-sanne@voorbeeld.nl. One person, one address in the demo."""
    with time_machine.travel(NU, tick=False):
        assert await demo.load()
        rollen = await AccountRol.select(AccountRol.account, AccountRol.jobcoach).where(
            AccountRol.rol == "jobcoach"
        )
        assert len(rollen) >= 2
        for rol in rollen:
            account = await Account.select(Account.email).where(Account.id == rol["account"]).first()
            coach = await Jobcoach.select(Jobcoach.email).where(Jobcoach.id == rol["jobcoach"]).first()
            assert account["email"] == coach["email"]
        eerder = await Bericht.count()
        await uitnodigingen.wachtwoord_vergeten("sanne@voorbeeld.nl")
        assert await Bericht.count() == eerder + 1
