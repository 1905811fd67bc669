"""Picture what a terminal shows for a command, for the documentation's screenshots.

Runs the command in a tmux window of the given width, captures the pane with
its colours, renders it as HTML with rich and photographs it with headless
Chromium. Neither tmux nor Chromium is installed by the Makefile, and nothing in
the test suite uses this tool; it redraws ``docs/images/make-demo-*.png``:

    python tools/terminal_picture.py "make demo" 100 45 docs/images/make-demo-100.png
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.terminal_theme import MONOKAI
from rich.text import Text

CHROMIUM = (
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--hide-scrollbars",
)

PAGE = """<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #0c0c0c; }}
pre {{ margin: 0; padding: 12px 16px; font: 14px/1.35 "DejaVu Sans Mono", monospace;
       color: #d9d9d9; white-space: pre; }}
.prompt {{ color: #a6e22e; }}
</style><pre><span class="prompt">$ {command}</span>
{body}</pre>"""


def capture(command: str, width: int, lines: int, cwd: Path) -> list[str]:
    """Run `command` in a detached tmux window `width` columns wide; return its first lines."""
    name = f"picture-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(width),
            "-y",
            "500",
            "-c",
            str(cwd),
            f"{command}; sleep 30",
        ],
        check=True,
    )
    try:
        time.sleep(8)
        pane = subprocess.run(
            ["tmux", "capture-pane", "-e", "-p", "-t", name, "-S", "0", "-E", "499"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)
    shown = pane.rstrip("\n").split("\n")
    if shown and shown[0].lstrip().startswith(".venv/bin/"):
        shown = shown[1:]  # make's echo of the command it runs
    return shown[:lines]


def picture(command: str, width: int, lines: int, target: Path, cwd: Path) -> None:
    """Write a PNG of the first `lines` lines `command` prints in a `width`-column terminal."""
    captured = capture(command, width, lines, cwd)
    console = Console(
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        file=io.StringIO(),  # recorded, not shown
    )
    # one piece: tmux writes a style where it changes, not again on each line
    console.print(Text.from_ansi("\n".join(captured)), overflow="ignore", crop=False)
    body = console.export_html(inline_styles=True, theme=MONOKAI, code_format="{code}")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "terminal.html"
        page.write_text(PAGE.format(command=command, body=body), encoding="utf-8")
        height = 24 + int((len(captured) + 1) * 14 * 1.35) + 2
        subprocess.run(
            [
                *CHROMIUM,
                f"--user-data-dir={folder}/profile",
                f"--screenshot={target.resolve()}",
                f"--window-size={int(width * 8.45) + 32},{height}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    """Parse the arguments and draw the picture."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command")
    parser.add_argument("width", type=int, help="the terminal's columns")
    parser.add_argument("lines", type=int, help="how many lines of output to show")
    parser.add_argument("target", type=Path, help="the PNG to write")
    args = parser.parse_args()
    picture(args.command, args.width, args.lines, args.target, Path.cwd())


if __name__ == "__main__":
    main()
