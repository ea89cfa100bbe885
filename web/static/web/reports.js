/* Statistics page chart: activities and people served (bars) and service hours (line) per
   month, from the figures the page embeds as JSON (the table below holds the same figures). */
(function () {
  "use strict";
  var el = document.getElementById("reports-data");
  var canvas = document.getElementById("chart-reports");
  if (!el || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#5f646d";
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.activities, data: data.activities, backgroundColor: "#b3261e", borderRadius: 4, yAxisID: "y" },
        { type: "bar", label: data.names.served, data: data.served, backgroundColor: "#2e8b57", borderRadius: 4, yAxisID: "y" },
        { type: "line", label: data.names.hours, data: data.hours, borderColor: "#1f5fae", backgroundColor: "#1f5fae", tension: .2, cubicInterpolationMode: "monotone", yAxisID: "y2",
          pointStyle: "rectRot", pointRadius: 4 }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12, usePointStyle: true } } },
      scales: {
        x: { grid: { display: false } },
        y: { beginAtZero: true, grid: { color: "#eef0f3" }, ticks: { precision: 0 } },
        y2: { beginAtZero: true, position: "right", grid: { display: false } }
      }
    }
  });
})();
