"""How values cross between the processes of a shared-out replay: pickles, some values as tuples."""

from __future__ import annotations

import copyreg
import io
import pickle
from operator import attrgetter
from types import MappingProxyType
from typing import IO, Any, TypeVar

import attrs

from ceasefire.core._history import Change
from ceasefire.core._values import Source
from ceasefire.scenario._entries import Entry
from ceasefire.scenario._scenario import Event

T = TypeVar("T")

__all__ = ["dumped", "send"]


def send(stream: IO[bytes], found: object) -> None:
    """Send `found` to the other process (read-only mappings as well)."""
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(found)
    stream.flush()


def dumped(found: object) -> bytes:
    """`found` pickled as `send` pickles it, to be read (`pickle.loads`) when needed."""
    stream = io.BytesIO()
    send(stream, found)
    return stream.getvalue()


def _proxy(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuild a read-only mapping sent by `send`."""
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _proxy, (dict(proxy),)


_SENT = (Change, Entry, Event, Source)
"""The values a worker sends by the hundred thousand: sent as their fields alone."""

_FIELDS: dict[type[Any], tuple[str, ...]] = {
    cls: tuple(a.name for a in attrs.fields(cls)) for cls in _SENT
}
_SET = object.__setattr__


def _rebuilt(cls: type[T], values: tuple[Any, ...]) -> T:
    """Rebuild a value sent by `send`, its fields as they were (checked when first built)."""
    value = object.__new__(cls)
    for name, field in zip(_FIELDS[cls], values, strict=True):
        _SET(value, name, field)
    return value


def _reducer(cls: type[Any]) -> Any:
    """Pickle a value of `cls` as its class and a tuple of its fields."""
    fields = attrgetter(*_FIELDS[cls])

    def reduce(value: Any) -> tuple[Any, tuple[type[Any], tuple[Any, ...]]]:
        return _rebuilt, (cls, fields(value))

    return reduce


_DISPATCH: dict[type[Any], Any] = {
    **copyreg.dispatch_table,
    MappingProxyType: _reduce_proxy,
    **{cls: _reducer(cls) for cls in _SENT},
}
"""How `send` pickles: read-only mappings kept read-only; the values sent most, as tuples.

A tuple of fields pickles and unpickles several times faster than the
attrs state (a mapping of field names, set again one by one).
"""
