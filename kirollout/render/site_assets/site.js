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
    var cite = document.getElementById("ki-cite-text");
    if (cite) cite.textContent = citeText();
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
      var keys = keysShown();
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
  function keysShown() {  // the legend entries on screen (python: site._keys_shown)
    var keys = {};
    Object.keys(D.names).forEach(function (a) { var s = api.stateOf(a); keys[s === "open" ? D.legendOpen[a] : s] = 1; });
    return keys;
  }
  function citeText() {
    var url = L.ui._site_url ? L.ui._site_url + "?" + query() : location.href.split("#")[0];
    return L.ui._cite_tpl.split("{url}").join(url);
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
  // search: a district's name selects it and opens its detail (as a click would)
  var search = document.getElementById("ki-search");
  if (search) {
    var last = "";
    var find = function () {
      var v = search.value.trim().toLowerCase(), msg = document.getElementById("ki-search-msg");
      if (v === last) return;  // "change" fires again on blur: the page must not jump under the next click
      last = v;
      if (!v) { msg.textContent = ""; return; }
      var all = Object.keys(D.names), hit = all.filter(function (a) { return D.names[a].toLowerCase() === v; })[0] ||
        all.filter(function (a) { return D.names[a].toLowerCase().indexOf(v) >= 0; })[0];
      if (!hit) { msg.textContent = L.ui.search_none.replace("{q}", search.value); return; }
      msg.textContent = L.ui.search_found.replace("{name}", D.names[hit]);
      api.select(hit);
      if (detailBox) detailBox.scrollIntoView({block: "nearest"});
    };
    search.addEventListener("change", find);
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); find(); } });
  }
  // PNG and SVG of the map on the date shown: drawn here from the same geometry and styles,
  // with title, date, count, legend, Datenstand and credits (no request, no server)
  function svgText() {
    var W = 1200, H = 900, mx = 20, my = 130, mw = 760, mh = 740;
    var b = D.bounds, lat0 = (b[0][0] + b[1][0]) / 2, kx = Math.cos(lat0 * Math.PI / 180);
    var sx = mw / ((b[1][1] - b[0][1]) * kx), sy = mh / (b[1][0] - b[0][0]), k = Math.min(sx, sy);
    var ox = mx + (mw - (b[1][1] - b[0][1]) * kx * k) / 2, oy = my + (mh - (b[1][0] - b[0][0]) * k) / 2;
    function pt(c) { return (ox + (c[0] - b[0][1]) * kx * k).toFixed(1) + "," + (oy + (b[1][0] - c[1]) * k).toFixed(1); }
    function ring(r) { return "M" + r.map(pt).join("L") + "Z"; }
    function paint(st) {
      return 'fill="' + st.fillColor + '" fill-opacity="' + st.fillOpacity + '" stroke="' + st.color +
        '" stroke-width="' + st.weight + '"' + (st.dashArray ? ' stroke-dasharray="' + st.dashArray + '"' : "");
    }
    var sel = api.selected(), paths = D.geo.features.map(function (f) {
      var g = f.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      return '<path fill-rule="evenodd" d="' + polys.map(function (p) { return p.map(ring).join(""); }).join("") + '" ' +
        paint(api.styleOf(f.properties.ags)) + "><title>" + esc(D.names[f.properties.ags]) + "</title></path>";
    });
    if (sel) paths.push(paths.splice(D.geo.features.findIndex(function (f) { return f.properties.ags === sel; }), 1)[0]);
    var keys = keysShown(), y = 150, out = [];
    L.legendItems.filter(function (it) { return keys[it.key]; }).forEach(function (it) {
      out.push('<rect x="800" y="' + (y - 12) + '" width="22" height="14" ' + paint(it.style) + '/>' +
               '<text x="830" y="' + y + '" font-size="15">' + esc(it.label) + "</text>");
      y += 24;
    });
    y += 16;
    [L.ui._edition, L.ui._credit, L.ui._licence].join(" · ").split(" · ").forEach(function (part) {
      var words = part.split(" "), line = "";
      words.forEach(function (w) {
        if ((line + " " + w).length > 48 && line) { out.push('<text x="800" y="' + y + '" font-size="12" fill="#333333">' + esc(line) + "</text>"); y += 16; line = w; }
        else line = line ? line + " " + w : w;
      });
      out.push('<text x="800" y="' + y + '" font-size="12" fill="#333333">' + esc(line) + "</text>");
      y += 18;
    });
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
      '" font-family="DejaVu Sans, Arial, sans-serif"><rect width="100%" height="100%" fill="#ffffff"/>' +
      '<text x="20" y="42" font-size="26" font-weight="bold">' + esc(L.ui.embed_title) + "</text>" +
      '<text x="20" y="84" font-size="24" font-weight="bold">' + esc(L.labels[api.index()]) + "</text>" +
      '<text x="20" y="114" font-size="18">' + esc(document.getElementById("ki-count").textContent) + "</text>" +
      paths.join("") + '<text x="800" y="120" font-size="16" font-weight="bold">' + esc(L.ui.embed_legend) + "</text>" +
      out.join("") + "</svg>";
  }
  function save(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileName(ext) { return "ki-rollout-nrw_" + stops[api.index()] + "." + ext; }
  var svgBtn = document.getElementById("ki-svg"), pngBtn = document.getElementById("ki-png");
  if (svgBtn) svgBtn.addEventListener("click", function () {
    save(fileName("svg"), new Blob([svgText()], {type: "image/svg+xml"}));
  });
  if (pngBtn) pngBtn.addEventListener("click", function () {
    var img = new Image(), url = URL.createObjectURL(new Blob([svgText()], {type: "image/svg+xml"}));
    img.onload = function () {
      var c = document.createElement("canvas");
      c.width = 2400; c.height = 1800;
      var g = c.getContext("2d");
      g.drawImage(img, 0, 0, 2400, 1800);
      URL.revokeObjectURL(url);
      c.toBlob(function (blob) { save(fileName("png"), blob); }, "image/png");
    };
    img.src = url;
  });
  window.KI_APP = api;
})();
