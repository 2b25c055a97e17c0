// Samenwerkingskaart live map (the app): recolour the areas the moment a filter chip changes,
// before the server's answer arrives. Runs inside the map's iframe (streamlit-folium), which has
// the page's origin, and watches the sidebar's chips (st.pills with key f_<filter>: Streamlit
// gives the element the class st-key-f_<filter>; a chip is a button with aria-pressed). It counts
// with static/swk/filtercore.js on the project table layers/live.py put in window.__swkLive. The
// server still reruns the map page: its overlay (layers/live.py, AreaRestyle) sets the same
// colours, and everything else on the page (counts, table, profile, URL) follows from it. When
// the chips are not what this script expects, it does nothing and the server recolours alone.
(function () {
  'use strict';
  var F = window.SwkFilter, D = window.__swkLive;
  if (!F || !D || window.swkLive) return;
  var host;
  try { host = window.parent.document; } catch (e) { return; }  // another origin: the server recolours
  if (!host || host === document || !host.body) return;
  var state = window.swkLive = {recoloured: 0, fills: null, selection: null};

  function chips(dim) {
    var group = host.querySelector('.st-key-f_' + dim);
    return group ? group.querySelectorAll('button[aria-pressed]') : null;
  }

  // the selection the chips show now: per filter the chosen options (code indices), none = all
  function selection() {
    var sel = {};
    for (var dim in D.pills) {
      var codes = D.dims[dim].codes, buttons = chips(dim), chosen = [];
      if (buttons && buttons.length) {
        if (buttons.length !== D.pills[dim].length) return null;  // not the chips we know
        Array.prototype.forEach.call(buttons, function (b, i) {
          if (b.getAttribute('aria-pressed') === 'true') chosen.push(codes.indexOf(D.pills[dim][i]));
        });
      }
      sel[dim] = chosen.length ? chosen : D.pills[dim].map(function (c) { return codes.indexOf(c); });
    }
    return sel;
  }

  function recolour() {
    var view = window.__swkView;  // set by the server's overlay: the view and the fixed class breaks
    if (!view || ['count', 'fase', 'insurer'].indexOf(view.view) < 0 || !window.map) return;
    var sel = selection();
    if (!sel) return;
    var s = F.summarise(D, sel), st = F.style(D, s, view.view, view.breaks);
    F.paint(D, F.areaLayers(window.map), st, document);
    state.recoloured += 1;
    state.fills = st.fills;
    state.selection = sel;
  }

  var observer = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var el = records[i].target;
      if (el.closest && el.closest('[class*="st-key-f_"]')) { recolour(); return; }
    }
  });
  observer.observe(host.body, {attributes: true, attributeFilter: ['aria-pressed'], subtree: true});
  window.addEventListener('pagehide', function () { observer.disconnect(); });
})();
