"""Jobcoaches and the claims on their profile."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody

from api import export as coach_export
from api.controllers.common import actor_of, paged_of_tabel, values
from api.guards import eigen, logged_in, roles
from api.schemas import (
    Dienstverband,
    DienstverbandBesluitInvoer,
    DienstverbandInvoer,
    DienstverbandWijziging,
    Jobcoach,
    JobcoachDossier,
    JobcoachInvoer,
    JobcoachWijziging,
    Keurmerk,
    KeurmerkWijziging,
    Lijst,
    Opleiding,
    OpleidingInvoer,
    PersoonsKeurmerkInvoer,
    Scholing,
    ScholingInvoer,
    StatusInvoer,
    Zelfevaluatie,
    ZelfevaluatieInvoer,
    camelize,
    to_struct,
)
from register.services import jobcoaches, keurmerken
from register.vocabulary import BEVESTIGD, GEWEIGERD

coach = roles("jobcoach")
# object-level guards (see api.guards.eigen): another coach, or an organisation, gets 403 before the body of
# a write to this coach is parsed
eigen_coach = eigen(jobcoaches.require_own, "jobcoach_id")
profiel_bewerken = eigen(jobcoaches.require_edit, "jobcoach_id")


JOBCOACH_KOLOMMEN = [
    ("Registratienummer", "registratienummer"),
    ("Voornaam", "voornaam"),
    ("Tussenvoegsel", "tussenvoegsel"),
    ("Achternaam", "achternaam"),
    ("E-mail", "email"),
    ("Telefoon", "telefoon"),
    ("Status", "status"),
    ("Werkgebied", lambda j: ", ".join(j.werkgebied)),
]


class JobcoachesController(Controller):
    path = "/api/v1/jobcoaches"
    tags = ["Jobcoaches"]
    guards = [logged_in]

    @post("", summary="Jobcoach aanmelden", status_code=201, guards=[roles("beheerder", "organisatie")])
    async def create(self, request: Request, data: JSONBody[JobcoachInvoer]) -> Jobcoach:
        return to_struct(Jobcoach, await jobcoaches.create(actor_of(request), values(data)))

    @get("", summary="Jobcoaches", guards=[roles("beheerder", "auditor", "organisatie")])
    async def index(self, request: Request) -> Lijst[Jobcoach]:
        actor = actor_of(request)
        return await paged_of_tabel(
            request,
            Jobcoach,
            lambda o, n: jobcoaches.list_jobcoaches(actor, o, n),
            "jobcoaches",
            JOBCOACH_KOLOMMEN,
        )

    @get("/{jobcoach_id:str}", summary="Jobcoach met volledig profiel")
    async def show(self, request: Request, jobcoach_id: FromPath[str]) -> JobcoachDossier:
        return to_struct(JobcoachDossier, await jobcoaches.dossier(actor_of(request), jobcoach_id))

    @patch(
        "/{jobcoach_id:str}",
        summary="Profiel wijzigen",
        guards=[roles("jobcoach", "beheerder"), profiel_bewerken],
    )
    async def update(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[JobcoachWijziging]
    ) -> Jobcoach:
        return to_struct(Jobcoach, await jobcoaches.update(actor_of(request), jobcoach_id, values(data)))

    @post(
        "/{jobcoach_id:str}/status",
        summary="Toelaten, schorsen of uitschrijven",
        status_code=200,
        guards=[roles("beheerder")],
    )
    async def status(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[StatusInvoer]
    ) -> Jobcoach:
        return to_struct(
            Jobcoach, await jobcoaches.set_status(actor_of(request), jobcoach_id, data.status, data.reden)
        )

    @post(
        "/{jobcoach_id:str}/dienstverbanden",
        summary="Dienstverband voorstellen (telt pas na bevestiging door de andere kant)",
        status_code=201,
        guards=[roles("organisatie", "jobcoach", "beheerder")],
    )
    async def add_dienstverband(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[DienstverbandInvoer]
    ) -> Dienstverband:
        result = await jobcoaches.add_dienstverband(actor_of(request), jobcoach_id, values(data))
        return to_struct(Dienstverband, result)

    @post(
        "/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/bevestiging",
        summary="Voorgesteld dienstverband bevestigen (de andere kant, of een beheerder met toelichting)",
        status_code=200,
        guards=[roles("organisatie", "jobcoach", "beheerder")],
    )
    async def bevestig_dienstverband(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        dienstverband_id: FromPath[str],
        data: JSONBody[DienstverbandBesluitInvoer],
    ) -> Dienstverband:
        result = await jobcoaches.beslis_dienstverband(
            actor_of(request), jobcoach_id, dienstverband_id, BEVESTIGD, data.toelichting
        )
        return to_struct(Dienstverband, result)

    @post(
        "/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}/weigering",
        summary="Voorgesteld dienstverband weigeren (de andere kant, of een beheerder met toelichting)",
        status_code=200,
        guards=[roles("organisatie", "jobcoach", "beheerder")],
    )
    async def weiger_dienstverband(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        dienstverband_id: FromPath[str],
        data: JSONBody[DienstverbandBesluitInvoer],
    ) -> Dienstverband:
        result = await jobcoaches.beslis_dienstverband(
            actor_of(request), jobcoach_id, dienstverband_id, GEWEIGERD, data.toelichting
        )
        return to_struct(Dienstverband, result)

    @patch(
        "/{jobcoach_id:str}/dienstverbanden/{dienstverband_id:str}",
        summary="Dienstverband beëindigen",
        guards=[roles("organisatie", "beheerder")],
    )
    async def end_dienstverband(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        dienstverband_id: FromPath[str],
        data: JSONBody[DienstverbandWijziging],
    ) -> Dienstverband:
        result = await jobcoaches.end_dienstverband(
            actor_of(request), jobcoach_id, dienstverband_id, data.tot
        )
        return to_struct(Dienstverband, result)

    @post(
        "/{jobcoach_id:str}/opleidingen",
        summary="Opleiding opgeven",
        status_code=201,
        guards=[coach, eigen_coach],
    )
    async def add_opleiding(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[OpleidingInvoer]
    ) -> Opleiding:
        return to_struct(
            Opleiding, await jobcoaches.add_opleiding(actor_of(request), jobcoach_id, values(data))
        )

    @post(
        "/{jobcoach_id:str}/opleidingen/{opleiding_id:str}/herindiening",
        summary="Afgewezen opleiding corrigeren en opnieuw indienen (met nieuwe bewijsstukken)",
        status_code=200,
        guards=[coach, eigen_coach],
    )
    async def herindien_opleiding(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        opleiding_id: FromPath[str],
        data: JSONBody[OpleidingInvoer],
    ) -> Opleiding:
        result = await jobcoaches.herindienen(
            actor_of(request), jobcoach_id, "opleiding", opleiding_id, values(data)
        )
        return to_struct(Opleiding, result)

    @post(
        "/{jobcoach_id:str}/scholingen/{scholing_id:str}/herindiening",
        summary="Afgewezen scholing corrigeren en opnieuw indienen (met nieuwe bewijsstukken)",
        status_code=200,
        guards=[coach, eigen_coach],
    )
    async def herindien_scholing(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        scholing_id: FromPath[str],
        data: JSONBody[ScholingInvoer],
    ) -> Scholing:
        result = await jobcoaches.herindienen(
            actor_of(request), jobcoach_id, "scholing", scholing_id, values(data)
        )
        return to_struct(Scholing, result)

    @post(
        "/{jobcoach_id:str}/keurmerken",
        summary="Persoonsregister-keurmerk opgeven",
        status_code=201,
        guards=[coach, eigen_coach],
    )
    async def add_keurmerk(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[PersoonsKeurmerkInvoer]
    ) -> Keurmerk:
        return to_struct(
            Keurmerk, await jobcoaches.add_keurmerk(actor_of(request), jobcoach_id, values(data))
        )

    @patch(
        "/{jobcoach_id:str}/keurmerken/{keurmerk_id:str}",
        summary="Keurmerkstatus of einddatum bijwerken",
        guards=[coach, eigen_coach],
    )
    async def update_keurmerk(
        self,
        request: Request,
        jobcoach_id: FromPath[str],
        keurmerk_id: FromPath[str],
        data: JSONBody[KeurmerkWijziging],
    ) -> Keurmerk:
        actor = actor_of(request)

        def may_edit(row: dict[str, Any]) -> bool:
            return (
                row["jobcoach"] is not None
                and str(row["jobcoach"]) == jobcoach_id
                and actor.is_coach(jobcoach_id)
            )

        return to_struct(Keurmerk, await keurmerken.update(actor, keurmerk_id, values(data), may_edit))

    @post(
        "/{jobcoach_id:str}/scholingen",
        summary="Scholing opgeven",
        status_code=201,
        guards=[coach, eigen_coach],
    )
    async def add_scholing(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[ScholingInvoer]
    ) -> Scholing:
        return to_struct(
            Scholing, await jobcoaches.add_scholing(actor_of(request), jobcoach_id, values(data))
        )

    @post(
        "/{jobcoach_id:str}/zelfevaluaties",
        summary="Zelfevaluatie vastleggen",
        status_code=201,
        guards=[coach, eigen_coach],
    )
    async def add_zelfevaluatie(
        self, request: Request, jobcoach_id: FromPath[str], data: JSONBody[ZelfevaluatieInvoer]
    ) -> Zelfevaluatie:
        result = await jobcoaches.add_zelfevaluatie(actor_of(request), jobcoach_id, values(data))
        return to_struct(Zelfevaluatie, result)

    @get("/{jobcoach_id:str}/export", summary="Alle eigen gegevens (AVG-inzage)", guards=[coach, eigen_coach])
    async def export(self, request: Request, jobcoach_id: FromPath[str]) -> dict[str, Any]:
        return camelize(await coach_export.export(actor_of(request), jobcoach_id))
