"""Pages for auditors (work queue, toetsingen, organisation audits), for coaches (their toetsingen),
for organisations (their audit findings) and for beheerders (the audit log). No JavaScript needed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.guards import roles
from api.pages.common import (
    MELDINGEN,
    Formulier,
    errors_by_field,
    form_data,
    page,
    pagina_reden,
    read_form,
    terug,
    verzend,
)
from api.pages.documenten import documentinfo
from api.pagination import MAX_PAGE_SIZE, pagina_nummer, paginering
from api.schemas_audits import BeoordelingInvoer, OrganisatieAuditInvoer, ToetsingInvoer
from api.validation import validate_payload
from audits import organisatie_audits, regels, toetsingen
from register import clock
from register.errors import Conflict, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.services import beoordelingen, organisaties, zoeken
from register.vocabulary import KWALITEITSBORGING_GEBIEDEN, TOETSING_VORMEN

PAGE_SIZE = 25
BEOORDELING_VELDEN = {"toelichting": "Toelichting", "besluit": "Besluit", "object": "Gegeven"}
DEELNEMER_KEY = re.compile(r"^d(\d{1,4})_jobcoach$")

auditor = roles("auditor")


def melding(request: Request) -> str | None:
    return MELDINGEN.get(request.query_params.get("melding", ""))


# --- the toetsing form (shared by new and edit) -----------------------------------------------------------


def toetsing_form_state(raw: dict[str, Any]) -> dict[str, Any]:
    """The form as typed: date, form, participants (in order), the search term."""
    indices = sorted(int(m.group(1)) for k in raw if (m := DEELNEMER_KEY.match(k)))
    deelnemers = [
        {
            "jobcoach": str(raw.get(f"d{i}_jobcoach", "")),
            "casus": str(raw.get(f"d{i}_casus", "")),
            "beoordeling": str(raw.get(f"d{i}_beoordeling", "")),
            "feedback": str(raw.get(f"d{i}_feedback", "")),
            "leerdoelen": str(raw.get(f"d{i}_leerdoelen", "")),
        }
        for i in indices
    ]
    return {
        "datum": str(raw.get("datum", "")).strip(),
        "vorm": str(raw.get("vorm", "")),
        "corrigeert": str(raw.get("corrigeert", "")) or None,
        "versie": str(raw.get("versie", "")) or None,
        "deelnemers": deelnemers,
        "zoek": str(raw.get("zoek", "")).strip(),
    }


def toetsing_state_from_view(view: dict[str, Any], *, correction: bool = False) -> dict[str, Any]:
    return {
        "datum": view["datum"].isoformat(),
        "vorm": view["vorm"],
        "corrigeert": view["id"] if correction else view.get("corrigeert"),
        "versie": None if correction else str(view["versie"]),
        "deelnemers": [
            {k: d[k] for k in ("jobcoach", "casus", "beoordeling", "feedback", "leerdoelen")}
            for d in view["deelnemers"]
        ],
        "zoek": "",
    }


def _date_or_today(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return clock.today()


async def _deelnemers_zoeken(actor: Any, zoek: str, on: dt.date, limit: int = 20) -> list[dict[str, Any]]:
    """Coaches to add as participants, best match first: by name with the public search's typo and sound
    tolerance (register.services.zoeken, also coaches not yet in the public register) or by
    registratienummer; each with what toetsingen.kandidaten says about them."""
    if len(zoek.strip()) < 2:
        return []
    vraag = zoeken.Zoekvraag("jobcoach", zoek, peildatum=on, ook_niet_publiek=True)
    gevonden = await zoeken.zoek(vraag, 0, limit)
    return await toetsingen.kandidaten(actor, gevonden.ids, on)


def _payload(state: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "deelnemers": [
            {k: v for k, v in d.items() if v != "" or k == "jobcoach"} for d in state["deelnemers"]
        ]
    }
    if state["datum"]:
        payload["datum"] = state["datum"]
    if state["vorm"]:
        payload["vorm"] = state["vorm"]
    if state.get("corrigeert"):
        payload["corrigeert"] = state["corrigeert"]
    return payload


class AuditorPages(Controller):
    include_in_schema = False

    # --- work queue ------------------------------------------------------------------------------------

    async def _werkvoorraad(
        self, request: Request, *, status_code: int = 200, form: Formulier | None = None
    ) -> Template:
        actor = request.scope["user"]
        soort = request.query_params.get("soort") or None
        organisatie = request.query_params.get("organisatie") or None
        nummer = pagina_nummer(request)
        filter_fout = None
        try:
            items, totaal = await beoordelingen.werkvoorraad(
                actor,
                soort=soort,
                organisatie=organisatie,
                offset=(nummer - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
        except (InvalidInput, NotFound) as exc:
            items, totaal, filter_fout = [], 0, exc.detail
        return page(
            request,
            "auditor/werkvoorraad.html",
            status_code=status_code,
            items=items,
            totaal=totaal,
            soort=soort or "",
            organisatie=organisatie or "",
            organisaties=await organisatie_audits.organisatie_keuzes(),
            filter_fout=filter_fout,
            form=form,
            links=paginering(request, totaal, PAGE_SIZE),
            documenten_info=await documentinfo(items),
        )

    @get("/auditor/werkvoorraad", guards=[auditor])
    async def werkvoorraad(self, request: Request) -> Template:
        return await self._werkvoorraad(request)

    @post("/auditor/werkvoorraad", guards=[auditor])
    async def beoordeel(self, request: Request) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        # Each item has its own form; the prefix makes the field ids those of the item's form.
        form = Formulier(BEOORDELING_VELDEN, raw, voorvoegsel=f"item-{raw.get('object', '')}")
        afgewezen = raw.get("besluit") == "afgewezen"
        return await verzend(
            form,
            BeoordelingInvoer,
            raw,
            lambda d: beoordelingen.beoordeel(actor, d.object, d.besluit, d.toelichting),
            klaar=terug(
                "/auditor/werkvoorraad",
                "afgewezen" if afgewezen else "geverifieerd",
                query={k: request.query_params.get(k, "") for k in ("soort", "organisatie")},
            ),
            opnieuw=lambda form, status: self._werkvoorraad(request, status_code=status, form=form),
            opvangen=(Conflict, Forbidden, NotFound),
        )

    # --- toetsingen ------------------------------------------------------------------------------------

    @get("/auditor/toetsingen", guards=[auditor])
    async def toetsingen_lijst(self, request: Request) -> Template:
        status = request.query_params.get("status") or None
        if status not in (None, "concept", "toetsing-vastgesteld"):
            status = None
        nummer = pagina_nummer(request)
        items, totaal = await toetsingen.list_toetsingen(
            request.scope["user"], status=status, offset=(nummer - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        return page(
            request,
            "auditor/toetsingen.html",
            items=items,
            totaal=totaal,
            status=status or "",
            vormen=TOETSING_VORMEN.labels(),
            links=paginering(request, totaal, PAGE_SIZE),
        )

    async def _toetsing_form(
        self,
        request: Request,
        state: dict[str, Any],
        *,
        action: str,
        toetsing: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        alert: str | None = None,
        status_code: int = 200,
    ) -> Template:
        actor = request.scope["user"]
        kaarten = await toetsingen.coach_kaarten([d["jobcoach"] for d in state["deelnemers"]])
        resultaten = (
            await _deelnemers_zoeken(actor, state["zoek"], _date_or_today(state["datum"]))
            if state["zoek"]
            else None
        )
        chosen = {d["jobcoach"] for d in state["deelnemers"]}
        return page(
            request,
            "auditor/toetsing_form.html",
            status_code=status_code,
            form=state,
            action=action,
            toetsing=toetsing,
            kaarten=kaarten,
            resultaten=resultaten,
            gekozen=chosen,
            errors=errors or {},
            alert=alert,
            vormen=TOETSING_VORMEN.labels(),
            beoordelingen=regels.BEOORDELINGEN,
        )

    async def _handle_toetsing_form(
        self, request: Request, action: str, toetsing: dict[str, Any] | None
    ) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await form_data(request)
        state = toetsing_form_state(raw)
        knop = str(raw.get("actie", "opslaan"))
        if knop.startswith("toevoegen:"):
            coach = knop.split(":", 1)[1]
            if coach and coach not in {d["jobcoach"] for d in state["deelnemers"]}:
                state["deelnemers"].append(
                    {
                        "jobcoach": coach,
                        "casus": "",
                        "beoordeling": "niet-beoordeeld",
                        "feedback": "",
                        "leerdoelen": "",
                    }
                )
            state["zoek"] = ""
            return await self._toetsing_form(request, state, action=action, toetsing=toetsing)
        if knop.startswith("verwijderen:"):
            index = knop.split(":", 1)[1]
            if index.isdigit() and int(index) < len(state["deelnemers"]):
                del state["deelnemers"][int(index)]
            return await self._toetsing_form(request, state, action=action, toetsing=toetsing)
        if knop == "zoeken":
            return await self._toetsing_form(request, state, action=action, toetsing=toetsing)
        try:
            parsed = validate_payload(ToetsingInvoer, _payload(state), strict=False)
            values = {
                "datum": parsed.datum,
                "vorm": parsed.vorm,
                "corrigeert": parsed.corrigeert,
                "deelnemers": [
                    {k: getattr(d, k) for k in ("jobcoach", "casus", "beoordeling", "feedback", "leerdoelen")}
                    for d in parsed.deelnemers
                ],
            }
            if toetsing is None:
                view = await toetsingen.create(actor, values)
            else:
                if state["versie"] and state["versie"].isdigit():
                    values["versie"] = int(state["versie"])
                view = await toetsingen.update(actor, toetsing["id"], values)
        except InvalidInput as exc:
            return await self._toetsing_form(
                request,
                state,
                action=action,
                toetsing=toetsing,
                errors=errors_by_field(exc.errors),
                alert="De toetsing is niet opgeslagen. Herstel de gemarkeerde velden.",
                status_code=400,
            )
        except (Forbidden, Conflict, NotFound) as exc:
            return await self._toetsing_form(
                request, state, action=action, toetsing=toetsing, alert=exc.detail, status_code=exc.status
            )
        return terug(f"/auditor/toetsingen/{view['id']}", "toetsing-opgeslagen")

    @get("/auditor/toetsingen/nieuw", guards=[auditor])
    async def toetsing_nieuw(self, request: Request) -> Template:
        corrigeert = request.query_params.get("corrigeert")
        state = {
            "datum": clock.today().isoformat(),
            "vorm": "intercollegiale-toetsing",
            "corrigeert": None,
            "versie": None,
            "deelnemers": [],
            "zoek": "",
        }
        if corrigeert:
            old = await toetsingen.get(request.scope["user"], corrigeert)
            state = toetsing_state_from_view(old, correction=True)
        return await self._toetsing_form(request, state, action="/auditor/toetsingen/nieuw")

    @post("/auditor/toetsingen/nieuw", guards=[auditor])
    async def toetsing_aanmaken(self, request: Request) -> Template | Redirect:
        return await self._handle_toetsing_form(request, "/auditor/toetsingen/nieuw", None)

    @get("/auditor/toetsingen/{toetsing_id:str}", guards=[auditor])
    async def toetsing(self, request: Request, toetsing_id: FromPath[str]) -> Template:
        actor = request.scope["user"]
        view = await toetsingen.get(actor, toetsing_id)
        if view["status"] == "concept" and view["auditor"] == actor.account_id:
            return await self._toetsing_form(
                request,
                toetsing_state_from_view(view),
                action=f"/auditor/toetsingen/{view['id']}",
                toetsing={**view, "melding": melding(request)},
            )
        return page(
            request,
            "auditor/toetsing.html",
            toetsing=view,
            vormen=TOETSING_VORMEN.labels(),
        )

    @post("/auditor/toetsingen/{toetsing_id:str}", guards=[auditor])
    async def toetsing_wijzigen(self, request: Request, toetsing_id: FromPath[str]) -> Template | Redirect:
        view = await toetsingen.get(request.scope["user"], toetsing_id)
        if view["status"] != "concept":
            raise Conflict(
                "Deze toetsing is vastgesteld en kan niet meer worden gewijzigd. Leg een correctie vast."
            )
        return await self._handle_toetsing_form(request, f"/auditor/toetsingen/{view['id']}", view)

    @post("/auditor/toetsingen/{toetsing_id:str}/vaststelling", guards=[auditor])
    async def toetsing_vaststellen(self, request: Request, toetsing_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        try:
            view = await toetsingen.vaststellen(actor, toetsing_id)
        except (Conflict, Forbidden) as exc:
            view = await toetsingen.get(actor, toetsing_id)
            if view["status"] == "concept" and view["auditor"] == actor.account_id:
                return await self._toetsing_form(
                    request,
                    toetsing_state_from_view(view),
                    action=f"/auditor/toetsingen/{view['id']}",
                    toetsing=view,
                    alert=exc.detail,
                    status_code=exc.status,
                )
            return page(
                request,
                "auditor/toetsing.html",
                status_code=exc.status,
                toetsing=view,
                vormen=TOETSING_VORMEN.labels(),
                alert=exc.detail,
            )
        return terug(f"/auditor/toetsingen/{view['id']}", "toetsing-vastgesteld")

    @post("/auditor/toetsingen/{toetsing_id:str}/medeondertekening", guards=[auditor])
    async def toetsing_medeondertekenen(self, request: Request, toetsing_id: FromPath[str]) -> Template | Redirect:
        """A second auditor co-signs a back-dated draft (audits.toetsingen.medeondertekenen)."""
        actor = request.scope["user"]
        try:
            view = await toetsingen.medeondertekenen(actor, toetsing_id)
        except (Conflict, Forbidden) as exc:
            return page(
                request,
                "auditor/toetsing.html",
                status_code=exc.status,
                toetsing=await toetsingen.get(actor, toetsing_id),
                vormen=TOETSING_VORMEN.labels(),
                alert=exc.detail,
            )
        return terug(f"/auditor/toetsingen/{view['id']}", "toetsing-medeondertekend")

    # --- organisation audits ---------------------------------------------------------------------------

    @get("/auditor/organisatie-audits", guards=[auditor])
    async def audits_lijst(self, request: Request) -> Template:
        nummer = pagina_nummer(request)
        items, totaal = await organisatie_audits.list_audits(
            request.scope["user"], offset=(nummer - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        return page(
            request,
            "auditor/audits.html",
            items=items,
            totaal=totaal,
            links=paginering(request, totaal, PAGE_SIZE),
        )

    async def _audit_form(
        self,
        request: Request,
        form: dict[str, Any],
        *,
        errors: dict[str, str] | None = None,
        alert: str | None = None,
        status_code: int = 200,
    ) -> Template:
        actor = request.scope["user"]
        organisatie = await organisatie_audits.organisatie_kaart(form.get("organisatie", ""))
        zoek = form.get("zoek", "")
        return page(
            request,
            "auditor/audit_form.html",
            status_code=status_code,
            form=form,
            organisatie=organisatie,
            zoek=zoek,
            resultaten=await organisatie_audits.zoek_organisaties(actor, zoek)
            if zoek and not organisatie
            else None,
            errors=errors or {},
            alert=alert,
            # what the organisation recorded per area, with its evidence documents, beside each finding
            borging=await organisaties.kwaliteitsborging(organisatie["id"]) if organisatie else {},
            gebieden=KWALITEITSBORGING_GEBIEDEN.labels(),
            oordelen=regels.OORDELEN,
            uitkomsten=regels.UITKOMSTEN,
            schemas=regels.AUDIT_SCHEMAS,
        )

    @get("/auditor/organisatie-audits/nieuw", guards=[auditor])
    async def audit_nieuw(self, request: Request) -> Template:
        form = {
            "organisatie": request.query_params.get("organisatie", ""),
            "zoek": request.query_params.get("zoek", "").strip(),
            "datum": clock.today().isoformat(),
        }
        return await self._audit_form(request, form)

    @post("/auditor/organisatie-audits/nieuw", guards=[auditor])
    async def audit_aanmaken(self, request: Request) -> Template | Redirect:
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        bevindingen = []
        index_of: dict[int, str] = {}
        for gebied in regels.GEBIEDEN:
            oordeel = raw.get(f"{gebied}_oordeel", "")
            if not oordeel:
                continue
            index_of[len(bevindingen)] = gebied
            item: dict[str, Any] = {
                "gebied": gebied,
                "oordeel": oordeel,
                "maatregel": raw.get(f"{gebied}_maatregel", ""),
            }
            if raw.get(f"{gebied}_deadline"):
                item["deadline"] = raw[f"{gebied}_deadline"]
            bevindingen.append(item)
        payload = {k: raw[k] for k in ("organisatie", "datum", "schema", "uitkomst") if raw.get(k)}
        payload["bevindingen"] = bevindingen
        try:
            parsed = validate_payload(OrganisatieAuditInvoer, payload, strict=False)
            values = {
                "organisatie": parsed.organisatie,
                "datum": parsed.datum,
                "schema": parsed.schema,
                "uitkomst": parsed.uitkomst,
                "bevindingen": [
                    {
                        "gebied": b.gebied,
                        "oordeel": b.oordeel,
                        "maatregel": b.maatregel,
                        "deadline": b.deadline,
                    }
                    for b in parsed.bevindingen
                ],
            }
            view = await organisatie_audits.create(request.scope["user"], values)
        except InvalidInput as exc:
            errors: dict[str, str] = {}
            for e in exc.errors:
                name = e.name
                if m := re.match(r"^bevindingen\[(\d+)\]\.(\w+)$", name):
                    name = f"{index_of.get(int(m.group(1)), 'bevindingen')}_{m.group(2)}"
                errors.setdefault(name, pagina_reden(e.reason))
            return await self._audit_form(
                request,
                raw,
                errors=errors,
                alert="De audit is niet vastgelegd. Herstel de gemarkeerde velden.",
                status_code=400,
            )
        except (Forbidden, Conflict) as exc:
            return await self._audit_form(request, raw, alert=exc.detail, status_code=exc.status)
        return terug(f"/auditor/organisatie-audits/{view['id']}", "audit-vastgelegd")

    @get("/auditor/organisatie-audits/{audit_id:str}", guards=[auditor])
    async def audit(self, request: Request, audit_id: FromPath[str]) -> Template:
        view = await organisatie_audits.get(request.scope["user"], audit_id)
        return page(
            request,
            "auditor/audit.html",
            audit=view,
            alert=None,
            huidige_account=request.scope["user"].account_id,
        )

    @post("/auditor/organisatie-audits/{audit_id:str}/medeondertekening", guards=[auditor])
    async def audit_medeondertekenen(self, request: Request, audit_id: FromPath[str]) -> Template | Redirect:
        """A second auditor co-signs a back-dated organisation audit (audits.organisatie_audits.
        medeondertekenen: not the recording auditor, no conflict of interest within 12 months of its date)."""
        actor = request.scope["user"]
        try:
            view = await organisatie_audits.medeondertekenen(actor, audit_id)
        except (Conflict, Forbidden) as exc:
            return page(
                request,
                "auditor/audit.html",
                status_code=exc.status,
                audit=await organisatie_audits.get(actor, audit_id),
                melding=None,
                alert=exc.detail,
                huidige_account=actor.account_id,
            )
        return terug(f"/auditor/organisatie-audits/{view['id']}", "audit-medeondertekend")

    @post(
        "/auditor/organisatie-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/sluiting", guards=[auditor]
    )
    async def bevinding_sluiten(
        self, request: Request, audit_id: FromPath[str], bevinding_id: FromPath[str]
    ) -> Template | Redirect:
        actor = request.scope["user"]
        try:
            view = await organisatie_audits.sluiten(actor, audit_id, bevinding_id)
        except (Forbidden, Conflict) as exc:
            view = await organisatie_audits.get(actor, audit_id)
            return page(
                request,
                "auditor/audit.html",
                status_code=exc.status,
                audit=view,
                melding=None,
                alert=exc.detail,
            )
        return terug(f"/auditor/organisatie-audits/{view['id']}", "bevinding-gesloten")

    @get("/auditor/bevindingen/verlopen", guards=[roles("auditor", "beheerder")])
    async def verlopen(self, request: Request) -> Template:
        items = await organisatie_audits.verlopen_bevindingen(request.scope["user"])
        return page(request, "auditor/verlopen.html", items=items)

    # --- the coach's own toetsingen ------------------------------------------------------------------

    @get("/mijn-toetsingen", guards=[roles("jobcoach")])
    async def mijn_toetsingen(self, request: Request) -> Template:
        actor = request.scope["user"]
        items = []
        for coach in sorted(actor.own_jobcoach_ids):
            items.extend(await toetsingen.for_coach(actor, coach))
        items.sort(key=lambda t: t["datum"], reverse=True)
        return page(request, "auditor/mijn_toetsingen.html", items=items, vormen=TOETSING_VORMEN.labels())

    # --- the organisation's own audits ---------------------------------------------------------------

    async def _mijn_audits(
        self, request: Request, *, status_code: int = 200, fout: dict[str, Any] | None = None
    ) -> Template:
        items, _totaal = await organisatie_audits.list_audits(
            request.scope["user"], offset=0, limit=MAX_PAGE_SIZE
        )
        return page(
            request,
            "auditor/mijn_audits.html",
            status_code=status_code,
            items=items,
            fout=fout,
        )

    @get("/mijn-audits", guards=[roles("organisatie")])
    async def mijn_audits(self, request: Request) -> Template:
        return await self._mijn_audits(request)

    @post(
        "/mijn-audits/{audit_id:str}/bevindingen/{bevinding_id:str}/afronding", guards=[roles("organisatie")]
    )
    async def afronden(
        self, request: Request, audit_id: FromPath[str], bevinding_id: FromPath[str]
    ) -> Template | Redirect:
        data = await form_data(request)
        toelichting = str(data.get("toelichting", ""))
        try:
            await organisatie_audits.afronden(request.scope["user"], audit_id, bevinding_id, toelichting)
        except (InvalidInput, Conflict) as exc:
            fout = {"bevinding": bevinding_id, "toelichting": toelichting, "melding": exc.detail}
            if isinstance(exc, InvalidInput):
                fout["melding"] = exc.errors[0].reason[0].upper() + exc.errors[0].reason[1:] + "."
            return await self._mijn_audits(request, status_code=exc.status, fout=fout)
        return terug("/mijn-audits", "maatregel-afgerond")

    # --- the audit log (beheerder) -------------------------------------------------------------------

    @get("/beheer/auditlog", guards=[roles("beheerder")])
    async def auditlog(self, request: Request) -> Template:
        actor = request.scope["user"]
        objecttype = request.query_params.get("objecttype", "").strip()
        object_id = request.query_params.get("objectId", "").strip()
        nummer = pagina_nummer(request)
        items, totaal = await auditlog.entries(
            objecttype=objecttype or None,
            object_id=object_id or None,
            offset=(nummer - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        for coach in sorted(await auditlog.coaches_in(items)):
            await inzage.record_read(actor, coach, "beheer van het register: auditlog")
        return page(
            request,
            "auditor/auditlog.html",
            items=items,
            totaal=totaal,
            objecttype=objecttype,
            object_id=object_id,
            links=paginering(request, totaal, PAGE_SIZE),
        )

    @get("/beheer/auditlog/verificatie", guards=[roles("beheerder")])
    async def auditlog_verificatie(self, request: Request) -> Template:
        return page(request, "auditor/auditlog_verificatie.html", resultaat=await auditlog.verify())
