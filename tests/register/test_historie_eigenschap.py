"""Property (issue 12, part 3): for any sequence of changes whose ingangsdatum lies after the peildatum D,
the verdict for D is unchanged. Runs through the services and the fact loader on both engines: each
example builds the qualified world, takes the verdict for D, records the changes (keurmerk decisions on
the personal and the organisation keurmerk, new kwaliteitsborging versions, new toetsingskader versions,
status changes of the coach and the organisation recorded today), and takes the verdict for D again.
Each example runs inside one transaction that is rolled back, so every example starts from an empty
register."""

from __future__ import annotations

import contextlib
import datetime as dt

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register import db as register_db
from register.errors import Conflict
from register.services import feiten, jobcoaches, keurmerken, organisaties, toetsingskaders
from register.vocabulary import KEURMERK_LEVENSLOOP_STATUSSEN
from tests import builders
from tests.builders import BEHEER, NU, T0

PEILDATA = (dt.date(2025, 6, 1), dt.date(2026, 1, 10), dt.date(2026, 2, 28), dt.date(2026, 3, 1))

keurmerk_besluit = st.tuples(
    st.just("keurmerk"),
    st.sampled_from(("keurmerk", "org_keurmerk")),
    st.sampled_from(KEURMERK_LEVENSLOOP_STATUSSEN),
    st.integers(min_value=1, max_value=600),  # days after D
    st.one_of(st.none(), st.integers(min_value=-400, max_value=900)),  # new end date, days after D
)
borging = st.tuples(
    st.just("borging"),
    st.sampled_from(("klachtprocedure", "privacy", "continuiteit")),
    st.integers(min_value=1, max_value=600),
    st.integers(min_value=1, max_value=52),  # afhandeling_weken
)
kader = st.tuples(
    st.just("kader"), st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=200)
)
status = st.tuples(
    st.just("status"),
    st.sampled_from(("jobcoach", "organisatie")),
    st.sampled_from(("geschorst", "uitgeschreven")),
)
wijzigingen = st.lists(st.one_of(keurmerk_besluit, borging, kader, status), min_size=1, max_size=6)


class _Terugdraaien(Exception):
    pass


async def _oordeel(traject_id: str, d: dt.date):
    geladen = await feiten.load([traject_id])
    o = feiten.oordeel_voor(geladen, traject_id, d)
    return o.gekwalificeerd, o.kader.ref, [r.as_dict() for r in o.criteria]


async def _wijzig(o: builders.World, w: tuple, d: dt.date) -> None:
    soort = w[0]
    today = NU.date()
    if soort == "keurmerk":
        _, welk, status, na, tot = w
        await keurmerken.statuswijziging(
            o.actor("auditor"),
            o.ids[welk],
            status=status,
            ingangsdatum=d + dt.timedelta(days=na),
            toelichting="besluit van de registerhouder",
            geldig_tot=None if tot is None else max(d + dt.timedelta(days=na), d + dt.timedelta(days=tot)),
        )
    elif soort == "borging":
        _, gebied, na, weken = w
        item = {"ingangsdatum": d + dt.timedelta(days=na), "toelichting": "gewijzigd beleid"}
        if gebied == "klachtprocedure":
            item |= {"ontvangstbevestiging_dagen": 30, "afhandeling_weken": weken, "klachtencommissie": ""}
        await organisaties.set_kwaliteitsborging(BEHEER, o.org_a["id"], {gebied: item})
    elif soort == "kader":
        _, na, uren = w
        await toetsingskaders.adopt(
            BEHEER,
            None,
            {
                "ingangsdatum": today + dt.timedelta(days=na),
                "criteria": {
                    "scholing": {"urenMinimaal": uren},
                    "organisatie-keurmerk": {"schemas": ["uwv"]},
                },
            },
        )
    else:
        _, wie, status = w
        service, record = (jobcoaches, o.coach_a) if wie == "jobcoach" else (organisaties, o.org_a)
        with contextlib.suppress(Conflict):  # a status change the lifecycle refuses is no change
            await service.set_status(BEHEER, record["id"], status, "besluit van de beheerder")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(d=st.sampled_from(PEILDATA), changes=wijzigingen)
async def test_changes_after_the_peildatum_leave_its_verdict(db, d, changes):
    with time_machine.travel(T0, tick=False) as t:
        try:
            async with register_db.transaction():
                o = await builders.qualified_world(traveller=t)
                traject = await builders.traject(o)
                before = await _oordeel(traject["id"], d)
                for w in changes:
                    await _wijzig(o, w, d)
                assert await _oordeel(traject["id"], d) == before
                raise _Terugdraaien
        except _Terugdraaien:
            pass


async def test_the_property_can_fail(db):
    """The same steps with a change dated on D itself do change the verdict for D."""
    d = dt.date(2026, 2, 28)
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        before = await _oordeel(traject["id"], d)
        await _wijzig(o, ("keurmerk", "keurmerk", "ingetrokken", 0, None), d)
        assert await _oordeel(traject["id"], d) != before
