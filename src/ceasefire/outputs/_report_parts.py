"""Sections of the HTML report: who answered what, when each ceasefire was in force, every change.

`ceasefire.outputs.report` puts them on the page. Every date goes through
`ceasefire.scenario._dates.date_text`, in the scenario's zone.
"""

from __future__ import annotations

from datetime import date, tzinfo
from html import escape

from ceasefire._errors import CeasefireError
from ceasefire.core._history import Cause, Change
from ceasefire.core._instants import When, day_of, in_zone, instant_key
from ceasefire.core._values import Participation, Position, Stance
from ceasefire.outputs._words import (
    act_text,
    betweens_of,
    change_text,
    end_text,
    until_text,
    when_text,
)
from ceasefire.scenario._scenario import Event, Scenario, Version
from ceasefire.scenario._timeline import Timeline, entry_facts

__all__ = [
    "answers",
    "changes",
    "cite",
    "in_force_spans",
    "linked",
    "proposal_cell",
    "source_anchor",
]


def source_anchor(sid: str) -> str:
    """The id of a source's entry in the sources list (ids are of a safe alphabet already)."""
    return f"source-{sid}"


def proposal_cell(timeline: Timeline, pid: str) -> str:
    """A proposal as a table cell: its title, and its id beneath it."""
    title = timeline.proposals[pid].title
    if not title:
        return f"<code>{escape(pid)}</code>"
    return f'{escape(title)}<br><code class="id">{escape(pid)}</code>'


def _title(timeline: Timeline, pid: str) -> str:
    return timeline.proposals[pid].title or pid


# -- answers ----------------------------------------------------------------------------------


def answers(scenario: Scenario, timeline: Timeline) -> list[str]:
    """The party-by-proposal table: each answer with its date and conditions, or none."""
    asked = {p for spec in timeline.proposals.values() for p in (*spec.needs, *spec.asked)}
    parties = [p for p in scenario.parties if p in asked]
    parties += sorted(asked - set(parties))
    if not parties:
        return []
    head = "".join(
        f'<th scope="col" title="{escape(_party_name(scenario, p))}">{escape(p)}</th>'
        for p in parties
    )
    rows = []
    for pid, spec in timeline.proposals.items():
        if timeline.state_of(pid) is None:
            continue
        positions = {p.party: p for p in timeline.positions(pid)}
        state = timeline.state_of(pid)
        final = state is not None and spec.lifecycle.state(state).final
        cells = []
        for party in parties:
            position = positions.get(party)
            if position is None:
                made = party == spec.proposed_by
                text = "proposed it" if made else "not asked"
                cells.append(f'<td class="muted">{text}</td>')
                continue
            cells.append(_answer_cell(timeline, pid, position, final, party == spec.proposed_by))
        rows.append(f'<tr><th scope="row">{proposal_cell(timeline, pid)}</th>{"".join(cells)}</tr>')
    return [
        "<h2>Who answered what</h2>",
        '<p class="muted">Each party asked to answer a proposal, with its answer as it '
        "stood at the end of the replay, the day it gave it (as precisely as the sources "
        "date it) and its conditions.</p>",
        '<div class="scroll"><table class="answers"><thead><tr><th>Proposal</th>'
        f"{head}</tr></thead><tbody>",
        *rows,
        "</tbody></table></div>",
    ]


def _party_name(scenario: Scenario, party: str) -> str:
    info = scenario.parties.get(party)
    return info.name if info is not None and info.name else party


_STANCES = {
    Stance.ACCEPTED: "accepted",
    Stance.ACCEPTED_WITH_CONDITIONS: "accepted with conditions",
    Stance.REJECTED: "rejected",
}


def _answer_cell(
    timeline: Timeline, pid: str, position: Position, final: bool, proposer: bool
) -> str:
    """One answer: "accepted with conditions: X (11 Mar 2025)", or that none came."""
    if position.stance is Stance.PENDING or position.at is None:
        text = "never answered" if final else "no answer yet"
        text = f"proposed it; {text}" if proposer else text
        return f'<td class="pending">{text}</td>'
    words = _STANCES[position.stance]
    if position.conditions:
        words += f": {'; '.join(position.conditions)}"
    when = _answer_date(timeline, pid, position)
    extra = ""
    if position.participation is not Participation.PARTICIPATING:
        extra = f"; participation {position.participation.value}"
    klass = "pass" if position.stance.agrees else "fail"
    return (
        f'<td><span class="{klass}">{escape(words)}</span>'
        f' <span class="when">({escape(when)})</span>{escape(extra)}</td>'
    )


def _answer_date(timeline: Timeline, pid: str, position: Position) -> str:
    """The date of `position`'s answer as precisely as its event dates it."""
    assert position.at is not None
    zone = timeline.timezone
    key = instant_key(position.at)
    for entry in reversed(timeline.entries):
        event = entry.event
        if (
            event is not None
            and event.proposal == pid
            and event.by == position.party
            and instant_key(entry.at) == key
        ):
            return when_text(event.at, event.precision, event.between, zone=zone)
    return when_text(timeline.shown(position.at), None, zone=zone)


# -- spans in force ---------------------------------------------------------------------------


def in_force_spans(timeline: Timeline) -> list[str]:
    """For each proposal that can be in force, the spans it was, with what is uncertain."""
    zone = timeline.timezone
    betweens = betweens_of(timeline)
    items = []
    for pid, spec in timeline.proposals.items():
        lifecycle = spec.lifecycle
        if not any(s.in_force for s in lifecycle.states):
            continue
        moves = [c for c in timeline.history(pid) if c.moved]
        periods: list[tuple[Change, Change | None]] = []
        for change, following in zip(moves, [*moves[1:], None], strict=False):
            if not lifecycle.state(change.to_state).in_force:
                continue
            if periods and periods[-1][1] is change:
                periods[-1] = (periods[-1][0], following)
            else:
                periods.append((change, following))
        title = escape(_title(timeline, pid))
        if not periods:
            state = timeline.state_of(pid)
            how = f"never in force (at the end: {state})" if state else "never proposed"
            items.append(
                f'<li><strong>{title}</strong>: <span class="muted">{escape(how)}</span></li>'
            )
            continue
        texts = []
        for start, stop in periods:
            begun = change_text(start, betweens, zone)
            if stop is not None:
                texts.append(f"{begun} \u2013 {end_text(stop, betweens, zone)}")
            else:
                ends = timeline.ends(pid)
                runs = (
                    f", running to {until_text(ends, zone)}" if ends is not None else ", open-ended"
                )
                texts.append(f"{begun} \u2013 still in force at the end of the record{runs}")
        doubts = _doubts(timeline, pid, periods)
        note = f'<br><span class="muted">Uncertain: {escape("; ".join(doubts))}</span>'
        items.append(
            f"<li><strong>{title}</strong>: {escape('; '.join(texts))}{note if doubts else ''}</li>"
        )
    if not items:
        return []
    return [
        "<h2>When each proposal was in force</h2>",
        '<ul class="spans">',
        *items,
        "</ul>",
    ]


def _doubts(timeline: Timeline, pid: str, periods: list[tuple[Change, Change | None]]) -> list[str]:
    """What is uncertain about the start or the end of each span, in words, once each."""
    found: list[str] = []
    for start, stop in periods:
        for change in (start, stop):
            if change is None:
                continue
            try:
                answer = timeline.possible_states_on(pid, _day(change.at, timeline.timezone))
            except CeasefireError:  # pragma: no cover - a day inside the timeline
                continue
            for because in answer.because:
                if because.text not in found:
                    found.append(because.text)
            if not answer.exact and "too many placements to tell" not in found:
                found.append("too many placements to tell")
    return found


def _day(at: When, zone: tzinfo | None) -> date:
    return day_of(in_zone(at, zone, day=True))


# -- every change -----------------------------------------------------------------------------

COLUMNS = ("When", "Proposal", "What", "Change", "By", "Sources", "Note")
"""The columns of the table of every change and event."""


def changes(scenario: Scenario, timeline: Timeline) -> list[str]:
    """Every change and event in time order, a party's answer said as who answered what."""
    zone = timeline.timezone
    answered: dict[str, set[str]] = {pid: set() for pid in timeline.proposals}
    rows = []
    for entry in timeline.entries:
        facts = entry_facts(entry, zone)
        event = entry.event
        between = event.between if event is not None else None
        cited = "; ".join(cite(scenario, s.ref, s.quote, s.url) for s in facts.sources)
        move = escape(facts.description)
        pid = facts.proposal
        if pid is not None and pid in timeline.proposals and facts.action:
            move = _move_text(timeline, entry.change, event, facts.by, answered[pid], pid)
        by = facts.by or ("timer" if facts.cause == "timer" else "")
        cells = [
            ("When", escape(when_text(facts.at, facts.precision, between, zone=zone)), "when"),
            ("Proposal", _proposal_name(timeline, pid), ""),
            ("What", escape(facts.action or ""), ""),
            ("Change", move, ""),
            ("By", escape(by), ""),
            ("Sources", cited, ""),
            ("Note", escape(_note(facts.note, facts.disputed, zone)), ""),
        ]
        rows.append(
            "<tr>"
            + "".join(
                f'<td data-label="{label}"{_classes(klass, value)}>{value}</td>'
                for label, value, klass in cells
            )
            + "</tr>"
        )
    head = "".join(f"<th>{label}</th>" for label in COLUMNS)
    return [
        "<h2>Every change and event</h2>",
        f'<div class="scroll"><table class="changes"><thead><tr>{head}</tr></thead><tbody>',
        *rows,
        "</tbody></table></div>",
    ]


def _proposal_name(timeline: Timeline, pid: str | None) -> str:
    if pid is None or pid not in timeline.proposals:
        return escape(pid or "")
    return f'<span title="{escape(pid)}">{escape(_title(timeline, pid))}</span>'


def _move_text(  # noqa: PLR0917 - the parts of one entry, said in one place
    timeline: Timeline,
    change: Change | None,
    event: Event | None,
    by: str | None,
    answered: set[str],
    pid: str,
) -> str:
    """A change in words: "UA accepts (with conditions: …); awaiting RU", or "a → b"."""
    spec = timeline.proposals[pid]
    trigger = change.trigger if change is not None else (event.action if event else "")
    action = spec.lifecycle.action(trigger)
    moved = change is not None and change.moved
    shift = f"{change.from_state or '—'} \u2192 {change.to_state}" if change is not None else ""
    if action is None or action.stance is None or by is None:
        if change is None:
            return escape(event.description if event is not None else "")
        return escape(shift if moved else f"stays {change.to_state}")
    conditions = change.conditions if change is not None else (event.conditions if event else ())
    if (change is None or change.cause is Cause.ACTION) and by in spec.needs:
        answered.add(by)
    said = act_text(trigger, by, conditions)
    awaiting = [p for p in spec.needs if p not in answered]
    if awaiting and not moved and action.stance.agrees:
        said += f"; awaiting {', '.join(awaiting)}"
    elif change is None:
        said += " (asked, not needed: the state does not change)"
    if moved:
        said += f" \u2014 {shift}"
    return escape(said)


def _note(note: str, disputed: tuple[Version, ...], zone: tzinfo | None) -> str:
    other = "; ".join(_version_text(v, zone) for v in disputed)
    return " ".join(x for x in (note, f"Disputed: {other}" if other else "") if x)


def _version_text(version: Version, zone: tzinfo | None) -> str:
    """Another dating of the same act: its date as precisely as known, and its sources."""
    told = []
    if version.at is not None:
        told.append(when_text(version.at, version.precision, version.between, zone=zone))
    if version.action:
        told.append(version.action)
    if version.by:
        told.append(f"by {version.by}")
    if version.until is not None:
        told.append(f"until {when_text(version.until, None, zone=zone)}")
    if version.conditions:
        told.append(f"conditions: {'; '.join(version.conditions)}")
    sources = ", ".join(s.ref for s in version.sources)
    return " ".join(told) + (f" ({sources})" if sources else "")


def _classes(klass: str, value: str) -> str:
    names = " ".join(n for n in (klass, "" if value else "empty") if n)
    return f' class="{names}"' if names else ""


def cite(scenario: Scenario, ref: str, quote: str | None, url: str | None) -> str:
    """A citation: the source's title, linked to its entry in the sources list, and the quote.

    A citation's own URL (a page of the source) is linked after it.
    """
    info = scenario.sources.get(ref)
    name = info.title if info is not None and info.title else ref
    if info is not None:
        text = f'<a href="#{escape(source_anchor(ref))}" title="{escape(ref)}">{escape(name)}</a>'
    else:
        text = f"<cite>{escape(name)}</cite>"
    if url and (info is None or url != info.url):
        text += " " + linked(url, "(page)")
    return text + (f" <q>{escape(quote)}</q>" if quote else "")


def linked(url: str, html: str) -> str:
    """A link to `url` around `html` (already escaped), if `url` is a web address.

    Any other URL (``javascript:``, ``data:``, ...), which a reader could
    click to run something, is shown after `html` as text.
    """
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url)}" rel="noreferrer">{html}</a>'
    return f"{html} (<code>{escape(url)}</code>)"
