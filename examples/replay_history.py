"""Replay the shipped 2025 scenario file and ask it what happened when.

Run it with ``python examples/replay_history.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ceasefire import load_scenario, replay

SCENARIO = Path(__file__).with_name("ukraine_2025.yaml")


def main() -> None:
    """Replay the file, then ask about three days of the record."""
    scenario = load_scenario(SCENARIO)
    timeline = replay(scenario)
    print(f"{scenario.title}: {len(timeline.changes)} changes up to {timeline.end}")

    # 12 March: the US offer is on the table with Ukraine's conditional yes.
    for position in timeline.positions("unconditional-30-day", date(2025, 3, 12)):
        conditions = f" ({'; '.join(position.conditions)})" if position.conditions else ""
        print(f"  12 March, {position.party}: {position.stance.value}{conditions}")

    # 1 April: what was in force, and since when (a day in Kyiv, the file's time zone).
    for pid in timeline.in_force(date(2025, 4, 1)):
        entered = timeline.entered(pid, date(2025, 4, 1))
        since = timeline.shown(entered) if entered is not None else "?"
        print(f"  1 April, in force: {pid} (since {since})")

    # 20 March: the energy truce's start is disputed, so the answer is "possibly".
    answer = timeline.possible_states_on("energy-infrastructure-30-day", date(2025, 3, 20))
    print(
        f"  20 March: energy truce {answer.state}, possibly {' or '.join(map(str, answer.states))}"
    )

    # 9 May: Russia's unilateral Victory Day truce, which Ukraine refused.
    state = timeline.state_of("victory-day-3-day", date(2025, 5, 9))
    (kyiv,) = timeline.positions("victory-day-3-day", date(2025, 5, 9))
    in_force = ", ".join(timeline.in_force(date(2025, 5, 9))) or "nothing"
    print(f"  9 May: victory-day-3-day is {state} (UA {kyiv.stance.value}); in force: {in_force}")

    failed = [r for r in timeline.checkpoints if not r.passed]
    print(f"{len(timeline.checkpoints)} checkpoints, {len(failed)} failed")


if __name__ == "__main__":
    main()
