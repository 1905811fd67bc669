"""How the parent and its worker processes talk: pickles on a worker's standard input and output."""

from __future__ import annotations

import gc
import os
import pickle
import sys
import traceback

from ceasefire.files._log_pickles import send
from ceasefire.files._log_rows import Scan
from ceasefire.files._log_workers import Worker

__all__ = ["child"]


def child() -> None:
    """A worker process: the settings, the first round, the parent's plan, the second round.

    The second round is sent as it goes: the pieces of the timeline, then the rest.

    It talks to the parent in pickles on its standard input and output (what
    it prints goes to standard error).
    """
    gc.disable()  # a worker makes and sends many values, and ends: nothing to collect
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    feed = sys.stdin.buffer
    try:
        try:
            settings, index = pickle.load(feed)
        except Exception as error:
            send(out, Scan(fallback=f"the settings cannot be read here: {error}"))
            return
        worker = Worker(settings, index)
        send(out, worker.scan())
        plan = pickle.load(feed)
        if plan is not None:
            for found in worker.finish(plan):  # the pieces of its timeline, then its part
                send(out, found)
    except BaseException:
        send(out, traceback.format_exc())
    finally:
        out.close()
