"""Map work that waits until the browser has painted the areas.

The areas are what a person waits for; the basemap tiles, region outlines, name labels and the
live filter's table are not needed for that first picture. An element made with ``defer`` wraps
its script in ``requestAnimationFrame`` + ``setTimeout``: it runs right after the next paint
(a frame later, ~16 ms), in the order the elements were added. Only the app's live map defers;
exports keep everything synchronous (their screenshots wait for a complete map).
"""
from __future__ import annotations

AFTER_PAINT = ("requestAnimationFrame(function() { setTimeout(function() {", "}, 0); });")


def after_paint(defer: bool) -> tuple[str, str]:
    """The JavaScript to put before and after a script that should run after the first paint."""
    return AFTER_PAINT if defer else ("", "")
