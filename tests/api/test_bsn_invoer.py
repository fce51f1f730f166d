"""No BSN in any input, by construction (issue 13, finding 6).

The input schemas are found by introspection (every Schema subclass that is an input, every body of every
route), so a new schema or field is covered without a change here. For every string in every one of them a
property test writes a valid BSN in a random notation and expects the field to be refused.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import api.app  # noqa: F401 - loads every controller, so every schema is defined
from api.schemas import Schema
from api.validation import BSN_VRIJSTELLINGEN, validate_payload
from register import validators as v
from register.errors import InvalidInput
from tests.builders import beheerder, organisatie
from tests.helpers import auth, invalid_params

# --- discovering the input schemas and their strings -------------------------------------------------------


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


INVOER_SCHEMAS = sorted((c for c in _subclasses(Schema) if c._invoer), key=lambda c: c.__name__)


def _parts(tp: Any) -> tuple[Any, list[msgspec.Meta]]:
    """The type without Annotated, None and UNSET, and the Meta constraints met on the way."""
    metas: list[msgspec.Meta] = []
    while True:
        if get_origin(tp) is typing.Annotated:
            args = get_args(tp)
            metas += [m for m in args[1:] if isinstance(m, msgspec.Meta)]
            tp = args[0]
        elif get_origin(tp) in (typing.Union, types.UnionType):
            rest = [a for a in get_args(tp) if a not in (type(None), msgspec.UnsetType)]
            if len(rest) != 1:
                return tp, metas
            tp = rest[0]
        else:
            return tp, metas


class Tekstveld(typing.NamedTuple):
    schema: type
    path: str  # as the client writes it: `a.b`, `c[0].d`
    wrap: Any  # value -> the body that puts it at `path`
    metas: list[msgspec.Meta]


def _tekstvelden(
    struct: type, prefix: str = "", wrap: Any = lambda body: body, top: type | None = None
) -> list[Tekstveld]:
    top = top or struct
    found = []
    for info in msgspec.structs.fields(struct):
        tp, metas = _parts(info.type)
        path = prefix + info.encode_name

        def here(value: Any, name: str = info.encode_name, outer: Any = wrap) -> Any:
            return outer({name: value})

        if get_origin(tp) is list:
            item, item_metas = _parts(get_args(tp)[0])
            if item is str:
                found.append(Tekstveld(top, f"{path}[0]", lambda x, h=here: h([x]), item_metas))
            elif isinstance(item, type) and issubclass(item, msgspec.Struct):
                found += _tekstvelden(item, f"{path}[0].", lambda x, h=here: h([x]), top)
        elif tp is str:
            found.append(Tekstveld(top, path, here, metas))
        elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            found += _tekstvelden(tp, f"{path}.", here, top)
        elif get_origin(tp) is Literal:
            continue  # a code from the vocabulary: a fixed value, never free text
    return found


def _mode(metas: list[msgspec.Meta]) -> str:
    for meta in metas:
        if meta.extra and "bsn" in meta.extra:
            return BSN_VRIJSTELLINGEN[meta.extra["bsn"]][0]
    return "overal"


TEKSTVELDEN = [
    pytest.param(f, id=f"{f.schema.__name__}.{f.path}")
    for schema in INVOER_SCHEMAS
    for f in _tekstvelden(schema)
    if _mode(f.metas) != "niet"
]


def test_every_input_schema_is_found_and_has_strings():
    names = {c.__name__ for c in INVOER_SCHEMAS}
    assert {
        "GebruikerInvoer",
        "GemeenteInvoer",
        "OrganisatieStatusInvoer",
        "KwaliteitsborgingInvoer",
    } <= names
    assert len(TEKSTVELDEN) > 50


# The seven free-text fields the penetration test found unchecked.
ZEVEN = [
    ("KwaliteitsborgingInvoer", "klachtprocedure.klachtencommissie"),
    ("OrganisatieStatusInvoer", "reden"),
    ("GemeenteInvoer", "naam"),
    ("JobcoachInvoer", "email"),
    ("OrganisatieInvoer", "website"),
    ("GebruikerInvoer", "gebruikersnaam"),
    ("GebruikerInvoer", "email"),
]


@pytest.mark.parametrize(("schema", "path"), ZEVEN)
def test_the_seven_unchecked_fields_are_covered(schema, path):
    ids = {p.id for p in TEKSTVELDEN}
    assert f"{schema}.{path}" in ids


# --- BSNs in random notations -------------------------------------------------------------------------------

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)
SEPARATORS = [
    "",
    " ",
    "\u00a0",
    "\t",
    "\n",
    "/",
    "_",
    ",",
    "\u2013",
    "\u200b",
    ".",
    "-",
    " . ",
    "\u2009",
    "\ufeff",
]


@st.composite
def bsns(draw: st.DrawFn) -> str:
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    last = sum(d * w for d, w in zip(first, WEIGHTS, strict=True)) % 11
    digits = "".join(map(str, [*first, last % 10]))
    return digits if last < 10 and v.is_bsn(digits) else "123456782"


@st.composite
def notaties(draw: st.DrawFn, glue: bool) -> tuple[str, str]:
    """A BSN written as a person (or someone avoiding the filter) might: (short form, long form)."""
    digits = draw(bsns())
    if draw(st.booleans()):  # full-width digits, undone by NFKC
        digits_shown = "".join(chr(0xFF10 + int(d)) for d in digits)
    else:
        digits_shown = digits
    gaps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8))
    short = digits_shown[0] + "".join(g + d for g, d in zip(gaps, digits_shown[1:], strict=True))
    if glue and draw(st.booleans()):
        short = (
            draw(st.sampled_from(["", "0", "31", "2026"])) + short + draw(st.sampled_from(["", "7", "01"]))
        )
    before = draw(st.sampled_from(["", "BSN ", "cliënt ", "nr. ", "mail: a.", "https://x.nl/"]))
    after = draw(st.sampled_from(["", " besproken", "@voorbeeld.nl", " (zie dossier)"]))
    return short, before + short + after


def _fit(field: Tekstveld, forms: tuple[str, str]) -> str:
    max_length = _max_length(field)
    min_length = max((m.min_length for m in field.metas if m.min_length is not None), default=0)
    for value in (forms[1], forms[0], forms[0].replace(" ", "").replace("\u00a0", "")):
        while len(value) < min_length:
            value += " voor de cliënt"
        if len(value) <= max_length:
            return value
    return "".join(ch for ch in forms[0] if ch.isdigit())  # too long for the field: refused either way


def _max_length(field: Tekstveld) -> int:
    return min((m.max_length for m in field.metas if m.max_length is not None), default=10_000)


def _has_pattern(field: Tekstveld) -> bool:
    return any(m.pattern for m in field.metas)


@pytest.mark.parametrize("field", TEKSTVELDEN)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_bsn_in_any_notation_is_refused_in_every_string_of_every_input_schema(field, data):
    glue = _mode(field.metas) == "overal"
    value = _fit(field, data.draw(notaties(glue)))
    assert v.contains_bsn(value, ook_binnen_langere_getallen=glue), repr(value)
    with pytest.raises(InvalidInput) as caught:
        validate_payload(field.schema, field.wrap(value))
    reasons = {e.name: e.reason for e in caught.value.errors}
    assert field.path in reasons, (value, reasons)
    if not _has_pattern(field) and len(value) <= _max_length(field):
        assert reasons[field.path] == v.BSN_FOUT


@pytest.mark.parametrize(
    "text",
    [
        "123\u00a0456\u00a0782",
        "123\t456\t782",
        "123\n456\n782",
        "123/456/782",
        "123_456_782",
        "123,456,782",
        "123\u2013456\u2013782",
        "1234\u200b56782",
        "1 2 3 4 5 6 7 8 2",
        "1.2.3.4.5.6.7.8.2",
        "nummers 20261234567820",
    ],
)
def test_the_notations_of_the_finding_are_found(text):
    assert v.contains_bsn(text)


@pytest.mark.parametrize(
    "text", ["Rotterdam", "12 uur op 3 dagen", "KvK 12345678", "Werkfit B.V. sinds 2019", "GM0599"]
)
def test_ordinary_text_passes(text):
    assert not v.contains_bsn(text)


def test_a_telephone_number_is_read_as_one_number():
    assert v.check_no_bsn("06 12345678", ook_binnen_langere_getallen=False) is None
    assert v.check_no_bsn("123 456 782", ook_binnen_langere_getallen=False) == v.BSN_FOUT


def test_an_allow_list_key_that_is_not_reviewed_is_refused():
    from api.validation import bsn_fouten

    Ongekeurd = typing.Annotated[str, msgspec.Meta(extra={"bsn": "zomaar"})]
    with pytest.raises(KeyError):
        bsn_fouten("x", Ongekeurd, "veld")


# --- through the API: Litestar's own decoding refuses it too --------------------------------------------


async def test_every_request_body_is_an_input_schema(app):
    bodies = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            field = handler.parsed_data_field
            if field is None:
                continue
            tp, _ = _parts(field.annotation)
            if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
                bodies.add(tp)
    assert bodies
    assert all(getattr(b, "_invoer", False) for b in bodies), [b for b in bodies if not b._invoer]


async def test_a_complete_body_with_a_bsn_is_refused_by_the_api(client, db):
    admin = await beheerder()
    response = await client.post(
        "/api/v1/gemeenten",
        json={"code": "GM0363", "naam": "Amster\u00a0dam 123\u200b456\u200b782"},
        headers=auth(admin),
    )
    assert response.status_code == 400
    assert invalid_params(response) == {"naam": v.BSN_FOUT}
    org = await organisatie()
    response = await client.post(
        f"/api/v1/organisaties/{org['id']}/status",
        json={
            "status": "geschorst",
            "reden": "zie 1\u20132\u20133\u20134\u20135\u20136\u20137\u20138\u20132",
        },
        headers=auth(admin),
    )
    assert response.status_code == 400
    assert invalid_params(response) == {"reden": v.BSN_FOUT}
