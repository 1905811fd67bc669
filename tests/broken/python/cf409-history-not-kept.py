"""CF409: a negotiation that keeps no history cannot show it."""

from datetime import date

from ceasefire import Negotiation

negotiation = Negotiation(start=date(2025, 3, 11), keep_history=False)
negotiation.history()
