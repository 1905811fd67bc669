"""CF212: a scenario's time zone must have an IANA name, so that a file can hold it."""

from importlib.resources import files
from zoneinfo import ZoneInfo

from ceasefire import Scenario

with files("tzdata.zoneinfo.Europe").joinpath("Kyiv").open("rb") as stream:
    unnamed = ZoneInfo.from_file(stream)  # a zone read from a file has no key

Scenario("zoned", timezone=unnamed)
