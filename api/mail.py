"""E-mail (issue 15): composing a message from the outbox and delivering it, by SMTP or as an .eml file.

Each e-mail type (register.vocabulary.EMAIL_SOORTEN) has two Jinja templates, `templates/mail/<soort>.txt`
and `.html`; the text template sets the subject (`{% set onderwerp = "..." %}`). Messages are Dutch, carry
a link rather than content, and name nobody but the recipient. A link's token is opened from the message
(register.services.uitnodigingen) only while composing.

With `REGISTER_SMTP_URL` (`smtp://[user:password@]host[:port]`, `smtp+starttls://...` or `smtps://...`) the
worker sends through that server with aiosmtplib; without it each message is written as
`<data_dir>/outbox/<message id>.eml` (a repeated delivery overwrites the same file), which the beheerder
reads at `/beheer/berichten`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2

from api.weergave import FILTERS, HELPERS
from register import clock
from register.infra.outbox import BerichtRecord
from register.services import uitnodigingen

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
EML_NAAM = re.compile(r"^[0-9a-f-]{36}\.eml$")

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
_env.globals.update(HELPERS)
_env.filters.update(FILTERS)

# the path of the page a link of each kind opens, followed by the token
LINK_PADEN = {
    "uitnodiging": "/wachtwoord/instellen/",
    "wachtwoord-herstel": "/wachtwoord/instellen/",
    "aanmelding": "/wachtwoord/instellen/",
}


def context(bericht: BerichtRecord, base_url: str) -> dict[str, Any]:
    """What the templates see: the message's content without the sealed token, plus `link` (the page a
    link opens, with the token) and `base_url`."""
    inhoud = {k: v for k, v in bericht.inhoud.items() if k != "geheim"}
    data: dict[str, Any] = {**inhoud, "base_url": base_url}
    if "geheim" in bericht.inhoud and bericht.soort in LINK_PADEN:
        token = uitnodigingen.open_token(bericht.inhoud["geheim"], str(bericht.id))
        data["link"] = f"{base_url}{LINK_PADEN[bericht.soort]}{token}"
    return data


def opstellen(bericht: BerichtRecord, *, base_url: str, afzender: str) -> EmailMessage:
    """The e-mail of an outbox message: plain text plus an HTML alternative, Dutch, with a Message-ID
    derived from the message id (a repeated delivery is recognisable as the same e-mail)."""
    data = context(bericht, base_url)
    tekst_template = _env.get_template(f"mail/{bericht.soort}.txt")
    module = tekst_template.make_module(data)
    message = EmailMessage()
    message["Subject"] = str(module.onderwerp)
    message["From"] = afzender
    message["To"] = bericht.ontvanger
    message["Date"] = format_datetime(clock.now())
    domein = urlsplit(base_url).hostname or "localhost"
    message["Message-ID"] = make_msgid(idstring=str(bericht.id), domain=domein)
    message["Content-Language"] = "nl"
    message.set_content(tekst_template.render(data))
    message.add_alternative(_env.get_template(f"mail/{bericht.soort}.html").render(data), subtype="html")
    return message


@dataclass(frozen=True)
class SmtpBezorger:
    """Sends through an SMTP server (aiosmtplib); raises on any refusal or connection failure, so the
    worker retries."""

    url: str
    base_url: str
    afzender: str

    async def __call__(self, bericht: BerichtRecord) -> None:
        import aiosmtplib

        parts = urlsplit(self.url)
        tls = parts.scheme == "smtps"
        await aiosmtplib.send(
            opstellen(bericht, base_url=self.base_url, afzender=self.afzender),
            hostname=parts.hostname or "127.0.0.1",
            port=parts.port or (465 if tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=tls,
            start_tls=True if parts.scheme == "smtp+starttls" else False if not tls else None,
            timeout=30,
        )


@dataclass(frozen=True)
class EmlBezorger:
    """Writes each message as `<map>/<id>.eml` (atomically: written aside, then renamed)."""

    map: Path
    base_url: str
    afzender: str

    async def __call__(self, bericht: BerichtRecord) -> None:
        message = opstellen(bericht, base_url=self.base_url, afzender=self.afzender)
        self.map.mkdir(parents=True, exist_ok=True)
        doel = self.map / f"{bericht.id}.eml"
        tijdelijk = doel.with_suffix(".tmp")
        tijdelijk.write_bytes(message.as_bytes())
        os.replace(tijdelijk, doel)


@dataclass(frozen=True)
class EmlBestand:
    """An .eml in the outbox folder as the beheerder's page lists it (times aware, UTC)."""

    naam: str
    onderwerp: str
    aan: str
    tijdstip: Any


def eml_lijst(map: Path, limiet: int = 50) -> list[EmlBestand]:
    """The newest .eml files in the folder, newest first."""
    import datetime as dt
    from email import policy
    from email.parser import BytesHeaderParser

    if not map.is_dir():
        return []
    paden = sorted(
        (p for p in map.iterdir() if EML_NAAM.match(p.name)), key=lambda p: p.stat().st_mtime, reverse=True
    )[:limiet]
    uit = []
    for pad in paden:
        with pad.open("rb") as handle:
            kop = BytesHeaderParser(policy=policy.default).parse(handle)
        uit.append(
            EmlBestand(
                pad.name,
                str(kop["Subject"] or ""),
                str(kop["To"] or ""),
                dt.datetime.fromtimestamp(pad.stat().st_mtime, dt.UTC),
            )
        )
    return uit


def eml_tekst(map: Path, naam: str) -> tuple[EmlBestand, str] | None:
    """One .eml's headers and plain-text body; None for an unknown or malformed name."""
    from email import policy
    from email.parser import BytesParser

    if not EML_NAAM.match(naam) or not (map / naam).is_file():
        return None
    message = BytesParser(policy=policy.default).parsebytes((map / naam).read_bytes())
    body = message.get_body(preferencelist=("plain",))
    gevonden = next((e for e in eml_lijst(map, limiet=10_000) if e.naam == naam), None)
    if gevonden is None:
        return None
    return gevonden, body.get_content() if body else ""
