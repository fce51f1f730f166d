"""Domain errors. The API turns them into problem+json, the pages into inline messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    name: str
    reason: str


class DomainError(Exception):
    status = 400
    title = "Fout"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(DomainError):
    status = 400
    title = "Ongeldige invoer"

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        super().__init__(
            detail or "De invoer bevat fouten: " + "; ".join(f"{e.name}: {e.reason}" for e in errors)
        )
        self.errors = errors

    @classmethod
    def single(cls, name: str, reason: str) -> InvalidInput:
        return cls([FieldError(name, reason)])


class NotFound(DomainError):
    status = 404
    title = "Niet gevonden"


class Forbidden(DomainError):
    status = 403
    title = "Geen toegang"


class Conflict(DomainError):
    """The command clashes with what the register holds (409). `errors` optionally names the fields that
    clash; the API returns them as `invalidParams`, the pages show them at the field."""

    status = 409
    title = "Conflict"

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.errors = list(errors or [])


class TeGroot(DomainError):
    """An upload larger than the register accepts (HTTP 413)."""

    status = 413
    title = "Verzoek te groot"


class VersieConflict(Conflict):
    """The stored version is not the one the client last read (optimistic locking); an API call that
    named the version in `If-Match` gets 412 instead of 409."""


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(errors)
