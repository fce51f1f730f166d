"""Verification through the API: the verdict, the peildatum, toetsingskader versions, bulk with a fixed
number of queries, the funding decision, and the signed statement checked with nothing but the JWKS."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric import ec

from api import attestatie
from audits.tables import AuditlogRegel, Inzagelog
from register import db
from register.infra import tlog
from register.services import jobcoaches, trajecten, verificaties
from register.tables import Besluit, Ondertekeningssleutel, Toetsingskader, Verificatie
from tests import builders
from tests.builders import NU, T0
from tests.helpers import BASE_URL, auth, invalid_params


async def verify(client, o, traject_id, body=None, account=None):
    return await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties",
        headers=auth(account or o.gemeente_account),
        json={} if body is None else body,
    )


# --- the verdict -------------------------------------------------------------------------------------


async def test_verification_shape_access_log_and_audit(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        response = await verify(client, o, traject["id"])
    assert response.status_code == 201, response.text
    v = response.json()
    assert set(v) == {
        "id",
        "traject",
        "jobcoach",
        "organisatie",
        "peildatum",
        "gekwalificeerd",
        "toetsingskader",
        "criteria",
        "attestatie",
        "aangemaaktOp",
    }
    assert (v["traject"], v["jobcoach"], v["organisatie"]) == (traject["id"], o.coach_a["id"], o.org_a["id"])
    assert v["aangemaaktOp"].endswith("Z")
    for line in v["criteria"]:
        assert set(line) == {"code", "vereist", "voldaan", "toelichting", "bewijs"}
    stored = (
        await Verificatie.select(Verificatie.gekwalificeerd, Verificatie.attestatie)
        .where(Verificatie.id == v["id"])
        .first()
    )
    assert stored == {"gekwalificeerd": True, "attestatie": v["attestatie"]}
    reads = await Inzagelog.select(Inzagelog.doel, Inzagelog.rol).where(Inzagelog.jobcoach == o.coach_a["id"])
    assert {"doel": "verificatie traject", "rol": "gemeente"} in reads
    assert await AuditlogRegel.exists().where(
        (AuditlogRegel.objecttype == "verificatie") & (AuditlogRegel.object_id == v["id"])
    )

    again = await client.get(f"/api/v1/verificaties/{v['id']}", headers=auth(o.gemeente_account))
    assert again.status_code == 200 and again.json() == v
    assert (
        await client.get(f"/api/v1/verificaties/{v['id']}", headers=auth(o.coach_a_account))
    ).status_code == 200
    other = await builders.gemeente_account("GM0363")
    assert (await client.get(f"/api/v1/verificaties/{v['id']}", headers=auth(other))).status_code == 404
    assert (await client.get("/api/v1/verificaties/geen-uuid", headers=auth(other))).status_code == 404


async def test_a_coach_suspended_a_moment_ago_does_not_qualify_now(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        assert (await verify(client, o, traject["id"])).json()["gekwalificeerd"] is True
        t.shift(dt.timedelta(seconds=1))
        await jobcoaches.set_status(builders.BEHEER, o.coach_a["id"], "geschorst", "klacht in onderzoek")
        t.shift(dt.timedelta(seconds=1))
        v = (await verify(client, o, traject["id"])).json()
        assert v["gekwalificeerd"] is False
        line = next(c for c in v["criteria"] if c["code"] == "jobcoach-actief")
        assert line["voldaan"] is False and "geschorst" in line["toelichting"]
        yesterday = (await verify(client, o, traject["id"], {"peildatum": "2026-03-01"})).json()
        assert yesterday["gekwalificeerd"] is True


async def test_bad_peildatum_and_another_gemeentes_traject(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        future = await verify(client, o, traject["id"], {"peildatum": "2026-03-03"})
        assert future.status_code == 400 and invalid_params(future) == {"peildatum": "mag niet in de toekomst liggen"}
        not_a_date = await verify(client, o, traject["id"], {"peildatum": "gisteren"})
        assert not_a_date.status_code == 400 and "datum" in invalid_params(not_a_date)["peildatum"]
        other = await builders.gemeente_account("GM0363")
        foreign = await verify(client, o, traject["id"], account=other)
        assert foreign.status_code == 404
        assert (await verify(client, o, "00000000-0000-4000-8000-000000000000")).status_code == 404
        assert (await verify(client, o, "geen-id")).status_code == 404
        assert await Verificatie.count() == 0


# --- toetsingskader ----------------------------------------------------------------------------------


async def test_a_gemeentes_own_kader_applies_from_its_start_date(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        headers = auth(o.gemeente_account)
        url = "/api/v1/gemeenten/GM0599/toetsingskader"
        bad = await client.put(
            url,
            headers=headers,
            json={
                "ingangsdatum": "2026-03-01",
                "criteria": {"reistijd": {"vereist": True}, "scholing": {"urenMinimaal": -4}},
            },
        )
        assert bad.status_code == 400
        assert set(invalid_params(bad)) == {"ingangsdatum", "criteria.reistijd", "criteria.scholing.urenMinimaal"}
        assert "mag niet negatief zijn" in invalid_params(bad)["criteria.scholing.urenMinimaal"]
        assert "onbekend criterium" in invalid_params(bad)["criteria.reistijd"]
        assert await Toetsingskader.count() == 0
        await builders.gemeente("GM0363", "Amsterdam")
        assert (
            await client.put(
                "/api/v1/gemeenten/GM0363/toetsingskader",
                headers=headers,
                json={"ingangsdatum": "2026-03-02", "criteria": {}},
            )
        ).status_code == 403
        assert (
            await client.put(
                "/api/v1/gemeenten/GM9999/toetsingskader",
                headers=headers,
                json={"ingangsdatum": "2026-03-02", "criteria": {}},
            )
        ).status_code == 404

        adopted = await client.put(
            url,
            headers=headers,
            json={"ingangsdatum": "2026-03-02", "criteria": {"organisatie-keurmerk": {"schemas": ["uwv"]}}},
        )
        assert adopted.status_code == 200, adopted.text
        kader = adopted.json()
        assert (kader["gemeente"], kader["versie"], kader["ingangsdatum"]) == ("GM0599", 1, "2026-03-02")
        assert kader["criteria"]["organisatie-keurmerk"]["schemas"] == ["uwv"]
        assert kader["criteria"]["scholing"] == {"vereist": True, "urenMinimaal": 20, "maanden": 12}

        now = (await verify(client, o, traject["id"])).json()
        assert now["toetsingskader"] == {"gemeente": "GM0599", "versie": 1}
        assert now["gekwalificeerd"] is False
        assert [c["code"] for c in now["criteria"] if not c["voldaan"]] == ["organisatie-keurmerk"]
        before = (await verify(client, o, traject["id"], {"peildatum": "2026-03-01"})).json()
        assert before["toetsingskader"] == {"gemeente": None, "versie": 0}
        assert before["gekwalificeerd"] is True

        second = await client.put(
            url,
            headers=headers,
            json={"ingangsdatum": "2026-04-01", "criteria": {"scholing": {"urenMinimaal": 30}}},
        )
        assert second.json()["versie"] == 2
        assert second.json()["criteria"]["organisatie-keurmerk"]["schemas"] == ["uwv"]  # kept from version 1
        shown = await client.get(url, headers=headers, params={"peildatum": "2026-04-01"})
        assert shown.status_code == 200 and shown.json()["versie"] == 2
        assert [v["versie"] for v in shown.json()["versies"]] == [1, 2]
        bad_date = await client.get(url, headers=headers, params={"peildatum": "morgen"})
        assert bad_date.status_code == 400


async def test_the_national_kader_is_set_by_the_beheerder(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        beheerder = await builders.beheerder()
        body = {"ingangsdatum": "2026-03-02", "criteria": {"scholing": {"urenMinimaal": 25}}}
        assert (
            await client.put("/api/v1/toetsingskader", headers=auth(o.gemeente_account), json=body)
        ).status_code == 403
        set_ = await client.put("/api/v1/toetsingskader", headers=auth(beheerder), json=body)
        assert set_.status_code == 200, set_.text
        assert (set_.json()["gemeente"], set_.json()["versie"]) == (None, 1)
        v = (await verify(client, o, traject["id"])).json()
        assert v["toetsingskader"] == {"gemeente": None, "versie": 1}
        assert v["gekwalificeerd"] is False  # 24 hours of scholing, 25 now required
        assert "minimaal 25 nodig" in next(c for c in v["criteria"] if c["code"] == "scholing")["toelichting"]


# --- bulk --------------------------------------------------------------------------------------------


class QueryCounter:
    """Counts the statements the engine runs (every Piccolo query, raw or not, passes through here)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        engine_type = type(db.engine())
        original_query, original_ddl = engine_type.run_querystring, engine_type.run_ddl

        async def run_querystring(engine, *args, **kwargs):
            self.count += 1
            return await original_query(engine, *args, **kwargs)

        async def run_ddl(engine, *args, **kwargs):
            self.count += 1
            return await original_ddl(engine, *args, **kwargs)

        monkeypatch.setattr(engine_type, "run_querystring", run_querystring)
        monkeypatch.setattr(engine_type, "run_ddl", run_ddl)

    def take(self) -> int:
        count, self.count = self.count, 0
        return count


async def test_bulk_verifies_many_trajecten_with_a_fixed_number_of_queries(client, monkeypatch):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        ids = [(await builders.traject(o, referentie=f"R-{i}"))["id"] for i in range(3)]
        for i in range(3):
            other_coach = await builders.jobcoach()
            await builders.dienstverband(other_coach["id"], o.org_a["id"], dt.date(2026, 1, 1), soort="zzp")
            ids.append(
                (
                    await builders.traject(
                        o, referentie=f"S-{i}", jobcoach=other_coach["id"], startdatum=dt.date(2026, 3, 2)
                    )
                )["id"]
            )
        signer = await attestatie.ondertekenaar(BASE_URL)
        # the server sequences the audit log after the commit, in a task of its own: not the write path
        monkeypatch.setitem(tlog._config, "mode", "off")
        counter = QueryCounter(monkeypatch)
        await verificaties.verify(o.actor("gemeente"), ids[:1], None, signer, bulk=True)
        one = counter.take()
        results = await verificaties.verify(o.actor("gemeente"), ids, None, signer, bulk=True)
        six = counter.take()
        assert six == one, (one, six)
        await verificaties.verify(o.actor("gemeente"), ids[:1], None, signer)
        single = counter.take()
        assert single <= 6, single  # facts in one statement; then store, access log and audit log
        monkeypatch.setitem(tlog._config, "mode", "inline")
        assert [r.traject for r in results] == ids
        assert [r.gekwalificeerd for r in results] == [True] * 3 + [False] * 3

        response = await client.post(
            "/api/v1/verificaties/_bulk",
            headers=auth(o.gemeente_account),
            json={"trajecten": ids, "peildatum": "2026-03-02"},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["aantal"] == 6 and [v["traject"] for v in body["verificaties"]] == ids


async def test_bulk_refuses_unknown_and_foreign_trajecten_and_changes_nothing(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        mine = await builders.traject(o)
        other_gemeente = await builders.gemeente_account("GM0363")
        theirs = await trajecten.create(
            builders.actor_for(other_gemeente),
            {**builders.traject_body(o, gemeente="GM0363"), "startdatum": dt.date(2026, 1, 5), "contracturen": 16.0},
        )
        before = await Verificatie.count()
        response = await client.post(
            "/api/v1/verificaties/_bulk",
            headers=auth(o.gemeente_account),
            json={"trajecten": [mine["id"], theirs["id"], "00000000-0000-4000-8000-000000000000"]},
        )
        assert response.status_code == 400
        assert set(invalid_params(response)) == {"trajecten[1]", "trajecten[2]"}
        assert invalid_params(response)["trajecten[1]"] == invalid_params(response)["trajecten[2]"]  # no hint that [1] exists
        empty = await client.post(
            "/api/v1/verificaties/_bulk", headers=auth(o.gemeente_account), json={"trajecten": []}
        )
        assert empty.status_code == 400
        assert await Verificatie.count() == before


# --- the funding decision ----------------------------------------------------------------------------


async def test_funding_decision_relies_on_a_verification_of_this_traject(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t, noloc_tot=dt.date(2026, 2, 1))  # expired: the coach does not qualify
        traject = await builders.traject(o)
        other = await builders.traject(o, referentie="R-2")
        negative = (await verify(client, o, traject["id"])).json()
        assert negative["gekwalificeerd"] is False
        elsewhere = (await verify(client, o, other["id"])).json()
        url = f"/api/v1/trajecten/{traject['id']}/besluit"
        headers = auth(o.gemeente_account)

        approve = await client.post(
            url, headers=headers, json={"besluit": "goedgekeurd", "verificatie": negative["id"]}
        )
        assert approve.status_code == 400 and "niet worden goedgekeurd" in invalid_params(approve)["verificatie"]
        wrong = await client.post(
            url,
            headers=headers,
            json={"besluit": "afgewezen", "verificatie": elsewhere["id"], "toelichting": "x"},
        )
        assert wrong.status_code == 400 and "voor dit traject" in invalid_params(wrong)["verificatie"]
        silent = await client.post(
            url, headers=headers, json={"besluit": "afgewezen", "verificatie": negative["id"]}
        )
        assert silent.status_code == 400 and "toelichting" in invalid_params(silent)
        assert await Besluit.count() == 0

        rejected = await client.post(
            url,
            headers=headers,
            json={"besluit": "afgewezen", "verificatie": negative["id"], "toelichting": "Noloc verlopen"},
        )
        assert rejected.status_code == 201, rejected.text
        assert rejected.json()["status"] == "afgewezen"
        assert rejected.json()["besluit"]["verificatie"] == negative["id"]
        twice = await client.post(
            url,
            headers=headers,
            json={"besluit": "afgewezen", "verificatie": negative["id"], "toelichting": "nogmaals"},
        )
        assert twice.status_code == 409


# --- the signed statement ----------------------------------------------------------------------------


def segments(token: str) -> list[str]:
    return token.split(".")


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def jwks_of(client) -> dict:
    response = await client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert "set-cookie" not in response.headers  # a shared cache may keep it
    return response.json()


def check(token: str, keys: dict, *, audience: str = "GM0599") -> dict:
    """What a gemeente does offline: pick the key by kid from the JWKS and verify with PyJWT."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["typ"] == "jobcoach-verificatie+jwt"
    jwk = next(k for k in keys["keys"] if k["kid"] == header["kid"])
    return jwt.decode(
        token,
        jwt.PyJWK(jwk),
        algorithms=["ES256"],
        audience=audience,
        issuer=BASE_URL,
        options={"require": ["iss", "sub", "aud", "iat", "nbf", "exp", "jti"]},
    )


async def test_statement_checks_out_with_nothing_but_the_jwks(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        v = (await verify(client, o, traject["id"])).json()
        keys = await jwks_of(client)
        assert all("d" not in k for k in keys["keys"])  # never the private half
        claims = check(v["attestatie"], keys)
    assert claims["iss"] == BASE_URL
    assert claims["sub"] == o.coach_a["registratienummer"]
    assert claims["aud"] == "GM0599"
    assert claims["jti"] == v["id"]
    assert claims["traject"] == "WMO-1"
    assert claims["peildatum"] == "2026-03-02"
    assert claims["gekwalificeerd"] is True
    assert claims["criteria"] == [{"code": c["code"], "voldaan": c["voldaan"]} for c in v["criteria"]]
    assert claims["toetsingskader"] == {"gemeente": None, "versie": 0}
    assert claims["iat"] == claims["nbf"] == int(NU.timestamp())
    assert claims["exp"] == int(dt.datetime(2033, 3, 2, 10, tzinfo=dt.UTC).timestamp())
    assert (
        attestatie.verify_statement(v["attestatie"], keys, issuer=BASE_URL, audience="GM0599")["jti"]
        == v["id"]
    )


async def test_tampered_wrong_key_alg_none_and_expired_statements_are_rejected(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t, noloc_tot=dt.date(2026, 2, 1))
        traject = await builders.traject(o)
        v = (await verify(client, o, traject["id"])).json()
        keys = await jwks_of(client)
        token = v["attestatie"]
        header_b64, payload_b64, signature = segments(token)
        header, claims = attestatie.decode_unverified(token)
        assert claims["gekwalificeerd"] is False

        tampered = ".".join([header_b64, b64({**claims, "gekwalificeerd": True}), signature])
        with pytest.raises(jwt.InvalidSignatureError):
            check(tampered, keys)

        impostor = ec.generate_private_key(ec.SECP256R1())
        forged = jwt.encode(
            {**claims, "gekwalificeerd": True},
            impostor,
            algorithm="ES256",
            headers={"kid": header["kid"], "typ": header["typ"]},
        )
        with pytest.raises(jwt.InvalidSignatureError):
            check(forged, keys)

        unsigned = ".".join(
            [
                b64({"alg": "none", "kid": header["kid"], "typ": header["typ"]}),
                b64({**claims, "gekwalificeerd": True}),
                "",
            ]
        )
        with pytest.raises(jwt.InvalidAlgorithmError):
            jwt.decode(unsigned, jwt.PyJWK(keys["keys"][0]), algorithms=["ES256"], audience="GM0599")

        with pytest.raises(jwt.InvalidAudienceError):
            check(token, keys, audience="GM0363")

        for bad in (tampered, forged, unsigned, "geen.jws"):
            with pytest.raises(attestatie.OngeldigeVerklaring):
                attestatie.verify_statement(bad, keys, issuer=BASE_URL, audience="GM0599")

        t.move_to(dt.datetime(2033, 3, 3, 10, tzinfo=dt.UTC))
        with pytest.raises(jwt.ExpiredSignatureError):
            check(token, keys)
        with pytest.raises(attestatie.OngeldigeVerklaring, match="verlopen"):
            attestatie.verify_statement(token, keys, issuer=BASE_URL, audience="GM0599")


async def test_rotation_keeps_old_statements_valid(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        old = (await verify(client, o, traject["id"])).json()["attestatie"]
        old_kid = jwt.get_unverified_header(old)["kid"]
        t.shift(dt.timedelta(minutes=1))
        new_kid, vanaf = await attestatie.rotate()
        assert new_kid != old_kid
        assert vanaf == dt.datetime.now(dt.UTC) + dt.timedelta(seconds=attestatie.JWKS_MAX_AGE)
        # published at once, but the old key signs for one more JWKS cache lifetime
        keys = await jwks_of(client)
        assert [k["kid"] for k in keys["keys"]] == [new_kid, old_kid]
        between = (await verify(client, o, traject["id"])).json()["attestatie"]
        assert jwt.get_unverified_header(between)["kid"] == old_kid
        t.shift(dt.timedelta(seconds=attestatie.JWKS_MAX_AGE))
        new = (await verify(client, o, traject["id"])).json()["attestatie"]
        assert jwt.get_unverified_header(new)["kid"] == new_kid
        assert check(old, keys)["gekwalificeerd"] is True
        assert check(new, keys)["gekwalificeerd"] is True
        assert await Ondertekeningssleutel.count().where(Ondertekeningssleutel.actief == True) == 1  # noqa: E712


async def test_the_first_key_is_created_once_under_concurrency(db):
    kids = await asyncio.gather(*(attestatie.ensure_key() for _ in range(6)))
    assert len(set(kids)) == 1
    assert await Ondertekeningssleutel.count() == 1


async def test_a_rotation_elsewhere_is_picked_up_after_the_cache_period(db, monkeypatch):
    kid, _ = await attestatie.active_key()
    # another worker rotates: this process still signs with the cached key for a short while ...
    async with db.transaction():
        await attestatie._lock()
        other, _ = await attestatie._insert_new(builders.BEHEER, "rotatie elders", direct=True)
    assert (await attestatie.active_key())[0] == kid
    # ... and picks the new key up once the cache period has passed
    monkeypatch.setattr(attestatie, "CACHE_SECONDS", 0.0)
    assert (await attestatie.active_key())[0] == other
