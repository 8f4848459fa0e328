// The home page's slippy map, on Leaflet 1.7.1 (Debian's libjs-leaflet, served from
// /static/leaflet/): the registry's layers as GeoJSON from /api/map/layers/*, styled from
// /api/map/styles (Styles/styles.json), with labels, scale bar, north arrow, legend, layer
// switcher, colouring by siting verdict / remediation case state / outfall density, and a
// click on the map that checks that place through /api/check.
//
// No inline script (the CSP forbids it): settings come from the #map element's data-
// attributes. Names are put into the page as text nodes, never as HTML.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || !window.L) return;
  var data = el.dataset;
  var signedIn = data.signedIn === '1';
  var state = { styles: null, layers: {}, cases: null, density: null, colourBy: 'verdict', checkMarker: null };

  var map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 6, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  map.setView([24.65, 109.25], 10);

  // Basemaps: none by default (vector layers only, works offline). A configured XYZ/WMTS
  // template and 天地图 (CGCS2000, which needs no GCJ-02 shift) are offered when set up.
  // Leaflet writes layer names and attributions as HTML: the configured name is escaped.
  function escaped(t) { return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  var basemapName = escaped(data.basemapName || '配置的底图');
  var bases = { '无底图（仅矢量图层）': L.layerGroup() };
  if (data.basemap) {
    bases[basemapName] = L.tileLayer(data.basemap, { maxZoom: 18, attribution: basemapName });
  }
  if (data.tianditu) {
    var tdt = function (layer) {
      return L.tileLayer('https://t{s}.tianditu.gov.cn/' + layer + '_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=' + layer +
        '&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=' + encodeURIComponent(data.tianditu),
        { subdomains: '01234567', maxZoom: 18, attribution: '天地图 © 国家地理信息公共服务平台' });
    };
    bases['天地图 矢量'] = L.layerGroup([tdt('vec'), tdt('cva')]);
    bases['天地图 影像'] = L.layerGroup([tdt('img'), tdt('cia')]);
  }
  var firstBase = data.tianditu ? '天地图 矢量' : (data.basemap ? basemapName : '无底图（仅矢量图层）');
  bases[firstBase].addTo(map);

  L.control.scale({ metric: true, imperial: false, maxWidth: 160 }).addTo(map);

  var North = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var div = L.DomUtil.create('div', 'north-arrow');
      var img = L.DomUtil.create('img', '', div);
      img.src = '/static/north-arrow.svg';
      img.alt = '指北针：上方为北';
      img.title = '上方为北';
      return div;
    }
  });
  new North().addTo(map);

  if (data.schematic === '1') {
    var Banner = L.Control.extend({
      options: { position: 'bottomleft' },
      onAdd: function () {
        var div = L.DomUtil.create('div', 'map-schematic');
        div.textContent = '示意数据 SCHEMATIC：非官方、非实测';
        return div;
      }
    });
    new Banner().addTo(map);
  }

  // The legend: rebuilt when the colouring changes. On a phone it folds to a button.
  var legendBox;
  var Legend = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd: function () {
      var div = L.DomUtil.create('div', 'map-legend');
      div.id = 'map-legend';
      var toggle = L.DomUtil.create('button', 'legend-toggle', div);
      toggle.type = 'button';
      toggle.textContent = '图例';
      legendBox = L.DomUtil.create('div', 'legend-body', div);
      if (window.innerWidth < 600) div.classList.add('folded');
      L.DomEvent.on(toggle, 'click', function (e) { L.DomEvent.stop(e); div.classList.toggle('folded'); });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    }
  });
  new Legend().addTo(map);

  function text(tag, content, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = content;
    return e;
  }

  function swatch(kind, c) {
    var s = document.createElement('span');
    s.className = 'sw sw-' + kind;
    s.style.background = kind === 'line' ? c.line : c.color;
    if (kind === 'polygon') {
      s.style.opacity = 1;
      s.style.background = hexAlpha(c.color, c.fill_opacity);
      s.style.borderColor = c.line;
    }
    return s;
  }

  function hexAlpha(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16 & 255) + ',' + (n >> 8 & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  function legendRow(kind, c) {
    var li = document.createElement('li');
    li.appendChild(swatch(kind, c));
    li.appendChild(document.createTextNode(c.label));
    return li;
  }

  function buildLegend() {
    if (!legendBox || !state.styles) return;
    while (legendBox.firstChild) legendBox.removeChild(legendBox.firstChild);
    var layers = state.styles.layers;
    var title = { verdict: '排污口（按核查结论）', 'case': '排污口（按整治案件状态）', density: '排污口密度（个/平方千米）', reach: '河段排污口密度（个/千米）' }[state.colourBy];
    legendBox.appendChild(text('h3', title));
    var ul = document.createElement('ul');
    if (state.colourBy === 'verdict') {
      layers.outfalls.classes.forEach(function (c) { ul.appendChild(legendRow('point', c)); });
    } else if (state.colourBy === 'case') {
      state.styles.case_states.forEach(function (c) { ul.appendChild(legendRow('point', c)); });
    } else if (state.colourBy === 'reach' && state.reaches) {
      reachBreaks().forEach(function (b) { ul.appendChild(legendRow('line', { line: b.color, label: b.label })); });
    } else if (state.colourBy === 'density' && state.density) {
      densityBreaks().forEach(function (b) { ul.appendChild(legendRow('polygon', { color: b.color, fill_opacity: 0.75, line: '#555', label: b.label })); });
    }
    legendBox.appendChild(ul);
    legendBox.appendChild(text('h3', '其他图层'));
    var other = document.createElement('ul');
    ['zones', 'rivers', 'areas', 'intakes', 'sections'].forEach(function (k) {
      var s = layers[k];
      s.classes.forEach(function (c) { other.appendChild(legendRow(s.geometry, c)); });
    });
    if (state.layers.units) other.appendChild(legendRow('point', { color: '#7b3294', label: '排污单位' }));
    if (state.layers.channels) other.appendChild(legendRow('line', { line: '#8c510a', label: '排污通道' }));
    legendBox.appendChild(other);
  }

  function classOf(kind, value) {
    var s = state.styles.layers[kind];
    var found = null;
    s.classes.forEach(function (c) { if (!found && (c.value === value || value.indexOf(c.value + '/') === 0)) found = c; });
    return found || s.classes[0];
  }

  function caseColour(outfallId) {
    var st = state.cases && state.cases[outfallId];
    var entry = null;
    state.styles.case_states.forEach(function (c) { if (c.value === (st || 'none')) entry = c; });
    return entry ? entry.color : '#bdbdbd';
  }

  function outfallStyle(feature) {
    var color;
    if (state.colourBy === 'case') color = caseColour(feature.id);
    else if (state.colourBy === 'density' || state.colourBy === 'reach') color = '#636363';
    else color = classOf('outfalls', feature.properties.style_class || 'unscreened').color;
    var r = state.colourBy === 'density' || state.colourBy === 'reach' ? 3 : 6;
    return { radius: r, color: '#232323', weight: 1, fillColor: color, fillOpacity: 0.95 };
  }

  function styleFor(kind) {
    return function (feature) {
      var c = classOf(kind, (feature.properties && feature.properties.style_class) || kind);
      if (kind === 'outfalls') return outfallStyle(feature);
      var g = state.styles.layers[kind].geometry;
      if (g === 'polygon') return { color: c.line, weight: c.width, fillColor: c.color, fillOpacity: c.fill_opacity, fill: c.fill_opacity > 0 };
      if (g === 'line') return { color: c.line, weight: c.width, opacity: 0.9 };
      return { radius: 6 * (state.styles.layers[kind].size || 1), color: '#232323', weight: 1, fillColor: c.color, fillOpacity: 0.95 };
    };
  }

  function label(kind, layer, name) {
    if (!name) return;
    var s = state.styles.layers[kind] ? state.styles.layers[kind].label : { size: 8, color: '#323232', italic: false };
    var span = document.createElement('span');
    span.textContent = name;
    span.style.color = s.color;
    span.style.fontSize = Math.round(s.size * 1.4) + 'px';
    if (s.italic) span.style.fontStyle = 'italic';
    var point = !!layer.getLatLng;
    layer.bindTooltip(span, {
      permanent: true, interactive: false, direction: point ? 'right' : 'center', offset: point ? [6, 0] : [0, 0],
      className: 'map-label label-' + kind
    });
  }

  function labelZooms() {
    var z = map.getZoom();
    Object.keys(state.styles ? state.styles.layers : {}).forEach(function (k) {
      el.classList.toggle('hide-label-' + k, z < state.styles.layers[k].label.min_zoom);
    });
    el.classList.toggle('hide-label-units', z < 14);
    el.classList.toggle('hide-label-channels', z < 14);
  }
  map.on('zoomend', labelZooms);

  function popup(kind, feature, layer) {
    var div = document.createElement('div');
    div.className = 'map-popup';
    div.appendChild(text('strong', feature.properties.label || feature.properties.name || ''));
    var p = feature.properties;
    var rows = [];
    if (kind === 'outfalls') {
      rows = [['类型', p.type_label], ['状态', p.status_label], ['河流', p.river], ['乡镇', p.township], ['核查结论', p.verdict_label]];
      if (state.cases) {
        var st = state.cases[feature.id];
        var lbl = '无';
        state.styles.case_states.forEach(function (c) { if (c.value === st) lbl = c.label; });
        rows.push(['整治案件', lbl]);
      }
    } else {
      rows = [['图层', state.styles.layers[kind] ? state.styles.layers[kind].title : kind]];
    }
    rows.forEach(function (r) { if (r[1]) div.appendChild(text('div', r[0] + '：' + r[1])); });
    if (kind === 'outfalls') {
      var a = text('a', '详情');
      a.href = '/outfalls/' + feature.id;
      div.appendChild(a);
    }
    layer.bindPopup(div);
  }

  function addLayer(kind, geojson, title, interactive) {
    var styled = styleFor(kind);
    var layer = L.geoJSON(geojson, {
      style: kind === 'units' ? undefined : styled,
      interactive: interactive,
      pointToLayer: function (feature, latlng) {
        var st = kind === 'units' ? { radius: 5, color: '#232323', weight: 1, fillColor: '#7b3294', fillOpacity: 0.9 } : styled(feature);
        st.interactive = interactive;
        st.bubblingMouseEvents = !interactive;
        return L.circleMarker(latlng, st);
      },
      onEachFeature: function (feature, l) {
        var name = feature.properties && (feature.properties.label || feature.properties.name);
        label(kind, l, name);
        if (interactive) popup(kind, feature, l);
      }
    });
    if (kind === 'channels') layer.setStyle({ color: '#8c510a', weight: 2, dashArray: '4 3' });
    state.layers[kind] = layer;
    layer.addTo(map);
    return layer;
  }

  function json(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  var switcher = L.control.layers(bases, {}, { collapsed: true, position: 'topright' }).addTo(map);

  function loadAll() {
    return json('/api/map/styles').then(function (styles) {
      state.styles = styles;
      return Promise.all(styles.order.map(function (k) { return json('/api/map/layers/' + k).then(function (g) { return [k, g]; }); }));
    }).then(function (loaded) {
      var bounds = null;
      loaded.forEach(function (pair) {
        var kind = pair[0];
        var interactive = kind === 'outfalls' || kind === 'intakes' || kind === 'sections';
        var layer = addLayer(kind, pair[1], state.styles.layers[kind].title, interactive);
        switcher.addOverlay(layer, state.styles.layers[kind].title);
        if (kind === 'areas' && pair[1].features.length) bounds = layer.getBounds();
      });
      if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
      else if (state.layers.outfalls && state.layers.outfalls.getLayers().length) map.fitBounds(state.layers.outfalls.getBounds());
      if (!signedIn) return null;
      // Units and channels are internal (viewer and up): the public map goes without them.
      return Promise.all([
        json('/api/units?format=geojson').then(function (g) { switcher.addOverlay(addLayer('units', g, '排污单位', true), '排污单位'); }).catch(function () {}),
        json('/api/channels').then(function (g) { switcher.addOverlay(addLayer('channels', g, '排污通道', false), '排污通道'); }).catch(function () {})
      ]);
    }).then(function () {
      if (state.layers.outfalls) state.layers.outfalls.bringToFront();
      labelZooms();
      buildLegend();
      el.setAttribute('data-ready', '1');
    }).catch(function (e) {
      showNote('地图图层加载失败：' + e.message);
    });
  }

  function showNote(message) {
    var note = document.getElementById('map-note');
    if (note) note.textContent = message;
  }

  // Colouring: verdict, remediation case state (signed in, from /api/cases) or density.
  var densityLayer = null;
  var palette = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
  function densityBreaks() {
    var max = 0;
    state.density.features.forEach(function (f) { max = Math.max(max, f.properties.per_km2); });
    var step = max / palette.length || 1;
    return palette.map(function (c, i) {
      return { color: c, from: i * step, to: (i + 1) * step, label: (i * step).toFixed(2) + '–' + ((i + 1) * step).toFixed(2) };
    });
  }
  function densityColour(v) {
    var colour = palette[0];
    densityBreaks().forEach(function (b) { if (v > b.from) colour = b.color; });
    return colour;
  }

  // Per-reach view: each reach drawn by its outfalls per river-km, labelled with the figure.
  var reachPalette = ['#c6dbef', '#6baed6', '#fd8d3c', '#e31a1c', '#67000d'];
  function reachBreaks() {
    var max = 0;
    Object.keys(state.reaches).forEach(function (k) { max = Math.max(max, state.reaches[k].per_km || 0); });
    var step = max / reachPalette.length || 1;
    return reachPalette.map(function (c, i) {
      return { color: c, from: i * step, label: (i * step).toFixed(2) + '–' + ((i + 1) * step).toFixed(2) };
    });
  }
  function reachStyle(feature) {
    var r = state.reaches[feature.properties.reach_id] || { per_km: 0 };
    var colour = reachPalette[0];
    reachBreaks().forEach(function (b) { if ((r.per_km || 0) > b.from) colour = b.color; });
    return { color: colour, weight: 3 + Math.min(6, (r.per_km || 0) * 2), opacity: 0.95 };
  }
  var reachLabels = [];
  function showReaches(on) {
    reachLabels.forEach(function (l) { map.removeLayer(l); });
    reachLabels = [];
    if (!state.layers.rivers) return;
    state.layers.rivers.eachLayer(function (l) {
      if (on) {
        l.setStyle(reachStyle(l.feature));
        var r = state.reaches[l.feature.properties.reach_id];
        if (r && l.getBounds) {
          var m = L.marker(l.getBounds().getCenter(), { opacity: 0, interactive: false, keyboard: false });
          m.bindTooltip(text('span', l.feature.properties.reach_id + '：' + r.count + ' 个，' + (r.per_km || 0).toFixed(2) + ' 个/km'),
            { permanent: true, direction: 'center', className: 'map-label label-reach' });
          m.addTo(map);
          reachLabels.push(m);
        }
      } else {
        state.layers.rivers.resetStyle(l);
      }
    });
  }

  function recolour() {
    if (densityLayer) { map.removeLayer(densityLayer); densityLayer = null; }
    var cellLabel = document.getElementById('cell-size-label');
    if (cellLabel) cellLabel.hidden = state.colourBy !== 'density';
    var ready = Promise.resolve();
    if (state.colourBy === 'case' && !state.cases) {
      ready = json('/api/cases').then(function (list) {
        // The newest case of each outfall decides its colour.
        state.cases = {};
        list.sort(function (a, b) { return (a.id || 0) - (b.id || 0); }).forEach(function (c) { state.cases[c.outfall_id] = c.state; });
      });
    } else if (state.colourBy === 'density') {
      var km = document.getElementById('cell-km').value;
      ready = json('/api/map/density?cell_km=' + encodeURIComponent(km)).then(function (g) {
        state.density = g;
        densityLayer = L.geoJSON(g, {
          interactive: false,
          style: function (f) { return { color: '#555', weight: 0.5, fillColor: densityColour(f.properties.per_km2), fillOpacity: 0.75 }; },
          onEachFeature: function (f, l) {
            l.bindTooltip(text('span', String(f.properties.count)), { permanent: true, direction: 'center', className: 'map-label label-density' });
          }
        }).addTo(map);
        if (state.layers.outfalls) state.layers.outfalls.bringToFront();
      });
    }
    if (state.colourBy === 'reach' && !state.reaches) {
      ready = json('/api/map/reaches').then(function (rows) {
        state.reaches = {};
        rows.forEach(function (r) { state.reaches[r.reach_id] = r; });
      });
    }
    return ready.then(function () {
      showReaches(state.colourBy === 'reach');
      if (state.layers.outfalls) state.layers.outfalls.setStyle(outfallStyle);
      el.setAttribute('data-colour-by', state.colourBy);
      buildLegend();
    }).catch(function (e) { showNote('着色数据加载失败：' + e.message); });
  }
  var colourBy = document.getElementById('colour-by');
  if (colourBy) colourBy.addEventListener('change', function () { state.colourBy = colourBy.value; recolour(); });
  var cellKm = document.getElementById('cell-km');
  if (cellKm) cellKm.addEventListener('change', function () { if (state.colourBy === 'density') recolour(); });
  var cellLabel0 = document.getElementById('cell-size-label');
  if (cellLabel0) cellLabel0.hidden = true;

  // Click-to-check: the verdict and findings of that place, from the check API.
  function showCheck(report, lon, lat, type) {
    var box = document.getElementById('check-result');
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    var head = text('p', '核查结论：' + report.verdict_label, 'verdict verdict-' + report.verdict);
    head.id = 'verdict';
    head.setAttribute('data-verdict', report.verdict);
    box.appendChild(head);
    box.appendChild(text('p', '位置：' + lon.toFixed(6) + ', ' + lat.toFixed(6) + (report.township ? '　乡镇：' + report.township : ''), 'muted'));
    if (report.snap && report.snap.river) box.appendChild(text('p', '受纳水体：' + report.snap.river));
    var ul = document.createElement('ul');
    ul.className = 'findings';
    ul.id = 'check-findings';
    report.findings.forEach(function (f) {
      var li = document.createElement('li');
      li.className = 'finding-' + f.severity;
      li.appendChild(text('strong', f.severity_label + '：' + f.title));
      li.appendChild(text('div', f.feature.name + '（' + f.feature.label + '）'));
      li.appendChild(text('div', '依据：' + f.basis, 'basis'));
      ul.appendChild(li);
    });
    if (!report.findings.length) ul.appendChild(text('li', '未发现问题'));
    box.appendChild(ul);
    if (report.schematic_data) box.appendChild(text('p', '【示意数据】结论仅供演示，不能作为审批依据。', 'schematic-note'));
    var a = text('a', '查看完整核查报告（可打印）');
    a.id = 'check-report-link';
    a.href = '/check?lon=' + lon.toFixed(7) + '&lat=' + lat.toFixed(7) + (type ? '&type=' + encodeURIComponent(type) : '');
    box.appendChild(a);
    document.getElementById('check-lon').value = lon.toFixed(7);
    document.getElementById('check-lat').value = lat.toFixed(7);
  }

  map.on('click', function (e) {
    var lon = e.latlng.lng, lat = e.latlng.lat;
    var typeSelect = document.getElementById('check-type');
    var type = typeSelect ? typeSelect.value : '';
    if (state.checkMarker) map.removeLayer(state.checkMarker);
    state.checkMarker = L.circleMarker(e.latlng, { radius: 9, color: '#000', weight: 3, fill: false, interactive: false }).addTo(map);
    var box = document.getElementById('check-result');
    if (box) { while (box.firstChild) box.removeChild(box.firstChild); box.appendChild(text('p', '正在核查…', 'muted')); }
    json('/api/check?lon=' + lon.toFixed(7) + '&lat=' + lat.toFixed(7) + (type ? '&type=' + encodeURIComponent(type) : ''))
      .then(function (r) { showCheck(r, lon, lat, type); })
      .catch(function (err) { if (box) { while (box.firstChild) box.removeChild(box.firstChild); box.appendChild(text('p', '核查未能完成：' + err.message, 'error')); } });
  });

  // For tests and links: move the view, and where a lon/lat is on screen.
  window.outfallsMap = {
    map: map,
    zoomTo: function (lon, lat, zoom) { map.setView([lat, lon], zoom, { animate: false }); },
    screenPoint: function (lon, lat) {
      var p = map.latLngToContainerPoint([lat, lon]);
      var r = el.getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }
  };
  loadAll();
})();
