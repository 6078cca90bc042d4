// Draws the retention curve (viewers per second) with Chart.js; the table holds the same data.
const canvas = document.getElementById("retention-chart");
const data = JSON.parse(document.getElementById("retention-data").textContent);
if (canvas && window.Chart) {
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.map((_, second) => second),
      datasets: [{ label: "Viewers", data, borderColor: "#0b5cad", pointRadius: 0, stepped: true }],
    },
    options: {
      animation: false,
      scales: { x: { title: { display: true, text: "Second" } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
