"""Audits: verifying claims, intercollegiale toetsing, organisation audits and the audit log."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from api.controllers.common import actor_of, paged, values
from api.guards import roles
from api.schemas import Lijst, to_struct
from api.schemas_audits import (
    AfrondingInvoer,
    AuditlogRegel,
    AuditlogVerificatie,
    BeoordelingInvoer,
    BeoordelingUitvoer,
    CoachToetsing,
    OrganisatieAudit,
    OrganisatieAuditInvoer,
    Toetsing,
    ToetsingInvoer,
    ToetsingSamenvatting,
    ToetsingWijziging,
    VerlopenBevinding,
    WerkvoorraadItem,
)
from audits import organisatie_audits, toetsingen
from register.infra import auditlog, inzage
from register.services import beoordelingen

auditor = roles("auditor")
auditor_of_beheerder = roles("auditor", "beheerder")

OptionalQuery = Annotated[str | None, QueryParameter(required=False, max_length=64)]


class BeoordelingenController(Controller):
    path = "/api/v1/beoordelingen"
    tags = ["Audits"]

    @post("", summary="Opgegeven gegevens verifiëren of afwijzen", status_code=201, guards=[auditor])
    async def create(self, request: Request, data: JSONBody[BeoordelingInvoer]) -> BeoordelingUitvoer:
        result = await beoordelingen.beoordeel(actor_of(request), data.object, data.besluit, data.toelichting)
        return to_struct(BeoordelingUitvoer, result)

    @get(
        "/werkvoorraad",
        summary="Werkvoorraad: ingediende opleidingen, keurmerken en scholing (oudste eerst)",
        guards=[auditor_of_beheerder],
    )
    async def werkvoorraad(
        self, request: Request, soort: OptionalQuery = None, organisatie: OptionalQuery = None
    ) -> Lijst[WerkvoorraadItem]:
        actor = actor_of(request)
        return await paged(
            request,
            WerkvoorraadItem,
            lambda o, n: beoordelingen.werkvoorraad(
                actor, soort=soort or None, organisatie=organisatie or None, offset=o, limit=n
            ),
        )


class ToetsingenController(Controller):
    path = "/api/v1/toetsingen"
    tags = ["Audits"]

    @post("", summary="Intercollegiale toetsing vastleggen (concept)", status_code=201, guards=[auditor])
    async def create(self, request: Request, data: JSONBody[ToetsingInvoer]) -> Toetsing:
        return to_struct(Toetsing, await toetsingen.create(actor_of(request), values(data)))

    @get("", summary="Toetsingen (zonder feedback)", guards=[auditor_of_beheerder])
    async def index(
        self, request: Request, status: OptionalQuery = None, jobcoach: OptionalQuery = None
    ) -> Lijst[ToetsingSamenvatting]:
        actor = actor_of(request)
        return await paged(
            request,
            ToetsingSamenvatting,
            lambda o, n: toetsingen.list_toetsingen(
                actor, status=status or None, jobcoach=jobcoach or None, offset=o, limit=n
            ),
        )

    @get("/{toetsing_id:str}", summary="Toetsing met alle deelnemers", guards=[auditor_of_beheerder])
    async def show(self, request: Request, toetsing_id: FromPath[str]) -> Toetsing:
        return to_struct(Toetsing, await toetsingen.get(actor_of(request), toetsing_id))

    @put("/{toetsing_id:str}", summary="Concept-toetsing wijzigen", guards=[auditor])
    async def update(
        self, request: Request, toetsing_id: FromPath[str], data: JSONBody[ToetsingWijziging]
    ) -> Toetsing:
        return to_struct(Toetsing, await toetsingen.update(actor_of(request), toetsing_id, values(data)))

    @post(
        "/{toetsing_id:str}/vaststelling",
        summary="Toetsing vaststellen; daarna is zij onveranderlijk",
        status_code=200,
        guards=[auditor],
    )
    async def vaststellen(self, request: Request, toetsing_id: FromPath[str]) -> Toetsing:
        return to_struct(Toetsing, await toetsingen.vaststellen(actor_of(request), toetsing_id))


class CoachToetsingenController(Controller):
    path = "/api/v1/jobcoaches"
    tags = ["Audits"]

    @get(
        "/{jobcoach_id:str}/toetsingen",
        summary="Toetsingen en feedback van een jobcoach",
        guards=[roles("jobcoach", "auditor", "beheerder")],
    )
    async def index(self, request: Request, jobcoach_id: FromPath[str]) -> Lijst[CoachToetsing]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int):
            items = await toetsingen.for_coach(actor, jobcoach_id)
            return items[offset : offset + limit], len(items)

        return await paged(request, CoachToetsing, fetch)


class OrganisatieAuditsController(Controller):
    path = "/api/v1/organisatie-audits"
    tags = ["Audits"]

    @post("", summary="Organisatie-audit vastleggen", status_code=201, guards=[auditor])
    async def create(self, request: Request, data: JSONBody[OrganisatieAuditInvoer]) -> OrganisatieAudit:
        return to_struct(OrganisatieAudit, await organisatie_audits.create(actor_of(request), values(data)))

    @get(
        "",
        summary="Organisatie-audits (een organisatie ziet alleen de eigen)",
        guards=[roles("auditor", "beheerder", "organisatie")],
    )
    async def index(self, request: Request, organisatie: OptionalQuery = None) -> Lijst[OrganisatieAudit]:
        actor = actor_of(request)
        return await paged(
            request,
            OrganisatieAudit,
            lambda o, n: organisatie_audits.list_audits(
                actor, organisatie=organisatie or None, offset=o, limit=n
            ),
        )

    @get(
        "/verlopen-bevindingen",
        summary="Open major-bevindingen waarvan de deadline is verstreken",
        guards=[auditor_of_beheerder],
    )
    async def verlopen(self, request: Request) -> Lijst[VerlopenBevinding]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int):
            items = await organisatie_audits.verlopen_bevindingen(actor)
            return items[offset : offset + limit], len(items)

        return await paged(request, VerlopenBevinding, fetch)

    @get(
        "/{audit_id:str}", summary="Organisatie-audit", guards=[roles("auditor", "beheerder", "organisatie")]
    )
    async def show(self, request: Request, audit_id: FromPath[str]) -> OrganisatieAudit:
        return to_struct(OrganisatieAudit, await organisatie_audits.get(actor_of(request), audit_id))

    @post(
        "/{audit_id:str}/bevindingen/{bevinding_id:str}/afronding",
        summary="Maatregel als uitgevoerd melden (organisatie)",
        status_code=200,
        guards=[roles("organisatie")],
    )
    async def afronden(
        self,
        request: Request,
        audit_id: FromPath[str],
        bevinding_id: FromPath[str],
        data: JSONBody[AfrondingInvoer],
    ) -> OrganisatieAudit:
        result = await organisatie_audits.afronden(
            actor_of(request), audit_id, bevinding_id, data.toelichting
        )
        return to_struct(OrganisatieAudit, result)

    @post(
        "/{audit_id:str}/bevindingen/{bevinding_id:str}/sluiting",
        summary="Bevinding sluiten (auditor)",
        status_code=200,
        guards=[auditor],
    )
    async def sluiten(
        self, request: Request, audit_id: FromPath[str], bevinding_id: FromPath[str]
    ) -> OrganisatieAudit:
        result = await organisatie_audits.sluiten(actor_of(request), audit_id, bevinding_id)
        return to_struct(OrganisatieAudit, result)


class AuditlogController(Controller):
    path = "/api/v1/auditlog"
    tags = ["Audits"]
    guards = [roles("beheerder")]

    @get("", summary="Auditlog per record (wie wijzigde wat, wanneer, van wat naar wat)")
    async def index(
        self,
        request: Request,
        objecttype: OptionalQuery = None,
        object_id: Annotated[str | None, QueryParameter(name="objectId", required=False, max_length=64)] = None,
    ) -> Lijst[AuditlogRegel]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int):
            items, total = await auditlog.entries(
                objecttype=objecttype or None, object_id=object_id or None, offset=offset, limit=limit
            )
            for coach in sorted(await auditlog.coaches_in(items)):
                await inzage.record_read(actor, coach, "beheer van het register: auditlog")
            return items, total

        return await paged(request, AuditlogRegel, fetch)

    @get("/verificatie", summary="Hashketen van de auditlog controleren")
    async def verificatie(self) -> AuditlogVerificatie:
        return to_struct(AuditlogVerificatie, await auditlog.verify())
