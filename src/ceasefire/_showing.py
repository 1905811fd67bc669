"""How the library's values show themselves: a repr of one short line, and HTML for notebooks.

Every public class's repr is one line of fewer than 200 characters that says
what the value is, however long its texts or how many its parts: a nested
value shows as its id, a collection as its first items or its size, a text
cut with "…". `Shown` gives a class that repr; `Displayed` also gives it
``_repr_html_``, which Jupyter calls to draw a value as HTML.

The HTML is drawn by `ceasefire.outputs`, a floor above the classes that
carry ``_repr_html_``. The classes do not import it: each renderer is
declared as an entry point of the group ``ceasefire.html`` in the package's
own metadata (pyproject.toml), named after the class it draws, and
`html_of` loads the one a value needs when a notebook asks. The floors keep
their order in the code, and nothing is registered at run time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

import attrs

__all__ = [
    "HTML_GROUP",
    "LONGEST_REPR",
    "Displayed",
    "Shown",
    "bracket",
    "brief",
    "clip",
    "counted",
    "error_repr",
    "html_of",
    "negotiation_repr",
    "short_repr",
    "status_repr",
]

LONGEST_REPR = 199
"""The most characters a repr has."""

HTML_GROUP = "ceasefire.html"
"""The entry-point group of the HTML renderers, each named after the class it draws."""

_PART = 40
"""The most characters one field's value takes in a repr."""


def clip(text: str, width: int) -> str:
    """Return `text` cut to `width` characters, ending in "…" when it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def brief(value: object, width: int = _PART) -> str:
    """Return `value` in at most about `width` characters, on one line.

    A text is quoted, an enum member named, a date written in ISO 8601, a
    value with an id shown by its id, a collection by its first items or its
    size.
    """
    if isinstance(value, str):
        return repr(clip(value, width))
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, date | datetime | timedelta):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, Mapping | tuple | list | frozenset):
        return _collection(value, width)
    return _nested(value, width)


def _nested(value: object, width: int) -> str:
    """A value inside another: by its id, or its first two fields, or its own repr cut short."""
    ident = getattr(value, "id", None)
    if attrs.has(type(value)) and isinstance(ident, str):
        return f"<{type(value).__name__} {clip(ident, width)!r}>"
    if attrs.has(type(value)) and type(value).__repr__ is Shown.__repr__:
        shown = [brief(v, 20) for _, v in _fields(value)][:2]
        return clip(f"{type(value).__name__}({', '.join(shown)})", width)
    return clip(_one_line(repr(value)), width)


def _collection(value: Mapping[object, object] | Collection[object], width: int) -> str:
    if isinstance(value, Mapping):
        return "{}" if not value else f"{{{len(value)} items}}"
    items = [brief(item, 30) for item in list(value)[:3]]
    if len(value) > 3:
        items = [*items[:2], f"… {len(value)} items"]
    return clip(f"({', '.join(items)}{',' if len(value) == 1 else ''})", max(width, 70))


def bracket(name: str, summary: str) -> str:
    """Return ``<name summary>`` on one line, cut to `LONGEST_REPR` characters."""
    text = _one_line(f"{name} {summary}" if summary else name)
    return f"<{clip(text, LONGEST_REPR - 2)}>"


def counted(count: int, noun: str, nouns: str = "") -> str:
    """Return "1 proposal", "3 proposals": a count and its noun (`nouns` when not "…s")."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def negotiation_repr(now: str, ids: Collection[str], in_force: Collection[str]) -> str:
    """Return a negotiation's repr: its clock, its proposals and those in force."""
    shown = ", ".join(clip(pid, 30) for pid in list(ids)[:3]) + (", …" if len(ids) > 3 else "")
    listed = f" ({shown})" if ids else ""
    return bracket(
        "Negotiation",
        f"at {now}: {counted(len(ids), 'proposal')}{listed}, {len(in_force)} in force",
    )


def status_repr(proposal: str, state: str, since: date, ends: date | None) -> str:
    """Return a status's repr: the proposal, its state, since when and until when."""
    until = f", ends {ends.isoformat()}" if ends is not None else ""
    return bracket("Status", f"{clip(proposal, 60)}: {state} since {since.isoformat()}{until}")


def error_repr(error: BaseException) -> str:
    """Return an error's repr: its class and the first line of its message, cut short."""
    lines = str(error).splitlines() or [""]
    more = f" (+{counted(len(lines) - 1, 'line')})" if len(lines) > 1 else ""
    code = getattr(error, "code", None)
    coded = f", code={code!s}" if code is not None else ""
    return f"{type(error).__name__}({clip(lines[0], 120)!r}{more}{coded})"


def short_repr(value: object) -> str:
    """Return the repr of an attrs value as attrs writes it, on one short line.

    The fields left at their defaults are left out, and each other field's
    value is `brief`; what is longer than `LONGEST_REPR` is cut with "…)".
    """
    parts = [f"{field.alias or field.name}={brief(shown)}" for field, shown in _fields(value)]
    text = f"{type(value).__name__}({', '.join(parts)})"
    return text if len(text) <= LONGEST_REPR else text[: LONGEST_REPR - 2] + "…)"


def _fields(value: object) -> list[tuple[attrs.Attribute[object], object]]:
    """The fields of an attrs value that its repr shows: public, and not at their defaults."""
    cls = type(value)
    if not attrs.has(cls):
        return []
    found = []
    for field in attrs.fields(cls):
        if not field.repr or field.name.startswith("_"):
            continue
        shown = getattr(value, field.name)
        if not _is_default(field, shown):
            found.append((field, shown))
    return found


def _is_default(field: attrs.Attribute[object], value: object) -> bool:
    default: Any = field.default
    if default is attrs.NOTHING:
        return False
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs types it as a function
        if default.takes_self:
            return False
        default = default.factory()
    try:
        return bool(value == default)
    except Exception:
        return False


def html_of(value: object) -> str | None:
    """Return `value` drawn as HTML by its renderer, or ``None`` when it has none.

    The renderer is the entry point of group `HTML_GROUP` named after the
    value's class, in the metadata of the installed ``ceasefire`` package
    itself (no other package's). Without it (a source tree that is not
    installed) the value has no HTML, and a notebook shows its repr.
    """
    from importlib.metadata import PackageNotFoundError, distribution  # noqa: PLC0415 - when asked

    try:
        points = distribution("ceasefire").entry_points
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return None
    for point in points.select(group=HTML_GROUP, name=type(value).__name__):
        return str(point.load()(value))
    return None


class Shown:
    """A class whose repr is one short line (`short_repr`, or the class's own)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return short_repr(self)


class Displayed(Shown):
    """A `Shown` class that a notebook draws as HTML, with its renderer in `ceasefire.outputs`."""

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        """Return the value as HTML for Jupyter (``None``: show the repr)."""
        return html_of(self)
