"""Write the generated parts of the documentation into the pages themselves.

Some parts of the pages in ``docs/`` are generated from the code: the tables
of a lifecycle, the keys of scenario files, the command line's help and real
runs of it, and the error catalogue. Each is committed in the page, between an
opening marker and a closing one, so that it reads as Markdown on a code host
as well as on the site::

    <!-- cli-run: validate examples/ukraine_2025.yaml -->

    ```text
    $ ceasefire validate examples/ukraine_2025.yaml
    examples/ukraine_2025.yaml: ok
    $ echo $?
    0
    ```

    <!-- /cli-run -->

The markers, and the modules of ``docs/hooks/`` that write what goes between
them:

- ``<!-- lifecycle-table: NAME [PART] -->``: ``lifecycle_tables.py``;
- ``<!-- cli-help[: COMMAND] -->`` and ``<!-- cli-run: ARGUMENTS [(exit N)] -->``:
  ``cli_reference.py``;
- ``<!-- scenario-schema -->``: ``schema_reference.py``;
- ``<!-- error-catalogue -->``: ``error_catalogue.py``.

One command rewrites every page (``make docs-pages`` runs it)::

    python -m tools.docs_pages           # rewrite the generated parts of every page
    python -m tools.docs_pages --check   # only say which pages are out of date (exit 1)

To add a generated part, write its opening marker alone on a line and run the
command: it adds the text and the closing marker. ``tests/test_docs_pages.py``
fails, naming the page and this command, when a committed part is out of date
(``CEASEFIRE_UPDATE_GOLDEN=1`` makes it rewrite them, as for the golden files).

This module is also a hook of the site (``mkdocs.yml``): the build shows the
committed text as it is, and fails, naming the page, if a marker has no closing
marker or nothing between them.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HOOKS = DOCS / "hooks"
COMMAND = "make docs-pages"
KINDS = ("lifecycle-table", "cli-help", "cli-run", "scenario-schema", "error-catalogue")
OPENING = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*(?P<kind>" + "|".join(KINDS) + r")\b:?(?P<args>.*?)-->[ \t]*$"
)
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
RUN = re.compile(r"^(?P<args>.+?)(?:\s+\(exit (?P<code>\d+)\))?$")


class PageError(Exception):
    """A marker that cannot be filled, or a page whose markers do not pair up."""


@dataclass(frozen=True)
class Part:
    """One generated part of a page: its opening marker and what follows it.

    Attributes:
        kind: The marker's kind (``cli-run``).
        args: What the marker says after its kind (``validate x.yaml``).
        indent: The whitespace before the marker, repeated before each line written.
        start: The index of the opening marker's line.
        end: The index of the closing marker's line; ``None`` for a new marker.
        text: What is between the two markers, without the blank lines around it.
    """

    kind: str
    args: str
    indent: str
    start: int
    end: int | None
    text: str

    @property
    def marker(self) -> str:
        """The opening marker, as written."""
        return f"<!-- {self.kind}{': ' + self.args if self.args else ''} -->"

    @property
    def closing(self) -> str:
        """The closing marker."""
        return closing(self.kind)


def closing(kind: str) -> str:
    """Return the closing marker of a kind: ``<!-- /cli-run -->``."""
    return f"<!-- /{kind} -->"


def parts(markdown: str) -> list[Part]:
    """Return the generated parts of a page, in order; markers inside code blocks do not count.

    A part ends at its closing marker; an opening marker with no closing marker
    before the next opening marker (or the end of the page) is a new part,
    with no text yet.
    """
    lines = markdown.split("\n")
    found: list[Part] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            i += 1
            continue
        if (open_fence := FENCE.match(line)) is not None:
            fence = open_fence["fence"]
            i += 1
            continue
        match = OPENING.match(line)
        if match is None:
            i += 1
            continue
        kind = match["kind"]
        end = None
        for j in range(i + 1, len(lines)):
            if lines[j].strip() == closing(kind):
                end = j
                break
            if OPENING.match(lines[j]):
                break
        text = "\n".join(lines[i + 1 : end]).strip("\n") if end is not None else ""
        found.append(Part(kind, match["args"].strip(), match["indent"], i, end, text))
        i = end + 1 if end is not None else i + 1
    return found


def _load(name: str) -> ModuleType:
    """Import one of the modules of ``docs/hooks`` by its path, once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    if spec is None or spec.loader is None:
        raise PageError(f"cannot load docs/hooks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass of the module looks itself up there
    spec.loader.exec_module(module)
    return module


def _lifecycle_table(args: str, page: str) -> str:
    name, _, part = args.partition(" ")
    return str(_load("lifecycle_tables").render(name, part.strip() or None))


def _cli_help(args: str, page: str) -> str:
    return str(_load("cli_reference").help_block(args))


def _cli_run(args: str, page: str) -> str:
    reference = _load("cli_reference")
    match = RUN.match(args)
    if match is None:
        raise PageError("cli-run needs the arguments of a command")
    files = reference.page_files(page)
    return str(reference.run_block(match["args"], files, int(match["code"] or 0)))


def _scenario_schema(args: str, page: str) -> str:
    return str(_load("schema_reference").render())


def _error_catalogue(args: str, page: str) -> str:
    return str(_load("error_catalogue").catalogue(ROOT)).rstrip("\n")


WRITERS: dict[str, Callable[[str, str], str]] = {
    "lifecycle-table": _lifecycle_table,
    "cli-help": _cli_help,
    "cli-run": _cli_run,
    "scenario-schema": _scenario_schema,
    "error-catalogue": _error_catalogue,
}
"""What writes each kind of part: from the marker's arguments and the page's text."""


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _check_every_command_shown(found: Sequence[Part], name: str) -> None:
    """A page that shows the help of any command shows the help of all of them."""
    shown = {part.args for part in found if part.kind == "cli-help"}
    if shown and (missing := _load("cli_reference").missing_help(shown)):
        names = [command or "ceasefire itself (<!-- cli-help -->)" for command in missing]
        raise PageError(
            f"{name}: a page with help shows every command's; "
            f"no <!-- cli-help: NAME --> for: {', '.join(names)}"
        )


def written(markdown: str, name: str) -> str:
    """Return the page with every generated part written anew; `name` is for messages."""
    found = parts(markdown)
    if not found:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    done = 0
    for part in found:
        try:
            text = WRITERS[part.kind](part.args, markdown)
        except Exception as error:
            raise PageError(f"{name}, line {part.start + 1}: {part.marker}: {error}") from error
        body = [part.indent + line if line else "" for line in text.split("\n")]
        out += lines[done : part.start]
        out += [lines[part.start], "", *body, "", part.indent + part.closing]
        done = part.start + 1 if part.end is None else part.end + 1
    out += lines[done:]
    _check_every_command_shown(found, name)
    return "\n".join(out)


def pages(root: Path = DOCS) -> list[Path]:
    """Return the pages that have generated parts, in name order."""
    return [path for path in sorted(root.rglob("*.md")) if parts(path.read_text("utf-8"))]


def stale(paths: Sequence[Path], *, rewrite: bool) -> list[Path]:
    """Return the pages whose generated parts are out of date; rewrite them if asked."""
    found = []
    for path in paths:
        before = path.read_text(encoding="utf-8")
        after = written(before, _name(path))
        if after != before:
            found.append(path)
            if rewrite:
                path.write_text(after, encoding="utf-8")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or, with ``--check``, check) the generated parts of the pages."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.docs_pages",
        description="Write the generated parts of the documentation pages into them.",
    )
    parser.add_argument(
        "pages", nargs="*", type=Path, help="the pages to write (default: every page of docs/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a page is out of date"
    )
    options = parser.parse_args(argv)
    paths = [path.resolve() for path in options.pages] or pages()
    try:
        changed = stale(paths, rewrite=not options.check)
    except PageError as error:
        print(f"docs pages: {error}", file=sys.stderr)
        return 1
    for path in changed:
        verb = "out of date" if options.check else "rewritten"
        print(f"{_name(path)}: {verb}")
    if options.check and changed:
        print(f"run `{COMMAND}` to rewrite them", file=sys.stderr)
        return 1
    return 0


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Build hook: keep the committed parts as they are; fail on a marker with nothing written."""
    for part in parts(markdown):
        if part.end is None or not part.text.strip():
            raise PluginError(
                f"{page.file.src_uri}, line {part.start + 1}: {part.marker} has no generated "
                f"text and closing marker {part.closing} below it; run `{COMMAND}`"
            )
    return markdown


if __name__ == "__main__":
    sys.exit(main())
