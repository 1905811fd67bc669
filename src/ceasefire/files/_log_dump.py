"""Writing a scenario as an event log (see `ceasefire.files.eventlog`)."""

from __future__ import annotations

import json
from typing import Any

from ceasefire.core._instants import instant_key
from ceasefire.files._loading import scenario_data
from ceasefire.scenario._disputes import rule_named
from ceasefire.scenario._local import local_parts
from ceasefire.scenario._scenario import Scenario

__all__ = ["dump_log"]


def dump_log(scenario: Scenario) -> str:
    """Write `scenario` as an event log that `replay_log` replays to the same timeline.

    The events are written in the order `ceasefire.replay` applies them (by
    their instant under the scenario's dispute rule), each proposal's
    definition just before its first event. Checkpoints are left out: logs
    have none.
    """
    data = scenario_data(scenario)
    events: list[dict[str, Any]] = data.pop("events", [])
    proposals: dict[str, Any] = data.pop("proposals", {})
    data.pop("checkpoints", None)
    choose = rule_named(scenario.dispute_rule, scenario.source_ranking)
    replayed, _ = local_parts(scenario)  # in its zone, plain dates are local days
    order = sorted(range(len(replayed)), key=lambda i: instant_key(choose(replayed[i]).at))
    lines = [json.dumps(data, ensure_ascii=False)]
    for index in order:
        pid = scenario.events[index].proposal
        if pid is not None and pid in proposals:
            lines.append(json.dumps({"proposal": pid, **proposals.pop(pid)}, ensure_ascii=False))
        lines.append(json.dumps(events[index], ensure_ascii=False))
    lines.extend(
        json.dumps({"proposal": pid, **spec}, ensure_ascii=False) for pid, spec in proposals.items()
    )
    return "\n".join(lines) + "\n"
