"""A map legend drawn as plain HTML (no branca colormap: that needs d3 from a CDN)."""
from __future__ import annotations

from branca.element import MacroElement, Template

from layers.hatch import HATCH_BACK, HATCH_LINE, HATCH_SPACING, HATCH_WIDTH, NO_PROJECTS
from layers.escape import esc


def over_white(colour: str, opacity: float) -> str:
    """``#rrggbb`` drawn at ``opacity`` over white, as a solid colour (other colour forms unchanged)."""
    c = str(colour)
    if opacity >= 1 or not (len(c) == 7 and c.startswith("#")):
        return c
    try:
        rgb = [int(c[i:i + 2], 16) for i in (1, 3, 5)]
    except ValueError:
        return c
    return "#" + "".join(f"{round(v * opacity + 255 * (1 - opacity)):02x}" for v in rgb)


def hatch_css(opacity: float) -> str:
    """The "geen projecten" hatch as a CSS background (legend swatches): the map's SVG pattern
    (layers.areas), lines at the map's fill opacity over white, rising to the right."""
    line, back = over_white(HATCH_LINE, opacity), over_white(HATCH_BACK, opacity)
    return (f"repeating-linear-gradient(-45deg, {line} 0 {HATCH_WIDTH}px, {back} {HATCH_WIDTH}px {HATCH_SPACING}px)")


class Legend(MacroElement):
    """Title plus colour swatches with labels, in a corner of the map; every text escaped.

    Parameters: ``title`` (str), ``items`` (list of (colour, label)), ``note`` (small line under
    the items, e.g. the source), ``position`` (``bottomright``...), ``method`` (how the classes
    were made, under the title), ``fill_opacity`` (the map's fill opacity: swatches are drawn as
    the colour over white at that opacity, so they match what the map shows). An item coloured
    ``NO_PROJECTS`` ("geen projecten") shows the map's hatch.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
        <details class="swk-legend swk-{{ this.position }}" open aria-label="Legenda">
          <summary class="swk-legend-title">{{ this.title }}</summary>
          {% if this.method %}<div class="swk-legend-method">{{ this.method }}</div>{% endif %}
          {% for colour, label in this.items %}
          <div class="swk-legend-item">{% if colour == this.hatch %}<span class="swk-swatch swk-hatch"></span>{% else %}<span class="swk-swatch" style="background:{{ colour }}"></span>{% endif %}{{ label }}</div>
          {% endfor %}
          {% if this.note %}<div class="swk-legend-note">{{ this.note }}</div>{% endif %}
        </details>
        <style>
          .swk-legend { position: absolute; z-index: 1000; background: rgba(255,255,255,0.93); padding: 8px 10px;
                        font: 13px/1.35 system-ui, sans-serif; color: #222; border-radius: 4px;
                        box-shadow: 0 1px 4px rgba(0,0,0,0.35); max-width: 260px; }
          .swk-bottomright { bottom: 28px; right: 10px; } .swk-topright { top: 10px; right: 10px; }
          .swk-bottomleft { bottom: 28px; left: 10px; }
          .swk-legend-title { font-weight: 600; margin-bottom: 4px; cursor: pointer; }
          .swk-legend:not([open]) .swk-legend-title { margin-bottom: 0; }
          @media (max-width: 480px) { .swk-legend { font-size: 11px; max-width: 62%; } .swk-legend-note { display: none; } }
          .swk-swatch { display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: -2px;
                        border: 1px solid #555; }
          .swk-hatch { background: {{ this.hatch_css }}; }
          .swk-legend-note { margin-top: 5px; font-size: 11px; color: #444; }
          .swk-legend-method { font-size: 11px; color: #444; margin: -2px 0 4px; font-style: italic; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function fold(tries) {  // on a phone a legend over the map starts folded, so the map stays visible
          // looked up by class: streamlit-folium renames elements in the script but not in the HTML
          var legends = document.querySelectorAll(".swk-legend");
          if (!legends.length) {  // streamlit-folium may add the map's HTML after running its script
            if (tries > 0) { setTimeout(function() { fold(tries - 1); }, 50); }
            return;
          }
          legends.forEach(function(el) {
            if (window.matchMedia("(max-width: 480px)").matches && getComputedStyle(el).position === "absolute") {
              el.open = false;
            }
          });
        })(40);
        {% endmacro %}
    """)

    def __init__(self, title: str, items: list[tuple[str, str]], note: str = "", position: str = "bottomright",
                 method: str = "", fill_opacity: float = 1.0):
        super().__init__()
        self._name = "Legend"
        self.title = esc(title)
        self.method = esc(method)
        self.items = [(esc(over_white(c, fill_opacity)), esc(label)) for c, label in items]
        self.hatch = esc(NO_PROJECTS)  # an item of this colour gets the hatch swatch
        self.hatch_css = hatch_css(fill_opacity)
        self.note = esc(note)
        self.position = position if position in ("bottomright", "topright", "bottomleft") else "bottomright"
