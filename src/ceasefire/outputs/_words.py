"""Words the chart and the report share: who did what, a date as known, a short label."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from ceasefire.core._instants import When
from ceasefire.core._values import DatePrecision
from ceasefire.scenario._dates import date_text

__all__ = ["act_text", "label_text", "when_text"]


def act_text(action: str, by: str | None, conditions: tuple[str, ...] = ()) -> str:
    """Return who did what: "UA accepts", "RU accepts (with conditions: X)", "fall-through".

    Without a party, the action's own name; a hyphenated action is not
    conjugated ("US: fall-through").
    """
    if by is None:
        text = action
    elif "-" in action or " " in action:
        text = f"{by}: {action}"
    else:
        ending = "es" if action.endswith(("s", "sh", "ch", "x", "z")) else "s"
        text = f"{by} {action}{ending}"
    if conditions:
        text += f" (with conditions: {'; '.join(conditions)})"
    return text


def when_text(
    at: When,
    precision: DatePrecision | None,
    between: tuple[date, date] | None = None,
    *,
    zone: tzinfo | None,
    short: bool = True,
) -> str:
    """Return `at` as precisely as it is known, through `date_text` (short by default)."""
    if precision is None:
        precision = DatePrecision.TIME if isinstance(at, datetime) else DatePrecision.DAY
    return date_text(at, precision, between, zone=zone, short=short)


def label_text(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, with an ellipsis when it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
