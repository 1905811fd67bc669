"""The generated parts of the pages are committed, current, and render as Markdown.

``make docs-pages`` (``python -m tools.docs_pages``) writes the CLI's help and
runs, the lifecycle tables, the keys of scenario files and the error catalogue
into the pages, between an opening and a closing marker. When the code changes
what they say, the test of the page fails and names the command to run;
``CEASEFIRE_UPDATE_GOLDEN=1 python -m pytest tests/test_docs_pages.py``
rewrites them too. Review the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from types import SimpleNamespace

import markdown  # type: ignore[import-untyped]  # no stubs are installed
import pytest
from mkdocs.exceptions import PluginError

from docs_pages_tool import load_docs_pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


PAGES_MODULE = load_docs_pages()
PAGES = PAGES_MODULE.pages()
IDS = [page.relative_to(DOCS).as_posix() for page in PAGES]


def test_the_reference_pages_have_their_generated_parts() -> None:
    """The pages that the issue of empty placeholders was about are among those generated."""
    names = set(IDS)
    assert {
        "lifecycles.md",
        "command-line.md",
        "reference/scenario-format.md",
        "reference/errors.md",
    } <= names


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_generated_parts_are_up_to_date(page: Path) -> None:
    """What is committed between the markers is what the code writes today."""
    name = page.relative_to(ROOT).as_posix()
    before = page.read_text(encoding="utf-8")
    after = PAGES_MODULE.written(before, name)
    if os.environ.get("CEASEFIRE_UPDATE_GOLDEN") and after != before:
        page.write_text(after, encoding="utf-8")
        return
    if after != before:
        diff = list(
            difflib.unified_diff(
                before.splitlines(), after.splitlines(), "committed", "written", lineterm=""
            )
        )
        shown = "\n".join(diff[:60]) + ("\n..." if len(diff) > 60 else "")
        pytest.fail(
            f"{name}: its generated parts are out of date; run `make docs-pages` "
            f"(python -m tools.docs_pages) and review the diff:\n{shown}",
            pytrace=False,
        )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_marker_is_closed_and_has_text(page: Path) -> None:
    for part in PAGES_MODULE.parts(page.read_text(encoding="utf-8")):
        assert part.end is not None, f"{page.name}: {part.marker} has no {part.closing}"
        assert part.text.strip(), f"{page.name}: nothing between {part.marker} and its closing"


def _fences_closed(text: str) -> bool:
    fence = ""
    for line in text.splitlines():
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        elif match := re.match(r"(`{3,}|~{3,})", stripped):
            fence = match[1]
    return not fence


def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def _tables(text: str) -> list[list[str]]:
    """Return the tables of a Markdown text, each as its lines (outside code blocks)."""
    tables: list[list[str]] = []
    current: list[str] = []
    fence = False
    for line in [*text.splitlines(), ""]:
        if re.match(r"\s*(`{3,}|~{3,})", line):
            fence = not fence
        if not fence and line.lstrip().startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_generated_markdown_renders(page: Path) -> None:
    """Code fences close, tables have a header and rows of the same width, and render as tables."""
    for part in PAGES_MODULE.parts(page.read_text(encoding="utf-8")):
        where = f"{page.name}, {part.marker}"
        assert _fences_closed(part.text), f"{where}: a code fence is not closed"
        tables = _tables(part.text)
        for table in tables:
            widths = {_cells(line) for line in table}
            assert len(table) >= 2, f"{where}: a table with no rows: {table}"
            assert re.fullmatch(r"\|( --- \|)+", table[1].strip()), f"{where}: {table[1]}"
            assert len(widths) == 1, f"{where}: rows of different widths: {table}"
        html = markdown.markdown(
            part.text,
            extensions=["tables", "admonition", "attr_list", "pymdownx.superfences", "toc"],
        )
        assert html.count("<table>") == len(tables), f"{where}: a table does not render"
        assert "<p>|" not in html, f"{where}: a table line renders as text"


def test_a_new_marker_is_filled_and_closed_and_writing_again_changes_nothing() -> None:
    text = "# Title\n\n<!-- lifecycle-table: ceasefire rules -->\n\nAfter.\n"
    once = PAGES_MODULE.written(text, "page.md")
    assert once.startswith("# Title\n\n<!-- lifecycle-table: ceasefire rules -->\n\n| Name |")
    assert once.endswith(" |\n\n<!-- /lifecycle-table -->\n\nAfter.\n")
    assert PAGES_MODULE.written(once, "page.md") == once


def test_an_indented_marker_indents_what_is_written() -> None:
    text = "!!! note\n\n    <!-- cli-run: validate examples/first.yaml -->\n"
    written = PAGES_MODULE.written(text, "page.md")
    assert "\n    ```text\n    $ ceasefire validate examples/first.yaml\n" in written
    assert written.endswith("\n    <!-- /cli-run -->\n")


def test_a_stale_part_is_replaced_and_the_rest_of_the_page_kept() -> None:
    text = "A\n<!-- lifecycle-table: ceasefire rules -->\nold text\n<!-- /lifecycle-table -->\nB\n"
    written = PAGES_MODULE.written(text, "page.md")
    assert "old text" not in written
    assert written.startswith("A\n<!-- lifecycle-table: ceasefire rules -->\n\n| Name |")
    assert written.endswith(" |\n\n<!-- /lifecycle-table -->\nB\n")


def test_a_marker_in_a_code_block_is_left_alone() -> None:
    text = "```md\n<!-- cli-help: replay -->\n```\n"
    assert PAGES_MODULE.parts(text) == []
    assert PAGES_MODULE.written(text, "page.md") == text


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("<!-- lifecycle-table: truce -->", "unknown lifecycle or part 'truce'"),
        ("<!-- cli-help: nothing -->", "unknown command 'nothing'"),
        ("<!-- cli-run: validate examples/first.yaml (exit 1) -->", "exited with 0, not 1"),
    ],
)
def test_a_marker_that_cannot_be_written_names_the_page_and_line(marker: str, message: str) -> None:
    with pytest.raises(PAGES_MODULE.PageError, match=r"^docs/x\.md, line 3: <!-- ") as error:
        PAGES_MODULE.written(f"Text\n\n{marker}\n", "docs/x.md")
    assert message in str(error.value)


def test_a_page_with_help_shows_the_help_of_every_command() -> None:
    with pytest.raises(PAGES_MODULE.PageError, match=r"^docs/x\.md: a page with help") as error:
        PAGES_MODULE.written("<!-- cli-help: replay -->\n", "docs/x.md")
    assert "for: ceasefire itself (<!-- cli-help -->), chart, " in str(error.value)
    assert ", replay," not in str(error.value)


def test_a_run_uses_the_files_its_page_defines() -> None:
    text = (
        '```yaml title="tiny.yaml"\nparties: [}\n```\n\n'
        "<!-- cli-run: validate tiny.yaml (exit 1) -->\n"
    )
    written = PAGES_MODULE.written(text, "page.md")
    assert "$ ceasefire validate tiny.yaml\ntiny.yaml:1:" in written
    assert "/tmp" not in written
    assert "$ echo $?\n1\n```" in written


def test_runs_are_made_in_a_fixed_environment_that_is_put_back_afterwards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No colour, 80 columns and an 80-column table, whatever the terminal writing the page."""
    reference = PAGES_MODULE._load("cli_reference")
    seen: dict[str, str | None] = {}

    def fake_main(argv: list[str], *, out: object, err: object) -> int:
        seen.update({k: os.environ.get(k) for k in ("NO_COLOR", "COLUMNS", "CEASEFIRE_FORCE_TTY")})
        return 0

    monkeypatch.setenv("COLUMNS", "212")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(reference, "main", fake_main)
    reference.run("replay x.yaml")
    assert seen == {"NO_COLOR": "1", "COLUMNS": "80", "CEASEFIRE_FORCE_TTY": "80"}
    assert os.environ["COLUMNS"] == "212"
    assert "NO_COLOR" not in os.environ


def test_the_build_fails_on_a_marker_with_nothing_written_under_it() -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    hook = PAGES_MODULE.on_page_markdown
    done = "<!-- cli-help -->\n\ntext\n\n<!-- /cli-help -->\n"
    assert hook(done, page=page, config=None, files=None) == done
    with pytest.raises(PluginError, match=r"^x\.md, line 1: .*run `make docs-pages`$"):
        hook("<!-- cli-help -->\n\nText.\n", page=page, config=None, files=None)
