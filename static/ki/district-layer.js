/* The rollout map's district layer (kirollout/maps.py, _DistrictLayer). Loaded once with the
   base map; a slider step only calls it with the styles, each style's state and one base-36
   style digit per district in the geometry file's feature order. The geometry file (cached,
   one per language) holds the shapes, the tooltips and the state names. */
window.kiDistrictLayer = function (group, url, styles, states, codes, slot, bases, sourceSlot) {
  if (!window.__kiGeo || window.__kiGeoUrl !== url) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, false);
    xhr.send();
    window.__kiGeo = JSON.parse(xhr.responseText);
    window.__kiGeoUrl = url;
  }
  var geo = window.__kiGeo, pos = {};
  geo.features.forEach(function (f, i) { pos[f.properties.ags] = i; });
  function styleIndex(f) { return parseInt(codes[pos[f.properties.ags]], 36); }
  var layer = L.geoJSON(geo, {
    style: function (f) { return styles[styleIndex(f)]; },
    onEachFeature: function (f, l) {
      var s = styleIndex(f), style = styles[s];
      f.properties.state = states[s];
      var tip = f.properties.tip.replace(slot, function () { return geo.labels[states[s]]; })
        .replace(sourceSlot, function () { return f.properties.sources[bases[s]]; });
      l.bindTooltip(tip, {sticky: true, className: "ki-tooltip"});
      l.on("mouseover", function () { l.setStyle({weight: 3, color: "#000000"}); });
      l.on("mouseout", function () { l.setStyle(style); });
    }
  });
  group.addLayer(layer);
};
