"""Ceasefire rows in the ETH/PRIO data set's own layout, for scenarios imported from it."""

from __future__ import annotations

from ceasefire.core._values import DatePrecision
from ceasefire.files._cf_import import CF_DATE_COLUMNS, CF_DATES, UNKNOWN_PART
from ceasefire.outputs.export._cf import cf_rows
from ceasefire.scenario._scenario import Scenario
from ceasefire.scenario._timeline import Timeline

__all__ = ["cf_data_columns", "cf_data_rows", "has_codes"]


def has_codes(scenario: Scenario) -> bool:
    """Return whether a proposal of `scenario` keeps data-set codes (as `import_cf` writes)."""
    return any(scenario.codes.values())


def cf_data_columns(scenario: Scenario) -> tuple[str, ...]:
    """Return the columns of `cf_data_rows`: the kept code columns, and the dates after the ids.

    The kept columns come in the order first met in `Scenario.codes`. The
    nine date columns (`CF_DATE_COLUMNS`) follow ``cf_id`` and ``uniq_id``
    (whichever comes later), or come first when no proposal keeps either.
    """
    kept: list[str] = []
    for codes in scenario.codes.values():
        kept += [c for c in codes if c not in kept and c not in CF_DATE_COLUMNS]
    after = [kept.index(c) + 1 for c in ("cf_id", "uniq_id") if c in kept]
    at = max(after, default=0)
    return (*kept[:at], *CF_DATE_COLUMNS, *kept[at:])


def cf_data_rows(scenario: Scenario, timeline: Timeline) -> list[dict[str, str]]:
    """Return one row per ceasefire in the layout of the ETH/PRIO ceasefire data set.

    The rows `ceasefire.import_cf` read come back: the date columns from the
    replay (declaration, effect and end as `cf_rows` finds them, written as
    the data set writes them: whole numbers, ``-1`` for an unknown month or
    day, and empty cells for a date the row does not have), every other
    column from the codes the proposal keeps (`Scenario.codes`; empty when it
    keeps none). The rows are those of `cf_rows`: every ceasefire proposed
    by the end of the timeline, in the order the proposals are written.

    Args:
        scenario: The scenario that was replayed.
        timeline: What `replay` returned for it.

    Returns:
        The rows, each with the columns `cf_data_columns` gives, in order; every
        value is text.
    """
    columns = cf_data_columns(scenario)
    rows = []
    for ours in cf_rows(scenario, timeline):
        row = dict.fromkeys(columns, "")
        row.update(scenario.codes.get(ours["id"], {}))
        for name, parts in CF_DATES:
            row.update(zip(parts, _parts(ours, name), strict=True))
        rows.append(row)
    return rows


def _parts(row: dict[str, str], name: str) -> tuple[str, str, str]:
    """Return a date of a `cf_rows` row as the data set writes its year, month and day."""
    year = row[f"{name}_year"]
    if not year:
        return ("", "", "")
    precision = DatePrecision(row[f"{name}_precision"])
    month = UNKNOWN_PART if precision is DatePrecision.YEAR else str(int(row[f"{name}_month"]))
    known_day = precision not in (DatePrecision.YEAR, DatePrecision.MONTH)
    day = str(int(row[f"{name}_day"])) if known_day else UNKNOWN_PART
    return (str(int(year)), month, day)
