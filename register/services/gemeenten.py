"""Gemeenten: records with a start and end date (gemeenten merge each 1 January)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from register import db
from register.actor import Actor
from register.errors import FieldError, InvalidInput
from register.infra import auditlog
from register.tables import Gemeente
from register.validators import check_gemeente_code


def view(row: dict) -> dict:
    return {
        "code": row["code"],
        "naam": row["naam"],
        "ingangsdatum": row["ingangsdatum"],
        "einddatum": row["einddatum"],
    }


async def list_gemeenten(offset: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    rows = await Gemeente.select().order_by(Gemeente.code).offset(offset).limit(limit)
    return [view(r) for r in rows], await Gemeente.count()


async def create(actor: Actor, values: dict) -> dict:
    async with db.transaction():
        if await Gemeente.exists().where(Gemeente.code == values["code"]):
            raise InvalidInput.single("code", "deze gemeentecode staat al in het register")
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
    """Parse `code,naam,ingangsdatum,einddatum` (comma or semicolon); every bad line is reported."""
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
        rows.append({"code": code, "naam": naam, "ingangsdatum": start, "einddatum": end})
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
        for row in rows:
            old = existing.get(row["code"])
            if old is None:
                await Gemeente(**row).save()
                added += 1
            elif (old["naam"], old["ingangsdatum"], old["einddatum"]) != (
                row["naam"],
                row["ingangsdatum"],
                row["einddatum"],
            ):
                await Gemeente.update(
                    {
                        Gemeente.naam: row["naam"],
                        Gemeente.ingangsdatum: row["ingangsdatum"],
                        Gemeente.einddatum: row["einddatum"],
                    }
                ).where(Gemeente.code == row["code"])
                updated += 1
        await auditlog.record(
            actor, "import", "gemeente", "csv", {"toegevoegd": added, "bijgewerkt": updated}
        )
    return {"toegevoegd": added, "bijgewerkt": updated}
