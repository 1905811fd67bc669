"""CF702: a snapshot of a version this library does not read."""

from ceasefire.files.snapshot import restore

restore({"format": "ceasefire-snapshot", "version": 99})
