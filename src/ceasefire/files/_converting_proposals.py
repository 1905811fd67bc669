"""A `Proposal` made from values already checked, without its validators: `proposal_of`.

`ceasefire.files._converting.plain_proposal_from` builds the plain proposals of
a file through it (the values were checked on the way in, by
`ceasefire.files._building_plain`); a property test checks it equals
``Proposal(...)`` of the same values.
"""

from __future__ import annotations

from ceasefire.core._model import Lifecycle, Links, Proposal
from ceasefire.core._terms import Terms

__all__ = ["PROPOSAL_FIELDS", "proposal_of"]

# The slots of a Proposal, set directly (a member descriptor's setter is the quickest way).
_SET_ID = Proposal.__dict__["id"].__set__
_SET_PROPOSED_BY = Proposal.__dict__["proposed_by"].__set__
_SET_NEEDS = Proposal.__dict__["needs"].__set__
_SET_TERMS = Proposal.__dict__["terms"].__set__
_SET_LIFECYCLE = Proposal.__dict__["lifecycle"].__set__
_SET_TITLE = Proposal.__dict__["title"].__set__
_SET_LINKS = Proposal.__dict__["links"].__set__
_SET_KIND = Proposal.__dict__["kind"].__set__
_SET_NOTE = Proposal.__dict__["note"].__set__
_SET_ASKED = Proposal.__dict__["asked"].__set__
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
    proposal = object.__new__(Proposal)
    _SET_ID(proposal, id)
    _SET_PROPOSED_BY(proposal, proposed_by)
    _SET_NEEDS(proposal, needs)
    _SET_TERMS(proposal, terms)
    _SET_LIFECYCLE(proposal, lifecycle)
    _SET_TITLE(proposal, title)
    _SET_LINKS(proposal, links)
    _SET_KIND(proposal, kind)
    _SET_NOTE(proposal, note)
    _SET_ASKED(proposal, asked)
    return proposal
