// Draws the dashboard charts from the JSON blocks in the page (no inline script: strict CSP).
// Each chart is already in the page as the server's SVG; when Chart.js draws the same data
// on the canvas, the canvas takes the SVG's place. Made for phones: horizontal rows with
// their labels for the trigger and medication charts, no rotated labels, and a pain chart
// whose line breaks wherever a day was not recorded.
"use strict";

// The light theme's colours; followTheme() swaps in the page's own (dark and dim themes).
const COLOURS = {
  migraine_like: "#882255", tension_type_like: "#44AA99", other_headache: "#DDCC77",
  line: "#1f5f7a", limit: "#a1261a", interval: "#332288", treatment: "#000000",
  before: "#9aa3a8", grid: "#555f66",
};
const THEME_TOKENS = {
  migraine_like: "--color-migraine", tension_type_like: "--color-tension",
  other_headache: "--color-other", line: "--color-accent", limit: "--color-danger",
  interval: "--color-link", treatment: "--color-text", before: "--color-text-muted",
  grid: "--color-text-muted",
};
const FLAT_TICKS = { maxRotation: 0, autoSkip: true, autoSkipPadding: 8 };
const LINE_REM = 1.05; // height of one line of a row label in a horizontal chart
const RATIO_TICKS = [0.25, 0.5, 1, 2, 4, 8, 16];

// A row label as lines that fit beside the plot (about a third of the chart's width).
function wrapWords(text, canvasId) {
  const canvas = document.getElementById(canvasId);
  const width = canvas ? canvas.parentElement.parentElement.clientWidth : 300;
  const most = Math.max(12, Math.floor(width / 3 / 7));
  const lines = [];
  text.split(" ").forEach((word) => {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= most) {
      lines[last] += ` ${word}`;
    } else {
      lines.push(word);
    }
  });
  return lines;
}

// The height a horizontal chart needs for its rows of multi-line labels.
function rowsHeight(labels) {
  return labels.reduce((sum, lines) => sum + Math.max(2, lines.length) * LINE_REM + 0.8, 0) + 5;
}

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

// The canvas replaces the SVG only once the chart is drawn; a failure leaves the SVG.
function draw(id, config, heightRem) {
  const canvas = document.getElementById(id);
  if (!canvas) { return null; }
  const box = canvas.parentElement;
  const drawing = document.getElementById(`${id}-drawing`);
  if (heightRem) { box.style.height = `${heightRem}rem`; }
  box.hidden = false;
  try {
    const chart = new window.Chart(canvas, config);
    if (drawing) { drawing.hidden = true; }
    canvas.dataset.drawn = "true";
    return chart;
  } catch (error) {
    box.hidden = true;
    throw error;
  }
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
  const scales = { x: { stacked: true, ticks: FLAT_TICKS }, y: { stacked: true, beginAtZero: true,
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

// Before and now, per figure: horizontal bars, the figure's name as the row label.
function treatmentComparison(data, text) {
  const tm = data.treatment;
  if (!tm.baseline || !tm.latest) { return null; }
  return draw("chart-treatment", {
    type: "bar",
    data: { labels: tm.figures.map((name) => text[name]), datasets: [
      { label: text.before_treatment, data: tm.figures.map((name) => tm.baseline[name]),
        backgroundColor: COLOURS.before },
      { label: text.latest_28, data: tm.figures.map((name) => tm.latest[name]),
        backgroundColor: COLOURS.line },
    ] },
    options: baseOptions({ indexAxis: "y", scales: {
      x: { beginAtZero: true, title: { display: true, text: text.days } },
      y: { ticks: { autoSkip: false } } } }),
  }, rowsHeight(tm.figures.map(() => ["", ""])));
}

// Worst pain on every day of the period: null (not recorded) breaks the line.
function intensity(data, text) {
  const daily = data.intensity.daily;
  return draw("chart-intensity", {
    type: "line",
    data: { labels: daily.labels, datasets: [{
      label: text.worst_pain, data: daily.values, borderColor: COLOURS.line,
      backgroundColor: COLOURS.line, tension: 0, spanGaps: false,
      pointRadius: (context) => (context.raw ? 3 : 1.5), // a day without headache: small
      borderWidth: 1.5,
    }] },
    options: baseOptions({ plugins: { legend: { display: false } },
      scales: { x: { ticks: FLAT_TICKS }, y: { min: 0, max: 10,
        title: { display: true, text: text.worst_pain } } } }),
  });
}

// A row label in two lines: the factor, then when (a long name never squeezes the plot).
function forestLabels(shown, text) {
  return shown.map((item) => wrapWords(item.label, "chart-triggers").concat(
    [item.lag === 0 ? text.same_day : text.day_before]));
}

// The forest plot: per factor and lag the 95% interval as a thin bar and the ratio as a
// square, on a log scale, with the dashed line of "no difference" at 1.
function triggers(data, text) {
  const shown = data.triggers.shown;
  if (!shown.length) { return null; }
  const values = shown.flatMap((item) => [item.low, item.high]);
  const labels = forestLabels(shown, text);
  return draw("chart-triggers", {
    type: "bar",
    data: { labels, datasets: [
      { type: "bar", label: text.interval, data: shown.map((i) => [i.low, i.high]),
        backgroundColor: COLOURS.interval, borderColor: COLOURS.interval, barThickness: 3 },
      { type: "line", indexAxis: "y", label: text.ratio, data: shown.map((i) => i.risk_ratio),
        showLine: false, pointRadius: 6, pointStyle: "rect", borderColor: COLOURS.interval,
        backgroundColor: COLOURS.interval },
      { type: "line", indexAxis: "y", label: text.no_difference, data: shown.map(() => 1),
        borderColor: COLOURS.grid, borderDash: [6, 4], pointRadius: 0, borderWidth: 1 },
    ] },
    options: baseOptions({ indexAxis: "y", scales: {
      x: { type: "logarithmic", min: Math.min(0.25, ...values), max: Math.max(4, ...values),
        title: { display: true, text: text.ratio },
        afterBuildTicks: (axis) => {
          axis.ticks = RATIO_TICKS.filter((v) => v >= axis.min && v <= axis.max)
            .map((value) => ({ value }));
        },
        ticks: { maxRotation: 0, callback: (value) => value.toLocaleString(document.documentElement.lang) } },
      y: { ticks: { autoSkip: false } } } }),
  }, rowsHeight(labels));
}

// Days with each kind of medication as a horizontal bar, its limit as a thick mark.
function medication(data, text) {
  const med = data.medication;
  if (!med.days.length) { return null; }
  const labels = med.labels.map((name, i) => wrapWords(name, "chart-medication").concat(
    [`${text.days_taken}: ${med.days[i]}`, `${text.limit} ${med.limits[i]}`]));
  return draw("chart-medication", {
    type: "bar",
    data: { labels, datasets: [
      { type: "bar", label: text.days_taken, data: med.days, backgroundColor: COLOURS.line },
      { type: "line", indexAxis: "y", label: text.limit, data: med.limits, showLine: false,
        pointRadius: 12, pointStyle: "line", rotation: 90, borderWidth: 3,
        borderColor: COLOURS.limit, backgroundColor: COLOURS.limit },
    ] },
    options: baseOptions({ indexAxis: "y", scales: {
      x: { beginAtZero: true, suggestedMax: 16, ticks: { precision: 0, maxRotation: 0 } },
      y: { ticks: { autoSkip: false } } } }),
  }, rowsHeight(labels));
}

function onset(id, labels, values, text) {
  return draw(id, {
    type: "bar",
    data: { labels, datasets: [{ label: text.headaches, data: values, backgroundColor: COLOURS.line }] },
    options: baseOptions({ plugins: { legend: { display: false } },
      scales: { x: { ticks: FLAT_TICKS }, y: { beginAtZero: true, ticks: { precision: 0 } } } }),
  });
}

// Chart.js draws on a transparent canvas: its text, grid and series take the theme's tokens
// from app.css, so a dark or dim page gets readable charts (the SVG keeps its white card).
function followTheme() {
  const style = getComputedStyle(document.documentElement);
  const token = (name) => style.getPropertyValue(name).trim();
  if (style.getPropertyValue("color-scheme").trim() !== "dark") { return; }
  Object.entries(THEME_TOKENS).forEach(([key, name]) => {
    if (token(name)) { COLOURS[key] = token(name); }
  });
  window.Chart.defaults.color = token("--color-text") || window.Chart.defaults.color;
  window.Chart.defaults.borderColor = token("--color-line") || window.Chart.defaults.borderColor;
}

// A chart is drawn when it comes near the screen, each in a task of its own: the page's first
// paint and first taps never wait for charts far below (the server's SVG is there meanwhile).
function whenNearScreen(id, drawChart) {
  const canvas = document.getElementById(id);
  if (!canvas) { return; }
  const card = canvas.closest(".chart") || canvas.parentElement.parentElement;
  if (!("IntersectionObserver" in window)) { drawChart(); return; }
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) { return; }
    observer.disconnect();
    window.setTimeout(drawChart, 0);
  }, { rootMargin: "200px 0px" });
  observer.observe(card);
}

document.addEventListener("DOMContentLoaded", () => {
  const data = readJson("dashboard-data");
  const text = readJson("dashboard-text");
  if (!data || !text || !window.Chart) { return; }
  followTheme();
  const charts = {
    "chart-headache-days": () => headacheDays(data, text),
    "chart-treatment": () => treatmentComparison(data, text),
    "chart-intensity": () => intensity(data, text),
    "chart-triggers": () => triggers(data, text),
    "chart-medication": () => medication(data, text),
    "chart-onset-hour": () => onset("chart-onset-hour", data.onset.hour_labels,
                                    data.onset.hours, text),
    "chart-onset-weekday": () => onset("chart-onset-weekday", data.onset.weekday_labels,
                                       data.onset.weekdays, text),
  };
  Object.entries(charts).forEach(([id, drawChart]) => whenNearScreen(id, drawChart));
});
