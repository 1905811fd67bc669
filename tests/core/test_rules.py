"""The standard guards, instant rules and effects, and registries."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from ceasefire import (
    STANDARD_EFFECTS,
    STANDARD_GUARDS,
    STANDARD_INSTANTS,
    CeasefireError,
    ErrorCode,
    Position,
    Proposal,
    Registry,
    Situation,
    Stance,
    Status,
    Terms,
    import_registry,
)
from ceasefire.core._registry import where_raised


def _status(*stances: Stance, terms: Terms = Terms(), needs: tuple[str, ...] = ()) -> Status:
    parties = needs or tuple(f"P{i}" for i in range(len(stances)))
    return Status(
        proposal=Proposal("p", proposed_by="X", needs=parties, terms=terms),
        state="proposed",
        positions=tuple(Position(p, s) for p, s in zip(parties, stances, strict=False)),
        proposed_at=date(2025, 1, 1),
        entered_at=date(2025, 1, 2),
    )


def _holds(guard: str, *stances: Stance) -> bool:
    return STANDARD_GUARDS[guard](Situation(_status(*stances), None, date(2025, 1, 2)))


def test_all_required_accepted_counts_a_conditional_yes() -> None:
    """A yes with conditions is a yes."""
    assert _holds("all_required_accepted", Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS)
    assert not _holds("all_required_accepted", Stance.ACCEPTED, Stance.PENDING)
    assert not _holds("all_required_accepted", Stance.ACCEPTED, Stance.REJECTED)


def test_the_unconditional_guard_does_not_count_a_conditional_yes() -> None:
    """For lifecycles that need a plain yes from everyone."""
    guard = "all_required_accepted_unconditionally"
    assert _holds(guard, Stance.ACCEPTED, Stance.ACCEPTED)
    assert not _holds(guard, Stance.ACCEPTED, Stance.ACCEPTED_WITH_CONDITIONS)


def test_nobody_needed_means_everyone_needed_has_accepted() -> None:
    """Vacuous truth: a unilateral declaration passes the guard."""
    assert _holds("all_required_accepted")


def test_the_unilateral_rule_fires_only_for_proposals_that_need_nobody() -> None:
    """It gives the moment the proposal entered its state, or never."""
    assert STANDARD_INSTANTS["unilateral"](_status()) == date(2025, 1, 2)
    assert STANDARD_INSTANTS["unilateral"](_status(Stance.PENDING)) is None


def test_the_deadline_rule_reads_the_terms() -> None:
    """No deadline in the terms: the lapse timer never fires."""
    terms = Terms(response_deadline=date(2025, 5, 12))
    assert STANDARD_INSTANTS["response_deadline"](_status(terms=terms)) == date(2025, 5, 12)
    assert STANDARD_INSTANTS["response_deadline"](_status()) is None


def test_the_start_rule_counts_from_entering_the_state() -> None:
    """In the accepted state, entry time is the acceptance."""
    assert STANDARD_INSTANTS["start"](_status()) == date(2025, 1, 2)


def test_the_end_rule_reads_the_current_end() -> None:
    """Extensions change the status's end, and the rule follows it."""
    status = _status(terms=Terms(duration=timedelta(days=3)))
    assert STANDARD_INSTANTS["end"](status) is None
    ended = Status(
        proposal=status.proposal,
        state="active",
        positions=(),
        proposed_at=date(2025, 1, 1),
        entered_at=date(2025, 1, 2),
        started=date(2025, 1, 2),
        ends=date(2025, 1, 5),
    )
    assert STANDARD_INSTANTS["end"](ended) == date(2025, 1, 5)


def test_the_deadline_rule_takes_a_fixed_end_that_comes_first() -> None:
    """An offer for fixed dates cannot be accepted after those dates have passed."""
    fixed = Terms(starts=date(2025, 5, 8), ends=date(2025, 5, 11))
    assert STANDARD_INSTANTS["response_deadline"](_status(terms=fixed)) == date(2025, 5, 11)
    both = Terms(
        starts=date(2025, 5, 8), ends=date(2025, 5, 11), response_deadline=date(2025, 5, 1)
    )
    assert STANDARD_INSTANTS["response_deadline"](_status(terms=both)) == date(2025, 5, 1)


def test_the_deadline_rule_orders_a_date_and_a_datetime_by_their_instant() -> None:
    """A date deadline and a datetime end: the earlier instant, whatever the types."""
    msk = timezone(timedelta(hours=3))
    night = datetime(2025, 5, 11, 1, 30, tzinfo=msk)  # 22:30 UTC on 10 May
    terms = Terms(starts=date(2025, 5, 8), ends=night, response_deadline=date(2025, 5, 11))
    assert STANDARD_INSTANTS["response_deadline"](_status(terms=terms)) == night
    later = Terms(
        starts=date(2025, 5, 8),
        ends=datetime(2025, 5, 11, 1, tzinfo=UTC),
        response_deadline=date(2025, 5, 11),
    )
    assert STANDARD_INSTANTS["response_deadline"](_status(terms=later)) == date(2025, 5, 11)


def test_the_end_rule_uses_the_fixed_end_before_it_comes_into_force() -> None:
    """An accepted truce for fixed dates runs out at its end even if it never began."""
    fixed = Terms(starts=date(2025, 5, 8), ends=date(2025, 5, 11))
    assert STANDARD_INSTANTS["end"](_status(terms=fixed)) == date(2025, 5, 11)


def _active(ends: date, paused_at: date | None = None) -> Status:
    base = _status(terms=Terms(duration=timedelta(days=30)))
    return Status(
        proposal=base.proposal,
        state="active",
        positions=(),
        proposed_at=date(2025, 1, 1),
        entered_at=date(2025, 1, 1),
        started=date(2025, 1, 1),
        ends=ends,
        paused_at=paused_at,
    )


def test_renewal_moves_the_end_on_by_another_term() -> None:
    """renew_term adds the terms' duration to the current end."""
    renewed = STANDARD_EFFECTS["renew_term"](
        Situation(_active(date(2025, 1, 31)), None, date(2025, 1, 31))
    )
    assert renewed.ends == date(2025, 3, 2)


def test_pausing_and_resuming_moves_the_end_by_the_time_paused() -> None:
    """Ten days paused, ten days later."""
    paused = STANDARD_EFFECTS["pause_clock"](
        Situation(_active(date(2025, 1, 31)), "A", date(2025, 1, 10))
    )
    assert paused.paused_at == date(2025, 1, 10)
    assert STANDARD_INSTANTS["end"](paused) is None  # the clock is stopped
    again = STANDARD_EFFECTS["pause_clock"](Situation(paused, "A", date(2025, 1, 12)))
    assert again.paused_at == date(2025, 1, 10)  # pausing twice changes nothing
    resumed = STANDARD_EFFECTS["resume_clock"](Situation(paused, "A", date(2025, 1, 20)))
    assert (resumed.ends, resumed.paused_at) == (date(2025, 2, 10), None)
    assert STANDARD_EFFECTS["resume_clock"](Situation(resumed, "A", date(2025, 1, 21))) == resumed


def test_resuming_an_open_ended_truce_leaves_it_open_ended() -> None:
    """No end to move: the clock restarts and it still never runs out."""
    open_ended = attrs.evolve(_active(date(2025, 1, 31)), ends=None)
    paused = STANDARD_EFFECTS["pause_clock"](Situation(open_ended, "A", date(2025, 1, 10)))
    resumed = STANDARD_EFFECTS["resume_clock"](Situation(paused, "A", date(2025, 1, 20)))
    assert (resumed.ends, resumed.paused_at) == (None, None)


def _renewed(terms: Terms, ends: date | None) -> Status:
    """The status after renew_term, for an active proposal on `terms` ending at `ends`."""
    status = attrs.evolve(
        _active(date(2025, 1, 31)),
        proposal=Proposal("p", proposed_by="X", needs=[], terms=terms),
        ends=ends,
    )
    return STANDARD_EFFECTS["renew_term"](Situation(status, None, date(2025, 1, 31)))


def test_renewal_needs_a_term_and_an_end() -> None:
    """Without an end to move, or a term to move it by, nothing changes."""
    assert _renewed(Terms(duration=timedelta(days=30)), None).ends is None  # open-ended
    assert _renewed(Terms(), date(2025, 1, 31)).ends == date(2025, 1, 31)  # no term
    only_end = Terms(ends=date(2025, 2, 10))  # a fixed end without a start is no term
    assert _renewed(only_end, date(2025, 2, 10)).ends == date(2025, 2, 10)
    with_duration = Terms(duration=timedelta(days=5), ends=date(2025, 2, 10))
    assert _renewed(with_duration, date(2025, 2, 10)).ends == date(2025, 2, 15)


def test_a_term_without_a_duration_is_the_span_of_its_fixed_dates() -> None:
    """A renewable arrangement for fixed dates renews for as long again."""
    fixed = _status(terms=Terms(starts=date(2025, 1, 1), ends=date(2025, 1, 11)))
    active = Status(
        proposal=fixed.proposal,
        state="active",
        positions=(),
        proposed_at=date(2025, 1, 1),
        entered_at=date(2025, 1, 1),
        started=date(2025, 1, 1),
        ends=date(2025, 1, 11),
    )
    renewed = STANDARD_EFFECTS["renew_term"](Situation(active, None, date(2025, 1, 11)))
    assert renewed.ends == date(2025, 1, 21)


def test_a_registry_is_imported_from_module_and_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MODULE:NAME reaches the user's own Registry; anything else is a clear error."""
    (tmp_path / "rules_for_import_test.py").write_text(
        "from ceasefire import CEASEFIRE, Registry\nREGISTRY = Registry()\nNOT_ONE = 3\n"
        "MINE = CEASEFIRE.derive('mine')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_registry("rules_for_import_test:REGISTRY") == Registry()
    with pytest.raises(
        CeasefireError, match=r"expected a ceasefire\.Registry, found int"
    ) as caught:
        import_registry("rules_for_import_test:NOT_ONE")
    assert caught.value.code is ErrorCode.BAD_REGISTRY
    with pytest.raises(
        CeasefireError, match=r"has no 'REGISTRY:MORE' \(did you mean 'REGISTRY'\?\)$"
    ) as caught:
        import_registry("rules_for_import_test:REGISTRY:MORE")  # the module ends at the first colon
    assert caught.value.code is ErrorCode.BAD_REGISTRY
    with pytest.raises(CeasefireError, match=r"module 'rules_for_import_test' has no 'REGISTR'"):
        import_registry("rules_for_import_test:REGISTR")
    with pytest.raises(
        CeasefireError, match=r"name the module, not its file: rules_for_import_test:REGISTRY$"
    ):
        import_registry("rules_for_import_test.py:REGISTRY")
    with pytest.raises(
        CeasefireError, match=r"found Lifecycle; wrap it: Registry\(lifecycles=\{'mine': MINE\}\)"
    ):
        import_registry("rules_for_import_test:MINE")
    with pytest.raises(CeasefireError, match="cannot import 'no_such_module'") as caught:
        import_registry("no_such_module:REGISTRY")
    assert caught.value.code is ErrorCode.BAD_REGISTRY
    with pytest.raises(CeasefireError, match="expected MODULE:ATTRIBUTE") as caught:
        import_registry("rules_for_import_test")
    assert caught.value.code is ErrorCode.BAD_REGISTRY


def test_a_registry_module_that_fails_to_load_is_named_with_where_it_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error, a sys.exit or a syntax error while importing: the module, file and line."""
    (tmp_path / "registry_load_raises.py").write_text("X = 1\nY = 1 / 0\n", encoding="utf-8")
    (tmp_path / "registry_load_exits.py").write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    (tmp_path / "registry_load_broken.py").write_text("X = 1\nY = (\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)  # files below the current folder are named relative to it
    with pytest.raises(
        CeasefireError,
        match=r"^registry 'registry_load_raises:R': importing 'registry_load_raises' failed "
        "at registry_load_raises.py:2: ZeroDivisionError: division by zero$",
    ) as caught:
        import_registry("registry_load_raises:R")
    assert caught.value.code is ErrorCode.BAD_REGISTRY
    with pytest.raises(
        CeasefireError,
        match=r"^registry 'registry_load_exits:R': importing 'registry_load_exits' "
        r"called sys.exit\(3\)$",
    ) as caught:
        import_registry("registry_load_exits:R")
    assert caught.value.code is ErrorCode.BAD_REGISTRY
    with pytest.raises(
        CeasefireError, match=r"failed at registry_load_broken.py:2: SyntaxError: "
    ) as caught:
        import_registry("registry_load_broken:R")
    assert caught.value.code is ErrorCode.BAD_REGISTRY


def test_where_an_error_was_raised_is_its_last_frame_or_nothing(tmp_path: Path) -> None:
    """A file outside the current folder keeps its full name; an error never raised has none."""
    assert where_raised(ValueError("never raised")) == ""
    assert where_raised(SyntaxError("no file")) == ""
    outside = tmp_path / "elsewhere.py"
    assert where_raised(SyntaxError("bad", (str(outside), 7, 1, "x"))) == f" at {outside}:7"

    def inner() -> None:
        raise ValueError("deep")

    def outer() -> None:
        inner()

    with pytest.raises(ValueError, match="deep") as caught:
        outer()
    line = inner.__code__.co_firstlineno + 1
    assert where_raised(caught.value) == f" at {Path(__file__).relative_to(Path.cwd())}:{line}"
