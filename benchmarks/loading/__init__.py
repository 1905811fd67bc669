"""What one file may cost: ``python -m benchmarks.loading`` (``make bench-load``).

Writes three synthetic files of invented data and measures, each in a fresh
process so that its peak memory is its own:

- ``ceasefire validate`` of a YAML scenario of 100,000 small proposals, each
  proposed once (about 9.6 MB, just under the 10 MiB limit);
- ``ceasefire validate`` of a YAML scenario of 50,000 events that each answer
  a proposal that does not exist (50,000 problems, of which 100 are shown);
- ``replay_log`` of a JSON Lines log of a million lines (250,000 proposals),
  streamed with ``keep="final"``.

Each is printed next to a baseline run on the same bytes in the same run:
PyYAML's ``yaml.load`` with LibYAML's ``CSafeLoader`` (what a user would
write), LibYAML's bare events (the floor of reading YAML at all) and
``json.loads`` per line (the floor of reading the log), with the ratio.
Timings never fail the run; the targets are printed PASS or FAIL.
"""
