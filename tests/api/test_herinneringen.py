"""Reminders to holders (issue 15): a keurmerk ending in 6, 3 and 1 months reaches the coach by e-mail once
per threshold, however often the signals job runs; the e-mail names the kind and links to the page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from api import mail, worker
from register.services import signalen
from register.tables import Bericht
from tests import builders
from tests.helpers import BASE_URL, smtp_server


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


async def herinneringen(signaal: str = "keurmerk-verloopt") -> list[dict]:
    rows = await Bericht.select().where(Bericht.soort == "herinnering")
    inhoud = [json.loads(r["inhoud"]) if isinstance(r["inhoud"], str) else r["inhoud"] for r in rows]
    return [r for r, i in zip(rows, inhoud, strict=True) if i["signaal"] == signaal]


async def test_a_keurmerk_reminder_is_sent_once_per_threshold(db, smtp):
    inbox, url = smtp
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        coach = await builders.jobcoach(status="actief")
        await builders.keurmerk(coach["id"], dagen_geldig=80)  # within 3 months, not within 1
        await signalen.compute()
        await signalen.compute()
        assert len(await herinneringen()) == 1
        bezorger = mail.SmtpBezorger(url, BASE_URL, "Register <noreply@register.test>")
        await worker.bezorg({"email": bezorger})  # with the new coach's other reminders (scholing, ...)
        traveller.shift(dt.timedelta(days=55))  # now within 1 month
        await signalen.compute()
        await signalen.compute()
        assert len(await herinneringen()) == 2
        assert await worker.bezorg({"email": bezorger}) == (1, 0, 0)
        await signalen.compute()
        assert await worker.bezorg({"email": bezorger}) == (0, 0, 0)
    keurmerk = [m for m in inbox.messages if m["Subject"] == "Herinnering: Keurmerk verloopt"]
    assert [m["To"] for m in keurmerk] == [coach["email"]] * 2
    text = keurmerk[0].get_body(preferencelist=("plain",)).get_content()
    assert f"{BASE_URL}/jobcoach/{coach['id']}" in text and "NOLOC-" not in text  # a link, not the details


async def test_a_coach_without_a_signal_gets_no_reminder(db):
    coach = await builders.jobcoach(status="actief")
    await builders.keurmerk(coach["id"], dagen_geldig=400)
    await signalen.compute()
    assert await herinneringen() == []
    assert len(await herinneringen("scholing-achter")) == 1  # no verified scholing at all: behind the pace
