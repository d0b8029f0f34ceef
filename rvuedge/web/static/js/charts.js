// Two small SVG charts drawn here rather than with a chart library: bars with a goal line, and
// the benchmark's percentile curve with the physician's position on it.

const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function niceMax(value) {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// "2026-11" -> "Nov 26"; other labels as they are.
function shortLabel(label) {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  return month ? `${MONTHS[Number(month[2]) - 1]} ${month[1].slice(2)}` : label;
}

// bars: [{label, value}], goal: number|null
export function barChart(bars, { goal = null, title = "Chart" } = {}) {
  const width = 360, height = 200, left = 40, bottom = 28, top = 20, right = 8;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = niceMax(Math.max(goal || 0, ...bars.map((b) => b.value), 0));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  for (const frac of [0, 0.5, 1]) {
    const y = top + plotH * (1 - frac);
    svg.append(s("line", { x1: left, x2: width - right, y1: y, y2: y, class: "axis" }));
    svg.append(s("text", { x: left - 4, y: y + 4, "text-anchor": "end" }, Math.round(max * frac)));
  }
  const slot = plotW / Math.max(bars.length, 1);
  const every = Math.ceil(bars.length / 6); // at most six labels: readable on a phone
  bars.forEach((bar, i) => {
    const barH = (bar.value / max) * plotH;
    const x = left + i * slot + slot * 0.15;
    const rect = s("rect", { x, y: top + plotH - barH, width: slot * 0.7, height: Math.max(barH, 0), class: "bar" });
    rect.append(s("title", {}, `${bar.label}: ${bar.value.toFixed(2)} wRVU`));
    svg.append(rect);
    if (i % every === 0) {
      svg.append(s("text", { x: x + slot * 0.35, y: height - 10, "text-anchor": "middle" }, shortLabel(bar.label)));
    }
  });
  if (goal) {
    const y = top + plotH * (1 - goal / max);
    svg.append(s("line", { x1: left, x2: width - right, y1: y, y2: y, class: "goal" }));
    svg.append(s("text", { x: width - right, y: y - 4, "text-anchor": "end" }, `goal ${Math.round(goal)}`));
  }
  return svg;
}

// points: {"p25": 5000, ...}; you: wRVU per FTE; percentile: number|null
export function percentileCurve(points, you, percentile, { title = "Benchmark" } = {}) {
  const entries = Object.entries(points)
    .map(([k, v]) => [Number(String(k).replace(/\D/g, "")), Number(v)])
    .filter(([p, v]) => Number.isFinite(p) && Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  const width = 360, height = 200, left = 46, bottom = 30, top = 12, right = 10;
  const plotW = width - left - right, plotH = height - top - bottom;
  const maxV = niceMax(Math.max(you || 0, ...entries.map((e) => e[1])));
  const x = (p) => left + (p / 100) * plotW;
  const y = (v) => top + plotH * (1 - v / maxV);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": title });
  svg.append(s("title", {}, title));
  svg.append(s("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, class: "axis" }));
  svg.append(s("text", { x: left - 4, y: top + 8, "text-anchor": "end" }, Math.round(maxV)));
  svg.append(s("text", { x: left - 4, y: top + plotH, "text-anchor": "end" }, "0"));
  svg.append(s("polyline", { points: entries.map(([p, v]) => `${x(p)},${y(v)}`).join(" "), class: "curve" }));
  for (const [p, v] of entries) {
    svg.append(s("circle", { cx: x(p), cy: y(v), r: 3, class: "bar" }));
    svg.append(s("text", { x: x(p), y: height - 12, "text-anchor": "middle" }, `p${p}`));
  }
  if (you !== null && you !== undefined) {
    const p = percentile === null || percentile === undefined ? (you > (entries.at(-1) || [0, 0])[1] ? 100 : 0) : Number(percentile);
    const marker = s("circle", { cx: x(Math.min(Math.max(p, 0), 100)), cy: y(Math.min(you, maxV)), r: 7, class: "you" });
    marker.append(s("title", {}, `You: ${Number(you).toFixed(0)} wRVU per FTE`));
    svg.append(marker);
    svg.append(s("text", { x: x(Math.min(Math.max(p, 0), 100)), y: y(Math.min(you, maxV)) - 10, "text-anchor": "middle" }, "you"));
  }
  return svg;
}
