"""Organisations and their quality evidence."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post, put
from litestar.params import FromPath, JSONBody

from api.controllers.common import actor_of, paged_of_tabel, values
from api.guards import eigen, logged_in, roles
from api.schemas import (
    Keurmerk,
    Klacht,
    KlachtInvoer,
    KlachtWijziging,
    Kwaliteitsborging,
    KwaliteitsborgingInvoer,
    Lijst,
    Organisatie,
    OrganisatieCoach,
    OrganisatieInvoer,
    OrganisatieKeurmerkInvoer,
    OrganisatieStatusInvoer,
    OrganisatieWijziging,
    Tevredenheidsmeting,
    TevredenheidsmetingInvoer,
    Uitnodiging,
    UitnodigingInvoer,
    to_struct,
)
from register.services import organisaties, uitnodigingen

# object-level guards: a caller without the right to the organisation in the path gets 403 before its body
# is parsed (an invalid body must not answer 400 to someone who may not write there at all)
bewerken = eigen(organisaties.require_edit, "organisatie_id")
uitnodigen = eigen(uitnodigingen.require_eigen_organisatie, "organisatie_id")
klachtenregister = eigen(organisaties.require_klachtenregister, "organisatie_id")

ORGANISATIE_KOLOMMEN = [
    ("Naam", "naam"),
    ("KvK-nummer", "kvk_nummer"),
    ("Postcode", "postcode"),
    ("Plaats", "plaats"),
    ("Status", "status"),
    ("Website", "website"),
    ("Werkgebied", lambda o: ", ".join(o.werkgebied)),
]


class OrganisatiesController(Controller):
    path = "/api/v1/organisaties"
    tags = ["Organisaties"]
    guards = [logged_in]

    @post("", summary="Organisatie registreren", status_code=201, guards=[roles("beheerder")])
    async def create(self, request: Request, data: JSONBody[OrganisatieInvoer]) -> Organisatie:
        return to_struct(Organisatie, await organisaties.create(actor_of(request), values(data)))

    @get("", summary="Organisaties")
    async def index(self, request: Request) -> Lijst[Organisatie]:
        return await paged_of_tabel(
            request,
            Organisatie,
            organisaties.list_organisaties,
            "organisaties",
            ORGANISATIE_KOLOMMEN,
        )

    @get("/{organisatie_id:str}", summary="Organisatie")
    async def show(self, organisatie_id: FromPath[str]) -> Organisatie:
        return to_struct(Organisatie, await organisaties.view(organisatie_id))

    @patch(
        "/{organisatie_id:str}",
        summary="Organisatie wijzigen",
        guards=[roles("organisatie", "beheerder"), bewerken],
    )
    async def update(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[OrganisatieWijziging]
    ) -> Organisatie:
        return to_struct(
            Organisatie, await organisaties.update(actor_of(request), organisatie_id, values(data))
        )

    @post(
        "/{organisatie_id:str}/status",
        summary="Organisatie schorsen of weer toelaten",
        status_code=200,
        guards=[roles("beheerder")],
    )
    async def status(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[OrganisatieStatusInvoer]
    ) -> Organisatie:
        return to_struct(
            Organisatie,
            await organisaties.set_status(actor_of(request), organisatie_id, data.status, data.reden),
        )

    @post(
        "/{organisatie_id:str}/keurmerken",
        summary="Keurmerk opgeven",
        status_code=201,
        guards=[roles("organisatie", "beheerder"), bewerken],
    )
    async def add_keurmerk(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[OrganisatieKeurmerkInvoer]
    ) -> Keurmerk:
        return to_struct(
            Keurmerk, await organisaties.add_keurmerk(actor_of(request), organisatie_id, values(data))
        )

    @post(
        "/{organisatie_id:str}/uitnodigingen",
        summary="Jobcoach uitnodigen",
        description="De organisatie nodigt een jobcoach uit voor een account (rol jobcoach, alleen voor die "
        "jobcoach): met `jobcoach` een jobcoach met een bevestigd dienstverband bij de organisatie dat nu "
        "loopt (de e-mail gaat naar het eigen adres van de jobcoach in het register), of met `nieuweJobcoach` "
        "en `dienstverband` een nieuwe jobcoach (status aangemeld) die het dienstverband nog bevestigt. De "
        "link in de e-mail is 72 uur geldig en werkt één keer.",
        status_code=201,
        guards=[roles("organisatie"), uitnodigen],
    )
    async def invite(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[UitnodigingInvoer]
    ) -> Uitnodiging:
        return to_struct(Uitnodiging, await uitnodig_coach(actor_of(request), organisatie_id, data))

    @get("/{organisatie_id:str}/kwaliteitsborging", summary="Kwaliteitsborging")
    async def kwaliteitsborging(self, organisatie_id: FromPath[str]) -> Kwaliteitsborging:
        return to_struct(Kwaliteitsborging, await organisaties.kwaliteitsborging(organisatie_id))

    @put(
        "/{organisatie_id:str}/kwaliteitsborging",
        summary="Kwaliteitsborging vastleggen",
        guards=[roles("organisatie", "beheerder"), bewerken],
    )
    async def set_kwaliteitsborging(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[KwaliteitsborgingInvoer]
    ) -> Kwaliteitsborging:
        result = await organisaties.set_kwaliteitsborging(actor_of(request), organisatie_id, values(data))
        return to_struct(Kwaliteitsborging, result)

    @get("/{organisatie_id:str}/tevredenheidsmetingen", summary="Tevredenheidsmetingen")
    async def metingen(self, organisatie_id: FromPath[str]) -> list[Tevredenheidsmeting]:
        return to_struct(list[Tevredenheidsmeting], await organisaties.list_metingen(organisatie_id))

    @post(
        "/{organisatie_id:str}/tevredenheidsmetingen",
        summary="Tevredenheidsmeting vastleggen",
        status_code=201,
        guards=[roles("organisatie", "beheerder"), bewerken],
    )
    async def add_meting(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[TevredenheidsmetingInvoer]
    ) -> Tevredenheidsmeting:
        return to_struct(
            Tevredenheidsmeting,
            await organisaties.add_meting(actor_of(request), organisatie_id, values(data)),
        )

    @get(
        "/{organisatie_id:str}/klachten",
        summary="Klachtenregister",
        guards=[roles("organisatie", "auditor", "beheerder")],
    )
    async def klachten(self, request: Request, organisatie_id: FromPath[str]) -> list[Klacht]:
        return to_struct(list[Klacht], await organisaties.list_klachten(actor_of(request), organisatie_id))

    @post(
        "/{organisatie_id:str}/klachten",
        summary="Klacht registreren",
        status_code=201,
        guards=[roles("organisatie"), klachtenregister],
    )
    async def add_klacht(
        self, request: Request, organisatie_id: FromPath[str], data: JSONBody[KlachtInvoer]
    ) -> Klacht:
        return to_struct(
            Klacht, await organisaties.add_klacht(actor_of(request), organisatie_id, values(data))
        )

    @patch(
        "/{organisatie_id:str}/klachten/{klacht_id:str}",
        summary="Klacht bijwerken",
        guards=[roles("organisatie"), klachtenregister],
    )
    async def update_klacht(
        self,
        request: Request,
        organisatie_id: FromPath[str],
        klacht_id: FromPath[str],
        data: JSONBody[KlachtWijziging],
    ) -> Klacht:
        result = await organisaties.update_klacht(actor_of(request), organisatie_id, klacht_id, values(data))
        return to_struct(Klacht, result)

    @get(
        "/{organisatie_id:str}/jobcoaches",
        summary="Gekoppelde jobcoaches",
        guards=[roles("organisatie", "auditor", "beheerder")],
    )
    async def coaches(self, request: Request, organisatie_id: FromPath[str]) -> list[OrganisatieCoach]:
        return to_struct(
            list[OrganisatieCoach], await organisaties.coaches(actor_of(request), organisatie_id)
        )


async def uitnodig_coach(actor, organisatie_id: str, data: UitnodigingInvoer) -> dict:
    """Invite an existing coach (`data.jobcoach`) or a new one; the invitation as the response's dict
    (shared by the API and the organisation's page)."""
    naam = data.gebruikersnaam or None
    if data.jobcoach:
        made = await uitnodigingen.invite_coach(actor, organisatie_id, data.jobcoach, naam)
    else:
        made = await uitnodigingen.invite_new_coach(
            actor, organisatie_id, values(data.nieuwe_jobcoach), values(data.dienstverband), naam
        )
    return {
        "jobcoach": made.jobcoach_id,
        "registratienummer": made.registratienummer,
        "account": made.account_id,
        "gebruikersnaam": made.gebruikersnaam,
        "geldig_tot": made.geldig_tot,
        "dienstverband": made.dienstverband_id,
    }
