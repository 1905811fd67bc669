"""What ``status`` says of one proposal, in words: the row of its table and of its TSV."""

from __future__ import annotations

from attrs import frozen

from ceasefire.core._values import Position
from ceasefire.scenario._timeline import EntryFacts

__all__ = ["ProposalStatus"]


@frozen
class ProposalStatus:
    """What ``status`` says of one proposal, in words, for the table and the tab-separated rows.

    Attributes:
        pid: Its id.
        title: Its title, or its id.
        state: Its state, or "not proposed".
        tone: ``in-force``, ``final`` or ``open``: how to colour the state.
        since: The change into that state, as read for every output (``None`` before).
        since_text: Its date in words ("Mar 2025", "19 Apr 2025 18:00 +03:00").
        ends: Until when it is in force: "21 Apr 2025", "open-ended" or "".
        ends_at: The same end in ISO 8601 ("" when there is none).
        positions: Each party's answer, with its conditions.
        answers: One line per party: "UA accepted with conditions: ...".
        obligations: ``(name, state, dates)`` per obligation.
        certainty: "certain", or "possibly active, in force: ..." and why.
        variables: ``(name, value in words)`` per variable of its lifecycle.
    """

    pid: str
    title: str
    state: str
    tone: str
    since: EntryFacts | None
    since_text: str
    ends: str
    ends_at: str
    positions: tuple[Position, ...]
    answers: tuple[str, ...]
    obligations: tuple[tuple[str, str, str], ...]
    certainty: str
    variables: tuple[tuple[str, str], ...] = ()
