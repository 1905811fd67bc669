"""CF405: the simulated clock never goes back."""

from datetime import date

from ceasefire import Negotiation

negotiation = Negotiation(start=date(2025, 3, 11))
negotiation.advance_to(date(2025, 3, 18))
negotiation.advance_to(date(2025, 3, 11))
