"""Keeping a form's input across a new log-in (issue #17 part 3).

When a form is posted after its session ended (api/csrf.py raises `SessieVerlopen`), the log-in page is
shown with a message, and the posted fields travel with it in a hidden field, sealed (AES-256-GCM under the
key file's key, register.infra.keyvault), so they are neither readable nor alterable on the way and never
in a URL or a log. After the log-in a short-lived HttpOnly cookie, sealed the same way, brings the input
back to the form's page, which says so and shows the fields filled in again: rendered by the server into
the page's form object (api/pages/common.py, `Formulier.zet_bewaard_terug`), so it works without
JavaScript; static/js/register.js also fills hand-written forms. Nothing is submitted on the user's
behalf: they check the form and send it again.
"""

from __future__ import annotations

import json
import time
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from register.infra import keyvault

CONTEXT = "formulier-bewaard"
COOKIE = "bewaarde_invoer"
GELDIG_SECONDEN = 30 * 60  # how long a kept input may wait for the log-in and the way back
MAX_COOKIE = 3800  # characters: a cookie holds about 4 KB; larger input is not kept


def verzegel(pad: str, actie: str, velden: dict[str, list[str]]) -> str:
    """The sealed form input: `pad` the page of the form, `actie` where it was posted, `velden` the
    fields. Valid for GELDIG_SECONDEN."""
    data = {"pad": pad, "actie": actie, "velden": velden, "tot": int(time.time()) + GELDIG_SECONDEN}
    return keyvault.seal(json.dumps(data, ensure_ascii=False).encode(), CONTEXT)


def open_bewaard(sealed: str | None) -> dict[str, Any] | None:
    """The kept input, or None when absent, altered, sealed with another key, or too old."""
    if not sealed:
        return None
    try:
        data = json.loads(keyvault.open_sealed(sealed, CONTEXT))
    except (keyvault.KeyVaultError, ValueError):
        return None
    pad = data.get("pad")
    if not isinstance(pad, str) or not pad.startswith("/") or pad.startswith("//"):
        return None
    if not isinstance(data.get("tot"), int) or data["tot"] < time.time():
        return None
    return data


def terug_naar(data: dict[str, Any]) -> str:
    """Where the log-in leads: the form's page, with the message that the input is back."""
    pad = data["pad"]
    return pad + ("&" if "?" in pad else "?") + "melding=invoer-teruggezet"


def cookie(request: Request, sealed: str | None) -> Cookie:
    """The cookie that carries the input to the form's page (None: remove it)."""
    return Cookie(
        key=COOKIE,
        value=sealed or "",
        path="/",
        max_age=GELDIG_SECONDEN if sealed else 0,
        httponly=True,
        secure=request.app.state.settings.secure_cookies,
        samesite="lax",
    )


def voor_pagina(request: Request) -> dict[str, Any] | None:
    """The kept input for the page being shown, when it is the form's page: `{"actie", "velden"}`."""
    data = open_bewaard(request.cookies.get(COOKIE))
    if data is None or data["pad"].split("?", 1)[0] != request.url.path:
        return None
    return {"actie": data.get("actie", ""), "velden": data.get("velden", {})}
