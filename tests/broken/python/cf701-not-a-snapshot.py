"""CF701: only a ceasefire snapshot can be restored."""

from ceasefire.files.snapshot import restore

restore({"format": "something-else", "version": 1})
