"""The neutral graph of a lifecycle: one node per state, one edge per action or timer.

`graph_of` reads a `Lifecycle` once; the renderers (`ceasefire.outputs.diagrams._text`
and `ceasefire.outputs.diagrams._svg`) work from the graph alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    "edge_label",
    "graph_of",
    "one_line",
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
    label = edge_label(trigger, None, guards, effects)
    return Edge(source, dest, label, "action", guards, effects, trigger=trigger)


def _timer_edge(trigger: str, source: str, dest: str, at: str, *, rows: Sequence[Timer]) -> Edge:
    effects = tuple(dict.fromkeys(e for row in rows for e in row.effects))
    label = edge_label(trigger, at, (), effects)
    return Edge(source, dest, label, "timer", (), effects, trigger=trigger, at=at)


def edge_label(
    trigger: str,
    at: str | None,
    guards: Sequence[str],
    effects: Sequence[str],
    *,
    timer: str = "timer: ",
) -> str:
    """Return an edge's label: its trigger, its timer's rule, its guards, its effects."""
    text = trigger if at is None else f"{trigger} ({timer}{at})"
    if guards:
        text += f" [{' or '.join(guards)}]"
    if effects:
        text += f" / {', '.join(effects)}"
    return text


# --- what every renderer shares ---------------------------------------------------------------

INK = "#37474f"
"""The colour of states and of action edges."""
TIMER_INK = "#1f5fa8"
"""The colour of timer edges."""
IN_FORCE_FILL = "#dcf1d6"
"""The fill of states that count as in force."""


def one_line(text: str) -> str:
    """Return `text` on one line, its runs of white space folded to single spaces."""
    return " ".join(text.split())
