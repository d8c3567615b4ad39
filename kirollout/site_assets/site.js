/* The published map page (index.html) and its embed (embed.html): reads the share parameters
 * (date, ags, lang, as in the app), picks the language, starts KIMap (map.js), keeps the address
 * bar as the share link, shows a centre's detail on click and the embed snippet. */
(function () {
  "use strict";
  var D = window.KI_DATA, embed = document.body.classList.contains("ki-embed");
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  D.geo = window.KI_GEO;
  var q = new URLSearchParams(location.search), bad = [];
  var lang = q.get("lang") || "de";
  if (!D.langs[lang]) { bad.push("lang"); lang = "de"; }
  var L = D.langs[lang], stops = D.table.stops, start = stops.length - 1;
  var d = q.get("date");
  if (d) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(d) && d >= stops[0] && d <= stops[stops.length - 1]) {
      start = 0;
      while (start + 1 < stops.length && stops[start + 1] <= d) start++;
    } else bad.push("date");
  }
  var ags = q.get("ags");
  if (ags && !D.names[ags]) { bad.push("ags"); ags = null; }

  document.documentElement.lang = lang;
  document.querySelectorAll("[data-t]").forEach(function (e) { e.textContent = L.ui[e.getAttribute("data-t")]; });
  document.querySelectorAll("[data-t-label]").forEach(function (e) { e.setAttribute("aria-label", L.ui[e.getAttribute("data-t-label")]); });
  document.querySelectorAll("[data-href-" + lang + "]").forEach(function (e) { e.href = e.getAttribute("data-href-" + lang); });
  var legend = document.getElementById("ki-legend");
  if (legend) legend.innerHTML = L.legend;
  var chips = document.getElementById("ki-chips");
  if (chips && lang !== "de") chips.innerHTML = L.ui._chips;
  document.querySelectorAll("a[data-t=_licence]").forEach(function (e) { e.href = L.ui._licence_url; });
  if (bad.length) {
    var n = document.getElementById("ki-notice");
    n.textContent = L.ui.notice_bad_param.replace("{names}", bad.join(", "));
    n.hidden = false;
  }

  // embed: the height the frame should have = the texts + a 4:3 map (240–560 px); the host's
  // listener sets it (without that script the fixed height of the snippet still fits)
  var reportTimer = null, lastHeight = 0;
  function reportSoon() {
    if (!embed || window.parent === window) return;
    clearTimeout(reportTimer);
    reportTimer = setTimeout(function () {
      var m = document.getElementById("ki-map");
      var want = Math.round(Math.max(240, Math.min(560, m.clientWidth * 0.75)));
      var h = document.documentElement.scrollHeight - m.offsetHeight + want;
      if (Math.abs(h - lastHeight) > 4) { lastHeight = h; window.parent.postMessage({kiEmbedHeight: h}, "*"); }
    }, 60);
  }
  var details = null, detailBox = document.getElementById("ki-detail");
  function query() {
    var p = new URLSearchParams();
    p.set("date", stops[api ? api.index() : start]);
    if (api && api.selected()) p.set("ags", api.selected());
    if (lang !== "de") p.set("lang", lang);
    return p.toString();
  }
  var urlTimer = null;
  function syncUrl() {
    if (!api) return;
    // the address bar is the share link; written once the slider rests (browsers throttle
    // many replaceState calls, and each costs main-thread time during a drag)
    clearTimeout(urlTimer);
    urlTimer = setTimeout(function () { history.replaceState(null, "", "?" + query()); }, 200);
    var full = document.getElementById("ki-full");
    if (full) full.href = "index.html?" + query();
    var box = document.getElementById("ki-embed-code");
    if (box) box.value = L.embed.split("{url}").join(new URL("embed.html?" + query(), location.href).href.replace(/&/g, "&amp;"));
  }
  function showDetail(a) {
    if (!detailBox) return;
    if (!a) { detailBox.hidden = true; return; }
    function fill() { detailBox.innerHTML = details[a]; detailBox.hidden = false; }
    if (details) { fill(); return; }
    fetch(D.details[lang]).then(function (r) { return r.json(); }).then(function (j) {
      details = j; if (api.selected() === a) fill();
    });
  }
  // the embed's own parts: the legend shows only the states on screen; a tap (or ?ags=) names
  // the district with its state and source in a line above the map (touch has no hover tooltip)
  var pick = document.getElementById("ki-pick");
  function embedParts() {
    if (!api) return;
    if (chips) {
      var keys = {};
      Object.keys(D.names).forEach(function (a) { var s = api.stateOf(a); keys[s === "open" ? D.legendOpen[a] : s] = 1; });
      chips.querySelectorAll("li[data-key]").forEach(function (li) { li.hidden = !keys[li.getAttribute("data-key")]; });
    }
    if (pick) {
      var a = api.selected(), p = a && L.tips[a];
      pick.innerHTML = p ? "<b>" + p.tt_kreis + "</b> – " + esc(L.stateLabels[api.stateOf(a)]) +
        " · " + L.ttLabels.tt_opening + ": " + p.tt_opening + " · " + L.ttLabels.tt_source + ": " + p.tt_source
        : esc(L.ui.embed_pick_hint);
    }
    if (embed) reportSoon();
  }
  var api = null;
  api = window.KIMap({
    data: D, lang: L, start: start, interval: 700, wheelAfterClick: embed,
    onShow: function () { syncUrl(); embedParts(); },
    onSelect: function (a) { syncUrl(); showDetail(a); embedParts(); }
  });
  if (ags) api.select(ags);
  if (detailBox) detailBox.addEventListener("click", function (e) {
    if (e.target.closest("[data-close]")) api.select(null);
  });
  syncUrl();
  var eb = document.getElementById("ki-embed-btn");
  if (eb) eb.addEventListener("click", function () {
    var box = document.getElementById("ki-embed");
    box.hidden = !box.hidden;
    eb.setAttribute("aria-expanded", String(!box.hidden));
    if (!box.hidden) document.getElementById("ki-embed-code").select();
  });
  // the embed's credit line names the boundaries already; the map keeps only the Leaflet link
  if (embed) {
    api.map.attributionControl.removeAttribution(D.attribution);
    // the map's box changes when the texts above it wrap or the host sets the frame's height:
    // keep all of NRW in view
    if (window.ResizeObserver) new ResizeObserver(function () { api.map.invalidateSize(); api.map.fitBounds(D.bounds); })
      .observe(document.getElementById("ki-map"));
  }
  window.addEventListener("resize", reportSoon);
  embedParts();
  window.KI_APP = api;
})();
