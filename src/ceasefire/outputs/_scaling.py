"""How the library's SVG pictures size themselves: to their container, never beyond their own size.

Every SVG the library writes (the lifecycle diagrams and the timeline chart)
has a ``viewBox`` that holds the drawing and no fixed size on its root: it is
``width="100%"`` with its natural width as a ``max-width`` and ``height:
auto``. So a picture shrinks to a narrow window or column and keeps its
aspect ratio (its text is text, sharp at any size), and a small picture is not
blown up to fill a wide one, in a page and in a file opened on its own. A
renderer that cannot lay out a percentage (cairosvg, for the PNG chart) gets
the fixed size instead.
"""

from __future__ import annotations

__all__ = ["number", "size_attributes"]


def number(value: float) -> str:
    """Write a length with at most one decimal, without a trailing ``.0`` ("1628.9", "530")."""
    text = f"{round(value, 1):.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def size_attributes(width: float, height: float, *, fixed: bool = False) -> str:
    """The root's size attributes for a drawing `width` by `height` user units.

    Args:
        width: The width of the viewBox.
        height: The height of the viewBox.
        fixed: Give the size in pixels, for a renderer without a page
            around the picture.

    Returns:
        ``width="100%" style="max-width: ...px; height: auto"``, or with
        `fixed`, ``width="..." height="..."``.
    """
    if fixed:
        return f'width="{number(width)}" height="{number(height)}"'
    return f'width="100%" style="max-width: {number(width)}px; height: auto"'
