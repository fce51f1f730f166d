"""Route guards: who may call a route at all. Object-level checks live in the services; `eigen` runs such a
check as a guard as well, so a caller without the right to the object in the path is refused (403) before
Litestar parses and validates the body, and an invalid body tells it nothing about the object."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

logger = logging.getLogger("register.security")


def current_actor(connection: ASGIConnection) -> Any:
    return connection.scope.get("user")


def roles(*allowed: str) -> Callable[[ASGIConnection, Any], None]:
    """Allow any logged-in account holding one of `allowed` (any account when empty)."""

    def guard(connection: ASGIConnection, _handler: Any) -> None:
        actor = current_actor(connection)
        if actor is None:
            logger.info(
                "refused: not logged in for %s %s", connection.scope.get("method"), _route(connection)
            )
            raise NotAuthorizedException()
        if allowed and not actor.has(*allowed):
            logger.info(
                "refused: account %s lacks role %s for %s %s",
                actor.account_id,
                "/".join(allowed),
                connection.scope.get("method"),
                _route(connection),
            )
            raise PermissionDeniedException()

    guard.allowed_roles = allowed  # type: ignore[attr-defined]
    return guard


def _route(connection: ASGIConnection) -> str:
    handler = connection.scope.get("route_handler")
    return f"{handler.handler_name}" if handler is not None else "?"


logged_in = roles()


def eigen(check: Callable[[Any, str], None], param: str) -> Callable[[ASGIConnection, Any], None]:
    """A guard that runs the service's object-level `check(actor, id)` on the path parameter `param` (the raw
    string of the path) before the request body is read. `check` raises register.errors.Forbidden (403, its
    Dutch reason as the problem's detail); the service runs the same check again in its transaction. Put it
    after a `roles` guard, which refuses an anonymous caller with 401 first."""

    def guard(connection: ASGIConnection, _handler: Any) -> None:
        actor = current_actor(connection)
        if actor is None:
            raise NotAuthorizedException()
        try:
            check(actor, str(connection.path_params.get(param, "")))
        except Exception:
            logger.info(
                "refused: account %s has no right to the object of %s %s",
                actor.account_id,
                connection.scope.get("method"),
                _route(connection),
            )
            raise

    return guard
