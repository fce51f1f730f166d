"""Audits: verifying claims, intercollegiale toetsing, organisation audits and the audit log."""

from __future__ import annotations

import json
from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from api.controllers.common import actor_of, paged, paged_of_tabel, values
from api.guards import roles
from api.schemas import Lijst, to_struct
from api.schemas_audits import (
    AfrondingInvoer,
    AuditlogRegel,
    AuditlogVerificatie,
    BeoordelingInvoer,
    BeoordelingUitvoer,
    Bewijs,
    Checkpointsleutels,
    CoachToetsing,
    HerzieningInvoer,
    OordeelHistorie,
    OrganisatieAudit,
    OrganisatieAuditInvoer,
    RegelBewijs,
    Toetsing,
    ToetsingInvoer,
    ToetsingSamenvatting,
    ToetsingWijziging,
    VerlopenBevinding,
    WerkvoorraadItem,
    WisverzoekInvoer,
    WisverzoekUitvoer,
)
from audits import organisatie_audits, toetsingen
from register.errors import FieldError, InvalidInput
from register.infra import auditlog, inzage, tlog
from register.services import beoordelingen, wissen

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

    @post(
        "/{object_id:str}/herzieningen",
        summary="Oordeel over opgegeven gegevens herzien (bijvoorbeeld bij een vals certificaat)",
        status_code=201,
        guards=[auditor],
    )
    async def herzien(
        self, request: Request, object_id: FromPath[str], data: JSONBody[HerzieningInvoer]
    ) -> BeoordelingUitvoer:
        result = await beoordelingen.herzie(actor_of(request), object_id, data.besluit, data.toelichting)
        return to_struct(BeoordelingUitvoer, result)

    @get(
        "/{object_id:str}/historie",
        summary="Opgegeven gegeven met de historie van het oordeel",
        guards=[roles("jobcoach", "organisatie", "auditor", "beheerder")],
    )
    async def historie(self, request: Request, object_id: FromPath[str]) -> OordeelHistorie:
        return to_struct(OordeelHistorie, await beoordelingen.oordeelhistorie(actor_of(request), object_id))

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

    @post(
        "/{toetsing_id:str}/medeondertekening",
        summary="Toetsing medeondertekenen (tweede auditor; nodig als zij meer dan 30 dagen terug is gedateerd)",
        status_code=200,
        guards=[auditor],
    )
    async def medeondertekenen(self, request: Request, toetsing_id: FromPath[str]) -> Toetsing:
        return to_struct(Toetsing, await toetsingen.medeondertekenen(actor_of(request), toetsing_id))


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

    @post(
        "/{audit_id:str}/medeondertekening",
        summary="Organisatie-audit medeondertekenen (tweede auditor; nodig als zij meer dan 30 dagen terug is gedateerd)",
        status_code=200,
        guards=[auditor],
    )
    async def medeondertekenen(self, request: Request, audit_id: FromPath[str]) -> OrganisatieAudit:
        return to_struct(
            OrganisatieAudit, await organisatie_audits.medeondertekenen(actor_of(request), audit_id)
        )

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


AUDITLOG_KOLOMMEN = [
    ("Volgnummer", "volgnummer"),
    ("Tijdstip (UTC)", "tijdstip"),
    ("Actor", "actor_naam"),
    ("Rol", "actor_rol"),
    ("Actie", "actie"),
    ("Objecttype", "objecttype"),
    ("Object-id", "object_id"),
    (
        "Wijziging",
        lambda r: json.dumps(r.wijziging, ensure_ascii=False, sort_keys=True, default=str),
    ),
]


class AuditlogController(Controller):
    path = "/api/v1/auditlog"
    tags = ["Audits"]
    guards = [roles("beheerder")]

    @get("", summary="Auditlog per record (wie wijzigde wat, wanneer, van wat naar wat)")
    async def index(
        self,
        request: Request,
        objecttype: OptionalQuery = None,
        object_id: Annotated[
            str | None, QueryParameter(name="objectId", required=False, max_length=64)
        ] = None,
    ) -> Lijst[AuditlogRegel]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int):
            items, total = await auditlog.entries(
                objecttype=objecttype or None, object_id=object_id or None, offset=offset, limit=limit
            )
            for coach in sorted(await auditlog.coaches_in(items)):
                await inzage.record_read(actor, coach, "beheer van het register: auditlog")
            return items, total

        return await paged_of_tabel(
            request,
            AuditlogRegel,
            fetch,
            "auditlog",
            AUDITLOG_KOLOMMEN,
        )

    @get(
        "/verificatie",
        summary="De hele auditlog controleren",
        description="Controleert van elke regel de ketenverwijzing en de hash, de opgeslagen Merkle-boom en "
        "alle ondertekende checkpoints, uit de ruwe waarden: een ontbrekende, onleesbare of gewijzigde waarde "
        "in welke kolom ook noemt de regel, verwijderde laatste regels of een geleegde tabel vallen op tegen "
        "de checkpoints. Een buitenstaander controleert met een eigen bewaarde checkpoint: "
        "`jobcoach-register auditlog verify --checkpoint BESTAND`.",
    )
    async def verificatie(self) -> AuditlogVerificatie:
        return to_struct(AuditlogVerificatie, await tlog.verify())

    @post(
        "/wisverzoeken",
        summary="Wisverzoek: persoonsgegevens van één onderwerp in de auditlog onleesbaar maken",
        description="Vernietigt de gegevenssleutel van het onderwerp (bijvoorbeeld objecttype `jobcoach` met "
        "het id van de jobcoach, of `klacht` met het id van de klacht). De waarden blijven in de auditlog "
        "staan als versleutelde tekst en worden getoond als `[gewist]`; keten, Merkle-boom en checkpoints "
        "blijven kloppen. Het record zelf corrigeert of anonimiseert u op de gewone manier.",
        status_code=200,
    )
    async def wisverzoek(self, request: Request, data: JSONBody[WisverzoekInvoer]) -> WisverzoekUitvoer:
        result = await wissen.wis(actor_of(request), data.objecttype, data.object_id, data.reden)
        return to_struct(WisverzoekUitvoer, result)


Positief = Annotated[int | None, QueryParameter(required=False, ge=1, le=2**62)]


class TransparantieController(Controller):
    """Public: what an outsider needs to check the audit log without a copy of the database."""

    path = "/api/v1/auditlog"
    tags = ["Transparantielog"]

    @get(
        "/checkpoint",
        summary="De nieuwste ondertekende checkpoint van de auditlog",
        description="Een C2SP tlog-checkpoint in een C2SP signed note (tekst): herkomst, aantal regels, "
        "base64-wortelhash van de Merkle-boom (RFC 9162), het tijdstip als extra regel, een lege regel en de "
        "Ed25519-handtekening (`— naam base64(sleutel-id || handtekening)`). Bewaar hem: met een latere "
        "checkpoint en een consistentiebewijs toont u aan dat de log sindsdien alleen is aangevuld. Wordt "
        "minstens dagelijks en na elke bulkverificatie vernieuwd. Geen inlog nodig.",
        media_type="text/plain",
    )
    async def checkpoint(self) -> Response[str]:
        newest = await tlog.current_checkpoint()
        return Response(
            newest["tekst"],
            media_type="text/plain",
            headers={"Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*"},
        )

    @get(
        "/sleutels",
        summary="De verificatiesleutels van de checkpoints",
        description="De publieke Ed25519-sleutels waarmee het register checkpoints ondertekent (nooit de "
        "sleutel van de verificatieverklaringen), als signed-note-verificatiesleutel "
        "`naam+sleutel-id+base64(0x01 || publieke sleutel)`. Geen inlog nodig.",
    )
    async def sleutels(self) -> Checkpointsleutels:
        return to_struct(Checkpointsleutels, {"sleutels": await tlog.verifier_keys()})

    @get(
        "/bewijs",
        summary="Inclusie- of consistentiebewijs (RFC 9162)",
        description="Met `regel` (volgnummer, vanaf 1) en `grootte`: het inclusiebewijs dat die regel in de "
        "boom van de eerste `grootte` regels staat (zonder `grootte`: de huidige grootte). Met `van` en `tot`: "
        "het consistentiebewijs dat de boom van `tot` regels die van `van` regels uitbreidt (zonder `tot`: de "
        "huidige grootte). Hashes in base64. Geen inlog nodig.",
    )
    async def bewijs(
        self,
        regel: Positief = None,
        grootte: Positief = None,
        van: Positief = None,
        tot: Positief = None,
    ) -> Bewijs:
        if regel is not None and van is None and tot is None:
            size = grootte or await tlog.tree_size()
            return to_struct(Bewijs, {"soort": "inclusie", **await tlog.inclusion_proof(regel, size)})
        if van is not None and regel is None and grootte is None:
            size = tot or await tlog.tree_size()
            return to_struct(Bewijs, {"soort": "consistentie", **await tlog.consistency_proof(van, size)})
        raise InvalidInput(
            [
                FieldError("regel", "geef regel (en eventueel grootte) voor een inclusiebewijs"),
                FieldError("van", "of van (en eventueel tot) voor een consistentiebewijs, niet beide"),
            ]
        )

    @get(
        "/regels/{regel_id:str}",
        summary="Plaats en inclusiebewijs van een auditlogregel, op id",
        description="Een ondertekende verificatieverklaring noemt in `auditlogregel` het id van de regel die "
        "haar vastlegde. Dit geeft het volgnummer van die regel en het inclusiebewijs tegen de nieuwste "
        "checkpoint waarin zij staat (of tegen `grootte`), met die checkpoint erbij. Voor verificatieregels "
        "staat de regel zelf in `inhoud`. 409 zolang de regel nog geen volgnummer heeft (enkele seconden). Geen "
        "inlog nodig.",
    )
    async def regel(self, regel_id: FromPath[str], grootte: Positief = None) -> RegelBewijs:
        result = await tlog.entry_proof(regel_id, grootte)
        result["bewijs"] = {"soort": "inclusie", **result["bewijs"]}
        return to_struct(RegelBewijs, result)
