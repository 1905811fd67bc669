"""How ceasefire scales, and what it costs against bare transitions and a dict.

Every proposal is a 30-day energy-infrastructure truce needing two parties. It
is proposed, accepted by one party, accepted by the other (it comes into force
at once through the ``take_effect`` timer), and then one ``advance_to`` past the
end makes every truce expire by its timer: five history entries per proposal
(propose, accept, accept, take_effect, expire), four of them triggers of the
state machine.

The same five steps, over the same lifecycle table (``ceasefire.CEASEFIRE``),
are then run by:

(a)  a bare transitions trigger on one shared machine with a slotted cursor
     (what the engine alone costs per step);
(a+) ``ceasefire.LifecycleMachine.step``, the library's adapter around (a);
(b)  a plain dict lookup ``(state, trigger) -> rows`` with the same guards
     (about the fastest thing Python can do);
(c)  the naive ways, at small N only: one ``transitions.Machine`` per proposal,
     and ``machine.add_model`` per proposal on one shared machine.

Timings use ``time.perf_counter``, the best of a few repetitions, with
``gc.collect()`` before each run and the collector left on (as users run it).
Memory is measured with tracemalloc in a separate pass. Nothing here asserts
on timing; only the outcome of the steps is checked.

``make bench-steps`` runs this package (``python -m benchmarks.scaling``); run
``python -m benchmarks.scaling --help`` for the options.
"""
