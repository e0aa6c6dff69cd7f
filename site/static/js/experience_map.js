/* The experiences map: clustered markers from the GeoJSON endpoint, with the page's filters. */
(function () {
  "use strict";
  var holder = document.getElementById("experience-map");
  if (!holder || typeof L === "undefined") { return; }
  var map = L.map(holder).setView([41.6, 17.6], 7);
  L.tileLayer(holder.dataset.tileUrl, {
    maxZoom: 18, attribution: holder.dataset.attribution
  }).addTo(map);
  var clusters = L.markerClusterGroup();
  map.addLayer(clusters);
  var status = document.getElementById("experience-map-status");

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    box.appendChild(link);
    if (properties.price_from_eur) {
      var price = document.createElement("p");
      price.textContent = holder.dataset.fromLabel + " € " + properties.price_from_eur;
      box.appendChild(price);
    }
    return box;
  }

  fetch(holder.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
      });
      clusters.addLayer(layer);
      if (collection.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 12 }); }
      if (status) { status.textContent = holder.dataset.countLabel.replace("%s", collection.features.length); }
    })
    .catch(function () {
      if (status) { status.textContent = holder.dataset.errorLabel; }
    });
})();
