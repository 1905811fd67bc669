"""Values of the model as JSON: every field of a value class, in order, by its own name."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from ceasefire.files._text import format_duration, format_when

__all__ = ["plain"]


def plain(value: object) -> Any:
    """Return `value` as JSON-native data.

    A value class becomes a mapping of each of its fields, in order, by name;
    a tuple a list; an enumeration its value; an instant ISO 8601 text; a
    length an ISO 8601 duration (``P30D``). So a field added to the terms of
    a proposal appears in the export without being named here.
    """
    kind = type(value)
    if attrs.has(kind):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(kind)}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):  # the parameters of terms, the variables of a status
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, date | timedelta | enum.Enum):
        return _scalar(value)
    return value


def _scalar(value: date | timedelta | enum.Enum) -> Any:
    """An instant, a length or an enumeration as JSON-native data."""
    if isinstance(value, enum.Enum):
        return value.value
    return format_when(value) if isinstance(value, date) else format_duration(value)
