"""The machine that steps a lifecycle's proposals in a negotiation: one per lifecycle name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ceasefire._codes import ErrorCode
from ceasefire._errors import NegotiationError
from ceasefire.core._model import Proposal
from ceasefire.core.engines._table import TableMachine

if TYPE_CHECKING:
    from ceasefire.core.engines._transitions import LifecycleMachine

__all__ = ["machine_for"]


def machine_for(
    machines: dict[str, LifecycleMachine | TableMachine], engine: str, proposal: Proposal
) -> LifecycleMachine | TableMachine:
    """Return the machine of `proposal`'s lifecycle in `machines`, made by `engine` on first use.

    Raises:
        NegotiationError: Another lifecycle of the same name is already in use.
    """
    lifecycle = proposal.lifecycle
    machine = machines.get(lifecycle.name)
    if machine is None:
        if engine == "table":
            machine = TableMachine(lifecycle)
        else:
            from ceasefire.core.engines._transitions import LifecycleMachine  # noqa: PLC0415 - on first use

            machine = LifecycleMachine(lifecycle)
        machines[lifecycle.name] = machine
    elif machine.lifecycle is not lifecycle and machine.lifecycle != lifecycle:
        raise NegotiationError(
            f"proposal {proposal.id!r} uses a lifecycle named {lifecycle.name!r} "
            "that differs from the one of that name already in use",
            code=ErrorCode.DUPLICATE_NAME,
        )
    return machine
