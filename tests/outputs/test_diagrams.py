"""Lifecycle diagrams: the neutral graph, and its Mermaid, DOT and SVG renderings."""

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given

from ceasefire import CEASEFIRE, Action, Lifecycle, State, Timer, Transition, load_scenario
from ceasefire.outputs.diagrams import Edge, Graph, Node, graph_of, to_dot, to_mermaid, to_svg
from ceasefire.outputs.diagrams._shapes import LABEL_SIZE, text_width
from ceasefire.testing.strategies import lifecycles

ROOT = Path(__file__).resolve().parents[2]
UKRAINE = load_scenario(ROOT / "examples" / "ukraine_2025.yaml")
TALKS = UKRAINE.lifecycles["talks"]
SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]

# A lifecycle whose names need escaping in every format.
AWKWARD = Lifecycle(
    name='awkward "one" <&>',
    initial="on the table",
    states=[
        State("on the table"),
        State("end"),
        State("did-not-happen", final=True),
        State("did_not_happen", final=True, in_force=True),
        State("état: #1; {x}"),
    ],
    actions=[Action("go;now"), Action('say: "hi" <b>&'), Action("stop")],
    transitions=[
        Transition("go;now", "on the table", "end"),
        Transition('say: "hi" <b>&', "end", "état: #1; {x}"),
        Transition("stop", "état: #1; {x}", "did-not-happen"),
        Transition("stop", "end", "did_not_happen"),
        Transition("stop", "on the table", "on the table"),
    ],
    timers=[Timer("t#1", "end", "did-not-happen", at="end")],
)


def rows(lifecycle: Lifecycle) -> set[tuple[str, str, str, str]]:
    """Return (kind, trigger, source, dest) for every row of `lifecycle`."""
    return {("action", t.action, t.source, t.dest) for t in lifecycle.transitions} | {
        ("timer", t.name, t.source, t.dest) for t in lifecycle.timers
    }


def edge_keys(graph: Graph) -> list[tuple[str, str, str, str]]:
    """Return (kind, trigger, source, dest) for every edge of `graph`."""
    return [(e.kind, e.trigger, e.source, e.dest) for e in graph.edges]


# --- the graph ---------------------------------------------------------------------------------


def test_the_ceasefire_graph_has_a_node_per_state_with_its_flags() -> None:
    """Every state is a node, in table order, flagged initial, final and in force as it is."""
    graph = graph_of(CEASEFIRE)
    assert [n.name for n in graph.nodes] == list(CEASEFIRE.state_names)
    assert graph.initial == "proposed"
    assert [n.name for n in graph.nodes if n.initial] == ["proposed"]
    assert {n.name for n in graph.nodes if n.final} == CEASEFIRE.final_states
    assert {n.name for n in graph.nodes if n.in_force} == {"active"}
    assert graph.nodes[0].description == "On the table, waiting for answers."
    assert graph.name == "ceasefire"
    assert graph.description == CEASEFIRE.description


def test_the_ceasefire_graph_has_an_edge_per_row() -> None:
    """No two ceasefire rows share trigger, source and dest, so each row is one edge."""
    graph = graph_of(CEASEFIRE)
    keys = edge_keys(graph)
    assert len(keys) == len(set(keys)) == len(CEASEFIRE.transitions) + len(CEASEFIRE.timers)
    assert set(keys) == rows(CEASEFIRE)


def test_edges_say_what_moves_them() -> None:
    """Timers say so and name their instant rule; guards are in brackets."""
    edges = {(e.trigger, e.source, e.dest): e for e in graph_of(CEASEFIRE).edges}
    expire = edges["expire", "active", "expired"]
    assert (expire.kind, expire.at, expire.label) == ("timer", "end", "expire (timer: end)")
    accept = edges["accept", "proposed", "accepted"]
    assert accept.kind == "action"
    assert accept.at is None
    assert accept.guards == ("all_required_accepted",)
    assert accept.label == "accept [all_required_accepted]"
    fallback = edges["accept", "proposed", "proposed"]
    assert (fallback.label, fallback.guards, fallback.is_loop) == ("accept", (), True)


def test_rows_with_the_same_trigger_source_and_dest_make_one_edge() -> None:
    """Their guards become alternatives, or none at all if one row has none."""
    strict, loose = "all_required_accepted_unconditionally", "all_required_accepted"
    lifecycle = Lifecycle(
        name="merging",
        initial="proposed",
        states=[State("proposed"), State("signed", final=True), State("gone", final=True)],
        actions=[Action("sign"), Action("leave")],
        transitions=[
            Transition("sign", "proposed", "signed", guards=[strict]),
            Transition("sign", "proposed", "signed", guards=[loose]),
            Transition("sign", "proposed", "proposed"),
            Transition("leave", "proposed", "gone", guards=[strict, loose]),
            Transition("leave", "proposed", "gone"),
        ],
        timers=[Timer("renew", "proposed", "proposed", at="end", effects=["renew_term"])],
    )
    edges = {(e.trigger, e.dest): e for e in graph_of(lifecycle).edges}
    assert len(edges) == len(graph_of(lifecycle).edges) == 4
    sign = edges["sign", "signed"]
    assert sign.guards == (strict, loose)
    assert sign.label == f"sign [{strict} or {loose}]"
    assert edges["leave", "gone"].guards == ()
    assert edges["leave", "gone"].label == "leave"
    renew = edges["renew", "proposed"]
    assert renew.effects == ("renew_term",)
    assert renew.label == "renew (timer: end) / renew_term"


def test_the_graph_is_a_value() -> None:
    """Extracting twice gives equal, hashable graphs that no one can change."""
    graph = graph_of(TALKS)
    assert graph == graph_of(TALKS)
    assert hash(graph) == hash(graph_of(TALKS))
    with pytest.raises(AttributeError, match="can't set attribute"):
        graph.name = "other"  # type: ignore[misc]


# --- Mermaid -----------------------------------------------------------------------------------

MERMAID_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\[\*\]")


def mermaid_transitions(text: str) -> list[tuple[str, str, str]]:
    """Return (source id, dest id, label) for each transition line, checking its shape."""
    found = []
    for line in text.splitlines():
        if "-->" not in line:
            continue
        ends, _, label = line.strip().partition(" : ")
        source, dest = (part.strip() for part in ends.split("-->"))
        assert MERMAID_ID.fullmatch(source), line
        assert MERMAID_ID.fullmatch(dest), line
        found.append((source, dest, label))
    return found


def test_mermaid_draws_every_ceasefire_edge() -> None:
    """A state diagram that starts in proposed, with a line per edge and per final state."""
    graph = graph_of(CEASEFIRE)
    text = to_mermaid(graph)
    assert text.startswith("stateDiagram-v2\n")
    lines = mermaid_transitions(text)
    assert ("[*]", "proposed", "") in lines
    drawn = [(s, d) for s, d, label in lines if label]
    assert drawn == [(e.source, e.dest) for e in graph.edges]
    assert {s for s, d, label in lines if d == "[*]"} == CEASEFIRE.final_states
    for name in CEASEFIRE.state_names:
        assert re.search(rf"\b{name}\b", text)
    assert "    active --> expired : expire (timer at end)" in text.splitlines()
    assert "    proposed --> accepted : accept [all_required_accepted]" in text.splitlines()
    assert "class active inForce" in text


def test_mermaid_labels_have_no_colon() -> None:
    """Nothing after the label's separator can be read as another separator."""
    for lifecycle in (CEASEFIRE, TALKS, AWKWARD):
        for *_, label in mermaid_transitions(to_mermaid(graph_of(lifecycle))):
            plain = re.sub(r"#\w+;", "", label)  # Mermaid's entity codes
            assert not set(plain) & set(':;#"%'), label


def test_mermaid_aliases_names_that_are_not_identifiers() -> None:
    """A hyphenated name gets a safe id, and the real name is shown."""
    text = to_mermaid(graph_of(TALKS))
    assert '    state "did-not-happen" as did_not_happen\n' in text
    assert "    proposed --> did_not_happen : decline\n" in text
    assert "    did_not_happen --> [*]\n" in text
    assert all("did-not-happen" not in s + d for s, d, _ in mermaid_transitions(text))


def test_mermaid_ids_never_collide() -> None:
    """Names that would map to the same id, or to a keyword, get ids of their own."""
    text = to_mermaid(graph_of(AWKWARD))
    aliases = dict(re.findall(r'^    state "(.*)" as (\w+)$', text, flags=re.MULTILINE))
    assert set(aliases) == {
        "on the table",
        "end",
        "did-not-happen",
        "état#58; #35;1#59; #123;x#125;",
    }
    ids = [*aliases.values(), "did_not_happen"]
    assert len(set(ids)) == len(ids)
    assert "end" not in ids
    assert "#quot;hi#quot; #lt;b#gt;" in text


# --- DOT ---------------------------------------------------------------------------------------

QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def test_dot_is_a_digraph_with_every_node_and_edge() -> None:
    """Braces balance outside quotes, and every state and edge has its statement."""
    graph = graph_of(CEASEFIRE)
    text = to_dot(graph)
    bare = QUOTED.sub('""', text)
    assert '"' not in QUOTED.sub("", text)
    assert bare.startswith("digraph")
    assert bare.count("{") == bare.count("}") == 1
    assert text.rstrip().endswith("}")
    for node in graph.nodes:
        assert f'    "{node.name}" [label="{node.name}"' in text
    for edge in graph.edges:
        assert f'    "{edge.source}" -> "{edge.dest}" [label="{edge.label}"' in text
    assert re.search(r'"__start__" \[shape=point.*\n(.*\n)*    "__start__" -> "proposed";', text)


def test_dot_styles_timers_finals_and_states_in_force() -> None:
    """Timer edges are dashed and action edges not; final states are double, in force filled."""
    text = to_dot(graph_of(CEASEFIRE))
    edges = [line for line in text.splitlines() if " -> " in line and "__start__" not in line]
    assert len(edges) == len(CEASEFIRE.transitions) + len(CEASEFIRE.timers)
    for line in edges:
        assert ("style=dashed" in line) == ("(timer: " in line), line
    for state in CEASEFIRE.states:
        line = next(x for x in text.splitlines() if x.startswith(f'    "{state.name}" ['))
        assert ("doubleoctagon" in line) == state.final
        assert ("filled" in line) == state.in_force


def test_dot_escapes_quotes() -> None:
    """Quotes inside names are escaped, so every quoted string ends where it should."""
    text = to_dot(graph_of(AWKWARD))
    assert '"' not in QUOTED.sub("", text)
    assert '[label="say: \\"hi\\" <b>&"]' in text


# --- SVG ---------------------------------------------------------------------------------------


def parse_svg(text: str) -> ET.Element:
    """Parse `text` as XML and check that it is an SVG document."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


def state_boxes(root: ET.Element) -> list[Box]:
    """Return the outer rectangle of each state: x, y, right, bottom."""
    boxes = []
    for rect in root.iter(f"{SVG}rect"):
        if "state" in rect.get("class", "").split():
            x, y = float(rect.get("x", "")), float(rect.get("y", ""))
            boxes.append(
                (x, y, x + float(rect.get("width", "")), y + float(rect.get("height", "")))
            )
    return boxes


def overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Return the pairs of boxes that overlap."""
    return [
        (a, b)
        for a, b in itertools.combinations(boxes, 2)
        if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
    ]


def shape_points(root: ET.Element) -> list[tuple[float, float]]:
    """Return the corners of rectangles, centres of circles, path points and text anchors."""
    points = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        if tag == "rect" and element.get("class") != "background":
            x, y = float(element.get("x", "")), float(element.get("y", ""))
            w, h = float(element.get("width", "")), float(element.get("height", ""))
            points += [(x, y), (x + w, y + h)]
        elif tag == "circle":
            points.append((float(element.get("cx", "")), float(element.get("cy", ""))))
        elif tag == "text":
            points.append((float(element.get("x", "")), float(element.get("y", ""))))
        elif tag == "path" and element.get("d", "").startswith("M 0,0 L 10,5"):
            continue  # an arrowhead, in its marker's own coordinates
        elif tag == "path":
            numbers = re.findall(r"(-?[\d.]+),(-?[\d.]+)", element.get("d", ""))
            points += [(float(x), float(y)) for x, y in numbers]
    return points


def assert_fits(root: ET.Element) -> None:
    """Assert that the viewBox holds every shape, snugly, and that the root has no fixed size.

    The root is as wide as its container (100%), at most the viewBox's
    width, and as high as the aspect ratio makes it; the white background
    is the viewBox. Every shape is inside it, and on each side some shape
    comes within 40 units of the edge (a margin, not empty space), counting
    a text as reaching its estimated width either side of its anchor.
    """
    box = root.get("viewBox", "").split()
    x, y, w, h = (float(v) for v in box)
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("style") == f"max-width: {box[2]}px; height: auto"
    background = root.find(f"{SVG}rect[@class='background']")
    assert background is not None
    assert [background.get(k) for k in ("x", "y", "width", "height")] == box
    points = shape_points(root)
    for px, py in points:
        assert x <= px <= x + w, (px, py)
        assert y <= py <= y + h, (px, py)
    for text in root.iter(f"{SVG}text"):
        reach = text_width(text.text or "", float(text.get("font-size", LABEL_SIZE)))
        x_text, y_text = float(text.get("x", "")), float(text.get("y", ""))
        points += [(x_text - reach, y_text), (x_text + reach, y_text)]
    left, top = min(p[0] for p in points), min(p[1] for p in points)
    right, bottom = max(p[0] for p in points), max(p[1] for p in points)
    assert max(left - x, top - y, x + w - right, y + h - bottom) <= 40


def texts(root: ET.Element) -> list[str]:
    """Return the content of every text element."""
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("lifecycle", [CEASEFIRE, TALKS, AWKWARD], ids=lambda lc: lc.name)
def test_svg_is_well_formed_and_shows_every_state_and_edge(lifecycle: Lifecycle) -> None:
    """The SVG parses, titles itself, and has a text for every state and every edge label."""
    graph = graph_of(lifecycle)
    root = parse_svg(to_svg(graph))
    assert root.find(f"{SVG}title") is not None
    assert root.findtext(f"{SVG}title") == f"{lifecycle.name} lifecycle"
    shown = texts(root)
    for state in lifecycle.state_names:
        assert state in shown
    for edge in graph.edges:
        assert edge.label in shown
    assert "timer (instant rule)" in shown  # the legend


@pytest.mark.parametrize("lifecycle", [CEASEFIRE, TALKS, AWKWARD], ids=lambda lc: lc.name)
def test_svg_boxes_do_not_overlap_and_the_canvas_holds_them(lifecycle: Lifecycle) -> None:
    """One box per state, no two overlapping, all inside the viewBox."""
    root = parse_svg(to_svg(graph_of(lifecycle)))
    boxes = state_boxes(root)
    assert len(boxes) == len(lifecycle.states)
    assert overlapping(boxes) == []
    assert_fits(root)


def test_svg_marks_finals_states_in_force_and_timers() -> None:
    """Finals have a second border, in-force states a fill, timer edges dashes and arrows."""
    root = parse_svg(to_svg(graph_of(CEASEFIRE)))
    rects = list(root.iter(f"{SVG}rect"))
    states = [r for r in rects if "state" in r.get("class", "").split()]
    assert len([r for r in rects if r.get("class") == "inner"]) == len(CEASEFIRE.final_states)
    assert len([r for r in states if "final" in r.get("class", "")]) == 6
    filled = {r.get("fill") for r in states if "in-force" in r.get("class", "")}
    unfilled = {r.get("fill") for r in states if "in-force" not in r.get("class", "")}
    assert filled.isdisjoint(unfilled)
    assert unfilled == {"#ffffff"}
    markers = {m.get("id") for m in root.iter(f"{SVG}marker")}
    edges = [p for p in root.iter(f"{SVG}path") if "edge" in p.get("class", "").split()]
    kinds = [p.get("class", "").split()[1] for p in edges]
    assert kinds.count("timer") == 6  # expire from three states drawn once each, and three more
    for path in edges:
        assert ("stroke-dasharray" in path.attrib) == (path.get("class") == "edge timer")
        assert path.get("marker-end", "")[5:-1] in markers


def test_svg_draws_self_loops_and_spreads_columns_by_distance() -> None:
    """Self-loops are arcs on their box, and each step from the start is a column further."""
    root = parse_svg(to_svg(graph_of(TALKS)))
    names = dict(zip(texts(root), root.iter(f"{SVG}text"), strict=False))
    x = {name: float(names[name].get("x", "")) for name in TALKS.state_names}
    assert x["proposed"] < x["accepted"] == x["did-not-happen"] < x["held"] < x["concluded"]
    loops = [
        p
        for p in root.iter(f"{SVG}path")
        if "proposed \u2192 proposed" in p.findtext(f"{SVG}title", "")
    ]
    assert len(loops) == 1
    assert loops[0].get("class") == "edge action"


def test_svg_escapes_text() -> None:
    """Markup characters in names reach the reader as written."""
    root = parse_svg(to_svg(graph_of(AWKWARD)))
    assert root.findtext(f"{SVG}title") == 'awkward "one" <&> lifecycle'
    assert 'say: "hi" <b>&' in texts(root)
    assert "état: #1; {x}" in texts(root)


def test_renderers_draw_graphs_built_by_hand() -> None:
    """A graph need not come from a lifecycle: one state and one timer draw in every format."""
    graph = Graph(
        "tiny",
        [Node("waiting", initial=True), Node("done", final=True)],
        [Edge("waiting", "done", "ring (timer: end)", "timer", trigger="ring", at="end")],
    )
    assert "    waiting --> done : ring (timer at end)\n" in to_mermaid(graph)
    assert '"waiting" -> "done" [label="ring (timer: end)", style=dashed' in to_dot(graph)
    root = parse_svg(to_svg(graph))
    assert {"waiting", "done", "ring (timer: end)"} <= set(texts(root))
    assert_fits(root)


def test_renderers_are_deterministic() -> None:
    """The same graph gives the same text, every time."""
    graph = graph_of(CEASEFIRE)
    for render in (to_mermaid, to_dot, to_svg):
        assert render(graph) == render(graph_of(CEASEFIRE))


# --- any lifecycle -----------------------------------------------------------------------------


@given(lifecycles())
def test_every_renderer_draws_any_lifecycle(lifecycle: Lifecycle) -> None:
    """Each format names every state; the SVG parses, its boxes stay apart and inside."""
    graph = graph_of(lifecycle)
    assert set(edge_keys(graph)) == rows(lifecycle)
    mermaid, dot, svg = to_mermaid(graph), to_dot(graph), to_svg(graph)
    for name in lifecycle.state_names:
        assert re.search(rf"\b{name}\b", mermaid)
        assert f'"{name}"' in dot
    root = parse_svg(svg)
    assert set(lifecycle.state_names) <= set(texts(root))
    boxes = state_boxes(root)
    assert len(boxes) == len(lifecycle.states)
    assert overlapping(boxes) == []
    assert_fits(root)
