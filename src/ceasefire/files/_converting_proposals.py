"""A `Proposal` made from values already checked, without its validators: `proposal_of`.

`ceasefire.files._converting.plain_proposal_from` builds the plain proposals of
a file through it (the values were checked on the way in, by
`ceasefire.files._building_plain`); a property test checks it equals
``Proposal(...)`` of the same values.
"""

from __future__ import annotations

from ceasefire.core._drafts import draft_type
from ceasefire.core._model import Lifecycle, Links, Proposal
from ceasefire.core._terms import Terms

__all__ = ["PROPOSAL_FIELDS", "proposal_of"]

_ProposalDraft = draft_type(Proposal)
PROPOSAL_FIELDS = (
    "id",
    "proposed_by",
    "needs",
    "terms",
    "lifecycle",
    "title",
    "links",
    "kind",
    "note",
    "asked",
)
"""The fields `proposal_of` sets, in order: every field of `Proposal` (a test checks it)."""


def proposal_of(  # noqa: PLR0917 - one argument a field, in the order of the fields
    id: str,
    proposed_by: str | None,
    needs: tuple[str, ...],
    terms: Terms,
    lifecycle: Lifecycle,
    title: str,
    links: Links,
    kind: str,
    note: str,
    asked: tuple[str, ...],
) -> Proposal:
    """Return the `Proposal` of these values, each already checked by the caller, without checks.

    It equals ``Proposal(id=id, proposed_by=proposed_by, ...)`` with the same
    values (a property test checks it), at a fraction of the cost. It is for
    values already checked: ids, tuples of distinct ids (none both needed
    and asked), text without control characters, and a lifecycle whose
    parameters the terms satisfy (``Proposal`` checks those after it is made).
    """
    proposal = object.__new__(_ProposalDraft)
    proposal.id = id
    proposal.proposed_by = proposed_by
    proposal.needs = needs
    proposal.terms = terms
    proposal.lifecycle = lifecycle
    proposal.title = title
    proposal.links = links
    proposal.kind = kind
    proposal.note = note
    proposal.asked = asked
    proposal.__class__ = Proposal
    made: Proposal = proposal
    return made
