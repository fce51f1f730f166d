"""AVG: deregistered coaches are anonymised after the retention period (`jobcoach-register retentie`),
signed verifications stay valid, and corrections of personal data are logged."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
import time_machine

from audits.tables import AuditlogRegel, ToetsingDeelnemer
from register import db as register_db
from register.errors import Conflict
from register.infra import auditlog
from register.services import accounts, jobcoaches, retentie
from register.tables import (
    Account,
    Competentiescore,
    Jobcoach,
    Keurmerk,
    Opleiding,
    Scholing,
    Signaal,
    Statuswijziging,
    Urenregistratie,
    Verificatie,
)
from tests import builders
from tests.helpers import auth, cli, cli_env, migrate

AMSTERDAM_NOON = dt.timezone(dt.timedelta(hours=1))


def at(day: str) -> time_machine.travel:
    """Noon in the Netherlands on that day (winter time)."""
    return time_machine.travel(dt.datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=AMSTERDAM_NOON))


async def coach_with_history(voornaam: str, achternaam: str) -> dict[str, Any]:
    """A coach with a profile, claims, a self-assessment, peer review, hours, a signal, an account and a
    stored, signed verification."""
    await builders.gemeente("GM0599", "Rotterdam")
    org = await builders.organisatie()
    coach = await builders.jobcoach(
        voornaam=voornaam,
        achternaam=achternaam,
        email=f"{voornaam.lower()}@voorbeeld.nl",
        telefoon=f"06-{sum(map(ord, achternaam)):08d}",
    )
    cid = coach["id"]
    await builders.dienstverband(cid, org["id"], dt.date(2023, 1, 1), soort="zzp")
    await jobcoaches.set_status(builders.BEHEER, cid, "actief", f"portfolio van {voornaam} {achternaam} beoordeeld")
    account = await builders.coach_account(cid)
    me = builders.actor_for(account)
    await jobcoaches.add_opleiding(
        me,
        cid,
        {
            "soort": "hbo-diploma",
            "omschrijving": f"Bachelor, diploma op naam van {achternaam}",
            "datum": dt.date(2015, 6, 30),
            "bewijs": "scan-diploma.pdf",
        },
    )
    await jobcoaches.add_keurmerk(
        me,
        cid,
        {
            "schema": "noloc",
            "nummer": f"NOLOC-{achternaam}",
            "ingangsdatum": dt.date(2023, 1, 1),
            "geldig_tot": dt.date(2027, 1, 1),
            "status": "actief",
        },
    )
    await jobcoaches.add_scholing(
        me,
        cid,
        {
            "titel": "Motiverende gespreksvoering",
            "aanbieder": "Academie",
            "datum": dt.date(2023, 5, 1),
            "uren": 12.5,
            "pe_punten": None,
            "categorie": "methodiek",
            "certificaat": f"certificaat-{achternaam}.pdf",
        },
    )
    await jobcoaches.add_zelfevaluatie(
        me,
        cid,
        {
            "datum": dt.date(2023, 6, 1),
            "competenties": [
                {
                    "code": c,
                    "score": 4,
                    "toelichting": f"{voornaam} merkt thuis veel stress",
                    "leerdoel": "grenzen stellen",
                }
                for c in jobcoaches.COMPETENTIES
            ],
        },
    )
    made = await builders.signed_verification(coach, uuid.UUID(org["id"]), dt.date(2023, 12, 1))
    await Urenregistratie(
        traject=made["traject"],
        jobcoach=uuid.UUID(cid),
        datum=dt.date(2023, 12, 1),
        uren=2.0,
        activiteit="training-on-the-job",
        omschrijving=f"gesprek met {voornaam} en werkgever",
        vastgelegd_op=dt.datetime(2023, 12, 1, tzinfo=dt.UTC),
    ).save()
    from audits.tables import Toetsing

    auditor = await builders.auditor()
    toetsing = Toetsing(
        datum=dt.date(2023, 9, 1),
        vorm="intervisie",
        auditor=uuid.UUID(auditor["id"]),
        aangemaakt_op=dt.datetime(2023, 9, 1, tzinfo=dt.UTC),
    )
    await toetsing.save()
    await ToetsingDeelnemer(
        toetsing=toetsing.id,
        jobcoach=uuid.UUID(cid),
        casus="casus over een klant",
        beoordeling="voldoende",
        feedback=f"{voornaam} luistert goed",
        leerdoelen="meer structuur",
    ).save()
    await Signaal(
        sleutel=f"keurmerk-{cid}",
        soort="keurmerk-verloopt",
        ontvanger_rol="jobcoach",
        jobcoach=uuid.UUID(cid),
        onderwerp_type="keurmerk",
        onderwerp_id=cid,
        tekst=f"Beste {voornaam}, uw keurmerk verloopt.",
        aangemaakt_op=dt.datetime(2023, 12, 1, tzinfo=dt.UTC),
    ).save()
    return {"coach": coach, "account": account, **made}


async def everything_about(coach_id: str) -> str:
    """Every value of every row of every table, the audit log included (whose personal values are stored
    encrypted), as one text to search in."""
    parts = []
    for table in register_db.all_tables():
        parts.append(json.dumps(await table.select(), default=str, ensure_ascii=False))
    return "\n".join(parts)


async def readable_audit_log() -> str:
    """The audit log as a beheerder reads it: personal values decrypted while their key exists."""
    items, _ = await auditlog.entries(limit=10_000)
    return json.dumps([i["wijziging"] for i in items], default=str, ensure_ascii=False)


async def test_a_deregistered_coach_is_anonymised_after_two_years(db, client):
    with at("2024-01-10"):
        a = await coach_with_history("Annemarie", "Zwaluwstaart")
        b = await coach_with_history("Bartholomeus", "Kievitsbloem")
        still_active = await coach_with_history("Cornelia", "Waterhoen")
    a_id, b_id = a["coach"]["id"], b["coach"]["id"]
    verification_before = await Verificatie.select().where(Verificatie.id == a["verificatie"]).first()
    with at("2024-01-15"):
        await jobcoaches.set_status(builders.BEHEER, a_id, "uitgeschreven", "stopt met het vak")
    with at("2025-06-01"):
        await jobcoaches.set_status(builders.BEHEER, b_id, "uitgeschreven", "verhuisd naar het buitenland")

    readable = await readable_audit_log()
    assert "annemarie@voorbeeld.nl" in readable and "portfolio van Annemarie Zwaluwstaart" in readable
    with at("2026-01-14"):  # a day short of two years
        result = await retentie.run()
        assert result["grens"] == dt.date(2024, 1, 14) and result["geanonimiseerd"] == []
    with at("2026-01-15"):
        result = await retentie.run()
        assert [c["registratienummer"] for c in result["geanonimiseerd"]] == [a["coach"]["registratienummer"]]
        assert result["geanonimiseerd"][0]["accounts"] == 1
        again = await retentie.run()  # idempotent
        assert again["geanonimiseerd"] == []

    row = await Jobcoach.select().where(Jobcoach.id == uuid.UUID(a_id)).first()
    assert (row["voornaam"], row["achternaam"], row["email"], row["telefoon"]) == (
        "Geanonimiseerd",
        "Jobcoach",
        "geanonimiseerd@jobcoachregister.invalid",
        None,
    )
    anonymised_at = row["geanonimiseerd_op"]
    assert (
        dt.timedelta(0)
        <= anonymised_at - dt.datetime(2026, 1, 15, 11, 0, tzinfo=dt.UTC)
        < dt.timedelta(minutes=5)
    )
    assert row["registratienummer"] == a["coach"]["registratienummer"] and row["status"] == "uitgeschreven"
    text = await everything_about(a_id)
    for personal in (
        "Annemarie",
        "Zwaluwstaart",
        "annemarie@voorbeeld.nl",
        a["coach"]["telefoon"],
        "NOLOC-Zwaluwstaart",
        "Annemarie merkt thuis veel stress",
    ):
        assert personal not in text, personal
    # the others keep everything
    for kept in ("Bartholomeus", "Kievitsbloem", "Cornelia", "Waterhoen"):
        assert kept in text
    # crypto-shredding: the coach's values in the audit log (names, the zelfevaluatie's text, the status
    # reason) are unreadable for good, shown as erased; the others' stay readable
    readable = await readable_audit_log()
    for personal in ("Annemarie", "Zwaluwstaart", "annemarie@voorbeeld.nl", "NOLOC-Zwaluwstaart"):
        assert personal not in readable, personal
    assert "[gewist]" in readable
    assert "Kievitsbloem" in readable and "verhuisd naar het buitenland" in readable
    mine, _ = await auditlog.entries(objecttype="jobcoach", object_id=a_id)
    created = next(e for e in mine if e["actie"] == "create")
    assert created["wijziging"]["achternaam"] == "[gewist]"
    assert created["wijziging"]["registratienummer"] == a["coach"]["registratienummer"]  # not personal
    assert (await Jobcoach.select(Jobcoach.geanonimiseerd_op).where(Jobcoach.id == uuid.UUID(b_id)).first())[
        "geanonimiseerd_op"
    ] is None
    assert still_active["coach"]["id"] != a_id

    # facts for past verdicts stay: statuses with dates, claim dates and states, hours
    statuses = await Statuswijziging.select().where(Statuswijziging.jobcoach == uuid.UUID(a_id))
    assert [s["status"] for s in sorted(statuses, key=lambda s: s["vanaf"])] == [
        "aangemeld",
        "actief",
        "uitgeschreven",
    ]
    assert all(s["reden"] == "" for s in statuses)
    assert (await Opleiding.select().where(Opleiding.jobcoach == uuid.UUID(a_id)).first())[
        "datum"
    ] == dt.date(2015, 6, 30)
    keurmerk = await Keurmerk.select().where(Keurmerk.jobcoach == uuid.UUID(a_id)).first()
    assert keurmerk["nummer"] == "" and keurmerk["geldig_tot"] == dt.date(2027, 1, 1)
    scholing = await Scholing.select().where(Scholing.jobcoach == uuid.UUID(a_id)).first()
    assert scholing["uren"] == 12.5 and scholing["certificaat"] == ""
    assert {s["toelichting"] for s in await Competentiescore.select()} >= {
        "",
        "Cornelia merkt thuis veel stress",
    }
    deelnemer = await ToetsingDeelnemer.select().where(ToetsingDeelnemer.jobcoach == uuid.UUID(a_id)).first()
    assert deelnemer["beoordeling"] == "voldoende" and deelnemer["feedback"] == deelnemer["casus"] == ""
    uren = await Urenregistratie.select().where(Urenregistratie.jobcoach == uuid.UUID(a_id)).first()
    assert uren["uren"] == 2.0 and uren["omschrijving"] == ""
    assert not await Signaal.exists().where(Signaal.jobcoach == uuid.UUID(a_id))

    # the stored verification is untouched and its signed statement still checks out
    verification_after = await Verificatie.select().where(Verificatie.id == a["verificatie"]).first()
    assert verification_after == verification_before
    claims = builders.check_signature(verification_after["attestatie"])
    assert claims["sub"] == a["coach"]["registratienummer"] and claims["jti"] == str(a["verificatie"])

    # the coach's account no longer works: not with the old password, not with an old token
    account = await Account.select().where(Account.id == uuid.UUID(a["account"]["id"])).first()
    assert account["actief"] is False and "annemarie" not in account["gebruikersnaam"].lower()
    with pytest.raises(accounts.LoginFailed):
        await accounts.authenticate(a["account"]["gebruikersnaam"], builders.PASSWORD, "127.0.0.1")
    response = await client.get(f"/api/v1/jobcoaches/{a_id}", headers=auth(a["account"]))
    assert response.status_code == 401

    # one audit row, without the removed values, and the chain still verifies
    rows = await AuditlogRegel.select().where(
        (AuditlogRegel.object_id == a_id) & (AuditlogRegel.actie == "anonimiseer")
    )
    assert len(rows) == 1 and rows[0]["actor_rol"] == "systeem"
    change = json.loads(rows[0]["wijziging"])
    assert change["uitgeschrevenOp"] == "2024-01-15" and "Annemarie" not in rows[0]["wijziging"]
    assert (await auditlog.verify())["intact"]

    # an anonymised coach is not re-admitted: that would be a new person under an old number
    with pytest.raises(Conflict):
        await jobcoaches.set_status(builders.BEHEER, a_id, "actief", "wil weer beginnen")


async def test_the_retention_period_counts_from_the_latest_deregistration(db):
    with at("2023-01-10"):
        coach = await builders.jobcoach()
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "uitgeschreven", "gestopt")
    with at("2024-03-01"):
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "actief", "weer begonnen")
    with at("2024-06-01"):
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "uitgeschreven", "opnieuw gestopt")
    with at("2026-05-31"):
        assert (await retentie.run())["geanonimiseerd"] == []
    with at("2026-06-01"):
        assert len((await retentie.run())["geanonimiseerd"]) == 1


@pytest.mark.parametrize(
    ("today", "limit"),
    [("2026-01-15", "2024-01-15"), ("2028-02-29", "2026-02-28"), ("2026-12-31", "2024-12-31")],
)
def test_grensdatum(today, limit):
    assert retentie.grensdatum(dt.date.fromisoformat(today)) == dt.date.fromisoformat(limit)


async def test_dry_run_changes_nothing(db):
    with at("2020-01-01"):
        coach = await builders.jobcoach(voornaam="Proef")
        await jobcoaches.set_status(builders.BEHEER, coach["id"], "uitgeschreven", "gestopt")
    with at("2026-01-01"):
        result = await retentie.run(dry_run=True)
    assert result["teAnonimiseren"] == [coach["registratienummer"]] and result["geanonimiseerd"] == []
    assert (await Jobcoach.select(Jobcoach.voornaam).first())["voornaam"] == "Proef"


async def test_a_failure_halfway_anonymises_nobody(db, monkeypatch):
    with at("2020-01-01"):
        first = await builders.jobcoach(voornaam="Eerste")
        second = await builders.jobcoach(voornaam="Tweede")
        for coach in (first, second):
            await jobcoaches.set_status(builders.BEHEER, coach["id"], "uitgeschreven", "gestopt")
    real = auditlog.record
    calls = 0

    async def failing(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("schijf vol")
        return await real(*args, **kwargs)

    monkeypatch.setattr(retentie.auditlog, "record", failing)
    with at("2026-01-01"), pytest.raises(RuntimeError):
        await retentie.run()
    names = sorted(r["voornaam"] for r in await Jobcoach.select(Jobcoach.voornaam))
    assert names == ["Eerste", "Tweede"]
    assert not await AuditlogRegel.exists().where(AuditlogRegel.actie == "anonimiseer")


def test_retentie_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'retentie.sqlite3'}"
    migrate(url, tmp_path)
    env = cli_env(url, tmp_path)
    assert cli(["demo-data"], env).returncode == 0
    first = cli(["retentie"], env)
    assert first.returncode == 0, first.stderr
    assert "Bewaartermijn: 2 jaar na uitschrijving" in first.stdout
    assert "Geen jobcoaches om te anonimiseren" in first.stdout
    dry = cli(["retentie", "--dry-run"], env)
    assert dry.returncode == 0 and "Proefdraaien: 0 jobcoach" in dry.stdout


async def test_a_correction_of_personal_data_is_logged_with_before_and_after(db, client):
    coach = await builders.jobcoach(voornaam="Ilse", achternaam="Oudenaam")
    own = await builders.coach_account(coach["id"])
    response = await client.patch(
        f"/api/v1/jobcoaches/{coach['id']}",
        headers=auth(own),
        json={"achternaam": "Nieuwenaam", "versie": 1},
    )
    assert response.status_code == 200, response.text
    assert response.json()["achternaam"] == "Nieuwenaam"
    rows = await AuditlogRegel.select().where(
        (AuditlogRegel.object_id == coach["id"]) & (AuditlogRegel.actie == "update")
    )
    assert len(rows) == 1
    assert rows[0]["actor"] == own["id"] and rows[0]["actor_rol"] == "jobcoach"
    # stored encrypted with the coach's data key; the beheerder reads before and after
    stored = json.loads(rows[0]["wijziging"])
    assert set(stored["achternaam"]) == {"versleuteld", "sleutel"} and "Oudenaam" not in rows[0]["wijziging"]
    items, _ = await auditlog.entries(objecttype="jobcoach", object_id=coach["id"])
    assert items[0]["wijziging"] == {"achternaam": {"van": "Oudenaam", "naar": "Nieuwenaam"}}
    assert (await auditlog.verify())["intact"]
