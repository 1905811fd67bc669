"""Scenario files, event logs and snapshots: reading, checking, writing."""
