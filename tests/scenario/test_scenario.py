"""Scenario values."""

from datetime import date

from ceasefire import Event, Scenario, Source, loads_scenario


def test_an_event_knows_whether_it_is_context_and_its_main_source() -> None:
    """The first source is the main one; context events act on nothing."""
    first, second = Source("a"), Source("b")
    event = Event(date(2025, 4, 13), "happened", description="A strike", sources=[first, second])
    assert event.context
    assert event.proposal is None
    assert event.source == first
    assert Event(date(2025, 4, 13), "accept", "truce").source is None
    assert not Event(date(2025, 4, 13), "accept", "truce").context


def test_scenarios_compare_by_content_not_by_the_file_they_came_from() -> None:
    """The parsed origin is kept for messages but not compared."""
    text = "scenario: s\ntitle: T\n"
    one, two = loads_scenario(text, "a.yaml"), loads_scenario(text, "b.yaml")
    assert one == two
    assert one.origin is not None
    assert one.origin.name == "a.yaml"
    assert one == Scenario(id="s", title="T")
