"""The self-contained HTML report."""

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from ceasefire import load_scenario, replay
from ceasefire.outputs.report import report_html

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = load_scenario(ROOT / "examples" / "ukraine_2025.yaml")
HTML = report_html(UKRAINE, replay(UKRAINE), source_name="examples/ukraine_2025.yaml")


class Collector(HTMLParser):
    """Collects tags, attributes and text, and checks that elements are closed."""

    VOID = frozenset({"meta", "br", "link", "img", "input", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes the wrong element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed() -> Collector:
    """The report, parsed."""
    collector = Collector()
    collector.feed(HTML)
    collector.close()
    return collector


def test_the_report_parses_and_every_element_is_closed() -> None:
    """Well-formed enough for any browser, with a viewport for phones."""
    page = parsed()
    assert page.open == []
    assert ("name", "viewport") in page.attributes
    assert page.tags.count("svg") == 1 + len({p.lifecycle.name for p in UKRAINE.proposals.values()})


def test_dates_are_shown_as_precisely_as_they_are_known() -> None:
    """A month-precise date is not shown as a day; times are readable."""
    text = " ".join(parsed().text)
    assert "2024-09 (month)" in text
    assert "2022 (year)" in text
    assert "2025-05-11 01:30 UTC+03:00" in text


def test_the_report_loads_nothing_from_the_network() -> None:
    """No scripts, no external styles, images or fonts."""
    page = parsed()
    assert "script" not in page.tags
    assert "link" not in page.tags
    assert not [v for k, v in page.attributes if k == "src"]
    assert "@import" not in HTML
    assert "url(http" not in HTML


def test_the_report_names_every_proposal_event_and_source() -> None:
    """Nothing in the scenario is left out."""
    text = " ".join(parsed().text)
    for pid in UKRAINE.proposals:
        assert pid in text
    for sid in UKRAINE.sources:
        assert sid in text
    for event in UKRAINE.events:
        shown = {"year": 4, "month": 7}.get(event.precision.value, 10)
        assert event.at.isoformat()[:shown] in text
    assert "16 of 16 hold." in text


def test_the_report_shows_where_each_proposal_stands_with_its_end_and_obligations() -> None:
    """Each proposal's state and current end; each obligation with its state and deadlines."""
    scenario = load_scenario(ROOT / "examples" / "how-to" / "obligations.yaml")
    html = report_html(scenario, replay(scenario))
    assert "<h2>Where each proposal stands on 2024-02-21</h2>" in html
    assert '<td>line-ceasefire</td><td>active</td><td class="when">2024-04-01</td>' in html
    assert (
        'withdraw-heavy-weapons (N): <span class="fail">missed</span>, due 2024-02-18 '
        "(first 2024-02-15), fulfilled 2024-02-20<br>"
    ) in html
    assert 'exchange-maps (S): <span class="pass">met</span>, due 2024-02-08' in html
    assert "open-corridor (S): <span" in html
    assert "reported missed 2024-02-18" in html
    early = report_html(scenario, replay(scenario, until=date(2024, 2, 12)))
    assert 'open-corridor (S): <span class="muted">unreported</span>, due 2024-02-11' in early
    assert 'withdraw-heavy-weapons (N): <span class="pending">pending</span>' in early


def test_the_report_shows_each_agreements_current_end() -> None:
    """The shipped example: the energy truce ran out; nothing in force at the end, so no date."""
    assert "<th>In force until</th>" in HTML
    assert '<td>energy-infrastructure-30-day</td><td>expired</td><td class="when">—</td>' in HTML
    spring = report_html(UKRAINE, replay(UKRAINE, until=date(2025, 4, 1)))
    assert (
        '<td>energy-infrastructure-30-day</td><td>active</td><td class="when">2025-04-17</td>'
    ) in spring
