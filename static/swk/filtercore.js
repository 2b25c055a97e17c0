// Samenwerkingskaart: the filters computed in the browser, shared by the standalone HTML
// (export/embed.js, inlined) and the app's live map (static/swk/livefilter.js, served by Streamlit).
// Mirrors analysis.filter.filter_projects, analysis.aggregate.area_summary and
// layers.choropleth.count_classes/fixed_classes/style_areas; the browser tests compare them.
// Data (layers/filterdata.py): D.p holds one entry per project (small integer codes, the insurer
// groups as a bit mask, the area indices it counts in), D.dims the codes and labels per filter.
window.SwkFilter = (function () {
  'use strict';
  var COLUMN = {thema: 't', fase: 'f', instrument: 'i', niveau: 'l', jaar: 'y'};

  function overWhite(c, a) {  // layers.legend.over_white: a colour at opacity a over white, as a solid colour
    var m = /^#([0-9a-f]{6})$/i.exec(c);
    if (!m) { return c; }
    var v = parseInt(m[1], 16), out = '#';
    [16, 8, 0].forEach(function (sh) {
      var x = Math.round(((v >> sh) & 255) * a + 255 * (1 - a));
      out += (x < 16 ? '0' : '') + x.toString(16);
    });
    return out;
  }
  function nl(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }  // Dutch thousands: 1.500
  function escHtml(s) {
    return String(s).replace(/[&<>"'`${}\\]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }

  // does project j pass every filter of `sel` (dim -> list of code indices) except `skip`?
  function passes(D, j, sel, skip) {
    var P = D.p;
    for (var d in sel) {
      if (d === skip) continue;
      if (d === 'zorgverzekeraar') {
        if (!D.insurerFilter && sel[d].length === D.dims[d].codes.length) continue;  // every insurer ticked: no filter
        var mask = 0;
        sel[d].forEach(function (g) { mask |= (1 << g); });
        if (!(P.z[j] & mask)) return false;
      } else if (sel[d].indexOf(P[COLUMN[d]][j]) < 0) { return false; }
    }
    return true;
  }

  // per area: projects, highest phase, themes, insurer group with the most projects (area_summary)
  function summarise(D, sel) {
    var P = D.p, N = P.t.length, A = D.areas.codes.length;
    var G = D.dims.zorgverzekeraar.codes.length, T = D.dims.thema.codes.length;
    var n = new Array(A).fill(0), top = new Array(A).fill(-1), themes = [], groups = [], chosen = [];
    for (var a = 0; a < A; a++) { themes.push(new Array(T).fill(false)); groups.push(new Array(G).fill(0)); }
    for (var j = 0; j < N; j++) {
      if (!passes(D, j, sel, null)) continue;
      chosen.push(j);
      P.a[j].forEach(function (a) {
        n[a] += 1;
        if (P.f[j] > top[a]) top[a] = P.f[j];
        if (P.t[j] >= 0) themes[a][P.t[j]] = true;
        for (var g = 0; g < G; g++) { if (P.z[j] & (1 << g)) groups[a][g] += 1; }
      });
    }
    // dominant group: most projects; ties to the first code in alphabetical order
    var codes = D.dims.zorgverzekeraar.codes;
    var dom = groups.map(function (gs) {
      var best = -1;
      gs.forEach(function (v, g) {
        if (v > 0 && (best < 0 || v > gs[best] || (v === gs[best] && codes[g] < codes[best]))) best = g;
      });
      return best;
    });
    return {n: n, top: top, themes: themes, dom: dom, groups: groups, chosen: chosen};
  }

  function quantile(sorted, q) {  // numpy's default (linear) quantile
    var h = (sorted.length - 1) * q, lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  }
  function countClasses(values) {  // layers.choropleth.count_classes: quantiles of what is shown
    var pos = values.filter(function (v) { return v > 0; }).sort(function (a, b) { return a - b; });
    var classes = values.map(function () { return -1; });
    if (!pos.length) return {classes: classes, labels: []};
    var distinct = pos.filter(function (v, i) { return i === 0 || v !== pos[i - 1]; });
    var k = Math.min(5, distinct.length), max = pos[pos.length - 1];
    if (k < 2) {
      values.forEach(function (v, i) { if (v > 0) classes[i] = 0; });
      return {classes: classes, labels: [String(max)]};
    }
    var bins = [];
    for (var c = 1; c <= k; c++) {
      var b = Math.floor(quantile(pos, c / k));
      if (bins.indexOf(b) < 0) bins.push(b);
    }
    bins.sort(function (a, b) { return a - b; });
    bins[bins.length - 1] = max;
    values.forEach(function (v, i) {
      if (v > 0) { for (var c = 0; c < bins.length; c++) { if (v <= bins[c]) { classes[i] = c; break; } } }
    });
    var labels = [], lower = 1;
    bins.forEach(function (up) { labels.push(up === lower ? String(up) : lower + '–' + up); lower = up + 1; });
    return {classes: classes, labels: labels};
  }
  function fixedClasses(values, breaks) {  // layers.choropleth.fixed_classes: the last class is open
    var classes = values.map(function (v) {
      if (!(v > 0)) return -1;
      var c = 0;
      while (c < breaks.length - 1 && breaks[c] < v) c++;
      return c;
    });
    var labels = [], lower = 1;
    breaks.forEach(function (up, i) {
      labels.push(i === breaks.length - 1 ? lower + ' of meer' : (up === lower ? String(up) : lower + '–' + up));
      lower = up + 1;
    });
    return {classes: classes, labels: labels};
  }

  // fill, tooltip value and legend items per area for `view` (count, fase, insurer), as style_areas
  function style(D, s, view, breaks) {
    var L_ = D.dims, fills = [], texts = [], items = [[D.noData, 'geen projecten']];
    if (view === 'count') {
      var cc = breaks && breaks.length ? fixedClasses(s.n, breaks) : countClasses(s.n);
      var colours = D.countColours.slice(D.countColours.length - cc.labels.length);
      cc.classes.forEach(function (c, a) {
        fills.push(c >= 0 ? colours[c] : D.noData);
        texts.push(s.n[a] + ' project' + (s.n[a] !== 1 ? 'en' : ''));
      });
      cc.labels.forEach(function (lab, i) { items.push([colours[i], lab]); });
    } else if (view === 'fase') {
      s.top.forEach(function (f) {
        fills.push(f >= 0 ? D.faseColours[f] : D.noData);
        texts.push(f >= 0 ? 'hoogste fase: ' + L_.fase.labels[f] : 'geen projecten');
      });
      L_.fase.codes.forEach(function (c, i) { items.push([D.faseColours[i], L_.fase.labels[i]]); });
    } else {
      var present = {};
      s.dom.forEach(function (g, a) {
        fills.push(g >= 0 ? D.groupColours[g] : D.noData);
        texts.push(g >= 0 ? 'meeste projecten: ' + L_.zorgverzekeraar.labels[g] + ' (' + s.groups[a][g] + ')' : 'geen projecten');
        if (g >= 0) present[g] = true;
      });
      L_.zorgverzekeraar.codes.forEach(function (c, g) { if (present[g]) items.push([D.groupColours[g], L_.zorgverzekeraar.labels[g]]); });
    }
    return {fills: fills, texts: texts, items: items};
  }

  // the drawn area polygons of a Leaflet map by area code (not the faded ones outside a focus). Codes are
  // user data (a region set's "__proto__", "constructor", "toString"): a plain {} would answer those from
  // Object.prototype, so the lookup table has no prototype
  function areaLayers(map) {
    var byCode = Object.create(null);
    map.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (p && p.fill !== null && p.fill !== undefined && l.options.interactive !== false && l.setStyle) { byCode[p.code] = l; }
    });
    return byCode;
  }

  // colour the areas, set their tooltips and the legend's items (text as text, never markup)
  function paint(D, layers, st, doc) {
    D.areas.codes.forEach(function (code, a) {
      var l = layers[code];
      if (!l) return;
      l.feature.properties.fill = st.fills[a];  // resetStyle (mouseout) reads it
      l.feature.properties.waarde = escHtml(st.texts[a]);
      l.setStyle({fillColor: st.fills[a]});
      l.setTooltipContent('<strong>' + l.feature.properties.naam + '</strong><br>' + escHtml(st.texts[a]));
    });
    var legend = doc.querySelector('.swk-legend');
    if (!legend) return;
    legend.querySelectorAll('.swk-legend-item').forEach(function (el) { el.remove(); });
    var note = legend.querySelector('.swk-legend-note');
    st.items.forEach(function (it) {
      var div = doc.createElement('div'), sw = doc.createElement('span');
      div.className = 'swk-legend-item';
      sw.className = 'swk-swatch';
      if (it[0] === D.noData) { sw.className += ' swk-hatch'; }  // geen projecten: the map's hatch (layers/hatch.py)
      else { sw.style.background = overWhite(it[0], D.opacity); }  // as the map draws it
      div.appendChild(sw);
      div.appendChild(doc.createTextNode(it[1]));
      legend.insertBefore(div, note);
    });
  }

  return {overWhite: overWhite, nl: nl, escHtml: escHtml, passes: passes, summarise: summarise,
          countClasses: countClasses, fixedClasses: fixedClasses, style: style, areaLayers: areaLayers, paint: paint};
})();
