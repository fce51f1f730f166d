"""Helpers for page controllers: the template context, form parsing with inline errors."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from api.validation import validate_payload
from register.actor import Actor
from register.errors import FieldError, InvalidInput


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Template:
    actor: Actor | None = request.scope.get("user")
    return Template(
        template_name=template,
        context={"actor": actor, "request": request, **context},
        status_code=status_code,
    )


def errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.name, e.reason)
    return out


async def form_data(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: v for k, v in form.items() if k != "_csrf_token"}


def parse_form(struct_type: type, raw: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """Validate form input with the same Struct as the API; empty optional fields count as absent."""
    cleaned = {k: v for k, v in raw.items() if not (isinstance(v, str) and v.strip() == "")}
    try:
        return validate_payload(struct_type, cleaned, strict=False), {}
    except InvalidInput as exc:
        return None, errors_by_field(exc.errors)
