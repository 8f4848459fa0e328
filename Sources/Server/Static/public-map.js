// The public site's maps (Leaflet, no inline script: the page's CSP forbids it).
// #public-map: outfalls from data-source (GeoJSON with public fields only), each a dot with
// a link to its public page; data-focus-* centres on one outfall.
// #tip-map: the tip form's map — a click sets the location, "使用我的位置" asks the phone's GPS.
(function () {
  "use strict";
  var palette = { urban_wwtp: "#1f78b4", industrial_enterprise: "#e31a1c", industrial_park_wwtp: "#ff7f00" };

  function text(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }

  function getJSON(url, done) {
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.onload = function () { if (request.status === 200) done(JSON.parse(request.responseText)); };
    request.send();
  }

  // The context under the outfalls: the bureau's tile basemap when it runs one (data-basemap),
  // and the public layers of the registry — township boundaries and rivers — from OGC API – Features.
  function makeMap(element) {
    var map = L.map(element, { zoomControl: true, attributionControl: true });
    map.attributionControl.setPrefix("");
    map.setView([24.65, 109.25], 10);
    var basemap = element.getAttribute("data-basemap");
    if (basemap) L.tileLayer(basemap, { maxZoom: 18 }).addTo(map);
    map.createPane("context");
    map.getPane("context").style.zIndex = 350;
    getJSON("/ogc/collections/areas/items?limit=1000", function (data) {
      L.geoJSON(data, { pane: "context", interactive: false, style: function (f) {
        return f.properties.level === "county" ? { color: "#555", weight: 2, fill: false } : { color: "#999", weight: 1, dashArray: "4 3", fill: false };
      } }).addTo(map);
    });
    getJSON("/ogc/collections/rivers/items?limit=1000", function (data) {
      L.geoJSON(data, { pane: "context", style: { color: "#4a90d9", weight: 3, opacity: 0.8 },
        onEachFeature: function (f, layer) { if (f.properties.name) layer.bindTooltip(text(f.properties.name), { sticky: true }); } }).addTo(map);
    });
    return map;
  }

  function loadOutfalls(map, source, status, onLoaded) {
    var request = new XMLHttpRequest();
    request.open("GET", source);
    request.onload = function () {
      if (request.status !== 200) { if (status) status.textContent = "加载失败（" + request.status + "）"; return; }
      var data = JSON.parse(request.responseText);
      var bounds = [];
      (data.features || []).forEach(function (f) {
        var c = f.geometry.coordinates, p = f.properties;
        var marker = L.circleMarker([c[1], c[0]], {
          radius: 7, weight: 2, color: "#fff", fillColor: palette[p.type] || "#33a02c", fillOpacity: 0.9, className: "outfall-dot"
        }).addTo(map);
        var title = p.name || ("排污口 #" + f.id);
        marker.bindPopup('<div class="map-popup"><a href="/public/outfalls/' + f.id + '">' + text(title) + '</a><br>' +
          text(p.type_label || "") + (p.receiving_water ? " · " + text(p.receiving_water) : "") +
          (p.remediation_state ? "<br>" + text(p.remediation_state) : "") + "</div>");
        bounds.push([c[1], c[0]]);
      });
      if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14 });
      if (status) status.textContent = "共 " + bounds.length + " 个排污口" + (data.schematic ? "（示意数据）" : "");
      if (onLoaded) onLoaded();
    };
    request.onerror = function () { if (status) status.textContent = "加载失败"; };
    request.send();
  }

  var publicMap = document.getElementById("public-map");
  if (publicMap) {
    var map = makeMap(publicMap);
    var focusLon = parseFloat(publicMap.getAttribute("data-focus-lon"));
    var focusLat = parseFloat(publicMap.getAttribute("data-focus-lat"));
    loadOutfalls(map, publicMap.getAttribute("data-source"), document.getElementById("map-status"), function () {
      if (!isNaN(focusLon) && !isNaN(focusLat)) {
        map.setView([focusLat, focusLon], 14);
        L.circleMarker([focusLat, focusLon], { radius: 12, weight: 3, color: "#000", fill: false }).addTo(map);
      }
    });
  }

  var tipMap = document.getElementById("tip-map");
  if (tipMap) {
    var tmap = makeMap(tipMap);
    var lon = document.getElementById("tip-lon"), lat = document.getElementById("tip-lat");
    var source = document.getElementById("tip-source"), gpsStatus = document.getElementById("gps-status");
    var chosen = null;
    function choose(latValue, lonValue, how) {
      lat.value = latValue.toFixed(6);
      lon.value = lonValue.toFixed(6);
      source.value = how;
      if (chosen) tmap.removeLayer(chosen);
      chosen = L.circleMarker([latValue, lonValue], { radius: 10, weight: 3, color: "#d7191c", fillColor: "#d7191c", fillOpacity: 0.4 }).addTo(tmap);
    }
    loadOutfalls(tmap, tipMap.getAttribute("data-source"), null, null);
    tmap.on("click", function (e) { choose(e.latlng.lat, e.latlng.lng, "map"); });
    [lon, lat].forEach(function (input) { input.addEventListener("input", function () { source.value = "text"; }); });
    document.getElementById("use-gps").addEventListener("click", function () {
      if (!navigator.geolocation) { gpsStatus.textContent = "此浏览器不支持定位，请在地图上点选"; return; }
      gpsStatus.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (position) {
        choose(position.coords.latitude, position.coords.longitude, "gps");
        tmap.setView([position.coords.latitude, position.coords.longitude], 15);
        gpsStatus.textContent = "已定位（精度约 " + Math.round(position.coords.accuracy) + " 米）";
      }, function (error) {
        gpsStatus.textContent = "无法定位（" + error.message + "），请在地图上点选";
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
