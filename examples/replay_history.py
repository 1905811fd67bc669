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

    # 1 April: what was in force, and since when.
    for pid in timeline.in_force(date(2025, 4, 1)):
        change = timeline.last_change(pid, date(2025, 4, 1))
        since = change.at if change else "?"
        print(f"  1 April, in force: {pid} (since {since})")

    # 9 May: the Victory Day truce was on nobody's books.
    state = timeline.state_of("victory-day-3-day", date(2025, 5, 9))
    in_force = ", ".join(timeline.in_force(date(2025, 5, 9))) or "nothing"
    print(f"  9 May: victory-day-3-day is {state}; in force: {in_force}")

    failed = [r for r in timeline.checkpoints if not r.passed]
    print(f"{len(timeline.checkpoints)} checkpoints, {len(failed)} failed")


if __name__ == "__main__":
    main()
