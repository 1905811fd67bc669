"""Plain proposals read straight from the parsed data: `plain_values` and `plain_made`.

The proposals of `ceasefire.files._building_plain`'s quick road, and of the
event log's definitions (`ceasefire.files._log_definitions`): a definition
the converter surely reads is made into a `Proposal` directly, anything a
check doubts is left to the full checks, which word the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import attrs

from ceasefire._errors import CeasefireError
from ceasefire.core._characters import is_id, is_text
from ceasefire.core._model import Lifecycle, Proposal
from ceasefire.core._terms import StartRule
from ceasefire.core._values import Party
from ceasefire.files._converting import plain_proposal_from, plain_terms_from
from ceasefire.files._documents import ProposalDoc
from ceasefire.files._structuring import CONVERTER
from ceasefire.files._text import InvalidValueError

__all__ = ["NO_TEXTS", "PlainValues", "plain_made", "plain_texts", "plain_values"]

_ON_ACCEPTANCE = StartRule.ON_ACCEPTANCE
"""The start rule a proposal has when its definition gives none."""

NO_TEXTS: list[str] = []
"""No conditions (never changed)."""

_NONE = NO_TEXTS


_PLAIN_PROPOSAL_KEYS = frozenset(
    (
        "proposed-by",
        "needs",
        "asked",
        "title",
        "kind",
        "note",
        "lifecycle",
        "scope",
        "duration",
        "start-rule",
        "conditions",
    )
)
"""The keys a plain proposal may have ("needs" it must have)."""


def plain_made(  # noqa: PLR0911 - one proposal's checks, each a way out
    pid: str,
    values: PlainValues,
    parties: Mapping[str, Party],
    available: Mapping[str, Lifecycle],
    terms_made: dict[tuple[Any, ...], Any],
) -> Proposal | None:
    """Make a plain proposal, or return ``None`` if a check doubts it (`Builder.proposal`'s).

    `values` are what `plain_values` read; `terms_made` keeps each distinct
    set of terms made (or ``None`` for terms refused), shared by thousands,
    and each list of parties needed found without a party twice, as one
    tuple shared by every proposal that needs them.
    """
    proposed_by, needs, asked, title, kind, note, name, scope, duration, rule, conditions = values
    lifecycle = available.get(name)
    if lifecycle is None or lifecycle.parameters:
        return None
    if proposed_by is not None and proposed_by not in parties:
        return None
    for party in needs:
        if party not in parties:
            return None
    needed = _distinct(tuple(needs), terms_made)
    if needed is None:
        return None
    if asked:
        for party in asked:
            if party not in parties:
                return None
        if len({*needs, *asked}) != len(needs) + len(asked):
            return None
    # The start rule is an enum, hashed by a Python call: the usual one is left out of the key.
    key = (
        (scope, duration, tuple(conditions))
        if rule is _ON_ACCEPTANCE
        else (scope, duration, rule, tuple(conditions))
    )
    terms = terms_made.get(key, _UNMADE)
    if terms is _UNMADE:
        try:
            terms = plain_terms_from(scope, duration, rule, conditions)
        except CeasefireError:
            terms = None
        terms_made[key] = terms
    if terms is None:
        return None
    return plain_proposal_from(pid, proposed_by, needed, terms, lifecycle, title, kind, note, asked)


_UNMADE: Any = object()
"""What `plain_made` finds for terms not made yet."""

_NEEDED: tuple[Any, ...] = (_UNMADE, "needed")
"""Where `plain_made` keeps, in its terms made, each tuple of parties needed found distinct."""


def _distinct(needed: tuple[Any, ...], made: dict[tuple[Any, ...], Any]) -> tuple[Any, ...] | None:
    """`needed` if no party is in it twice, as the tuple kept for it in `made`; else ``None``."""
    found: dict[tuple[Any, ...], tuple[Any, ...]] | None = made.get(_NEEDED)
    if found is None:
        found = made[_NEEDED] = {}
    shared = found.get(needed)
    if shared is None:
        if len(set(needed)) != len(needed):
            return None
        shared = found[needed] = needed
    return shared


PlainValues = tuple[
    str | None,
    list[str],
    list[str],
    str,
    str,
    str,
    str,
    str,
    timedelta | None,
    StartRule,
    list[str],
]
"""A plain proposal's values, as the converter reads them: proposed-by, needs, asked, title,
kind, note, lifecycle, scope, duration, start rule and conditions."""

_DEFAULT_SCOPE: str = attrs.fields(ProposalDoc).scope.default  # type: ignore[assignment]
_DEFAULT_LIFECYCLE: str = attrs.fields(ProposalDoc).lifecycle.default  # type: ignore[assignment]


def plain_values(
    pid: object, definition: object, read: dict[tuple[Any, str], Any], *, id_known: bool = False
) -> PlainValues | None:
    """The values of a proposal the converter surely reads, or ``None`` if it might not.

    As the converter reads a `ProposalDoc` under an id: only the keys above,
    ids and text where it expects them, a duration and a start rule it reads
    (each written one read once, kept in `read`, with the ids and texts
    found good: thousands of proposals name the same few parties).
    `id_known`: the caller found `pid` an id (`are_ids`, for all at once).
    """
    if (
        type(definition) is not dict
        or "needs" not in definition
        or not _PLAIN_PROPOSAL_KEYS.issuperset(definition)
        or not (id_known or is_id(pid))
    ):
        return None
    known = read.get(_KNOWN)
    if known is None:
        known = read[_KNOWN] = _Known()
    get = definition.get
    proposed_by = get("proposed-by")
    needs = definition["needs"]
    asked = get("asked", _NONE)
    title, kind, note = get("title", ""), get("kind", ""), get("note", "")
    name, scope = get("lifecycle", _DEFAULT_LIFECYCLE), get("scope", _DEFAULT_SCOPE)
    conditions = get("conditions", _NONE)
    if type(needs) is not list or type(asked) is not list or type(conditions) is not list:
        return None
    ids, texts = known.ids, known.texts
    try:  # by set lookups, each id and text once found good: a list or a mapping is unhashable
        seen = (
            (proposed_by is None or proposed_by in ids)
            and ids.issuperset(needs)
            and (asked is _NONE or ids.issuperset(asked))
            and title in texts
            and kind in texts
            and note in texts
            and name in texts
            and scope in texts
            and (conditions is _NONE or texts.issuperset(conditions))
        )
    except TypeError:
        return None
    if not seen and not known.good(
        proposed_by, needs, asked, (title, kind, note, name, scope), conditions
    ):
        return None
    duration = get("duration")
    if duration is not None:
        duration = known.durations.get(duration, _UNREAD) if type(duration) is str else _UNREAD
        if duration is _UNREAD:
            duration = _read(get("duration"), _DURATION, known.durations)
    start_rule = get("start-rule", _ON_ACCEPTANCE)
    if start_rule is not _ON_ACCEPTANCE:
        start_rule = _read(start_rule, _START_RULE, known.rules)
    if duration is _UNREAD or start_rule is _UNREAD:
        return None
    return (
        proposed_by,
        needs,
        asked,
        title,
        kind,
        note,
        name,
        scope,
        duration,
        start_rule,
        conditions,
    )


class _Known:
    """What `plain_values` found good in a file's proposals so far, each looked at once.

    The ids and the texts, and each duration and start rule written, read
    (or `_UNREAD`, refused), by the text written.
    """

    __slots__ = ("durations", "ids", "rules", "texts")

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.texts: set[str] = {"", _DEFAULT_LIFECYCLE, _DEFAULT_SCOPE}
        self.durations: dict[str, Any] = {}
        self.rules: dict[str, Any] = {}

    def good(
        self,
        proposed_by: Any,
        needs: list[Any],
        asked: list[Any],
        texts: tuple[Any, ...],
        conditions: list[Any],
    ) -> bool:
        """Whether these are ids (`proposed_by` maybe ``None``) and text; note them if so."""
        if proposed_by is not None and not is_id(proposed_by):
            return False
        if not _ids(needs) or not _ids(asked) or not plain_texts([*texts, *conditions]):
            return False
        self.ids.update(needs, asked, () if proposed_by is None else (proposed_by,))
        self.texts.update(texts, conditions)
        return True


_KNOWN: tuple[Any, str] = (_Known, "")
"""Where `plain_values` keeps its `_Known` in the values it read."""


_DURATION: Any = timedelta | None
_START_RULE: Any = StartRule
_UNREAD: Any = object()
"""What `_read` gives for a value the converter refuses."""


def _read(written: object, kind: Any, read: dict[str, Any]) -> Any:
    """Read `written` as the converter reads a `kind`, each written text once, or `_UNREAD`."""
    if type(written) is not str:
        if written is None and kind is _DURATION:
            return None
        if written is _ON_ACCEPTANCE:
            return written
        return _UNREAD
    found = read.get(written, read)
    if found is read:
        try:
            found = CONVERTER.cattrs.structure(written, kind)
        except InvalidValueError:
            found = _UNREAD
        read[written] = found
    return found


def _ids(items: object) -> bool:
    """Whether `items` is a list of ids (as the converter reads a list of `Id`)."""
    if type(items) is not list:
        return False
    return all(map(is_id, items))


def plain_texts(items: object) -> bool:
    """Whether `items` is a list of text without control characters (as the converter reads it)."""
    if type(items) is not list:
        return False
    for item in items:
        if type(item) is not str:
            return False
    return is_text("".join(items))
