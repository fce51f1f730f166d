"""Helpers shared by the services: row loading, optimistic locking, plain-data snapshots."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from piccolo.table import Table

from register.errors import NotFound, VersieConflict
from register.tables import Account


def as_uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise NotFound(f"{what} niet gevonden.") from None


async def get_row(table: type[Table], row_id: Any, what: str) -> dict[str, Any]:
    row = await table.select().where(table._meta.primary_key == as_uuid(row_id, what)).first()
    if row is None:
        raise NotFound(f"{what} niet gevonden.")
    return row


async def update_versioned(
    table: type[Table], row_id: Any, changes: dict[str, Any], expected_versie: int | None, what: str
) -> int:
    """Apply changes only if the stored version is the expected one; a stale version is a 409."""
    pk = table._meta.primary_key
    query = table.update({**changes, table.versie: table.versie + 1}).where(pk == as_uuid(row_id, what))
    if expected_versie is not None:
        query = query.where(table.versie == expected_versie)
    result = await query.returning(table.versie)
    if not result:
        raise VersieConflict(
            f"{what} is intussen door iemand anders gewijzigd. Laad de gegevens opnieuw en probeer het nog eens."
        )
    return int(result[0]["versie"])


def snapshot(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    out = {}
    for name in fields:
        value = row.get(name)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[name] = value
    return out


async def gebruikersnamen(account_ids: Any) -> dict[str, str]:
    """The user name (`Account.gebruikersnaam`) of each account id given (UUIDs or their strings; None and
    empty values skipped), keyed by the id's string. Unknown ids are absent from the answer; the register
    shows auditors and other actors by this name wherever it says who did something. A value that is not a
    UUID (a system actor) is skipped."""
    ids = []
    for value in {str(a) for a in account_ids if a}:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:  # a system actor's marker, not an account
            continue
    if not ids:
        return {}
    rows = await Account.select(Account.id, Account.gebruikersnaam).where(Account.id.is_in(ids))
    return {str(r["id"]): r["gebruikersnaam"] for r in rows}
