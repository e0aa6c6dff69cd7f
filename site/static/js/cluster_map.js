/* The members' map: one marker per member with a position, from the directory's GeoJSON (same
   filters as the list below it, which is the map's text alternative). */
(function () {
  "use strict";
  var holder = document.getElementById("members-map");
  if (!holder || typeof L === "undefined") { return; }
  var map = L.map(holder, { scrollWheelZoom: false }).setView([41.6, 17.6], 6);
  L.tileLayer(holder.dataset.tileUrl, {
    maxZoom: 18, attribution: holder.dataset.attribution
  }).addTo(map);
  var status = document.getElementById("members-map-status");

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    box.appendChild(link);
    var meta = document.createElement("p");
    meta.textContent = properties.kind + (properties.town ? " · " + properties.town : "");
    box.appendChild(meta);
    return box;
  }

  fetch(holder.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, { alt: feature.properties.name, title: feature.properties.name });
        },
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      if (collection.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] }); }
      if (status) { status.textContent = holder.dataset.countLabel.replace("%s", collection.features.length); }
    })
    .catch(function () {
      if (status) { status.textContent = holder.dataset.errorLabel; }
    });
})();
