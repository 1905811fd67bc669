"""Every error code and its examples, for ``<!-- error-catalogue -->``.

`tools.docs_pages` writes the catalogue into the page (``make docs-pages``),
between the marker and ``<!-- /error-catalogue -->``. Each code of
`ceasefire.ErrorCode` gets a section (anchor: the code in lower case,
``#cf204``) with its summary, the usual fix, and what the library prints for
the examples that trigger it, run when the page is written:

- the broken files of ``tests/broken/`` whose ``error:`` in ``expected.yaml``
  is the code, each run through ``ceasefire validate``;
- the Python scripts of ``tests/broken/python/`` named after the code
  (``cf405-clock-backwards.py``), each run in its own interpreter, for the
  errors that only Python code can make.

A code without an example, or an example that gives another code, stops the
page from being written. The same functions are used by ``tests/test_codes.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from ceasefire._codes import ErrorCode
from ceasefire.cli import main

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path("tests") / "broken"
PYTHON = BROKEN / "python"
PYTHON_NAME = re.compile(r"^(cf\d{3})-[a-z0-9-]+\.py$")

_RUN = """\
import json, runpy, sys
from ceasefire import CeasefireError
try:
    runpy.run_path(sys.argv[1], run_name="__main__")
except CeasefireError as error:
    print(json.dumps({"type": type(error).__name__, "message": str(error), "code": error.code}))
else:
    print(json.dumps(None))
"""


@dataclass(frozen=True)
class Example:
    """One example of an error: what was run, what it printed, and the code it gave.

    Attributes:
        path: The file, relative to the repository root.
        kind: ``"file"`` (run through ``ceasefire validate``) or ``"python"``.
        output: What a person sees: the problem lines, or ``Type: message``.
        codes: The codes the run gave (one per problem line).
    """

    path: Path
    kind: str
    output: str
    codes: tuple[str, ...]


def file_example(path: Path, root: Path = ROOT) -> Example:
    """Run ``ceasefire validate`` on a broken file (relative to `root`) and keep its lines."""
    err = io.StringIO()
    here = Path.cwd()
    try:
        os.chdir(root)  # so that the messages name the file as the reader would
        main(["validate", path.as_posix()], out=io.StringIO(), err=err)
    finally:
        os.chdir(here)
    output = err.getvalue().rstrip("\n")
    codes = tuple(re.findall(r" \[(CF\d{3})\]$", output, flags=re.MULTILINE))
    return Example(path, "file", output, codes)


def python_example(path: Path, root: Path = ROOT) -> Example:
    """Run a Python example (relative to `root`) in its own interpreter and keep its error."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN, path.as_posix()],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise PluginError(f"error catalogue: {path} failed: {result.stderr.strip()}")
    found = json.loads(lines[-1])
    if found is None:
        return Example(path, "python", "(no error)", ())
    return Example(path, "python", f"{found['type']}: {found['message']}", (found["code"],))


def examples(root: Path = ROOT) -> dict[ErrorCode, list[Example]]:
    """Return the examples of every code, files first, each list in name order."""
    expected = yaml.safe_load((root / BROKEN / "expected.yaml").read_text(encoding="utf-8"))
    found: dict[ErrorCode, list[Example]] = {code: [] for code in ErrorCode}
    for name in sorted(expected):
        code = ErrorCode.lookup(expected[name]["error"])
        found[code].append(file_example(BROKEN / name, root))
    for path in sorted((root / PYTHON).glob("*.py")):
        match = PYTHON_NAME.match(path.name)
        if match is None:
            raise PluginError(f"error catalogue: {path.name} is not named cfNNN-what-it-shows.py")
        found[ErrorCode.lookup(match[1].upper())].append(
            python_example(path.relative_to(root), root)
        )
    return found


def _fence(text: str, language: str = "text") -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}{language}\n{text}\n{fence}"


def _shown(path: Path) -> str:
    """Return a file's text, or a hex dump of its first bytes when it is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:
        head = raw[:64]
        rows = [head[i : i + 16].hex(" ") for i in range(0, len(head), 16)]
        more = f"\n... ({len(raw)} bytes in all)" if len(raw) > len(head) else ""
        return "# not UTF-8: the first bytes, in hex\n" + "\n".join(rows) + more


def _example(example: Example, root: Path) -> str:
    source = _shown(root / example.path)
    if example.kind == "file":
        command = f"$ ceasefire validate {example.path.as_posix()}\n{example.output}"
        language = "json" if example.path.suffix in (".json", ".jsonl") else "yaml"
        if source.startswith("# not UTF-8"):
            language = "text"
        title = f"{example.path.name}"
    else:
        command = f"$ python {example.path.as_posix()}\n{example.output}"
        language = "python"
        title = f"{example.path.name}"
    shown = source if len(source) < 4000 else source[:4000] + "\n..."
    body = "\n".join("    " + line if line else "" for line in _fence(shown, language).split("\n"))
    return f'{_fence(command, "console")}\n\n??? example "{title}"\n\n{body}\n'


def catalogue(root: Path = ROOT) -> str:
    """Return the Markdown of the whole catalogue."""
    parts: list[str] = []
    group = ""
    for code, found in examples(root).items():
        if not found:
            raise PluginError(f"error catalogue: {code} ({code.slug}) has no example")
        wrong = [e.path.as_posix() for e in found if code.value not in e.codes]
        if wrong:
            raise PluginError(f"error catalogue: {', '.join(wrong)} do not give {code}")
        if code.group != group:
            group = code.group
            parts.append(f"## {group}\n")
        parts.append(f"### {code} {code.slug} {{#{code.value.lower()}}}\n")
        parts.append(f"{code.summary}\n\n**Fix:** {code.fix}\n")
        parts.extend(_example(example, root) for example in found)
    return "\n".join(parts)
