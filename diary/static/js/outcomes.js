// Draws the outcome panel's rolling chart from the JSON block in the page (strict CSP).
"use strict";

(function () {
  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw(data, text) {
    const canvas = document.getElementById("chart-outcomes");
    if (!canvas || !window.Chart) { return; }
    const datasets = [
      { type: "line", label: text.headache_days, data: data.values, borderColor: "#1f5f7a",
        backgroundColor: "#1f5f7a", pointRadius: 0, borderWidth: 2, spanGaps: false },
      { type: "line", label: text.sessions, data: data.sessions, yAxisID: "sessions",
        showLine: false, pointStyle: "triangle", pointRadius: 8, borderColor: "#000000",
        backgroundColor: "#000000" },
    ];
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          y: { beginAtZero: true, suggestedMax: 28, title: { display: true, text: text.days } },
          sessions: { display: false, min: 0, max: 1.2 },
          x: { ticks: { maxTicksLimit: 8, autoSkip: true } },
        },
      },
    });
    canvas.dataset.drawn = "true";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const data = readJson("outcome-data");
    const text = readJson("outcome-text");
    if (data && text) { draw(data, text); }
  });
})();
