"""Dutch map controls: zoom buttons with Dutch titles, a metric-only scale bar, ``lang="nl"`` and
a visible keyboard focus inside the map frame. No user text: the template is fixed."""
from __future__ import annotations

from branca.element import MacroElement, Template

ZOOM_IN, ZOOM_OUT = "Inzoomen", "Uitzoomen"
FRAME_TITLE = "Kaart (dezelfde cijfers staan in de tabel bij de kaart)"

FOCUS_CSS = """
.leaflet-container:focus, .leaflet-container:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: -3px; }
.leaflet-bar a:focus-visible, .swk-legend summary:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 1px; }
"""


class DutchControls(MacroElement):
    """Adds Dutch zoom buttons and a metric scale bar to the parent map (create the map with
    ``zoom_control=False`` and ``control_scale=False``), sets the frame's language to Dutch and
    gives the map a visible focus ring (3:1 against the map and the page)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
          L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }},
                          position: "topleft"}).addTo(map);
          L.control.scale({imperial: false, metric: true}).addTo(map);
          document.documentElement.lang = "nl";
          // folium forbids pinch-zooming the page (user-scalable=no): WCAG 1.4.4 wants it allowed
          document.querySelectorAll('meta[name="viewport"]').forEach(function(m) {
            m.setAttribute("content", "width=device-width, initial-scale=1.0");
          });
          if (!document.title || /streamlit/i.test(document.title)) { document.title = {{ this.frame_title|tojson }}; }
          var c = map.getContainer();
          c.setAttribute("aria-label", {{ this.frame_title|tojson }});
          c.setAttribute("role", "region");
          c.setAttribute("aria-roledescription", "kaart");
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "DutchControls"
        self.zoom_in, self.zoom_out, self.frame_title, self.css = ZOOM_IN, ZOOM_OUT, FRAME_TITLE, FOCUS_CSS
