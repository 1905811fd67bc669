"""Questions asked of a timeline: states, positions and what was in force, as of a date."""

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire import (
    COLUMNS,
    Cause,
    Change,
    Checkpoint,
    CheckpointResult,
    ClockError,
    DatePrecision,
    Entry,
    ErrorCode,
    NegotiationError,
    ObligationState,
    Position,
    Problem,
    Source,
    Stance,
    Timeline,
    load_scenario,
    loads_scenario,
    replay,
)
from ceasefire.scenario._timeline import EntryFacts, as_of_key, entry_facts

ROOT = Path(__file__).resolve().parents[2]

TEXT = """\
scenario: test
sources:
  article: {title: An article}
  other: {title: Another}
parties:
  UA: {name: Ukraine}
  RU: {name: Russia}
  US: {name: United States, role: mediator}
proposals:
  truce:
    proposed-by: US
    needs: [UA, RU]
    duration: P30D
events:
  - {date: 2025-03-11, propose: truce, source: article}
  - date: 2025-03-11
    accept: truce
    by: UA
    conditions: [concurrent implementation]
    source: {ref: article, quote: "accepted a U.S. proposal"}
  - date: 2025-03-18
    accept: truce
    by: RU
    sources: [other, article]
    disputed: [{date: 2025-03-25, source: article, note: later date}]
  - {date: 2025-04-13, happened: A strike, kind: strike, by: RU, source: article}
"""


@pytest.fixture
def timeline() -> Timeline:
    """The replayed test scenario, up to 1 May 2025."""
    return replay(loads_scenario(TEXT, "f.yaml"), until=date(2025, 5, 1))


def test_a_date_is_asked_about_as_of_the_end_of_that_day() -> None:
    """What happened that day counts; the next day does not."""
    assert as_of_key(date(2025, 3, 18)) == datetime(2025, 3, 19, tzinfo=UTC) - timedelta(
        microseconds=1
    )
    moment = datetime(2025, 3, 18, 12, tzinfo=timezone(timedelta(hours=3)))
    assert as_of_key(moment) == datetime(2025, 3, 18, 9, tzinfo=UTC)


def test_the_state_of_a_proposal_on_a_date(timeline: Timeline) -> None:
    """Before it was proposed, while answered, in force, and after its term."""
    assert timeline.state_of("truce", date(2025, 3, 10)) is None
    assert timeline.state_of("truce", date(2025, 3, 11)) == "proposed"
    assert timeline.state_of("truce", date(2025, 3, 18)) == "active"
    assert timeline.state_of("truce", date(2025, 4, 16)) == "active"
    assert timeline.state_of("truce", date(2025, 4, 17)) == "expired"
    assert timeline.state_of("truce") == "expired"


def test_every_partys_position_on_a_date(timeline: Timeline) -> None:
    """Ukraine's conditional yes of 11 March, Russia's pending answer until 18 March."""
    ua, ru = timeline.positions("truce", date(2025, 3, 12))
    assert (ua.party, ua.stance, ua.conditions) == (
        "UA",
        Stance.ACCEPTED_WITH_CONDITIONS,
        ("concurrent implementation",),
    )
    assert ua.source is not None
    assert ua.source.quote == "accepted a U.S. proposal"
    assert (ru.party, ru.stance) == ("RU", Stance.PENDING)
    assert timeline.position("truce", "RU", date(2025, 3, 18)).stance is Stance.ACCEPTED
    with pytest.raises(NegotiationError, match="'US' is not asked to answer 'truce'") as caught:
        timeline.position("truce", "US")
    assert caught.value.code is ErrorCode.NOT_ENTITLED


def test_what_was_in_force_on_a_date(timeline: Timeline) -> None:
    """In force from its acceptance to the start of its 31st day."""
    assert timeline.in_force(date(2025, 3, 17)) == ()
    assert timeline.in_force(date(2025, 4, 1)) == ("truce",)
    assert timeline.in_force(date(2025, 4, 17)) == ()


def test_every_change_in_order_with_its_cause(timeline: Timeline) -> None:
    """The history of one proposal, and the last change as of a date."""
    assert [c.trigger for c in timeline.history("truce")] == [
        "propose",
        "accept",
        "accept",
        "take_effect",
        "expire",
    ]
    last = timeline.last_change("truce", date(2025, 4, 1))
    assert last is not None
    assert last.trigger == "take_effect"
    assert timeline.last_change("truce", date(2025, 3, 1)) is None


def test_questions_beyond_the_end_of_the_replay_are_refused(timeline: Timeline) -> None:
    """A timeline does not guess what happened after it ends."""
    with pytest.raises(ClockError, match="the timeline ends at 2025-05-01") as caught:
        timeline.state_of("truce", date(2025, 5, 2))
    assert caught.value.code is ErrorCode.BEYOND_TIMELINE


def test_an_unknown_proposal_gets_a_suggestion(timeline: Timeline) -> None:
    """Typos in ids are caught."""
    with pytest.raises(
        NegotiationError, match=r"no proposal 'truse' \(did you mean 'truce'\?\)"
    ) as caught:
        timeline.state_of("truse")
    assert caught.value.code is ErrorCode.UNKNOWN_NAME


def test_a_disputed_dating_known_to_the_month_is_written_as_a_month() -> None:
    """Another source's "March 2025" is not "2025-03-01" in the disputed column."""
    text = TEXT.replace(
        "disputed: [{date: 2025-03-25, source: article, note: later date}]",
        "disputed: [{date: 2025-04, precision: month, source: article, until: 2025-05-20}]",
    )
    rows = replay(loads_scenario(text, "f.yaml"), until=date(2025, 5, 1)).records()
    assert rows[2]["disputed"] == "April 2025 until 20 May 2025 (article)"


def test_records_are_flat_text_rows_ready_for_csv(timeline: Timeline) -> None:
    """One row per change or context event, every value text, in the documented columns."""
    rows = timeline.records()
    assert [tuple(row) for row in rows] == [COLUMNS] * len(rows)
    assert [row["action"] for row in rows] == [
        "propose",
        "accept",
        "accept",
        "take_effect",
        "strike",
        "expire",
    ]
    accept_ru = rows[2]
    assert accept_ru["sources"] == "other; article"
    assert rows[1]["sources"] == 'article: "accepted a U.S. proposal"'
    assert accept_ru["disputed"] == "25 March 2025 (article)"
    assert rows[1]["conditions"] == "concurrent implementation"
    strike = rows[4]
    assert (strike["cause"], strike["by"], strike["description"], strike["to"]) == (
        "context",
        "RU",
        "A strike",
        "",
    )
    assert rows[5]["cause"] == "timer"
    assert rows[5]["sources"] == ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    assert list(csv.DictReader(io.StringIO(buffer.getvalue()))) == rows


def test_obligations_are_pending_met_missed_or_unreported_as_of_a_date() -> None:
    """Due their own length after the start, or when deferred to; each state as of a date."""
    timeline = replay(load_scenario(ROOT / "examples" / "how-to" / "obligations.yaml"))

    def states(on: date) -> dict[str, tuple[ObligationState, date | None]]:
        return {
            s.obligation.name: (s.state, s.due) for s in timeline.obligations("line-ceasefire", on)
        }

    assert states(date(2024, 1, 31)) == {
        "withdraw-heavy-weapons": (ObligationState.PENDING, None),
        "exchange-maps": (ObligationState.PENDING, None),
        "open-corridor": (ObligationState.PENDING, None),
    }
    assert states(date(2024, 2, 6))["exchange-maps"] == (ObligationState.MET, date(2024, 2, 8))
    assert states(date(2024, 2, 10))["open-corridor"] == (
        ObligationState.PENDING,
        date(2024, 2, 11),
    )
    assert states(date(2024, 2, 11))["open-corridor"][0] is ObligationState.UNREPORTED
    assert states(date(2024, 2, 13))["withdraw-heavy-weapons"] == (
        ObligationState.PENDING,
        date(2024, 2, 15),
    )
    assert states(date(2024, 2, 15))["withdraw-heavy-weapons"] == (
        ObligationState.PENDING,
        date(2024, 2, 18),
    )
    assert states(date(2024, 2, 18)) == {
        "withdraw-heavy-weapons": (ObligationState.UNREPORTED, date(2024, 2, 18)),
        "exchange-maps": (ObligationState.MET, date(2024, 2, 8)),
        "open-corridor": (ObligationState.MISSED, date(2024, 2, 11)),
    }
    late = {s.obligation.name: s for s in timeline.obligations("line-ceasefire")}
    weapons = late["withdraw-heavy-weapons"]
    assert (weapons.state, weapons.fulfilled, weapons.missed) == (
        ObligationState.MISSED,
        date(2024, 2, 20),
        None,
    )
    assert (weapons.original_due, weapons.due, weapons.extended) == (
        date(2024, 2, 15),
        date(2024, 2, 18),
        True,
    )
    assert weapons.deadlines == (date(2024, 2, 15), date(2024, 2, 18))
    corridor = late["open-corridor"]
    assert (corridor.missed, corridor.fulfilled, corridor.extended) == (
        date(2024, 2, 18),
        None,
        False,
    )
    assert corridor.original_due == corridor.due == date(2024, 2, 11)


def test_an_incident_in_a_carve_out_is_recorded_outside_the_scope_not_as_a_violation() -> None:
    """The enclave shelling is kept, told apart from the violation in the central sector."""
    timeline = replay(load_scenario(ROOT / "examples" / "how-to" / "obligations.yaml"))
    rows = {(r["at"], r["cause"]): r for r in timeline.records() if r["action"] == "violate"}
    assert set(rows) == {("2024-02-09", "outside-scope"), ("2024-02-10", "action")}
    assert rows[("2024-02-09", "outside-scope")]["description"] == "northern-enclave"
    assert rows[("2024-02-09", "outside-scope")]["to"] == ""
    assert [c.trigger for c in timeline.history("line-ceasefire")].count("violate") == 1
    records = timeline.records()
    reports = [(r["action"], r["description"]) for r in records if r["cause"] == "obligation"]
    assert reports == [
        ("fulfil", "exchange-maps"),
        ("defer", "withdraw-heavy-weapons"),
        ("miss", "open-corridor"),
        ("fulfil", "withdraw-heavy-weapons"),
    ]


def test_an_obligation_due_beyond_the_calendar_is_never_unreported() -> None:
    """A `within` so long that the deadline would pass the year 9999 is pending until reported.

    Found by fuzzing: the deadline's date overflowed and the query raised.
    """
    path = Path(__file__).parents[2] / "examples" / "how-to" / "obligations.yaml"
    text = path.read_text(encoding="utf-8").replace("within: P10D", "within: P999999999D")
    timeline = replay(loads_scenario(text, "far.yaml"))
    corridor = timeline.obligations("line-ceasefire", date(2024, 2, 16))[2]
    assert (corridor.due, corridor.state, corridor.deadlines) == (
        None,
        ObligationState.PENDING,
        (),
    )
    corridor = timeline.obligations("line-ceasefire")[2]
    assert (corridor.due, corridor.state) == (None, ObligationState.MISSED)  # a source says so
    maps = timeline.obligations("line-ceasefire")[1]
    assert (maps.due, maps.state) == (date(2024, 2, 8), ObligationState.MET)


@pytest.mark.parametrize(
    ("reported", "state"),
    [("2024-02-08", ObligationState.MET), ("2024-02-09", ObligationState.MISSED)],
)
def test_an_obligation_reported_on_its_due_date_is_met_and_a_day_later_missed(
    reported: str, state: ObligationState
) -> None:
    """Due at the start of 8 February: reported that day it is met, the next day it is late."""
    path = Path(__file__).parents[2] / "examples" / "how-to" / "obligations.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "date: 2024-02-05, fulfil", f"date: {reported}, fulfil"
    )
    timeline = replay(loads_scenario(text, "on-time.yaml"))
    maps = timeline.obligations("line-ceasefire")[1]
    assert (maps.obligation.name, maps.due, maps.state) == (
        "exchange-maps",
        date(2024, 2, 8),
        state,
    )
    assert maps.fulfilled == date.fromisoformat(reported)


def test_the_failures_of_a_checkpoint_are_problems_where_it_is_written() -> None:
    """One problem per failure, at the checkpoint's place, or at <scenario> when unknown."""
    checkpoint = Checkpoint(as_of=date(2025, 3, 20), states={"t": "active"})
    failures = ("'t' is 'proposed', expected 'active'", "'u' is unknown")
    where = Problem("talks.yaml", 12, 5, "checkpoints[0]", "", ErrorCode.CHECKPOINT_FAILED)
    located = CheckpointResult(checkpoint, failures, where)
    assert not located.passed
    assert located.problems() == tuple(
        Problem("talks.yaml", 12, 5, "checkpoints[0]", failure, ErrorCode.CHECKPOINT_FAILED)
        for failure in failures
    )
    unplaced = CheckpointResult(checkpoint, failures[:1])
    assert unplaced.problems() == (
        Problem("<scenario>", None, None, "checkpoints", failures[0], ErrorCode.CHECKPOINT_FAILED),
    )
    passed = CheckpointResult(checkpoint)
    assert passed.passed
    assert passed.problems() == ()


ROWS = """\
scenario: rows
sources:
  wire: {title: A wire report}
  monitors: {title: Monitors}
parties:
  N: {name: Nuland}
  S: {name: Suland}
  OSM: {name: Observers, role: third-party}
proposals:
  line:
    proposed-by: OSM
    needs: [N, S]
    duration: P30D
    carve-outs: [enclave]
    obligations:
      maps: {within: P7D, by: S}
  other:
    proposed-by: OSM
    needs: [N]
    obligations:
      maps: {within: P7D, by: N}
events:
  - {date: 2024-02-01, propose: line, source: {ref: wire, quote: offered}, note: At the border}
  - {date: 2024-02-01, propose: other, source: wire}
  - date: 2024-02-01
    accept: line
    by: N
    conditions: [prisoners first, maps]
    sources: [monitors, wire]
  - date: 2024-02-02
    accept: line
    by: S
    precision: approximate
    source: wire
    disputed:
      - {date: 2024-02-03, source: monitors, action: reject}
      - {date: 2024-02-04, sources: [wire, monitors]}
  - {date: 2024-02-05, fulfil: line, obligation: maps, by: S, source: monitors}
  - {date: 2024-02-06, violate: line, by: N, where: enclave, source: monitors, precision: month}
  - {date: 2024-02-07, violate: line, by: S, where: central sector, source: monitors}
  - {date: 2024-02-08, happened: A storm on the coast, kind: weather, precision: approximate,
     note: No one was hurt, source: monitors}
"""
"""Every kind of row: proposals, answers with conditions and disputed datings, a timer, an
obligation met, an incident outside the scope, a violation where it counts, a context event."""


@pytest.fixture
def rows_timeline() -> Timeline:
    """The ROWS scenario replayed to 10 March 2024."""
    return replay(loads_scenario(ROWS, "rows.yaml"), until=date(2024, 3, 10))


def test_each_kind_of_entry_gives_its_row_field_by_field(rows_timeline: Timeline) -> None:
    """A change's facts over its event's; an event that changed nothing says why; "" when empty."""
    expected = [
        ("2024-02-01", "day", "line", "propose", "", "proposed", "proposal", "OSM", "",
         'wire: "offered"', "", "At the border", ""),
        ("2024-02-01", "day", "other", "propose", "", "proposed", "proposal", "OSM", "",
         "wire", "", "", ""),
        ("2024-02-01", "day", "line", "accept", "proposed", "proposed", "action", "N", "",
         "monitors; wire", "prisoners first; maps", "", ""),
        ("2024-02-02", "approximate", "line", "accept", "proposed", "accepted", "action", "S",
         "", "wire", "", "",
         "3 February 2024 reject (monitors); 4 February 2024 (wire, monitors)"),
        # it takes effect on the acceptance, dated as loosely as the acceptance is
        ("2024-02-02", "approximate", "line", "take_effect", "accepted", "active", "timer", "",
         "", "", "", "It comes into force at its start.", ""),
        ("2024-02-05", "day", "line", "fulfil", "", "", "obligation", "S", "maps", "monitors",
         "", "", ""),
        ("2024-02-06", "month", "line", "violate", "", "", "outside-scope", "N", "enclave",
         "monitors", "", "", ""),
        ("2024-02-07", "day", "line", "violate", "active", "active", "action", "S",
         "central sector", "monitors", "", "", ""),
        ("2024-02-08", "approximate", "", "weather", "", "", "context", "",
         "A storm on the coast", "monitors", "", "No one was hurt", ""),
        ("2024-03-03", "day", "line", "expire", "active", "expired", "timer", "", "", "", "",
         "Its term runs out.", ""),
    ]  # fmt: skip
    when = [
        "1 February 2024",
        "1 February 2024",
        "1 February 2024",
        "c. 2 February 2024 (±3 days)",
        "c. 2 February 2024 (±3 days)",
        "5 February 2024",
        "February 2024",
        "7 February 2024",
        "c. 8 February 2024 (±3 days)",
        "3 March 2024",
    ]
    rows = [
        (at, precision, said, *rest)
        for (at, precision, *rest), said in zip(expected, when, strict=True)
    ]
    assert rows_timeline.records() == [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def test_a_change_read_without_its_event_keeps_its_own_source() -> None:
    """An entry with a change alone (an event log's, say) shows the change's source."""
    change = Change(
        "t", "accept", Cause.ACTION, "proposed", "accepted", date(2025, 3, 11), "UA",
        Source("wire"), (), DatePrecision.APPROXIMATE, "a note",
    )  # fmt: skip
    facts = entry_facts(Entry(date(2025, 3, 11), change, None))
    assert facts == EntryFacts(
        date(2025, 3, 11),
        DatePrecision.APPROXIMATE,
        "t",
        "accept",
        "proposed",
        "accepted",
        "action",
        "UA",
        "",
        (Source("wire"),),
        (),
        "a note",
    )


def test_only_a_fulfilment_of_that_proposal_meets_its_obligation(rows_timeline: Timeline) -> None:
    """Two proposals each owe "maps": reporting one meets that one only."""
    (line_maps,) = rows_timeline.obligations("line", date(2024, 2, 5))
    (other_maps,) = rows_timeline.obligations("other", date(2024, 2, 5))
    assert (line_maps.state, line_maps.fulfilled) == (ObligationState.MET, date(2024, 2, 5))
    assert (other_maps.state, other_maps.fulfilled) == (ObligationState.PENDING, None)


def test_an_obligation_as_of_an_instant_counts_what_happened_at_that_instant() -> None:
    """Asked at the instant it is reported, it is met; at its due instant, it is unreported."""
    path = ROOT / "examples" / "how-to" / "obligations.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "date: 2024-02-05, fulfil", "date: 2024-02-05T10:00+00:00, fulfil"
    )
    timeline = replay(loads_scenario(text, "instants.yaml"))
    at_report = datetime(2024, 2, 5, 10, tzinfo=UTC)
    maps = timeline.obligations("line-ceasefire", at_report)[1]
    assert (maps.state, maps.fulfilled) == (ObligationState.MET, at_report)
    before = timeline.obligations("line-ceasefire", at_report - timedelta(microseconds=1))[1]
    assert before.state is ObligationState.PENDING
    due = datetime(2024, 2, 11, tzinfo=UTC)
    corridor = timeline.obligations("line-ceasefire", due)[2]
    assert (corridor.due, corridor.state) == (date(2024, 2, 11), ObligationState.UNREPORTED)
    just_before = timeline.obligations("line-ceasefire", due - timedelta(microseconds=1))[2]
    assert just_before.state is ObligationState.PENDING


def test_answers_change_positions_and_other_actions_do_not(rows_timeline: Timeline) -> None:
    """A violation by a party leaves its answer as it was, with the date it was given."""
    n, s = rows_timeline.positions("line")
    assert (n.party, n.stance, n.at, n.conditions) == (
        "N",
        Stance.ACCEPTED_WITH_CONDITIONS,
        date(2024, 2, 1),
        ("prisoners first", "maps"),
    )
    assert (s.party, s.stance, s.at) == ("S", Stance.ACCEPTED, date(2024, 2, 2))
    assert rows_timeline.positions("other") == (Position("N"),)
    assert rows_timeline.position("line", "S", date(2024, 2, 1)) == Position("S")
    assert rows_timeline.position("line", "S") == s


def test_the_end_of_the_calendar_is_asked_about_as_its_last_instant_in_utc() -> None:
    """The last day has no next day to count back from."""
    assert as_of_key(date.max) == datetime.max.replace(tzinfo=UTC)


ENTERED = """\
scenario: entered
sources: {a: {}}
parties: {UA: {}, RU: {}}
proposals:
  truce: {proposed-by: UA, needs: [UA, RU], duration: P30D}
events:
  - {date: 2025-03-11, propose: truce, source: a}
  - {date: 2025-03-12, accept: truce, by: UA, source: a}
  - {date: 2025-03-13, accept: truce, by: RU, source: a}
  - {date: 2025-03-20, violate: truce, by: RU, source: a}
  - {date: 2025-03-25, extend: truce, by: UA, extra: P5D, source: a}
"""


def test_a_state_is_entered_once_changes_that_keep_it_do_not_count() -> None:
    """An answer awaited, a violation or an extension leaves the state's age as it was."""
    timeline = replay(loads_scenario(ENTERED, "entered.yaml"), until=date(2025, 4, 30))
    assert timeline.entered("truce", date(2025, 3, 10)) is None
    assert timeline.entered("truce", date(2025, 3, 12)) == date(2025, 3, 11)  # UA's yes kept it
    assert timeline.state_of("truce", date(2025, 3, 12)) == "proposed"
    assert timeline.entered("truce", date(2025, 3, 26)) == date(2025, 3, 13)
    assert timeline.state_of("truce", date(2025, 3, 26)) == "active"
    assert timeline.last_change("truce", date(2025, 3, 26)).at == date(2025, 3, 25)  # type: ignore[union-attr]
    ended = timeline.entered("truce")
    assert timeline.state_of("truce") == "expired"
    assert ended == timeline.last_change("truce").at  # type: ignore[union-attr]
    with pytest.raises(NegotiationError, match=r"^no proposal 'peace'") as caught:
        timeline.entered("peace")
    assert caught.value.code is ErrorCode.UNKNOWN_NAME
