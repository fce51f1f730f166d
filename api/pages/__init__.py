"""Server-rendered Dutch pages. They use the same services as the API and work without JavaScript."""

from api.pages.auth import AuthPages
from api.pages.home import HomePages
from api.pages.publiek import PubliekRegisterPages

PAGE_ROUTES: list = [AuthPages, HomePages, PubliekRegisterPages]
