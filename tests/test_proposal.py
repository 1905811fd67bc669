"""Proposals as made: their parties, terms, links and lifecycle."""

import pytest

from ceasefire import CEASEFIRE, ErrorCode, Links, Proposal, TermsError


def test_a_proposal_uses_the_ceasefire_lifecycle_unless_told_otherwise() -> None:
    """The built-in lifecycle is the default."""
    assert Proposal("p", proposed_by="US", needs=["UA", "RU"]).lifecycle is CEASEFIRE


def test_needs_are_kept_in_order_as_a_tuple() -> None:
    """The order of `needs` is the order of positions later."""
    assert Proposal("p", proposed_by="US", needs=["UA", "RU"]).needs == ("UA", "RU")


def test_a_party_cannot_be_needed_twice() -> None:
    """A duplicate in `needs` is a mistake and is named."""
    with pytest.raises(TermsError, match=r"^proposal 'p' needs RU, UA more than once$") as caught:
        Proposal("p", proposed_by="US", needs=["UA", "RU", "UA", "EU", "RU"])
    assert (caught.value.field, caught.value.code) == ("needs", ErrorCode.BAD_TERMS)


def test_a_proposal_that_needs_nobody_is_unilateral() -> None:
    """A unilateral declaration needs nobody's consent."""
    assert Proposal("easter", proposed_by="RU", needs=[]).unilateral
    assert not Proposal("p", proposed_by="US", needs=["UA"]).unilateral


def test_links_list_every_related_proposal() -> None:
    """`Links.all` gives counter_to, renews and supersedes in that order."""
    links = Links(counter_to=["a"], renews=["b"], supersedes=["c", "d"])
    assert links.all() == ("a", "b", "c", "d")


def test_proposals_compare_by_value() -> None:
    """Two identical offers are equal values."""
    assert Proposal("p", proposed_by="US", needs=["UA"]) == Proposal(
        "p", proposed_by="US", needs=("UA",)
    )


def test_a_party_is_either_needed_or_only_asked() -> None:
    """Asked parties are kept in order; one asked twice, or needed too, is refused by name."""
    truce = Proposal("t", "RU", needs=[], asked=["UA", "EU"])
    assert (truce.asked, truce.unilateral) == (("UA", "EU"), True)
    assert Proposal("t", "RU", needs=["UA"]).asked == ()
    for needs, asked, named in ((["UA"], ["UA"], "UA"), ([], ["EU", "EU"], "EU")):
        with pytest.raises(TermsError) as caught:
            Proposal("t", "RU", needs=needs, asked=asked)
        assert str(caught.value) == (
            f"proposal 't' asks {named} more than once, or needs it too: a party is either "
            "needed or only asked"
        )
        assert (caught.value.code, caught.value.field) == (ErrorCode.BAD_TERMS, "asked")
    with pytest.raises(TermsError, match="asks UA more than once"):
        Proposal("t", "RU", needs=["UA", "RU"], asked=["UA", "EU"])
