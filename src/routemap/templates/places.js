/* routemapPlaces: draws a layer's places from the columns routemap.map.places.place_payload writes.

   One marker per place (a numbered disc for a stop, a dashed "?" for a mentioned place), a
   circle as wide as the uncertainty of its position, a tooltip, and a card built only when
   its popup opens, from the one card template (templates/place_card.html). Text from the
   data only ever becomes textContent, never markup. A click reports the place's id:
   marker.feature is what streamlit-folium returns as last_active_drawing.
   No Jinja syntax may appear in this file: branca renders the page once more as a template. */
window.routemapPlaces = (function () {
  "use strict";
  var CARD = __CARD__;
  var STOP_SIZE = 30;
  var MENTIONED_SIZE = 22;
  var CANVAS_FROM = 1000;  // more places than this: precision circles on one canvas, not SVG
  var cardTemplate = null;

  /* A DivIcon whose element carries an accessible name and is built only when drawn. */
  var PlaceIcon = L.DivIcon.extend({
    createIcon: function (old) {
      this.options.html = this.options.build();
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      return div;
    }
  });

  function element(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }

  function text(data, field, i) {
    var column = data.text[field];
    return column[0][column[1][i]];
  }

  function fields(data, i) {
    var precision = data.precisions[data.precision[i]];
    var out = {
      stop: data.stop[i] === null ? "" : String(data.stop[i]),
      kind: data.kinds[data.kind[i]].label,
      coord_precision: precision.id,
      precision: precision.label
    };
    Object.keys(data.text).forEach(function (field) { out[field] = text(data, field, i); });
    return out;
  }

  function card(data, i) {
    if (cardTemplate === null) {
      cardTemplate = document.createElement("template");
      cardTemplate.innerHTML = CARD;
    }
    var root = cardTemplate.content.firstElementChild.cloneNode(true);
    var values = fields(data, i);
    root.querySelectorAll("[data-f]").forEach(function (el) {
      el.textContent = values[el.getAttribute("data-f")] || "";
    });
    root.querySelectorAll("[data-opt]").forEach(function (el) {
      if (!values[el.getAttribute("data-opt")]) { el.remove(); }
    });
    return root;
  }

  function tooltip(data, i) {
    var stop = data.stop[i];
    var words = (stop === null ? "" : stop + ". ") + text(data, "name", i) + " · " + text(data, "name_zh", i);
    return element("span", "", data.role === "mentioned" ? words + " (mentioned, not visited)" : words);
  }

  function isAhead(data, i) {
    return data.reached !== null && data.stop[i] !== null && data.stop[i] > data.reached;
  }

  function stopDisc(data, i) {
    var theme = data.themes[data.theme[i]];
    var precision = data.precisions[data.precision[i]];
    var classes = "rm-stop rm-prec-" + precision.id;
    if (data.id[i] === data.selected) { classes += " rm-selected"; }
    if (isAhead(data, i)) { classes += " rm-ahead"; }
    var disc = element("div", classes);
    disc.style.background = theme.colour;
    disc.style.color = theme.ink;
    disc.setAttribute("data-stop", String(data.stop[i]));
    disc.setAttribute("data-id", data.id[i]);
    disc.appendChild(element("span", "rm-num", String(data.stop[i])));
    var badge = element("span", "rm-kind", data.kinds[data.kind[i]].glyph);
    badge.setAttribute("aria-hidden", "true");
    disc.appendChild(badge);
    return disc;
  }

  function mentionedDisc(data, i) {
    var disc = element("div", "rm-mentioned rm-prec-" + data.precisions[data.precision[i]].id, "?");
    disc.setAttribute("data-id", data.id[i]);
    return disc;
  }

  function icon(data, i) {
    var name = text(data, "name", i);
    if (data.role === "mentioned") {
      var m = MENTIONED_SIZE / 2;
      return new PlaceIcon({
        build: function () { return mentionedDisc(data, i); },
        label: "Mentioned, not visited: " + name,
        className: "rm-mentioned-icon",
        iconSize: [MENTIONED_SIZE, MENTIONED_SIZE],
        iconAnchor: [m, m]
      });
    }
    var half = STOP_SIZE / 2;
    return new PlaceIcon({
      build: function () { return stopDisc(data, i); },
      label: "Stop " + data.stop[i] + ": " + name,
      className: "rm-stop-icon",
      iconSize: [STOP_SIZE, STOP_SIZE],
      iconAnchor: [half - data.dx[i], half - data.dy[i]]
    });
  }

  /* Draw a layer's places into group (an L.FeatureGroup). */
  function draw(group, data) {
    var renderer = data.id.length > CANVAS_FROM ? L.canvas({ padding: 0.5 }) : undefined;
    var stops = data.role === "stop";
    data.id.forEach(function (id, i) {
      var at = [data.lat[i], data.lon[i]];
      var precision = data.precisions[data.precision[i]];
      var ahead = isAhead(data, i);
      if (precision.radius > 0) {
        var halo = {
          radius: precision.radius,
          interactive: false,
          className: "rm-halo rm-prec-" + precision.id,
          color: "#333333",
          weight: 1,
          dashArray: "4 4",
          opacity: ahead ? 0.2 : 0.7,
          fillColor: stops ? data.themes[data.theme[i]].colour : "#777777",
          fillOpacity: ahead ? 0.03 : 0.1
        };
        if (renderer) { halo.renderer = renderer; }
        group.addLayer(L.circle(at, halo));
      }
      var marker = L.marker(at, { icon: icon(data, i), zIndexOffset: stops ? 1000 : -1000 });
      marker.feature = { type: "Feature", properties: { id: id } };
      marker.bindTooltip(function () { return tooltip(data, i); }, { sticky: true, direction: "auto" });
      marker.bindPopup(function () { return card(data, i); }, { maxWidth: 340 });
      group.addLayer(marker);
    });
    return group;
  }

  return { draw: draw, card: card, fields: fields };
})();
