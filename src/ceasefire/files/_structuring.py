"""Reading parsed data into the file classes with cattrs, with located errors, and back.

Structuring is strict: a number where text is expected, an unknown key, a date
that does not exist or a malformed duration is a `Problem` naming the key
path, what was expected and what was found. `CONVERTER` reads and writes
scenario files and event logs; snapshots make their own with `make_converter`
(times with zone names, and keys of their own for a change's states).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Annotated, Any, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo

import attrs
import cattrs
from attrs import field, frozen
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ceasefire._codes import ErrorCode
from ceasefire._errors import CeasefireError, KeyPath, Problem, did_you_mean
from ceasefire.core._characters import id_problem, is_id, is_text, name_problem, text_problem
from ceasefire.core._history import Cause
from ceasefire.core._instants import When
from ceasefire.core._model import CEASEFIRE
from ceasefire.core._table import Actor
from ceasefire.core._terms import ObligationState, StartRule
from ceasefire.core._values import DatePrecision, Participation, Role, Stance
from ceasefire.files._documents import (
    EVENT_KEYS,
    ActionDoc,
    Answer,
    CheckpointDoc,
    DroppedTimerDoc,
    DroppedTransitionDoc,
    EventDoc,
    LifecycleDoc,
    ObligationDoc,
    PartyDoc,
    ProposalDoc,
    ScenarioDoc,
    SourceDoc,
    SourceRefDoc,
    StateDoc,
    TextKind,
    TimerDoc,
    TransitionDoc,
    VersionDoc,
    file_key,
)
from ceasefire.files._file_values import VariableType, register_value_hooks
from ceasefire.files._parsing import Document
from ceasefire.files._partial_dates import compact_date, partial_date
from ceasefire.files._text import (
    InvalidValueError,
    format_duration,
    format_when,
    parse_duration,
    parse_when,
    parse_zone,
)
from ceasefire.scenario._same_day import SameDay
from ceasefire.scenario._scenario import FULFIL, PROPOSE, DisputeRuleName

__all__ = [
    "CONVERTER",
    "Converter",
    "EventShapeError",
    "make_converter",
    "misspelt_event_key",
    "quick_event",
    "structure_as",
    "structure_document",
    "unstructure_document",
]

T = TypeVar("T")


class EventShapeError(Exception):
    """An event without exactly one action key; the message is complete in itself."""


def _strict(kind: type, expected: str) -> Callable[[object, type], object]:
    def structure(value: object, _: type) -> object:
        if not isinstance(value, kind):
            raise InvalidValueError(expected, value)
        return value

    return structure


def _text(value: object, _: type) -> str:
    """Read free text: a string without control characters (tab and newline excepted)."""
    if not isinstance(value, str):
        raise InvalidValueError("text", value)
    problem = text_problem(value)
    if problem is not None:
        raise InvalidValueError(
            problem, value, code=ErrorCode.BAD_TEXT, message=f"expected {problem}"
        )
    return value


def _marked_text(cl: Any) -> Callable[[object, type], str]:
    """Read an `Id` or a `Name`: text in the alphabet its mark calls for."""
    kind = next(m for m in cl.__metadata__ if isinstance(m, TextKind))
    check = id_problem if kind is TextKind.ID else name_problem

    def structure(value: object, _: type) -> str:
        if not isinstance(value, str):
            raise InvalidValueError("text", value)
        problem = check(value)
        if problem is not None:
            raise InvalidValueError(
                problem, value, code=ErrorCode.BAD_ID, message=f"expected {problem}"
            )
        return value

    return structure


def _is_marked_text(cl: Any) -> bool:
    return get_origin(cl) is Annotated and any(isinstance(m, TextKind) for m in cl.__metadata__)


def _enum(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    values = [m.value for m in cls]

    def structure(value: object, _: type) -> enum.Enum:
        if isinstance(value, str):
            for member in cls:
                if member.value == value:
                    return member
        hint = did_you_mean(value, values) if isinstance(value, str) else ""
        raise InvalidValueError(
            f"one of {', '.join(values)}", value, hint, code=ErrorCode.NOT_A_CHOICE
        )

    return structure


_ENUMS = (
    VariableType,
    Role,
    Actor,
    Stance,
    Participation,
    StartRule,
    DatePrecision,
    Answer,
    ObligationState,
    DisputeRuleName,
    Cause,
    SameDay,
)
"""The enumerations files hold, written as their values."""


@frozen
class Converter:
    """A cattrs converter for one kind of file, with the keys it writes and located errors.

    Attributes:
        cattrs: The cattrs converter (not changed once built).
        renames: Keys written otherwise than the field's name hyphenated
            (``proposed_by`` is ``proposed-by``), by class and field name.
        descriptions: What a mapping of each class is, in words, for messages
            ("a party: a mapping with name and role"), beyond the file classes'.
    """

    cattrs: cattrs.Converter
    renames: Mapping[type, Mapping[str, str]] = field(factory=dict)
    descriptions: Mapping[type, str] = field(factory=dict)

    def key(self, cl: object, name: str) -> str:
        """Return the key under which the field `name` of the class `cl` is written."""
        renamed = self.renames.get(cl) if isinstance(cl, type) else None
        return renamed.get(name, file_key(name)) if renamed else file_key(name)

    def describe(self, cl: object) -> str:
        """Say in words what a value of the type `cl` is, for "expected ..." messages."""
        found = self.descriptions.get(cl) if isinstance(cl, type) else None
        return found if found is not None else _name(cl)

    def structure(
        self, data: object, cl: type[T], document: Document, path: KeyPath = ()
    ) -> tuple[T | None, list[Problem]]:
        """Structure `data` (found at `path` of `document`) as a `cl`, or return every problem."""
        try:
            return self.cattrs.structure(data, cl), []
        except Exception as error:  # cattrs reports every problem as one tree of exceptions
            return None, list(self._problems(error, path, document, cl))

    def unstructure(self, value: object) -> Any:
        """Return `value` as plain data, keys in field order, fields at their default left out."""
        return self.cattrs.unstructure(value)

    def _class_problems(
        self, error: ClassValidationError, path: KeyPath, document: Document, cl: Any
    ) -> Iterator[Problem]:
        with_notes, without = error.group_exceptions()
        fields = {a.name: a.type for a in attrs.fields(cl)} if attrs.has(cl) else {}
        for inner, note in with_notes:
            key = self.key(cl, note.name)
            if isinstance(inner, KeyError):
                yield document.problem(path, f"missing required key {key!r}", ErrorCode.MISSING_KEY)
            else:
                yield from self._problems(inner, (*path, key), document, fields.get(note.name))
        for inner in without:
            yield from self._problems(inner, path, document, cl)

    def _problems(
        self, error: BaseException, path: KeyPath, document: Document, cl: Any
    ) -> Iterator[Problem]:
        """Flatten a cattrs error tree into located problems."""
        if isinstance(error, ClassValidationError):
            yield from self._class_problems(error, path, document, cl)
        elif isinstance(error, IterableValidationError):
            indexed, unindexed = error.group_exceptions()
            args = get_args(cl)
            item = args[0] if args and get_origin(cl) is tuple else (args[-1] if args else None)
            for inner, item_note in indexed:
                yield from self._problems(inner, (*path, item_note.index), document, item)
            for inner in unindexed:
                yield from self._problems(inner, path, document, cl)
        elif isinstance(error, ForbiddenExtraKeysError):
            allowed = [self.key(error.cl, a.name) for a in attrs.fields(error.cl)]
            if error.cl is EventDoc:
                allowed = sorted(EVENT_KEYS)
            for key in sorted(error.extra_fields):
                yield document.problem(
                    (*path, key),
                    f"unknown key {key!r}{did_you_mean(key, allowed)}; expected one of: "
                    + ", ".join(allowed),
                    ErrorCode.UNKNOWN_KEY,
                    key=True,
                )
        elif isinstance(error, InvalidValueError):
            yield document.problem(path, str(error), error.code)
        elif isinstance(error, EventShapeError):
            yield document.problem(path, str(error), ErrorCode.EVENT_SHAPE)
        elif isinstance(error, CeasefireError):  # a library value refusing what it was given
            yield document.problem(path, str(error), error.code)
        else:
            yield document.problem(path, f"invalid value: {error}", ErrorCode.WRONG_TYPE)


def make_converter(
    *,
    zone_names: bool = False,
    quick: bool = True,
    renames: Mapping[type, Mapping[str, str]] | None = None,
    descriptions: Mapping[type, str] | None = None,
) -> Converter:
    """Build a converter of file classes (and of the plain domain values files hold).

    Args:
        zone_names: Read and write a time in a named zone with the zone's name
            after it (see `ceasefire.files._text.format_when`).
        quick: Read plain events with `quick_event`.
        renames: Keys that are not the field's name hyphenated, by class and field.
        descriptions: What a mapping of each class is, in words, for messages.
    """
    wrapper = Converter(
        cattrs.Converter(forbid_extra_keys=True, detailed_validation=True),
        renames or {},
        descriptions or {},
    )
    _register_values(wrapper.cattrs, zone_names=zone_names)
    _register_collections(wrapper)
    _register_classes(wrapper, quick=quick)
    return wrapper


def _register_values(converter: cattrs.Converter, *, zone_names: bool) -> None:
    """Read and write text, truth values, instants, durations and enumerations strictly."""
    converter.register_structure_hook(str, _text)
    converter.register_structure_hook_factory(_is_marked_text, _marked_text)
    converter.register_structure_hook(bool, _strict(bool, "true or false"))

    def is_when(cl: Any) -> bool:
        return bool(cl == When or cl == When | None)

    def when_hook(cl: Any) -> Callable[[object, type], object]:
        optional = cl == When | None

        def structure(value: object, _: type) -> object:
            if optional and value is None:
                return None
            return parse_when(value, zone_names=zone_names)

        return structure

    converter.register_structure_hook_factory(is_when, when_hook)
    converter.register_structure_hook(timedelta, lambda value, _: parse_duration(value))
    for cls in _ENUMS:
        converter.register_structure_hook(cls, _enum(cls))
    for kind in (date, datetime):
        converter.register_unstructure_hook(
            kind, lambda when: format_when(when, zone_names=zone_names)
        )
    converter.register_unstructure_hook(timedelta, format_duration)

    register_value_hooks(converter)
    converter.register_structure_hook(ZoneInfo, lambda value, _: parse_zone(value))
    converter.register_unstructure_hook(ZoneInfo, lambda zone: zone.key)


def _register_collections(wrapper: Converter) -> None:
    """Read lists, tuples and mappings only from lists and mappings; write tuples as lists."""
    converter = wrapper.cattrs

    def is_list(cl: Any) -> bool:
        return get_origin(cl) is list

    def is_tuple(cl: Any) -> bool:
        return get_origin(cl) is tuple

    def is_dict(cl: Any) -> bool:
        return get_origin(cl) is dict

    def list_hook(cl: Any) -> Callable[[object, type], object]:
        inner = cattrs.cols.list_structure_factory(cl, converter)

        def structure(value: object, cl_: type) -> object:
            if not isinstance(value, list):
                raise InvalidValueError("a list", value)
            return inner(value, cl_)

        return structure

    def tuple_hook(cl: Any) -> Callable[[object, type], object]:
        items = list_hook(list[get_args(cl)[0]])  # type: ignore[misc]  # a list of the items

        def structure(value: object, cl_: type) -> object:
            found: list[object] = items(value, cl_)  # type: ignore[assignment]
            return tuple(found)

        return structure

    def dict_hook(cl: Any) -> Callable[[object, type], object]:
        inner = cattrs.cols.mapping_structure_factory(cl, converter)
        value_kind = get_args(cl)[1]

        def structure(value: object, cl_: type) -> object:
            if not isinstance(value, dict):
                raise InvalidValueError(f"a mapping of {wrapper.describe(value_kind)} by id", value)
            return inner(value, cl_)

        return structure

    converter.register_structure_hook_factory(is_list, list_hook)
    converter.register_structure_hook_factory(is_tuple, tuple_hook)
    converter.register_structure_hook_factory(is_dict, dict_hook)
    converter.register_unstructure_hook_factory(
        is_tuple, lambda _: lambda items: [converter.unstructure(item) for item in items]
    )


def _register_classes(wrapper: Converter, *, quick: bool) -> None:
    """Read and write attrs classes under their keys, and events with their one action key."""
    converter = wrapper.cattrs

    def class_hook(cl: Any) -> Callable[[object, type], object]:
        keys: dict[str, Any] = {
            a.name: override(rename=wrapper.key(cl, a.name)) for a in attrs.fields(cl)
        }
        if cl is EventDoc:
            keys["action"] = override(omit=True)
            keys["proposal"] = override(omit=True)
        inner = make_dict_structure_fn(cl, converter, **keys)
        expected = wrapper.describe(cl)

        def structure(value: object, cl_: type) -> object:
            if cl is SourceRefDoc and isinstance(value, str):
                return SourceRefDoc(ref=value)
            if not isinstance(value, dict):
                raise InvalidValueError(expected, value)
            if cl is EventDoc:
                return (quick and quick_event(value)) or _structure_event(value, inner)
            return inner(value, cl_)

        return structure

    def class_unhook(cl: Any) -> Callable[[Any], object]:
        keys: dict[str, Any] = {
            a.name: override(rename=wrapper.key(cl, a.name)) for a in attrs.fields(cl)
        }
        return make_dict_unstructure_fn(cl, converter, _cattrs_omit_if_default=True, **keys)

    converter.register_structure_hook_factory(attrs.has, class_hook)
    converter.register_unstructure_hook_factory(attrs.has, class_unhook)


def _name(cl: object) -> str:
    names = {
        EventDoc: "an event: a mapping with date, one action key and a source",
        SourceRefDoc: "a source: an id, or a mapping with ref and quote",
        ProposalDoc: "a proposal: a mapping with proposed-by, needs and terms",
        PartyDoc: "a party: a mapping with name and role",
        SourceDoc: "a source: a mapping with title",
        LifecycleDoc: "a lifecycle: a mapping with initial, states, actions and transitions",
        StateDoc: "a state: a mapping (final, in-force, description)",
        ActionDoc: "an action: a mapping (by, answer, changes-end, description)",
        TransitionDoc: "a transition: a mapping with action, from and to",
        TimerDoc: "a timer: a mapping with name, from, to and at",
        CheckpointDoc: "a checkpoint: a mapping with as-of and what to expect",
        VersionDoc: "a dating: a mapping with date and source",
        ObligationDoc: "an obligation: a mapping with within (P14D), by and description",
        DroppedTransitionDoc: "a transition to drop: a mapping with action and from",
        DroppedTimerDoc: "a timer to drop: a mapping with name and from",
        ScenarioDoc: "a scenario: a mapping with scenario, parties, proposals and events",
    }
    if cl in names:
        return names[cl]
    return "a mapping" if get_origin(cl) is dict else getattr(cl, "__name__", str(cl))


@functools.lru_cache(maxsize=512)
def misspelt_event_key(key: str) -> bool:
    """Whether `key` looks like a misspelt event key (``sorce``) rather than an action.

    The answer depends on the key alone, and the same few keys come up in
    every event of a large file, so it is remembered (a bounded cache). The
    built-in lifecycle's actions are never taken for misspellings (``extend``
    looks like ``between``).
    """
    return key not in _BUILT_IN_ACTIONS and bool(did_you_mean(key, EVENT_KEYS))


_BUILT_IN_ACTIONS = frozenset({PROPOSE, FULFIL, *(a.name for a in CEASEFIRE.actions)})
"""Action keys that are never misspelt event keys."""


def _structure_event(value: dict[str, Any], inner: Callable[..., Any]) -> EventDoc:
    """Read the one action key (``accept: ID``) out of an event, then the rest.

    A date that names only a year or a month is read first (`_partial_date`),
    in the event and in each of its disputed versions.
    """
    value = partial_date(value)
    disputed = value.get("disputed")
    if isinstance(disputed, list) and any(isinstance(v, dict) for v in disputed):
        value = {
            **value,
            "disputed": [partial_date(v) if isinstance(v, dict) else v for v in disputed],
        }
    if "happened" in value:
        return inner(value, EventDoc)  # type: ignore[no-any-return]
    candidates = [k for k in value if k not in EVENT_KEYS]
    typos = [k for k in candidates if misspelt_event_key(k)]
    actions = [k for k in candidates if k not in typos] or candidates
    if len(actions) != 1:
        found = ", ".join(actions) if actions else "none"
        raise EventShapeError(
            "expected one action key (propose: ID, accept: ID, ...) or happened: TEXT; "
            f"found {found}"
        )
    action = actions[0]
    rest = {k: v for k, v in value.items() if k != action}
    doc: EventDoc = inner(rest, EventDoc)
    return attrs.evolve(doc, action=action, proposal=value[action])


_QUICK_TEXT = ("by", "note", "kind", "obligation", "where")
"""Event keys whose value is plain text, which `quick_event` reads itself."""

_QUICK_KEYS = frozenset((*_QUICK_TEXT, "date", "source", "sources", "conditions", "until", "extra"))


def quick_event(value: object) -> EventDoc | None:
    """Read a plain event the quick way, or return ``None`` to leave it to the converter.

    A plain event has a date, one action key naming a proposal, and only text
    in ``by``, ``note``, ``kind``, ``obligation``, ``where`` and ``source`` (an
    id), a list of text in ``conditions`` and ``sources`` (ids), and a time
    in ``until`` or a duration in ``extra``. Anything else, including any mistake, returns
    ``None``, so the converter reads it and words the problem; whatever this
    function returns equals what the converter would (a property test checks
    it). It is about ten times faster, for logs with millions of events.

    Args:
        value: One event as parsed from JSON.
    """
    if type(value) is not dict or "date" not in value:
        return None
    action = _quick_action(value)
    if action is None:
        return None
    proposal: str = value[action]
    texts = [action, proposal]  # all the text, searched at once (below)
    fields: dict[str, Any] = {}
    for key in _QUICK_TEXT:
        if key in value:
            text = value[key]
            if type(text) is not str:
                return None
            fields[key] = text
            texts.append(text)
    conditions = _quick_texts(value.get("conditions", []), texts)
    sources = _quick_texts(value.get("sources", []), texts)
    source = value.get("source")
    if source is not None:
        texts.append(source)  # joined below only once known to be text
    # One search of all the text at once: a control character anywhere sends the
    # event to the converter, which names the key that holds it.
    if conditions is None or sources is None or not _quick_plain(source, texts, fields):
        return None
    try:
        when = parse_when(value["date"])
        until = parse_when(value["until"]) if value.get("until") is not None else None
        extra = parse_duration(value["extra"]) if value.get("extra") is not None else None
    except InvalidValueError:
        return None
    return EventDoc(
        date=when,
        action=action,
        proposal=proposal,
        until=until,
        extra=extra,
        conditions=conditions,
        source=None if source is None else SourceRefDoc(ref=source),
        sources=[SourceRefDoc(ref=ref) for ref in sources],
        **fields,
    )


def _quick_action(value: dict[str, Any]) -> str | None:
    """Return the one action key of a plain event (its value some text), or ``None``."""
    action = None
    for key in value:
        if key not in _QUICK_KEYS:
            if action is not None:
                return None
            action = key
    if action is None or action in EVENT_KEYS or type(value[action]) is not str:
        return None
    return None if misspelt_event_key(action) else action


def _quick_plain(source: object, texts: list[str], fields: dict[str, Any]) -> bool:
    """Whether the source is an id's text, no text holds a control character, and by is an id."""
    return (
        (source is None or type(source) is str)
        and is_text("".join(texts))
        and ("by" not in fields or is_id(fields["by"]))
    )


def _quick_texts(items: object, texts: list[str]) -> list[str] | None:
    """Return a copy of `items` if it is a list of strings (added to `texts`), else ``None``."""
    if type(items) is not list:
        return None
    for item in items:
        if type(item) is not str:
            return None
    texts.extend(items)
    return list(items)


CONVERTER = make_converter()
"""The converter of scenario files and event logs (not changed once built)."""


def structure_document(document: Document) -> tuple[ScenarioDoc | None, list[Problem]]:
    """Structure parsed data into a `ScenarioDoc`, or return every problem found."""
    return structure_as(document.data, ScenarioDoc, document)


def structure_as(
    data: object, cl: type[T], document: Document, path: KeyPath = ()
) -> tuple[T | None, list[Problem]]:
    """Structure `data` (found at `path` of `document`) as a `cl` file class, or every problem."""
    return CONVERTER.structure(data, cl, document, path)


def unstructure_document(doc: ScenarioDoc) -> dict[str, Any]:
    """Return a `ScenarioDoc` as plain data in file order, with default values left out."""
    data: dict[str, Any] = CONVERTER.unstructure(doc)
    events = []
    for event_doc, written in zip(doc.events, data.get("events", []), strict=True):
        written.pop("action", None)
        written.pop("proposal", None)
        compact_date(written)
        for version in written.get("disputed", []):
            compact_date(version)
        if event_doc.action:
            ordered = {"date": written.pop("date"), event_doc.action: event_doc.proposal}
            written = {**ordered, **written}  # noqa: PLW2901 - the action key follows the date
        events.append(written)
    if events:
        data["events"] = events
    return data
