"""Server-rendered Dutch pages. They use the same services as the API and work without JavaScript."""

from api.pages.aanmelden import AanmeldenPages, AanmeldingenBeheerPages
from api.pages.aanvragen import AanvraagPages
from api.pages.auditor import AuditorPages
from api.pages.auth import AuthPages
from api.pages.beheer import BeheerPages
from api.pages.beoordeling import BeoordelingPages
from api.pages.coach_trajecten import CoachTrajectenPages
from api.pages.documenten import DocumentPages
from api.pages.gemeente import GemeentePages
from api.pages.home import HomePages
from api.pages.info import InfoPages
from api.pages.jobcoach import JobcoachPages
from api.pages.keurmerk import KeurmerkPages
from api.pages.organisatie import OrganisatiePages
from api.pages.overzicht import OverzichtPages
from api.pages.publiek import PubliekRegisterPages
from api.pages.verklaring import VerklaringPages
from api.pages.wachtwoord import WachtwoordPages

PAGE_ROUTES: list = [
    AuthPages,
    HomePages,
    JobcoachPages,
    OrganisatiePages,
    BeheerPages,
    AuditorPages,
    PubliekRegisterPages,
    GemeentePages,
    CoachTrajectenPages,
    OverzichtPages,
    WachtwoordPages,
    KeurmerkPages,
    BeoordelingPages,
    AanvraagPages,
    VerklaringPages,
    InfoPages,
    DocumentPages,
    AanmeldenPages,
    AanmeldingenBeheerPages,
]
