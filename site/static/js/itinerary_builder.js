/* The itinerary builder: drag and drop of stops (SortableJS), within a day or to another one,
   sent to the server by htmx; the route map (Leaflet), redrawn after every change, with the
   selected day highlighted. The buttons of each stop do the same moves from the keyboard. */
(function () {
  "use strict";
  var mapHolder = document.getElementById("builder-map");
  var map = null;
  var layer = null;
  var selectedDay = null;

  function routeData() {
    var script = document.getElementById("route-data");
    return script ? JSON.parse(script.textContent) : { type: "FeatureCollection", features: [] };
  }

  function dayOf(feature) {
    var properties = feature.properties || {};
    return properties.day;
  }

  function style(feature) {
    var highlighted = selectedDay === null || String(dayOf(feature)) === String(selectedDay);
    return { color: highlighted ? "#0b4f6c" : "#8a969c", weight: highlighted ? 5 : 3,
             opacity: highlighted ? 0.95 : 0.5, dashArray: feature.properties &&
             feature.properties.kind === "ferry" ? "8 6" : null };
  }

  function drawMap() {
    if (!mapHolder || typeof L === "undefined") { return; }
    if (map === null) {
      map = L.map(mapHolder).setView([41.6, 17.8], 7);
      L.tileLayer(mapHolder.dataset.tileUrl, {
        maxZoom: 18, attribution: mapHolder.dataset.attribution
      }).addTo(map);
    }
    if (layer !== null) { map.removeLayer(layer); }
    layer = L.geoJSON(routeData(), {
      style: style,
      pointToLayer: function (feature, latlng) {
        var on = selectedDay === null || String(dayOf(feature)) === String(selectedDay);
        return L.circleMarker(latlng, { radius: on ? 8 : 5, color: on ? "#b5470b" : "#8a969c",
                                        fillOpacity: on ? 0.9 : 0.4 });
      },
      onEachFeature: function (feature, item) {
        var properties = feature.properties || {};
        if (properties.title) { item.bindTooltip(properties.title); }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 11, padding: [20, 20] }); }
  }

  function csrfHeaders() {
    var holder = document.querySelector("[hx-headers]");
    return holder ? JSON.parse(holder.getAttribute("hx-headers")) : {};
  }

  function makeSortable() {
    if (typeof Sortable === "undefined" || typeof htmx === "undefined") { return; }
    document.querySelectorAll(".day__stops[data-sortable]").forEach(function (list) {
      Sortable.create(list, {
        group: "stops", handle: ".stop__handle", draggable: ".stop[data-stop-id]",
        animation: 150, forceFallback: true, emptyInsertThreshold: 24,
        onEnd: function (event) {
          var item = event.item;
          var day = event.to.dataset.day;
          var position = Array.prototype.indexOf.call(
            event.to.querySelectorAll(".stop[data-stop-id]"), item);
          htmx.ajax("POST", item.dataset.moveUrl, {
            target: "#builder", swap: "outerHTML", headers: csrfHeaders(),
            values: { position: position, day: day }
          });
        }
      });
    });
  }

  function selectDay(number) {
    selectedDay = selectedDay === number ? null : number;
    document.querySelectorAll("[data-select-day]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.selectDay === selectedDay));
    });
    document.querySelectorAll(".day").forEach(function (day) {
      day.classList.toggle("day--selected", day.dataset.day === selectedDay);
    });
    drawMap();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-select-day]");
    if (button) { selectDay(button.dataset.selectDay); }
  });

  function refresh() {
    makeSortable();
    drawMap();
    if (selectedDay !== null) {
      var keep = selectedDay; selectedDay = null; selectDay(keep);
    }
  }

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && (event.target.id === "builder" || event.target.closest("#builder"))) {
      refresh();
    }
  });
  refresh();
})();
