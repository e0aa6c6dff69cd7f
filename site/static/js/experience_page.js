/* Experience page: the meeting point map and the price calculator. */
(function () {
  "use strict";
  var holder = document.getElementById("meeting-map");
  if (holder && typeof L !== "undefined") {
    var point = [parseFloat(holder.dataset.lat), parseFloat(holder.dataset.lon)];
    var map = L.map(holder, { scrollWheelZoom: false }).setView(point, 13);
    L.tileLayer(holder.dataset.tileUrl, { maxZoom: 18, attribution: holder.dataset.attribution }).addTo(map);
    L.marker(point).addTo(map);
  }
  var form = document.querySelector(".price-calculator");
  if (!form) { return; }
  var output = form.querySelector("output");
  var currency = form.dataset.currency;
  var format = new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: currency });
  function update() {
    var cents = 0;
    form.querySelectorAll(".price-calculator__qty").forEach(function (input) {
      var quantity = Math.max(0, parseInt(input.value, 10) || 0);
      cents += quantity * parseInt(input.dataset.priceCents, 10);
    });
    output.textContent = format.format(cents / 100);
  }
  form.addEventListener("input", update);
  update();
})();
