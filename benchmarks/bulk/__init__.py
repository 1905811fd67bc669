"""Bulk replay benchmark: synthetic negotiation logs at 10,000 and 100,000 proposals.

``make bench`` runs this package (``python -m benchmarks.bulk``). It generates
a seeded, realistic synthetic log, measures in one run how ceasefire replays
and loads it, measures the same actions through two baselines, times start-up,
prints every figure with its ratios and the performance targets (PASS or
FAIL), and writes it all as JSON. Nothing asserts on timings: the run exits 0
when a target fails, and says so.

The log
    `generate` builds a scenario document as plain data (the shape of a
    scenario file): 24 belligerents and 8 mediators, one source, and proposals
    that each need two or three belligerents, follow the built-in ``ceasefire``
    lifecycle and last 7 to 90 days. About 2,000 proposals start per simulated
    year, so they overlap in time and the log spans 5 years at 10,000 proposals
    and 50 at 100,000 (the same density at every size). Each proposal is
    proposed, answered by each party it needs (mostly yes, some no, some yes
    with conditions; a few are withdrawn or never fully answered), comes into
    force by its ``take_effect`` timer once all have said yes (or by a
    ``begin`` event for the one in ten whose start must be announced), is
    violated, sometimes extended by 14 days, suspended and resumed, or
    terminated, and otherwise expires by its ``expire`` timer. One proposal in
    five also gets an event the lifecycle must refuse (an answer after a
    rejection or a withdrawal, an extension of a rejected or expired truce, a
    resume of an active truce, a suspension after termination): about 2% of
    the events. That makes about 10 events per proposal, one million at
    100,000 proposals, sorted by date (stable). The generator knows what it
    meant to happen, and the replay is checked against it: every planted
    refusal, and nothing else, must appear in ``Timeline.problems``, and every
    proposal must end in the state the generator intended.

What is measured (CPU seconds, ``time.process_time``, except ``replay_log`` with
workers, in wall seconds; ``gc.collect()`` before each timed run and the
collector left on, as users run it; the best of a few runs where a run is cheap,
of ``--large-repeat`` above 10,000 proposals)
    - the bare fold, the physical limit (`benchmarks.bulk.bare`): a dict
      ``(state, action) -> next state`` folded over the events' ``(proposal,
      action)`` pairs, each proposal's state in a dict by its id, nothing else
      (no guard, timer or history, so its final states are not the library's);
    - a ``Negotiation(engine=...)`` driven by hand through ``advance_to``,
      ``propose`` and ``act`` over the same events, as issue 20's outside run
      did, with the collector on (`benchmarks.bulk.limits`); and ``propose``
      alone, every proposal proposed on one day into a fresh negotiation;
    - the library: ``replay(scenario, collect=True)`` with each engine:
      seconds, events per second, and the collector's share of the time. The
      speed targets are judged on the bulk replay, ``engine="table"`` (plain
      table lookups, checked against the transitions engine by a property
      test); the default engine, ``transitions``, the reference, is timed and
      shown too;
    - baseline A: the same events through bare ``transitions``, written as a
      user would without this library: one ``transitions.Machine`` per
      proposal over the same states and rows, the guard as a ``conditions``
      callback of a per-proposal model that tracks the answers, the
      ``take_effect`` and ``expire`` timers fired by hand (a proposal's due
      timer is checked before each of its events, and for all at the end),
      refused events caught as ``MachineError``, and each step appended to the
      model's own history;
    - baseline B: a plain fold over a dict ``(state, trigger) -> rows`` table
      with the same guard, the same hand-fired timers and history, and
      per-proposal state in a dict: about the fastest thing CPython can do;
    - both baselines must agree with the library on every proposal's final
      state and number of recorded changes, or they are not fair baselines;
    - loading: ``load_scenario`` of the log as a JSON and as a YAML file (MB/s,
      events/s), once each, at the sizes up to ``--load-max`` (default 10,000):
      the library reads them at well under 1 MB/s, so at 100,000 proposals
      (about 115 MB of JSON, 80 MB of YAML) each would take several minutes.
      At every size the log is also written as JSON Lines (a header line, then
      each proposal's definition before its first event, then the events) and
      read back with ``json.loads`` per line; `load_jsonl_with_library` reads
      and replays it with the library's own streaming reader, ``replay_log``,
      when ceasefire has one, checked against the generator;
    - start-up: ``python -c "import ceasefire"`` and the ``ceasefire --help``
      console script against ``python -c "import transitions, attrs"``, each
      the best of 10 runs in a subprocess.

Certainty (`benchmarks.bulk.certainty`): the log at 1,000 proposals made
uncertain (loose dates, disputes, counter-offers; invented), and the shipped
example: the plain replay, then ``Timeline.possible_states_on`` for every
proposal on 5 days and ``Timeline.in_force_on`` on a day, each on a fresh
timeline so the first question pays for enumerating the placements; absolute
targets, and the ratio to the plain replay.

The replay's input is the scenario built from the generated document with the
public constructors (`scenario_from_document`), the same way at every size,
so the time ratio between sizes compares like with like. At the sizes that are
loaded, that scenario is checked to equal the one ``load_scenario`` returns for
both files, and the loaded one is replayed once to check it gives the same
changes.

Memory (tracemalloc, in separate, untimed passes; the scenario exists before
tracing starts, so only what the replay allocates is counted)
    - peak: the peak traced during ``replay(scenario, collect=True)``;
    - the live negotiation: the same events are driven through a
      `ceasefire.Negotiation` with the calls replay makes (`drive_negotiation`)
      twice, keeping its history (the default) and with
      ``keep_history=False``. What it retains without the history (statuses,
      answers, the timer queue, its containers and their spare capacity)
      divided by the proposals is the "per proposal besides its history"
      figure; what keeping the history adds, divided by the changes, is the
      "per recorded change" figure, whatever form the negotiation keeps its
      changes in (the compact rows of ``ceasefire.core._ledger``, made into
      `Change` values only when read). Values that come from the scenario,
      such as its dates, parties and sources, were allocated before tracing
      and are not counted;
    - the timeline: all the bytes the returned `Timeline` retains, per change
      (its entries, their changes, its index), for information;
    - the baselines' retained bytes per proposal (their history included) at
      sizes up to 10,000;
    - ``replay_log(workers=N)``'s bare limit: the log's N shares of proposals
      written as logs of their own and replayed by N processes at once, with
      nothing shared out, checked across shares or merged (wall time against
      one process's), and the CPU of every process of a ``workers=N`` run
      against one process's CPU: the work sharing out adds.

Targets: issue 20's (each printed "met", "NOT met" or "not available", with
its limit: the driven negotiation's per-event cost within 20 times the bare
fold's, ``propose`` under 3 µs, 64 bytes per recorded change and 512 per
proposal, growth from 10,000 to 100,000 at most 11 times, ``replay_log`` 10
times faster than baseline A, JSON files at 50 MB/s and YAML at 5 MB/s,
``replay_log(workers=2)`` 1.7 times faster than ``workers=1`` where it takes
``workers``), then those kept from before (against baselines A and B, the
bulk replay's growth, start-up, certainty). The run never fails on a target.

Run ``python -m benchmarks.bulk --help`` for the options; ``--quick`` is a smoke
run at small sizes. ``python -m benchmarks.scaling`` remains for the step-level
comparison (one shared machine, ``LifecycleMachine.step``, ``add_model``).
"""
