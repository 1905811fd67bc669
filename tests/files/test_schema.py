"""The JSON Schema of scenario files: shipped up to date, valid, and in step with the loader."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import CEASEFIRE, DatePrecision, Role, ScenarioError, Stance, StartRule
from ceasefire._errors import KeyPath, format_path
from ceasefire.cli import main
from ceasefire.files import _documents as documents
from ceasefire.files._documents import EventDoc, ScenarioDoc, file_key
from ceasefire.files._loading import loads_scenario
from ceasefire.files._parsing import parse_text
from ceasefire.files._schema import scenario_schema, shipped_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])
REGENERATE = "run `python -m ceasefire schema > src/ceasefire/files/scenario.schema.json`"

SCHEMA = scenario_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

Doc = dict[str, Any]


def _schema_errors(doc: Any) -> list[str]:
    """Return the schema's complaints about `doc`, each as ``path: message``."""
    return [
        f"{format_path(tuple(e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)
    ]


# -- the shipped file ------------------------------------------------------------------------


def test_the_shipped_schema_is_the_one_the_documents_give() -> None:
    """``scenario.schema.json`` equals `scenario_schema()`, so it follows the file classes."""
    assert shipped_schema() == scenario_schema(), (
        f"scenario.schema.json is out of date with ceasefire.files._documents; {REGENERATE}"
    )


def test_the_shipped_schema_is_exactly_what_the_command_prints() -> None:
    """The regeneration command reproduces the shipped file byte for byte."""
    out = io.StringIO()
    assert main(["schema"], out=out, err=io.StringIO()) == 0
    shipped = ROOT / "src" / "ceasefire" / "files" / "scenario.schema.json"
    assert shipped.read_text(encoding="utf-8") == out.getvalue(), (
        f"scenario.schema.json is not what `ceasefire schema` prints; {REGENERATE}"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema itself follows the metaschema it names."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_file_follows_the_schema(path: Path) -> None:
    """The shipped example scenarios validate against the schema."""
    data = parse_text(path.read_text(encoding="utf-8"), path.name).data
    assert _schema_errors(data) == []


def _definition(cls: type) -> dict[str, Any]:
    if cls is ScenarioDoc:
        return SCHEMA
    definition: dict[str, Any] = SCHEMA["$defs"][cls.__name__.removesuffix("Doc")]
    return definition


DOCUMENT_CLASSES = [
    cls
    for name in documents.__all__
    if isinstance(cls := getattr(documents, name), type) and attrs.has(cls)
]


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES, ids=lambda c: c.__name__)
def test_every_key_of_every_document_class_is_described(cls: type) -> None:
    """Each class and each key it can be written with has a description for editors."""
    definition = _definition(cls)
    assert definition["description"].strip()
    keys = [
        file_key(a.name)
        for a in attrs.fields(cls)
        if not (cls is EventDoc and a.name in ("action", "proposal"))
    ]
    assert sorted(definition["properties"]) == sorted(keys)
    undescribed = [
        k for k in keys if not definition["properties"][k].get("description", "").strip()
    ]
    assert undescribed == []


def test_the_document_classes_cover_the_schema() -> None:
    """Every definition in the schema comes from one of the classes checked above."""
    names = {cls.__name__.removesuffix("Doc") for cls in DOCUMENT_CLASSES if cls is not ScenarioDoc}
    assert set(SCHEMA["$defs"]) == names


# -- the schema and the loader agree ---------------------------------------------------------

IDS = st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True)
PARTY_IDS = st.from_regex(r"[A-Z]{2,3}", fullmatch=True)
TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n"), max_size=12
)
"""Free text: anything but control characters (tab and newline excepted)."""
CONTROL = st.sampled_from([chr(c) for c in (*range(9), *range(11, 32), *range(0x7F, 0xA0))])
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=3)), timezone(-timedelta(hours=5, minutes=30))]
)


def _instant_text(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=OFFSETS
).map(_instant_text)
WHENS = DAYS.map(date.isoformat) | INSTANTS
PUBLISHED = st.tuples(DAYS, st.sampled_from([4, 7, 10])).map(lambda t: t[0].isoformat()[: t[1]])
"""YYYY, YYYY-MM or YYYY-MM-DD."""
DURATIONS = st.integers(1, 400).flatmap(
    lambda n: st.sampled_from([f"P{n}D", f"PT{n}H", f"P{n}W", f"PT{n}M", f"P{n}DT1H"])
)


def _optional(draw: st.DrawFn, doc: Doc, key: str, values: st.SearchStrategy[Any]) -> None:
    """Set `key` in `doc` to a drawn value, or leave it out."""
    if draw(st.booleans()):
        doc[key] = draw(values)


@st.composite
def _source_ref(draw: st.DrawFn, sources: list[str]) -> Any:
    ref = draw(st.sampled_from(sources))
    if draw(st.booleans()):
        return ref
    mapping: Doc = {"ref": ref}
    _optional(draw, mapping, "quote", TEXT)
    _optional(draw, mapping, "note", TEXT)
    return mapping


@st.composite
def _cited(draw: st.DrawFn, event: Doc, sources: list[str]) -> Doc:
    """Add a source (or several), a precision, a note and other datings to an event."""
    if draw(st.booleans()):
        event["source"] = draw(_source_ref(sources))
    else:
        event["sources"] = draw(st.lists(_source_ref(sources), min_size=1, max_size=2))
    _optional(draw, event, "precision", st.sampled_from([p.value for p in DatePrecision]))
    _optional(draw, event, "note", TEXT)
    if draw(st.booleans()):
        dating: Doc = {"date": draw(WHENS), "source": draw(_source_ref(sources))}
        _optional(draw, dating, "precision", st.sampled_from([p.value for p in DatePrecision]))
        _optional(draw, dating, "note", TEXT)
        event["disputed"] = [dating]
    return event


@st.composite
def _terms(draw: st.DrawFn) -> Doc:
    """A time frame that agrees with itself: a duration, a start, both ends, or nothing."""
    start = draw(DAYS)
    length = draw(st.integers(1, 90))
    end = (start + timedelta(days=length)).isoformat()
    return draw(
        st.sampled_from(
            [
                {},
                {"duration": draw(DURATIONS)},
                {"starts": draw(WHENS)},
                {"ends": draw(WHENS)},
                {"starts": start.isoformat(), "ends": end},
                {"starts": start.isoformat(), "duration": f"P{length}D"},
                {"starts": start.isoformat(), "duration": f"P{length}D", "ends": end},
            ]
        )
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Doc:
    """A valid scenario with the built-in lifecycle, as the plain data of a JSON file."""
    parties = draw(st.lists(PARTY_IDS, min_size=2, max_size=4, unique=True))
    sources = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    pids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    doc: Doc = {"scenario": draw(IDS)}
    _optional(draw, doc, "title", TEXT)
    _optional(draw, doc, "description", TEXT)
    doc["sources"] = {}
    for sid in sources:
        source: Doc = {}
        _optional(draw, source, "title", TEXT)
        _optional(draw, source, "publisher", TEXT)
        _optional(draw, source, "published", PUBLISHED)
        _optional(draw, source, "url", st.just("https://example.org/a"))
        doc["sources"][sid] = source
    doc["parties"] = {}
    for party in parties:
        entry: Doc = {}
        _optional(draw, entry, "name", TEXT)
        _optional(draw, entry, "role", st.sampled_from([r.value for r in Role]))
        doc["parties"][party] = entry
    doc["proposals"] = {}
    events: list[Doc] = []
    for pid in pids:
        proposed_by = draw(st.sampled_from(parties))
        needs = draw(st.lists(st.sampled_from(parties), max_size=len(parties), unique=True))
        proposal: Doc = {"proposed-by": proposed_by, "needs": needs, **draw(_terms())}
        _optional(draw, proposal, "title", TEXT)
        _optional(draw, proposal, "kind", TEXT)
        _optional(draw, proposal, "lifecycle", st.just("ceasefire"))
        _optional(draw, proposal, "scope", st.sampled_from(["all-hostilities", "maritime"]) | TEXT)
        _optional(draw, proposal, "start-rule", st.sampled_from([r.value for r in StartRule]))
        _optional(draw, proposal, "conditions", st.lists(TEXT, max_size=2))
        _optional(draw, proposal, "response-deadline", WHENS)
        _optional(draw, proposal, "note", TEXT)
        others = [p for p in pids if p != pid]
        if others:
            for link in ("counter-to", "renews", "supersedes"):
                _optional(draw, proposal, link, st.lists(st.sampled_from(others), max_size=1))
        doc["proposals"][pid] = proposal
        made = draw(DAYS)
        propose: Doc = {"date": made.isoformat(), "propose": pid}
        _optional(draw, propose, "by", st.just(proposed_by))
        events.append(draw(_cited(propose, sources)))
        for party in draw(st.lists(st.sampled_from(needs), unique=True)) if needs else []:
            action = draw(st.sampled_from(["accept", "reject"]))
            later = made + timedelta(days=draw(st.integers(0, 30)))
            answer: Doc = {"date": later.isoformat(), action: pid, "by": party}
            if action == "accept":
                _optional(draw, answer, "conditions", st.lists(TEXT, max_size=2))
            events.append(draw(_cited(answer, sources)))
    for _ in range(draw(st.integers(0, 2))):
        context: Doc = {"date": draw(WHENS), "happened": draw(TEXT)}
        _optional(draw, context, "kind", TEXT)
        events.append(draw(_cited(context, sources)))
    doc["events"] = draw(st.permutations(events))
    checkpoints = []
    for _ in range(draw(st.integers(0, 2))):
        checkpoint: Doc = {"as-of": draw(WHENS)}
        states = draw(st.lists(st.sampled_from(pids), unique=True))
        if states:
            checkpoint["states"] = {p: draw(st.sampled_from(CEASEFIRE.state_names)) for p in states}
        answered = [p for p in pids if doc["proposals"][p]["needs"]]
        ask = draw(st.booleans())
        if answered and ask:
            pid = draw(st.sampled_from(answered))
            party = draw(st.sampled_from(doc["proposals"][pid]["needs"]))
            checkpoint["positions"] = {
                pid: {party: draw(st.sampled_from([s.value for s in Stance]))}
            }
        _optional(draw, checkpoint, "in-force", st.lists(st.sampled_from(pids), unique=True))
        _optional(draw, checkpoint, "note", TEXT)
        checkpoints.append(checkpoint)
    if checkpoints:
        doc["checkpoints"] = checkpoints
    return doc


def _load_problems(doc: Doc) -> list[str]:
    try:
        loads_scenario(json.dumps(doc), "x.json")
    except ScenarioError as error:
        return [f"{p.path}: {p.message}" for p in error.problems]
    return []


@given(scenarios())
def test_a_valid_scenario_is_accepted_by_the_loader_and_the_schema(doc: Doc) -> None:
    """A generated valid scenario is read by the loader and accepted by the schema alike."""
    assert _schema_errors(doc) == []
    scenario = loads_scenario(json.dumps(doc), "x.json")
    assert list(scenario.proposals) == list(doc["proposals"])
    assert len(scenario.events) == len(doc["events"])
    assert len(scenario.checkpoints) == len(doc.get("checkpoints", []))


def _at(doc: Doc, path: KeyPath) -> Any:
    value: Any = doc
    for part in path:
        value = value[part]
    return value


def _paths(doc: Doc) -> dict[str, list[KeyPath]]:
    """Places in `doc` for each kind of mutation."""
    pids = list(doc["proposals"])
    events = range(len(doc["events"]))
    checkpoints = range(len(doc.get("checkpoints", [])))
    return {
        "mappings": [
            (),
            *(("parties", p) for p in doc["parties"]),
            *(("sources", s) for s in doc["sources"]),
            *(("proposals", p) for p in pids),
            *(("checkpoints", i) for i in checkpoints),
        ],
        "texts": [
            ("scenario",),
            ("title",),
            *(("parties", p, "name") for p in doc["parties"]),
            *(("sources", s, "title") for s in doc["sources"]),
            *(("proposals", p, "proposed-by") for p in pids),
            *(("proposals", p, "kind") for p in pids),
            *(("proposals", p, "needs", 0) for p in pids if doc["proposals"][p]["needs"]),
            *(("events", i, "note") for i in events),
            *(("checkpoints", i, "note") for i in checkpoints),
        ],
        "free texts": [  # set whether or not they are there
            ("title",),
            ("description",),
            *(("parties", p, "name") for p in doc["parties"]),
            *(("sources", s, "title") for s in doc["sources"]),
            *(("proposals", p, "kind") for p in pids),
            *(("events", i, "note") for i in events),
        ],
        "ids": [
            ("scenario",),
            *(("proposals", p, "proposed-by") for p in pids),
            *(("proposals", p, "needs", 0) for p in pids if doc["proposals"][p]["needs"]),
        ],
        "required": [
            ("scenario",),
            *(("proposals", p, "needs") for p in pids),
            *(("events", i, "date") for i in events),
            *(("checkpoints", i, "as-of") for i in checkpoints),
        ],
    }


@attrs.frozen
class Mistake:
    """Where a mutation put a mistake, and how the loader and the schema report it.

    Attributes:
        path: Where the loader reports it.
        says: A part of the loader's message.
        schema_path: Where the schema validator reports it.
    """

    path: KeyPath
    says: str
    schema_path: KeyPath


def _unknown_key(draw: st.DrawFn, doc: Doc) -> Mistake:
    parent = draw(st.sampled_from(_paths(doc)["mappings"]))
    key = draw(st.sampled_from(["colour", "proposed_by", "Title", "in_force", "sources2"]))
    _at(doc, parent)[key] = draw(TEXT)
    return Mistake((*parent, key), f"unknown key {key!r}", parent)


def _number_for_text(draw: st.DrawFn, doc: Doc) -> Mistake:
    path = draw(st.sampled_from(_paths(doc)["texts"]))
    number = draw(st.integers() | st.floats(allow_nan=False, allow_infinity=False))
    _at(doc, path[:-1])[path[-1]] = number
    return Mistake(path, "expected text, found the number", path)


def _control_character(draw: st.DrawFn, doc: Doc) -> Mistake:
    path = draw(st.sampled_from(_paths(doc)["free texts"]))
    text = draw(TEXT)
    at = draw(st.integers(0, len(text)))
    _at(doc, path[:-1])[path[-1]] = text[:at] + draw(CONTROL) + text[at:]
    return Mistake(path, "expected text without control characters", path)


def _bad_id(draw: st.DrawFn, doc: Doc) -> Mistake:
    path = draw(st.sampled_from(_paths(doc)["ids"]))
    bad = draw(st.sampled_from(["", "U A", "U/A", "-UA", "U\u202eA", "U\u200bA", "UA\n"]))
    _at(doc, path[:-1])[path[-1]] = bad
    return Mistake(path, "expected an id", path)


def _missing(draw: st.DrawFn, doc: Doc) -> Mistake:
    path = draw(st.sampled_from(_paths(doc)["required"]))
    del _at(doc, path[:-1])[path[-1]]
    return Mistake(path[:-1], f"missing required key {path[-1]!r}", path[:-1])


MUTATIONS: dict[str, Callable[[st.DrawFn, Doc], Mistake]] = {
    "unknown key": _unknown_key,
    "number for text": _number_for_text,
    "missing key": _missing,
    "control character": _control_character,
    "bad id": _bad_id,
}


@st.composite
def mutants(draw: st.DrawFn) -> tuple[Doc, Mistake]:
    """A valid scenario with one mistake in it, and the mistake."""
    doc = copy.deepcopy(draw(scenarios()))
    mutation = draw(st.sampled_from(sorted(MUTATIONS)))
    return doc, MUTATIONS[mutation](draw, doc)


@given(mutants())
def test_a_scenario_with_a_mistake_is_refused_by_the_loader_and_the_schema(
    mutant: tuple[Doc, Mistake],
) -> None:
    """An unknown key, a number for text, a missing key, a control character or a bad id.

    Both the loader and the schema refuse it, at the same place.
    """
    doc, mistake = mutant
    problems = _load_problems(doc)
    where = format_path(mistake.path)
    assert any(p.startswith(f"{where}: ") and mistake.says in p for p in problems), problems
    errors = _schema_errors(doc)
    assert errors, "the schema accepts it"
    assert any(e.startswith(f"{format_path(mistake.schema_path)}: ") for e in errors), errors
