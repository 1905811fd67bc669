"""The quick road of a log's proposal definitions: what it makes, the Builder makes alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ceasefire import CEASEFIRE, ErrorCode, Party
from ceasefire.core._registry import STANDARD
from ceasefire.files._building import Builder
from ceasefire.files._documents import ProposalDoc, ScenarioDoc
from ceasefire.files._log_definitions import PlainDefinitions
from ceasefire.files._parsing import Document, Mark
from ceasefire.files._structuring import structure_as
from ceasefire.files.eventlog import replay_log

_IDS = st.sampled_from(["A", "B", "mediator-1", "not an id", "", "é", "a\x07"])
_TEXTS = st.sampled_from(["", "A truce", "maritime", "ceasefire", "a\x07bell", "line\nbreak"])
_VALUES = st.one_of(
    _IDS,
    _TEXTS,
    st.lists(_IDS, max_size=3),
    st.sampled_from(["P30D", "PT30H", "P1M", "P0D", "-P1D", "P2W", "soon", "P99999999999D"]),
    st.none(),
    st.integers(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.just("a"), st.just("b"), max_size=1),
)
_KEYS = st.sampled_from(
    [
        "needs",
        "asked",
        "proposed-by",
        "title",
        "kind",
        "note",
        "scope",
        "lifecycle",
        "duration",
        "starts",
        "duraton",
        "proposed_by",
    ]
)


_PARTIES = {pid: Party(pid) for pid in ("A", "B", "mediator-1")}
_LIFECYCLES = {"ceasefire": CEASEFIRE}


def _built(rest: dict[str, Any]) -> object:
    """The proposal the converter and the Builder make of `rest`, which must pass them."""
    document = Document("log", rest, {(): Mark(2, 1)})
    doc, problems = structure_as(rest, ProposalDoc, document)
    assert doc is not None
    assert not problems
    builder = Builder(ScenarioDoc(scenario="log"), document, STANDARD)
    built = builder.proposal((), "p1", doc, _PARTIES, _LIFECYCLES, links_declared=False)
    assert not builder.problems
    return built


@given(
    rest=st.one_of(
        st.dictionaries(_KEYS, _VALUES, max_size=6),
        st.fixed_dictionaries(
            {"needs": st.lists(_IDS, max_size=3)},
            optional={
                "proposed-by": _IDS,
                "asked": st.lists(_IDS, max_size=2),
                "duration": st.sampled_from(["P30D", "PT30H", "P1M", "P0D", "P999999999999D"]),
                "start-rule": st.sampled_from(["on-acceptance", "on-announcement", "soon", 3]),
                "conditions": st.lists(_TEXTS, max_size=2),
                "title": _TEXTS,
                "scope": _TEXTS,
                "lifecycle": st.sampled_from(["ceasefire", "unknown"]),
            },
        ),
    )
)
def test_a_plain_definition_is_the_proposal_the_builder_makes(rest: dict[str, Any]) -> None:
    """What the plain road makes, the converter and the Builder make alike, without a problem."""
    made = PlainDefinitions(_LIFECYCLES).proposal("p1", rest, _PARTIES)
    if made is not None:  # a definition it doubts goes the full way (the test below: not all)
        assert made == _built(rest)


_KNOWN = st.sampled_from(sorted(_PARTIES))


@given(
    rest=st.fixed_dictionaries(
        {"needs": st.lists(_KNOWN, max_size=3, unique=True)},
        optional={
            "proposed-by": _KNOWN,
            "duration": st.sampled_from(["P30D", "PT30H", "P2W", "P1D"]),
            "title": st.sampled_from(["A truce", "maritime"]),
            "scope": st.sampled_from(["maritime", "energy"]),
            "lifecycle": st.just("ceasefire"),
        },
    )
)
def test_a_definition_of_known_names_and_good_values_takes_the_plain_road(
    rest: dict[str, Any],
) -> None:
    """The plain road is not a road nobody takes: a definition it can vouch for, it makes."""
    made = PlainDefinitions(_LIFECYCLES).proposal("p1", rest, _PARTIES)
    assert made is not None
    assert made == _built(rest)


def test_a_definition_naming_an_unknown_party_is_left_to_the_builder() -> None:
    """The plain road never reports: a definition it doubts goes the full way."""
    plain = PlainDefinitions(_LIFECYCLES)
    assert plain.proposal("p1", {"proposed-by": "A", "needs": ["B"]}, _PARTIES) is not None
    assert plain.proposal("p1", {"proposed-by": "A", "needs": ["Z"]}, _PARTIES) is None
    assert plain.proposal("p1", {"needs": ["B", "B"]}, _PARTIES) is None
    assert plain.proposal("p1", {"needs": ["B"], "lifecycle": "nowhere"}, _PARTIES) is None


def test_a_duration_beyond_the_calendar_is_a_located_problem(tmp_path: Path) -> None:
    """Too long to hold is a bad duration on its line, the quick road or not: never a crash."""
    header = {"scenario": "log", "parties": {"A": {"name": "A"}, "B": {"name": "B"}}}
    definition = {
        "proposal": "p1",
        "proposed-by": "A",
        "needs": ["B"],
        "duration": "P999999999999D",
    }
    path = tmp_path / "log.jsonl"
    path.write_text(f"{json.dumps(header)}\n{json.dumps(definition)}\n", encoding="utf-8")
    found = replay_log(path)
    assert [(p.line, p.code) for p in found.problems] == [(2, ErrorCode.BAD_DURATION)]
