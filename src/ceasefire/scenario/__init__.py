"""Scenarios of dated, sourced events, their replay, and the timelines it gives."""
