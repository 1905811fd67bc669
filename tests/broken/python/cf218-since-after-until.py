"""CF218: a chart whose window ends before it starts."""

from datetime import date

from ceasefire import load_scenario, replay
from ceasefire.outputs.chart import timeline_svg

timeline = replay(load_scenario("examples/ukraine_2025.yaml"))
timeline_svg(timeline, since=date(2025, 5, 1), until=date(2025, 4, 1))
