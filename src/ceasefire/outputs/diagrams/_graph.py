"""Lifecycle diagrams: a neutral graph extracted from a table, then rendered as text.

Diagrams are made in two steps. `graph_of` reads a `Lifecycle` once and
returns a `Graph` of plain values: one node per state, one edge per action or
timer between two states. The renderers work from the graph alone and return
text: `to_mermaid` (a Mermaid ``stateDiagram-v2``) and `to_dot` (Graphviz
DOT) here, and `ceasefire.outputs.diagrams._svg.to_svg` (a self-contained SVG laid out
without Graphviz)::

    >>> from ceasefire import CEASEFIRE
    >>> graph = graph_of(CEASEFIRE)
    >>> graph.initial
    'proposed'
    >>> [e.label for e in graph.edges if e.source == "accepted" and e.dest == "expired"]
    ['expire (timer: end)']
    >>> to_mermaid(graph).splitlines()[:2]
    ['stateDiagram-v2', '    %% ceasefire']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from attrs import field, frozen

from ceasefire.core._model import Lifecycle
from ceasefire.core._table import Timer, Transition
from ceasefire.core._values import strings

__all__ = [
    "INK",
    "IN_FORCE_FILL",
    "TIMER_INK",
    "Edge",
    "EdgeKind",
    "Graph",
    "Node",
    "graph_of",
    "one_line",
    "to_dot",
    "to_mermaid",
]

EdgeKind = Literal["action", "timer"]
"""What moves a proposal along an edge: a party's action, or a timer."""


@frozen
class Node:
    """A state, as a diagram shows it.

    Attributes:
        name: The state's name.
        initial: Whether new proposals start in it.
        final: Whether nothing can move a proposal out of it.
        in_force: Whether a proposal in it counts as in force.
        description: One sentence on what the state means.
    """

    name: str
    initial: bool = False
    final: bool = False
    in_force: bool = False
    description: str = ""


@frozen
class Edge:
    """One way from a state to a state: the rows of one trigger between the two, merged.

    Attributes:
        source: The state it leaves.
        dest: The state it leads to (the same as `source` for a self-loop).
        label: What a diagram writes on it: the trigger, ``(timer: RULE)`` for
            a timer, guards in brackets, effects after a slash, as in
            ``expire (timer: end)`` or ``accept [all_required_accepted]``.
        kind: ``"action"`` or ``"timer"``.
        guards: The conditions under which it is taken, any one of which is
            enough: one per merged row, that row's guards joined by ``and``.
            Empty when some row has no guard.
        effects: The effects its rows apply, without repeats, in table order.
        trigger: The action's or timer's name.
        at: A timer's instant rule; ``None`` for an action.
    """

    source: str
    dest: str
    label: str
    kind: EdgeKind
    guards: tuple[str, ...] = field(default=(), converter=strings)
    effects: tuple[str, ...] = field(default=(), converter=strings)
    trigger: str = field(kw_only=True)
    at: str | None = field(default=None, kw_only=True)

    @property
    def is_loop(self) -> bool:
        """Whether the edge leads back to the state it leaves."""
        return self.source == self.dest


def _nodes(values: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(values)


def _edges(values: Iterable[Edge]) -> tuple[Edge, ...]:
    return tuple(values)


@frozen
class Graph:
    """A lifecycle as nodes and edges, independent of any diagram format.

    Attributes:
        name: The lifecycle's name.
        nodes: One per state, in table order.
        edges: One per trigger, source and dest: action rows in table order,
            then timers.
        description: One paragraph on what the lifecycle is for.
    """

    name: str
    nodes: tuple[Node, ...] = field(converter=_nodes)
    edges: tuple[Edge, ...] = field(converter=_edges)
    description: str = ""

    @property
    def initial(self) -> str | None:
        """The name of the initial node, or ``None`` if no node is marked initial."""
        return next((n.name for n in self.nodes if n.initial), None)


def graph_of(lifecycle: Lifecycle) -> Graph:
    """Extract the neutral graph of `lifecycle`.

    Rows with the same action (or timer), source and dest become one edge;
    their guards become alternatives (see `Edge.guards`).

    Args:
        lifecycle: The lifecycle table to read.

    Returns:
        Its graph: a node per state, an edge per trigger between two states.
    """
    nodes = tuple(
        Node(
            s.name,
            initial=s.name == lifecycle.initial,
            final=s.final,
            in_force=s.in_force,
            description=s.description,
        )
        for s in lifecycle.states
    )
    actions: dict[tuple[str, str, str], list[Transition]] = {}
    for row in lifecycle.transitions:
        actions.setdefault((row.action, row.source, row.dest), []).append(row)
    timers: dict[tuple[str, str, str, str], list[Timer]] = {}
    for timer in lifecycle.timers:
        timers.setdefault((timer.name, timer.source, timer.dest, timer.at), []).append(timer)
    edges = [_action_edge(*key, rows=rows) for key, rows in actions.items()]
    edges += [_timer_edge(*key, rows=rows) for key, rows in timers.items()]
    return Graph(lifecycle.name, nodes, edges, description=lifecycle.description)


def _action_edge(trigger: str, source: str, dest: str, *, rows: Sequence[Transition]) -> Edge:
    conditions = [" and ".join(row.guards) for row in rows]
    guards = () if "" in conditions else tuple(dict.fromkeys(conditions))
    effects = tuple(dict.fromkeys(e for row in rows for e in row.effects))
    label = _label(trigger, None, guards, effects)
    return Edge(source, dest, label, "action", guards, effects, trigger=trigger)


def _timer_edge(trigger: str, source: str, dest: str, at: str, *, rows: Sequence[Timer]) -> Edge:
    effects = tuple(dict.fromkeys(e for row in rows for e in row.effects))
    label = _label(trigger, at, (), effects)
    return Edge(source, dest, label, "timer", (), effects, trigger=trigger, at=at)


def _label(
    trigger: str,
    at: str | None,
    guards: Sequence[str],
    effects: Sequence[str],
    *,
    timer: str = "timer: ",
) -> str:
    text = trigger if at is None else f"{trigger} ({timer}{at})"
    if guards:
        text += f" [{' or '.join(guards)}]"
    if effects:
        text += f" / {', '.join(effects)}"
    return text


# --- Mermaid -----------------------------------------------------------------------------------

_MERMAID_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Words the stateDiagram lexer reads as keywords (it ignores case).
_MERMAID_WORDS = frozenset(
    {
        "accdescr",
        "acctitle",
        "as",
        "class",
        "classdef",
        "default",
        "direction",
        "end",
        "hide",
        "left",
        "note",
        "of",
        "right",
        "scale",
        "state",
        "style",
    }
)
_MERMAID_ESCAPES = {
    "#": "#35;",
    ";": "#59;",
    ":": "#58;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "%": "#37;",
    "{": "#123;",
    "}": "#125;",
}


def to_mermaid(graph: Graph) -> str:
    """Render `graph` as a Mermaid state diagram (``stateDiagram-v2``).

    A state whose name is not a plain identifier (``did-not-happen``) gets a
    safe id and a ``state "did-not-happen" as did_not_happen`` line. Timer
    edges say so in their label, ``expire (timer at end)``, since a state
    diagram has no dashed edges; in-force states are filled.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The diagram's text, ending with a newline.
    """
    names = [n.name for n in graph.nodes]
    names += [name for e in graph.edges for name in (e.source, e.dest) if name not in names]
    ids = _safe_ids(
        names,
        ok=lambda name: bool(_MERMAID_ID.match(name)) and name.lower() not in _MERMAID_WORDS,
        reserved={"inForce"},
    )
    lines = ["stateDiagram-v2", f"    %% {one_line(graph.name)}"]
    for name in names:  # declared in table order, which Mermaid's layout follows
        if ids[name] == name:
            lines.append(f"    {name}")
        else:
            lines.append(f'    state "{_mermaid_text(name)}" as {ids[name]}')
    initial = graph.initial
    if initial is not None:
        lines.append(f"    [*] --> {ids[initial]}")
    for edge in graph.edges:
        label = _label(edge.trigger, edge.at, edge.guards, edge.effects, timer="timer at ")
        lines.append(f"    {ids[edge.source]} --> {ids[edge.dest]} : {_mermaid_text(label)}")
    lines += [f"    {ids[n.name]} --> [*]" for n in graph.nodes if n.final]
    in_force = [ids[n.name] for n in graph.nodes if n.in_force]
    if in_force:
        lines.append("    classDef inForce fill:#dcf1d6,stroke:#2e6b30")
        lines.append(f"    class {','.join(in_force)} inForce")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in one_line(text))


def _safe_ids(
    names: Sequence[str], *, ok: Callable[[str], bool], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """Map each name to itself if `ok`, else to a unique identifier made of its letters."""
    taken = {name for name in names if ok(name)} | set(reserved)
    ids: dict[str, str] = {}
    for name in names:
        if name in ids:
            continue
        if ok(name) and name not in reserved:
            ids[name] = name
            continue
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = re.sub(r"\W+", "_", ascii_name, flags=re.ASCII).strip("_") or "state"
        if not base[0].isalpha():
            base = "s_" + base
        candidate, count = base, 1
        while candidate in taken or not ok(candidate):
            count += 1
            candidate = f"{base}_{count}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


# --- DOT ---------------------------------------------------------------------------------------

INK = "#37474f"
"""The colour of states and of action edges."""
TIMER_INK = "#1f5fa8"
"""The colour of timer edges."""
IN_FORCE_FILL = "#dcf1d6"
"""The fill of states that count as in force."""


def to_dot(graph: Graph) -> str:
    """Render `graph` as a Graphviz DOT digraph, laid out left to right.

    Every id is quoted. Final states are double octagons, in-force states are
    filled, timer edges are dashed, and a point node leads into the initial
    state.

    Args:
        graph: The graph to draw, from `graph_of`.

    Returns:
        The digraph's text, ending with a newline.
    """
    names = {n.name for n in graph.nodes}
    start = "__start__"
    while start in names:
        start = f"_{start}_"
    lines = [
        f"digraph {_dot_quote(graph.name)} {{",
        "    rankdir=LR;",
        f"    label={_dot_quote(graph.name)}; labelloc=t; fontname=Helvetica;",
        f'    node [shape=box, style=rounded, fontname=Helvetica, color="{INK}"];',
        f'    edge [fontname=Helvetica, fontsize=10, color="{INK}"];',
    ]
    initial = graph.initial
    if initial is not None:
        lines.append(f'    {_dot_quote(start)} [shape=point, width=0.15, label=""];')
    for node in graph.nodes:
        attrs = [f"label={_dot_quote(node.name)}"]
        if node.final:
            attrs.append("shape=doubleoctagon")
        if node.in_force:
            style = "filled" if node.final else "rounded,filled"
            attrs.append(f'style="{style}", fillcolor="{IN_FORCE_FILL}"')
        if node.description:
            attrs.append(f"tooltip={_dot_quote(node.description)}")
        lines.append(f"    {_dot_quote(node.name)} [{', '.join(attrs)}];")
    if initial is not None:
        lines.append(f"    {_dot_quote(start)} -> {_dot_quote(initial)};")
    for edge in graph.edges:
        attrs = [f"label={_dot_quote(edge.label)}"]
        if edge.kind == "timer":
            attrs.append(f'style=dashed, color="{TIMER_INK}", fontcolor="{TIMER_INK}"')
        lines.append(
            f"    {_dot_quote(edge.source)} -> {_dot_quote(edge.dest)} [{', '.join(attrs)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_quote(text: str) -> str:
    escaped = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def one_line(text: str) -> str:
    """Return `text` on one line, its runs of white space folded to single spaces."""
    return " ".join(text.split())
