"""Route guards: who may call a route at all. Object-level checks live in the services."""

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
