/* routemapRoute: draws the route's legs (a line and a direction arrow each) and the city labels
   from the data routemap.map.route_layers writes, into their layer group. One shared script, sent
   once with the base map, instead of a few folium elements per leg and per label, each rendered
   on every run. The tooltips' and labels' HTML is escaped by the server (routemap.map.elements.text).
   Arrows and labels are decoration: no tab stop, hidden from screen readers (DecorativeMarkers).
   No Jinja syntax may appear in this file. */
window.routemapRoute = (function () {
  "use strict";

  function tooltip(layer, html) {
    layer.bindTooltip(html, { direction: "auto", permanent: false, sticky: true });
    return layer;
  }

  /* Each leg: its line, styled by its mode, and its arrow, each with the leg's tooltip. */
  function legs(group, data) {
    data.legs.forEach(function (leg) {
      group.addLayer(tooltip(L.polyline(leg.line, {
        className: leg.className,
        color: data.colour,
        dashArray: leg.dashArray,
        opacity: leg.opacity,
        weight: leg.weight
      }), leg.tooltip));
      group.addLayer(tooltip(L.marker(leg.arrow, {
        icon: L.divIcon({ html: leg.icon, iconSize: [18, 18], iconAnchor: [9, 9], className: "rm-arrow-icon" }),
        keyboard: false,
        decorative: true,
        zIndexOffset: leg.above ? 2000 : 0
      }), leg.tooltip));
    });
    return group;
  }

  /* Each city's label, its top-left corner where the server placed it (clear of the stops). */
  function labels(group, data) {
    data.labels.forEach(function (label) {
      group.addLayer(L.marker(label.at, {
        icon: L.divIcon({ html: label.html, iconSize: [1, 1], iconAnchor: label.anchor, className: "rm-city-icon" }),
        interactive: false
      }));
    });
    return group;
  }

  return { legs: legs, labels: labels };
})();
