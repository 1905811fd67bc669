"""How a proposal relates to other proposals: counter-offers, renewals, replacements, mirrors."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

from ceasefire._showing import Shown
from ceasefire.core._characters import valid_ids
from ceasefire.core._values import strings

__all__ = ["Links", "mirrors_of"]


@frozen(repr=False)
class Links(Shown):
    """How a proposal relates to earlier ones, by their ids.

    Attributes:
        counter_to: Proposals it answers with a different offer.
        renews: Proposals whose arrangement it renews.
        supersedes: Proposals it replaces.
        mirrors: Mirror documents: other proposals of the same arrangement,
            each signed by other parties (one side signs with the mediators,
            the other side signs its own copy with them). The relation goes
            both ways: written on one of the two, the later one, it is shown
            on both (see `mirrors_of`).
    """

    counter_to: tuple[str, ...] = field(default=(), converter=strings, validator=valid_ids)
    renews: tuple[str, ...] = field(default=(), converter=strings, validator=valid_ids)
    supersedes: tuple[str, ...] = field(default=(), converter=strings, validator=valid_ids)
    mirrors: tuple[str, ...] = field(default=(), converter=strings, validator=valid_ids)

    def all(self) -> tuple[str, ...]:
        """Return every linked id, in the order counter_to, renews, supersedes, mirrors."""
        return self.counter_to + self.renews + self.supersedes + self.mirrors


def mirrors_of(links: Mapping[str, Links]) -> dict[str, tuple[str, ...]]:
    """Return each proposal's mirror documents, both ways, from each one's `links` by id.

    A mirror written on one side only is shown on both: if ``B`` mirrors
    ``A``, then ``A`` mirrors ``B`` too. Each list keeps the order of `links`;
    a proposal with no mirror is left out.
    """
    found: dict[str, set[str]] = {}
    for pid, link in links.items():
        for other in link.mirrors:
            if other != pid:
                found.setdefault(pid, set()).add(other)
                found.setdefault(other, set()).add(pid)
    order = {pid: i for i, pid in enumerate(links)}
    return {
        pid: tuple(sorted(found[pid], key=lambda other: (order.get(other, len(order)), other)))
        for pid in links
        if pid in found
    }
