"""CF408: a time must be a date or a datetime with a time zone."""

from ceasefire import Negotiation

Negotiation(start="2025-03-11")  # type: ignore[arg-type]  # text, not a date
