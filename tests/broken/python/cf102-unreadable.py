"""CF102: a file that cannot be read."""

from ceasefire import load_scenario

load_scenario("examples/no-such-file.yaml")
