// Samenwerkingskaart embed: the filters applied in the browser (export/embed.py writes the data).
// The computation is static/swk/filtercore.js (shared with the app's live map, inlined before this);
// this file binds it to the page: toggles, table alternative, subtitle, option counts, project list.
// Text is set with textContent; tooltip HTML is escaped first.
(function () {
  'use strict';
  var F = window.SwkFilter;
  var D = JSON.parse(document.getElementById('swk-embed-data').textContent);
  var P = D.p, N = P.t.length;
  var dimIdx = {thema: 't', fase: 'f', instrument: 'i'};

  function theMap() {
    for (var k in window) {
      if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map) { return window[k]; }
    }
    return null;
  }

  function selection() {
    var sel = {};
    D.offered.forEach(function (d) {
      sel[d] = Array.prototype.map.call(document.querySelectorAll('input[name="' + d + '"]:checked'),
                                        function (el) { return D.dims[d].codes.indexOf(el.value); });
    });
    return sel;
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
    var sel = selection(), s = F.summarise(D, sel), st = F.style(D, s, D.view, D.breaks);
    last = s;
    layers = layers || F.areaLayers(theMap());
    F.paint(D, layers, st, document);  // the map and its legend
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
    var parts = [F.nl(s.chosen.length) + ' van ' + F.nl(D.total) + ' projecten', 'inventaris ' + D.year];
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
        if (!F.passes(D, j, sel, d)) continue;
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
