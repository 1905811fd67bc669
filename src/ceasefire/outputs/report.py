"""One self-contained HTML page about a replayed scenario: no scripts, no network."""

from __future__ import annotations

from html import escape

from ceasefire.core._instants import isoformat
from ceasefire.core._links import mirrors_of
from ceasefire.core._model import Lifecycle
from ceasefire.core._terms import ObligationState
from ceasefire.outputs.chart import timeline_svg
from ceasefire.outputs.diagrams import graph_of
from ceasefire.outputs.diagrams import to_svg as diagram_svg
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import CheckpointResult, Timeline

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
}
"""


def report_html(scenario: Scenario, timeline: Timeline, *, source_name: str = "") -> str:
    """Return a self-contained HTML report of `timeline`, the replay of `scenario`.

    It holds the timeline chart, each checkpoint's result, where each
    proposal stands at the end (its state, its current end and its
    obligations with their deadlines and states), every change and
    event with its sources (linked where a URL is known), the state diagram
    of each lifecycle used, and the sources. It loads nothing from the network.

    Args:
        scenario: The scenario replayed.
        timeline: Its replay.
        source_name: The file it came from, shown under the title.
    """
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
        + f", replayed up to the end of {escape(isoformat(timeline.end))}{_zone(timeline)}.</p>",
        "<h2>Timeline</h2>",
        '<p class="hint">The chart is wider than the screen: scroll it sideways.</p>',
        f'<div class="scroll chart">{timeline_svg(timeline)}</div>',
        *_checkpoints(timeline),
        *_standing(timeline),
        *_mirrors(timeline),
        *_changes(scenario, timeline),
        *_lifecycles(scenario, timeline),
        *_sources(scenario),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _as_of(timeline: Timeline, result: CheckpointResult) -> str:
    return isoformat(timeline.shown(result.checkpoint.as_of))


def _zone(timeline: Timeline) -> str:
    """Say which zone the times are local to: `` (Europe/Kyiv time)``, or nothing."""
    zone = timeline.timezone
    return "" if zone is None else f" ({escape(zone.key)} time)"


def _checkpoints(timeline: Timeline) -> list[str]:
    if not timeline.checkpoints:
        return []
    rows = []
    for result in timeline.checkpoints:
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
        until = (
            isoformat(timeline.shown(end)) if end is not None else "open-ended" if in_force else "—"
        )
        duties = [
            f"{escape(s.obligation.name)}"
            + (f" ({escape(s.obligation.by)})" if s.obligation.by else "")
            + f': <span class="{_DUTY_CLASSES[s.state]}">{s.state.value}</span>'
            + (
                f", due {isoformat(timeline.shown(s.due))}"
                if s.due is not None
                else ", no deadline yet"
            )
            + (
                f" (first {isoformat(timeline.shown(s.original_due))})"
                if s.extended and s.original_due
                else ""
            )
            + (
                f", fulfilled {isoformat(timeline.shown(s.fulfilled))}"
                if s.fulfilled is not None
                else ""
            )
            + (
                f", reported missed {isoformat(timeline.shown(s.missed))}"
                if s.missed is not None
                else ""
            )
            for s in timeline.obligations(pid)
        ]
        rows.append(
            f"<tr><td>{escape(pid)}</td><td>{escape(state)}</td>"
            f'<td class="when">{escape(until)}</td><td>{"<br>".join(duties)}</td></tr>'
        )
    if not rows:
        return []
    return [
        f"<h2>Where each proposal stands on {escape(isoformat(timeline.end))}</h2>",
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


def _changes(scenario: Scenario, timeline: Timeline) -> list[str]:
    rows = []
    for row, entry in zip(timeline.records(), timeline.entries, strict=True):
        sources = entry.event.sources if entry.event else ()
        if not sources and entry.change and entry.change.source:
            sources = (entry.change.source,)
        cited = "; ".join(_cite(scenario, s.ref, s.quote, s.url) for s in sources)
        move = (
            f"{escape(row['from'] or '—')} → {escape(row['to'])}"
            if row["to"]
            else escape(row["description"])
        )
        by = row["by"] or ("timer" if row["cause"] == "timer" else "")
        cells = [
            ("When", escape(_when(row["at"], row["precision"])), "when"),
            ("Proposal", escape(row["proposal"]), ""),
            ("What", escape(row["action"]), ""),
            ("Change", move, ""),
            ("By", escape(by), ""),
            ("Sources", cited, ""),
            ("Note", escape(_note(row)), ""),
        ]
        rows.append(
            "<tr>"
            + "".join(
                f'<td data-label="{label}"{_classes(klass, value)}>{value}</td>'
                for label, value, klass in cells
            )
            + "</tr>"
        )
    head = "".join(f"<th>{label}</th>" for label in _COLUMNS)
    return [
        "<h2>Every change and event</h2>",
        f'<div class="scroll"><table class="changes"><thead><tr>{head}</tr></thead><tbody>',
        *rows,
        "</tbody></table></div>",
    ]


_COLUMNS = ("When", "Proposal", "What", "Change", "By", "Sources", "Note")


def _classes(klass: str, value: str) -> str:
    names = " ".join(n for n in (klass, "" if value else "empty") if n)
    return f' class="{names}"' if names else ""


def _when(at: str, precision: str) -> str:
    """Show a date as precisely as it is known: 2024-09 for a month, a readable time."""
    if precision == "year":
        return f"{at[:4]} (year)"
    if precision == "month":
        return f"{at[:7]} (month)"
    if precision == "approximate":
        return f"about {at[:10]}"
    if "T" in at:
        day, _, time = at.partition("T")
        clock, sign, offset = time[:5], time[8:9] if len(time) > 8 else "", time[9:]
        return f"{day} {clock} UTC{sign}{offset}" if sign else f"{day} {clock}"
    return at


def _note(row: dict[str, str]) -> str:
    disputed = f"Disputed: {row['disputed']}" if row["disputed"] else ""
    return " ".join(x for x in (row["note"], disputed) if x)


def _cite(scenario: Scenario, ref: str, quote: str | None, url: str | None) -> str:
    info = scenario.sources.get(ref)
    title = f' title="{escape(info.title)}"' if info and info.title else ""
    link = url or (info.url if info else "")
    if link:
        text = f'<a href="{escape(link)}"{title}>{escape(ref)}</a>'
    else:
        text = f"<cite{title}>{escape(ref)}</cite>"
    return text + (f" <q>{escape(quote)}</q>" if quote else "")


def _lifecycles(scenario: Scenario, timeline: Timeline) -> list[str]:
    used: dict[str, Lifecycle] = {}
    for proposal in timeline.proposals.values():
        used.setdefault(proposal.lifecycle.name, proposal.lifecycle)
    parts = ["<h2>Lifecycles</h2>"]
    for name, lifecycle in used.items():
        who = ", ".join(p for p, spec in timeline.proposals.items() if spec.lifecycle.name == name)
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
            title = f'<a href="{escape(info.url)}">{title}</a>'
        details = ", ".join(escape(x) for x in (info.publisher, info.published) if x)
        note = f" — {escape(info.note)}" if info.note else ""
        items.append(
            f"<li><code>{escape(sid)}</code>: {title}"
            f"{f' ({details})' if details else ''}{note}</li>"
        )
    return ["<h2>Sources</h2>", "<ul>", *items, "</ul>"]
