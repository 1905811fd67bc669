"""A proposal as it was made: who offers what to whom, under which lifecycle."""

from __future__ import annotations

from attrs import Attribute, field, frozen

from ceasefire._errors import TermsError
from ceasefire.core._builtin import CEASEFIRE
from ceasefire.core._lifecycle import Lifecycle
from ceasefire.core._terms import Terms
from ceasefire.core._values import strings

__all__ = ["Links", "Proposal"]


@frozen
class Links:
    """How a proposal relates to earlier ones, by their ids.

    Attributes:
        counter_to: Proposals it answers with a different offer.
        renews: Proposals whose arrangement it renews.
        supersedes: Proposals it replaces.
    """

    counter_to: tuple[str, ...] = field(default=(), converter=strings)
    renews: tuple[str, ...] = field(default=(), converter=strings)
    supersedes: tuple[str, ...] = field(default=(), converter=strings)

    def all(self) -> tuple[str, ...]:
        """Return every linked id, in the order counter_to, renews, supersedes."""
        return self.counter_to + self.renews + self.supersedes


def _check_needs(instance: Proposal, _: Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if len(set(value)) != len(value):
        twice = sorted({p for p in value if value.count(p) > 1})
        raise TermsError(
            f"proposal {instance.id!r} needs {', '.join(twice)} more than once", "needs"
        )


@frozen
class Proposal:
    """One offer on the table, as it was made.

    What happens to it afterwards (its state, the parties' answers) lives in a
    `Negotiation` and is read back as a `Status`.

    Attributes:
        id: A unique id within its negotiation ("energy-infrastructure-30-day").
        proposed_by: The id of the party that made it.
        needs: The parties whose acceptance makes it accepted. Empty for a
            unilateral declaration, which needs nobody's consent.
        terms: What it offers.
        lifecycle: How it can move (the built-in ceasefire lifecycle by default).
        title: A human-readable title.
        links: Its relations to other proposals.
        kind: A free label for the kind of proposal ("energy-infrastructure-truce").
        note: Free text: context, caveats, disagreements between sources.

    Raises:
        TermsError: A party is listed twice in `needs`.
    """

    id: str
    proposed_by: str
    needs: tuple[str, ...] = field(converter=strings, validator=_check_needs)
    terms: Terms = Terms()
    lifecycle: Lifecycle = CEASEFIRE
    title: str = ""
    links: Links = Links()
    kind: str = ""
    note: str = ""

    @property
    def unilateral(self) -> bool:
        """Whether it needs nobody's consent."""
        return not self.needs
