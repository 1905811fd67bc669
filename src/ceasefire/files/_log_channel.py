"""How the parent and its worker processes talk: pickles on a worker's standard input and output."""

from __future__ import annotations

import copyreg
import os
import pickle
import sys
import traceback
from types import MappingProxyType
from typing import IO, Any

from ceasefire.files._log_workers import Scan, Worker

__all__ = ["child", "send"]


def child() -> None:
    """A worker process: the settings, the first round, the parent's plan, the second round.

    It talks to the parent in pickles on its standard input and output (what
    it prints goes to standard error).
    """
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
            send(out, worker.finish(plan))
    except BaseException:
        send(out, traceback.format_exc())
    finally:
        out.close()


def send(stream: IO[bytes], found: object) -> None:
    """Send `found` to the other process (read-only mappings as well)."""
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(found)
    stream.flush()


def _proxy(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """Rebuild a read-only mapping sent by `send`."""
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _proxy, (dict(proxy),)


_DISPATCH = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
"""How `send` pickles: the values of the library keep their mappings read-only."""
