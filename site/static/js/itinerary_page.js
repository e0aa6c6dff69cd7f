/* Sample trip page: the route map (stops numbered in order, legs drawn by kind) from the
   GeoJSON the page embeds; the day-by-day list below the map says the same in words. */
(function () {
  "use strict";
  var holder = document.getElementById("itinerary-map");
  var data = document.getElementById("itinerary-route");
  if (!holder || !data || typeof L === "undefined") { return; }
  var route = JSON.parse(data.textContent);
  var map = L.map(holder, { scrollWheelZoom: false }).setView([41.6, 17.6], 7);
  L.tileLayer(holder.dataset.tileUrl, { maxZoom: 18, attribution: holder.dataset.attribution }).addTo(map);
  var styles = {
    road: { color: "#0b5d7a", weight: 4 },
    ferry: { color: "#1f78b4", weight: 3, dashArray: "8 6" },
    border: { color: "#a4262c", weight: 4 }
  };
  var layer = L.geoJSON(route, {
    style: function (feature) { return styles[feature.properties.kind] || styles.road; },
    pointToLayer: function (feature, latlng) {
      var icon = L.divIcon({
        className: "itinerary-marker",
        html: "<span style=\"display:inline-block;min-width:1.6rem;padding:0.1rem 0.3rem;border-radius:999px;" +
              "background:#0b5d7a;color:#fff;font-weight:700;text-align:center;border:2px solid #fff\">" +
              String(parseInt(feature.properties.number, 10)) + "</span>",
        iconSize: null
      });
      return L.marker(latlng, { icon: icon, title: feature.properties.title, keyboard: false });
    },
    onEachFeature: function (feature, item) {
      var p = feature.properties;
      var text = p.role === "stop" ? p.number + ". " + p.title : p.label + " · " + p.duration_min + " min";
      var label = document.createElement("span");
      label.textContent = text;  // titles are text, never markup
      item.bindTooltip(label);
    }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 }); }
})();
