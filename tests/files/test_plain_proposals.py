"""Plain proposals made straight from the data share what they have in common, checked once.

`plain_made` keeps each set of terms and each tuple of parties needed that it
found good: thousands of proposals made from one file share them, and a
list naming a party twice is still left to the full checks, which word it.
"""

from __future__ import annotations

import json
from typing import Any

from test_fast_paths import fast, full

from ceasefire import Scenario


def _file(needs: dict[str, list[str]]) -> str:
    """A JSON file whose proposals need `needs`, each proposed once."""
    data: dict[str, Any] = {
        "scenario": "s",
        "sources": {"src": {"title": "T"}},
        "parties": {
            "A": {"name": "A", "role": "belligerent"},
            "B": {"name": "B", "role": "belligerent"},
        },
        "proposals": {pid: {"needs": parties, "duration": "P7D"} for pid, parties in needs.items()},
        "events": [{"date": "2025-01-01", "propose": pid, "source": "src"} for pid in needs],
    }
    return json.dumps(data, indent=1)


def test_proposals_needing_the_same_parties_share_them_and_their_terms() -> None:
    """Equal needs and terms: one tuple and one `Terms` for all, as the full checks make them."""
    text = _file({"p1": ["A", "B"], "p2": ["A", "B"], "p3": ["B", "A"]})
    outcome = fast(text, "s.json")
    assert outcome == full(text, "s.json")
    scenario: Scenario = outcome[1]
    p1, p2, p3 = (scenario.proposals[pid] for pid in ("p1", "p2", "p3"))
    assert p1.needs is p2.needs
    assert p3.needs == ("B", "A")
    assert p1.terms is p2.terms is p3.terms


def test_a_party_needed_twice_is_worded_by_the_full_checks_each_time() -> None:
    """A list naming a party twice is never kept as good: each proposal with it is worded."""
    text = _file({"p1": ["A", "A"], "p2": ["A", "B"], "p3": ["A", "A"]})
    outcome = fast(text, "s.json")
    assert outcome == full(text, "s.json")
    assert outcome[0] == "problems"
    assert sorted(p.path for p in outcome[1]) == ["proposals.p1.needs", "proposals.p3.needs"]
