{% macro script(this, kwargs) %}
  // Fit the map to the page's box at the map's real size (routemap.map.fit). Runs each time the
  // page sends new layers (when their group is added to the map); refits only when the box or its
  // padding changed, so a person's own pan and zoom stay until the view does change. A resized
  // map (a phone turned) is fitted anew. A narrow map has the stop's details under it, not over
  // its right side, so it keeps the narrow padding.
  {{ this._parent.get_name() }}.once("add", function (event) {
    var map = event.target._map, target = {{ this.target|tojson }};
    var key = JSON.stringify(target);
    var fit = function () {
      var size = map.getSize();
      var pad = size.x < target.narrowPx ? target.narrowPadding : target.padding;
      // never pad away more than 60% of the map: what is fitted keeps some room
      var sx = Math.min(1, (0.6 * size.x) / Math.max(1, pad[1] + pad[3]));
      var sy = Math.min(1, (0.6 * size.y) / Math.max(1, pad[0] + pad[2]));
      map.fitBounds(target.box, {
        paddingTopLeft: [pad[3] * sx, pad[0] * sy],
        paddingBottomRight: [pad[1] * sx, pad[2] * sy],
        maxZoom: target.maxZoom,
        animate: false
      });
    };
    if (map.routemapFitKey !== key) {
      map.routemapFitKey = key;
      fit();
    }
    if (map.routemapFitOnResize) map.off("resize", map.routemapFitOnResize);
    map.routemapFitOnResize = fit;
    map.on("resize", fit);
  });
{% endmacro %}
