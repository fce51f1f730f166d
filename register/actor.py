"""Who is acting: an account with one or more roles, each with its scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from register import vocabulary

ROLLEN = vocabulary.ROLLEN.codes


@dataclass(frozen=True)
class Rol:
    rol: str
    jobcoach: str | None = None
    organisatie: str | None = None
    gemeente: str | None = None


@dataclass(frozen=True)
class Actor:
    """Immutable, so the derived sets are computed once (cached_property writes past the frozen
    __setattr__ into the instance dict); bulk verification asks `is_coach` a thousand times."""

    account_id: str | None
    gebruikersnaam: str
    rollen: tuple[Rol, ...] = field(default_factory=tuple)

    def has(self, *rollen: str) -> bool:
        return any(r.rol in rollen for r in self.rollen)

    @cached_property
    def jobcoach_ids(self) -> frozenset[str]:
        return frozenset(r.jobcoach for r in self.rollen if r.jobcoach and r.rol in ("jobcoach", "auditor"))

    @cached_property
    def own_jobcoach_ids(self) -> frozenset[str]:
        """Coach records this account may edit as the coach themselves."""
        return frozenset(r.jobcoach for r in self.rollen if r.rol == "jobcoach" and r.jobcoach)

    @cached_property
    def organisatie_ids(self) -> frozenset[str]:
        return frozenset(r.organisatie for r in self.rollen if r.rol == "organisatie" and r.organisatie)

    @cached_property
    def gemeente_codes(self) -> frozenset[str]:
        return frozenset(r.gemeente for r in self.rollen if r.rol == "gemeente" and r.gemeente)

    @cached_property
    def rol_label(self) -> str:
        return ",".join(sorted({r.rol for r in self.rollen})) or "anoniem"

    def is_coach(self, jobcoach_id: str) -> bool:
        return str(jobcoach_id) in self.own_jobcoach_ids

    def is_organisatie(self, organisatie_id: str) -> bool:
        return str(organisatie_id) in self.organisatie_ids


SYSTEEM = Actor(account_id=None, gebruikersnaam="systeem", rollen=(Rol("systeem"),))
