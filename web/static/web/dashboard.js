/* Dashboard charts: the last 12 months, from the figures the page embeds as JSON. */
(function () {
  "use strict";
  var el = document.getElementById("series-data");
  if (!el || typeof Chart === "undefined") { return; }
  var data = JSON.parse(el.textContent);
  var red = "#b3261e", blue = "#1f5fae", green = "#2e8b57", amber = "#e0a030";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#5f646d";
  var common = {
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: "index", intersect: false },
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    scales: {
      x: { grid: { display: false } },
      y: { beginAtZero: true, grid: { color: "#eef0f3" }, ticks: { precision: 0 } },
      y2: { beginAtZero: true, position: "right", grid: { display: false }, ticks: { precision: 0 } }
    }
  };
  new Chart(document.getElementById("chart-activities"), {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.activities, data: data.activities, backgroundColor: red, borderRadius: 4, yAxisID: "y" },
        { type: "line", label: data.names.served, data: data.served, borderColor: green, backgroundColor: green, tension: .3, yAxisID: "y2" }
      ]
    },
    options: common
  });
  new Chart(document.getElementById("chart-hours"), {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.names.hours, data: data.hours, backgroundColor: blue, borderRadius: 4, yAxisID: "y" },
        { type: "line", label: data.names.contacts, data: data.contacts, borderColor: amber, backgroundColor: amber, tension: .3, yAxisID: "y2" }
      ]
    },
    options: common
  });
})();
