"""Server-rendered Dutch pages. They use the same services as the API and work without JavaScript."""

from api.pages.auth import AuthPages
from api.pages.coach_trajecten import CoachTrajectenPages
from api.pages.gemeente import GemeentePages
from api.pages.home import HomePages

PAGE_ROUTES: list = [AuthPages, HomePages, GemeentePages, CoachTrajectenPages]
