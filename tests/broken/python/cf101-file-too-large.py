"""CF101: a file over the size limit is refused before it is read."""

from ceasefire import load_scenario

load_scenario("examples/ukraine_2025.yaml", max_bytes=1024)
