"""CF802: a PNG chart without the optional cairosvg package."""

import sys
from datetime import date

from ceasefire import load_scenario, replay
from ceasefire.outputs.chart import timeline_png

sys.modules["cairosvg"] = None  # type: ignore[assignment]  # as if it were not installed
timeline_png(replay(load_scenario("examples/ukraine_2025.yaml"), until=date(2025, 3, 31)))
