"""Gemeenten: records with a start and end date (gemeenten merge each 1 January) and, after a herindeling,
their successor (`opvolger`), e.g. GM0370 Beemster, ended 2021-12-31, went into GM0439 Purmerend.

New trajecten, werkgebieden and gemeente accounts take only gemeenten that exist today
(`check_in_gebruik`); a code that has ended is refused with the successor's name. What was recorded
before keeps its code (a traject of Beemster stays a traject of Beemster), and search filters accept any
known code (issue #16, case 10).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from register import clock, db
from register.actor import Actor
from register.errors import FieldError, InvalidInput
from register.infra import auditlog
from register.opmaak import datum
from register.rules import invoerbestand
from register.tables import Gemeente
from register.validators import check_gemeente_code


def view(row: dict) -> dict:
    return {
        "code": row["code"],
        "naam": row["naam"],
        "ingangsdatum": row["ingangsdatum"],
        "einddatum": row["einddatum"],
        "opvolger": row.get("opvolger"),
    }


async def list_gemeenten(offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    rows = await Gemeente.select().order_by(Gemeente.code).offset(offset).limit(limit)
    return [view(r) for r in rows], await Gemeente.count()


async def create(actor: Actor, values: dict) -> dict:
    async with db.transaction():
        if await Gemeente.exists().where(Gemeente.code == values["code"]):
            raise InvalidInput.single("code", "deze gemeentecode staat al in het register")
        if values.get("opvolger") and not await Gemeente.exists().where(Gemeente.code == values["opvolger"]):
            raise InvalidInput.single(
                "opvolger", f"gemeente {values['opvolger']} is niet bekend in het register"
            )
        await Gemeente(**values).save()
        await auditlog.record(actor, "create", "gemeente", values["code"], values)
    return view(values)


async def known_codes(codes: list[str]) -> set[str]:
    if not codes:
        return set()
    rows = await Gemeente.select(Gemeente.code).where(Gemeente.code.is_in(list(set(codes))))
    return {r["code"] for r in rows}


async def namen(codes: list[str]) -> dict[str, str]:
    """The names of these gemeenten by code (unknown codes are left out)."""
    if not codes:
        return {}
    rows = await Gemeente.select(Gemeente.code, Gemeente.naam).where(Gemeente.code.is_in(list(set(codes))))
    return {r["code"]: r["naam"] for r in rows}


async def check_known(codes: list[str], field: str) -> list[FieldError]:
    known = await known_codes(codes)
    return [
        FieldError(f"{field}[{i}]", f"gemeente {code} is niet bekend in het register")
        for i, code in enumerate(codes)
        if code not in known
    ]


async def check_in_gebruik(
    codes: list[str],
    field: str,
    *,
    lijst: bool = True,
    behouden: Iterable[str] = (),
    op: dt.date | None = None,
) -> list[FieldError]:
    """Errors for codes that are unknown or have ended (einddatum before `op`, default today), naming the
    successor: "gemeente GM0370 (Beemster) bestaat niet meer sinds 1 januari 2022; gebruik GM0439
    (Purmerend)". Codes in `behouden` (what a record already had) are left alone when they have ended."""
    op = op or clock.today()
    rows = {r["code"]: r for r in await Gemeente.select()} if codes else {}
    behouden = set(behouden)
    errors: list[FieldError] = []
    for i, code in enumerate(codes):
        name = f"{field}[{i}]" if lijst else field
        row = rows.get(code)
        if row is None:
            errors.append(FieldError(name, f"gemeente {code} is niet bekend in het register"))
            continue
        if row["einddatum"] is None or row["einddatum"] >= op or code in behouden:
            continue
        opvolger, seen = row["opvolger"], {code}
        while (
            opvolger in rows and rows[opvolger]["einddatum"] is not None and rows[opvolger]["einddatum"] < op
        ):
            if opvolger in seen or rows[opvolger]["opvolger"] is None:
                break
            seen.add(opvolger)
            opvolger = rows[opvolger]["opvolger"]
        sinds = datum(row["einddatum"] + dt.timedelta(days=1))
        advies = (
            f"gebruik {opvolger} ({rows[opvolger]['naam']})"
            if opvolger in rows
            else "kies de gemeente die haar opvolgde"
        )
        errors.append(
            FieldError(name, f"gemeente {code} ({row['naam']}) bestaat niet meer sinds {sinds}; {advies}")
        )
    return errors


def _parse_date(value: str, line: int, name: str, errors: list[FieldError]) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(FieldError(f"regel {line}: {name}", "moet een datum zijn (JJJJ-MM-DD)"))
    return None


def parse_csv(text: str) -> list[dict]:
    """Parse `code,naam,ingangsdatum,einddatum[,opvolger]` (comma or semicolon; `opvolger` is the code of
    the gemeente it went into, as in CBS's list of herindelingen); every bad line is reported, and a line
    with a control character is refused with its number (a file read in the wrong encoding)."""
    if fouten := invoerbestand.stuurtekens(text.lstrip("\ufeff")):
        raise InvalidInput(
            [FieldError(f"regel {regel}", f"bevat een stuurteken ({teken})") for regel, teken in fouten]
        )
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "code" not in fields or "naam" not in fields:
        raise InvalidInput([FieldError("bestand", "de kopregel moet code,naam,ingangsdatum,einddatum zijn")])
    reader.fieldnames = fields
    errors: list[FieldError] = []
    rows: list[dict] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        code = (raw.get("code") or "").strip().upper()
        naam = (raw.get("naam") or "").strip()
        if reason := check_gemeente_code(code):
            errors.append(FieldError(f"regel {line}: code", reason))
        elif code in seen:
            errors.append(FieldError(f"regel {line}: code", f"{code} staat dubbel in het bestand"))
        seen.add(code)
        if not naam:
            errors.append(FieldError(f"regel {line}: naam", "is verplicht"))
        start = _parse_date(raw.get("ingangsdatum") or "", line, "ingangsdatum", errors)
        end = _parse_date(raw.get("einddatum") or "", line, "einddatum", errors)
        if start and end and end < start:
            errors.append(FieldError(f"regel {line}: einddatum", "mag niet voor de ingangsdatum liggen"))
        opvolger = (raw.get("opvolger") or "").strip().upper() or None
        if opvolger and (reason := check_gemeente_code(opvolger)):
            errors.append(FieldError(f"regel {line}: opvolger", reason))
        elif opvolger and not end:
            errors.append(FieldError(f"regel {line}: opvolger", "alleen bij een gemeente met een einddatum"))
        rows.append(
            {"code": code, "naam": naam, "ingangsdatum": start, "einddatum": end, "opvolger": opvolger}
        )
    if errors:
        raise InvalidInput(errors)
    if not rows:
        raise InvalidInput([FieldError("bestand", "bevat geen gemeenten")])
    return rows


async def import_rows(actor: Actor, rows: list[dict]) -> dict[str, int]:
    """Insert new gemeenten and update changed ones, all in one transaction."""
    added = updated = 0
    async with db.transaction():
        existing = {r["code"]: r for r in await Gemeente.select()}
        bekend = set(existing) | {r["code"] for r in rows}
        if onbekend := [r for r in rows if r.get("opvolger") and r["opvolger"] not in bekend]:
            raise InvalidInput(
                [
                    FieldError(
                        "opvolger", f"gemeente {r['opvolger']} (opvolger van {r['code']}) is niet bekend"
                    )
                    for r in onbekend
                ]
            )
        for row in rows:
            old = existing.get(row["code"])
            if old is None:
                await Gemeente(**row).save()
                added += 1
            elif (old["naam"], old["ingangsdatum"], old["einddatum"], old["opvolger"]) != (
                row["naam"],
                row["ingangsdatum"],
                row["einddatum"],
                row.get("opvolger"),
            ):
                await Gemeente.update(
                    {
                        Gemeente.naam: row["naam"],
                        Gemeente.ingangsdatum: row["ingangsdatum"],
                        Gemeente.einddatum: row["einddatum"],
                        Gemeente.opvolger: row.get("opvolger"),
                    }
                ).where(Gemeente.code == row["code"])
                updated += 1
        await auditlog.record(
            actor, "import", "gemeente", "csv", {"toegevoegd": added, "bijgewerkt": updated}
        )
    return {"toegevoegd": added, "bijgewerkt": updated}
