"""Trajecten, hours, reports, verification, the funding decision, toetsingskaders and signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api import attestatie, tabelexport
from api.controllers.common import actor_of, paged, paged_of_tabel, values
from api.guards import logged_in, roles
from api.schemas import Lijst, to_struct
from api.schemas_trajecten import (
    BesluitInvoer,
    BulkInvoer,
    BulkUitvoer,
    IndieningInvoer,
    KaderInvoer,
    OverhevelingInvoer,
    RapportageUitvoer,
    Signaal,
    Toetsingskader,
    Traject,
    TrajectInvoer,
    TrajectSamenvatting,
    TrajectWijziging,
    UrenInvoer,
    Urenregistratie,
    Verificatie,
    VerificatieInvoer,
    VerlengingInvoer,
    verificatie_struct,
)
from register.actor import Actor
from register.errors import InvalidInput
from register.services import signalen, toetsingskaders, trajecten, verificaties

TRAJECT_VELDEN = (
    "referentie",
    "gemeente",
    "werkgever",
    "startdatum",
    "einddatum",
    "regime",
    "contracturen",
    "status",
    "registratienummer",
    "jobcoach_naam",
    "organisatie_naam",
)
TRAJECT_KOLOMMEN = (
    "Referentie",
    "Gemeente",
    "Werkgever",
    "Startdatum",
    "Einddatum",
    "Regime",
    "Contracturen",
    "Status",
    "Registratienummer",
    "Jobcoach",
    "Organisatie",
    "Laatste peildatum",
    "Gekwalificeerd",
)
gemeente = roles("gemeente")
coach = roles("jobcoach")
betrokken = roles("gemeente", "jobcoach", "organisatie")


async def _signer(request: Request) -> attestatie.Ondertekenaar:
    return await attestatie.ondertekenaar(request.app.state.settings.base_url)


def traject_bestand(formaat: str, rijen: list[dict]) -> Response:
    """The trajecten export (rows of `trajecten.export_trajecten`) as a CSV or XLSX download."""
    return tabelexport.bestand(
        formaat,
        "trajecten",
        TRAJECT_KOLOMMEN,
        [
            [r.get(k) for k in TRAJECT_VELDEN]
            + [(r.get("laatste_verificatie") or {}).get(k) for k in ("peildatum", "gekwalificeerd")]
            for r in rijen
        ],
    )


def verificatie_kolommen(actor: Actor) -> Callable[[list[Any]], Awaitable[list[tuple[str, Any]]]]:
    """The columns of the verifications export for `actor` (a gemeente): beside the ids, the traject's
    referentie and the coach's name (outsider: the file held only ids), looked up once for the list."""

    async def kolommen(structs: list[Any]) -> list[tuple[str, Any]]:
        referenties, coachnamen = await verificaties.namen_voor_export(actor, structs)
        return [
            ("Verificatie-id", "id"),
            ("Traject", lambda v: referenties.get(v.traject, "")),
            ("Jobcoach", lambda v: coachnamen.get(v.jobcoach, "")),
            *VERIFICATIE_KOLOMMEN,
        ]

    return kolommen


VERIFICATIE_KOLOMMEN = [
    ("Traject-id", "traject"),
    ("Jobcoach-id", "jobcoach"),
    ("Organisatie-id", "organisatie"),
    ("Peildatum", "peildatum"),
    ("Gekwalificeerd", "gekwalificeerd"),
    (
        "Toetsingskader",
        lambda v: "landelijk, standaard van het register"
        if not v.toetsingskader.gemeente and not v.toetsingskader.versie
        else f"{v.toetsingskader.gemeente or 'landelijk'} versie {v.toetsingskader.versie}",
    ),
    (
        "Niet voldaan",
        lambda v: ", ".join(c.code for c in v.criteria if c.vereist and not c.voldaan),
    ),
    ("Aangemaakt op (UTC)", "aangemaakt_op"),
]


SIGNAAL_KOLOMMEN = [
    ("Soort", "soort"),
    ("Tekst", "tekst"),
    ("Gemeente", "gemeente"),
    ("Onderwerp", "onderwerp_type"),
    ("Onderwerp-id", "onderwerp_id"),
    ("Aangemaakt op (UTC)", "aangemaakt_op"),
    ("Opgelost op (UTC)", "opgelost_op"),
]


class TrajectenController(Controller):
    path = "/api/v1/trajecten"
    tags = ["Trajecten"]
    guards = [logged_in]

    @post("", summary="Traject registreren", status_code=201, guards=[gemeente])
    async def create(self, request: Request, data: JSONBody[TrajectInvoer]) -> Traject:
        return to_struct(Traject, await trajecten.create(actor_of(request), values(data)))

    @get(
        "", summary="Trajecten van uw gemeente (of waarop u jobcoach of organisatie bent)", guards=[betrokken]
    )
    async def index(
        self,
        request: Request,
        status: Annotated[
            str | None,
            QueryParameter(required=False, max_length=20, description="Alleen trajecten met deze status."),
        ] = None,
        referentie: Annotated[
            str | None,
            QueryParameter(
                required=False,
                max_length=64,
                description="Het eigen kenmerk van de gemeente, zoals WMO-2026-0042 (exact).",
            ),
        ] = None,
        jobcoach: Annotated[
            str | None,
            QueryParameter(
                required=False,
                max_length=64,
                description="De jobcoach: zijn id of registratienummer (JC-000123).",
            ),
        ] = None,
        peildatum: Annotated[
            str | None,
            QueryParameter(
                required=False,
                format="date",
                description="Alleen trajecten die op deze datum (JJJJ-MM-DD) lopen: gestart en niet eerder beëindigd.",
            ),
        ] = None,
    ) -> Lijst[TrajectSamenvatting]:
        actor = actor_of(request)
        datum = _peildatum(peildatum)
        filters = {"status": status, "referentie": referentie, "jobcoach": jobcoach, "peildatum": datum}
        if formaat := tabelexport.gevraagd_formaat(request):
            # a spreadsheet of all of them (Accept: text/csv or the XLSX type); access-logged by the service
            return traject_bestand(formaat, await trajecten.export_trajecten(actor, **filters))  # type: ignore[return-value]
        return await paged(
            request,
            TrajectSamenvatting,
            lambda o, n: trajecten.list_trajecten(
                actor, o, n, status=status, referentie=referentie, jobcoach=jobcoach, peildatum=datum
            ),
        )

    @get("/{traject_id:str}", summary="Traject met urenbudget en rapportages", guards=[betrokken])
    async def show(self, request: Request, traject_id: FromPath[str]) -> Traject:
        return to_struct(Traject, await trajecten.get(actor_of(request), traject_id))

    @patch("/{traject_id:str}", summary="Traject wijzigen, starten of beëindigen", guards=[gemeente])
    async def update(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[TrajectWijziging]
    ) -> Traject:
        return to_struct(Traject, await trajecten.update(actor_of(request), traject_id, values(data)))

    @post("/{traject_id:str}/uren", summary="Uren registreren", status_code=201, guards=[coach])
    async def add_uren(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[UrenInvoer]
    ) -> Urenregistratie:
        return to_struct(
            Urenregistratie, await trajecten.add_uren(actor_of(request), traject_id, values(data))
        )

    @get("/{traject_id:str}/uren", summary="Geregistreerde uren", guards=[betrokken])
    async def uren(self, request: Request, traject_id: FromPath[str]) -> Lijst[Urenregistratie]:
        actor = actor_of(request)
        return await paged(
            request, Urenregistratie, lambda o, n: trajecten.list_uren(actor, traject_id, o, n)
        )

    @post(
        "/{traject_id:str}/verlenging",
        summary="Verlenging met een derde jaar",
        status_code=200,
        guards=[gemeente],
    )
    async def verleng(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[VerlengingInvoer]
    ) -> Traject:
        return to_struct(Traject, await trajecten.verleng(actor_of(request), traject_id, data.motivatie))

    @post(
        "/{traject_id:str}/overhevelingen",
        summary="Ongebruikte uren overhevelen naar het volgende jaar",
        status_code=201,
        guards=[gemeente],
    )
    async def overheveling(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[OverhevelingInvoer]
    ) -> Traject:
        return to_struct(
            Traject, await trajecten.add_overheveling(actor_of(request), traject_id, values(data))
        )

    @post(
        "/{traject_id:str}/rapportages/{rapportage_id:str}/indiening",
        summary="Rapportage indienen",
        status_code=200,
        guards=[coach],
    )
    async def dien_in(
        self,
        request: Request,
        traject_id: FromPath[str],
        rapportage_id: FromPath[str],
        data: JSONBody[IndieningInvoer],
    ) -> RapportageUitvoer:
        verslag = msgspec.to_builtins(data, builtin_types=(dt.date,))
        result = await trajecten.dien_in(
            actor_of(request), traject_id, rapportage_id, data.samenvatting, verslag
        )
        return to_struct(RapportageUitvoer, result)

    @post(
        "/{traject_id:str}/verificaties",
        summary="Verifiëren of jobcoach en organisatie voldoen",
        status_code=201,
        guards=[gemeente],
    )
    async def verify(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[VerificatieInvoer | None] = None
    ) -> Verificatie:
        """The body is optional (no body, an empty body and `{}` all mean: peildatum today)."""
        peildatum = data.peildatum if data is not None else None
        result = await verificaties.verify(actor_of(request), [traject_id], peildatum, await _signer(request))
        return verificatie_struct(result[0])

    @get(
        "/{traject_id:str}/verificaties",
        summary="Verificaties van dit traject, nieuwste eerst",
        guards=[betrokken],
    )
    async def verificaties(self, request: Request, traject_id: FromPath[str]) -> Lijst[Verificatie]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int) -> tuple[list[Verificatie], int]:
            # the service returns typed records (Uitslag); the response is built field by field
            items, total = await verificaties.list_for_traject(actor, traject_id, offset, limit)
            return [verificatie_struct(v) for v in items], total

        return await paged(request, Verificatie, fetch)

    @post(
        "/{traject_id:str}/besluit",
        summary="Besluit over financiering vastleggen",
        status_code=201,
        guards=[gemeente],
    )
    async def besluit(
        self, request: Request, traject_id: FromPath[str], data: JSONBody[BesluitInvoer]
    ) -> Traject:
        return to_struct(Traject, await trajecten.besluit(actor_of(request), traject_id, values(data)))


class VerificatiesController(Controller):
    path = "/api/v1/verificaties"
    tags = ["Verificaties"]
    guards = [logged_in]

    @post("/_bulk", summary="Veel trajecten tegelijk verifiëren", status_code=201, guards=[gemeente])
    async def bulk(self, request: Request, data: JSONBody[BulkInvoer]) -> BulkUitvoer:
        result = await verificaties.verify(
            actor_of(request), data.trajecten, data.peildatum, await _signer(request), bulk=True
        )
        return BulkUitvoer(aantal=len(result), verificaties=[verificatie_struct(v) for v in result])

    @get(
        "",
        summary="Verificaties van uw gemeente, nieuwste eerst",
        description="Ook als spreadsheet: `Accept: text/csv` (UTF-8 met BOM, puntkomma's) of het XLSX-type.",
        guards=[gemeente],
    )
    async def index(self, request: Request) -> Lijst[Verificatie]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int) -> tuple[list[Verificatie], int]:
            items, total = await verificaties.list_for_gemeente(actor, offset, limit)
            return [verificatie_struct(v) for v in items], total

        return await paged_of_tabel(
            request,
            Verificatie,
            fetch,
            "verificaties",
            verificatie_kolommen(actor),
        )

    @get("/{verificatie_id:str}", summary="Een opgeslagen verificatie", guards=[betrokken])
    async def show(self, request: Request, verificatie_id: FromPath[str]) -> Verificatie:
        return verificatie_struct(await verificaties.get(actor_of(request), verificatie_id))


def _peildatum(raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput.single("peildatum", "moet een datum zijn in de vorm JJJJ-MM-DD") from None


class GemeenteKaderController(Controller):
    path = "/api/v1/gemeenten/{gemeente_code:str}/toetsingskader"
    tags = ["Toetsingskaders"]
    guards = [logged_in]

    @put("", summary="Eigen toetsingskader vaststellen (nieuwe versie)", guards=[gemeente])
    async def adopt(
        self, request: Request, gemeente_code: FromPath[str], data: JSONBody[KaderInvoer]
    ) -> Toetsingskader:
        return to_struct(
            Toetsingskader, await toetsingskaders.adopt(actor_of(request), gemeente_code, values(data))
        )

    @get("", summary="Het toetsingskader dat op de peildatum (standaard vandaag) geldt")
    async def show(
        self, gemeente_code: FromPath[str], peildatum: FromQuery[str | None] = None
    ) -> Toetsingskader:
        return to_struct(Toetsingskader, await toetsingskaders.in_force(gemeente_code, _peildatum(peildatum)))


class LandelijkKaderController(Controller):
    path = "/api/v1/toetsingskader"
    tags = ["Toetsingskaders"]
    guards = [logged_in]

    @put(
        "",
        summary="Landelijk standaard-toetsingskader vaststellen (nieuwe versie)",
        guards=[roles("beheerder")],
    )
    async def adopt(self, request: Request, data: JSONBody[KaderInvoer]) -> Toetsingskader:
        return to_struct(Toetsingskader, await toetsingskaders.adopt(actor_of(request), None, values(data)))

    @get("", summary="Het landelijke toetsingskader op de peildatum (standaard vandaag)")
    async def show(self, peildatum: FromQuery[str | None] = None) -> Toetsingskader:
        return to_struct(Toetsingskader, await toetsingskaders.in_force(None, _peildatum(peildatum)))


class SignalenController(Controller):
    path = "/api/v1/signalen"
    tags = ["Signalen"]
    guards = [logged_in]

    @get("", summary="Uw signalen (standaard alleen openstaande)")
    async def index(
        self, request: Request, ook_opgelost: Annotated[bool, QueryParameter(name="ookOpgelost")] = False
    ) -> Lijst[Signaal]:
        actor = actor_of(request)
        return await paged_of_tabel(
            request,
            Signaal,
            lambda o, n: signalen.list_for(actor, o, n, alleen_open=not ook_opgelost),
            "signalen",
            SIGNAAL_KOLOMMEN,
        )
