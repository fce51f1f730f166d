"""The beheerder's pages: accounts, gemeenten, jobcoaches (admit, suspend, deregister) and organisations.

Only beheerders open these pages. Every change goes through the services (accounts, gemeenten,
jobcoaches, organisaties) with the API's Structs; the import of gemeenten is a command
(`jobcoach-register import-gemeenten FILE.csv`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from msgspec import UNSET

from api import mail, tabelexport
from api.guards import roles
from api.pages.common import (
    Formulier,
    Formulierspec,
    met_waarden,
    page,
    read_form,
    terug,
    verzend,
    werkgebied_tekst,
)
from api.pages.jobcoach import samenvatting
from api.pages.overzicht import register_grafieken
from api.pagination import paginering
from api.schemas import (
    DienstverbandBeheerBesluitInvoer,
    GebruikerInvoer,
    GebruikerWijziging,
    GemeenteInvoer,
    JobcoachInvoer,
    OrganisatieInvoer,
    OrganisatieStatusInvoer,
    StatusInvoer,
)
from register.actor import Actor
from register.errors import NotFound
from register.infra import auditlog, inzage
from register.services import accounts, berichten, gemeenten, jobcoaches, organisaties, uitnodigingen
from register.vocabulary import BERICHT_STATUSSEN, ROLLEN

ACCOUNT_VELDEN = {
    "gebruikersnaam": "Gebruikersnaam",
    "email": "E-mailadres",
    "wachtwoord": "Wachtwoord",
    "rollen": "Rollen",
    "jobcoach": "Registratienummer jobcoach",
    "organisatie": "KvK-nummer organisatie",
    "gemeente": "Gemeentecode",
}
GEMEENTE_VELDEN = {
    "code": "CBS-gemeentecode",
    "naam": "Naam",
    "ingangsdatum": "Ingangsdatum",
    "einddatum": "Einddatum",
    "contactEmail": "E-mailadres voor meldingen",
}
JOBCOACH_VELDEN = {
    "voornaam": "Voornaam",
    "tussenvoegsel": "Tussenvoegsel",
    "achternaam": "Achternaam",
    "email": "E-mailadres",
    "telefoon": "Telefoonnummer",
}
ORGANISATIE_VELDEN = {
    "naam": "Naam",
    "kvkNummer": "KvK-nummer",
    "postcode": "Postcode vestiging",
    "plaats": "Plaats vestiging",
    "website": "Website",
}
STATUS_VELDEN = {"status": "Nieuwe status", "reden": "Reden"}
BESLUIT_VELDEN = {"besluit": "Besluit", "toelichting": "Reden"}
# the new status is implied by the current one
ORG_STATUS_VELDEN = {"reden": "Reden", "ingangsdatum": "Ingangsdatum"}
PAGINA = 25
JOBCOACH = Formulierspec(JOBCOACH_VELDEN, JobcoachInvoer, "/beheer/jobcoaches", "jobcoach-aangemeld")
ORGANISATIE = Formulierspec(
    ORGANISATIE_VELDEN, OrganisatieInvoer, "/beheer/organisaties", "organisatie-geregistreerd"
)
STATUS = Formulierspec(STATUS_VELDEN, StatusInvoer, "/beheer/jobcoaches", "status-gewijzigd")
ORG_STATUS = Formulierspec(
    ORG_STATUS_VELDEN, OrganisatieStatusInvoer, "/beheer/organisaties", "status-gewijzigd"
)


def actor_of(request: Request) -> Actor:
    return request.scope["user"]


def status_keuzes(huidig: str) -> list[tuple[str, str]]:
    """The status changes a beheerder may make from the coach's current status, in Dutch verbs."""
    namen = {
        "actief": "Toelaten (actief)" if huidig == "aangemeld" else "Weer toelaten (actief)",
        "geschorst": "Schorsen",
        "uitgeschreven": "Uitschrijven",
    }
    return [
        (s, namen[s])
        for s in ("actief", "geschorst", "uitgeschreven")
        if s in jobcoaches.STATUS_TRANSITIONS[huidig]
    ]


class BeheerPages(Controller):
    path = "/beheer"
    include_in_schema = False
    guards = [roles("beheerder")]

    @get("/export/{soort:str}")
    async def export(self, request: Request, soort: FromPath[str]) -> Response:
        """The download buttons: `soort` accounts, jobcoaches, organisaties or auditlog; `?formaat=xlsx`
        for Excel, else CSV. The same files (and access logging) as the API's `Accept: text/csv`."""
        from api.controllers.audits import AUDITLOG_KOLOMMEN
        from api.controllers.beheer import GEBRUIKER_KOLOMMEN
        from api.controllers.common import als_tabel
        from api.controllers.jobcoaches import JOBCOACH_KOLOMMEN
        from api.controllers.organisaties import ORGANISATIE_KOLOMMEN
        from api.schemas import Gebruiker, Jobcoach, Organisatie
        from api.schemas_audits import AuditlogRegel

        actor = actor_of(request)
        formaat = tabelexport.XLSX if request.query_params.get("formaat") == "xlsx" else tabelexport.CSV

        async def alle_accounts(offset: int, limit: int):
            items = await accounts.list_accounts()
            return items[offset : offset + limit], len(items)

        async def auditregels(offset: int, limit: int):
            items, total = await auditlog.entries(offset=offset, limit=limit)
            for coach in sorted(await auditlog.coaches_in(items)):
                await inzage.record_read(actor, coach, "beheer van het register: auditlog")
            return items, total

        tabellen = {
            "accounts": (Gebruiker, alle_accounts, GEBRUIKER_KOLOMMEN),
            "jobcoaches": (Jobcoach, lambda o, n: jobcoaches.list_jobcoaches(actor, o, n), JOBCOACH_KOLOMMEN),
            "organisaties": (Organisatie, organisaties.list_organisaties, ORGANISATIE_KOLOMMEN),
            "auditlog": (AuditlogRegel, auditregels, AUDITLOG_KOLOMMEN),
        }
        if soort not in tabellen:
            raise NotFound("Deze export bestaat niet.")
        item_type, fetch, kolommen = tabellen[soort]
        return await als_tabel(formaat, item_type, fetch, soort, kolommen)

    @get()
    async def overzicht(self, request: Request) -> Template:
        actor = actor_of(request)
        _, n_accounts = await accounts.list_accounts_page(0, 1)
        _, n_gemeenten = await gemeenten.list_gemeenten(0, 1)
        _, n_coaches = await jobcoaches.list_jobcoaches(actor, 0, 1, getoond=False)
        _, n_aangemeld = await jobcoaches.list_jobcoaches(actor, 0, 1, status="aangemeld", getoond=False)
        _, n_orgs = await organisaties.list_organisaties(0, 1)
        return page(
            request,
            "beheer/overzicht.html",
            actief="overzicht",
            aantallen={
                "accounts": n_accounts,
                "gemeenten": n_gemeenten,
                "jobcoaches": n_coaches,
                "aangemeld": n_aangemeld,
                "organisaties": n_orgs,
            },
            voorstellen=await jobcoaches.open_voorstellen(actor),
            grafieken=await register_grafieken(),
        )

    # --- accounts ---------------------------------------------------------------------------------

    async def _accounts(self, request: Request, form: Formulier, status: int = 200) -> Template:
        totaal = (await accounts.list_accounts_page(0, 1))[1]
        pag = paginering(request, totaal, PAGINA)
        items, _ = await accounts.list_accounts_page(pag.offset, PAGINA)
        return page(
            request,
            "beheer/accounts.html",
            status_code=status,
            actief="accounts",
            form=form,
            regels=items,
            pag=pag,
            rollen=ROLLEN.opties(),
        )

    @get("/accounts")
    async def accounts_lijst(self, request: Request) -> Template:
        return await self._accounts(request, Formulier(ACCOUNT_VELDEN))

    @post("/accounts")
    async def account_aanmaken(self, request: Request) -> Template | Redirect:
        actor = actor_of(request)
        raw = await read_form(request, "rollen")
        form = Formulier(ACCOUNT_VELDEN, {k: v for k, v in raw.items() if k != "wachtwoord"})
        gekozen = [r for r in ROLLEN.codes if r in raw["rollen"]]
        nummer = raw.get("jobcoach", "").strip()
        kvk = raw.get("organisatie", "").strip()
        jobcoach_id = await jobcoaches.find_by_registratienummer(nummer) if nummer else None
        organisatie_id = await organisaties.find_by_kvk(kvk) if kvk else None
        if "jobcoach" in gekozen and not nummer:
            form.zet_fouten({"jobcoach": "is verplicht bij de rol jobcoach"})
        elif nummer and jobcoach_id is None:
            form.zet_fouten({"jobcoach": "er is geen jobcoach met dit registratienummer"})
        if "organisatie" in gekozen and not kvk:
            form.zet_fouten({"organisatie": "is verplicht bij de rol organisatie"})
        elif kvk and organisatie_id is None:
            form.zet_fouten({"organisatie": "er is geen organisatie met dit KvK-nummer"})
        if "gemeente" in gekozen and not raw.get("gemeente", "").strip():
            form.zet_fouten({"gemeente": "is verplicht bij de rol gemeente"})
        rollen: list[dict[str, Any]] = []
        aliassen = {"rollen": "rollen"}
        for rol in gekozen:
            item: dict[str, Any] = {"rol": rol}
            if rol in ("jobcoach", "auditor") and jobcoach_id:
                item["jobcoach"] = jobcoach_id  # an auditor's own coach record (conflict of interest)
            if rol == "organisatie" and organisatie_id:
                item["organisatie"] = organisatie_id
            if rol == "gemeente":
                item["gemeente"] = raw.get("gemeente", "").strip().upper()
            i = len(rollen)
            aliassen |= {
                f"rollen[{i}].rol": "rollen",
                f"rollen[{i}].jobcoach": "jobcoach",
                f"rollen[{i}].organisatie": "organisatie",
                f"rollen[{i}].gemeente": "gemeente",
            }
            rollen.append(item)
        form.aliassen = aliassen
        if not gekozen:
            form.zet_fouten({"rollen": "kies minstens één rol"})
        invoer = {
            "gebruikersnaam": raw.get("gebruikersnaam", ""),
            "email": raw.get("email", ""),
            "rollen": rollen,
        }
        if raw.get("wachtwoord", ""):  # empty: an invitation by e-mail sets the password
            invoer["wachtwoord"] = raw["wachtwoord"]

        async def aanmaken(d: Any) -> None:
            rollen_invoer = [
                accounts.RolInvoer(r.rol, r.jobcoach, r.organisatie, r.gemeente) for r in d.rollen
            ]
            if d.wachtwoord is UNSET:
                await uitnodigingen.invite(actor, d.gebruikersnaam, d.email, rollen_invoer)
            else:
                await accounts.create_account(actor, d.gebruikersnaam, d.wachtwoord, d.email, rollen_invoer)

        if await form.verwerk(GebruikerInvoer, invoer, aanmaken):
            return terug(
                "/beheer/accounts",
                "account-uitgenodigd" if "wachtwoord" not in invoer else "account-aangemaakt",
            )
        return await self._accounts(request, form, 400)

    @post("/accounts/{gebruiker_id:str}/activering")
    async def account_activering(self, request: Request, gebruiker_id: FromPath[str]) -> Template | Redirect:
        actor = actor_of(request)
        raw = await read_form(request)
        invoer = {"actief": {"ja": True, "nee": False}.get(raw.get("actief", ""), raw.get("actief", ""))}
        form = Formulier({"actief": "Actief"})
        form.eis(invoer, "actief")
        if await form.verwerk(
            GebruikerWijziging, invoer, lambda d: accounts.set_active(actor, gebruiker_id, d.actief)
        ):
            return terug(
                "/beheer/accounts", "account-geactiveerd" if invoer["actief"] else "account-gedeactiveerd"
            )
        fouten = Formulier(ACCOUNT_VELDEN)
        fouten.algemeen = [
            f"Het account is niet gewijzigd: {t}" for t in [*form.fouten.values(), *form.algemeen]
        ]
        return await self._accounts(request, fouten, 400)

    # --- berichten (the outbox) ------------------------------------------------------------------

    @get("/berichten")
    async def berichten(self, request: Request) -> Template:
        """The outbox: counts, parked messages (they kept failing) and waiting ones."""
        settings = request.app.state.settings
        return page(
            request,
            "beheer/berichten.html",
            actief="berichten",
            overzicht=await berichten.overzicht(),
            statussen=BERICHT_STATUSSEN,
            smtp=bool(settings.smtp_url),
            emls=[] if settings.smtp_url else mail.eml_lijst(settings.eml_map),
        )

    @post("/berichten/{bericht_id:str}/opnieuw")
    async def bericht_opnieuw(self, request: Request, bericht_id: FromPath[str]) -> Redirect:
        """A parked message back in the queue (a new series of attempts by the worker)."""
        await berichten.opnieuw_proberen(request.scope["user"], bericht_id)
        return terug("/beheer/berichten", "bericht-opnieuw", anker="geparkeerd")

    @get("/berichten/eml/{naam:str}")
    async def eml(self, request: Request, naam: FromPath[str]) -> Template:
        """One e-mail written as .eml (no SMTP server configured): its headers and plain text."""
        gevonden = mail.eml_tekst(request.app.state.settings.eml_map, naam)
        if gevonden is None:
            raise NotFoundException("Dit bericht bestaat niet (meer).")
        return page(request, "beheer/eml.html", actief="berichten", eml=gevonden[0], tekst=gevonden[1])

    # --- gemeenten --------------------------------------------------------------------------------

    async def _gemeenten(self, request: Request, form: Formulier, status: int = 200) -> Template:
        totaal = (await gemeenten.list_gemeenten(0, 1))[1]
        pag = paginering(request, totaal, 50)
        items, _ = await gemeenten.list_gemeenten(pag.offset, 50)
        return page(
            request,
            "beheer/gemeenten.html",
            status_code=status,
            actief="gemeenten",
            form=form,
            regels=items,
            pag=pag,
        )

    @get("/gemeenten")
    async def gemeenten_lijst(self, request: Request) -> Template:
        return await self._gemeenten(request, Formulier(GEMEENTE_VELDEN))

    @post("/gemeenten")
    async def gemeente_toevoegen(self, request: Request) -> Template | Redirect:
        actor = actor_of(request)
        raw = await read_form(request)
        invoer = {**raw, "code": raw.get("code", "").strip().upper()}
        if not invoer.get("contactEmail"):
            invoer.pop("contactEmail", None)
        return await verzend(
            Formulier(GEMEENTE_VELDEN, raw),
            GemeenteInvoer,
            invoer,
            met_waarden(gemeenten.create, actor),
            klaar=terug("/beheer/gemeenten", "gemeente-toegevoegd"),
            opnieuw=partial(self._gemeenten, request),
        )

    # --- jobcoaches -------------------------------------------------------------------------------

    async def _jobcoaches(self, request: Request, form: Formulier, status: int = 200) -> Template:
        actor = actor_of(request)
        filter_status = request.query_params.get("status") or None
        if filter_status not in (None, *jobcoaches.STATUS_TRANSITIONS):
            filter_status = None
        zoek = (request.query_params.get("zoek") or "").strip()[:100] or None
        _, totaal = await jobcoaches.list_jobcoaches(
            actor, 0, 1, status=filter_status, zoek=zoek, getoond=False
        )
        pag = paginering(request, totaal, PAGINA)
        items, _ = await jobcoaches.list_jobcoaches(
            actor, pag.offset, PAGINA, status=filter_status, zoek=zoek
        )
        return page(
            request,
            "beheer/jobcoaches.html",
            status_code=status,
            actief="jobcoaches",
            form=form,
            regels=items,
            pag=pag,
            filter_status=filter_status or "",
            zoek=zoek or "",
            gemeente_namen=await gemeenten.namen(sorted({g for c in items for g in c["werkgebied"]})),
        )

    @get("/jobcoaches")
    async def jobcoaches_lijst(self, request: Request) -> Template:
        return await self._jobcoaches(request, JOBCOACH.nieuw())

    @post("/jobcoaches")
    async def jobcoach_aanmelden(self, request: Request) -> Template | Redirect:
        actie = met_waarden(jobcoaches.create, actor_of(request))
        return await JOBCOACH.verzend(
            request, actie, klaar=JOBCOACH.terug(), opnieuw=partial(self._jobcoaches, request)
        )

    async def _jobcoach(
        self,
        request: Request,
        jobcoach_id: str,
        form: Formulier | None,
        status: int = 200,
        besluit_form: Formulier | None = None,
        besluit_dv: str | None = None,
    ) -> Template:
        actor = actor_of(request)
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        return page(
            request,
            "beheer/jobcoach.html",
            status_code=status,
            actief="jobcoaches",
            coach=dossier,
            coach_overzicht=samenvatting(dossier, await jobcoaches.kwalificatiebeeld(actor, jobcoach_id)),
            werkgebied=await werkgebied_tekst(dossier["werkgebied"]),
            form=form or STATUS.nieuw(),
            keuzes=status_keuzes(dossier["status"]),
            besluit_form=besluit_form,
            besluit_dv=besluit_dv,
        )

    @get("/jobcoaches/{jobcoach_id:str}")
    async def jobcoach(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._jobcoach(request, jobcoach_id, None)

    @post("/jobcoaches/{jobcoach_id:str}/status")
    async def jobcoach_status(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actor = actor_of(request)
        await jobcoaches.view(jobcoach_id)  # 404 for an unknown coach
        actie = lambda d: jobcoaches.set_status(actor, jobcoach_id, d.status, d.reden)  # noqa: E731
        opnieuw = partial(self._jobcoach, request, jobcoach_id)
        return await STATUS.verzend(request, actie, klaar=STATUS.terug(jobcoach_id), opnieuw=opnieuw)

    @post("/jobcoaches/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}")
    async def dienstverband_besluit(
        self, request: Request, jobcoach_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Template | Redirect:
        """Confirm or refuse a proposed dienstverband, always with a reason (back-dated ones only here)."""
        actor = actor_of(request)
        await jobcoaches.view(jobcoach_id)  # 404 for an unknown coach
        raw = await read_form(request)
        form = Formulier(BESLUIT_VELDEN, raw)
        if await form.verwerk(
            DienstverbandBeheerBesluitInvoer,
            raw,
            lambda d: jobcoaches.beslis_dienstverband(
                actor, jobcoach_id, dienstverband_id, d.besluit, d.toelichting
            ),
        ):
            return terug(f"/beheer/jobcoaches/{jobcoach_id}", f"dienstverband-{raw.get('besluit')}")
        return await self._jobcoach(
            request,
            jobcoach_id,
            None,
            409 if form.algemeen else 400,
            besluit_form=form,
            besluit_dv=dienstverband_id,
        )

    # --- organisaties -----------------------------------------------------------------------------

    async def _organisaties(self, request: Request, form: Formulier, status: int = 200) -> Template:
        _, totaal = await organisaties.list_organisaties(0, 1)
        pag = paginering(request, totaal, PAGINA)
        items, _ = await organisaties.list_organisaties(pag.offset, PAGINA)
        return page(
            request,
            "beheer/organisaties.html",
            status_code=status,
            actief="organisaties",
            form=form,
            regels=items,
            pag=pag,
        )

    @get("/organisaties")
    async def organisaties_lijst(self, request: Request) -> Template:
        return await self._organisaties(request, ORGANISATIE.nieuw())

    @post("/organisaties")
    async def organisatie_registreren(self, request: Request) -> Template | Redirect:
        actie = met_waarden(organisaties.create, actor_of(request))
        opnieuw = partial(self._organisaties, request)
        return await ORGANISATIE.verzend(request, actie, klaar=ORGANISATIE.terug(), opnieuw=opnieuw)

    async def _organisatie(
        self, request: Request, organisatie_id: str, form: Formulier | None, status: int = 200
    ) -> Template:
        org = await organisaties.view(organisatie_id)
        nieuw = "actief" if org["status"] == "geschorst" else "geschorst"
        return page(
            request,
            "beheer/organisatie.html",
            status_code=status,
            actief="organisaties",
            organisatie=org,
            historie=await organisaties.statushistorie(organisatie_id),
            form=form or ORG_STATUS.nieuw(),
            nieuw=nieuw,
        )

    @get("/organisaties/{organisatie_id:str}")
    async def organisatie(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._organisatie(request, organisatie_id, None)

    @post("/organisaties/{organisatie_id:str}/status")
    async def organisatie_status(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        actor = actor_of(request)
        await organisaties.view(organisatie_id)  # 404 for an unknown organisation
        def actie(d: OrganisatieStatusInvoer):
            sinds = None if d.ingangsdatum is UNSET else d.ingangsdatum
            return organisaties.set_status(actor, organisatie_id, d.status, d.reden, sinds=sinds)

        opnieuw = partial(self._organisatie, request, organisatie_id)
        return await ORG_STATUS.verzend(
            request, actie, klaar=ORG_STATUS.terug(organisatie_id), opnieuw=opnieuw
        )
