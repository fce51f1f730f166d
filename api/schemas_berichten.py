"""Request and response shapes of the webhook subscriptions (issue 15), camelCase on the wire."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from api.schemas import Schema
from register import vocabulary as voc

WebhookType = Literal[voc.WEBHOOK_TYPEN.codes]  # type: ignore[valid-type]


class AbonnementInvoer(Schema, kw_only=True):
    """A subscription: the case system's URL (https) and the event types (left out: every type)."""

    url: Annotated[str, Meta(min_length=8, max_length=2000, extra={"bsn": "webadres"})]
    typen: Annotated[list[WebhookType], Meta(min_length=1, max_length=20)] | UnsetType = UNSET


class Abonnement(Schema, kw_only=True):
    id: str
    url: str
    typen: Annotated[
        list[str],
        Meta(
            description="De typen meldingen van het abonnement, altijd uitgeschreven: een abonnement dat zonder "
            "`typen` is aangemaakt, krijgt alle typen (ook later toegevoegde) en toont hier alle typen die het "
            "register nu kent."
        ),
    ]
    aangemaakt_op: dt.datetime


class NieuwAbonnement(Abonnement, kw_only=True):
    """The answer to a new subscription: `geheim` (the Standard Webhooks secret) is shown only here."""

    geheim: str


class WebhookTypeUitvoer(Schema, kw_only=True):
    type: str
    naam: str
    omschrijving: str | None


class WebhookTypen(Schema, kw_only=True):
    typen: list[WebhookTypeUitvoer]


class Aflevering(Schema, kw_only=True):
    """One delivery attempt; `bericht` is also the `webhook-id` (without its `msg_` prefix)."""

    id: str
    bericht: str
    type: str
    poging: int
    http_status: int | None
    fout: str | None
    tijdstip: dt.datetime
