"""The library's values drawn as HTML for notebooks: Jupyter calls ``_repr_html_`` to show them.

Each function here draws one class and is declared in pyproject.toml as the
entry point of group ``ceasefire.html`` named after that class; the class's
``_repr_html_`` (`ceasefire._showing.Displayed`) finds it there. Every text
from a scenario is escaped; the pictures are the library's own SVG: the chart
of `ceasefire.outputs.chart.timeline_svg` and the diagram of
`ceasefire.outputs.diagrams.to_svg`. Dates are written by
`ceasefire.scenario._dates.date_text`, in the timeline's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from html import escape

from ceasefire.core._instants import When
from ceasefire.core._model import Lifecycle, Status
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._values import precision_of
from ceasefire.outputs.chart import timeline_svg
from ceasefire.outputs.diagrams import graph_of, to_svg
from ceasefire.scenario._dates import date_text
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline, change_precision

__all__ = ["lifecycle_html", "negotiation_html", "scenario_html", "status_html", "timeline_html"]


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """An HTML table of texts, each escaped here."""
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{escape(caption)}</caption>")
    lines.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _date(at: When | None, zone: tzinfo | None = None) -> str:
    return "" if at is None else date_text(at, precision_of(at), zone=zone, short=True)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def timeline_html(timeline: Timeline) -> str:
    """Return a timeline as its chart and a table: each proposal's state at the end, in force."""
    zone = timeline.timezone
    rows = []
    for pid, proposal in timeline.proposals.items():
        last = timeline.last_change(pid)
        state = timeline.state_of(pid) or ""
        since = "" if last is None else date_text(last.at, change_precision(last, zone), zone=zone)
        in_force = bool(state) and proposal.lifecycle.state(state).in_force
        rows.append((pid, proposal.title, state, _yes(in_force), since))
    end = date_text(timeline.end, precision_of(timeline.end), zone=zone)
    caption = f"At the end of the record ({end}, {zone or 'UTC'})"
    table = _table(("proposal", "title", "state", "in force", "since"), rows, caption)
    return f'<div class="ceasefire-timeline">\n{timeline_svg(timeline)}\n{table}\n</div>'


def _status_row(status: Status, zone: tzinfo | None = None) -> tuple[str, ...]:
    answers = "; ".join(
        f"{p.party}: {p.stance.value}" + (f" ({', '.join(p.conditions)})" if p.conditions else "")
        for p in status.positions
    )
    return (
        status.proposal.id,
        status.proposal.title,
        status.state,
        _yes(status.in_force),
        _date(status.entered_at, zone),
        _date(status.ends, zone),
        answers,
    )


_STATUS_HEAD = ("proposal", "title", "state", "in force", "since", "ends", "answers")


def status_html(status: Status) -> str:
    """Return a status as a table of one row: state, in force, since, ends, the answers."""
    return _table(_STATUS_HEAD, [_status_row(status)])


def negotiation_html(negotiation: Negotiation) -> str:
    """Return a negotiation as a table of its proposals' current statuses."""
    caption = f"Negotiation at {_date(negotiation.now)}"
    return _table(_STATUS_HEAD, [_status_row(s) for s in negotiation.statuses()], caption)


def scenario_html(scenario: Scenario) -> str:
    """Return a scenario's title, description, parties and a table of its proposals."""
    parts = [f"<h3>{escape(scenario.title or scenario.id)}</h3>"]
    if scenario.description:
        parts.append(f"<p>{escape(scenario.description)}</p>")
    if scenario.parties:
        parties = ", ".join(
            f"{escape(party.name or pid)} ({escape(pid)}, {escape(party.role.value)})"
            for pid, party in scenario.parties.items()
        )
        parts.append(f"<p>Parties: {parties}</p>")
    rows = (
        (pid, p.title, p.proposed_by or "", ", ".join(p.needs), p.lifecycle.name)
        for pid, p in scenario.proposals.items()
    )
    head = ("proposal", "title", "proposed by", "needs", "lifecycle")
    caption = f"{len(scenario.proposals)} proposals, {len(scenario.events)} events"
    parts.append(_table(head, rows, caption))
    return '<div class="ceasefire-scenario">\n' + "\n".join(parts) + "\n</div>"


def lifecycle_html(lifecycle: Lifecycle) -> str:
    """Return a lifecycle as its diagram (SVG) and its description."""
    about = f"<p>{escape(lifecycle.description)}</p>\n" if lifecycle.description else ""
    return f'<div class="ceasefire-lifecycle">\n{about}{to_svg(graph_of(lifecycle))}\n</div>'
