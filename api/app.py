"""The application factory: wires settings, database, auth, errors, OpenAPI, templates and routes."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Contact, Server
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from api import weergave
from api.attestatie import jwks_document
from api.controllers.aanvragen import AanvragenController, doelenoverzicht
from api.controllers.abonnementen import AbonnementenController
from api.controllers.audits import (
    AuditlogController,
    BeoordelingenController,
    CoachToetsingenController,
    OrganisatieAuditsController,
    ToetsingenController,
    TransparantieController,
)
from api.controllers.auth import AccountController, AuthController
from api.controllers.beheer import ApplicatiesController, GebruikersController, GemeentenController
from api.controllers.documenten import DocumentenController
from api.controllers.jobcoaches import JobcoachesController
from api.controllers.keurmerken import KeurmerkenController
from api.controllers.meta import health, openapi_document, status
from api.controllers.organisaties import OrganisatiesController
from api.controllers.publiek import PubliekRegisterController
from api.controllers.trajecten import (
    GemeenteKaderController,
    LandelijkKaderController,
    SignalenController,
    TrajectenController,
    VerificatiesController,
)
from api.csrf import CSRF_COOKIE, SessieCSRFMiddleware, SessieVerlopen
from api.guards import roles
from api.middleware import AuthMiddleware, IdempotencyMiddleware, head_and_paths, make_before_send
from api.problems import EXCEPTION_HANDLERS
from api.settings import API_VERSION, Settings, load_settings
from api.strikt import strikte_invoer, zet_etag
from api.tokens import TokenService
from register import db
from register.infra import keyvault, opslag, tlog
from register.migrations_check import check_migrated

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger("register")

API_ROUTES: list = [
    AuthController,
    AccountController,
    GebruikersController,
    ApplicatiesController,
    GemeentenController,
    OrganisatiesController,
    KeurmerkenController,
    JobcoachesController,
    BeoordelingenController,
    ToetsingenController,
    CoachToetsingenController,
    OrganisatieAuditsController,
    AuditlogController,
    TransparantieController,
    PubliekRegisterController,
    TrajectenController,
    VerificatiesController,
    GemeenteKaderController,
    LandelijkKaderController,
    SignalenController,
    AanvragenController,
    doelenoverzicht,
    AbonnementenController,
    DocumentenController,
]


def page_routes() -> list:
    from api.pages import PAGE_ROUTES

    return PAGE_ROUTES


def nl_design_system_assets() -> list:
    """NL Design System CSS and design tokens, installed by `npm ci` and served from this server (no CDN)."""
    sources = {
        "/nlds/componenten": ROOT / "node_modules/@utrecht/component-library-css/dist",
        "/nlds/tokens": ROOT / "node_modules/@utrecht/design-tokens/dist",
    }
    missing = [str(d) for d in sources.values() if not d.is_dir()]
    if missing:
        logger.warning("NL Design System assets missing (run `make install`): %s", ", ".join(missing))
    return [
        create_static_files_router(
            path=path,
            directories=[directory],
            include_in_schema=False,
            cache_control=CacheControlHeader(max_age=86400, public=True),
        )
        for path, directory in sources.items()
        if directory.is_dir()
    ]


# Young-generation collections after this many net allocations (CPython's default is 700). A bulk
# verification of 1,000 trajecten builds ~100,000 short-lived objects; with the default the collector ran
# ~800 times per call (gen 2 six times) and took ~20% of its CPU (bench/README.md, issue #18).
GC_GEN0_THRESHOLD = 10_000


def tune_gc() -> None:
    """Once per server process, after start-up: move everything allocated so far (modules, routes,
    schemas) out of the collector's view with `gc.freeze()` and collect the young generation less often
    (GC_GEN0_THRESHOLD); the older generations keep CPython's defaults."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, older, oldest)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Litestar:
    from api.pages.auth import AuthPages

    settings = settings or load_settings()
    secret = settings.signing_secret()
    tokens = TokenService(secret, settings.base_url, settings.token_minutes)
    # the key file (made on first start) and the audit log's identity for its checkpoints
    keyvault.configure(keyvault.load_key_file(settings.key_path, create=True))
    tlog.configure(origin=tlog.origin_for(settings.base_url))
    opslag.configure(opslag.voor_data_dir(settings.data_dir))

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if manage_database:
            engine = db.bind(settings.engine())
            await check_migrated(engine)
            await db.start_pool(engine)
            tune_gc()
            # the server never waits for the sequencer: it runs after commits in a task of its own,
            # and once now for entries left waiting by a previous run
            tlog.configure(mode="background")
            await tlog.kick()
        try:
            yield
        finally:
            if manage_database:
                await tlog.wait_idle(cancel=True)
                await db.close_pool(db.engine())

    app = Litestar(
        route_handlers=[
            *API_ROUTES,
            openapi_document,
            status,
            health,
            jwks_document,
            *page_routes(),
            create_static_files_router(
                path="/static", directories=[ROOT / "static"], include_in_schema=False
            ),
            *nl_design_system_assets(),
        ],
        lifespan=[lifespan],
        middleware=[
            DefineMiddleware(AuthMiddleware, tokens=tokens, trusted_proxies=settings.trusted_proxies),
            # CSRF for the pages, bound to the session (api/csrf.py); the API has no cookies, so no CSRF
            DefineMiddleware(
                SessieCSRFMiddleware,
                config=CSRFConfig(
                    secret=secret,
                    cookie_name=CSRF_COOKIE,
                    cookie_secure=settings.secure_cookies,
                    cookie_httponly=True,
                    cookie_samesite="strict",
                    exclude=["^/api/", "^/\\.well-known/"],
                ),
            ),
            IdempotencyMiddleware,
        ],
        # a form posted after its session ended: the log-in page, keeping the input (api/pages/bewaren.py)
        exception_handlers={**EXCEPTION_HANDLERS, SessieVerlopen: AuthPages.sessie_verlopen},  # type: ignore[dict-item]
        before_request=strikte_invoer,
        after_request=zet_etag,
        before_send=[make_before_send(settings.secure_cookies)],
        template_config=TemplateConfig(
            directory=ROOT / "templates", engine=JinjaTemplateEngine, engine_callback=weergave.configure
        ),
        openapi_config=OpenAPIConfig(
            title="Kwaliteitsregister Jobcoaching API",
            version=API_VERSION,
            description="De JSON-API van het kwaliteitsregister voor jobcoaches, jobcoachorganisaties, "
            "auditors en gemeenten.",
            contact=Contact(
                name="Beheer Kwaliteitsregister Jobcoaching",
                url="https://jobcoachregister.nl",
                email="beheer@jobcoachregister.nl",
            ),
            servers=[Server(url=f"{settings.base_url}/api/v1", description="Dit register")],
            # Litestar always mounts its own schema routes; keep them out of the way (beheerder only).
            # The published document is /api/v1/openapi.json (api.controllers.meta).
            openapi_router=Router(path="/_intern/openapi", route_handlers=[], guards=[roles("beheerder")]),
            render_plugins=[JsonRenderPlugin()],
            create_examples=False,
        ),
        request_max_body_size=settings.max_body_bytes,
        debug=False,
    )
    app.state.settings = settings
    app.state.csrf_secret = secret
    app.state.tokens = tokens
    app.asgi_handler = head_and_paths(app.asgi_handler)
    return app
