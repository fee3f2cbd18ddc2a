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
  /* Past DOTS_PAST places in a layer, a dot per place on one canvas, and the numbered discs only for the
     places in view once at most DISCS_IN_VIEW are (the place in focus always has its disc): set once, in
     routemap.map.places, whose DOTS_PAST the legend names too. */
  var DOTS_PAST = __DOTS_PAST__;
  var DISCS_IN_VIEW = __DISCS_IN_VIEW__;
  var RINGS_AS_SVG_UP_TO = 100;  // more places than this in a layer: their precision rings on one canvas ...
  var RINGS_UP_TO = 100;  // ... for the places in view when at most this many
  var cardTemplate = null;
  /* The stops' markers get a pane of their own, just above Leaflet's marker pane (600) and under its
     tooltips (650). The page sends its city labels and leg arrows anew with every rerun, into the
     marker pane: with a thousand stops beside them there, each swap made Chromium restyle every stop
     (a 1,000-place talk step's layer swap, replayed: 13-27 ms of style recalculation, 1-1.5 ms apart). */
  var STOP_PANE = "routemapStops";

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

  function stopLabel(data, i) {
    return data.words.stop.replace("{n}", String(data.stop[i]));
  }

  function fields(data, i) {
    var precision = data.precisions[data.precision[i]];
    var out = {
      stop: data.stop[i] === null ? "" : String(data.stop[i]),
      stop_label: data.stop[i] === null ? "" : stopLabel(data, i),
      coords_label: data.words.coordinates.replace("{precision}", precision.word),
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
    return element("span", "", data.role === "mentioned" ? words + " (" + data.words.mentioned + ")" : words);
  }

  /* Whether place i is still ahead of a talk that has reached stop number reached (null: no talk). */
  function aheadOf(data, reached, i) {
    return reached !== null && data.stop[i] !== null && data.stop[i] > reached;
  }

  function isAhead(data, i) {
    return aheadOf(data, data.reached, i);
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
        label: data.words.mentioned_label + ": " + name,
        className: "rm-mentioned-icon",
        iconSize: [MENTIONED_SIZE, MENTIONED_SIZE],
        iconAnchor: [m, m]
      });
    }
    var half = STOP_SIZE / 2;
    return new PlaceIcon({
      build: function () { return stopDisc(data, i); },
      label: stopLabel(data, i) + ": " + name,
      className: "rm-stop-icon",
      iconSize: [STOP_SIZE, STOP_SIZE],
      iconAnchor: [half - data.dx[i], half - data.dy[i]]
    });
  }

  /* The id a click reports, the tooltip, and the card built when the popup opens. */
  function bind(layer, data, i) {
    layer.feature = { type: "Feature", properties: { id: data.id[i] } };
    layer.bindTooltip(function () { return tooltip(data, i); }, { sticky: true, direction: "auto" });
    layer.bindPopup(function () { return card(data, i); }, { maxWidth: 340 });
    return layer;
  }

  function marker(data, i) {
    var at = [data.lat[i], data.lon[i]];
    var stop = data.role === "stop";
    var options = { icon: icon(data, i), zIndexOffset: stop ? 1000 : -1000, pane: stop ? STOP_PANE : "markerPane" };
    return bind(L.marker(at, options), data, i);
  }

  /* What a step changes in a precision ring: faded while its place is ahead. */
  function haloLook(data, i) {
    var ahead = isAhead(data, i);
    return { opacity: ahead ? 0.2 : 0.7, fillOpacity: ahead ? 0.03 : 0.1 };
  }

  function halo(data, i, renderer) {
    var precision = data.precisions[data.precision[i]];
    var options = L.extend({
      radius: precision.radius,
      interactive: false,
      className: "rm-halo rm-prec-" + precision.id,
      color: "#333333",
      weight: 1,
      dashArray: "4 4",
      fillColor: data.role === "stop" ? data.themes[data.theme[i]].colour : "#777777"
    }, haloLook(data, i));
    if (renderer) { options.renderer = renderer; }
    return precision.radius > 0 ? L.circle([data.lat[i], data.lon[i]], options) : null;
  }

  /* What a step changes in a dot: a thicker edge in focus, faded while ahead. */
  function dotStyle(data, i) {
    var faded = isAhead(data, i);
    return { weight: data.id[i] === data.selected ? 3 : 1, opacity: faded ? 0.25 : 1, fillOpacity: faded ? 0.25 : 1 };
  }

  /* One dot per place on a canvas, for layers too large for one element per place. */
  function dot(data, i, renderer) {
    var stop = data.role === "stop";
    return bind(L.circleMarker([data.lat[i], data.lon[i]], L.extend({
      renderer: renderer,
      radius: stop ? 6 : 5,
      color: "#222222",
      dashArray: stop ? null : "2 2",
      fillColor: stop ? data.themes[data.theme[i]].colour : "#ffffff"
    }, dotStyle(data, i))), data, i);
  }

  /* What this map drew, by the digest of each layer's places: a talk step or a click sends the same
     places with a new state, and only the few places that state changes are drawn again. */
  var kept = {};
  var spare = [];  // digests of kept layers no longer on the map, oldest first
  var SPARE_UP_TO = 3;

  /* How many places of a role the layers on a map hold (the benchmark waits for all of them). */
  function drawn(role) {
    return Object.keys(kept).reduce(function (sum, digest) {
      var entry = kept[digest];
      return sum + (entry.layer._map && entry.role === role ? entry.count : 0);
    }, 0);
  }

  /* Layers for the places in view (the map's bounds and a fifth around), made by make(i), while at most
     upTo places are in view; none beyond that; and place pinned()'s wherever the map is (-1: none).
     forget(i) takes place i's layer away, for refresh() to make it anew (its look changed). For the
     numbered discs of a layer too large for an element per place, and for the precision rings of a
     layer of more than a hundred places: hundreds of rings overlap into one blur, and drawing them cost
     more than the rest of a redraw (at 10,000 places, 0.7 s of each talk step; at 1,000, about 120 ms
     of a talk step of 520 ms, in an A/B of 20 steps). */
  function windowed(group, data, upTo, make, pinned) {
    var layers = L.featureGroup();  // a FeatureGroup passes its places' clicks on to group, which the page listens to
    var shown = {};
    var map = null;
    function refresh() {
      if (!map) { return; }
      var bounds = map.getBounds().pad(0.2);
      var inView = [];
      for (var i = 0; i < data.id.length && inView.length <= upTo; i += 1) {
        if (bounds.contains([data.lat[i], data.lon[i]])) { inView.push(i); }
      }
      var keep = {};
      var wanted = inView.length <= upTo ? inView : [];
      var pin = pinned ? pinned() : -1;
      if (pin >= 0) { wanted = wanted.concat([pin]); }
      wanted.forEach(function (i) {
        keep[i] = true;
        if (!shown[i]) {
          shown[i] = make(i);
          if (shown[i]) { layers.addLayer(shown[i]); }
        }
      });
      Object.keys(shown).forEach(function (i) {
        if (!keep[i]) { forget(i); }
      });
    }
    function forget(i) {
      if (i in shown) {
        if (shown[i]) { layers.removeLayer(shown[i]); }
        delete shown[i];
      }
    }
    function added() { map = group._map; map.on("moveend", refresh); refresh(); }
    group.on("add", added);
    group.on("remove", function () { if (map) { map.off("moveend", refresh); } map = null; });
    group.addLayer(layers);
    if (group._map) { added(); }
    return { forget: forget, refresh: refresh };
  }

  /* A layer's places drawn once: up to DOTS_PAST places, each a marker element (numbered disc, kind
     badge); above that, a dot on one canvas, and the numbered discs for the place in focus and, once
     there are at most DISCS_IN_VIEW in view, for those. Each place's precision ring: up to
     RINGS_AS_SVG_UP_TO places always; past that, on one canvas for the places in view once there are
     at most RINGS_UP_TO. */
  function Drawn(data, digest) {
    var many = data.id.length > DOTS_PAST;
    var fewRings = data.id.length <= RINGS_AS_SVG_UP_TO;
    var renderer = many ? L.canvas({ padding: 0.5 }) : undefined;
    this.data = data;
    this.many = many;
    this.digest = digest;
    this.role = data.role;
    this.count = data.id.length;
    this.layer = L.featureGroup();
    this.owner = null;
    this.marks = data.id.map(function (id, i) {
      var circle = fewRings ? halo(data, i) : null;
      if (circle) { this.layer.addLayer(circle); }
      var mark = many ? dot(data, i, renderer) : marker(data, i);
      this.layer.addLayer(mark);
      return { mark: mark, ring: circle };
    }, this);
    this.windows = [];
    if (many) {
      var inFocus = function () { return data.id.indexOf(data.selected); };
      this.windows.push(windowed(this.layer, data, DISCS_IN_VIEW, function (i) { return marker(data, i); }, inFocus));
    }
    if (!fewRings) {
      var rings = L.canvas({ padding: 0.5 });  /* not interactive: one canvas redraws faster than a path each */
      this.windows.push(windowed(this.layer, data, RINGS_UP_TO, function (i) { return halo(data, i, rings); }));
    }
  }

  /* Take a new state and spread: the places whose look it changes are restyled, the rest stay drawn. */
  Drawn.prototype.update = function (state, offsets) {
    var data = this.data, changed = [];
    var dx = spread(data, offsets, "dx"), dy = spread(data, offsets, "dy");
    for (var i = 0; i < data.id.length; i += 1) {
      if (dx[i] !== data.dx[i] || dy[i] !== data.dy[i] ||
          data.id[i] === data.selected || data.id[i] === state.selected ||
          aheadOf(data, data.reached, i) !== aheadOf(data, state.reached, i)) {
        changed.push(i);
      }
    }
    /* Another stop in focus: its details show beside the map (or on the talk's card), so the popup
       opened by the click closes, as it did when every step drew the places anew. */
    if (state.selected !== data.selected && this.layer._map) { this.layer._map.closePopup(); }
    take(data, state, dx, dy);
    changed.forEach(function (i) { this.restyle(i); }, this);
    if (changed.length) { this.windows.forEach(function (w) { w.refresh(); }); }
    return changed.length;
  };

  Drawn.prototype.restyle = function (i) {
    var data = this.data, place = this.marks[i];
    this.windows.forEach(function (w) { w.forget(i); });
    if (this.many) {
      place.mark.setStyle(dotStyle(data, i));
    } else {
      place.mark.setIcon(icon(data, i));
    }
    if (place.ring) { place.ring.setStyle(haloLook(data, i)); }
  };

  /* The map shows these places while group is on it: group is the page's layer of the moment, and the
     places stay on the map from one such group to the next (streamlit-folium takes every layer off
     the map and adds the new ones when any of them changed). */
  Drawn.prototype.attach = function (group) {
    var self = this;
    self.owner = group;
    group.on("add", function () { if (self.owner === group) { self.show(group._map); } });
    group.on("remove", function () {
      var map = group._map;
      /* after the page's new layers are in: kept when a new group took these places over */
      Promise.resolve().then(function () {
        if ((self.owner === group || !self.owner._map) && self.layer._map === map) { self.hide(); }
      });
    });
    if (group._map) { self.show(group._map); }
  };

  Drawn.prototype.show = function (map) {
    if (!map.getPane(STOP_PANE)) { map.createPane(STOP_PANE).style.zIndex = 610; }
    spare = spare.filter(function (digest) { return digest !== this.digest; }, this);
    if (!this.layer._map) { map.addLayer(this.layer); }
  };

  /* Off the map, kept a while for a selection that comes back; the oldest spare ones are forgotten. */
  Drawn.prototype.hide = function () {
    this.layer._map.removeLayer(this.layer);
    spare.push(this.digest);
    while (spare.length > SPARE_UP_TO) { delete kept[spare.shift()]; }
  };

  /* Each place's shift along axis ("dx" or "dy") in px: none when no offsets were sent. */
  function spread(data, offsets, axis) {
    return offsets ? offsets[axis] : data.id.map(function () { return 0; });
  }

  function take(data, state, dx, dy) {
    data.selected = state.selected;
    data.reached = state.reached;
    data.dx = dx;
    data.dy = dy;
  }

  /* The page left out places it sent this map before (load is null), but this map does not hold them:
     its frame was made anew. Ask for them as the map's value (streamlit-folium's Streamlit object); the
     page's next run sends them. A few times at most, so a page that cannot send them is not rerun forever. */
  var WANTED = __WANTED__;
  var ASK_UP_TO = 3;
  var asked = {};

  function ask(digest) {
    var streamlit = window.Streamlit, shared = window.__GLOBAL_DATA__;
    if (!streamlit || !shared || (asked[digest] || 0) >= ASK_UP_TO) { return; }
    asked[digest] = (asked[digest] || 0) + 1;
    var value = L.extend({}, shared.previous_data || {});  // what the map reported last, unchanged
    value[WANTED] = digest + "@" + Date.now();
    streamlit.setComponentValue(value);
  }

  /* Draw a layer's places into group (an L.FeatureGroup): load() gives the places (place_payload),
     parsed only when digest is new to this map, or is null when the page sent this map these places
     before; state and offsets say how they look at this step. */
  function draw(group, digest, load, state, offsets) {
    var entry = kept[digest];
    if (entry) {
      entry.update(state, offsets);
    } else if (!load) {
      ask(digest);
      return group;
    } else {
      var data = load();
      take(data, state, spread(data, offsets, "dx"), spread(data, offsets, "dy"));
      entry = kept[digest] = new Drawn(data, digest);
    }
    entry.attach(group);
    return group;
  }

  return { draw: draw, drawn: drawn, card: card, fields: fields };
})();
