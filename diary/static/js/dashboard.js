// Draws the dashboard charts from the JSON blocks in the page (no inline script: strict CSP).
"use strict";

const COLOURS = {
  migraine_like: "#882255", tension_type_like: "#44AA99", other_headache: "#DDCC77",
  line: "#1f5f7a", limit: "#a1261a", interval: "#332288", treatment: "#000000",
  before: "#9aa3a8",
};

function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

function baseOptions(extra) {
  return Object.assign({
    responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { legend: { position: "bottom" } },
  }, extra || {});
}

function draw(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) { return null; }
  const chart = new window.Chart(canvas, config);
  canvas.dataset.drawn = "true";
  return chart;
}

// Treatment sessions as triangles on their own axis, above the bars of their week or month.
function sessionMarkers(counts, text) {
  return {
    type: "line", label: text.treatment_sessions, yAxisID: "sessions", showLine: false,
    data: counts.map((n) => (n > 0 ? n : null)), pointStyle: "triangle", pointRadius: 9,
    borderColor: COLOURS.treatment, backgroundColor: COLOURS.treatment,
  };
}

function headacheDays(data, text) {
  const kinds = ["migraine_like", "tension_type_like", "other_headache"];
  const sessions = data.headache_days.treatment_sessions || [];
  const datasets = kinds.map((kind) => ({
    label: text[kind], data: data.headache_days[kind], backgroundColor: COLOURS[kind],
  }));
  const scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true,
    ticks: { precision: 0 }, title: { display: true, text: text.days } } };
  if (sessions.some((n) => n > 0)) {
    datasets.unshift(sessionMarkers(sessions, text));
    scales.sessions = { position: "right", beginAtZero: true, suggestedMax: 4, stacked: false,
      grid: { drawOnChartArea: false }, ticks: { precision: 0 },
      title: { display: true, text: text.treatment_sessions } };
  }
  return draw("chart-headache-days", {
    type: "bar", data: { labels: data.headache_days.labels, datasets },
    options: baseOptions({ scales }),
  });
}

function treatmentComparison(data, text) {
  const tm = data.treatment;
  if (!document.getElementById("chart-treatment")) { return null; }
  return draw("chart-treatment", {
    type: "bar",
    data: { labels: tm.figures.map((name) => text[name]), datasets: [
      { label: text.before_treatment, data: tm.figures.map((name) => tm.baseline[name]),
        backgroundColor: COLOURS.before },
      { label: text.latest_28, data: tm.figures.map((name) => tm.latest[name]),
        backgroundColor: COLOURS.line },
    ] },
    options: baseOptions({ scales: { y: { beginAtZero: true, title: { display: true, text: text.days } } } }),
  });
}

function intensity(data, text) {
  return draw("chart-intensity", {
    type: "line",
    data: { labels: data.intensity.labels, datasets: [{
      label: text.worst_pain, data: data.intensity.values, borderColor: COLOURS.line,
      backgroundColor: COLOURS.line, tension: 0.2, pointRadius: 3,
    }] },
    options: baseOptions({ scales: { y: { min: 0, max: 10 } } }),
  });
}

function triggers(data, text) {
  const shown = data.triggers.shown;
  const labels = shown.map((item) => `${item.label} (${item.lag === 0 ? text.same_day : text.day_before})`);
  return draw("chart-triggers", {
    type: "bar",
    data: { labels, datasets: [
      { type: "bar", label: text.interval, data: shown.map((i) => [i.low, i.high]),
        backgroundColor: "rgba(51, 34, 136, 0.35)", borderColor: COLOURS.interval,
        borderWidth: 1, barPercentage: 0.3 },
      { type: "line", label: text.ratio, data: shown.map((i) => i.risk_ratio),
        showLine: false, pointRadius: 6, pointStyle: "rectRot", borderColor: COLOURS.interval,
        backgroundColor: COLOURS.interval },
      { type: "line", label: text.no_difference, data: shown.map(() => 1),
        borderColor: "#555f66", borderDash: [6, 4], pointRadius: 0, borderWidth: 1 },
    ] },
    options: baseOptions({ scales: { y: { beginAtZero: true, title: { display: true, text: text.ratio } } } }),
  });
}

function medication(data, text) {
  const med = data.medication;
  return draw("chart-medication", {
    type: "bar",
    data: { labels: med.labels, datasets: [
      { type: "bar", label: text.days_taken, data: med.days, backgroundColor: COLOURS.line },
      { type: "line", label: text.limit, data: med.limits, showLine: false, pointRadius: 12,
        pointStyle: "line", borderWidth: 3, borderColor: COLOURS.limit },
    ] },
    options: baseOptions({ scales: { y: { beginAtZero: true, suggestedMax: 16, ticks: { precision: 0 } } } }),
  });
}

function onset(id, labels, values, text) {
  return draw(id, {
    type: "bar",
    data: { labels, datasets: [{ label: text.headaches, data: values, backgroundColor: COLOURS.line }] },
    options: baseOptions({ plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }),
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const data = readJson("dashboard-data");
  const text = readJson("dashboard-text");
  if (!data || !text || !window.Chart) { return; }
  headacheDays(data, text);
  treatmentComparison(data, text);
  intensity(data, text);
  triggers(data, text);
  medication(data, text);
  onset("chart-onset-hour", data.onset.hour_labels, data.onset.hours, text);
  onset("chart-onset-weekday", data.onset.weekday_labels, data.onset.weekdays, text);
});
