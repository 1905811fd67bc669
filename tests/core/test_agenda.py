"""The agenda of pending timers."""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from ceasefire import CEASEFIRE
from ceasefire.core._agenda import NEVER, Agenda, Scheduled, setting
from ceasefire.core._instants import instant_key

EXPIRE = CEASEFIRE.timers_from("active")[0]
LAPSE = CEASEFIRE.timers_from("proposed")[1]
FAR = datetime(2100, 1, 1, tzinfo=UTC)


def drain(agenda: Agenda, limit: datetime = FAR) -> list[Scheduled]:
    """Pop every timer due by `limit`, as the `Scheduled` that `pending` lists."""
    out = []
    while (item := agenda.pop_due(limit)) is not None:
        out.append(Scheduled(*item[:3]))
    return out


def test_timers_come_out_in_order_of_instant() -> None:
    """Earliest first, whatever order they were set in."""
    agenda = Agenda()
    agenda.reschedule("b", [setting(EXPIRE, date(2025, 4, 17))])
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 3, 1))])
    assert [s.proposal for s in drain(agenda)] == ["a", "b"]


def test_equal_instants_come_out_in_the_order_they_were_set() -> None:
    """Ties are stable, so replays are deterministic."""
    agenda = Agenda()
    for name in ["c", "a", "b"]:
        agenda.reschedule(name, [setting(EXPIRE, date(2025, 4, 17))])
    assert [s.proposal for s in drain(agenda)] == ["c", "a", "b"]


def test_a_date_and_a_datetime_are_ordered_by_their_utc_instant() -> None:
    """01:30 Moscow time on 11 May comes before the date 11 May."""
    msk = timezone(timedelta(hours=3))
    agenda = Agenda()
    agenda.reschedule("day", [setting(EXPIRE, date(2025, 5, 11))])
    agenda.reschedule("night", [setting(EXPIRE, datetime(2025, 5, 11, 1, 30, tzinfo=msk))])
    assert [s.proposal for s in drain(agenda)] == ["night", "day"]


def test_only_timers_due_by_the_limit_come_out() -> None:
    """Later timers wait."""
    agenda = Agenda()
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 4, 17))])
    assert drain(agenda, instant_key(date(2025, 4, 16))) == []
    assert len(drain(agenda, instant_key(date(2025, 4, 17)))) == 1


def test_rescheduling_a_proposal_cancels_its_earlier_timers() -> None:
    """After an extension only the new end counts."""
    agenda = Agenda()
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 4, 17)), setting(LAPSE, date(2025, 4, 1))])
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 5, 17))])
    assert [s.at for s in agenda.pending()] == [date(2025, 5, 17)]
    assert [s.at for s in drain(agenda)] == [date(2025, 5, 17)]


def test_rescheduling_one_proposal_leaves_the_others_alone() -> None:
    """Cancellation is per proposal."""
    agenda = Agenda()
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 4, 17))])
    agenda.reschedule("b", [setting(EXPIRE, date(2025, 4, 18))])
    agenda.reschedule("a", [])
    assert [s.proposal for s in drain(agenda)] == ["b"]


def test_the_next_key_is_the_earliest_timer_set_even_once_cancelled() -> None:
    """`next_key` is the cheap check before popping: nothing set, NEVER; cancelled still counts."""
    agenda = Agenda()
    assert agenda.next_key == NEVER
    assert agenda.next_key > FAR
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 4, 17))])
    assert agenda.next_key == instant_key(date(2025, 4, 17))
    agenda.reschedule("a", [])
    assert agenda.next_key == instant_key(date(2025, 4, 17))  # cancelled, not yet skipped
    assert drain(agenda) == []
    assert agenda.next_key == NEVER


_DAYS = st.integers(0, 9).map(lambda day: date(2025, 4, 1) + timedelta(days=day))
_CALLS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.sampled_from("abc"), st.lists(_DAYS, max_size=3)),
        st.tuples(st.just("pop"), _DAYS),
    ),
    max_size=30,
)


@given(calls=_CALLS, forked=st.booleans())
def test_the_agenda_pops_and_keys_as_a_sorted_list_does(
    calls: list[tuple[str, str, list[date]] | tuple[str, date]], forked: bool
) -> None:
    """Brute force: a plain list, sorted at every pop, gives the same timers and `next_key`.

    The list holds every timer set and not yet popped, with the order it was
    set in and whether a later setting of its proposal cancelled it; a pop
    drops those due in order up to the first live one, which it returns.
    `next_key` must be the least key the list holds (a cancelled one too),
    or `NEVER`; forking after every call must change nothing.
    """
    agenda = Agenda()
    held: list[tuple[datetime, int, str, int]] = []  # key, order, proposal, epoch
    epochs: dict[str, int] = {}
    order = 0
    for call in calls:
        if call[0] == "set":
            _, pid, days = call  # type: ignore[misc]
            agenda.reschedule(pid, [setting(EXPIRE, day) for day in days])
            epochs[pid] = epochs.get(pid, 0) + 1
            for day in days:
                order += 1
                held.append((instant_key(day), order, pid, epochs[pid]))
        else:
            limit = instant_key(call[1])  # type: ignore[arg-type]
            expected = None
            held.sort()
            while held and held[0][0] <= limit:
                key, _, pid, epoch = held.pop(0)
                if epochs[pid] == epoch:
                    expected = (pid, key)
                    break
            due = agenda.pop_due(limit)
            assert (None if due is None else (due[0], due[3])) == expected, call
        if forked:
            agenda = agenda.fork()
        assert agenda.next_key == min((entry[0] for entry in held), default=NEVER), call


def test_a_fork_sets_and_cancels_its_timers_apart_from_the_original() -> None:
    """What one does afterwards, the other does not see; ties keep the order set before."""
    agenda = Agenda()
    agenda.reschedule("a", [setting(EXPIRE, date(2025, 4, 17))])
    fork = agenda.fork()
    fork.reschedule("b", [setting(EXPIRE, date(2025, 4, 17))])
    agenda.reschedule("a", [setting(LAPSE, date(2025, 5, 1))])
    assert [(s.proposal, s.timer) for s in drain(fork)] == [("a", EXPIRE), ("b", EXPIRE)]
    assert [(s.proposal, s.timer) for s in agenda.pending()] == [("a", LAPSE)]
    assert list(fork.pending()) == []
