/* routemapOutlines: draws the offline outlines (routemap.map.outlines) into their layer group from the
   data the server writes: each shape layer a non-interactive L.geoJSON in the outline pane, and the
   province names as permanent, non-interactive labels in the label pane. One element instead of a
   folium GeoJson per layer and a folium Marker per province, each rendered on every run.
   Shapes given by URL are fetched from the app's own server and added all at once, in drawing order,
   when every file has arrived (a layer filled later is drawn on top, so arrival order must not matter).
   The labels' HTML is escaped by the server (outlines.label_html). No Jinja syntax may appear here. */
window.routemapOutlines = window.routemapOutlines || function (group, spec) {
  "use strict";

  function style(layer) {
    if (!layer.fillBy) { return layer.style; }
    return function (feature) {  /* a fill chosen by a property (China's land lighter than its neighbours') */
      var out = {};
      Object.keys(layer.style).forEach(function (key) { out[key] = layer.style[key]; });
      var value = feature.properties[layer.fillBy.property];
      out.fillColor = layer.fillBy.colours.hasOwnProperty(value) ? layer.fillBy.colours[value] : layer.fillBy.otherwise;
      return out;
    };
  }

  var fetched = [];
  spec.layers.forEach(function (layer) {
    var options = { style: style(layer), interactive: false, bubblingMouseEvents: false, pane: spec.pane };
    if (layer.attribution) { options.attribution = layer.attribution; }
    var drawn = L.geoJSON(layer.data || null, options);
    group.addLayer(drawn);
    if (layer.url) { fetched.push({ url: layer.url, layer: drawn }); }
  });
  if (fetched.length) {
    Promise.all(fetched.map(function (item) {
      return fetch(item.url).then(function (response) {
        if (!response.ok) { throw new Error(item.url + ": HTTP " + response.status); }
        return response.json();
      });
    })).then(function (data) {
      data.forEach(function (shapes, i) { fetched[i].layer.addData(shapes); });
    }).catch(function (error) { console.warn("routemap outlines not loaded:", error); });
  }
  spec.labels.forEach(function (label) {
    group.addLayer(L.marker(label.at, {
      icon: L.divIcon({ html: label.html, iconSize: [0, 0], className: spec.labelClass }),
      interactive: false,
      keyboard: false,
      pane: spec.labelPane
    }));
  });
};
