/* The rollout map in the browser: Leaflet, the districts, a timeline slider with play.
 * Shared by the offline HTML export and the published site. It never decides a state: every
 * centre's state and every count per stop come precomputed in D.table
 * (kirollout/stop_table.py, built with the app's rollout rule); this file only looks them up.
 *
 * KIMap({data: D, lang: L, start: i, onShow: fn(i), onSelect: fn(ags), wheelAfterClick: bool}) where
 *   D = {geo, table, styles, styleIdx, selected, bounds, total, names, attribution, leafletLink}
 *   L = {labels, tips, stateLabels, ttLabels, countTpl, play, pause}
 * Elements by id: ki-map, ki-date, ki-count, ki-breakdown (optional), ki-play, ki-slider.
 */
(function () {
  "use strict";
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function byId(id) { return document.getElementById(id); }

  window.KIMap = function (cfg) {
    var D = cfg.data, L = cfg.lang, T = D.table, n = T.stops.length;
    var map = L_map();
    var layers = {}, code = {}, idx = Math.max(0, Math.min(n - 1, cfg.start || 0)), timer = null, selected = null;
    var slider = byId("ki-slider"), btn = byId("ki-play");

    function L_map() {
      // wheelAfterClick (embeds): the mouse wheel scrolls the article until a click into the map
      var m = window.L.map("ki-map", {zoomSnap: 0.25, minZoom: 6, maxZoom: 13, scrollWheelZoom: !cfg.wheelAfterClick});
      if (cfg.wheelAfterClick) {
        m.on("click focus", function () { m.scrollWheelZoom.enable(); });
        m.getContainer().addEventListener("mouseleave", function () { m.scrollWheelZoom.disable(); });
      }
      m.fitBounds(D.bounds);
      m.attributionControl.setPrefix(D.leafletLink);
      m.attributionControl.addAttribution(D.attribution);
      return m;
    }
    function stateName(ags, i) { return T.states[+T.centers[D.centerOf[ags]].charAt(i)]; }
    function styleOf(ags, st) {
      var s = D.styles[D.styleIdx[ags][T.states.indexOf(st)]];
      if (ags === selected) { s = Object.assign({}, s, D.selected); }
      return s;
    }
    function sourceOf(ags, p) {  // the source of the evidence shown at this stop (stop_table bases)
      if (!T.bases || !p.sources) { return p.tt_source; }
      return p.sources[T.basisKeys[+T.bases[D.centerOf[ags]].charAt(idx)]];
    }
    function tip(ags) {
      var p = L.tips[ags], st = stateName(ags, idx);
      var rows = [["tt_center", p.tt_center], ["tt_kreis", p.tt_kreis], ["tt_opening", p.tt_opening],
                  ["tt_state", esc(L.stateLabels[st])], ["tt_source", sourceOf(ags, p)]];
      return "<table>" + rows.map(function (r) {
        return "<tr><th>" + esc(L.ttLabels[r[0]]) + "</th><td>" + r[1] + "</td></tr>";
      }).join("") + "</table>";
    }
    D.centerOf = {};
    D.geo.features.forEach(function (f) { D.centerOf[f.properties.ags] = f.properties.center_id; });
    window.L.geoJSON(D.geo, {
      style: function (f) {  // drawn once in the state of the first stop shown
        var ags = f.properties.ags;
        code[ags] = T.centers[D.centerOf[ags]].charAt(idx);
        return styleOf(ags, T.states[+code[ags]]);
      },
      onEachFeature: function (f, l) {
        var ags = f.properties.ags;
        layers[ags] = l;
        l.bindTooltip(function () { return tip(ags); }, {sticky: true, className: "ki-tooltip"});
        l.on("mouseover", function () { l.setStyle({weight: 3, color: "#000000"}); });
        l.on("mouseout", function () { l.setStyle(styleOf(ags, stateName(ags, idx))); });
        l.on("click", function () { api.select(ags); });
      }
    }).addTo(map);
    // the 54 districts are tab stops (Leaflet opens the tooltip on focus); Enter selects
    Object.keys(layers).forEach(function (ags) {
      var el = layers[ags].getElement && layers[ags].getElement();
      if (!el) return;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", D.names[ags]);
      el.setAttribute("data-ags", ags);
      el.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); api.select(ags); }
      });
    });

    function fill(tpl, i) {  // a count template of kirollout.i18n with the stop's counts
      return tpl.replace(/\{(\w+)\}/g, function (m, k) {
        return k === "total" ? D.total : (T.counts[k] ? T.counts[k][i] : m);
      });
    }
    function countLine(i) {  // as wording.headline_text: no "(+0 …)", "none yet" before the first
      var c = L.countTpl, exist = T.counts.exist[i], head = fill(exist ? c.sure : c.none, i);
      return T.counts.uncertain[i] ? head + " " + fill(exist ? c.plus : c.only, i) : head;
    }
    var api = {
      map: map,
      layers: layers,
      index: function () { return idx; },
      show: function (i) {
        i = Math.max(0, Math.min(n - 1, i));
        idx = i;
        Object.keys(layers).forEach(function (ags) {  // restyle only what changed
          var c = T.centers[D.centerOf[ags]].charAt(i);
          if (c !== code[ags]) {
            code[ags] = c;
            layers[ags].setStyle(styleOf(ags, T.states[+c]));
          }
        });
        if (slider) {
          slider.value = i;
          slider.setAttribute("aria-valuetext", L.labels[i]);
        }
        byId("ki-date").textContent = L.labels[i];
        byId("ki-count").textContent = countLine(i);
        var bd = byId("ki-breakdown");
        if (bd) {
          bd.innerHTML = "<li data-breakdown>" + esc(fill(L.breakdownTpl, i)) + "</li>" +
            T.states.filter(function (s) { return T.counts[s]; }).map(function (s) {
              return "<li data-state=\"" + esc(s) + "\">" + esc(L.stateLabels[s]) + ": <b>" + T.counts[s][i] + "</b></li>";
            }).join("");
        }
        if (cfg.onShow) cfg.onShow(i);
      },
      select: function (ags) {
        var old = selected;
        selected = layers[ags] ? ags : null;
        [old, selected].forEach(function (a) { if (a && layers[a]) layers[a].setStyle(styleOf(a, stateName(a, idx))); });
        if (selected) {
          layers[selected].bringToFront();
          var last = D.geo.features[D.geo.features.length - 1].properties.ags;  // Stadt Aachen stays on top
          if (last !== selected) layers[last].bringToFront();
        }
        if (cfg.onSelect) cfg.onSelect(selected);
      },
      selected: function () { return selected; },
      stateOf: function (ags) { return stateName(ags, idx); },
      styleOf: function (ags) { return styleOf(ags, stateName(ags, idx)); },
      stop: function () {
        if (timer) { clearInterval(timer); timer = null; }
        if (btn) btn.textContent = L.play;
      },
      play: function () {  // from the start (or where it rests) to the story's end, the map's last change
        if (timer) { api.stop(); return; }
        var last = (D.storyEnd !== undefined && idx < D.storyEnd) ? D.storyEnd : n - 1;
        if (idx >= last) { api.show(0); last = D.storyEnd !== undefined ? D.storyEnd : n - 1; }
        btn.textContent = L.pause;
        timer = setInterval(function () { if (idx >= last) api.stop(); else api.show(idx + 1); }, cfg.interval || 700);
      },
      playing: function () { return !!timer; }
    };
    if (slider) {
      slider.max = n - 1;
      slider.addEventListener("input", function () { api.show(parseInt(slider.value, 10)); });
    }
    if (btn) btn.addEventListener("click", function () { api.play(); });
    api.show(cfg.start || 0);
    api.stop();
    return api;
  };
})();
