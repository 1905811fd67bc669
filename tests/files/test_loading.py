"""Loading scenarios: the checks across a file, reading files, and writing them back."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

from ceasefire import (
    CEASEFIRE,
    BadTextError,
    Checkpoint,
    DatePrecision,
    ErrorCode,
    Event,
    ObligationState,
    Registry,
    Scenario,
    ScenarioError,
    Situation,
    Source,
    Version,
    dump_scenario,
    load_scenario,
    loads_scenario,
)
from ceasefire.files._schema import scenario_schema
from ceasefire.testing.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
scenario: test
sources:
  article: {title: An article, url: "https://example.org/a"}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    scope: energy-infrastructure
    duration: P30D
events:
  - date: 2025-03-18
    propose: truce
    source: article
  - date: 2025-03-18
    accept: truce
    by: UA
    conditions: [concurrent implementation]
    source: {ref: article, quote: "both sides agreed"}
  - date: 2025-04-13
    happened: A strike on a city
    kind: strike
    source: article
checkpoints:
  - as-of: 2025-04-01
    states: {truce: active}
"""


def problems(text: str, name: str = "f.yaml") -> list[str]:
    """Return the problem lines of a scenario text that must not load."""
    with pytest.raises(ScenarioError, match=rf"^{re.escape(name)}:") as caught:
        loads_scenario(text, name)
    return [str(p) for p in caught.value.problems]


def with_changes(**replacements: str) -> str:
    """Return GOOD with some lines replaced."""
    text = GOOD
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_valid_file_becomes_a_scenario_of_domain_values() -> None:
    """Parties, proposals with terms, events with sources, checkpoints."""
    scenario = loads_scenario(GOOD, "f.yaml")
    truce = scenario.proposals["truce"]
    assert truce.lifecycle is CEASEFIRE
    assert truce.terms.duration == timedelta(days=30)
    assert truce.needs == ("UA", "RU")
    accept = scenario.events[1]
    assert (accept.action, accept.proposal, accept.by) == ("accept", "truce", "UA")
    assert accept.sources == (Source("article", "both sides agreed", "https://example.org/a"),)
    assert accept.conditions == ("concurrent implementation",)
    assert scenario.events[2].context
    assert scenario.checkpoints[0].states == {"truce": "active"}
    assert scenario.parties["US"].name == "United States"


def test_unknown_ids_are_named_with_suggestions() -> None:
    """Parties, proposals, sources and lifecycles must be defined in the file."""
    lines = problems(
        with_changes(
            **{
                "proposed-by: US": "proposed-by: USA",
                "by: UA\n    conditions": "by: UAA\n    conditions",
                "source: {ref: article,": "source: {ref: articel,",
                "scope: energy-infrastructure": "lifecycle: talks",
            }
        )
    )
    assert any(
        "proposals.truce.proposed-by: unknown party 'USA' (did you mean 'US'?)" in x for x in lines
    )
    assert any(
        "proposals.truce.lifecycle: unknown lifecycle 'talks'; known: ceasefire" in x for x in lines
    )
    assert any("events[1].by: unknown party 'UAA' (did you mean 'UA'?)" in x for x in lines)
    assert any(
        "events[1].source.ref: unknown source 'articel' (did you mean 'article'?)" in x
        for x in lines
    )
    # Only a lifecycle can come from Python: its message alone says how one is found.
    assert [x for x in lines if "registry" in x] == [
        next(x for x in lines if "unknown lifecycle 'talks'" in x)
    ]


def test_an_unknown_lifecycle_says_how_one_defined_in_python_is_found() -> None:
    """A proposal's lifecycle and a lifecycle to extend may be in a registry: the hint says so."""
    hint = (
        "; known: ceasefire; a lifecycle defined in Python is found through a registry: "
        "Registry(lifecycles=...), --registry MODULE:NAME or pytest's ceasefire_registry "
        "[CF301]"
    )
    (used,) = problems(with_changes(**{"duration: P30D": "duration: P30D\n    lifecycle: swap"}))
    assert used.endswith("proposals.truce.lifecycle: unknown lifecycle 'swap'" + hint)
    (extended,) = problems(
        GOOD.replace("proposals:\n", "lifecycles:\n  x:\n    extends: swap\nproposals:\n")
    )
    assert extended.endswith("lifecycles.x.extends: unknown lifecycle to extend 'swap'" + hint)


def test_an_end_before_the_start_is_named_at_the_end() -> None:
    """Terms that contradict themselves point at the term at fault."""
    (line,) = problems(
        with_changes(**{"duration: P30D": "starts: 2025-05-11\n    ends: 2025-05-08"})
    )
    assert line.startswith("f.yaml:14:11: proposals.truce.ends: ends (2025-05-08) must be after")


def test_an_action_the_lifecycle_does_not_have_is_named() -> None:
    """A misspelt action gets a suggestion and the list of actions."""
    (line,) = problems(
        with_changes(**{"  - date: 2025-03-18\n    accept:": "  - date: 2025-03-18\n    acept:"})
    )
    assert "events[1].acept: unknown key or action 'acept' (did you mean 'accept'?)" in line
    expected = "expected propose, fulfil, miss, defer, or an action of lifecycle 'ceasefire'"
    assert f"{expected}: accept, reject" in line


def test_a_timer_written_as_an_event_is_refused() -> None:
    """Expiry happens by itself; writing it down is a mistake."""
    (line,) = problems(
        with_changes(**{"happened: A strike on a city\n    kind: strike": "expire: truce"})
    )
    assert "'expire' is a timer of lifecycle 'ceasefire': it happens by itself" in line


def test_every_event_needs_a_source() -> None:
    """A source for every fact."""
    (line,) = problems(
        with_changes(**{"    propose: truce\n    source: article\n": "    propose: truce\n"})
    )
    assert line == (
        "f.yaml:15:5: events[0]: every event needs a source: add source: {ref: ID, quote: ...} "
        "[CF304]"
    )


def test_a_proposal_must_be_proposed_exactly_once() -> None:
    """Never proposed, or proposed twice, is a mistake."""
    never = problems(with_changes(**{"    propose: truce\n": "    happened: Talks\n"}))
    assert any("proposal 'truce' is never proposed" in x for x in never)
    twice = problems(
        GOOD.replace(
            "events:\n", "events:\n  - {date: 2025-03-17, propose: truce, source: article}\n"
        )
    )
    assert any("proposal 'truce' is already proposed by events[0]" in x for x in twice)


def test_the_proposer_of_a_propose_event_must_match() -> None:
    """``by`` on a propose event is its proposed-by."""
    (line,) = problems(with_changes(**{"    propose: truce\n": "    propose: truce\n    by: RU\n"}))
    assert "events[0].by: expected 'US' (its proposed-by), found 'RU'" in line


def test_checkpoints_name_known_proposals_states_and_parties() -> None:
    """A typo in a checkpoint is caught before any replay."""
    lines = problems(
        with_changes(
            **{
                "states: {truce: active}": "states: {truce: actve, truse: active}\n"
                "    positions: {truce: {US: accepted}}"
            }
        )
    )
    assert any(
        "checkpoints[0].states.truce: unknown state 'actve' (did you mean 'active'?)" in x
        for x in lines
    )
    assert any("checkpoints[0].states.truse: unknown proposal 'truse'" in x for x in lines)
    assert any("checkpoints[0].positions.truce.US: unknown party it needs 'US'" in x for x in lines)


def test_a_lifecycle_defined_in_the_file_is_checked_like_a_built_in_one() -> None:
    """LifecycleError problems come back located at the lifecycle."""
    text = GOOD.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  talks:\n"
        "    initial: proposed\n"
        "    states: {proposed: {}, held: {}, concluded: {final: true}}\n"
        "    actions: {hold: {}}\n"
        "    transitions:\n"
        "      - {action: hold, from: proposed, to: held}\n"
        "proposals:\n",
    )
    assert problems(text) == [
        "f.yaml:10:5: lifecycles.talks: state 'held' is not final but has no way out [CF506]",
        "f.yaml:10:5: lifecycles.talks: state 'concluded' cannot be reached from 'proposed' "
        "[CF505]",
    ]
    (line,) = problems(text.replace("talks:", "ceasefire:"))
    assert "a lifecycle 'ceasefire' is built in; choose another name" in line


def test_a_lifecycle_defined_in_the_file_drives_its_proposals() -> None:
    """Talks: proposed, accepted, held, concluded."""
    text = GOOD.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  talks:\n"
        "    initial: proposed\n"
        "    states:\n"
        "      proposed: {}\n"
        "      accepted: {}\n"
        "      held: {in-force: true}\n"
        "      concluded: {final: true}\n"
        "      did-not-happen: {final: true}\n"
        "    actions:\n"
        "      accept: {by: required, answer: accepted}\n"
        "      hold: {}\n"
        "      conclude: {}\n"
        "    transitions:\n"
        "      - {action: accept, from: proposed, to: accepted, guards: [all_required_accepted]}\n"
        "      - {action: accept, from: proposed, to: proposed}\n"
        "      - {action: hold, from: accepted, to: held}\n"
        "      - {action: conclude, from: held, to: concluded}\n"
        "    timers:\n"
        "      - {name: lapse, from: proposed, to: did-not-happen, at: response_deadline}\n"
        "proposals:\n"
        "  istanbul:\n"
        "    proposed-by: RU\n"
        "    needs: [UA]\n"
        "    lifecycle: talks\n",
    ).replace("events:\n", "events:\n  - {date: 2025-05-11, propose: istanbul, source: article}\n")
    scenario = loads_scenario(text, "f.yaml")
    talks = scenario.proposals["istanbul"].lifecycle
    assert talks is scenario.lifecycles["talks"]
    assert talks.state("held").in_force
    assert talks.actions_from("proposed") == ("accept",)


def test_reading_a_file_that_is_not_utf8_is_one_clear_problem(tmp_path: Path) -> None:
    """Binary or mis-encoded files are refused with the file name."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("scenario: café\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1.yaml:1:14: not UTF-8 text \(byte 13, 0xe9\)"):
        load_scenario(path)


def test_reading_a_missing_file_is_one_clear_problem(tmp_path: Path) -> None:
    """The message says the file cannot be read."""
    with pytest.raises(ScenarioError, match=r"nothere\.yaml: cannot read"):
        load_scenario(tmp_path / "nothere.yaml")


def test_json_files_are_read_by_their_suffix(tmp_path: Path) -> None:
    """A .json file is read as JSON, with the same checks."""
    scenario = loads_scenario(GOOD, "f.yaml")
    path = tmp_path / "s.json"
    path.write_text(dump_scenario(scenario, "json"), encoding="utf-8")
    assert load_scenario(path) == scenario
    assert problems('{"scenario": "s", "titel": 1}', "f.json")[0].startswith("f.json:1:19: titel:")


def test_dumped_yaml_is_readable_yaml_with_the_action_key_after_the_date() -> None:
    """What dump_scenario writes is what a person would write."""
    text = dump_scenario(loads_scenario(GOOD, "f.yaml"))
    assert "- date: '2025-03-18'\n  accept: truce\n" in text
    assert "proposed-by: US" in text


@pytest.mark.parametrize("char", ["\x85", "\x1b", "\x00"])
def test_a_scenario_made_in_python_holds_no_control_character(char: str) -> None:
    """A NEL (U+0085), an escape or a NUL in a title is refused when the scenario is made.

    So `dump_scenario` never writes one, and what it writes reads back equal.
    """
    with pytest.raises(BadTextError, match=r"Scenario.title: expected text without control") as e:
        Scenario(id="s", title=f"a{char}b")
    assert e.value.code is ErrorCode.BAD_TEXT


@settings(max_examples=60)
@given(scenarios())
def test_any_scenario_written_as_yaml_or_json_reads_back_equal(scenario: Scenario) -> None:
    """Round trip: scenario -> file -> scenario is equal, in both formats."""
    for fmt in ("yaml", "json"):
        assert loads_scenario(dump_scenario(scenario, fmt), f"s.{fmt}") == scenario


def test_a_lifecycle_can_extend_a_built_in_one_in_the_file() -> None:
    """extends adds to the ceasefire lifecycle without copying it."""
    text = GOOD.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  paused:\n"
        "    extends: ceasefire\n"
        "    drop-timers: [{name: expire, from: suspended}]\n"
        "    drop-transitions: [{action: suspend, from: active}]\n"
        "    transitions:\n"
        "      - {action: suspend, from: active, to: suspended, effects: [pause_clock]}\n"
        "proposals:\n",
    ).replace("    duration: P30D\n", "    duration: P30D\n    lifecycle: paused\n")
    paused = loads_scenario(text, "f.yaml").proposals["truce"].lifecycle
    assert paused.name == "paused"
    assert paused.timers_from("suspended") == ()
    (suspend,) = paused.rows("active", "suspend")
    assert suspend.effects == ("pause_clock",)
    assert set(paused.state_names) == set(CEASEFIRE.state_names)


def test_extending_an_unknown_lifecycle_or_giving_initial_is_refused() -> None:
    """extends names a lifecycle known by then; the initial state is inherited."""
    base = GOOD.replace("proposals:\n", "lifecycles:\n  x:\n    extends: cesefire\nproposals:\n")
    (line,) = problems(base)
    assert (
        "lifecycles.x.extends: unknown lifecycle to extend 'cesefire' (did you mean 'ceasefire'?)"
        in line
    )
    (line,) = problems(base.replace("cesefire", "ceasefire\n    initial: proposed"))
    assert "the initial state comes from 'ceasefire'; remove initial" in line
    (line,) = problems(
        GOOD.replace("proposals:\n", "lifecycles:\n  x: {states: {a: {}}}\nproposals:\n")
    )
    assert "missing required key 'initial' (or extends: a lifecycle)" in line


def test_file_lifecycles_may_name_functions_from_a_registry_the_user_controls() -> None:
    """A guard named in a file comes from the registry given in Python, never from the file."""
    text = GOOD.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  strict:\n"
        "    extends: ceasefire\n"
        "    drop-transitions: [{action: accept, from: proposed}]\n"
        "    transitions:\n"
        "      - {action: accept, from: proposed, to: accepted, guards: [ukraine_first]}\n"
        "      - {action: accept, from: proposed, to: proposed}\n"
        "proposals:\n",
    ).replace("    duration: P30D\n", "    duration: P30D\n    lifecycle: strict\n")
    (line,) = problems(text)
    assert "names unknown guard 'ukraine_first'" in line

    def ukraine_first(situation: Situation) -> bool:
        return situation.status.position("UA").stance.agrees

    scenario = loads_scenario(
        text, "f.yaml", registry=Registry(guards={"ukraine_first": ukraine_first})
    )
    assert scenario.proposals["truce"].lifecycle.guard("ukraine_first") is ukraine_first


def test_obligations_carve_outs_and_their_events_are_checked() -> None:
    """fulfil names a known obligation; where goes with violate only."""
    text = GOOD.replace(
        "    duration: P30D\n",
        "    duration: P30D\n"
        "    carve-outs: [enclave]\n"
        "    obligations:\n"
        "      maps: {within: P7D, by: RUS}\n",
    )
    (line,) = problems(text)
    assert "proposals.truce.obligations.maps.by: unknown party 'RUS'" in line
    text = text.replace("by: RUS", "by: RU")
    assert loads_scenario(text, "f.yaml").proposals["truce"].terms.carve_outs == ("enclave",)
    bad = text.replace(
        "checkpoints:\n",
        "  - {date: 2025-03-20, fulfil: truce, obligation: mapps, source: article}\n"
        "  - {date: 2025-03-20, fulfil: truce, source: article}\n"
        "  - {date: 2025-03-20, accept: truce, by: RU, where: enclave, source: article}\n"
        "checkpoints:\n",
    )
    lines = problems(bad)
    assert any(
        "events[3].obligation: unknown obligation 'mapps' (did you mean 'maps'?)" in x
        for x in lines
    )
    assert any("events[4]: a fulfil event names its obligation" in x for x in lines)
    assert any("events[5].where: where goes with violate events only" in x for x in lines)


def test_miss_and_defer_name_a_known_obligation_and_obligation_goes_with_reports_only() -> None:
    """miss and defer are checked as fulfil is: a known obligation, with did-you-mean."""
    text = GOOD.replace(
        "    duration: P30D\n", "    duration: P30D\n    obligations:\n      maps: {within: P7D}\n"
    )
    bad = text.replace(
        "checkpoints:\n",
        "  - {date: 2025-03-20, miss: truce, obligation: mapps, source: article}\n"
        "  - {date: 2025-03-20, defer: truce, obligation: mps, extra: P3D, source: article}\n"
        "  - {date: 2025-03-20, miss: truce, source: article}\n"
        "  - {date: 2025-03-20, defer: truce, until: 2025-04-01, source: article}\n"
        "  - {date: 2025-03-20, violate: truce, by: RU, obligation: maps, source: article}\n"
        "checkpoints:\n",
    )
    lines = problems(bad)
    assert len(lines) == 5
    assert "events[3].obligation: unknown obligation 'mapps' (did you mean 'maps'?)" in lines[0]
    assert "events[4].obligation: unknown obligation 'mps' (did you mean 'maps'?)" in lines[1]
    assert "events[5]: a miss event names its obligation: add obligation: NAME [CF201]" in lines[2]
    assert "events[6]: a defer event names its obligation: add obligation: NAME [CF201]" in lines[3]
    assert (
        "events[7].obligation: obligation goes with fulfil, miss and defer events only [CF305]"
        in lines[4]
    )


def test_miss_and_defer_events_and_the_new_states_read_back_equal() -> None:
    """The invented example, written as YAML and as JSON, reads back equal; so does a checkpoint."""
    scenario = load_scenario(ROOT / "examples" / "how-to" / "obligations.yaml")
    actions = [e.action for e in scenario.events]
    assert {"miss", "defer", "fulfil"} <= set(actions)
    defer = next(e for e in scenario.events if e.action == "defer")
    assert (defer.obligation, defer.until, defer.by) == (
        "withdraw-heavy-weapons",
        date(2024, 2, 18),
        "OSM",
    )
    states = {s for c in scenario.checkpoints for o in c.obligations.values() for s in o.values()}
    assert states == set(ObligationState)
    for fmt in ("yaml", "json"):
        assert loads_scenario(dump_scenario(scenario, fmt), f"s.{fmt}") == scenario
    text = dump_scenario(scenario)
    assert "  defer: line-ceasefire\n  by: OSM\n  until: '2024-02-18'\n" in text


def test_file_lifecycles_can_extend_and_proposals_follow_lifecycles_from_the_registry() -> None:
    """A lifecycle defined in Python is used by name, and extended, from a file."""
    talks = CEASEFIRE.derive("quiet", description="The ceasefire lifecycle under another name.")
    text = GOOD.replace(
        "proposals:\n",
        "lifecycles:\n"
        "  louder:\n"
        "    extends: quiet\n"
        "    actions: {protest: {}}\n"
        "    transitions: [{action: protest, from: active, to: active}]\n"
        "proposals:\n",
    ).replace("    duration: P30D\n", "    duration: P30D\n    lifecycle: louder\n")
    (line,) = problems(text)
    assert "unknown lifecycle to extend 'quiet'" in line
    scenario = loads_scenario(text, "f.yaml", registry=Registry(lifecycles={"quiet": talks}))
    louder = scenario.proposals["truce"].lifecycle
    assert louder.actions_from("active")[-1] == "protest"
    with pytest.raises(ScenarioError, match="a lifecycle 'quiet' is in the registry"):
        loads_scenario(
            text.replace("  louder:\n", "  quiet:\n"),
            "f.yaml",
            registry=Registry(lifecycles={"quiet": talks}),
        )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A 50 MB file is refused at once, with how to raise the limit; a higher limit reads it."""
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as stream:
        stream.write("scenario: big\ndescription: ")
        stream.write("x" * (50 * 2**20))
        stream.write("\n")
    with pytest.raises(
        ScenarioError, match=r"the file is 50\.0 MiB, more than the limit of 10\.0 MiB"
    ):
        load_scenario(big)
    with pytest.raises(ScenarioError, match="raise it with --max-size"):
        load_scenario(big, max_bytes=2**20)
    small = tmp_path / "small.yaml"
    small.write_text("scenario: small\n", encoding="utf-8")
    assert load_scenario(small, max_bytes=100).id == "small"


@pytest.mark.parametrize("conditions", [(), ("a corridor first",), None])
def test_a_version_with_every_fact_reads_back_equal_and_follows_the_schema(
    conditions: tuple[str, ...] | None,
) -> None:
    """Each fact a version can change survives YAML and JSON, ``[]`` apart from no key.

    Invented: a violation dated to about a day, its place and target disputed.
    """
    base = loads_scenario(GOOD, "good.yaml")
    cite = (Source("article", quote="said otherwise", url="https://example.org/a"),)
    version = Version(
        at=date(2025, 3, 20),
        precision=DatePrecision.APPROXIMATE,
        sources=cite,
        note="the other side's account",
        action="terminate",
        by="RU",
        conditions=conditions,
        until=date(2025, 5, 1),
        extra=timedelta(days=60),
        where="Kherson",
        scope="all-hostilities",
        between=(date(2025, 3, 19), date(2025, 3, 22)),
        reported=date(2025, 3, 25),
    )
    violation = Event(
        date(2025, 3, 19),
        "violate",
        "truce",
        precision=DatePrecision.APPROXIMATE,
        by="UA",
        sources=base.events[0].sources,
        where="Zaporizhzhia",
        scope="energy-infrastructure",
        between=(date(2025, 3, 18), date(2025, 3, 21)),
        reported=date(2025, 3, 21),
        disputed=[version, Version(sources=cite, conditions=conditions)],
    )
    checkpoint = Checkpoint(
        date(2025, 3, 20),
        certain={"truce": "active"},
        possible={"truce": ("not-proposed", "proposed", "active")},
        possibly_in_force=("truce",),
    )
    scenario = attrs.evolve(
        base, events=[*base.events, violation], checkpoints=[*base.checkpoints, checkpoint]
    )
    for fmt in ("yaml", "json"):
        assert loads_scenario(dump_scenario(scenario, fmt), f"s.{fmt}") == scenario
    jsonschema.validate(json.loads(dump_scenario(scenario, "json")), scenario_schema())
