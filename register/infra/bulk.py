"""Fast inserts for the bulk paths (bulk verification writes a thousand rows at once).

Piccolo builds a query string per row object, which costs more than the database work for large
batches. Inside a transaction on PostgreSQL the rows go in with COPY (binary, one round trip);
otherwise one parameterised multi-row INSERT per chunk. Values are always bound, never interpolated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.table import Table

CHUNK = 500
COPY_FROM = 20


async def insert_rows(table: type[Table], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    known = {c._meta.db_column_name for c in table._meta.columns}
    if unknown := [c for c in columns if c not in known]:
        raise ValueError(f"unknown columns for {table._meta.tablename}: {unknown}")
    if not rows:
        return
    engine = table._meta.db
    transaction = engine.current_transaction.get() if engine.engine_type == "postgres" else None
    # COPY costs extra round trips (asyncpg introspects the table first), so a handful of rows (a single
    # verification, its access-log row) is cheaper as one INSERT
    if transaction is not None and len(rows) >= COPY_FROM:
        await transaction.connection.copy_records_to_table(
            table._meta.tablename, records=[tuple(row) for row in rows], columns=list(columns)
        )
        return
    names = ", ".join(f'"{c}"' for c in columns)
    row_sql = "(" + ", ".join("{}" for _ in columns) + ")"
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        sql = f'INSERT INTO "{table._meta.tablename}" ({names}) VALUES ' + ", ".join(row_sql for _ in part)  # noqa: S608
        await table.raw(sql, *[value for row in part for value in row])
