"""Each timeline entry in words, for the ``replay`` table: who did what, and where it left things.

A party's answer reads as an answer ("UA accepts with conditions: ..."), and
the state column says what the proposal still waits for ("proposed, awaiting
RU") rather than "proposed -> proposed".
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import frozen

from ceasefire.core._history import Cause
from ceasefire.core._values import Stance
from ceasefire.outputs._words import third_person
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._timeline import EntryFacts, Timeline, entry_facts

__all__ = ["Reading", "readings"]

_ARROW = "\u2192"
"""The arrow between a state and the next."""


@frozen
class Reading:
    """One entry of a timeline, as the ``replay`` table shows it.

    Attributes:
        facts: What the entry says, field by field (`EntryFacts`).
        when: Its date as people read it, short ("c. 1 Mar 2025", "Sep 2024").
        proposal: The proposal's title (its id when it has none); "" for context.
        what: Who did what: "UA accepts with conditions", "expires (timer)",
            or a context event's sentence.
        state: Where it left the proposal: "proposed \u2192 rejected",
            "proposed, awaiting RU"; "" for an entry that changed no state.
        tone: What that state is: ``in-force``, ``final``, ``open`` or "".
    """

    facts: EntryFacts
    when: str
    proposal: str
    what: str
    state: str
    tone: str = ""


def _what(facts: EntryFacts, stance: Stance | None) -> str:
    """Say who did what: the party and its action, or a context event's sentence."""
    if facts.cause == "context":
        return facts.description or facts.action or ""
    verb = third_person(facts.action or "")
    if facts.cause == "obligation":
        verb += f" {facts.description}" if facts.description else ""
    elif stance is not None and stance.agrees and facts.conditions:
        verb += " with conditions"
    text = f"{facts.by} {verb}" if facts.by else verb
    if facts.cause == Cause.TIMER.value:
        text += " (timer)"
    if facts.cause == "outside-scope":
        text += f" ({facts.description}, outside the scope)" if facts.description else ""
        text += "" if facts.description else " (outside the scope)"
    elif facts.cause == "answer":
        text += " (its answer is not needed)"
    elif facts.description and facts.cause != "obligation":
        text += f": {facts.description}"
    if facts.conditions:
        text += ": " + "; ".join(facts.conditions)
    return text


def _state(facts: EntryFacts, awaiting: list[str], still_open: bool) -> str:
    """Say where the entry left its proposal; "" when it changed no state."""
    if facts.to_state is None:
        return ""
    waiting = f", awaiting {', '.join(awaiting)}" if awaiting and still_open else ""
    if facts.from_state is None or facts.from_state == facts.to_state:
        return f"{facts.to_state}{waiting}"
    return f"{facts.from_state} {_ARROW} {facts.to_state}{waiting}"


def readings(timeline: Timeline) -> Iterator[Reading]:
    """Read each entry of `timeline` in order, following each proposal's answers as it goes."""
    zone = timeline.timezone
    stances: dict[str, dict[str, Stance]] = {
        pid: dict.fromkeys(spec.needs, Stance.PENDING) for pid, spec in timeline.proposals.items()
    }
    for entry in timeline.entries:
        facts = entry_facts(entry, zone)
        spec = timeline.proposals.get(facts.proposal or "")
        stance = None
        if spec is not None and facts.action is not None:
            action = spec.lifecycle.action(facts.action)
            stance = action.stance if action is not None else None
            if (
                stance is not None
                and facts.by in stances[spec.id]
                and entry.change is not None
                and entry.change.cause is Cause.ACTION
            ):
                stances[spec.id][facts.by] = stance
        awaiting = [
            p for p, s in stances.get(facts.proposal or "", {}).items() if s is Stance.PENDING
        ]
        open_, tone = False, ""
        if spec is not None and facts.to_state is not None:
            state = spec.lifecycle.state(facts.to_state)
            open_ = not state.final and not state.in_force
            tone = "in-force" if state.in_force else "final" if state.final else "open"
        precision = facts.precision
        when = (
            ""
            if precision is None
            else date_text(facts.at, precision, facts.between, zone=zone, short=True)
        )
        title = "" if spec is None else (spec.title or spec.id)
        what = _what(facts, stance)
        yield Reading(facts, when, title, what, _state(facts, awaiting, open_), tone)
