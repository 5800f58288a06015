"""Typed JSON codec for the frozen dataclass records of :mod:`tadmor.model`.

``to_json`` turns a record into plain JSON values (dicts, lists, str, int, float, bool,
None); ``from_json`` rebuilds the record from them using the dataclass's type hints, so
``from_json(type(x), to_json(x)) == x`` for every record. Handled types: nested
dataclasses, ``X | None`` and other unions, ``tuple[X, ...]`` and fixed tuples, lists,
``dict[str, X]``, ``Enum``/``IntEnum`` (stored as their value), ``date``/``datetime``
(ISO 8601 text), and the JSON scalars.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from tadmor.errors import StoreError

T = TypeVar("T")


class CodecError(StoreError):
    """A record could not be encoded, or stored data does not fit the record's type."""

    def __init__(self, detail: str, *, path: tuple[str, ...] = ()) -> None:
        self.detail = detail
        self.path = path
        where = "".join(path).lstrip(".")
        super().__init__("E303", f"{where}: {detail}" if where else detail)

    def at(self, segment: str) -> CodecError:
        """The same error, located one level further out (``.field`` or ``[i]``)."""
        return CodecError(self.detail, path=(segment, *self.path))


def to_json(obj: Any) -> Any:
    """Encode a record (or any value a record field may hold) as plain JSON values."""
    t = type(obj)
    if t is str or t is int or t is float or t is bool or obj is None:
        return obj
    names = _field_names(cast(Any, t))
    if names is not None:
        return {n: to_json(getattr(obj, n)) for n in names}
    if t is tuple or t is list:
        return [to_json(v) for v in obj]
    if isinstance(obj, Enum):
        return to_json(obj.value)
    if isinstance(obj, bool | int | float | str):
        return obj  # subclasses of the JSON scalars
    if isinstance(obj, datetime | date):  # datetime first: it is a date subclass
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, set | frozenset):
        return sorted((to_json(v) for v in obj), key=lambda v: json.dumps(v, sort_keys=True))
    raise CodecError(f"cannot encode a value of type {t.__name__} as JSON")


@cache
def _field_names(t: type) -> tuple[str, ...] | None:
    """Field names of a dataclass type, None for other types."""
    if dataclasses.is_dataclass(t):
        return tuple(f.name for f in dataclasses.fields(t))
    return None


def dumps(obj: Any) -> str:
    """Compact, deterministic JSON text of a record (field order is the dataclass's)."""
    return json.dumps(to_json(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    """Inverse of :func:`dumps`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CodecError(f"stored {cls.__name__} is not valid JSON: {e}") from e
    return from_json(cls, data)


def from_json(cls: type[T], data: Any) -> T:
    """Rebuild a value of type ``cls`` from what :func:`to_json` produced."""
    try:
        return cast(T, _decoder(cast(Any, cls))(data))
    except CodecError as e:
        raise e.at(getattr(cls, "__name__", str(cls))) from None


Decoder = Callable[[Any], Any]


def _fail(expected: str, data: Any) -> CodecError:
    return CodecError(f"expected {expected}, got {type(data).__name__} {data!r:.80}")


@cache
def _decoder(tp: Any) -> Decoder:
    """A decoder for values of type ``tp``, built once per type."""
    if tp is Any:
        return _identity
    if tp is None or tp is type(None):
        return _decode_none
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder(typing.get_args(tp))
    if origin is not None:
        return _generic_decoder(origin, typing.get_args(tp))
    if not isinstance(tp, type):
        raise CodecError(f"unsupported type annotation {tp!r}")
    if issubclass(tp, Enum):
        return _enum_decoder(tp)
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if issubclass(tp, datetime):  # before date: datetime is a date subclass
        return _iso_decoder(datetime.fromisoformat)
    if issubclass(tp, date):
        return _iso_decoder(date.fromisoformat)
    scalar = _SCALARS.get(tp)
    if scalar is None:
        raise CodecError(f"unsupported type {tp.__name__}")
    return scalar


def _identity(data: Any) -> Any:
    return data


def _decode_none(data: Any) -> None:
    if data is not None:
        raise _fail("null", data)


def _decode_str(data: Any) -> str:
    if not isinstance(data, str):
        raise _fail("a string", data)
    return data


def _decode_int(data: Any) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise _fail("an integer", data)
    return data


def _decode_float(data: Any) -> float:
    if isinstance(data, bool) or not isinstance(data, int | float):
        raise _fail("a number", data)
    return float(data)


def _decode_bool(data: Any) -> bool:
    if not isinstance(data, bool):
        raise _fail("a boolean", data)
    return data


_SCALARS: dict[type, Decoder] = {
    str: _decode_str,
    int: _decode_int,
    float: _decode_float,
    bool: _decode_bool,
}


def _enum_decoder(tp: type[Enum]) -> Decoder:
    def decode(data: Any) -> Enum:
        try:
            return tp(data)
        except ValueError:
            raise _fail(f"a {tp.__name__} value", data) from None

    return decode


def _iso_decoder(parse: Callable[[str], date]) -> Decoder:
    def decode(data: Any) -> date:
        if isinstance(data, str):
            try:
                return parse(data)
            except ValueError:
                pass
        raise _fail("an ISO 8601 date", data)

    return decode


def _union_decoder(args: tuple[Any, ...]) -> Decoder:
    nullable = type(None) in args
    options = [_decoder(a) for a in args if a is not type(None)]
    if len(options) == 1:
        only = options[0]

        def decode_optional(data: Any) -> Any:
            return None if data is None and nullable else only(data)

        return decode_optional

    def decode(data: Any) -> Any:
        if data is None and nullable:
            return None
        errors: list[str] = []
        for option in options:
            try:
                return option(data)
            except CodecError as e:
                errors.append(e.message)
        raise CodecError("; ".join(errors) or "empty union")

    return decode


def _items(decode: Decoder, data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise _fail("a list", data)
    out: list[Any] = []
    for i, v in enumerate(data):
        try:
            out.append(decode(v))
        except CodecError as e:
            raise e.at(f"[{i}]") from None
    return out


def _generic_decoder(origin: Any, args: tuple[Any, ...]) -> Decoder:
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        item = _decoder(args[0] if args else Any)
        if origin is list:
            return lambda data: _items(item, data)
        return lambda data: tuple(_items(item, data))
    if origin is tuple:
        return _fixed_tuple_decoder([_decoder(a) for a in args])
    if origin is frozenset or origin is set:
        item = _decoder(args[0] if args else Any)
        return lambda data: origin(_items(item, data))
    if origin is dict:
        value = _decoder(args[1] if len(args) == 2 else Any)
        return _dict_decoder(value)
    if origin is typing.Literal:
        allowed = args

        def decode_literal(data: Any) -> Any:
            if data not in allowed:
                raise _fail(f"one of {allowed!r}", data)
            return data

        return decode_literal
    raise CodecError(f"unsupported generic type {origin!r}")


def _fixed_tuple_decoder(parts: list[Decoder]) -> Decoder:
    def decode(data: Any) -> tuple[Any, ...]:
        if not parts:
            return tuple(_items(_identity, data))
        if not isinstance(data, list) or len(data) != len(parts):
            raise _fail(f"a list of {len(parts)} items", data)
        out: list[Any] = []
        for i, (d, v) in enumerate(zip(parts, data, strict=True)):
            try:
                out.append(d(v))
            except CodecError as e:
                raise e.at(f"[{i}]") from None
        return tuple(out)

    return decode


def _dict_decoder(value: Decoder) -> Decoder:
    def decode(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise _fail("an object", data)
        out: dict[str, Any] = {}
        for k, v in data.items():
            try:
                out[k] = value(v)
            except CodecError as e:
                raise e.at(f"[{k!r}]") from None
        return out

    return decode


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    specs: list[tuple[str, Decoder, bool]] = []
    for f in dataclasses.fields(cls):
        if f.init:
            required = f.default is dataclasses.MISSING and (
                f.default_factory is dataclasses.MISSING
            )
            specs.append((f.name, _decoder(hints[f.name]), required))

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise _fail(f"an object for {cls.__name__}", data)
        kwargs: dict[str, Any] = {}
        for name, field_decoder, required in specs:
            if name in data:
                try:
                    kwargs[name] = field_decoder(data[name])
                except CodecError as e:
                    raise e.at(f".{name}") from None
            elif required:
                raise CodecError(f"missing field {name!r}")
            # else: a field added after the record was stored keeps its default
        return cls(**kwargs)

    return decode
