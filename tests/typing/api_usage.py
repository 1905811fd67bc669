"""Type-checked by mypy --strict (not run): the public API's types are what users expect."""

from datetime import date, timedelta
from typing import assert_type

import ceasefire
from ceasefire import (
    Change,
    Lifecycle,
    Negotiation,
    Position,
    Proposal,
    Stance,
    Status,
    When,
    energy_infrastructure_truce,
)

talks = Negotiation(start=date(2025, 3, 18))
truce = energy_infrastructure_truce("e", proposed_by="US", needs=["UA", "RU"])
assert_type(truce, Proposal)
assert_type(truce.lifecycle, Lifecycle)
assert_type(talks.propose(truce), Status)
assert_type(talks.act("e", "accept", by="UA"), Status)
assert_type(talks.advance(timedelta(days=30)), tuple[Change, ...])
assert_type(talks.status("e").position("UA"), Position)
assert_type(talks.status("e").position("UA").stance, Stance)
assert_type(talks.status("e").ends, When | None)
assert_type(talks.in_force(), tuple[str, ...])
assert_type(ceasefire.__version__, str)
