"""The self-contained HTML report."""

import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ceasefire import CeasefireError, ErrorCode, load_scenario, replay
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
    # The chart twice (wide, and narrow for phones), and one diagram per lifecycle used.
    assert page.tags.count("svg") == 2 + len({p.lifecycle.name for p in UKRAINE.proposals.values()})


def test_dates_are_shown_as_precisely_as_they_are_known() -> None:
    """A month-precise date is not shown as a day; times are readable."""
    text = " ".join(parsed().text)
    assert "Sep 2024" in text
    assert "1 Sep 2024" not in text  # no made-up day for a month-precise fact
    assert "2022" in text
    assert "11 May 2025 01:30 +03:00" in text
    assert "13\u201318 Mar 2025" in text  # an approximate date's range


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
    for spec in UKRAINE.proposals.values():
        assert spec.title in text
    assert "16 of 16 hold." in text


def test_the_report_shows_where_each_proposal_stands_with_its_end_and_obligations() -> None:
    """Each proposal's state and current end; each obligation with its state and deadlines."""
    scenario = load_scenario(ROOT / "examples" / "how-to" / "obligations.yaml")
    html = report_html(scenario, replay(scenario))
    assert "<h2>Where each proposal stands at the end of 21 February 2024</h2>" in html
    assert '</td><td>active</td><td class="when">1 Apr 2024</td>' in html
    assert (
        'withdraw-heavy-weapons (N): <span class="fail">missed</span>, due 18 Feb 2024 '
        "(first 15 Feb 2024), fulfilled 20 Feb 2024<br>"
    ) in html
    assert 'exchange-maps (S): <span class="pass">met</span>, due 8 Feb 2024' in html
    assert "open-corridor (S): <span" in html
    assert "reported missed 18 Feb 2024" in html
    early = report_html(scenario, replay(scenario, until=date(2024, 2, 12)))
    assert 'open-corridor (S): <span class="muted">unreported</span>, due 11 Feb 2024' in early
    assert 'withdraw-heavy-weapons (N): <span class="pending">pending</span>' in early


def test_the_report_shows_each_agreements_current_end() -> None:
    """The shipped example: the energy truce ran out; nothing in force at the end, so no date."""
    assert "<th>In force until</th>" in HTML
    energy = "energy-infrastructure-30-day</code></td>"
    assert energy + '<td>expired</td><td class="when">—</td>' in HTML
    spring = report_html(UKRAINE, replay(UKRAINE, until=date(2025, 4, 1)))
    assert energy + '<td>active</td><td class="when">17 Apr 2025</td>' in spring


def section(html: str, heading: str) -> str:
    """The text of the section under `heading`, tags removed."""
    collector = Collector()
    start = html.index(f"<h2>{heading}</h2>")
    end = html.find("<h2>", start + 1)
    collector.feed(html[start:end])
    return " ".join(" ".join(collector.text).split())


def test_the_answers_table_names_who_accepted_what_with_conditions_and_when() -> None:
    """Ukraine's conditional yes of 11 March, Russia's refusal dated to its range, pending ones."""
    text = section(HTML, "Who answered what")
    assert (
        "accepted with conditions: subject to acceptance and concurrent implementation by the "
        "Russian Federation (11 Mar 2025)"
    ) in text
    assert "rejected (13\u201318 Mar 2025)" in text
    assert "accepted with conditions: sanctions relief (conditions precedent) (25 Mar 2025)" in text
    assert "never answered" in text  # the ultimatum: Russia let it lapse
    assert "no answer yet" in text  # the sanctions offer, still on the table
    early = report_html(UKRAINE, replay(UKRAINE, until=date(2025, 3, 12)))
    assert "no answer yet" in section(early, "Who answered what")


def test_a_partys_answer_is_said_as_who_answered_what_not_as_an_unchanged_state() -> None:
    """No "proposed → proposed": "UA accepts (with conditions …); awaiting RU"."""
    text = section(HTML, "Every change and event")
    assert "proposed \u2192 proposed" not in text
    assert (
        "UA accepts (with conditions: subject to acceptance and concurrent implementation by "
        "the Russian Federation); awaiting RU"
    ) in text


def test_each_ceasefire_has_the_spans_it_was_in_force_with_what_is_uncertain() -> None:
    """The energy truce: 18 March to the start of 17 April, its start disputed; Easter to the hour.

    A timer at a local midnight ends the span there: the day it fires is not in the span.
    """
    text = section(HTML, "When each proposal was in force").replace(" :", ":")
    energy = "30-day halt to strikes on energy infrastructure"
    assert f"{energy}: 18 Mar 2025 \u2013 the start of 17 Apr 2025" in text
    assert "start disputed: 18 March 2025 or 25 March 2025" in text
    assert "Easter truce: 19 Apr 2025 18:00 +03:00 \u2013 the start of 21 Apr 2025" in text
    assert "Three-day truce around 9 May: 8 May 2025 \u2013 the start of 11 May 2025" in text
    assert "Immediate, interim 30-day ceasefire: never in force (at the end: rejected)" in text


def test_citations_show_the_sources_title_and_link_to_its_entry() -> None:
    """Each citation links to an anchor of the sources list; every anchor exists."""
    title = UKRAINE.sources["article"].title
    assert f'<a href="#source-article" title="article">{escape(title)}</a>' in HTML
    assert '<li id="source-article">' in HTML
    page = parsed()
    anchors = {v for k, v in page.attributes if k == "id"}
    links = {v[1:] for k, v in page.attributes if k == "href" and v and v.startswith("#")}
    assert links <= anchors
    assert ">article</a>" not in HTML


def test_hostile_titles_and_quotes_are_escaped(tmp_path: Path) -> None:
    """Markup in a title, a source's title or a quote is shown as text, never run."""
    hostile = '<script>alert("x")</script>'
    text = f"""
scenario: hostile
title: 'T {hostile}'
parties: {{A: {{name: 'A {hostile}'}}, B: {{}}}}
sources:
  s1: {{title: 'S {hostile}'}}
proposals:
  p: {{title: 'P {hostile}', lifecycle: ceasefire, proposed-by: A, needs: [B]}}
events:
  - {{date: 2025-01-01, propose: p, by: A, source: {{ref: s1, quote: 'Q {hostile}'}}}}
  - {{date: 2025-01-02, accept: p, by: B, conditions: ['C {hostile}'], source: {{ref: s1}}}}
"""
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    html = report_html(scenario, replay(scenario))
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    collector = Collector()
    collector.feed(html)
    collector.close()
    assert collector.open == []


def test_a_url_that_is_not_a_web_address_is_shown_never_linked(tmp_path: Path) -> None:
    """A source's or a citation's ``javascript:`` URL is text, not a link a reader may click."""
    text = """
scenario: hostile-links
parties: {A: {name: A}, B: {name: B}}
sources:
  s1: {title: S1, url: 'javascript:alert(1)'}
  s2: {title: S2, url: 'https://example.org/s2'}
  s3: {title: S3, url: ' JavaScript:alert(3)'}
proposals:
  p: {title: P, proposed-by: A, needs: [B]}
events:
  - {date: 2025-01-01, propose: p, by: A, sources: [s1, s3]}
  - {date: 2025-01-02, accept: p, by: B, source: s2}
"""
    path = tmp_path / "links.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    html = report_html(scenario, replay(scenario))
    links = re.findall(r'href="([^"]*)"', html)
    assert [link for link in links if not link.startswith("#")] == ["https://example.org/s2"]
    assert "javascript:alert(1)" in html  # shown, as text


def test_the_report_chart_opens_on_february_2025_and_takes_a_window() -> None:
    """The shipped example without a flag: the 2024 start is compressed; --since/--until."""
    chart = HTML[HTML.index('<div class="scroll chart wide">') :]
    assert chart.index(">Feb 2025</text>") < chart.index(">Mar 2025</text>")
    assert "a break in the axis" in chart
    april = report_html(UKRAINE, replay(UKRAINE), since=date(2025, 4, 1), until=date(2025, 4, 30))
    wide = april[april.index('<div class="scroll chart wide">') :]
    assert ">Apr 2025</text>" in wide
    assert ">Mar 2025</text>" not in wide
    with pytest.raises(CeasefireError) as caught:
        report_html(UKRAINE, replay(UKRAINE), since=date(2025, 5, 1), until=date(2025, 4, 1))
    assert caught.value.code is ErrorCode.SINCE_AFTER_UNTIL


def test_the_checkpoints_are_listed_in_time_order() -> None:
    """The file lists 24 April before 19 April; the report lists them by date."""
    text = section(HTML, "Checkpoints")
    days = re.findall(r"\b(\d{1,2}) (Mar|Apr|May) 2025\b", text)
    months = {"Mar": 3, "Apr": 4, "May": 5}
    as_of = [(months[m], int(d)) for d, m in days]
    assert as_of == sorted(as_of)
    assert len(as_of) >= len(UKRAINE.checkpoints)
