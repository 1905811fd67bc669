"""The survival frame: the rows of the survival export, typed for pandas and lifelines."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

import pandas as pd

from ceasefire.outputs._frames._columns import PRECISIONS, categories, instants, state_names, texts
from ceasefire.outputs.export import SURVIVAL_COLUMNS, survival_rows
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline

__all__ = ["survival"]

_DAYS = ("start", "stop")
_COUNTED = ("event", "extended", "suspended", "mediated", "partial")
_DATES = ("start_date", "stop_date")
_PRECISIONS = ("start_precision", "stop_precision")


def survival(
    timeline: Timeline, scenario: Scenario, *, failures: Collection[str] | None = None
) -> pd.DataFrame:
    """Return one row per ceasefire and interval, in the long start/stop/event layout.

    The rows of `ceasefire.outputs.export.survival_rows` (the CSV that
    ``ceasefire export --format survival`` writes), typed: ``start`` and
    ``stop`` as ``float64`` days since the ceasefire came into force;
    ``event`` and the covariates ``extended``, ``suspended``, ``mediated``
    and ``partial`` as ``int64`` 0 or 1, as survival models take them;
    states as categoricals; the calendar columns as timezone-aware
    datetimes. Fit lifelines' ``CoxTimeVaryingFitter`` on it with
    ``id_col="id"``, ``event_col="event"``, ``start_col="start"``,
    ``stop_col="stop"`` and a formula naming the covariates.

    Args:
        timeline: What `ceasefire.replay` returned.
        scenario: The scenario that was replayed (for the parties' roles: ``mediated``).
        failures: The states whose entry counts as the ceasefire breaking down
            (default ``terminated``), as for `survival_rows`.
    """
    rows = survival_rows(scenario, timeline, failures=failures)
    zone = timeline.timezone
    states = state_names(timeline)

    def column(name: str) -> list[str]:
        return [row[name] for row in rows]

    typed = {
        "id": texts(column("id"), "id"),
        **{c: pd.Series(map(float, column(c)), dtype="float64", name=c) for c in _DAYS},
        **{c: pd.Series(map(int, column(c)), dtype="int64", name=c) for c in _COUNTED},
        "state": categories(column("state"), states, "state"),
        "end_state": categories((s or None for s in column("end_state")), states, "end_state"),
        **{c: instants(map(_parsed, column(c)), zone, c) for c in _DATES},
        **{c: categories(column(c), PRECISIONS, c, ordered=True) for c in _PRECISIONS},
    }
    return pd.concat([typed[name] for name in SURVIVAL_COLUMNS], axis=1)


def _parsed(text: str) -> date | datetime:
    """An instant as the export writes it: a day, or a time with its offset."""
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
