"""Maps that do not capture the page: the mouse wheel zooms only with Ctrl (⌘ on a Mac) and one
finger scrolls the page on a touch screen; two fingers move and zoom the map. A short Dutch hint
says so. The same element serves the app map and the standalone HTML (no library file needed).

How: Leaflet's own wheel zoom is switched off for good and replaced by a listener that zooms
only when a modifier is held (otherwise it lets the event through, so the page scrolls); map
dragging is switched on for a mouse (pointer over the map) and off when a single finger touches
(Leaflet's ``touch-action: none`` goes with it, so the browser scrolls), on for two fingers.
"""
from __future__ import annotations

from branca.element import MacroElement, Template

HINT_WHEEL = "Gebruik Ctrl + scrollen om in of uit te zoomen"
HINT_WHEEL_MAC = "Gebruik ⌘ + scrollen om in of uit te zoomen"
HINT_TOUCH = "Gebruik twee vingers om de kaart te verplaatsen"

GESTURE_CSS = """
.swk-gesture-hint { position: absolute; inset: 0; z-index: 1200; display: flex; align-items: center;
  justify-content: center; pointer-events: none; background: rgba(0,0,0,0.55); color: #fff;
  font: 600 18px/1.3 system-ui, sans-serif; text-align: center; padding: 16px; opacity: 0;
  transition: opacity .25s ease; }
.swk-gesture-hint.swk-show { opacity: 1; }
"""


class GestureHandling(MacroElement):
    """Ctrl/⌘ + wheel to zoom, two fingers to pan, with a hint; attach to a ``folium.Map``."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map) {
          var c = map.getContainer();
          var mac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
          var hint = document.createElement("div");
          hint.className = "swk-gesture-hint";
          hint.setAttribute("aria-hidden", "true");
          c.appendChild(hint);
          var timer = null;
          function show(text) {
            hint.textContent = text;
            hint.classList.add("swk-show");
            clearTimeout(timer);
            timer = setTimeout(function() { hint.classList.remove("swk-show"); }, 1500);
          }
          function hide() { clearTimeout(timer); hint.classList.remove("swk-show"); }
          map.scrollWheelZoom.disable();
          var last = 0;
          c.addEventListener("wheel", function(e) {
            if (!(e.ctrlKey || e.metaKey)) { show(mac ? {{ this.hint_mac|tojson }} : {{ this.hint_wheel|tojson }}); return; }
            e.preventDefault();  // the page does not zoom or scroll; the map does
            hide();
            var now = Date.now();
            if (now - last < 80 || !e.deltaY) { return; }
            last = now;
            var step = e.deltaY < 0 ? 0.5 : -0.5;
            map.setZoomAround(map.mouseEventToContainerPoint(e), map.getZoom() + step);
          }, {passive: false});
          // dragging: on for a mouse, off for one finger (the page scrolls), on for two
          var touchCapable = "ontouchstart" in window || navigator.maxTouchPoints > 0;
          if (touchCapable) { map.dragging.disable(); }
          c.addEventListener("pointerover", function(e) {
            if (e.pointerType === "mouse" && !map.dragging.enabled()) { map.dragging.enable(); }
          });
          c.addEventListener("touchstart", function(e) {
            if (e.touches.length === 1) {
              if (map.dragging.enabled()) { map.dragging.disable(); }
              show({{ this.hint_touch|tojson }});
            } else {
              hide();
              if (!map.dragging.enabled()) { map.dragging.enable(); }
            }
          }, {capture: true, passive: true});
          c.addEventListener("touchend", function(e) {
            if (e.touches.length === 0 && map.dragging.enabled()) { map.dragging.disable(); }
          }, {passive: true});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "GestureHandling"
        self.hint_wheel, self.hint_mac, self.hint_touch, self.css = HINT_WHEEL, HINT_WHEEL_MAC, HINT_TOUCH, GESTURE_CSS
