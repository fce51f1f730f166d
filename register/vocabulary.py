"""The register's vocabulary: every domain code with its Dutch label, and the shared thresholds.

One home for the codes of DOMAIN.md (STYLE.md, "One home for each area's vocabulary"): tables take their
defaults from here, msgspec schemas their enumerations (`Literal[ROLLEN.codes]`), rules and services their
codes, thresholds and the names in their Dutch messages, pages and templates their labels. A label or a
threshold therefore exists once; a new code is added to its list here and nowhere else.

Pure data (no I/O). Each list names its source: DOMAIN.md (the specification), API.md, or a seed document
in `shared/seeds/`. Labels are sentence case ("Privacy (AVG)"); `zin()` gives the form used inside a
sentence ("privacy (AVG)"). An unknown code (an old stored value) shows as itself rather than failing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# --- the shape of a code list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One code: `label` is its Dutch name on screen; `meervoud` the plural where a page counts them,
    `kort` a short form for narrow places (chart axes), `uitleg` a sentence of explanation for forms, and
    `toon` the colour of its badge (`ok`, `waarschuwing`, `fout`, `neutraal`), `lidwoord` the noun's
    article (`de` or `het`) where a sentence points at the thing ("deze scholing", "dit keurmerk")."""

    code: str
    label: str
    meervoud: str | None = None
    kort: str | None = None
    uitleg: str | None = None
    toon: str = "neutraal"
    lidwoord: str | None = None


@dataclass(frozen=True)
class Codelijst:
    """An ordered list of codes of one kind (display order = the order in DOMAIN.md).

    `codes` is the tuple for enumerations (`Literal[ROLLEN.codes]`, `x in ROLLEN`), `label(code)` the Dutch
    label, `opties()` the (code, label) pairs of a select or a group of radio buttons."""

    naam: str
    items: tuple[Code, ...]
    bron: str = ""
    _index: dict[str, Code] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index = {c.code: c for c in self.items}
        if len(index) != len(self.items):
            raise ValueError(f"codelijst {self.naam} bevat een code dubbel")
        object.__setattr__(self, "_index", index)
        if any(c.lidwoord not in (None, "de", "het") for c in self.items):
            raise ValueError(f"codelijst {self.naam}: een lidwoord is 'de' of 'het'")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.items)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, code: Any) -> Code | None:
        return self._index.get(str(code)) if code is not None else None

    def label(self, code: Any) -> str:
        """The Dutch label; "—" for no value; an unknown code as itself."""
        if code is None or code == "":
            return "—"
        item = self.get(code)
        return item.label if item else str(code)

    def zin(self, code: Any) -> str:
        """The label inside a sentence: lower case first letter, unless it starts with an acronym."""
        text = self.label(code)
        if len(text) > 1 and text[0].isupper() and text[1].islower() and self.get(code) is not None:
            return text[0].lower() + text[1:]
        return text

    def dit(self, code: Any, *, hoofdletter: bool = False) -> str:
        """The label inside a sentence after the demonstrative of its article: "deze scholing", "dit
        keurmerk" ("Deze"/"Dit" with `hoofdletter`). A code without an article (or unknown) gets "deze",
        the demonstrative of most Dutch nouns; the lists that messages point into set `lidwoord`."""
        item = self.get(code)
        woord = "dit" if item is not None and item.lidwoord == "het" else "deze"
        if hoofdletter:
            woord = woord.capitalize()
        return f"{woord} {self.zin(code)}"

    def meervoud(self, code: Any) -> str:
        item = self.get(code)
        return (item.meervoud or item.label) if item else str(code)

    def kort(self, code: Any) -> str:
        item = self.get(code)
        return (item.kort or item.label) if item else str(code)

    def uitleg(self, code: Any) -> str:
        item = self.get(code)
        return (item.uitleg or "") if item else ""

    def toon(self, code: Any) -> str:
        item = self.get(code)
        return item.toon if item else "neutraal"

    def opties(self, codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(code, label) pairs, in list order; `codes` limits them to a subset."""
        wanted = None if codes is None else set(codes)
        return [(c.code, c.label) for c in self.items if wanted is None or c.code in wanted]

    def labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.items}

    def deel(self, naam: str, codes: Iterable[str], bron: str = "") -> Codelijst:
        """A sub-list with the same labels (e.g. the personal keurmerk schemes out of all schemes)."""
        wanted = tuple(codes)
        return Codelijst(naam, tuple(self._index[c] for c in wanted), bron or self.bron)


def _lijst(naam: str, bron: str, *items: Code) -> Codelijst:
    return Codelijst(naam, items, bron)


C = Code

# --- people and roles -----------------------------------------------------------------------------------

ROLLEN = _lijst(
    "rol",
    "DOMAIN.md, Roles",
    C("jobcoach", "Jobcoach", "Jobcoaches"),
    C("organisatie", "Organisatie", "Organisaties"),
    C("auditor", "Auditor", "Auditors"),
    C("gemeente", "Gemeente", "Gemeenten"),
    C("beheerder", "Beheerder", "Beheerders"),
)

JOBCOACH_STATUSSEN = _lijst(
    "jobcoach-status",
    "DOMAIN.md, The jobcoach",
    C("aangemeld", "Aangemeld", toon="neutraal", uitleg="nog niet toegelaten"),
    C("actief", "Actief", toon="ok"),
    C("geschorst", "Geschorst", toon="fout"),
    C("uitgeschreven", "Uitgeschreven", toon="fout"),
)
JOBCOACH_BEGINSTATUS = "aangemeld"

ORGANISATIE_STATUSSEN = _lijst(
    "organisatie-status",
    "DOMAIN.md, The jobcoach organisation",
    C("actief", "Actief", toon="ok"),
    C("geschorst", "Geschorst", toon="fout"),
)
ORGANISATIE_BEGINSTATUS = "actief"

# Coaches and organisations the public register shows (geschorst shown as such, as real registers do).
PUBLIEKE_STATUSSEN = ("actief", "geschorst")

# --- claims and their verification ------------------------------------------------------------------

INGEDIEND = "ingediend"
GEVERIFIEERD = "geverifieerd"
AFGEWEZEN = "afgewezen"

VERIFICATIE_STATUSSEN = _lijst(
    "verificatie",
    "DOMAIN.md, The jobcoach (HBO level: ingediend -> geverifieerd | afgewezen)",
    C(INGEDIEND, "Ingediend, wacht op verificatie", toon="waarschuwing"),
    C(GEVERIFIEERD, "Geverifieerd", toon="ok"),
    C(AFGEWEZEN, "Afgewezen", toon="fout"),
)
# The reason on the judgement's history row when the coach corrects a rejected claim and submits it again.
HERINDIEND_TOELICHTING = "Gecorrigeerd en opnieuw ingediend door de jobcoach"
# An auditor's judgement of a claim (the work queue's two buttons).
BEOORDELINGSBESLUITEN = VERIFICATIE_STATUSSEN.deel("beoordelingsbesluit", (GEVERIFIEERD, AFGEWEZEN))

CLAIM_SOORTEN = _lijst(
    "claim",
    "DOMAIN.md, Audits (auditors verify claims: opleiding, keurmerken, scholing certificates)",
    C("opleiding", "Opleiding", "Opleidingen", lidwoord="de"),
    C("keurmerk", "Keurmerk", "Keurmerken", lidwoord="het"),
    C("scholing", "Scholing", "Scholingen", lidwoord="de"),
)

OPLEIDING_SOORTEN = _lijst(
    "opleiding",
    "DOMAIN.md, The jobcoach (seed letter: 'HBO werk- en denkniveau of HBO-opleiding')",
    C("hbo-diploma", "HBO-diploma"),
    C(
        "hbo-werk-en-denkniveau",
        "HBO werk- en denkniveau",
        uitleg="Aangetoond met een EVC of een assessment; Noloc aanvaardt er een van hoogstens 2 jaar oud.",
    ),
)

SCHOLING_CATEGORIEEN = _lijst(
    "categorie",
    "DOMAIN.md, The jobcoach (knowledge areas of the seed letter)",
    C("doelgroepen", "Doelgroepen met een arbeidsbeperking"),
    C("arbeidsmarkt", "Arbeidsmarkt"),
    C("wet-en-regelgeving", "Wet- en regelgeving"),
    C("methodieken", "Methodieken (supported employment, begeleid werken, IPS)"),
    C("gespreksvaardigheden", "Gespreksvaardigheden"),
    C("overig", "Overig"),
)

COMPETENTIES = _lijst(
    "competentie",
    "DOMAIN.md, The jobcoach: the nine competences of brief-kwaliteitseisen-jobcoaching.txt",
    C(
        "inlevingsvermogen",
        "Inlevingsvermogen",
        uitleg="Meedenken vanuit de situatie en opvattingen van anderen en hen helpen zelf oplossingen te "
        "bedenken.",
    ),
    C(
        "analytisch-vermogen",
        "Analytisch vermogen",
        uitleg="Methodisch een intake en assessment uitvoeren, een werkplekprofiel uitwerken en via matching "
        "een passende werkplek realiseren.",
    ),
    C(
        "effectief-communiceren",
        "Effectief communiceren",
        uitleg="Sterktegericht communiceren op elk niveau, met oog voor het systeem rond de werknemer.",
    ),
    C(
        "reflecteren",
        "Reflecteren",
        uitleg="Theorie vertalen naar het eigen handelen; op basis van zelfevaluatie en feedback passende "
        "leerdoelen formuleren.",
    ),
    C(
        "adviseren-instrueren",
        "Adviseren en instrueren",
        uitleg="De betekenis van de beperking duiden, relevante wet- en regelgeving en "
        "re-integratie-instrumenten benoemen en (werktechnisch) adviseren.",
    ),
    C(
        "coachen",
        "Coachen",
        uitleg="Samen met de werknemer een coachingsplan met SMART-doelen opstellen, evalueren en bijstellen.",
    ),
    C(
        "zelfreflectie",
        "Zelfreflectie",
        uitleg="Kritisch naar zichzelf kijken; zich bewust zijn van eigen sterke en zwakke competenties.",
    ),
    C(
        "professionele-ontwikkeling",
        "Professionele ontwikkeling",
        uitleg="Actief en continu investeren in persoonlijke en professionele ontwikkeling en "
        "arbeidsmarktkennis.",
    ),
    C(
        "netwerkcontacten",
        "Netwerkcontacten",
        uitleg="Netwerkcontacten met beroepsgenoten en andere relevante contacten aangaan en onderhouden.",
    ),
)
COMPETENTIE_SCORES = _lijst(
    "competentie-score",
    "DOMAIN.md, The jobcoach (each competence gets a score 1 to 5)",
    C("1", "1 – zwak"),
    C("2", "2 – matig"),
    C("3", "3 – voldoende"),
    C("4", "4 – goed"),
    C("5", "5 – sterk"),
)

DIENSTVERBAND_SOORTEN = _lijst(
    "dienstverband",
    "DOMAIN.md, The jobcoach (Dienstverband: in-dienst, zzp, inhuur)",
    C("in-dienst", "In dienst"),
    C("zzp", "Zzp (zelfstandige)"),
    C("inhuur", "Inhuur"),
)

# Consent on a dienstverband (DOMAIN.md, Consent, access and history): proposed by one side, confirmed or
# refused by the other (or by a beheerder with a reason); only `bevestigd` counts for a verdict, the public
# profile and access. Existing links migrated as `bevestigd`.
VOORGESTELD = "voorgesteld"
BEVESTIGD = "bevestigd"
GEWEIGERD = "geweigerd"
DIENSTVERBAND_STATUSSEN = _lijst(
    "dienstverband-status",
    "DOMAIN.md, Consent, access and history (a link exists only when both sides agree)",
    C(VOORGESTELD, "Voorgesteld", toon="neutraal", uitleg="wacht op bevestiging door de andere kant"),
    C(BEVESTIGD, "Bevestigd", toon="ok"),
    C(GEWEIGERD, "Geweigerd", toon="fout"),
)
# Who proposed a dienstverband: the side whose consent it already carries.
DIENSTVERBAND_KANTEN = _lijst(
    "dienstverband-kant",
    "DOMAIN.md, Consent, access and history (the organisation proposes and the coach confirms, or the other way round)",
    C("organisatie", "De organisatie"),
    C("jobcoach", "De jobcoach"),
    C("beheerder", "De beheerder"),
)

# --- keurmerken ------------------------------------------------------------------------------------------

KEURMERK_SCHEMAS = _lijst(
    "schema",
    "DOMAIN.md, The jobcoach (persoonsregister) and The jobcoach organisation (organisation keurmerken)",
    C(
        "noloc",
        "Noloc Register Jobcoach",
        kort="Noloc",
        uitleg="Certificaat van 4 jaar, herregistratie met een portfolio.",
    ),
    C(
        "nvs",
        "NVS / Nationaal Jobcoach Register",
        kort="NVS",
        uitleg="Herregistratie binnen 5 jaar, 100 PE-punten per 5 jaar.",
    ),
    C("blik-op-werk", "Blik op Werk Keurmerk", kort="Blik op Werk", uitleg="Jaarlijkse meetcyclus."),
    C("oval", "OVAL-keurmerk", kort="OVAL"),
    C("uwv", "UWV-erkenning jobcoachorganisatie", kort="UWV", uitleg="Erkenning van 5 jaar."),
)
PERSOONS_SCHEMAS = KEURMERK_SCHEMAS.deel("persoonsregister", ("noloc", "nvs"))
ORGANISATIE_SCHEMAS = KEURMERK_SCHEMAS.deel("organisatie-keurmerk", ("blik-op-werk", "oval", "uwv"))

KEURMERK_STATUSSEN = _lijst(
    "keurmerk-status",
    "DOMAIN.md, The jobcoach (personal keurmerken; organisation keurmerken have the same statuses)",
    C("aangevraagd", "Aangevraagd"),
    C("actief", "Actief"),
    C("herregistratie-in-behandeling", "Herregistratie in behandeling"),
    C("geschorst", "Geschorst"),
    C("ingetrokken", "Ingetrokken"),
)
KEURMERK_BEGINSTATUS = "actief"
# The stored statuses under which a keurmerk counts (up to its end date, or the grace period after it).
GELDIGE_KEURMERK_STATUSSEN = ("actief", "herregistratie-in-behandeling")
# A holder's own report on its keurmerk (DOMAIN.md, "Consent, access and history"): keeps the last verified
# validity counting for the grace period until an auditor confirms or ends it.
HERREGISTRATIE = "herregistratie-in-behandeling"
# The scheme decisions an auditor or beheerder records (POST /api/v1/keurmerken/{id}/statuswijzigingen).
KEURMERK_LEVENSLOOP_STATUSSEN = ("actief", HERREGISTRATIE, "geschorst", "ingetrokken")

# How a keurmerk shows on a date (register/rules/keurmerken.py decides which one); `verlopen` is derived
# from the end date, never stored (DOMAIN.md).
KEURMERK_WEERGAVEN = _lijst(
    "keurmerk-weergave",
    "DOMAIN.md, The jobcoach (verlopen is derived); register/rules/keurmerken.py",
    C("geldig", "Geldig", toon="ok"),
    C("verloopt-binnenkort", "Verloopt binnenkort", toon="waarschuwing"),
    C("verlopen", "Verlopen", toon="fout"),
    C("herregistratie-in-behandeling", "Herregistratie in behandeling", toon="waarschuwing"),
    C("nog-niet-ingegaan", "Nog niet ingegaan", toon="neutraal"),
    C("aangevraagd", "Aangevraagd", toon="neutraal"),
    C("niet-geverifieerd", "Niet geverifieerd", toon="neutraal"),
    C("afgewezen", "Afgewezen bij verificatie", toon="fout"),
    C("geschorst", "Geschorst", toon="fout"),
    C("ingetrokken", "Ingetrokken", toon="fout"),
)

# --- the organisation ------------------------------------------------------------------------------------

KWALITEITSBORGING_GEBIEDEN = _lijst(
    "gebied",
    "DOMAIN.md, The jobcoach organisation: the five areas of the seed letter",
    C(
        "continuiteit",
        "Primaire processen en continuïteit",
        uitleg="Procesbeschrijving van de begeleiding en de vervanging als een jobcoach afwezig is.",
    ),
    C(
        "privacy",
        "Privacy (AVG)",
        uitleg="Hoe u AVG-proof werkt: privacyverklaring, verwerkingsregister en contactpersoon.",
    ),
    C(
        "klachtprocedure",
        "Klachtenreglement en klachtprocedure",
        uitleg="Uw klachtenreglement en klachtprocedure, met de termijnen voor ontvangstbevestiging en "
        "afhandeling.",
    ),
    C(
        "klanttevredenheid",
        "Klanttevredenheid",
        uitleg="Hoe en hoe vaak u de tevredenheid van werknemers en werkgevers meet.",
    ),
    C(
        "scholingsbeleid",
        "Scholing en opleiding van medewerkers",
        uitleg="Functieprofielen, inwerkprogramma, scholingsbeleid en intercollegiale toetsing.",
    ),
)

KLACHT_STATUSSEN = _lijst(
    "klacht-status",
    "DOMAIN.md, The jobcoach organisation (klachtenregister with status, dates and outcome)",
    C("ontvangen", "Ontvangen", toon="waarschuwing"),
    C("in-behandeling", "In behandeling", toon="waarschuwing"),
    C("afgehandeld", "Afgehandeld", toon="ok"),
)

# What a complaint is about. DOMAIN.md names no categories (issue #17, point 10 asks for one); these follow
# the areas of the organisation's own quality requirements (DOMAIN.md, The jobcoach organisation) and never
# describe the client.
KLACHT_CATEGORIEEN = _lijst(
    "klacht-categorie",
    "issue #17 point 10; areas of DOMAIN.md, The jobcoach organisation",
    C("bejegening", "Bejegening en communicatie"),
    C("deskundigheid", "Deskundigheid van de begeleiding"),
    C("afspraken", "Afspraken, bereikbaarheid en continuïteit"),
    C("privacy", "Privacy en gegevens"),
    C("uren-en-rapportage", "Uren en rapportages"),
    C("overig", "Overig"),
)
KLACHT_STANDAARD_CATEGORIE = "overig"  # complaints recorded before categories existed

KLACHT_UITKOMSTEN = _lijst(
    "klacht-uitkomst",
    "issue #17 point 10 (the outcome of a handled complaint)",
    C("gegrond", "Gegrond", toon="fout"),
    C("deels-gegrond", "Deels gegrond", toon="waarschuwing"),
    C("ongegrond", "Ongegrond", toon="ok"),
)

# --- audits --------------------------------------------------------------------------------------------

TOETSING_VORMEN = _lijst(
    "toetsing-vorm",
    "DOMAIN.md, Audits (Intercollegiale toetsing)",
    C("intercollegiale-toetsing", "Intercollegiale toetsing", "Intercollegiale toetsingen"),
    C("intervisie", "Intervisie"),
    C("casuistiekbespreking", "Casuïstiekbespreking", "Casuïstiekbesprekingen"),
)
TOETSING_BEGINSTATUS = "concept"
TOETSING_STATUSSEN = _lijst(
    "toetsing-status",
    "DOMAIN.md, Audits (the auditor locks (vaststellen) the session)",
    C("concept", "Concept", toon="waarschuwing"),
    C("vastgesteld", "Vastgesteld", toon="ok"),
)
BEOORDELINGEN = _lijst(
    "beoordeling",
    "DOMAIN.md, Audits (an assessment per participant)",
    C("voldoende", "Voldoende", toon="ok"),
    C("onvoldoende", "Onvoldoende", toon="fout"),
    C("niet-beoordeeld", "Niet beoordeeld", toon="neutraal"),
)
BEVINDING_OORDELEN = _lijst(
    "bevinding-oordeel",
    "DOMAIN.md, Audits (Organisation audit: a finding per kwaliteitsborging area)",
    C("conform", "Conform", kort="Conform", toon="ok"),
    C("minor", "Minor (kleine afwijking)", kort="Minor", toon="waarschuwing"),
    C("major", "Major (ernstige afwijking)", kort="Major", toon="fout"),
)
BEVINDING_STATUSSEN = _lijst(
    "bevinding-status",
    "audits/regels.py bevinding_status: conform needs no action; open -> uitgevoerd -> gesloten",
    C("conform", "Geen maatregel nodig", toon="ok"),
    C("open", "Open", toon="waarschuwing"),
    C("uitgevoerd", "Uitgevoerd gemeld, nog te sluiten", toon="waarschuwing"),
    C("gesloten", "Gesloten", toon="ok"),
)
AUDIT_UITKOMSTEN = _lijst(
    "audit-uitkomst",
    "DOMAIN.md, Audits (outcome positief, voorwaardelijk, negatief)",
    C("positief", "Positief", toon="ok"),
    C("voorwaardelijk", "Voorwaardelijk", toon="waarschuwing"),
    C("negatief", "Negatief", toon="fout"),
)
# An organisation audit is held under one of the organisation keurmerk schemes.
AUDIT_SCHEMAS = ORGANISATIE_SCHEMAS

# --- trajecten -----------------------------------------------------------------------------------------

REGIMES = _lijst(
    "regime",
    "DOMAIN.md, Trajecten (voorne-putten-basisprocedure-jobcoach.txt, G4 agreements)",
    C("licht", "Licht"),
    C("midden", "Midden"),
)
TRAJECT_STATUSSEN = _lijst(
    "traject-status",
    "DOMAIN.md, Trajecten",
    C("aangevraagd", "Aangevraagd", toon="neutraal"),
    C("goedgekeurd", "Goedgekeurd", toon="ok"),
    C("afgewezen", "Afgewezen", toon="fout"),
    C("lopend", "Lopend", toon="ok"),
    C("beeindigd", "Beëindigd", toon="neutraal"),
)
TRAJECT_BEGINSTATUS = "aangevraagd"
FINANCIERINGSBESLUITEN = _lijst(
    "besluit",
    "DOMAIN.md, Trajecten (the funding decision) and API.md (POST /trajecten/{id}/besluit)",
    C("goedgekeurd", "Goedgekeurd: financiering toegekend", kort="Goedkeuren", toon="ok"),
    C("afgewezen", "Afgewezen", kort="Afwijzen", toon="fout"),
)
KERNACTIVITEITEN = _lijst(
    "kernactiviteit",
    "DOMAIN.md, Trajecten: the four core activities of leidraad-jobcoach-werkterrein.txt",
    C("introductie-op-de-werkplek", "Introductie op de werkplek"),
    C("training-on-the-job", "Training op de werkplek (training on the job)"),
    C("ondersteuning-buiten-de-werkplek", "Ondersteuning buiten de werkplek"),
    C("blijvende-ondersteuning", "Blijvende ondersteuning"),
)
RAPPORTAGE_SOORTEN = _lijst(
    "rapportage",
    "DOMAIN.md, Trajecten: the schedule of voorne-putten-basisprocedure-jobcoach.txt",
    C("begeleidingsplan", "Begeleidingsplan"),
    C("voortgangsrapportage", "Voortgangsrapportage"),
    C("evaluatieverslag", "Evaluatieverslag"),
    C("bijstelling-begeleidingsplan", "Bijgesteld begeleidingsplan (halfjaarlijkse evaluatie)"),
    C("eindverslag", "Eindverslag"),
)
RAPPORTAGE_STATUSSEN = _lijst(
    "rapportage-status",
    "register/rules/rapportages.py status (overdue reports show, DOMAIN.md)",
    C("ingediend", "Ingediend", toon="ok"),
    C("te-laat-ingediend", "Te laat ingediend", toon="waarschuwing"),
    C("te-laat", "Te laat", toon="fout"),
    C("open", "Nog in te dienen", toon="neutraal"),
)

# --- the aanvraag (Matchingsformulier) ------------------------------------------------------------------

AANVRAAG_STATUSSEN = _lijst(
    "aanvraag-status",
    "issue 14 and DOMAIN.md, The aanvraag: the lifecycle",
    C("concept", "Concept", toon="neutraal"),
    C("ingediend", "Ingediend", toon="neutraal"),
    C("in-behandeling", "In behandeling", toon="neutraal"),
    C("aanvulling-gevraagd", "Aanvulling gevraagd", toon="waarschuwing"),
    C("toegekend", "Toegekend", toon="ok"),
    C("afgewezen", "Afgewezen", toon="fout"),
    C("ingetrokken", "Ingetrokken", toon="neutraal"),
)
AANVRAAG_BEGINSTATUS = "concept"
AANVRAAG_BESLUITEN = _lijst(
    "aanvraag-besluit",
    "API.md, POST /api/v1/aanvragen/{id}/besluit",
    C("toegekend", "Toegekend: het traject wordt gefinancierd", kort="Toekennen", toon="ok"),
    C("afgewezen", "Afgewezen", kort="Afwijzen", toon="fout"),
    C("aanvulling-gevraagd", "Aanvulling gevraagd", kort="Aanvulling vragen", toon="waarschuwing"),
)
WERKNEMER_POSITIES = _lijst(
    "positie",
    "leidraad-jobcoach-werkterrein.txt: the four situations of the worker (API.md, positie)",
    C("met-uitkering", "Met uitkering"),
    C("zonder-uitkering", "Zonder uitkering"),
    C("dienstbetrekking", "Met dienstbetrekking"),
    C("proefplaatsing", "Proefplaatsing"),
)
DOEL_BETREFT = _lijst(
    "betreft",
    "leidraad-jobcoach-aanvraag.txt and the seed letter (coach-the-coach): whom a coachingsdoel concerns",
    C("werknemer", "Werknemer"),
    C("werkgever", "Werkgever of werkbegeleider (coach-the-coach)"),
)
DOEL_VOORTGANG = _lijst(
    "voortgang",
    "issue 14: progress per coachingsdoel in every evaluatieverslag",
    C("behaald", "Behaald", toon="ok"),
    C("op-schema", "Op schema", toon="ok"),
    C("achter", "Loopt achter", toon="waarschuwing"),
    C("bijgesteld", "Bijgesteld", toon="neutraal"),
    C("niet-behaald", "Niet behaald", toon="fout", uitleg="alleen in het eindverslag"),
    C("toegevoegd", "Toegevoegd bij de bijstelling", toon="neutraal"),
    C("gesloten", "Afgesloten bij de bijstelling", toon="neutraal"),
)
DOEL_STATUSSEN = _lijst(
    "doelstatus",
    "issue 14: a coachingsdoel is open until it is reached, not reached at the end, or closed",
    C("open", "Open", toon="neutraal"),
    C("behaald", "Behaald", toon="ok"),
    C("niet-behaald", "Niet behaald", toon="fout"),
    C("gesloten", "Afgesloten", toon="neutraal"),
)
# Awb 4:13: a decision within a reasonable term, at most eight weeks after receipt of the application;
# Awb 4:14: extendable once, with a reason, by a reasonable term (here: at most eight weeks more).
BESLISTERMIJN_WEKEN = 8
VERDAGING_MAX_WEKEN = 8
# A coachingsdoel's omschrijving shorter than this is too vague to follow (issue 14: SMART).
DOEL_OMSCHRIJVING_MIN = 15

# --- verification ------------------------------------------------------------------------------------------

CRITERIA = _lijst(
    "criterium",
    "DOMAIN.md, Verification: the national default toetsingskader from the seed letter",
    C("jobcoach-actief", "Jobcoach actief in het register"),
    C("hbo-niveau", "HBO-niveau"),
    C("persoonsregister", "Registratie in een persoonsregister (Noloc of NVS)"),
    C("dienstverband", "Werkzaam bij de organisatie van het traject"),
    C("organisatie-keurmerk", "Keurmerk van de organisatie"),
    C("scholing", "Bijgehouden scholing"),
    C("intercollegiale-toetsing", "Intercollegiale toetsing"),
    C("zelfevaluatie", "Zelfevaluatie van de negen competenties"),
    C("klachtprocedure", "Klachtenreglement en klachtprocedure"),
    C("kwaliteitsborging", "Kwaliteitsborging van de organisatie"),
)
# The criteria that concern the coach alone; the others need a traject and its organisation.
PERSOONSGEBONDEN_CRITERIA = (
    "jobcoach-actief",
    "hbo-niveau",
    "persoonsregister",
    "scholing",
    "intercollegiale-toetsing",
    "zelfevaluatie",
)
# Where a coach stands on one criterion of the kader (register/rules/stand.py), on the coach's overview.
KADER_STANDEN = _lijst(
    "kader-stand",
    "issue #17 point 5: the coach's own overview, line by line; register/rules/stand.py",
    C("voldaan", "Voldaan", toon="ok"),
    C("in-behandeling", "Wacht op een auditor", toon="waarschuwing"),
    C("niet-voldaan", "Niet voldaan", toon="fout"),
)
# What the coach does next about a line that is not met: (Dutch sentence, where it is done: a section of
# the coach's own pages below /jobcoach/{id} such as "scholing", an absolute path such as "/mijn-toetsingen",
# or '' when no page helps). `{uren}` and `{maanden}` are filled in for scholing.
VOLGENDE_STAPPEN: dict[str, tuple[str, str]] = {
    "in-behandeling": (
        "U heeft het nodige opgegeven; een auditor beoordeelt het nog. U hoeft nu niets te doen.",
        "",
    ),
    "jobcoach-actief": (
        "Uw registratie is niet actief. Neem contact op met de beheerder van het register.",
        "",
    ),
    "hbo-niveau": (
        "Geef uw HBO-diploma op, of het bewijs van uw HBO werk- en denkniveau (EVC of assessment), met een "
        "bewijsstuk.",
        "opleidingen",
    ),
    "persoonsregister": (
        "Geef uw registratie bij Noloc of NVS op met een bewijsstuk, of meld dat uw herregistratie is "
        "aangevraagd.",
        "keurmerken",
    ),
    "scholing": (
        "Volg nog {uren} uur scholing en geef die op met het certificaat; alleen scholing uit de laatste "
        "{maanden} maanden telt.",
        "scholing",
    ),
    "intercollegiale-toetsing": (
        "Neem deel aan een intercollegiale toetsing; de auditor legt de beoordeling vast. Vraag uw "
        "organisatie of een auditor naar de volgende bijeenkomst.",
        "/mijn-toetsingen",
    ),
    "zelfevaluatie": (
        "Vul een nieuwe zelfevaluatie in met een score voor alle negen competenties.",
        "zelfevaluatie",
    ),
}
KWALIFICATIE_UITKOMSTEN = _lijst(
    "kwalificatie",
    "DOMAIN.md, Verification (gekwalificeerd: true/false) and the gemeente dashboard",
    C("gekwalificeerd", "Voldoet", kort="Gekwalificeerd", toon="ok"),
    C("niet-gekwalificeerd", "Voldoet niet", kort="Niet gekwalificeerd", toon="fout"),
    C("nog-niet-geverifieerd", "Nog niet geverifieerd", kort="Nog niet geverifieerd", toon="neutraal"),
)
BUDGET_KLASSEN = _lijst(
    "budgetklasse",
    "the gemeente dashboard: hours spent as a share of the traject's maximum",
    C("tot-50", "Minder dan 50%"),
    C("50-90", "50% tot 90%"),
    C("90-100", "90% tot en met 100%"),
    C("boven-100", "Meer dan 100%"),
)

# --- signals -------------------------------------------------------------------------------------------

SIGNAAL_SOORTEN = _lijst(
    "signaal",
    "DOMAIN.md, Signals",
    C("jobcoach-voldoet-niet", "Jobcoach voldoet niet meer"),
    C("rapportage-te-laat", "Rapportage te laat"),
    C("urenbudget-bijna-op", "Urenbudget bijna op"),
    C("traject-bijna-einde", "Traject loopt bijna af"),
    C("keurmerk-verloopt", "Keurmerk verloopt"),
    C("scholing-achter", "Scholing loopt achter"),
    C("zelfevaluatie-oud", "Zelfevaluatie bijna een jaar oud"),
    C("klacht-termijn-verstreken", "Termijn van een klacht verstreken"),
    C("bevinding-termijn-verstreken", "Deadline van een auditbevinding verstreken"),
    C("beslistermijn-verstreken", "Beslistermijn van een aanvraag verstreken"),
)

# --- the outbox (issue 15): messages and their delivery ------------------------------------------------

BERICHT_KANALEN = _lijst(
    "bericht-kanaal",
    "issue 15, An outbox and a worker",
    C("email", "E-mail"),
    C("webhook", "Webhook"),
)

BERICHT_STATUSSEN = _lijst(
    "bericht-status",
    "issue 15, An outbox and a worker",
    C("wachtend", "Wachtend", toon="neutraal", uitleg="wordt (opnieuw) afgeleverd"),
    C("verzonden", "Verzonden", toon="ok"),
    C("geparkeerd", "Geparkeerd", toon="fout", uitleg="bleef mislukken; de beheerder kijkt ernaar"),
)
BERICHT_BEGINSTATUS = "wachtend"

# Delivery is retried with exponential backoff: the n-th failed attempt waits BASIS * 2**(n-1) seconds
# (30 s, 1 min, 2 min, ... at most MAX); after MAX_POGINGEN attempts the message is parked for the
# beheerder (issue 15: "a message that keeps failing is parked"). A claimed message is leased for
# LEASE_SECONDEN: a worker killed mid-delivery leaves it due again after that (at least once).
BERICHT_BACKOFF_BASIS_SECONDEN = 30
BERICHT_BACKOFF_MAX_SECONDEN = 6 * 3600
BERICHT_MAX_POGINGEN = 8
BERICHT_LEASE_SECONDEN = 300

# Single-use links sent by e-mail and how long each stays valid (issue 15: invitation 72 hours, "wachtwoord
# vergeten" 1 hour; the confirmation of an application's e-mail address like an invitation).
LINKTOKEN_SOORTEN = _lijst(
    "linktoken",
    "issue 15, E-mail",
    C("uitnodiging", "Uitnodiging"),
    C("wachtwoord-herstel", "Wachtwoord herstellen"),
    C("aanmelding", "Aanmelding bevestigen"),
)
LINKTOKEN_GELDIG_UREN = {"uitnodiging": 72, "wachtwoord-herstel": 1, "aanmelding": 72}

# Evidence documents (issue 15): the types accepted, read from the content's magic bytes (never the
# name), and the largest upload in bytes (10 MB; one byte more is a 413).
DOCUMENT_MEDIATYPES = _lijst(
    "document-mediatype",
    "issue 15, Documents",
    C("application/pdf", "PDF"),
    C("image/png", "PNG-afbeelding"),
    C("image/jpeg", "JPEG-afbeelding"),
)
DOCUMENT_EXTENSIES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# What one owner (a coach or an organisation) may keep, so that one account (or one from /aanmelden) cannot
# fill the store: documents not attached to any claim yet, and all its documents together (bytes).
DOCUMENT_MAX_LOS = 20
DOCUMENT_MAX_TOTAAL_BYTES = 500 * 1024 * 1024
# The worker's daily sweep (register.services.documenten.opruimen): an uploaded document that no claim holds
# is deleted this many hours after its upload (the privacy statement says so); a file in the store that no
# document row refers to is deleted once it is this many hours old (an upload writes its file just before
# its row commits, so a younger file may still be on its way in).
DOCUMENT_ONGEKOPPELD_UREN = 24
OPSLAG_WEES_UREN = 1
# The claims a document can be attached to (`bewijsstuk.soort`).
BEWIJSSTUK_SOORTEN = _lijst(
    "bewijsstuk-soort",
    "issue 15, Documents",
    C("opleiding", "Opleiding"),
    C("scholing", "Scholing"),
    C("keurmerk", "Keurmerk"),
    C("kwaliteitsborging", "Kwaliteitsborging"),
)

# The e-mails the register sends; each has a text and an HTML template under templates/mail/.
EMAIL_SOORTEN = _lijst(
    "email-soort",
    "issue 15, E-mail",
    C("uitnodiging", "Uitnodiging"),
    C("wachtwoord-herstel", "Wachtwoord vergeten"),
    C("aanmelding", "Aanmelding als jobcoach bevestigen"),
    C("herinnering", "Herinnering aan de houder"),
    C("traject-melding", "Melding aan de gemeente over een lopend traject"),
    C("signalen-overzicht", "Dagelijks overzicht van nieuwe signalen voor de gemeente"),
)

# The signals that also reach their holder (the coach) by e-mail, once per signal key: a keurmerk ends in 6,
# 3 or 1 months (one key per threshold), scholing behind the pace, the zelfevaluatie nearly a year old
# (issue 15, reminders; DOMAIN.md, Signals).
HERINNERING_SIGNALEN = ("keurmerk-verloopt", "scholing-achter", "zelfevaluatie-oud")

# Webhook event types (issue 15: CloudEvents per the NL GOV profile, `type` in reverse-DNS form). A
# subscription without `typen` receives every type. `uitleg` says when the register sends it.
WEBHOOK_TYPEN = _lijst(
    "webhook-type",
    "issue 15, Webhooks for case systems",
    C(
        "nl.jobcoachregister.traject.kwalificatie-gewijzigd",
        "Kwalificatie van een lopend traject gewijzigd",
        uitleg="de jobcoach van een lopend traject van de gemeente is geschorst of uitgeschreven: "
        "verifieer het traject opnieuw",
    ),
)
WEBHOOK_SPECVERSION = "1.0"

# The worker's daily jobs (signals, reminders, retention, a checkpoint) run once a day from this hour,
# Dutch time (REGISTER_WORKER_UUR overrides it).
DAGTAKEN_UUR = 3

# --- the shared thresholds -----------------------------------------------------------------------------

# A keurmerk "verloopt binnenkort" when its last valid day (geldig tot en met) is at most this many days
# away: on day 90 before the end it shows as ending soon, on day 91 as geldig. One boundary for every
# page, the public register and the API's `weergave` (register/rules/keurmerken.py).
BINNENKORT_DAGEN = 90

# "In the 12 months before D" (DOMAIN.md, Verification: scholing, intercollegiale-toetsing,
# zelfevaluatie, kwaliteitsborging's client-satisfaction measurement): the default window of every
# criterion of the national kader, and of the pages that show "the last 12 months".
VENSTER_MAANDEN = 12

# At least 20 verified scholing hours in the window (DOMAIN.md, Verification: criterion `scholing`).
SCHOLING_NORM_UREN = 20

# UWV expects an average client-satisfaction score of at least 6.5 on a scale of 1 to 10 (DOMAIN.md, The
# jobcoach organisation, kwaliteitsborging area 4). The national kader does not require a minimum
# (`minimaleScore` null); pages compare each measurement with this norm.
UWV_MINIMUM_SCORE = 6.5
TEVREDENHEID_SCHAAL = (1, 10)

# A recertification under assessment keeps counting this many days after the end date (DOMAIN.md,
# Consent: "the grace period (90 days)"; Noloc decides within 6 to 8 weeks, leaving room for the
# auditor's check). The kader's default `herregistratieDagen`.
HERREGISTRATIE_DAGEN = 90

# A dienstverband proposal whose `van` lies more than this many days before the day it is proposed needs a
# beheerder's confirmation (DOMAIN.md, Consent: "A proposal dated more than 30 days back needs a beheerder").
TERUGDATEREN_DAGEN = 30

# Conflict of interest covers this many months before and after a session date (DOMAIN.md, Consent,
# access and history); a session dated more than MEDEONDERTEKENING_DAGEN days before the day it is
# recorded needs a second auditor's co-signature (medeondertekening).
BELANG_MAANDEN = 12
MEDEONDERTEKENING_DAGEN = 30

# Reminders to the holder 6, 3 and 1 months before a keurmerk ends (DOMAIN.md, Signals and Documents).
KEURMERK_HERINNERING_MAANDEN = (1, 3, 6)

# A traject "nears its end" two months before its last day (DOMAIN.md, Signals; our choice of window).
TRAJECT_EINDE_DAGEN = 60

# "90% of an hours budget is used" (DOMAIN.md, Signals).
URENBUDGET_SIGNAAL_FRACTIE = 0.9

# Scholing "falls short of the pace" when the hours that still count three months from now are short.
SCHOLING_VOORUIT_MAANDEN = 3

# The self-assessment is "nearly a year old" after 11 months (DOMAIN.md, Signals).
ZELFEVALUATIE_BIJNA_OUD_MAANDEN = 11

# Hours a coach can plausibly make in one day across all trajecten (DOMAIN.md, Trajecten: courts upheld
# withdrawing a UWV recognition over 16-hour coaching days).
MAX_UREN_PER_DAG = 10.0


def keurmerk_naam(schema: str, nummer: str | None = None) -> str:
    """A keurmerk in a sentence: "Noloc Register Jobcoach (nummer 123)"."""
    naam = KEURMERK_SCHEMAS.label(schema)
    return f"{naam} (nummer {nummer})" if nummer else naam


def gemeente_naam(code: str | None, namen: dict[str, str]) -> str:
    """A gemeente as "Rotterdam (GM0599)" when its name is known, else its CBS code."""
    if not code:
        return "—"
    naam = namen.get(code)
    return f"{naam} ({code})" if naam else code


# The processing activities of the register (AVG art. 30), named in every access-log entry as
# `dpl.core.processing_activity_id` of Logius' Logboek Dataverwerkingen. Each role reads someone else's data
# for one purpose; the access log takes the activity from the reader's role.
VERWERKINGSACTIVITEITEN = _lijst(
    "verwerkingsactiviteit",
    "AVG art. 30; Logboek Dataverwerkingen (Logius), dpl.core.processing_activity_id",
    C(
        "beheer-register",
        "Beheer van het register",
        uitleg="Accounts, jobcoaches, organisaties en de auditlog beheren.",
    ),
    C(
        "beoordeling-kwaliteit",
        "Beoordeling van kwaliteit",
        uitleg="Opgegeven gegevens verifiëren, toetsingen en audits vastleggen.",
    ),
    C(
        "kwalificatie-traject",
        "Kwalificatie bij trajecten",
        uitleg="Een gemeente controleert of de jobcoach van een traject kwalificeert.",
    ),
    C(
        "werkgeverschap",
        "Werkgeverschap",
        uitleg="Een organisatie ziet de jobcoaches met wie zij een dienstverband heeft.",
    ),
    C("overig", "Overige verwerking"),
)
VERWERKINGSACTIVITEIT_PER_ROL = {
    "beheerder": "beheer-register",
    "auditor": "beoordeling-kwaliteit",
    "gemeente": "kwalificatie-traject",
    "organisatie": "werkgeverschap",
}


# --- the audit log, as people read it (issue #17, point 10) ---------------------------------------------
# The log stores the writer's own action and record codes (some English verbs from before this list);
# the beheerder's audit-log page shows them with these labels. An action missing here shows as itself,
# which the audit-log page test catches for every action the services write.
AUDIT_ACTIES = _lijst(
    "audit-actie",
    "register services (the `actie` of register.infra.auditlog.record)",
    C("create", "Aangemaakt"),
    C("update", "Gewijzigd"),
    C("delete", "Verwijderd"),
    C("verwijder", "Verwijderd"),
    C("status", "Status gewijzigd"),
    C("statuswijziging", "Status gewijzigd"),
    C("verify", "Geverifieerd"),
    C("reject", "Afgewezen"),
    C("herziening", "Beoordeling herzien"),
    C("decide", "Besluit vastgelegd"),
    C("submit", "Ingediend"),
    C("herindiening", "Opnieuw ingediend"),
    C("withdraw", "Ingetrokken"),
    C("extend", "Verlengd"),
    C("attach", "Document toegevoegd"),
    C("compute", "Berekend"),
    C("import", "Geïmporteerd"),
    C("rotate", "Geheim vernieuwd"),
    C("revoke", "Ingetrokken"),
    C("logout", "Uitgelogd"),
    C("bevestiging", "Bevestigd"),
    C("weigering", "Geweigerd"),
    C("vaststelling", "Vastgesteld"),
    C("medeondertekening", "Medeondertekend"),
    C("afronding", "Afgerond"),
    C("sluiting", "Gesloten"),
    C("opnieuw", "Opnieuw aangeboden"),
    C("anonimiseer", "Geanonimiseerd"),
    C("wis", "Persoonsgegevens in de log gewist"),
    C("opruimen", "Opgeruimd"),
    C("uitnodigen", "Uitgenodigd"),
    C("aanmelden", "Aangemeld"),
    C("aanmelding-bevestigd", "E-mailadres van de aanmelding bevestigd"),
    C("aanmelding-besluit", "Besluit over de aanmelding"),
    C("herstel-aangevraagd", "Wachtwoordherstel aangevraagd"),
    C("wachtwoord-ingesteld", "Wachtwoord ingesteld"),
    C("wachtwoord-gewijzigd", "Wachtwoord gewijzigd"),
    C("totp-inrichten", "Tweede factor ingericht"),
    C("tweede-factor-aan", "Tweede factor aangezet"),
)

AUDIT_OBJECTTYPEN = _lijst(
    "audit-objecttype",
    "register services (the `objecttype` of register.infra.auditlog.record)",
    C("jobcoach", "Jobcoach"),
    C("organisatie", "Organisatie"),
    C("account", "Account"),
    C("aanmelding", "Aanmelding"),
    C("applicatie", "Applicatie (API-koppeling)"),
    C("opleiding", "Opleiding"),
    C("scholing", "Scholing"),
    C("keurmerk", "Keurmerk"),
    C("zelfevaluatie", "Zelfevaluatie"),
    C("dienstverband", "Dienstverband"),
    C("kwaliteitsborging", "Kwaliteitsborging"),
    C("tevredenheidsmeting", "Tevredenheidsmeting"),
    C("klacht", "Klacht"),
    C("toetsing", "Intercollegiale toetsing"),
    C("organisatie-audit", "Organisatie-audit"),
    C("bevinding", "Bevinding"),
    C("gemeente", "Gemeente"),
    C("toetsingskader", "Toetsingskader"),
    C("traject", "Traject"),
    C("urenregistratie", "Urenregistratie"),
    C("overheveling", "Overheveling van uren"),
    C("rapportage", "Rapportage"),
    C("verificatie", "Verificatie"),
    C("verificatie-bulk", "Verificatie in bulk"),
    C("aanvraag", "Aanvraag"),
    C("signaal", "Signaal"),
    C("bericht", "Bericht"),
    C("abonnement", "Abonnement (webhook)"),
    C("document", "Document"),
    C("documentopslag", "Documentopslag"),
    C("ondertekeningssleutel", "Ondertekeningssleutel"),
)

# Field names of logged changes whose plain spelling out ("ontvangen_op" -> "Ontvangen op") is not the
# Dutch label; every other field is spelled out by `veld_label`.
VELD_LABELS: dict[str, str] = {
    "kvk_nummer": "KvK-nummer",
    "pe_punten": "PE-punten",
    "client_id": "Client-id",
    "token_versie": "Tokenversie",
    "geldig_tot": "Geldig tot en met",
    "tot": "Tot en met",
    "bsn": "BSN",
    "url": "URL",
    "email": "E-mailadres",
    "totp_sinds": "Tweede factor sinds",
    "jobcoach": "Jobcoach (id)",
    "organisatie": "Organisatie (id)",
    "traject": "Traject (id)",
    "gemeente": "Gemeente",
    "versie": "Versie",
}

# Which code list names the values of a logged field: `objecttype.veld` first, then `veld` alone.
VELD_CODELIJSTEN: dict[str, str] = {
    "jobcoach.status": "jobcoach-status",
    "organisatie.status": "organisatie-status",
    "keurmerk.status": "keurmerk-status",
    "klacht.status": "klacht-status",
    "klacht.categorie": "klacht-categorie",
    "klacht.uitkomst": "klacht-uitkomst",
    "scholing.categorie": "categorie",
    "opleiding.soort": "opleiding",
    "dienstverband.soort": "dienstverband",
    "dienstverband.status": "dienstverband-status",
    "toetsing.vorm": "toetsing-vorm",
    "toetsing.status": "toetsing-status",
    "traject.status": "traject-status",
    "keurmerk.vorige_status": "keurmerk-status",
    "dienstverband.voorgesteldDoor": "dienstverband-kant",
    "aanvraag.besluit": "aanvraag-besluit",
    "regime": "regime",
    "positie": "positie",
    "organisatie-audit.uitkomst": "audit-uitkomst",
    "aanvraag.status": "aanvraag-status",
    "rapportage.soort": "rapportage",
    "rapportage.status": "rapportage-status",
    "verificatie": "verificatie",
    "schema": "schema",
    "rol": "rol",
    "rollen": "rol",
    "beoordeling": "beoordeling",
    "besluit": "besluit",
    "competentie": "competentie",
    "gebied": "gebied",
    "activiteit": "kernactiviteit",
}


def veld_label(veld: str) -> str:
    """The Dutch label of a logged field: from VELD_LABELS, else the name spelled out ("ontvangen_op",
    "ontvangenOp" -> "Ontvangen op")."""
    if veld in VELD_LABELS:
        return VELD_LABELS[veld]
    words, current = [], ""
    for ch in veld.replace("-", "_"):
        if ch == "_" or ch.isupper():
            if current:
                words.append(current)
            current = "" if ch == "_" else ch.lower()
        else:
            current += ch
    if current:
        words.append(current)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


ALLE_LIJSTEN: tuple[Codelijst, ...] = (
    ROLLEN,
    JOBCOACH_STATUSSEN,
    ORGANISATIE_STATUSSEN,
    VERIFICATIE_STATUSSEN,
    CLAIM_SOORTEN,
    OPLEIDING_SOORTEN,
    SCHOLING_CATEGORIEEN,
    COMPETENTIES,
    COMPETENTIE_SCORES,
    DIENSTVERBAND_SOORTEN,
    DIENSTVERBAND_STATUSSEN,
    DIENSTVERBAND_KANTEN,
    KEURMERK_SCHEMAS,
    PERSOONS_SCHEMAS,
    ORGANISATIE_SCHEMAS,
    KEURMERK_STATUSSEN,
    KEURMERK_WEERGAVEN,
    KWALITEITSBORGING_GEBIEDEN,
    KLACHT_STATUSSEN,
    KLACHT_CATEGORIEEN,
    KLACHT_UITKOMSTEN,
    TOETSING_VORMEN,
    TOETSING_STATUSSEN,
    BEOORDELINGEN,
    BEVINDING_OORDELEN,
    BEVINDING_STATUSSEN,
    AUDIT_UITKOMSTEN,
    REGIMES,
    TRAJECT_STATUSSEN,
    FINANCIERINGSBESLUITEN,
    KERNACTIVITEITEN,
    RAPPORTAGE_SOORTEN,
    RAPPORTAGE_STATUSSEN,
    AANVRAAG_STATUSSEN,
    AANVRAAG_BESLUITEN,
    WERKNEMER_POSITIES,
    DOEL_BETREFT,
    DOEL_VOORTGANG,
    DOEL_STATUSSEN,
    CRITERIA,
    KWALIFICATIE_UITKOMSTEN,
    KADER_STANDEN,
    BUDGET_KLASSEN,
    SIGNAAL_SOORTEN,
    BERICHT_KANALEN,
    BERICHT_STATUSSEN,
    LINKTOKEN_SOORTEN,
    EMAIL_SOORTEN,
    WEBHOOK_TYPEN,
    VERWERKINGSACTIVITEITEN,
    DOCUMENT_MEDIATYPES,
    BEWIJSSTUK_SOORTEN,
)
# Looked up by name from templates: label("gebied", code).
# The audit log's action and record codes are the log's own (some also name URL paths, such as
# `organisatie-audit`), not domain codes a page could show raw: looked up, but not in ALLE_LIJSTEN.
LIJSTEN: dict[str, Codelijst] = {lijst.naam: lijst for lijst in (*ALLE_LIJSTEN, AUDIT_ACTIES, AUDIT_OBJECTTYPEN)}


def dit(soort: str, code: Any) -> str:
    """`Codelijst.dit` for the list named `soort` (see LIJSTEN): "deze scholing", "dit keurmerk"."""
    lijst = LIJSTEN.get(soort)
    if lijst is None:
        raise KeyError(f"onbekende codelijst {soort}")
    return lijst.dit(code)


def label(soort: str, code: Any) -> str:
    """The label of a code in the list named `soort` (see LIJSTEN); the code itself when unknown."""
    lijst = LIJSTEN.get(soort)
    if lijst is None:
        raise KeyError(f"onbekende codelijst {soort}")
    return lijst.label(code)


# --- Dutch names -----------------------------------------------------------------------------------------

# The words that open a surname and are left out when sorting (DOMAIN.md, "Names": sorted on achternaam
# "ignoring tussenvoegsel"): the common Dutch voorvoegsels (as the Basisregistratie Personen keeps them
# apart from the geslachtsnaam) and the foreign ones met in Dutch registers. A tussenvoegsel is one or more
# of these words ("van der", "in 't"); the forms ending in an apostrophe attach to the name ("d'Hondt").
TUSSENVOEGSEL_WOORDEN: frozenset[str] = frozenset(
    {
        "aan", "af", "bij", "d'", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do",
        "dos", "du", "het", "in", "l'", "la", "le", "les", "'n", "o'", "op", "over", "'s", "'t", "te",
        "ten", "ter", "tot", "uit", "uijt", "van", "vande", "vanden", "vander", "voor", "von", "vom",
        "zu", "zur",
    }
)  # fmt: skip
TUSSENVOEGSEL_MAX = 30  # characters, as the column
