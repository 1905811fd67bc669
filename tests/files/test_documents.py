"""The file classes: their keys as written."""

import attrs

from ceasefire.core._values import Stance
from ceasefire.files._documents import EVENT_KEYS, Answer, EventDoc, ScenarioDoc, file_key


def test_keys_are_written_in_kebab_case() -> None:
    """Python names become the keys people write."""
    assert file_key("proposed_by") == "proposed-by"
    assert file_key("from_") == "from"
    assert file_key("as_of") == "as-of"


def test_event_keys_are_the_event_fields_without_action_and_proposal() -> None:
    """The keys an event may carry besides its action."""
    assert "action" not in EVENT_KEYS
    assert "proposal" not in EVENT_KEYS
    assert {"date", "source", "sources", "disputed", "happened"} <= EVENT_KEYS
    assert len(EVENT_KEYS) == len(attrs.fields(EventDoc)) - 2


def test_an_answer_is_a_yes_or_a_no() -> None:
    """Lifecycles in files record accepted or rejected, nothing else."""
    assert [a.stance for a in Answer] == [Stance.ACCEPTED, Stance.REJECTED]


def test_only_the_scenario_id_is_required_at_the_top() -> None:
    """Every other section may be left out."""
    required = [a.name for a in attrs.fields(ScenarioDoc) if a.default is attrs.NOTHING]
    assert required == ["scenario"]
