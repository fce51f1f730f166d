"""Generate a realistic register for the benchmark, fast: COPY on PostgreSQL, executemany on SQLite.

Scale 1 is at least the issue's size: 10,000 jobcoaches (with keurmerken, scholing, zelfevaluaties and
toetsingen), 1,000 organisations, 400 gemeenten and 100,000 trajecten with hours. Every column not set
here gets the default of its Piccolo column, so the generator follows the schema as it grows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import sqlite3
import time
import uuid
from typing import Any

from piccolo.columns.base import Column
from piccolo.table import Table

from audits.tables import Toetsing, ToetsingDeelnemer
from register import db, vocabulary
from register.services.accounts import hash_password
from register.tables import (
    Account,
    AccountRol,
    Competentiescore,
    Dienstverband,
    Gemeente,
    Jobcoach,
    Keurmerk,
    KeurmerkVersie,
    Kwaliteitsborging,
    Nummering,
    Opleiding,
    Organisatie,
    Scholing,
    Statuswijziging,
    Tevredenheidsmeting,
    Traject,
    Urenregistratie,
    Werkgebied,
    Zelfevaluatie,
)

BENCH_PASSWORD = "bench-wachtwoord-2026"  # noqa: S105 - accounts of the throw-away benchmark register
COMPETENTIES = list(vocabulary.COMPETENTIES.codes)
VOORNAMEN = [
    "Sanne",
    "Mohammed",
    "Eva",
    "Pieter",
    "Fatima",
    "Joost",
    "Anouk",
    "Daan",
    "Noor",
    "Lucas",
    "Yara",
    "Bram",
    "Sophie",
    "Youssef",
    "Lotte",
    "Thijs",
    "Emma",
    "Ahmed",
    "Iris",
    "Ruben",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Öztürk",
    "El Amrani",
    "van den Berg",
    "Kramer",
    "Koster",
    "Prins",
]

# Realistic names (issue #18): long lists in roughly descending frequency of Dutch registers, drawn with
# Zipf-like weights (the k-th name about 1/k as often as the first), so a few names are common and most are
# rare, as in a real register. The short lists above are the adversarial case: a small vocabulary where
# every query matches thousands of coaches.
ACHTERNAMEN_REALISTISCH = (
    """
de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos
Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok
Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten
van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman
Peeters|de Jonge|Kuipers|van Veen|Post|Kuiper|Veenstra|Kramer|van den Brink|Scholten|van Wijk|Postma|Martens
Vink|de Ruiter|Timmermans|Groen|Gerritsen|Jonker|van Loon|Boer|van der Velde|Willemsen|Smeets|de Lange|de Vos
Bosch|van Dongen|Schipper|de Koning|van der Laan|Koning|van der Velden|Driessen|van Doorn|Hermans|Evers
van den Bosch|van der Meulen|Hofman|Bosman|Wolters|Sanders|van der Horst|Mol|Kuijpers|Molenaar|van de Pol
de Leeuw|Verbeek|Öztürk|Yılmaz|El Amrani|Bouzid|Kaya|Demir|Şahin|Çelik|Nguyen|Tran|Santos|Pereira|Ramdin
Sewnath|Kartosen|Wong|Chen|Kowalski|Nowak|Haddou|Ait Taleb|van 't Hof|'t Hart|d'Hondt|Brandt|Philips
Claassen|Pauw|Huijgens|Thijssen|Schreurs|Verschuren|Lambregts|Heijnen|Coenen|Vrolijk|Zwart|Rijnders|Fokkema
Terpstra|Wijnands|Geurts|IJzerman|van IJzendoorn|Eijkelenboom|Oosterhuis|Uijterwaal|Quist|Cuypers|Ploeg
""".replace("\n", "|")
    .strip("|")
    .split("|")
)
VOORNAMEN_REALISTISCH = (
    """
Sanne|Eva|Anna|Emma|Julia|Lotte|Sophie|Lisa|Fleur|Anouk|Iris|Noor|Sara|Femke|Laura|Lieke|Tess|Esther|Marieke
Linda|Petra|Monique|Ingrid|Wendy|Kim|Saskia|Marloes|Ilse|Maaike|Yvonne|Fatima|Aisha|Yasmina|Nour|Samira
Daan|Lucas|Sem|Thomas|Bram|Ruben|Jesse|Tim|Thijs|Lars|Niels|Joost|Pieter|Jan|Kees|Willem|Hendrik|Gerrit
Johannes|Cornelis|Dirk|Mark|Martijn|Jeroen|Bas|Rob|Erik|Sander|Stefan|Koen|Wouter|Maarten|Vincent|Rick
Mohammed|Ahmed|Youssef|Mustafa|Ali|Hamza|Ibrahim|Emre|Mehmet|Burak|Rachid|Karim|Omar|Bilal|Ayoub
Priya|Anjali|Rishi|Sunil|Wei|Minh|Piotr|Agnieszka|Joao|Maria|Ana|Carlos|Zoë|Chloë|Noël|Gijs|Teun|Floor
""".replace("\n", "|")
    .strip("|")
    .split("|")
)


def zipf_keuze(rng: random.Random, namen: list[str], exponent: float = 1.0):
    """A function drawing from `namen` with weight 1/rank**exponent (a Zipf-like frequency)."""
    weights = [1 / (rank**exponent) for rank in range(1, len(namen) + 1)]
    return lambda: rng.choices(namen, weights)[0]


def _default(column: Column) -> Any:
    value = column.get_default_value()
    return value


class Loader:
    """Insert plain dicts into a Piccolo table, filling defaults, with the fastest path per engine."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = db.engine_from_url(database_url)
        self.postgres = self.engine.engine_type == "postgres"
        self._conn: Any = None
        self.counts: dict[str, int] = {}

    async def __aenter__(self) -> Loader:
        if self.postgres:
            import asyncpg

            self._conn = await asyncpg.connect(self.url)
        else:
            import piccolo.engine.sqlite  # noqa: F401 - registers the sqlite3 adapters Piccolo reads back

            self._conn = sqlite3.connect(self.url[len("sqlite:///") :], timeout=60)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=OFF")
        return self

    async def __aexit__(self, *exc: object) -> None:
        # the state autovacuum keeps a live register in: planner statistics (without them the planner
        # guesses a handful of rows per table and picks nested loops that take seconds) and, on
        # PostgreSQL, a visibility map so counts can be answered from an index alone
        if self.postgres:
            if exc[0] is None:
                await self._conn.execute("VACUUM ANALYZE")
            await self._conn.close()
        else:
            if exc[0] is None:
                self._conn.execute("ANALYZE")
            self._conn.commit()
            self._conn.close()

    async def insert(self, table: type[Table], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        # Serial primary keys are filled by the database.
        columns = [c for c in table._meta.columns if type(c).__name__ != "Serial"]
        names = [c._meta.db_column_name for c in columns]
        records = []
        for row in rows:
            record = []
            for column, name in zip(columns, names, strict=True):
                value = row[name] if name in row else _default(column)
                if type(column).__name__ in ("JSON", "JSONB") and not isinstance(value, str):
                    value = json.dumps(value)
                if not self.postgres and isinstance(value, uuid.UUID):
                    value = str(value)
                record.append(value)
            records.append(tuple(record))
        tablename = table._meta.tablename
        if self.postgres:
            await self._conn.copy_records_to_table(tablename, records=records, columns=names)
        else:
            marks = ", ".join("?" for _ in names)
            quoted = ", ".join(f'"{n}"' for n in names)
            self._conn.executemany(f'INSERT INTO "{tablename}" ({quoted}) VALUES ({marks})', records)
        self.counts[tablename] = self.counts.get(tablename, 0) + len(records)

    async def fetch(self, sql: str) -> list[tuple]:
        if self.postgres:
            return [tuple(r) for r in await self._conn.fetch(sql)]
        return list(self._conn.execute(sql).fetchall())

    async def execute(self, sql: str) -> None:
        if self.postgres:
            await self._conn.execute(sql)
        else:
            self._conn.execute(sql)


async def keurmerk_history(load: Loader, rng: random.Random, now: dt.datetime) -> None:
    """History in valid time (issue #18, item 4): 1 to 9 versions per keurmerk, 5 on average, a year apart,
    the newest holding the keurmerk's current status and validity."""
    rows = await load.fetch("SELECT id, status, geldig_tot, ingangsdatum FROM keurmerk")
    versies = []
    for keurmerk_id, status, geldig_tot, ingangsdatum in rows:
        tot = dt.date.fromisoformat(str(geldig_tot)[:10])
        begin = dt.date.fromisoformat(str(ingangsdatum)[:10])
        n = rng.randint(1, 9)
        for k in range(n):
            terug = n - 1 - k  # 0 for the newest
            versies.append(
                {
                    "id": uuid.uuid4(),
                    "keurmerk": uuid.UUID(str(keurmerk_id)),
                    "status": status if terug == 0 else "actief",
                    "geldig_tot": tot - dt.timedelta(days=365 * terug),
                    "ingangsdatum": begin - dt.timedelta(days=365 * terug),
                    "toelichting": "",
                    "melding": False,
                    "volgnummer": k + 1,
                    "vastgelegd_op": now - dt.timedelta(days=365 * terug),
                    "vastgelegd_door": None,
                }
            )
        if len(versies) >= 20_000:
            await load.insert(KeurmerkVersie, versies)
            versies = []
    await load.insert(KeurmerkVersie, versies)


async def generate(
    database_url: str, scale: int = 1, seed: int = 2026, progress=print, namen: str = "realistisch"
) -> dict[str, Any]:
    """Fill an empty, migrated database. Returns ids the benchmark needs (trajecten, tokens' accounts...).
    `namen`: "realistisch" (long lists, Zipf-like frequencies) or "klein" (the adversarial small vocabulary)."""
    rng = random.Random(seed)
    if namen == "klein":
        voornaam, achternaam = (lambda: rng.choice(VOORNAMEN)), (lambda: rng.choice(ACHTERNAMEN))
    else:
        voornaam = zipf_keuze(rng, VOORNAMEN_REALISTISCH, 0.7)
        enkel = zipf_keuze(rng, ACHTERNAMEN_REALISTISCH, 0.7)

        def achternaam() -> str:  # one in ten a double name, as many Dutch registers have
            return f"{enkel()}-{enkel()}" if rng.random() < 0.1 else enkel()

    today = dt.date(2026, 11, 23)
    now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    n_coaches, n_orgs, n_gemeenten, n_trajecten = 10_000 * scale, 1_000 * scale, 400, 100_000 * scale
    started = time.perf_counter()
    out: dict[str, Any] = {"scale": scale}
    async with Loader(database_url) as load:
        gemeenten = [f"GM{i:04d}" for i in range(1, n_gemeenten + 1)]
        await load.insert(
            Gemeente,
            [
                {
                    "id": uuid.uuid4(),
                    "code": c,
                    "naam": f"Gemeente {c[2:]}",
                    "ingangsdatum": None,
                    "einddatum": None,
                }
                for c in gemeenten
            ],
        )

        orgs = [uuid.uuid4() for _ in range(n_orgs)]
        await load.insert(
            Organisatie,
            [
                {
                    "id": o,
                    "naam": f"Jobcoachorganisatie {i}",
                    "kvk_nummer": f"{10_000_000 + i:08d}",
                    "postcode": f"{1000 + i % 8999} AB",
                    "plaats": "Plaats",
                    "website": None,
                    "status": "actief",
                    "aangemaakt_op": now,
                    "gewijzigd_op": now,
                    "versie": 1,
                }
                for i, o in enumerate(orgs)
            ],
        )
        await load.insert(
            Werkgebied,
            [
                {"id": uuid.uuid4(), "organisatie": o, "jobcoach": None, "gemeente": rng.choice(gemeenten)}
                for o in orgs
                for _ in range(3)
            ],
        )
        ingang = today - dt.timedelta(days=500)
        borging = []
        for o in orgs:
            for gebied in ("continuiteit", "privacy", "klachtprocedure", "scholingsbeleid"):
                gegevens = (
                    {"ontvangstbevestigingDagen": 5, "afhandelingWeken": 6, "klachtencommissie": "Commissie"}
                    if gebied == "klachtprocedure"
                    else {}
                )
                borging.append(
                    {
                        "id": uuid.uuid4(),
                        "organisatie": o,
                        "gebied": gebied,
                        "ingangsdatum": ingang,
                        "toelichting": "Vastgelegd",
                        "gegevens": gegevens,
                        "vastgelegd_op": now,
                    }
                )
        await load.insert(Kwaliteitsborging, borging)
        await load.insert(
            Tevredenheidsmeting,
            [
                {
                    "id": uuid.uuid4(),
                    "organisatie": o,
                    "periode_van": today - dt.timedelta(days=300),
                    "periode_tot": today - dt.timedelta(days=30),
                    "respondenten": 40,
                    "gemiddelde_score": 7.5,
                    "vastgelegd_op": now,
                }
                for o in orgs
            ],
        )
        await load.insert(
            Keurmerk,
            [
                {
                    "id": uuid.uuid4(),
                    "organisatie": o,
                    "jobcoach": None,
                    "schema": rng.choice(["blik-op-werk", "oval", "uwv"]),
                    "nummer": f"ORG-{i}",
                    "ingangsdatum": today - dt.timedelta(days=400),
                    "geldig_tot": today + dt.timedelta(days=rng.randint(-30, 900)),
                    "status": "actief",
                    "verificatie": "geverifieerd",
                    "ingediend_op": now,
                    "beoordeeld_op": now,
                }
                for i, o in enumerate(orgs)
            ],
        )
        progress(f"  organisaties: {n_orgs}")

        coaches = [uuid.uuid4() for _ in range(n_coaches)]
        coach_org = {c: orgs[i % n_orgs] for i, c in enumerate(coaches)}
        statuses = ["actief"] * 18 + ["geschorst", "aangemeld"]
        coach_status = {c: rng.choice(statuses) for c in coaches}
        await load.insert(
            Jobcoach,
            [
                {
                    "id": c,
                    "registratienummer": f"JC-{i + 1:06d}",
                    "voornaam": voornaam(),
                    "achternaam": achternaam(),
                    "email": f"coach{i}@voorbeeld.nl",
                    "telefoon": None,
                    "status": coach_status[c],
                    "aangemaakt_op": now - dt.timedelta(days=800),
                    "gewijzigd_op": now,
                    "geanonimiseerd_op": None,
                    "versie": 1,
                }
                for i, c in enumerate(coaches)
            ],
        )
        await load.execute("DELETE FROM nummering WHERE soort = 'jobcoach'")  # noqa: S608
        await load.insert(Nummering, [{"soort": "jobcoach", "laatste": n_coaches}])
        status_rows = []
        for c in coaches:
            status_rows.append(
                {
                    "id": uuid.uuid4(),
                    "jobcoach": c,
                    "organisatie": None,
                    "status": "aangemeld",
                    "vanaf": now - dt.timedelta(days=800),
                    "reden": "aanmelding",
                    "door": None,
                }
            )
            if coach_status[c] != "aangemeld":
                status_rows.append(
                    {
                        "id": uuid.uuid4(),
                        "jobcoach": c,
                        "organisatie": None,
                        "status": "actief",
                        "vanaf": now - dt.timedelta(days=790),
                        "reden": "toegelaten",
                        "door": None,
                    }
                )
            if coach_status[c] == "geschorst":
                status_rows.append(
                    {
                        "id": uuid.uuid4(),
                        "jobcoach": c,
                        "organisatie": None,
                        "status": "geschorst",
                        "vanaf": now - dt.timedelta(days=20),
                        "reden": "onderzoek",
                        "door": None,
                    }
                )
        await load.insert(Statuswijziging, status_rows)
        await load.insert(
            Werkgebied,
            [
                {"id": uuid.uuid4(), "jobcoach": c, "organisatie": None, "gemeente": rng.choice(gemeenten)}
                for c in coaches
                for _ in range(2)
            ],
        )
        await load.insert(
            Dienstverband,
            [
                {
                    "id": uuid.uuid4(),
                    "jobcoach": c,
                    "organisatie": coach_org[c],
                    "van": today - dt.timedelta(days=700),
                    "tot": None,
                    "soort": rng.choice(["in-dienst", "zzp", "inhuur"]),
                    "aangemaakt_op": now,
                    # confirmed by the organisation, as an aanvraag requires of its coach
                    "status": vocabulary.BEVESTIGD,
                    "voorgesteld_door": "organisatie",
                    "beoordeeld_op": now,
                }
                for c in coaches
            ],
        )
        await load.insert(
            Opleiding,
            [
                {
                    "id": uuid.uuid4(),
                    "jobcoach": c,
                    "soort": "hbo-diploma",
                    "omschrijving": "Bachelor",
                    "datum": dt.date(2012, 6, 30),
                    "bewijs": "diploma",
                    "verificatie": rng.choice(["geverifieerd"] * 9 + ["ingediend"]),
                    "ingediend_op": now,
                    "beoordeeld_op": now,
                }
                for c in coaches
            ],
        )
        await load.insert(
            Keurmerk,
            [
                {
                    "id": uuid.uuid4(),
                    "jobcoach": c,
                    "organisatie": None,
                    "schema": rng.choice(["noloc", "nvs"]),
                    "nummer": f"P-{i}",
                    "ingangsdatum": today - dt.timedelta(days=1000),
                    "geldig_tot": today + dt.timedelta(days=rng.randint(-60, 1200)),
                    "status": rng.choice(["actief"] * 9 + ["herregistratie-in-behandeling"]),
                    "verificatie": "geverifieerd",
                    "ingediend_op": now,
                    "beoordeeld_op": now,
                }
                for i, c in enumerate(coaches)
            ],
        )
        await load.insert(
            Scholing,
            [
                {
                    "id": uuid.uuid4(),
                    "jobcoach": c,
                    "titel": "Scholing",
                    "aanbieder": "Academie",
                    "datum": today - dt.timedelta(days=rng.randint(1, 700)),
                    "uren": float(rng.choice([4, 8, 12, 16])),
                    "pe_punten": None,
                    "categorie": "methodieken",
                    "certificaat": "",
                    "verificatie": rng.choice(["geverifieerd"] * 4 + ["ingediend"]),
                    "ingediend_op": now,
                    "beoordeeld_op": now,
                }
                for c in coaches
                for _ in range(4)
            ],
        )
        evals, scores = [], []
        for c in coaches:
            for k in range(rng.choice([1, 2])):
                e = uuid.uuid4()
                evals.append(
                    {
                        "id": e,
                        "jobcoach": c,
                        "datum": today - dt.timedelta(days=30 + 300 * k),
                        "volledig": True,
                        "aangemaakt_op": now,
                    }
                )
                scores.extend(
                    {
                        "id": uuid.uuid4(),
                        "zelfevaluatie": e,
                        "code": code,
                        "score": rng.randint(2, 5),
                        "toelichting": "",
                        "leerdoel": "",
                    }
                    for code in COMPETENTIES
                )
        await load.insert(Zelfevaluatie, evals)
        await load.insert(Competentiescore, scores)
        progress(f"  jobcoaches: {n_coaches}")

        password_hash = hash_password(BENCH_PASSWORD)
        auditor = uuid.uuid4()
        accounts = [
            {
                "id": auditor,
                "gebruikersnaam": "bench-auditor",
                "email": "a@voorbeeld.nl",
                "wachtwoord_hash": password_hash,
                "actief": True,
                "token_versie": 1,
                "aangemaakt_op": now,
            }
        ]
        roles = [
            {
                "id": uuid.uuid4(),
                "account": auditor,
                "rol": "auditor",
                "jobcoach": None,
                "organisatie": None,
                "gemeente": None,
            }
        ]
        for code in gemeenten:
            a = uuid.uuid4()
            accounts.append(
                {
                    "id": a,
                    "gebruikersnaam": f"bench-{code.lower()}",
                    "email": f"{code}@voorbeeld.nl",
                    "wachtwoord_hash": password_hash,
                    "actief": True,
                    "token_versie": 1,
                    "aangemaakt_op": now,
                }
            )
            roles.append(
                {
                    "id": uuid.uuid4(),
                    "account": a,
                    "rol": "gemeente",
                    "jobcoach": None,
                    "organisatie": None,
                    "gemeente": code,
                }
            )
        coach_account = uuid.uuid4()
        accounts.append(
            {
                "id": coach_account,
                "gebruikersnaam": "bench-coach",
                "email": "c@voorbeeld.nl",
                "wachtwoord_hash": password_hash,
                "actief": True,
                "token_versie": 1,
                "aangemaakt_op": now,
            }
        )
        roles.append(
            {
                "id": uuid.uuid4(),
                "account": coach_account,
                "rol": "jobcoach",
                "jobcoach": coaches[0],
                "organisatie": None,
                "gemeente": None,
            }
        )
        await load.insert(Account, accounts)
        await load.insert(AccountRol, roles)

        sessions, participants = [], []
        for start in range(0, n_coaches, 5):
            s = uuid.uuid4()
            sessions.append(
                {
                    "id": s,
                    "datum": today - dt.timedelta(days=rng.randint(10, 300)),
                    "vorm": "intercollegiale-toetsing",
                    "auditor": auditor,
                    "status": "vastgesteld",
                    "vastgesteld_op": now,
                    "corrigeert": None,
                    "aangemaakt_op": now,
                    "versie": 1,
                }
            )
            participants.extend(
                {
                    "id": uuid.uuid4(),
                    "toetsing": s,
                    "jobcoach": c,
                    "casus": "Casus",
                    "beoordeling": rng.choice(["voldoende"] * 9 + ["onvoldoende"]),
                    "feedback": "",
                    "leerdoelen": "",
                }
                for c in coaches[start : start + 5]
            )
        await load.insert(Toetsing, sessions)
        await load.insert(ToetsingDeelnemer, participants)
        progress(f"  toetsingen: {len(sessions)}")

        trajecten, uren = [], []
        by_gemeente: dict[str, list[str]] = {}
        for i in range(n_trajecten):
            t = uuid.uuid4()
            c = coaches[i % n_coaches]
            code = gemeenten[0] if i < 2_000 else gemeenten[i % n_gemeenten]  # one gemeente for bulk
            start = today - dt.timedelta(days=rng.randint(30, 600))
            trajecten.append(
                {
                    "id": t,
                    "gemeente": code,
                    "referentie": f"REF-{i}",
                    "werkgever": "Werkgever BV",
                    "startdatum": start,
                    "regime": rng.choice(["licht", "midden"]),
                    "contracturen": float(rng.choice([16, 24, 32, 36])),
                    "jobcoach": c,
                    "organisatie": coach_org[c],
                    "status": "lopend",
                    "aangemaakt_op": now,
                    "gewijzigd_op": now,
                    "versie": 1,
                }
            )
            by_gemeente.setdefault(code, []).append(str(t))
            for k in range(3):
                uren.append(
                    {
                        "id": uuid.uuid4(),
                        "traject": t,
                        "jobcoach": c,
                        "datum": start + dt.timedelta(days=7 * (k + 1)),
                        "uren": 2.0,
                        "activiteit": "training-on-the-job",
                        "omschrijving": "",
                        "vastgelegd_op": now,
                    }
                )
            if len(trajecten) >= 20_000:
                await load.insert(Traject, trajecten)
                await load.insert(Urenregistratie, uren)
                trajecten, uren = [], []
        await load.insert(Traject, trajecten)
        await load.insert(Urenregistratie, uren)
        progress(f"  trajecten: {n_trajecten}")
        await keurmerk_history(load, rng, now)
        progress(f"  keurmerkversies: {load.counts.get('keurmerk_versie', 0)}")
        out["counts"] = dict(load.counts)
    out["gemeente"] = gemeenten[0]
    out["trajecten"] = by_gemeente[gemeenten[0]]
    out["coach"] = str(coaches[0])
    out["organisatie"] = str(coach_org[coaches[0]])  # bench-coach's employer, for aanvragen
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


if __name__ == "__main__":
    import sys

    print(asyncio.run(generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1))["counts"])
