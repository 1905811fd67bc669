"""CF407: a timeline answers questions up to its end only."""

from datetime import date

from ceasefire import load_scenario, replay

timeline = replay(load_scenario("examples/ukraine_2025.yaml"), until=date(2025, 3, 31))
timeline.state_of("energy-infrastructure-30-day", on=date(2025, 4, 30))
