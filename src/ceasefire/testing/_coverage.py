"""Coverage of lifecycles: which states and rows a test run reached, and which it never did.

The pytest plugin's ``--ceasefire-coverage`` option makes a `Coverage` and,
for that run only, wraps the engines' ``step`` (which answers the row a
trigger takes), the table engine's compiled ``quick`` and ``quick_timer``
(which take the common steps at once) and `Negotiation._commit` (which
keeps the change) with pytest's ``MonkeyPatch``; `Coverage.install` is that
explicit hook. Without
the option nothing is wrapped and nothing is recorded: it costs nothing. What
`ceasefire.testing.paths` and the `walks` strategy try while they search is
left out: only what the tests do counts (following a path does).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ceasefire._errors import did_you_mean
from ceasefire.core._history import Cause
from ceasefire.core._model import Lifecycle
from ceasefire.core._negotiation import Negotiation
from ceasefire.core._table import Row, trigger_of
from ceasefire.core.engines._table import TableMachine
from ceasefire.testing._driving import exploring, row_text

if TYPE_CHECKING:
    from ceasefire.core._model import Situation

__all__ = ["MOST_SHOWN", "Coverage"]

MOST_SHOWN = 20
"""The most lifecycles the report details, the busiest first; the others are counted."""

_Key = tuple[str, tuple[str, ...], tuple[str, ...]]
"""A lifecycle as the report knows it: its name, states and rows (as `row_text` names them)."""


T = TypeVar("T")
"""What a wrapped method returns."""


class _Patcher(Protocol):
    """What `Coverage.install` needs of pytest's ``MonkeyPatch``."""

    def setattr(self, target: Any, name: str, value: object) -> None:
        """Replace ``target.name`` by `value` until undone."""


class Coverage:
    """The states and rows reached, per lifecycle, while it is installed.

    Args:
        only: Report only the lifecycles of these names (``None``: all).
    """

    def __init__(self, only: Iterable[str] | None = None) -> None:
        self.only = None if only is None else frozenset(only)
        self.reached: dict[_Key, tuple[set[str], set[str]]] = {}
        self._keys: dict[int, tuple[Lifecycle, _Key]] = {}
        self._pending: Row | None = None
        self.seen: set[str] = set()
        """The names of every lifecycle stepped, reported or not."""
        self.steps: dict[_Key, int] = {}
        """How many changes each lifecycle made: the report shows the busiest first."""

    def install(self, patch: _Patcher) -> None:
        """Wrap the engines' ``step`` and ``quick``, and `Negotiation`'s ``_open``, ``_commit``."""
        from ceasefire.core.engines._transitions import LifecycleMachine  # noqa: PLC0415 - heavy

        for machine in (TableMachine, LifecycleMachine):
            patch.setattr(machine, "step", self._stepping(machine.step))
        patch.setattr(TableMachine, "quick", self._quickly(TableMachine.quick))
        patch.setattr(TableMachine, "quick_timer", self._quickly(TableMachine.quick_timer))
        patch.setattr(Negotiation, "_open", self._committing(Negotiation._open))
        patch.setattr(Negotiation, "_commit", self._committing(Negotiation._commit))

    def _stepping(self, step: Callable[..., Row | None]) -> Callable[..., Row | None]:
        def recorded(machine: object, state: str, trigger: str, situation: Situation) -> Row | None:
            row = step(machine, state, trigger, situation)
            self._pending = row
            return row

        return recorded

    def _quickly(self, quick: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(machine: object, *args: Any) -> Any:
            taken = quick(machine, *args)
            self._pending = None if taken is None else taken[1]
            return taken

        return recorded

    def _committing(self, commit: Callable[..., T]) -> Callable[..., T]:
        def recorded(negotiation: Negotiation, *args: Any, **kwargs: Any) -> T:
            done = commit(negotiation, *args, **kwargs)
            change = negotiation._ledger.last()
            lifecycle = negotiation.status(change.proposal).proposal.lifecycle
            pending, self._pending = self._pending, None
            if exploring(negotiation, lifecycle):  # `paths` searching, not a test acting
                return done
            taken = (
                change.cause is not Cause.PROPOSAL
                and pending is not None
                and (trigger_of(pending), pending.dest) == (change.trigger, change.to_state)
            )
            self.note(lifecycle, change.to_state, pending if taken else None)
            return done

        return recorded

    def note(self, lifecycle: Lifecycle, state: str, row: Row | None) -> None:
        """Record that `lifecycle` reached `state`, through `row` if one was taken."""
        self.seen.add(lifecycle.name)
        if self.only is not None and lifecycle.name not in self.only:
            return
        known = self._keys.get(id(lifecycle))
        if known is None or known[0] is not lifecycle:
            every: tuple[Row, ...] = (*lifecycle.transitions, *lifecycle.timers)
            rows = tuple(row_text(r) for r in every)
            known = (lifecycle, (lifecycle.name, lifecycle.state_names, rows))
            self._keys[id(lifecycle)] = known
        self.steps[known[1]] = self.steps.get(known[1], 0) + 1
        states, rows_taken = self.reached.setdefault(known[1], (set(), set()))
        states.add(state)
        if row is not None:
            rows_taken.add(row_text(row))

    def dumps(self) -> str:
        """Return what was reached as JSON (a pytest-xdist worker sends it to the controller)."""
        reached = [
            [list(k[:1]), list(k[1]), list(k[2]), sorted(s), sorted(r)]
            for k, (s, r) in self.reached.items()
        ]
        return json.dumps({"reached": reached, "seen": sorted(self.seen)})

    def merge(self, text: str) -> None:
        """Add what another process reached (`dumps`)."""
        data = json.loads(text)
        self.seen.update(data["seen"])
        for (name,), states, rows, reached_states, reached_rows in data["reached"]:
            mine = self.reached.setdefault((name, tuple(states), tuple(rows)), (set(), set()))
            mine[0].update(reached_states)
            mine[1].update(reached_rows)

    def _order(self, key: _Key) -> tuple[int, str, float, int]:
        """Lifecycles busiest first; of the tables of one name, the best covered first.

        Tests derive variants of a lifecycle under its own name; the table
        the run covered most is the one a reader means by the name.
        """
        name, _, rows = key
        busiest = max(self.steps.get(k, 0) for k in self.reached if k[0] == name)
        covered = len(self.reached[key][1]) / len(rows) if rows else 1.0
        return (-busiest, name, -covered, -self.steps.get(key, 0))

    def report(self, *, verbose: bool = False) -> list[str]:
        """Return the report's lines: per lifecycle, what was reached and what never was."""
        lines: list[str] = [
            f"{name}: never stepped{did_you_mean(name, self.seen)}"
            for name in sorted((self.only or set()) - {key[0] for key in self.reached})
        ]
        if not self.reached:
            return lines or ["no lifecycle was stepped"]
        names: dict[str, int] = {}
        keys = sorted(self.reached, key=self._order)
        for key in keys[:MOST_SHOWN]:
            name, states, rows = key
            names[name] = names.get(name, 0) + 1
            if names[name] > 1 and not verbose:  # a variant of a lifecycle that a test made
                continue
            shown = name if names[name] == 1 else f"{name} (another table of that name)"
            reached_states, reached_rows = self.reached[key]
            lines.append(
                f"{shown}: states {len(reached_states)}/{len(states)}, "
                f"rows {len(reached_rows)}/{len(rows)}"
            )
            never_states = [s for s in states if s not in reached_states]
            never_rows = [r for r in rows if r not in reached_rows]
            lines.append(f"  states reached: {', '.join(s for s in states if s in reached_states)}")
            if verbose:
                lines += ["  rows reached:"] + [f"    {r}" for r in rows if r in reached_rows]
            if never_states:
                lines.append(f"  states never reached: {', '.join(never_states)}")
            if never_rows:
                lines += ["  rows never reached:"] + [f"    {r}" for r in never_rows]
        variants = sum(count - 1 for count in names.values())
        if variants and not verbose:
            tables = "table shares" if variants == 1 else "tables share"
            lines.append(
                f"({variants} other {tables} a name with one above: variants that tests "
                "derive; -v details them)"
            )
        if len(keys) > MOST_SHOWN:
            lines.append(
                f"... and {len(keys) - MOST_SHOWN} more lifecycles (name those to report with "
                "--ceasefire-coverage-only NAME,...)"
            )
        return lines
