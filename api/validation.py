"""Validate a request body or form against a msgspec Struct, collecting every field error at once.

msgspec stops at the first error; the register must name all of them, in Dutch. So each field is
converted on its own, and afterwards the Struct's own `extra_checks` (cross-field and domain checks)
run on the fields that converted.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal, get_args, get_origin

import msgspec

from register.errors import FieldError, InvalidInput
from register.opmaak import getal
from register.validators import check_no_bsn

T = typing.TypeVar("T", bound=msgspec.Struct)

_TYPES = {
    "int": "een geheel getal",
    "float": "een getal",
    "str": "tekst",
    "bool": "waar of onwaar (true/false)",
    "array": "een lijst",
    "object": "een object",
    "null": "leeg (null)",
}


def _literal_values(tp: Any) -> list[str] | None:
    tp = _strip(tp)
    if get_origin(tp) is Literal:
        return [str(v) for v in get_args(tp)]
    return None


def _strip(tp: Any) -> Any:
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (typing.Union, types.UnionType):
        # None and UNSET (an optional field left out) say nothing about the values allowed
        args = [a for a in get_args(tp) if a is not type(None) and a is not msgspec.UnsetType]
        if len(args) == 1:
            return _strip(args[0])
    return tp


def _field_hint(tp: Any) -> str | None:
    """A Dutch message attached to a field type via `Meta(extra={"fout": ...})`."""
    for part in [tp, *get_args(tp)]:
        if get_origin(part) is typing.Annotated:
            for meta in get_args(part)[1:]:
                if isinstance(meta, msgspec.Meta) and meta.extra and "fout" in meta.extra:
                    return meta.extra["fout"]
    return None


def translate(message: str, tp: Any) -> str:
    """Turn a msgspec validation message into a Dutch reason."""
    message = re.sub(r" - at `\$[^`]*`$", "", message)
    hint = _field_hint(tp)
    if m := re.match(r"Expected `([\w |]+)`, got `(\w+)`", message):
        expected = " of ".join(_TYPES.get(t.strip(), t.strip()) for t in m.group(1).split("|"))
        if "date" in m.group(1):
            return "moet een datum zijn in de vorm JJJJ-MM-DD"
        return f"moet {expected} zijn"
    if m := re.match(r"Expected `\w+` >= ([\d.]+)", message):
        return f"moet minimaal {getal(m.group(1))} zijn"
    if m := re.match(r"Expected `\w+` > ([\d.]+)", message):
        return f"moet groter dan {getal(m.group(1))} zijn"
    if m := re.match(r"Expected `\w+` <= ([\d.]+)", message):
        return f"mag hoogstens {getal(m.group(1))} zijn"
    if m := re.match(r"Expected `\w+` < ([\d.]+)", message):
        return f"moet kleiner dan {getal(m.group(1))} zijn"
    if m := re.match(r"Expected `str` of length >= (\d+)", message):
        return "mag niet leeg zijn" if m.group(1) == "1" else f"moet minstens {m.group(1)} tekens lang zijn"
    if m := re.match(r"Expected `str` of length <= (\d+)", message):
        return f"mag hoogstens {m.group(1)} tekens lang zijn"
    if m := re.match(r"Expected `array` of length >= (\d+)", message):
        return f"moet minstens {m.group(1)} element(en) bevatten"
    if m := re.match(r"Expected `array` of length <= (\d+)", message):
        return f"mag hoogstens {m.group(1)} elementen bevatten"
    if "matching regex" in message:
        return hint or "heeft niet de juiste vorm"
    if message.startswith("Invalid enum value"):
        values = _literal_values(tp)
        return (
            "moet een van deze waarden zijn: " + ", ".join(values) if values else "is geen toegestane waarde"
        )
    if "RFC3339 encoded date" in message or "Invalid date" in message:
        return "moet een bestaande datum zijn in de vorm JJJJ-MM-DD"
    if "RFC3339 encoded datetime" in message:
        return "moet een tijdstip zijn in de vorm JJJJ-MM-DDTHH:MM:SSZ"
    if message.startswith("Object missing required field"):
        m = re.search(r"`(\w+)`", message)
        return f"het veld {m.group(1) if m else ''} is verplicht".replace("  ", " ")
    if "Invalid UUID" in message:
        return "moet een geldige id (UUID) zijn"
    return hint or "heeft een ongeldige waarde"


def _nested_name(base: str, message: str) -> str:
    m = re.search(r" - at `\$([^`]*)`$", message)
    if not m or not m.group(1):
        return base
    rest = m.group(1)
    # msgspec reports nested struct fields by their encoded (camelCase) name already.
    return base + rest


_FAILED = object()


def _struct_type(tp: Any) -> type[msgspec.Struct] | None:
    tp = _strip(tp)
    return tp if isinstance(tp, type) and issubclass(tp, msgspec.Struct) else None


def _convert(value: Any, tp: Any, path: str, errors: list[FieldError], strict: bool) -> Any:
    """Convert one value, descending into lists and nested Structs so every element error is reported."""
    if value is not None and (nested := _struct_type(tp)) is not None:
        if not isinstance(value, dict):
            errors.append(FieldError(path, "moet een object zijn"))
            return _FAILED
        return _convert_struct(nested, value, path + ".", errors, strict)
    inner = _strip(tp)
    if isinstance(value, list) and get_origin(inner) is list and _struct_type(get_args(inner)[0]) is not None:
        for bound in _list_bounds(tp):
            if reason := bound(len(value)):
                errors.append(FieldError(path, reason))
                return _FAILED
        items = [
            _convert(item, get_args(inner)[0], f"{path}[{i}]", errors, strict) for i, item in enumerate(value)
        ]
        return _FAILED if any(item is _FAILED for item in items) else items
    try:
        converted = msgspec.convert(value, type=tp, strict=strict)
    except msgspec.ValidationError as exc:
        full = _nested_name(path, str(exc))
        errors.append(FieldError(full, translate(str(exc), _resolve(tp, full[len(path) :]))))
        return _FAILED
    if found := bsn_fouten(converted, tp, path):
        errors.extend(found)
        return _FAILED
    return converted


def _list_bounds(tp: Any) -> list:
    bounds = []
    if get_origin(tp) is typing.Annotated:
        for meta in get_args(tp)[1:]:
            if isinstance(meta, msgspec.Meta):
                if meta.min_length is not None:
                    n = meta.min_length
                    bounds.append(lambda k, n=n: f"moet minstens {n} element(en) bevatten" if k < n else None)
                if meta.max_length is not None:
                    n = meta.max_length
                    bounds.append(lambda k, n=n: f"mag hoogstens {n} elementen bevatten" if k > n else None)
    return bounds


def _convert_struct(
    struct_type: type[msgspec.Struct],
    raw: dict[str, Any],
    prefix: str,
    errors: list[FieldError],
    strict: bool,
) -> Any:
    values: dict[str, Any] = {}
    failed = False
    if struct_type.__struct_config__.forbid_unknown_fields:
        known = {info.encode_name for info in msgspec.structs.fields(struct_type)}
        for name in raw:
            if name not in known:
                errors.append(FieldError(prefix + str(name), "is geen bekend veld; laat het weg"))
                failed = True
    for info in msgspec.structs.fields(struct_type):
        name = info.encode_name
        if name not in raw or (raw[name] is None and info.required and not _allows_none(info.type)):
            if info.required:
                errors.append(FieldError(prefix + name, "is verplicht"))
                failed = True
            continue
        converted = _convert(raw[name], info.type, prefix + name, errors, strict)
        if converted is _FAILED:
            failed = True
        else:
            values[info.name] = converted
    if struct_type.__struct_config__.forbid_unknown_fields:
        known = {info.encode_name for info in msgspec.structs.fields(struct_type)}
        for name in raw:
            if name not in known:
                errors.append(FieldError(prefix + str(name), "is geen bekend veld"))
                failed = True
    checks = getattr(struct_type, "extra_checks", None)
    if checks is not None:
        found = checks(values)
        # a field refused on its own (a wrong type, a BSN) is absent from `values`: its own reason stands,
        # a cross-field check that now misses it ("is verplicht") would only hide it
        refused = {e.name for e in errors}
        errors.extend(FieldError(prefix + e.name, e.reason) for e in found if prefix + e.name not in refused)
        failed = failed or bool(found)
    if failed:
        return _FAILED
    try:
        return struct_type(**values)
    except ValueError as exc:  # a __post_init__ check that extra_checks did not report
        errors.append(FieldError(prefix.rstrip(".") or "body", str(exc)))
        return _FAILED


# --- no BSN in any input, by construction (issue 13, finding 6) ---------------------------------------------
#
# Every string of every input schema (a Struct whose name ends in `Invoer` or `Wijziging`, and everything
# nested in one) is read as `register.validators.bsn_cijferreeksen` reads it and refused when a number in it
# passes the 11-proef. The check runs where a value is decoded: per field in `validate_payload` (forms, and the
# second pass that names every error) and in `Schema.__post_init__` (Litestar's own decoding of API bodies),
# so a new schema or field is covered without anyone writing a check for it.
#
# The reviewed allow-list: a field type opts out only through `Meta(extra={"bsn": KEY})` with KEY below.
BSN_VRIJSTELLINGEN: dict[str, tuple[Literal["niet", "hele_getallen"], str]] = {
    "verwijzing": (
        "niet",
        "the id (a UUID) of an existing row: looked up, never stored as typed; a UUID's hex groups can join "
        "into long digit runs, so the 11-proef would refuse real ids",
    ),
    "geheim": (
        "niet",
        "a password or a one-time code: only its argon2 hash is kept or it is not kept at all, never shown; "
        "refusing a secret because of its digits would only tell the attacker something",
    ),
    "webadres": (
        "hele_getallen",
        "the https URL of a case system's webhook receiver (issue 15): host addresses and ports join into long "
        "digit runs; a run of exactly nine digits is still refused, nine digits inside a longer number are not",
    ),
    "telefoonnummer": (
        "hele_getallen",
        "a telephone number is a run of ten or more digits by nature: a run of exactly nine digits is still "
        "refused, nine digits inside a longer number are not",
    ),
}


def _bsn_sleutel(tp: Any) -> str | None:
    parts = [tp]
    while parts:
        part = parts.pop()
        if get_origin(part) is typing.Annotated:
            args = get_args(part)
            for meta in args[1:]:
                if isinstance(meta, msgspec.Meta) and meta.extra and "bsn" in meta.extra:
                    key = meta.extra["bsn"]
                    if key not in BSN_VRIJSTELLINGEN:
                        raise KeyError(f"BSN-vrijstelling {key!r} staat niet in BSN_VRIJSTELLINGEN")
                    return key
            parts.append(args[0])
        elif get_origin(part) in (typing.Union, types.UnionType):
            parts.extend(get_args(part))
    return None


def bsn_fouten(value: Any, tp: Any, path: str) -> list[FieldError]:
    """Every place in an input value (a string, a list, a Struct, nested) that holds a BSN.

    `tp` is the declared type of `value`; `path` its field name as the client sent it (camelCase,
    `a.b`, `c[0]`). Returns one FieldError per string that fails, with the Dutch reason.
    """
    if isinstance(value, str):
        key = _bsn_sleutel(tp)
        mode = BSN_VRIJSTELLINGEN[key][0] if key else "overal"
        if mode == "niet":
            return []
        reason = check_no_bsn(value, ook_binnen_langere_getallen=mode == "overal")
        return [FieldError(path, reason)] if reason else []
    if isinstance(value, list):
        inner = _strip(tp)
        item_tp = get_args(inner)[0] if get_origin(inner) is list and get_args(inner) else Any
        return [e for i, item in enumerate(value) for e in bsn_fouten(item, item_tp, f"{path}[{i}]")]
    if isinstance(value, msgspec.Struct):
        prefix = f"{path}." if path else ""
        return [
            e
            for info in msgspec.structs.fields(type(value))
            for e in bsn_fouten(getattr(value, info.name), info.type, prefix + info.encode_name)
        ]
    return []


def validate_payload(struct_type: type[T], raw: Any, *, strict: bool = True) -> T:
    if not isinstance(raw, dict):
        raise InvalidInput([FieldError("body", "moet een JSON-object zijn")])
    errors: list[FieldError] = []
    result = _convert_struct(struct_type, raw, "", errors, strict)
    if errors or result is _FAILED:
        raise InvalidInput(errors or [FieldError("body", "is ongeldig")])
    return result


def _resolve(tp: Any, path: str) -> Any:
    """The type at a nested path such as `[0].code`, for a precise message."""
    for index, attr in re.findall(r"\[(\d+)\]|\.(\w+)", path):
        tp = _strip(tp)
        if index:
            args = get_args(tp)
            tp = args[0] if args else Any
        elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            match = [f for f in msgspec.structs.fields(tp) if f.encode_name == attr]
            tp = match[0].type if match else Any
    return tp


def _allows_none(tp: Any) -> bool:
    if get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    return get_origin(tp) in (typing.Union, types.UnionType) and type(None) in get_args(tp)
