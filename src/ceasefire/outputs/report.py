"""One self-contained HTML page about a replayed scenario: no scripts, no network."""

from __future__ import annotations

from datetime import datetime
from html import escape

from ceasefire.core._instants import When
from ceasefire.core._links import mirrors_of
from ceasefire.core._model import Lifecycle
from ceasefire.core._terms import ObligationState
from ceasefire.outputs._report_parts import (
    answers,
    changes,
    in_force_spans,
    linked,
    proposal_cell,
    source_anchor,
)
from ceasefire.outputs._words import when_text
from ceasefire.outputs.chart import check_window, timeline_svg
from ceasefire.outputs.diagrams import graph_of
from ceasefire.outputs.diagrams import to_svg as diagram_svg
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import CheckpointResult, Timeline, as_of_key

__all__ = ["report_html"]

_STYLE = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #e3e3e3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 1rem; font: 15px/1.5 system-ui,
  -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
.chart svg { display: block; width: 100%; min-width: 900px; height: auto; }
.chart.narrow { display: none; }
.chart.narrow svg { min-width: 560px; }
code.id { color: var(--muted); font-size: 0.78rem; }
table.answers th[scope="row"] { font-weight: normal; min-width: 12rem; }
table.answers td { min-width: 9rem; }
.when { white-space: nowrap; }
.pending { color: var(--muted); font-style: italic; }
ul.spans li { margin: 0.3rem 0; }
:target { background: #fff6cc; }
figure { margin: 1rem 0; }
figure.diagram svg { display: block; max-width: 100%; height: auto; }
.hint { display: none; color: var(--muted); font-size: 0.85rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem;
  border-bottom: 1px solid var(--line); }
th { background: #f7f7f7; }
td.when { white-space: nowrap; }
.pass { color: #1e7e34; font-weight: 600; }
.fail { color: #b3261e; font-weight: 600; }
.muted { color: var(--muted); }
q { font-style: italic; }
@media (max-width: 700px) {
  body { padding: 0.6rem; font-size: 14px; }
  table.changes thead { display: none; }
  table.changes, table.changes tbody, table.changes tr, table.changes td { display: block; }
  table.changes tr { border-bottom: 1px solid var(--line); padding: 0.4rem 0; }
  table.changes td { border: 0; padding: 0.1rem 0; }
  table.changes td::before { content: attr(data-label) ": "; color: var(--muted); }
  table.changes td.empty { display: none; }
  .hint { display: block; }
  .chart.wide { display: none; }
  .chart.narrow { display: block; }
}
"""


def report_html(
    scenario: Scenario,
    timeline: Timeline,
    *,
    source_name: str = "",
    since: When | None = None,
    until: When | None = None,
) -> str:
    """Return a self-contained HTML report of `timeline`, the replay of `scenario`.

    It holds the timeline chart, each checkpoint's result, where each
    proposal stands at the end (its state, its current end and its
    obligations with their deadlines and states), who answered what (a
    party-by-proposal table of answers, with their dates and conditions),
    the spans each ceasefire was in force, every change and event with its
    sources (each linked to its entry in the list of sources), the state
    diagram of each lifecycle used, and the sources. Proposals are named by
    their titles, and every date is written as precisely as it is known
    (`ceasefire.scenario._dates.date_text`). It loads nothing from the network.

    Args:
        scenario: The scenario replayed.
        timeline: Its replay.
        source_name: The file it came from, shown under the title.
        since: Draw the chart from this day (or instant) on (default: the
            period the record lives in, see `ceasefire.outputs.chart.timeline_svg`).
        until: Draw the chart up to the end of this day (or instant).

    Raises:
        CeasefireError: `since` is after `until` (code ``CF218``).
    """
    check_window(since, until)
    title = scenario.title or scenario.id
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{escape(scenario.description)}</p>' if scenario.description else "",
        f'<p class="muted">Scenario <code>{escape(scenario.id)}</code>'
        + (f" from <code>{escape(source_name)}</code>" if source_name else "")
        + f", replayed up to {escape(_end(timeline))}{_zone(timeline)}.</p>",
        "<h2>Timeline</h2>",
        '<p class="hint">The chart may be wider than the screen: scroll it sideways.</p>',
        f'<div class="scroll chart wide">{timeline_svg(timeline, since=since, until=until)}</div>',
        '<div class="scroll chart narrow">'
        f"{timeline_svg(timeline, since=since, until=until, compact=True)}</div>",
        *_checkpoints(timeline),
        *_standing(timeline),
        *answers(scenario, timeline),
        *in_force_spans(timeline),
        *_mirrors(timeline),
        *changes(scenario, timeline),
        *_lifecycles(scenario, timeline),
        *_sources(scenario),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _as_of(timeline: Timeline, result: CheckpointResult) -> str:
    return _date(timeline, result.checkpoint.as_of)


def _date(timeline: Timeline, when: When) -> str:
    """A day or an instant of the replay, short, in the timeline's zone."""
    return when_text(timeline.shown(when), None, zone=timeline.timezone)


def _end(timeline: Timeline) -> str:
    """Where the replay stops: the end of a day, or an instant."""
    shown = timeline.shown(timeline.end)
    text = when_text(shown, None, zone=timeline.timezone, short=False)
    return text if isinstance(shown, datetime) else f"the end of {text}"


def _zone(timeline: Timeline) -> str:
    """Say which zone the times are local to: `` (Europe/Kyiv time)``, or nothing."""
    zone = timeline.timezone
    return "" if zone is None else f" ({escape(zone.key)} time)"


def _checkpoints(timeline: Timeline) -> list[str]:
    if not timeline.checkpoints:
        return []
    rows = []
    in_time_order = sorted(  # stable: checkpoints of one moment keep the file's order
        timeline.checkpoints, key=lambda r: as_of_key(r.checkpoint.as_of, timeline.timezone)
    )
    for result in in_time_order:
        verdict = (
            '<span class="pass">holds</span>'
            if result.passed
            else '<span class="fail">fails</span>'
        )
        detail = "<br>".join(escape(f) for f in result.failures) or escape(result.checkpoint.note)
        rows.append(
            f'<tr><td class="when">{escape(_as_of(timeline, result))}</td>'
            f"<td>{verdict}</td><td>{detail}</td></tr>"
        )
    held = sum(r.passed for r in timeline.checkpoints)
    return [
        "<h2>Checkpoints</h2>",
        f"<p>{held} of {len(timeline.checkpoints)} hold.</p>",
        '<div class="scroll"><table><thead><tr><th>As of</th><th>Result</th><th>What</th>'
        "</tr></thead><tbody>",
        *rows,
        "</tbody></table></div>",
    ]


def _standing(timeline: Timeline) -> list[str]:
    """Each proposal at the end of the replay: state, current end, obligations."""
    rows = []
    for pid, proposal in timeline.proposals.items():
        state = timeline.state_of(pid)
        if state is None:
            continue
        in_force = proposal.lifecycle.state(state).in_force
        end = timeline.ends(pid) if in_force else None
        until = _date(timeline, end) if end is not None else "open-ended" if in_force else "—"
        duties = [
            f"{escape(s.obligation.name)}"
            + (f" ({escape(s.obligation.by)})" if s.obligation.by else "")
            + f': <span class="{_DUTY_CLASSES[s.state]}">{s.state.value}</span>'
            + (f", due {_date(timeline, s.due)}" if s.due is not None else ", no deadline yet")
            + (
                f" (first {_date(timeline, s.original_due)})"
                if s.extended and s.original_due
                else ""
            )
            + (f", fulfilled {_date(timeline, s.fulfilled)}" if s.fulfilled is not None else "")
            + (f", reported missed {_date(timeline, s.missed)}" if s.missed is not None else "")
            for s in timeline.obligations(pid)
        ]
        rows.append(
            f"<tr><td>{proposal_cell(timeline, pid)}</td><td>{escape(state)}</td>"
            f'<td class="when">{escape(until)}</td><td>{"<br>".join(duties)}</td></tr>'
        )
    if not rows:
        return []
    return [
        f"<h2>Where each proposal stands at {escape(_end(timeline))}</h2>",
        '<div class="scroll"><table class="standing"><thead><tr><th>Proposal</th>'
        "<th>State</th><th>In force until</th><th>Obligations</th></tr></thead><tbody>",
        *rows,
        "</tbody></table></div>",
    ]


_DUTY_CLASSES = {
    ObligationState.MET: "pass",
    ObligationState.MISSED: "fail",
    ObligationState.UNREPORTED: "muted",
    ObligationState.PENDING: "pending",
}


def _mirrors(timeline: Timeline) -> list[str]:
    """The mirror documents: each side's own copy of an arrangement, signed with the mediators."""
    mirrors = mirrors_of({pid: p.links for pid, p in timeline.proposals.items()})
    if not mirrors:
        return []
    rows = [
        f"<li><code>{escape(pid)}</code> mirrors "
        + ", ".join(f"<code>{escape(other)}</code>" for other in others)
        + "</li>"
        for pid, others in mirrors.items()
    ]
    return ["<h2>Mirror documents</h2>", "<ul>", *rows, "</ul>"]


def _lifecycles(scenario: Scenario, timeline: Timeline) -> list[str]:
    used: dict[str, Lifecycle] = {}
    for proposal in timeline.proposals.values():
        used.setdefault(proposal.lifecycle.name, proposal.lifecycle)
    parts = ["<h2>Lifecycles</h2>"]
    for name, lifecycle in used.items():
        who = ", ".join(
            spec.title or p for p, spec in timeline.proposals.items() if spec.lifecycle.name == name
        )
        parts.append(f"<h3>{escape(name)}</h3>")
        if lifecycle.description:
            parts.append(f"<p>{escape(lifecycle.description)}</p>")
        parts.append(f'<p class="muted">Used by: {escape(who)}</p>')
        parts.append(f'<figure class="diagram">{diagram_svg(graph_of(lifecycle))}</figure>')
    return parts


def _sources(scenario: Scenario) -> list[str]:
    if not scenario.sources:
        return []
    items = []
    for sid, info in scenario.sources.items():
        title = escape(info.title or sid)
        if info.url:
            title = linked(info.url, title)
        details = ", ".join(escape(x) for x in (info.publisher, info.published) if x)
        note = f" — {escape(info.note)}" if info.note else ""
        items.append(
            f'<li id="{escape(source_anchor(sid))}"><code>{escape(sid)}</code>: {title}'
            f"{f' ({details})' if details else ''}{note}</li>"
        )
    return ["<h2>Sources</h2>", "<ul>", *items, "</ul>"]
