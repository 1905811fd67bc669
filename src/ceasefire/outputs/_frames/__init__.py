"""Typed pandas DataFrames of a replayed timeline: published as `ceasefire.frames`.

Only this package (and `ceasefire.frames`, which re-exports it) imports
pandas; nothing that ``import ceasefire`` or the command line loads does.
"""

from ceasefire.outputs._frames._answers import obligations, positions
from ceasefire.outputs._frames._changes import changes, events
from ceasefire.outputs._frames._spans import as_of, spans
from ceasefire.outputs._frames._survival import survival

__all__ = ["as_of", "changes", "events", "obligations", "positions", "spans", "survival"]
