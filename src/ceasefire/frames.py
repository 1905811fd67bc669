"""Typed pandas DataFrames of a replayed timeline, for analysis in pandas and notebooks.

Each function takes the `ceasefire.Timeline` that `ceasefire.replay`
returned and gives a `pandas.DataFrame` with a dtype for every column:
instants as timezone-aware datetimes (``datetime64[us, ZONE]``, in the
scenario's time zone, ``UTC`` without one; a plain date is the start of
its local day), states, actions, causes, precisions and answers as
categoricals whose categories are the declared names in their declared
order, and text as ``string`` with ``<NA>`` where the text outputs write
"". The reference page "Frames" lists every column and its dtype.

- `changes`: one row per entry, the rows of `Timeline.records`, typed;
- `spans`: one row per proposal and state interval, from when to when, in
  force or not, certain or not;
- `positions`: each party's answer to each proposal, with date, precision,
  conditions and source;
- `events`: each event the replay applied, context events too;
- `obligations`: each obligation's deadlines and state;
- `survival`: one row per ceasefire and interval, in the long start/stop/event
  layout of survival analysis (the rows of ``export --format survival``);
- `as_of`: the instant a question on a day is answered at, to compare with
  the frames' instants.

pandas is an optional dependency: install ``ceasefire[pandas]``. Importing
this module imports pandas; ``import ceasefire`` does not.

Examples:
    >>> from datetime import date
    >>> from ceasefire import frames, load_scenario, replay
    >>> timeline = replay(load_scenario("examples/ukraine_2025.yaml"))
    >>> s = frames.spans(timeline)
    >>> t = frames.as_of(timeline, date(2025, 4, 1))
    >>> list(s[s.in_force & (s.start <= t) & (s.end.isna() | (s.end > t))].proposal)
    ['energy-infrastructure-30-day']
"""

from ceasefire.outputs._frames import (
    as_of,
    changes,
    events,
    obligations,
    positions,
    spans,
    survival,
)

__all__ = ["as_of", "changes", "events", "obligations", "positions", "spans", "survival"]
