"""What a notebook shows: the HTML of timelines, scenarios, statuses, lifecycles, negotiations."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from html.parser import HTMLParser
from importlib.metadata import distribution
from pathlib import Path

import ceasefire
from ceasefire import CEASEFIRE, Negotiation, Party, Proposal, examples, loads_scenario, replay
from ceasefire._showing import HTML_GROUP, Displayed, html_of

ROOT = Path(__file__).resolve().parents[2]


class Page(HTMLParser):
    """The tags and the text of a piece of HTML, as a browser would read them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(self.text)


def cells(html: str) -> list[str]:
    return [t.strip() for t in Page(html).text if t.strip()]


def test_a_timeline_is_its_chart_and_a_table_of_states() -> None:
    timeline = replay(examples.load("ukraine-2025"))
    html = timeline._repr_html_()
    assert html is not None
    page = Page(html)
    assert page.tags.count("svg") == 1
    assert page.tags.count("tr") == 1 + len(timeline.proposals)
    assert "At the end of the record (17 May 2025, Europe/Kyiv)" in page.words
    text = cells(html[html.index("<table>") :])
    row = text.index("easter-truce")
    assert text[row : row + 5] == ["easter-truce", "Easter truce", "expired", "no", "21 April 2025"]


def test_a_scenario_is_its_title_description_parties_and_proposals() -> None:
    scenario = examples.load("ukraine-2025")
    page = Page(scenario._repr_html_() or "")
    assert page.tags[:3] == ["div", "h3", "p"]
    assert page.text[1] == scenario.title
    assert "Ukraine (UA, belligerent)" in page.words
    assert page.tags.count("tr") == 1 + len(scenario.proposals)
    assert "11 proposals, 35 events" in page.words


HOSTILE = "<script>alert('x')</script> & \"quoted\""
QUOTED = json.dumps(HOSTILE)  # a JSON string is a YAML string


def test_hostile_texts_are_escaped() -> None:
    scenario = loads_scenario(
        f"""
scenario: hostile
title: {QUOTED}
description: {QUOTED}
sources:
  invented: {{title: {QUOTED}}}
parties:
  A: {{name: {QUOTED}}}
  B: {{}}
proposals:
  p: {{title: {QUOTED}, proposed-by: A, needs: [A, B]}}
events:
  - {{date: 2024-01-01, propose: p, source: invented}}
"""
    )
    timeline = replay(scenario)
    talks = Negotiation(date(2024, 1, 1))
    talks.propose(Proposal("p", proposed_by="A", needs=["A"], title=HOSTILE))
    for value in (scenario, timeline, talks, talks.status("p")):
        html = value._repr_html_()
        assert html is not None
        page = Page(html)
        assert "script" not in page.tags
        assert HOSTILE in page.text, type(value).__name__


def test_a_negotiation_and_a_status_are_tables_of_statuses() -> None:
    talks = Negotiation(date(2025, 3, 18), parties=[Party("UA"), Party("RU"), Party("US")])
    talks.propose(Proposal("truce", proposed_by="US", needs=["UA", "RU"], title="Truce"))
    talks.act("truce", "accept", by="UA", conditions=["monitoring"])
    page = Page(talks._repr_html_() or "")
    assert "Negotiation at 18 Mar 2025" in page.words
    row = cells(talks.status("truce")._repr_html_() or "")[7:]
    assert row == [
        "truce",
        "Truce",
        "proposed",
        "no",
        "18 Mar 2025",
        "UA: accepted-with-conditions (monitoring); RU: pending",
    ]


def test_a_lifecycle_is_its_diagram() -> None:
    page = Page(CEASEFIRE._repr_html_() or "")
    assert page.tags[:3] == ["div", "p", "svg"]
    assert "suspended" in page.words


def test_every_displayed_class_has_its_renderer_in_outputs() -> None:
    """The entry points name exactly the classes that have _repr_html_, and point into outputs."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    table = declared["project"]["entry-points"][HTML_GROUP]
    installed = {
        p.name: p.value for p in distribution("ceasefire").entry_points.select(group=HTML_GROUP)
    }
    assert installed == table
    displayed = {
        name
        for name in ceasefire.__all__
        if isinstance(getattr(ceasefire, name), type)
        and issubclass(getattr(ceasefire, name), Displayed)
    }
    assert set(table) == displayed == {"Lifecycle", "Negotiation", "Scenario", "Status", "Timeline"}
    for value in table.values():
        assert value.startswith("ceasefire.outputs.")


def test_a_value_without_a_renderer_has_no_html() -> None:
    assert html_of(Party("UA")) is None
    assert not hasattr(Party("UA"), "_repr_html_")
