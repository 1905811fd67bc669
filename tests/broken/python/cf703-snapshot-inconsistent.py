"""CF703: a snapshot edited to a state its history cannot reach."""

from datetime import date

from ceasefire import Negotiation, Party, Source, energy_infrastructure_truce
from ceasefire.files.snapshot import restore, snapshot

negotiation = Negotiation(
    start=date(2025, 3, 18), parties=[Party("UA", "Ukraine"), Party("RU", "Russia")]
)
truce = energy_infrastructure_truce("truce", proposed_by="UA", needs=["UA", "RU"])
negotiation.propose(truce, source=Source("article"))
saved = snapshot(negotiation)
saved["proposals"][0]["status"]["state"] = "active"  # proposed, by its history
restore(saved)
