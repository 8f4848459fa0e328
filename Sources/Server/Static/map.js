// Pan and zoom for the server-drawn SVG map (EPSG:4545 metres, y = -northing), and a click
// on the map checks that place. No library, no network: the page works offline.
// The check report's print button (no inline handlers: the CSP allows none).
(function () {
  var print = document.getElementById('print');
  if (print) print.addEventListener('click', function () { window.print(); });
})();
(function () {
  var svg = document.getElementById('map');
  if (!svg) return;
  function box() { return svg.getAttribute('viewBox').split(' ').map(Number); }
  // Point symbols keep their size on screen: their radius follows the zoom.
  var points = Array.prototype.slice.call(svg.querySelectorAll('circle.pt'));
  points.forEach(function (c) { c.setAttribute('data-r', c.getAttribute('r')); });
  var homeWidth = Number(svg.getAttribute('data-home').split(' ')[2]);
  function rescale(width) {
    var k = Math.min(1, width / homeWidth);
    points.forEach(function (c) { c.setAttribute('r', Math.max(1, Math.round(Number(c.getAttribute('data-r')) * k))); });
  }
  // Under a configured tile basemap the map is in Web Mercator: lay the tiles for the view
  // into <g id="basemap">, at the zoom that matches the screen.
  var tiles = document.getElementById('basemap');
  var template = svg.getAttribute('data-basemap');
  var EDGE = 20037508.342789244;
  function drawTiles(b) {
    if (!tiles || !template) return;
    var pixels = svg.getBoundingClientRect().width || 1000;
    var z = Math.max(0, Math.min(19, Math.round(Math.log2(2 * EDGE / 256 / (b[2] / pixels)))));
    var size = 2 * EDGE / Math.pow(2, z);
    var x0 = Math.floor((b[0] + EDGE) / size), x1 = Math.floor((b[0] + b[2] + EDGE) / size);
    var y0 = Math.floor((b[1] + EDGE) / size), y1 = Math.floor((b[1] + b[3] + EDGE) / size);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 100) return;
    while (tiles.firstChild) tiles.removeChild(tiles.firstChild);
    for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) {
      if (y < 0 || y >= Math.pow(2, z)) continue;
      var img = document.createElementNS('http://www.w3.org/2000/svg', 'image');
      img.setAttribute('href', template.replace('{z}', z).replace('{x}', x).replace('{y}', y));
      img.setAttribute('x', x * size - EDGE); img.setAttribute('y', y * size - EDGE);
      img.setAttribute('width', size); img.setAttribute('height', size);
      tiles.appendChild(img);
    }
  }
  function setBox(b) {
    svg.setAttribute('viewBox', b.map(function (v) { return Math.round(v); }).join(' '));
    rescale(b[2]);
    drawTiles(b);
  }
  rescale(box()[2]);
  drawTiles(box());
  function toMap(evt) {
    var p = svg.createSVGPoint(); p.x = evt.clientX; p.y = evt.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoom(factor, centre) {
    var b = box();
    var c = centre || { x: b[0] + b[2] / 2, y: b[1] + b[3] / 2 };
    setBox([c.x - (c.x - b[0]) * factor, c.y - (c.y - b[1]) * factor, b[2] * factor, b[3] * factor]);
  }
  svg.addEventListener('wheel', function (evt) { evt.preventDefault(); zoom(evt.deltaY > 0 ? 1.25 : 0.8, toMap(evt)); }, { passive: false });
  var drag = null, moved = false;
  svg.addEventListener('mousedown', function (evt) { drag = { start: toMap(evt), box: box() }; moved = false; });
  window.addEventListener('mousemove', function (evt) {
    if (!drag) return;
    var p = toMap(evt), b = box();
    var dx = p.x - drag.start.x, dy = p.y - drag.start.y;
    if (Math.abs(dx) + Math.abs(dy) > b[2] / 200) moved = true;
    if (moved) setBox([b[0] - dx, b[1] - dy, b[2], b[3]]);
  });
  window.addEventListener('mouseup', function () { drag = null; });
  svg.addEventListener('click', function (evt) {
    if (moved) { moved = false; return; }
    var href = evt.target.getAttribute && evt.target.getAttribute('data-href');
    if (href) { window.location = href; return; }
    var p = toMap(evt), x = Math.round(p.x), y = Math.round(-p.y);
    var form = document.getElementById('check-form');
    if (form) {
      document.getElementById('check-x').value = x;
      document.getElementById('check-y').value = y;
      document.getElementById('check-crs').value = svg.getAttribute('data-crs');
      document.getElementById('check-lon').value = '';
      document.getElementById('check-lat').value = '';
      form.submit();
    } else {
      window.location = '/check?x=' + x + '&y=' + y + '&crs=' + svg.getAttribute('data-crs');
    }
  });
  function button(id, f) { var b = document.getElementById(id); if (b) b.addEventListener('click', f); }
  button('zoom-in', function () { zoom(0.67); });
  button('zoom-out', function () { zoom(1.5); });
  button('zoom-home', function () { setBox(svg.getAttribute('data-home').split(' ').map(Number)); });
  // For tests and for links: zoom to an EPSG:4545 point (x = easting, y = northing).
  window.outfallsMap = {
    zoomTo: function (x, y, radius) { setBox([x - radius, -y - radius, 2 * radius, 2 * radius]); },
    screenPoint: function (x, y) {
      var p = svg.createSVGPoint(); p.x = x; p.y = -y;
      var s = p.matrixTransform(svg.getScreenCTM());
      return [s.x, s.y];
    }
  };
})();
