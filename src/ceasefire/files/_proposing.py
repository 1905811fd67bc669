"""Whether each proposal is proposed once, by its proposer: the usual answer, by C loops.

`ceasefire.files._building.Builder.check_proposed_once` asks `proposed_once_each`
first, and loops over the ``propose`` events, wording each problem, only
when it finds something (a test holds the two to the same problems).
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter, itemgetter

from ceasefire.core._model import Proposal

__all__ = ["proposed_once_each"]


def proposed_once_each(
    proposals: Mapping[str, Proposal], proposing: list[tuple[int, str, str | None]]
) -> bool:
    """Whether `Builder.check_proposed_once` would find nothing: the usual case, by C loops.

    Every proposal proposed by exactly one event, no other proposed, and
    each ``by`` its proposal's ``proposed-by``.
    """
    if len(proposing) != len(proposals):
        return False
    pids = list(map(_PID, proposing))
    if len(set(pids)) != len(pids):  # one proposed twice
        return False
    try:  # as many, none twice, each a proposal: each proposed once
        proposers = list(map(_PROPOSER, map(proposals.__getitem__, pids)))
    except KeyError:  # one that is not a proposal
        return False
    return proposers == list(map(_BY, proposing))


_PID = itemgetter(1)
_BY = itemgetter(2)
_PROPOSER = attrgetter("proposed_by")
