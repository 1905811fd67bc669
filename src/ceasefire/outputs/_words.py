"""Words the chart and the report share: who did what, a date as known, a short label."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, in_zone
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._timeline import Timeline, change_precision

__all__ = [
    "Betweens",
    "act_text",
    "betweens_of",
    "change_text",
    "end_text",
    "label_text",
    "third_person",
    "until_text",
    "when_text",
]

Betweens = dict[int, tuple[date, date] | None]
"""The range of each change's approximate date, by the change's ``id``."""


def betweens_of(timeline: Timeline) -> Betweens:
    """Return the range of each change's approximate date, if its event gives one."""
    return {
        id(e.change): e.event.between
        for e in timeline.entries
        if e.change is not None and e.event is not None
    }


def change_text(change: Change, betweens: Betweens, zone: tzinfo | None) -> str:
    """Return when `change` happened, as precisely as it is known ("18 Mar 2025", "Sep 2024")."""
    precision = change_precision(change, zone)
    return when_text(change.at, precision, betweens.get(id(change)), zone=zone)


def end_text(change: Change, betweens: Betweens, zone: tzinfo | None) -> str:
    """Return when a span that `change` ends stopped.

    A timer that fires at the start of a local day ends the span at that
    instant, so the day before is the last one of the span: "the start of
    17 Apr 2025", never "17 Apr 2025", which would read as a day still in
    it. Any other end, and a timer dated more loosely than a day (one that
    fired at the instant of a change known to the month), is `change_text`.
    """
    exact = change_precision(change, zone) in (DatePrecision.TIME, DatePrecision.DAY)
    if change.cause is Cause.TIMER and exact:
        return until_text(change.at, zone)
    return change_text(change, betweens, zone)


def until_text(at: When, zone: tzinfo | None) -> str:
    """Return an instant something runs until: "the start of 21 Apr 2025" at a local midnight.

    Otherwise the time itself, with its offset ("19 Apr 2025 18:00 +03:00").
    """
    shown = in_zone(at, zone, day=True)
    if type(shown) is date:
        return f"the start of {when_text(shown, DatePrecision.DAY, zone=None)}"
    return when_text(at, DatePrecision.TIME, zone=zone)


def act_text(action: str, by: str | None, conditions: tuple[str, ...] = ()) -> str:
    """Return who did what: "UA accepts", "RU accepts (with conditions: X)", "fall-through".

    Without a party, the action's own name; with one, the action as a verb
    after it, as the terminal tables say it (`third_person`: "US falls
    through", "US takes effect").
    """
    text = action if by is None else f"{by} {third_person(action)}"
    if conditions:
        text += f" (with conditions: {'; '.join(conditions)})"
    return text


def when_text(
    at: When,
    precision: DatePrecision | None,
    between: tuple[date, date] | None = None,
    *,
    zone: tzinfo | None,
    short: bool = True,
) -> str:
    """Return `at` as precisely as it is known, through `date_text` (short by default)."""
    if precision is None:
        precision = DatePrecision.TIME if isinstance(at, datetime) else DatePrecision.DAY
    return date_text(at, precision, between, zone=zone, short=short)


def label_text(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, with an ellipsis when it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


_VERB = re.compile(r"[a-z]+")


def third_person(action: str) -> str:
    """Return an action's name as a verb after its subject: accept -> accepts.

    take_effect -> takes effect.

    Only a lower-case first word is inflected; anything else is kept as written.
    """
    words = action.replace("_", " ").replace("-", " ").split(" ")
    verb = words[0]
    if not _VERB.fullmatch(verb):
        return " ".join(words)
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        verb += "es"
    elif len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        verb = verb[:-1] + "ies"
    else:
        verb += "s"
    return " ".join([verb, *words[1:]])
