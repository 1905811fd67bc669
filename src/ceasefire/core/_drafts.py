"""Frozen values made quickly from checked fields: filled in as a draft, then given their class.

A frozen attrs class refuses attribute setting, so its own constructor sets
each slot through ``object.__setattr__``, and a trusted constructor through
each slot's setter: a call a field either way. The interpreter's quickest way
to set a slot is a plain assignment. `draft_type` returns a subclass of a
frozen slotted class that adds no slots and has the ordinary setting and
deleting of attributes: an object made as a draft has its slots assigned
plainly and is then given the frozen class itself (the layouts are the same,
so CPython allows it). What a trusted constructor returns is an ordinary
instance of the frozen class: equal, hashed, shown and pickled as one.
"""

from __future__ import annotations

from typing import Any

__all__ = ["draft_type"]


def draft_type(frozen: type) -> Any:
    """Return the draft twin of the frozen slotted class `frozen` (see the module's text).

    Typed as ``Any``: a draft's fields are assigned, which the frozen class's
    type forbids. Assign every field, then ``draft.__class__ = frozen``.

    Raises:
        TypeError: `frozen` keeps its attributes in a dict rather than in slots.
    """
    if frozen.__dictoffset__ or "__slots__" not in frozen.__dict__:  # instances with a dict
        raise TypeError(f"{frozen.__name__} is not a slotted class: a draft needs its layout")
    return type(
        f"{frozen.__name__}Draft",
        (frozen,),
        {
            "__slots__": (),
            # Both, or the interpreter keeps the frozen class's checks for setting.
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__doc__": f"A `{frozen.__name__}` being made: assigned plainly, then given its class.",
            "__module__": frozen.__module__,
        },
    )
