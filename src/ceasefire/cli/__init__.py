"""The ``ceasefire`` command line: its parser, its commands, and the terminal they print to.

`main` is the console script's entry point; `python -m ceasefire` runs it too.
"""

from ceasefire.cli._main import main

__all__ = ["main"]
