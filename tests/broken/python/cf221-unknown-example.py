"""CF221: an example name that no shipped scenario has (spelt with an underscore)."""

from ceasefire import examples

examples.load("ukraine_2025")
