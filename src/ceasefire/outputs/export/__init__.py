"""Exports of a replayed timeline: JSON, CSV and rows of ceasefires, events, obligations, survival.

Every function here is pure: it reads a `Scenario` and the `Timeline` that
`replay` made of it, and returns plain rows (``dict[str, str]``) or a
JSON-native ``dict``. Nothing is written anywhere except by `write_csv`, to the
stream it is given. The rules behind each column are documented on the
"Exports" reference page.
"""

from ceasefire.outputs.export._cf import CEASEFIRE_STATES, CF_COLUMNS, cf_rows, is_ceasefire
from ceasefire.outputs.export._cf_data import cf_data_columns, cf_data_rows, has_codes
from ceasefire.outputs.export._csv import csv_rows, write_csv
from ceasefire.outputs.export._events import CAMEO_CODES, EVENT_COLUMNS, NO_CODE, event_rows
from ceasefire.outputs.export._json import timeline_json
from ceasefire.outputs.export._obligations import (
    OBLIGATION_COLUMNS,
    obligation_json,
    obligation_rows,
)
from ceasefire.outputs.export._survival import FAILURES, SURVIVAL_COLUMNS, survival_rows

__all__ = [
    "CAMEO_CODES",
    "CEASEFIRE_STATES",
    "CF_COLUMNS",
    "EVENT_COLUMNS",
    "FAILURES",
    "NO_CODE",
    "OBLIGATION_COLUMNS",
    "SURVIVAL_COLUMNS",
    "cf_data_columns",
    "cf_data_rows",
    "cf_rows",
    "csv_rows",
    "event_rows",
    "has_codes",
    "is_ceasefire",
    "obligation_json",
    "obligation_rows",
    "survival_rows",
    "timeline_json",
    "write_csv",
]
