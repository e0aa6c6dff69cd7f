/* Map picker for latitude/longitude fields in the Wagtail editor (Leaflet, vendored).
   Click the map to set the point; typing the numbers moves the marker. */
(function () {
  "use strict";
  function setup() {
    var lat = document.querySelector('input[name="lat"]');
    var lon = document.querySelector('input[name="lon"]');
    if (!lat || !lon || typeof L === "undefined" || document.getElementById("location-picker")) {
      return;
    }
    var config = document.getElementById("location-picker-config");
    var tiles = (config && config.dataset.tileUrl) || "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    var attribution = (config && config.dataset.attribution) || "© OpenStreetMap contributors";
    var holder = document.createElement("div");
    holder.id = "location-picker";
    holder.className = "location-picker";
    holder.setAttribute("role", "application");
    holder.setAttribute("aria-label", "Map: click to set the latitude and longitude");
    var anchor = lon.closest(".w-field__wrapper") || lon.parentNode;
    (anchor.closest(".w-field-row") || anchor).insertAdjacentElement("afterend", holder);

    var start = [parseFloat(lat.value) || 41.5, parseFloat(lon.value) || 18.0];
    var map = L.map(holder).setView(start, lat.value ? 12 : 6);
    L.tileLayer(tiles, { maxZoom: 18, attribution: attribution }).addTo(map);
    var marker = lat.value && lon.value ? L.marker(start).addTo(map) : null;

    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    }
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
      place(event.latlng);
    });
    function typed() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place([a, b]);
        map.panTo([a, b]);
      }
    }
    lat.addEventListener("input", typed);
    lon.addEventListener("input", typed);
    // Tabs hide the map when the editor opens: recompute its size once visible.
    new IntersectionObserver(function () { map.invalidateSize(); }).observe(holder);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
