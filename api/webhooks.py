"""Webhook delivery (issue 15): an outbox message becomes a CloudEvent, signed per Standard Webhooks.

The body is a CloudEvents 1.0 event in JSON (structured mode, `application/cloudevents+json`) following
the NL GOV profile for CloudEvents: `id` a UUID, `source` a URN of the register (`Settings.event_bron`),
`type` in reverse-DNS form, `time` in UTC, `datacontenttype`, `dataref` the API resource to fetch (with
the receiver's own credentials), and minimal `data` without personal data. The headers `webhook-id` (the
outbox message's id: the same on every retry, so a receiver drops duplicates), `webhook-timestamp` and
`webhook-signature` are made by the `standardwebhooks` package with the subscription's secret; a case
system verifies them with any Standard Webhooks library (README, "Webhooks").

Every attempt is logged per subscription; an answer other than 2xx, a timeout or a refused target fails
the attempt, and the worker retries it with backoff. Redirects are not followed.
"""

from __future__ import annotations

import functools
import json
import ssl
from dataclasses import dataclass
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from api.worker import Afgewezen
from register import clock
from register.infra.outbox import BerichtRecord
from register.services import abonnementen
from register.vocabulary import WEBHOOK_SPECVERSION

TIMEOUT_SECONDEN = 10.0


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context (the system's CA certificates) for every delivery: building it reads the CA
    bundle, ~20 ms, which made it most of a local delivery's time (bench/README.md, issue #18)."""
    return ssl.create_default_context()


def cloudevent(inhoud: dict[str, Any], *, bron: str, base_url: str) -> dict[str, Any]:
    """The CloudEvent of an outbox message's content."""
    return {
        "specversion": WEBHOOK_SPECVERSION,
        "id": inhoud["id"],
        "source": bron,
        "type": inhoud["type"],
        "time": inhoud["time"],
        "subject": inhoud["subject"],
        "datacontenttype": "application/json",
        "dataref": f"{base_url}{inhoud['datarefPad']}",
        "data": inhoud["data"],
    }


@dataclass(frozen=True)
class WebhookBezorger:
    """Delivers webhook messages; `http_loopback` allows plain http to loopback (tests only)."""

    base_url: str
    bron: str
    http_loopback: bool = False

    async def __call__(self, bericht: BerichtRecord) -> None:
        doel = await abonnementen.doel(bericht.ontvanger)
        if doel is None or not doel.actief:
            return  # the subscription ended: nothing to deliver, nothing to retry
        if reden := await abonnementen.controleer_doel(doel.url, http_loopback=self.http_loopback):
            await self._log(bericht, None, f"doel geweigerd: {reden}")
            raise Afgewezen(f"doel geweigerd: {reden}")
        body = json.dumps(
            cloudevent(bericht.inhoud, bron=self.bron, base_url=self.base_url),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        msg_id = f"msg_{bericht.id}"
        moment = clock.now()
        handtekening = Webhook(doel.geheim).sign(msg_id, moment, body)
        headers = {
            "content-type": "application/cloudevents+json; charset=utf-8",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(moment.timestamp())),
            "webhook-signature": handtekening,
            "user-agent": "jobcoach-register-webhooks/1",
        }
        try:
            async with httpx.AsyncClient(
                timeout=TIMEOUT_SECONDEN, follow_redirects=False, trust_env=False, verify=_tls()
            ) as client:
                response = await client.post(doel.url, content=body.encode(), headers=headers)
        except httpx.HTTPError as exc:
            await self._log(bericht, None, type(exc).__name__)
            raise Afgewezen(f"niet afgeleverd: {type(exc).__name__}") from exc
        if not 200 <= response.status_code < 300:
            await self._log(bericht, response.status_code, None)
            raise Afgewezen(f"ontvanger antwoordde {response.status_code}")
        await self._log(bericht, response.status_code, None)

    async def _log(self, bericht: BerichtRecord, status: int | None, fout: str | None) -> None:
        await abonnementen.log_aflevering(
            bericht.ontvanger, bericht.id, bericht.soort, bericht.pogingen, status, fout
        )
