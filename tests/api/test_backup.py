"""`backup` and `restore`: a consistent, engine-neutral copy of every table, restored all or nothing.

Round trips compare every row of every table and re-verify the audit-log chain, on both engines and
across engines (SQLite to PostgreSQL and back).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import gzip
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from api import demo
from audits.tables import Bevinding, Inzagelog, OrganisatieAudit, Toetsing, ToetsingDeelnemer
from register import clock
from register import db as register_db
from register.infra import auditlog
from register.services import backup, jobcoaches
from register.tables import (
    Aanmelding,
    Abonnement,
    Account,
    Aflevering,
    Applicatie,
    Bericht,
    Bewijsstuk,
    Coachingsdoel,
    Dagtaak,
    Document,
    Doelvoortgang,
    Herstelcode,
    IdempotentVerzoek,
    IngetrokkenToken,
    Inlogpoging,
    Jobcoach,
    Linktoken,
    Ondertekeningssleutel,
    Organisatie,
    Overheveling,
    Rapportage,
    Signaal,
    Toetsingskader,
    Urenregistratie,
    Verificatie,
)
from tests import builders
from tests.helpers import cli, cli_env, empty_tables, fresh_database, migrate, needs_postgres, pg_database_url

# --- a register with something in every table ---------------------------------------------------------


async def rich_register() -> dict[str, Any]:
    """The demo register plus a row in every other table, with awkward values: microseconds, a non-UTC
    offset, 0.1 + 0.2, false, null, JSON with non-ASCII text, and a self-reference whose id sorts first."""
    assert await demo.load()
    coach = (await jobcoaches.list_jobcoaches(builders.BEHEER, 0, 1))[0][0]
    org_id = (await Organisatie.select(Organisatie.id).first())["id"]
    auditor_id = (await Account.select(Account.id).where(Account.gebruikersnaam == "auditor").first())["id"]
    made = await builders.signed_verification(coach, org_id, clock.today())
    now = clock.now()
    odd_offset = dt.datetime(2026, 3, 29, 2, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    await Urenregistratie(
        traject=made["traject"],
        jobcoach=uuid.UUID(coach["id"]),
        datum=clock.today(),
        uren=0.1 + 0.2,
        activiteit="training-on-the-job",
        omschrijving="",
        vastgelegd_op=odd_offset,
    ).save()
    await Overheveling(
        traject=made["traject"], naar_jaar=2, uren=1.5, reden="lange ziekte", goedgekeurd_op=now
    ).save()
    await Rapportage(
        traject=made["traject"], soort="voortgangsrapportage", volgnummer=1, vervaldatum=dt.date(2026, 12, 31)
    ).save()
    await Toetsingskader(
        gemeente=None,
        versie=1,
        ingangsdatum=dt.date(2026, 1, 1),
        criteria={
            "scholing": {"vereist": True, "urenMinimaal": 20},
            "organisatie-keurmerk": {"schemas": ["uwv"]},
        },
        vastgesteld_op=now,
    ).save()
    await Signaal(
        sleutel=f"signaal-{uuid.uuid4()}",
        soort="keurmerk-verloopt",
        ontvanger_rol="jobcoach",
        jobcoach=uuid.UUID(coach["id"]),
        onderwerp_type="keurmerk",
        onderwerp_id=str(uuid.uuid4()),
        tekst="Uw keurmerk verloopt binnen 3 maanden.",
        aangemaakt_op=now,
    ).save()
    public = builders.SIGNING_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    await Ondertekeningssleutel(
        kid=builders.KID,
        alg="ES256",
        private_pem="(niet in deze test)",
        public_jwk={"kty": "EC", "crv": "P-256", "kid": builders.KID, "pem": public.decode()},
        aangemaakt_op=now,
        actief=False,
    ).save()
    original = Toetsing(
        id=uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff"),
        datum=clock.today(),
        vorm="intervisie",
        auditor=auditor_id,
        status="vastgesteld",
        vastgesteld_op=now,
        aangemaakt_op=now,
        versie=2,
    )
    await original.save()
    correction = Toetsing(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),  # sorts before what it corrects
        datum=clock.today(),
        vorm="intervisie",
        auditor=auditor_id,
        status="concept",
        corrigeert=original.id,
        aangemaakt_op=now,
    )
    await correction.save()
    await ToetsingDeelnemer(
        toetsing=correction.id, jobcoach=uuid.UUID(coach["id"]), casus="casus", beoordeling="voldoende"
    ).save()
    audit = OrganisatieAudit(
        organisatie=org_id,
        datum=clock.today(),
        auditor=auditor_id,
        schema="uwv",
        uitkomst="voorwaardelijk",
        aangemaakt_op=now,
    )
    await audit.save()
    await Bevinding(
        audit=audit.id, gebied="privacy", oordeel="major", maatregel="AVG-register", deadline=None
    ).save()
    await Inzagelog(
        tijdstip=now, account=None, rol="beheerder", jobcoach=uuid.UUID(coach["id"]), doel="beheer"
    ).save()
    await Inlogpoging(sleutel="a" * 64, tijdstip=now).save()
    await Herstelcode(
        account=auditor_id, code_hash="$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", gebruikt_op=odd_offset
    ).save()
    await this_rounds_tables(auditor_id, made, now, odd_offset)
    return {"coach": coach, **made}


async def this_rounds_tables(
    auditor_id: Any, made: dict[str, Any], now: dt.datetime, odd: dt.datetime
) -> None:
    """A row in each table of this round that the demo leaves empty (applications, revoked tokens, idempotent
    answers, goal progress, the outbox and its deliveries, daily jobs, link tokens)."""
    await Applicatie(
        account=auditor_id,
        naam="Zaaksysteem Ω",
        client_id=f"app-{uuid.uuid4().hex[:12]}",
        geheim_hash="$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA",
        aangemaakt_op=now,
        geroteerd_op=odd,
    ).save()
    await IngetrokkenToken(jti=str(uuid.uuid4()), verloopt_op=odd).save()
    await IdempotentVerzoek(
        sleutel="sleutel-é",
        vingerafdruk="f" * 64,
        status=201,
        headers='{"location": "/api/v1/trajecten/x"}',
        body='{"naam": "Zoë"}',
        aangemaakt_op=odd,
    ).save()
    doel = await Coachingsdoel.select(Coachingsdoel.id).first()
    rapportage = await Rapportage.select(Rapportage.id).first()
    await Doelvoortgang(
        doel=doel["id"],
        rapportage=rapportage["id"],
        voortgang="bijgesteld",
        toelichting="Één dag per week meer",
        streefwaarde="3 dagen",
        streefdatum=dt.date(2027, 2, 28),
        vastgelegd_op=odd,
        vastgelegd_door=None,
    ).save()
    bericht = Bericht(
        kanaal="webhook",
        soort="traject.kwalificatie-gewijzigd",
        ontvanger="https://zaak.example/ontvanger",
        inhoud={"specversion": "1.0", "data": {"gekwalificeerd": False, "peildatum": None}},
        status="geparkeerd",
        pogingen=8,
        volgende_poging=odd,
        laatste_fout="HTTP 500",
        aangemaakt_op=now,
    )
    await bericht.save()
    abonnement = Abonnement(
        gemeente="GM0599",
        url="https://zaak.example/ontvanger",
        typen=["nl.jobcoachregister.traject.kwalificatie-gewijzigd"],
        geheim_versleuteld="(versleuteld)",
        actief=False,
        aangemaakt_op=now,
        verwijderd_op=odd,
    )
    await abonnement.save()
    await Aflevering(
        abonnement=abonnement.id,
        bericht=bericht.id,
        type="nl.x",
        poging=1,
        http_status=500,
        fout="",
        tijdstip=odd,
    ).save()
    await Dagtaak(sleutel="signalen:2026-11-30", uitgevoerd_op=odd).save()
    await Linktoken(
        soort="uitnodiging",
        hash="h" * 64,
        account=auditor_id,
        verloopt_op=odd,
        gebruikt_op=None,
        aangemaakt_op=now,
    ).save()
    # an evidence document and its attachment (issue 15); the bytes live in the document store, not here
    coach = await Jobcoach.select(Jobcoach.id).first()
    document = Document(
        jobcoach=coach["id"],
        sha256="a" * 64,
        mediatype="application/pdf",
        grootte=1234,
        geupload_op=odd,
        bestandsnaam="Diploma café.pdf",
    )
    await document.save()
    await Bewijsstuk(document=document.id, soort="scholing", claim=uuid.uuid4(), gekoppeld_op=now).save()
    # a coach's own application (issue 15), confirmed: its record is the coach above
    await Aanmelding(
        account=auditor_id,
        voornaam="Zoë",
        tussenvoegsel="van 't",
        achternaam="Çelik",
        email="zoe@example.nl",
        werkgebied=["GM0363"],
        toestemming_op=odd,
        aangemaakt_op=now,
        bevestigd_op=odd,
        jobcoach=coach["id"],
    ).save()


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order."""
    out = {}
    for table in register_db.all_tables():
        out[table._meta.tablename] = await table.select().order_by(table._meta.primary_key)
    return out


async def wipe(engine, database_url: str) -> None:
    await empty_tables(engine, database_url)


def without_private_keys(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The snapshot with the private key columns (marked secret) blanked: a backup never holds them."""
    out = {}
    for table in register_db.all_tables():
        secret = [c._meta.name for c in table._meta.columns if c._meta.secret]
        out[table._meta.tablename] = [
            {**row, **dict.fromkeys(secret)} for row in tables.get(table._meta.tablename, [])
        ]
    return out


def read_lines(path: Path) -> list[Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def write_lines(path: Path, lines: list[Any]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")


# --- round trips --------------------------------------------------------------------------------------


async def test_round_trip_restores_every_row_and_the_audit_chain(db, database_url, tmp_path):
    made = await rich_register()
    before = await snapshot()
    # every table has rows, so a new table that the backup forgets fails here
    assert all(rows for rows in before.values()), [name for name, rows in before.items() if not rows]
    chain = await auditlog.verify()
    assert chain["intact"] and chain["regels"] > 50

    path = tmp_path / "register.jsonl.gz"
    counts = await backup.dump(path)
    assert counts == {name: len(rows) for name, rows in before.items()}
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: readable by the owner only

    await wipe(db, database_url)
    assert not any((await snapshot()).values())
    result = await backup.restore(path)

    after = await snapshot()
    assert without_private_keys(after) == without_private_keys(before)
    # private key material never travels in a backup: restored signing keys are public-only
    assert all(row["private_versleuteld"] is None for row in after["checkpointsleutel"])
    assert all(
        row["private_versleuteld"] is None and row["private_pem"] is None
        for row in after["ondertekeningssleutel"]
    )
    assert result["auditlog"] == chain
    assert (await auditlog.verify()) == chain
    stored = await Verificatie.select().where(Verificatie.id == made["verificatie"]).first()
    assert builders.check_signature(stored["attestatie"])["sub"] == made["coach"]["registratienummer"]
    # the register carries on where it was: new numbers follow the restored ones, the chain grows
    coach = await builders.jobcoach()
    assert int(coach["registratienummer"][3:]) == len(before["jobcoach"]) + 1
    assert (await auditlog.verify())["intact"]


async def test_the_file_holds_typed_engine_neutral_values(db, tmp_path):
    await rich_register()
    path = tmp_path / "register.jsonl.gz"
    await backup.dump(path)
    lines = read_lines(path)
    header, rows, trailer = lines[0], lines[1:-1], lines[-1]
    assert header["formaat"] == "jobcoach-register-backup" and header["versie"] == 1
    assert header["engine"] == db.engine_type
    order = [t["naam"] for t in header["tabellen"]]
    assert (
        order.index("jobcoach") < order.index("traject") < order.index("verificatie") < order.index("besluit")
    )
    assert trailer["einde"] is True and sum(trailer["rijen"].values()) == len(rows)
    columns = {t["naam"]: t["kolommen"] for t in header["tabellen"]}

    def first(table: str) -> dict[str, Any]:
        values = next(r[1] for r in rows if r[0] == table)
        return dict(zip(columns[table], values, strict=True))

    uren = first("urenregistratie")
    assert uren["uren"] == 0.1 + 0.2
    assert uren["vastgelegd_op"] == "2026-03-29T00:30:15.123456+00:00"  # stored and written in UTC
    verificatie = first("verificatie")
    assert verificatie["gekwalificeerd"] is False
    assert json.loads(verificatie["criteria"])[0]["toelichting"].endswith("geen ✓")
    assert uuid.UUID(verificatie["id"]) and dt.date.fromisoformat(verificatie["peildatum"])
    assert first("rapportage")["ingediend_op"] is None


@needs_postgres
def test_backup_from_sqlite_restores_into_postgresql_and_back(tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'bron.sqlite3'}"
    migrate(sqlite_url, tmp_path)
    sqlite_env = cli_env(sqlite_url, tmp_path)
    assert cli(["demo-data"], sqlite_env).returncode == 0
    first = tmp_path / "van-sqlite.jsonl.gz"
    made = cli(["backup", str(first)], sqlite_env)
    assert made.returncode == 0, made.stderr
    assert "Back-up gemaakt" in made.stdout

    with fresh_database("register_backup") as name:
        pg_url = pg_database_url(name)
        migrate(pg_url, tmp_path)
        pg_env = cli_env(pg_url, tmp_path)
        restored = cli(["restore", str(first)], pg_env)
        assert restored.returncode == 0, restored.stderr
        assert "auditlog intact" in restored.stdout
        assert cli(["auditlog", "verify"], pg_env).returncode == 0
        second = tmp_path / "van-postgresql.jsonl.gz"
        assert cli(["backup", str(second)], pg_env).returncode == 0

    # every row, read back from PostgreSQL and written again, is the same as it was in SQLite
    a, b = read_lines(first), read_lines(second)
    assert a[0]["migraties"] == b[0]["migraties"] and a[0]["tabellen"] == b[0]["tabellen"]
    assert a[0]["engine"] == "sqlite" and b[0]["engine"] == "postgres"
    assert sorted(map(json.dumps, a[1:-1])) == sorted(map(json.dumps, b[1:-1]))
    assert a[-1]["rijen"] == b[-1]["rijen"]

    # and back into a fresh SQLite database
    back_url = f"sqlite:///{tmp_path / 'terug.sqlite3'}"
    migrate(back_url, tmp_path)
    back_env = cli_env(back_url, tmp_path)
    assert cli(["restore", str(second)], back_env).returncode == 0
    third = tmp_path / "terug.jsonl.gz"
    assert cli(["backup", str(third)], back_env).returncode == 0
    assert sorted(map(json.dumps, read_lines(third)[1:-1])) == sorted(map(json.dumps, a[1:-1]))


# --- consistency and all-or-nothing -------------------------------------------------------------------


async def test_the_dump_is_a_snapshot_while_the_register_keeps_writing(db, database_url, tmp_path):
    """A coach added while the dump runs is either wholly in it or wholly out: here out, because the
    write starts after the dump's snapshot. The restored audit chain is intact either way."""
    await rich_register()
    write: asyncio.Task | None = None

    async def add_coach() -> dict[str, Any]:
        return await builders.jobcoach(voornaam="Tijdens", achternaam="Backup")

    def during(table: str, count: int) -> None:
        nonlocal write
        if table == "nummering" and write is None:
            # outside the dump's transaction: a fresh context, as another request would have
            write = asyncio.get_running_loop().create_task(add_coach(), context=contextvars.Context())

    path = tmp_path / "tijdens.jsonl.gz"
    if db.engine_type == "postgres":
        # PostgreSQL does not block the writer: let it commit while the dump is still running
        async def during_pg(table: str, count: int) -> None:
            during(table, count)
            if table == "nummering":
                await write

        counts = await backup.dump(path, during_pg)
    else:
        counts = await backup.dump(path, during)  # SQLite: the writer waits for the read to end
    added = await write
    assert counts["jobcoach"] == len(await Jobcoach.select()) - 1
    lines = read_lines(path)
    assert added["id"] not in json.dumps(lines)
    await wipe(db, database_url)
    result = await backup.restore(path)
    assert result["auditlog"]["intact"]
    assert not await Jobcoach.exists().where(Jobcoach.voornaam == "Tijdens")


async def test_restore_refuses_a_non_empty_database_unless_forced(db, tmp_path):
    await builders.gemeente("GM0599", "Rotterdam")
    path = tmp_path / "een.jsonl.gz"
    await backup.dump(path)
    later = await builders.gemeente("GM0363", "Amsterdam")
    before = await snapshot()
    with pytest.raises(backup.BackupError) as refused:
        await backup.restore(path)
    assert "niet leeg" in str(refused.value) and "gemeente: 2" in str(refused.value)
    assert "--force" in str(refused.value)
    assert await snapshot() == before

    await backup.restore(path, force=True)
    after = await snapshot()
    assert [g["code"] for g in after["gemeente"]] == ["GM0599"] and later not in json.dumps(
        after, default=str
    )


async def test_a_damaged_or_truncated_file_restores_nothing(db, database_url, tmp_path):
    await rich_register()
    good = tmp_path / "goed.jsonl.gz"
    await backup.dump(good)
    lines = read_lines(good)
    await wipe(db, database_url)

    truncated = tmp_path / "afgebroken.jsonl.gz"
    write_lines(truncated, lines[:-5])  # most tables would load; the end is missing
    altered = tmp_path / "gewijzigd.jsonl.gz"
    changed = [*lines]
    index = next(i for i, line in enumerate(changed) if isinstance(line, list) and line[0] == "jobcoach")
    changed[index] = ["jobcoach", [*changed[index][1]]]
    changed[index][1][2] = "Iemand Anders"
    write_lines(altered, changed)
    cut_gzip = tmp_path / "kapot.jsonl.gz"
    cut_gzip.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    not_a_backup = tmp_path / "iets.jsonl.gz"
    write_lines(not_a_backup, [{"iets": "anders"}])

    for path, reason in [
        (truncated, "afgebroken"),
        (altered, "controlesom"),
        (cut_gzip, "geen (volledige) back-up"),
        (not_a_backup, "geen back-up van het register"),
        (tmp_path / "bestaat-niet.jsonl.gz", "bestaat niet"),
    ]:
        with pytest.raises(backup.BackupError) as failed:
            await backup.restore(path)
        assert reason in str(failed.value), (path.name, str(failed.value))
        assert not any((await snapshot()).values()), path.name  # nothing left behind


async def test_a_backup_with_a_broken_audit_chain_is_not_restored(db, database_url, tmp_path):
    await builders.jobcoach()
    await builders.jobcoach()
    from audits.tables import AuditlogRegel

    if db.engine_type == "postgres":  # tamper on purpose: switch the append-only trigger off for it
        await db.run_ddl("ALTER TABLE auditlog_regel DISABLE TRIGGER auditlog_regel_alleen_toevoegen")
    await AuditlogRegel.update({AuditlogRegel.actie: "delete"}).where(AuditlogRegel.volgnummer == 2)
    if db.engine_type == "postgres":
        await db.run_ddl("ALTER TABLE auditlog_regel ENABLE TRIGGER auditlog_regel_alleen_toevoegen")
    path = tmp_path / "geknoeid.jsonl.gz"
    await backup.dump(path)
    await wipe(db, database_url)
    with pytest.raises(backup.BackupError) as refused:
        await backup.restore(path)
    assert "auditlog" in str(refused.value) and "regel 2" in str(refused.value)
    assert not any((await snapshot()).values())


async def test_a_backup_that_fails_halfway_leaves_no_file(db, tmp_path, monkeypatch):
    await rich_register()
    target = tmp_path / "half.jsonl.gz"
    target_before = b"een eerdere back-up"
    target.write_bytes(target_before)
    calls = 0
    real = backup.encode

    def failing(kind: str, value: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > 200:
            raise OSError("schijf vol")
        return real(kind, value)

    monkeypatch.setattr(backup, "encode", failing)
    with pytest.raises(OSError):
        await backup.dump(target)
    assert target.read_bytes() == target_before  # the previous backup is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["half.jsonl.gz"]  # no temporary file left


async def test_restore_refuses_a_backup_of_another_schema(db, tmp_path):
    path = tmp_path / "ander.jsonl.gz"
    await backup.dump(path)
    lines = read_lines(path)
    lines[0]["migraties"] = [*lines[0]["migraties"], "register:2099-01-01T00:00:00:000000"]
    write_lines(path, lines)
    with pytest.raises(backup.BackupError) as refused:
        await backup.restore(path)
    assert "andere migraties" in str(refused.value)


# --- the commands ---------------------------------------------------------------------------------------


def test_backup_and_restore_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    migrate(url, tmp_path)
    env = cli_env(url, tmp_path)
    assert cli(["demo-data"], env).returncode == 0
    path = tmp_path / "register.jsonl.gz"
    made = cli(["backup", str(path)], env)
    assert made.returncode == 0 and "jobcoach: 6 rijen" in made.stdout

    refused = cli(["restore", str(path)], env)
    assert refused.returncode == 1
    assert (
        "niets hersteld" in refused.stderr and "niet leeg" in refused.stderr and "--force" in refused.stderr
    )
    forced = cli(["restore", "--force", str(path)], env)
    assert forced.returncode == 0, forced.stderr
    assert "auditlog intact" in forced.stdout

    missing = cli(["restore", str(tmp_path / "weg.jsonl.gz")], env)
    assert missing.returncode == 1 and "bestaat niet" in missing.stderr
    into_a_folder = cli(["backup", str(tmp_path)], env)
    assert into_a_folder.returncode == 1 and "is een map" in into_a_folder.stderr

    empty_url = f"sqlite:///{tmp_path / 'leeg.sqlite3'}"
    unmigrated = cli(["restore", str(path)], cli_env(empty_url, tmp_path))
    assert unmigrated.returncode == 1 and "jobcoach-register migrate" in unmigrated.stderr
