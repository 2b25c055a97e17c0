// Samenwerkingskaart embed: the filters applied in the browser (export/embed.py writes the data).
// Mirrors analysis.aggregate.area_summary, layers.choropleth.count_classes/style_areas and
// export.tables.area_table. Text is set with textContent; tooltip HTML is escaped first.
(function () {
  'use strict';
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
  var D = JSON.parse(document.getElementById('swk-embed-data').textContent);
  var P = D.p, N = P.t.length, A = D.areas.codes.length;
  var dimIdx = {thema: 't', fase: 'f', instrument: 'i'};

  function escHtml(s) {
    return String(s).replace(/[&<>"'`${}\\]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  function theMap() {
    for (var k in window) {
      if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map) { return window[k]; }
    }
    return null;
  }
  function areaLayers(map) {
    var byCode = {};
    map.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (p && p.fill !== null && p.fill !== undefined && l.options.interactive !== false && l.setStyle) { byCode[p.code] = l; }
    });
    return byCode;
  }

  function selection() {
    var sel = {};
    D.offered.forEach(function (d) {
      sel[d] = Array.prototype.map.call(document.querySelectorAll('input[name="' + d + '"]:checked'),
                                        function (el) { return D.dims[d].codes.indexOf(el.value); });
    });
    return sel;
  }
  // does project j pass every offered filter except `skip`?
  function passes(j, sel, skip) {
    for (var d in sel) {
      if (d === skip) continue;
      if (d === 'zorgverzekeraar') {
        if (!D.insurerFilter && sel[d].length === D.dims[d].codes.length) continue;  // every insurer ticked: no filter
        var mask = 0; sel[d].forEach(function (g) { mask |= (1 << g); });
        if (!(P.z[j] & mask)) return false;
      } else if (sel[d].indexOf(P[dimIdx[d]][j]) < 0) { return false; }
    }
    return true;
  }

  function summarise(sel) {
    var G = D.dims.zorgverzekeraar.codes.length, T = D.dims.thema.codes.length;
    var n = new Array(A).fill(0), top = new Array(A).fill(-1), themes = [], groups = [], chosen = [];
    for (var a = 0; a < A; a++) { themes.push(new Array(T).fill(false)); groups.push(new Array(G).fill(0)); }
    for (var j = 0; j < N; j++) {
      if (!passes(j, sel, null)) continue;
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
  function countClasses(values) {
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

  function style(s) {  // fill, tooltip value, legend items per the view
    var L_ = D.dims, fills = [], texts = [], items = [[D.noData, 'geen projecten']];
    if (D.view === 'count') {
      var cc = countClasses(s.n), colours = D.countColours.slice(D.countColours.length - cc.labels.length);
      cc.classes.forEach(function (c, a) {
        fills.push(c >= 0 ? colours[c] : D.noData);
        texts.push(s.n[a] + ' project' + (s.n[a] !== 1 ? 'en' : ''));
      });
      cc.labels.forEach(function (lab, i) { items.push([colours[i], lab]); });
    } else if (D.view === 'fase') {
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

  function cell(tr, text, num) {
    var td = document.createElement('td');
    if (num) td.className = 'num';
    td.textContent = text;
    tr.appendChild(td);
  }
  function sortedThemeLabels(flags) {  // area_summary sorts the codes, area_table maps them to labels
    var t = D.dims.thema, idx = [];
    flags.forEach(function (on, i) { if (on) idx.push(i); });
    idx.sort(function (a, b) { return t.codes[a] < t.codes[b] ? -1 : t.codes[a] > t.codes[b] ? 1 : 0; });
    return idx.map(function (i) { return t.labels[i]; }).join(', ');
  }

  var layers = null, plistDirty = true, last = null;

  function drawProjects() {
    var details = document.querySelector('details.swk-projecten');
    if (!details || !details.open || !plistDirty || !last) return;
    var body = details.querySelector('tbody'), frag = document.createDocumentFragment(), L_ = D.dims;
    last.chosen.forEach(function (j) {
      var tr = document.createElement('tr');
      cell(tr, P.n[j]);
      cell(tr, P.t[j] >= 0 ? L_.thema.labels[P.t[j]] : '');
      cell(tr, P.f[j] >= 0 ? L_.fase.labels[P.f[j]] : '');
      cell(tr, P.i[j] >= 0 ? L_.instrument.labels[P.i[j]] : '');
      cell(tr, P.v[j]);
      cell(tr, P.a[j].map(function (a) { return D.areas.names[a]; }).join(', '));
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    details.querySelector('summary').textContent = 'Projecten in de selectie (' + last.chosen.length + ')';
    plistDirty = false;
  }

  function apply() {
    var sel = selection(), s = summarise(sel), st = style(s);
    last = s;
    // the map
    layers = layers || areaLayers(theMap());
    D.areas.codes.forEach(function (code, a) {
      var l = layers[code];
      if (!l) return;
      l.feature.properties.fill = st.fills[a];  // resetStyle (mouseout) reads it
      l.feature.properties.waarde = escHtml(st.texts[a]);
      l.setStyle({fillColor: st.fills[a]});
      l.setTooltipContent('<strong>' + l.feature.properties.naam + '</strong><br>' + escHtml(st.texts[a]));
    });
    // the legend
    var legend = document.querySelector('.swk-legend');
    if (legend) {
      legend.querySelectorAll('.swk-legend-item').forEach(function (el) { el.remove(); });
      var note = legend.querySelector('.swk-legend-note');
      st.items.forEach(function (it) {
        var div = document.createElement('div'), sw = document.createElement('span');
        div.className = 'swk-legend-item';
        sw.className = 'swk-swatch';
        sw.style.background = overWhite(it[0], 0.8);  // as the map draws it (fill opacity 0.8)
        div.appendChild(sw);
        div.appendChild(document.createTextNode(it[1]));
        legend.insertBefore(div, note);
      });
    }
    // the table alternative: one row per area, in the same order as the areas
    var body = document.querySelector('table.swk:not(.swk-plist) tbody');
    if (body) {
      var frag = document.createDocumentFragment();
      D.areas.codes.forEach(function (code, a) {
        var tr = document.createElement('tr');
        cell(tr, code); cell(tr, D.areas.names[a]); cell(tr, String(s.n[a]), true);
        cell(tr, s.top[a] >= 0 ? D.dims.fase.labels[s.top[a]] : '');
        cell(tr, s.dom[a] >= 0 ? D.dims.zorgverzekeraar.labels[s.dom[a]] : '');
        cell(tr, sortedThemeLabels(s.themes[a]));
        frag.appendChild(tr);
      });
      body.replaceChildren(frag);
    }
    // the subtitle: how many projects, and the filters that narrow
    var parts = [nl(s.chosen.length) + ' van ' + nl(D.total) + ' projecten', 'inventaris ' + D.year];
    D.subtitle.forEach(function (item) {
      var key = item[0];
      if (item[1] !== null) { parts.push(item[1]); return; }
      if (sel[key].length === D.dims[key].codes.length) return;
      parts.push(key + ': ' + sel[key].map(function (i) { return D.dims[key].labels[i]; }).join(', '));
    });
    var sub = document.querySelector('.swk-sub');
    if (sub) sub.textContent = parts.join(' · ');
    // what each option would leave, with the other filters as they are
    D.offered.forEach(function (d) {
      var counts = new Array(D.dims[d].codes.length).fill(0);
      for (var j = 0; j < N; j++) {
        if (!passes(j, sel, d)) continue;
        if (d === 'zorgverzekeraar') {
          for (var g = 0; g < counts.length; g++) { if (P.z[j] & (1 << g)) counts[g] += 1; }
        } else if (P[dimIdx[d]][j] >= 0) { counts[P[dimIdx[d]][j]] += 1; }
      }
      document.querySelectorAll('.swk-n[data-dim="' + d + '"]').forEach(function (el) {
        el.textContent = String(counts[D.dims[d].codes.indexOf(el.getAttribute('data-code'))]);
      });
    });
    plistDirty = true;
    drawProjects();
  }

  document.querySelectorAll('.swk-form input[type=checkbox]').forEach(function (el) {
    el.addEventListener('change', apply);
  });
  document.querySelectorAll('.swk-all button').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var on = btn.getAttribute('data-all') === '1';
      document.querySelectorAll('input[name="' + btn.getAttribute('data-dim') + '"]').forEach(function (el) { el.checked = on; });
      apply();
    });
  });
  var plist = document.querySelector('details.swk-projecten');
  if (plist) plist.addEventListener('toggle', drawProjects);
  // the first view was drawn in Python; compute once more for the option counts and the project list
  if (window.requestIdleCallback) { requestIdleCallback(function () { apply(); }); } else { setTimeout(apply, 0); }
  window.swkEmbed = {apply: apply};
})();
