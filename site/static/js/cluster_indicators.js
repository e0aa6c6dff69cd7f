// The programme indicators' chart on the admin home: the companies involved in each target at
// the end of each month, read from the panel's JSON (the same numbers are in its table).
// Each line has its own dash and point style, so the lines differ by more than colour.
(function () {
  "use strict";

  var COLOURS = ["#007d7e", "#c25400", "#6a3d9a", "#2e6f1f", "#b5006d"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 8]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "star"];

  function draw() {
    var canvas = document.getElementById("cluster-indicators-chart");
    var source = document.getElementById("cluster-indicators-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, i) {
          return {
            label: series.label + " (" + series.goal + ")",
            data: series.values,
            borderColor: COLOURS[i % COLOURS.length],
            backgroundColor: COLOURS[i % COLOURS.length],
            borderDash: DASHES[i % DASHES.length],
            pointStyle: POINTS[i % POINTS.length],
            pointRadius: 4,
            tension: 0
          };
        })
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { usePointStyle: true } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
