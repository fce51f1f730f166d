"""The front page and the dashboard switch per role."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.response import Redirect, Template

from api.pages.common import page


class HomePages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, request: Request) -> Template:
        return page(request, "home.html")

    @get("/dashboard")
    async def dashboard(self, request: Request) -> Template | Redirect:
        actor = request.scope.get("user")
        if actor is None:
            return Redirect(path="/inloggen")
        return page(request, "dashboard.html")
