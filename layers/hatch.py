"""The "geen projecten" hatch, the same in the browser, the legend and the slides.

The old flat grey (#f2f2f2) was 1.09:1 against the lowest count class (#ffffcc) and 1.03:1 against
white: on a projector an area without projects disappeared among the lowest class. No flat colour
reaches 3:1 against every class of the palettes and white, so an area without projects is drawn
with dark diagonal lines on white: told apart by texture, not by hue, so the same for every
colour-vision type (tests/test_palettes.py measures the lines against their fill and white).

The fill value of such an area is ``NO_PROJECTS``, an SVG paint reference (``url(#...)``): Leaflet
writes a path's ``fillColor`` into its ``fill`` attribute, so the areas layer (layers.areas), the
live recolouring (layers.live, static/swk/filtercore.js) and the export's toggles set it like any
colour, and the pattern is defined once per page (``PATTERN_JS``). matplotlib draws the same lines
with ``hatch`` (export.image); legend swatches use a CSS stripe (layers.legend).
"""
from __future__ import annotations

HATCH_ID = "swk-geen-projecten"
NO_PROJECTS = f"url(#{HATCH_ID})"  # the fill of an area without projects
HATCH_LINE = "#595959"  # neutral grey (unchanged by colour-vision simulations)
HATCH_BACK = "#ffffff"
HATCH_SPACING = 7  # px between the lines (perpendicular), in the browser
HATCH_WIDTH = 2  # px line width, in the browser
MPL_HATCH = "///"  # matplotlib: about the same density on a 1920x1080 slide
MPL_HATCH_WIDTH = 1.5  # points

#: defines the pattern once per document, in a hidden SVG of its own (not display:none, which would
#: disable it), so it survives whatever Leaflet does to its renderer; ``url(#id)`` resolves document-wide
PATTERN_JS = f"""
(function () {{
  if (document.getElementById('{HATCH_ID}')) {{ return; }}
  var ns = 'http://www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '0'); svg.setAttribute('height', '0'); svg.setAttribute('aria-hidden', 'true');
  svg.style.position = 'absolute'; svg.style.width = '0'; svg.style.height = '0'; svg.style.overflow = 'hidden';
  svg.innerHTML = '<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="{HATCH_SPACING}" ' +
    'height="{HATCH_SPACING}" patternTransform="rotate(45)"><rect width="{HATCH_SPACING}" height="{HATCH_SPACING}" ' +
    'fill="{HATCH_BACK}"/><rect width="{HATCH_WIDTH}" height="{HATCH_SPACING}" fill="{HATCH_LINE}"/></pattern></defs>';
  document.body.appendChild(svg);
}})();
"""


def is_hatch(fill) -> bool:
    return fill == NO_PROJECTS
