"""The documentation's code runs, prints what the pages say, and covers the API.

Every ```python block in docs/**/*.md is executed: one test per page, the
blocks of a page in order in one namespace, so a later block can use the names
an earlier one defined. A ```text block that follows a python block (with only
blank lines between) is the output that block prints, and must match it; a
block that prints something must be followed by one. A block opts out only
with ``title="..."`` in its fence or ``# not run`` as its first line.

Every ```sh and ```console block is run too, command by command, in a fresh
folder that holds the examples: each command must exit 0, and the output a
console block shows under a ``$`` line must be what it prints. A block that
is run may call only the programs of the virtualenv and the basic tools listed
in tests/basic-tools.txt, and it runs with a PATH that reaches nothing else; a
block that shows an outside program (Graphviz's dot, a browser) is shown but
not run, with a ``title=`` saying what it needs.

The blocks between a generated part's markers (``<!-- cli-run: ... -->`` ...
``<!-- /cli-run -->``) are what ``tools/docs_pages.py`` wrote there: they are
not run here, but tests/test_docs_pages.py checks that they are what the code
writes today, and that they render.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.util
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

import ceasefire
from docs_pages_tool import load_docs_pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    language: str
    info: str
    line: int  # 1-based line of the opening fence
    code: str
    after_blank: bool  # only blank lines separate it from the previous block

    @property
    def opted_out(self) -> bool:
        first = self.code.lstrip().partition("\n")[0].strip()
        return "title=" in self.info or first == "# not run"


DOCS_PAGES = load_docs_pages()


def generated_lines(text: str) -> set[int]:
    """Return the (0-based) lines of a page that are inside its generated parts."""
    return {
        line
        for part in DOCS_PAGES.parts(text)
        if part.end is not None
        for line in range(part.start, part.end + 1)
    }


def read_blocks(text: str) -> list[Block]:
    """Return the fenced blocks a person wrote on a Markdown page, indented ones included.

    Blocks inside generated parts are left out (see the module's docstring).
    """
    lines = text.splitlines()
    generated = generated_lines(text)
    blocks: list[Block] = []
    last_end = -1
    i = 0
    while i < len(lines):
        if i in generated:
            last_end = i  # a generated part separates a block from its output
            i += 1
            continue
        match = OPEN.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        body = [line.removeprefix(indent) for line in lines[i + 1 : end]]
        between = lines[last_end + 1 : i]
        blocks.append(
            Block(
                language=info.split(" ", 1)[0].lower(),
                info=info,
                line=i + 1,
                code="\n".join(body) + "\n",
                after_blank=last_end >= 0 and all(not line.strip() for line in between),
            )
        )
        last_end = end
        i = end + 1
    return blocks


def _normalise(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def run_page(page: Path) -> None:
    """Run the python blocks of `page` in order; fail naming the page and the block."""
    name = page.relative_to(ROOT).as_posix()
    blocks = read_blocks(page.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem.replace('-', '_')}"}
    for number, block in enumerate(blocks, start=1):
        if block.language != "python" or block.opted_out:
            continue
        where = f"{name}, block {number} (line {block.line})"
        if re.search(r"^\s*>>>", block.code, re.MULTILINE):
            pytest.fail(f"{where}: docs pages use plain code and a text block, not >>>")
        output = io.StringIO()
        try:
            code = compile(block.code, where, "exec")
            with contextlib.redirect_stdout(output):
                exec(code, namespace)
        except Exception:
            pytest.fail(f"{where} raised:\n{traceback.format_exc()}", pytrace=False)
        following = blocks[number] if number < len(blocks) else None
        printed = _normalise(output.getvalue())
        if following is not None and following.language == "text" and following.after_blank:
            expected = _normalise(following.code)
            if printed != expected:
                diff = "\n".join(
                    difflib.unified_diff(expected, printed, "page", "printed", lineterm="")
                )
                pytest.fail(
                    f"{where}: its output differs from the text block at line "
                    f"{following.line}:\n{diff}",
                    pytrace=False,
                )
        elif printed:
            pytest.fail(
                f"{where} prints output that the page does not show; put it in a "
                f"```text block right after the code:\n" + "\n".join(printed),
                pytrace=False,
            )


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_code_runs_and_prints_what_the_page_shows(page: Path) -> None:
    run_page(page)


def test_the_readme_example_runs_and_prints_what_the_readme_shows() -> None:
    """The README's Python is run like a page's: its output is the text block under it."""
    readme = ROOT / "README.md"
    blocks = read_blocks(readme.read_text(encoding="utf-8"))
    languages = [block.language for block in blocks]
    assert languages[:2] == ["python", "text"]
    assert blocks[1].after_blank
    run_page(readme)


@pytest.mark.parametrize("name", ["index.md", "getting-started.md", "concepts.md", "lifecycles.md"])
def test_the_guide_pages_have_code_that_runs(name: str) -> None:
    blocks = read_blocks((DOCS / name).read_text(encoding="utf-8"))
    assert any(b.language == "python" and not b.opted_out for b in blocks)


def test_the_api_reference_covers_every_public_name() -> None:
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: ceasefire\.([\w.]+)", text, re.MULTILINE))
    public_modules = {
        "testing",
        "testing.pytest_plugin",
        "testing.strategies",
        "outputs.diagrams",
        "outputs.chart",
        "outputs.report",
        "outputs.export",
        "frames",
        "dask",
        "files.snapshot",
        "files.eventlog",
        "examples",
    }
    assert public_modules <= documented
    assert documented - public_modules == set(ceasefire.__all__)


def _hook() -> ModuleType:
    path = DOCS / "hooks" / "lifecycle_tables.py"
    spec = importlib.util.spec_from_file_location("lifecycle_tables", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lifecycle_tables_list_every_state_action_and_timer() -> None:
    markdown = _hook().render("ceasefire")
    lifecycle = ceasefire.CEASEFIRE
    for name in (*lifecycle.state_names, *(a.name for a in lifecycle.actions)):
        assert f"| `{name}` |" in markdown
    for timer in lifecycle.timers:
        assert f"| `{timer.name}` |" in markdown
    assert "| `expire` | `accepted`, `active`, `suspended` | `expired` |" in markdown
    assert "| `terminate` | `accepted`, `active`, `suspended` | `terminated` | — |" in markdown
    assert "| `accept` | `proposed` | (stays) | — |" in markdown


def test_the_rules_table_lists_the_standard_guards_and_instant_rules() -> None:
    markdown = _hook().render("ceasefire", "rules")
    for name in (*ceasefire.STANDARD_GUARDS, *ceasefire.STANDARD_INSTANTS):
        assert f"| `{name}` |" in markdown


def test_the_block_reader_finds_indented_blocks_and_their_output() -> None:
    page = "Text\n\n    ```python\n    print(1)\n    ```\n\n    ```text\n    1\n    ```\n"
    code, output = read_blocks(page)
    assert (code.language, code.code, code.line) == ("python", "print(1)\n", 3)
    assert (output.language, output.code, output.after_blank) == ("text", "1\n", True)


def _pictures() -> ModuleType:
    path = DOCS / "hooks" / "pictures.py"
    spec = importlib.util.spec_from_file_location("pictures", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _draw(markdown: str) -> str:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="how-to/page.md"), url="how-to/page/")
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    result: str = _pictures().on_page_markdown(markdown, page=page, config=config, files=None)
    return result


def test_the_picture_markers_become_inline_svg() -> None:
    html = _draw(
        "<!-- lifecycle-svg: ceasefire -->\n\n"
        "<!-- lifecycle-svg: examples/ukraine_2025.yaml talks -->\n\n"
        "<!-- timeline-svg: examples/ukraine_2025.yaml -->\n"
    )
    assert html.count('<div class="picture"') == 3
    assert "<title>ceasefire lifecycle</title>" in html
    assert "<title>talks lifecycle</title>" in html
    assert "<title>Ceasefire proposals between Ukraine and Russia" in html
    assert 'href="../../pictures/lifecycle-ceasefire.svg"' in html
    assert "<!--" not in html


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- lifecycle-svg: truce -->",
        "<!-- lifecycle-svg: examples/ukraine_2025.yaml meeting -->",
        "<!-- lifecycle-svg: examples/ukraine_2025.yaml -->",
        "<!-- lifecycle-svg: examples/missing.yaml talks -->",
        "<!-- timeline-svg: examples/missing.yaml -->",
        "<!-- timeline-svg -->",
        "<!-- chart-svg: examples/ukraine_2025.yaml -->",
    ],
)
def test_a_picture_marker_that_names_nothing_fails_the_build(marker: str) -> None:
    with pytest.raises(PluginError, match=r"^how-to/page\.md: "):
        _draw(f"Text\n\n{marker}\n")


def test_every_example_file_is_referenced_from_the_docs() -> None:
    """Each file under examples/ is named, by its path, on some page of the documentation."""
    pages = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    examples = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "examples").rglob("*")
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json", ".jsonl")
    )
    assert examples
    assert [name for name in examples if name not in pages] == []


# -- shell blocks ------------------------------------------------------------------------

SHELLS = ("sh", "console", "bash", "shell")
"""The languages of command-line blocks: each line (or each ``$`` line) is run."""

BIN = Path(sys.executable).parent
"""Where the installed ``ceasefire`` script is."""


BASIC_TOOLS = frozenset(
    line.strip()
    for line in (ROOT / "tests" / "basic-tools.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
"""The programs a command block may call besides the virtualenv's (tests/basic-tools.txt)."""

BUILTINS = frozenset({"cd", "export", "set", "unset", "source", ".", "exit", "pwd", "[", "test"})
"""Shell builtins a command block may use."""


@pytest.fixture(scope="session")
def basic_tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of links to the basic tools this machine has, for a PATH that reaches no more."""
    folder = tmp_path_factory.mktemp("basic-tools")
    for name in sorted(BASIC_TOOLS):
        found = shutil.which(name)
        if found is not None:
            (folder / name).symlink_to(found)
    return folder


def programs(command: str) -> list[str]:
    """Return the programs a shell command line starts: the first word of each simple command."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    found: list[str] = []
    starts = True  # the next word starts a simple command
    redirected = False  # the next word is where output goes
    for word in lexer:
        if set(word) <= set(";&|()"):
            starts, redirected = True, False
        elif set(word) <= set("<>"):
            redirected = True
        elif redirected:
            redirected = False
        elif starts and not re.fullmatch(r"[A-Za-z_]\w*=.*", word):
            found.append(word)
            starts = False
    return found


def unavailable(command: str) -> list[str]:
    """Return the programs `command` calls that are neither in the virtualenv nor basic tools."""
    return [
        name
        for name in programs(command)
        if name not in BUILTINS and name not in BASIC_TOOLS and not (BIN / name).is_file()
    ]


def test_the_program_finder_sees_every_command_of_a_line() -> None:
    line = "A=1 ceasefire x | dot -Tpng > out.png && sort a; (head -n 1 b) || wc 2> err"
    assert programs(line) == ["ceasefire", "dot", "sort", "head", "wc"]
    assert unavailable(line) == ["dot"]
    assert unavailable("chromium --headless --screenshot page.html") == ["chromium"]


def shell_commands(block: Block) -> list[tuple[str, list[str] | None]]:
    """Return each command of a shell block, with the output shown under it (console only)."""
    lines = block.code.splitlines()
    if not any(line.startswith("$ ") for line in lines):  # commands only, one a line
        return [(line.split("  #")[0].strip(), None) for line in lines if line.strip()]
    commands: list[tuple[str, list[str] | None]] = []
    for line in lines:
        if line.startswith("$ "):
            commands.append((line[2:].split("  #")[0].strip(), []))
        elif commands:
            shown = commands[-1][1]
            assert shown is not None
            shown.append(line)
    return commands


def shell_cases() -> list[Any]:
    """One case per shell block of the docs that is not opted out."""
    cases = []
    for page in PAGES:
        for block in read_blocks(page.read_text(encoding="utf-8")):
            if block.language in SHELLS and not block.opted_out:
                name = f"{page.relative_to(DOCS).as_posix()}:{block.line}"
                cases.append(pytest.param(page, block, id=name))
    return cases


def matches(printed: list[str], shown: list[str]) -> bool:
    """Whether `printed` is what a console block shows.

    A line ``...`` stands for any lines, and ``...`` within a line for any text
    (a time that varies from run to run, say).
    """
    pattern = "\n".join(
        "(?:.*\n)*?.*" if line == "..." else ".*?".join(map(re.escape, line.split("...")))
        for line in shown
    )
    return re.fullmatch(pattern, "\n".join(printed)) is not None


@pytest.mark.parametrize(("page", "block"), shell_cases())
def test_shell_blocks_run_and_print_what_the_page_shows(
    page: Path, block: Block, tmp_path: Path, basic_tools: Path
) -> None:
    """Each command runs with exit 0 in a fresh folder holding the examples; output matches."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{basic_tools}"}
    environment.pop("NO_COLOR", None)
    environment.pop("COLUMNS", None)
    environment["CEASEFIRE_FORCE_TTY"] = "80"  # tables as an 80-column terminal shows them
    for command, shown in shell_commands(block):
        run = subprocess.run(
            [
                "bash",
                "-o",
                "pipefail",
                "-c",
                command.replace("pytest ", "pytest -p no:cacheprovider ", 1),
            ],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        where = f"{page.relative_to(DOCS)}, block at line {block.line}: $ {command}"
        assert run.returncode == 0, f"{where}\n{run.stdout}{run.stderr}"
        if shown is not None:
            printed = (run.stdout + run.stderr).rstrip("\n").splitlines()
            assert matches(printed, shown), f"{where}\nprinted:\n" + "\n".join(printed)


@pytest.mark.parametrize(("page", "block"), shell_cases())
def test_shell_blocks_call_only_the_virtualenv_and_basic_tools(page: Path, block: Block) -> None:
    """A block that runs calls no program a fresh machine lacks; such a block is shown only."""
    outside = sorted(
        {name for command, _ in shell_commands(block) for name in unavailable(command)}
    )
    where = f"{page.relative_to(DOCS)}, block at line {block.line}"
    assert outside == [], (
        f"{where} calls {', '.join(outside)}, which the Makefile does not install: show the "
        'block without running it (```sh title="needs ...") or use only tests/basic-tools.txt'
    )
