/* The published map page (index.html) and its embed (embed.html): reads the share parameters
 * (date, ags, lang, as in the app), picks the language, starts KIMap (map.js), keeps the address
 * bar as the share link, shows a centre's detail on click and the embed snippet. */
(function () {
  "use strict";
  var D = window.KI_DATA, embed = document.body.classList.contains("ki-embed");
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
  if (bad.length) {
    var n = document.getElementById("ki-notice");
    n.textContent = L.ui.notice_bad_param.replace("{names}", bad.join(", "));
    n.hidden = false;
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
  var api = null;
  api = window.KIMap({
    data: D, lang: L, start: start, interval: 700,
    onShow: function () { syncUrl(); },
    onSelect: function (a) { syncUrl(); showDetail(a); }
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
  if (embed && window.parent !== window) {
    var report = function () { window.parent.postMessage({kiEmbedHeight: document.documentElement.scrollHeight}, "*"); };
    window.addEventListener("resize", report);
    report();
  }
  window.KI_APP = api;
})();
