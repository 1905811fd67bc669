"""Run the command line: ``python -m ceasefire``."""

import sys

from ceasefire.cli import main

sys.exit(main())
