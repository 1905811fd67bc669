"""MkDocs hook: pictures drawn from the code when the site is built.

Three markers are replaced with SVG:

``<!-- lifecycle-svg: NAME -->``
    The state diagram of a built-in lifecycle (``ceasefire``), as drawn by
    ``ceasefire diagram NAME``.

``<!-- lifecycle-svg: FILE NAME -->``
    The state diagram of the lifecycle NAME that the scenario file FILE uses
    or defines, as drawn by ``ceasefire diagram FILE --lifecycle NAME``.

``<!-- timeline-svg: FILE -->``
    The timeline chart of FILE replayed, as drawn by ``ceasefire chart FILE``.

FILE is relative to the directory that holds ``mkdocs.yml`` (the repository
root). Each marker becomes the SVG itself, inline in a
``<div class="picture">``, so the pictures need no network and no image files,
and they change when the code or the file does. The SVG scales to the column
without being enlarged (it has a viewBox, ``width="100%"`` and its natural
width as its ``max-width``); the div carries that width, read from the
viewBox, as ``--picture-width``, which ``stylesheets/extra.css`` uses to keep
it readable on a phone. Under each picture is a link to the
same SVG at full size, written into the site as ``pictures/NAME.svg``, and, on
a narrow screen, where the picture scrolls sideways, a line saying so. The
text of the drawings is kept out of the site's search.

Any other ``<!-- ...-svg... -->`` marker, a file that does not exist or does
not load, and a lifecycle that is not there fail the build, naming the page.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from ceasefire import (
    BUILT_IN_LIFECYCLES,
    CeasefireError,
    Lifecycle,
    Scenario,
    load_scenario,
    replay,
)
from ceasefire.outputs.chart import timeline_svg
from ceasefire.outputs.diagrams import graph_of, to_svg

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Every marker whose name ends in "-svg", known or not, so that a typo fails the build.
MARKER = re.compile(r"<!--\s*(?P<kind>[\w-]*-svg)\b(?P<rest>.*?)-->", re.DOTALL)
VIEW_BOX = re.compile(r'<svg\b[^>]*?\sviewBox="[-\d.]+ [-\d.]+ (?P<width>[\d.]+) [\d.]+"')
FOLDER = "pictures"


class MarkerError(Exception):
    """A marker that names something that is not there; the page is added later."""


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _scenario_path(root: Path, name: str) -> Path:
    path = root / name
    if not path.is_file():
        raise MarkerError(f"no such file: {name} (paths are relative to {root})")
    return path


def _scenario(root: Path, name: str) -> tuple[Path, Scenario]:
    path = _scenario_path(root, name)
    try:
        return path, load_scenario(path)
    except (CeasefireError, OSError) as error:
        raise MarkerError(f"{name} does not load: {error}") from error


def lifecycle_svg(root: Path, arguments: list[str]) -> tuple[str, str, Path | None]:
    """Return the diagram, a file name for it, and the scenario file it came from (if any)."""
    if len(arguments) == 1:
        (name,) = arguments
        if (root / name).is_file():
            raise MarkerError(f"name the lifecycle of {name} to draw, after the file")
        if name not in BUILT_IN_LIFECYCLES:
            raise MarkerError(
                f"no built-in lifecycle {name!r}; built in: {', '.join(BUILT_IN_LIFECYCLES)}"
            )
        return to_svg(graph_of(BUILT_IN_LIFECYCLES[name])), f"lifecycle-{name}", None
    if len(arguments) != 2:
        raise MarkerError("expected a lifecycle's name, or a scenario file and a name")
    file, name = arguments
    path, scenario = _scenario(root, file)
    known: dict[str, Lifecycle] = {
        p.lifecycle.name: p.lifecycle for p in scenario.proposals.values()
    }
    known.update(scenario.lifecycles)
    if name not in known:
        raise MarkerError(f"{file} has no lifecycle {name!r}; it has: {', '.join(known)}")
    return to_svg(graph_of(known[name])), f"lifecycle-{_slug(file)}-{name}", path


def chart_svg(root: Path, arguments: list[str]) -> tuple[str, str, Path | None]:
    """Return the timeline chart of a replayed file, a file name for it, and the file.

    The file may be followed by ``since=YYYY-MM-DD``, to draw from that day on.
    """
    since: date | None = None
    if len(arguments) == 2 and arguments[1].startswith("since="):
        try:
            since = date.fromisoformat(arguments[1].removeprefix("since="))
        except ValueError:
            raise MarkerError(f"expected since=YYYY-MM-DD, found {arguments[1]!r}") from None
        arguments = arguments[:1]
    if len(arguments) != 1:
        raise MarkerError("expected one scenario file, and perhaps since=YYYY-MM-DD")
    (file,) = arguments
    path, scenario = _scenario(root, file)
    try:
        timeline = replay(scenario)
    except CeasefireError as error:
        raise MarkerError(f"{file} does not replay: {error}") from error
    svg = timeline_svg(timeline, scenario.title or scenario.id, since=since)
    name = f"timeline-{_slug(file)}" + (f"-since-{since.isoformat()}" if since else "")
    return svg, name, path


Drawer = Callable[[Path, list[str]], tuple[str, str, Path | None]]
KINDS: dict[str, Drawer] = {"lifecycle-svg": lifecycle_svg, "timeline-svg": chart_svg}


def _slug(file: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", Path(file).with_suffix("").as_posix()).strip("-")


def _arguments(rest: str) -> list[str]:
    text = rest.strip()
    if not text.startswith(":"):
        raise MarkerError("expected a colon after the marker's name")
    try:
        return shlex.split(text[1:])
    except ValueError as error:
        raise MarkerError(str(error)) from error


def picture(svg: str, link: str) -> str:
    """Wrap an SVG for the page: scaled to the column, with a link to it at full size.

    On a narrow screen, where the picture scrolls, a line under it says so.
    """
    match = VIEW_BOX.search(svg)
    if match is None:
        raise MarkerError("the drawing has no viewBox")
    width = float(match["width"])
    inline = " ".join(line.strip() for line in svg.splitlines() if line.strip())
    return (
        f'<div class="picture" style="--picture-width: {width:g}px" data-search-exclude>'
        f"{inline}</div>\n"
        '<p class="picture-link" data-search-exclude><span class="picture-scroll">'
        "Scroll sideways to see all of the picture. </span>"
        f'<a href="{link}">Open the picture at full size</a></p>'
    )


# Drawings made during the build, by file name; written into the site afterwards.
_drawn: dict[str, str] = {}
_watched: set[Path] = set()


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the drawings of an earlier build (``mkdocs serve`` rebuilds)."""
    _drawn.clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace every picture marker on the page with its SVG."""
    root = _root(config)

    def replace(match: re.Match[str]) -> str:
        try:
            drawer = KINDS.get(match["kind"])
            if drawer is None:
                raise MarkerError(f"unknown marker; markers: {', '.join(KINDS)}")
            svg, name, source = drawer(root, _arguments(match["rest"]))
            if source is not None:
                _watched.add(source)
            _drawn[f"{name}.svg"] = svg
            link = get_relative_url(f"{FOLDER}/{name}.svg", page.url)
            return picture(svg, link)
        except MarkerError as error:
            raise PluginError(f"{page.file.src_uri}: {match[0]!r}: {error}") from None

    return MARKER.sub(replace, markdown)


def on_post_build(config: MkDocsConfig) -> None:
    """Write each drawing into the site, for the links to the pictures at full size."""
    if not _drawn:
        return
    folder = Path(config.site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, svg in _drawn.items():
        (folder / name).write_text(svg, encoding="utf-8")


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> None:
    """Rebuild when a scenario file drawn on a page changes."""
    for path in sorted(_watched):
        server.watch(str(path))
