"""CF701: only a ceasefire snapshot can be restored."""

from ceasefire.snapshot import restore

restore({"format": "something-else", "version": 1})
