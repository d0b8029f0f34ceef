// Small DOM helpers: build elements without innerHTML (no markup injection), format figures.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "value") {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(root, ...children) {
  root.replaceChildren();
  append(root, children);
}

// Figures arrive as JSON numbers or strings; show them with two decimals, grouped.
export function num(value, digits = 2) {
  if (value === null || value === undefined || value === "") return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function money(value) {
  if (value === null || value === undefined) return "–";
  return "$" + num(value, 0);
}

let toastTimer = null;
export function toast(message, ms = 3500) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, ms);
}

// Field names as a person says them, for problem details that name fields.
const FIELD_WORDS = {
  date_of_service: "Date of service", lines: "Lines", code: "Code", modifiers: "Modifiers",
  units: "Units", site: "Site", note: "Note", setting: "Setting", role: "Role",
  related_case_id: "Original case", display_name: "Name", time_zone: "Time zone",
  clinical_fte: "Clinical FTE", monthly_wrvu_goal: "Monthly wRVU goal",
  annual_wrvu_goal: "Annual wRVU goal", fiscal_year_start_month: "Fiscal year start",
  locality: "Medicare locality", specialty: "Specialty", password: "Password",
  current_password: "Current password", new_password: "New password", email: "Email",
  name: "Name", label: "Label", text: "Typed entry", version: "Version",
};

export function inWords(text) {
  return String(text).replace(/\b([a-z]+(?:_[a-z]+)+)\b/g, (m) => FIELD_WORDS[m] ? FIELD_WORDS[m].toLowerCase() : m.replaceAll("_", " "))
    .replace(/^([a-z])/, (c) => c.toUpperCase());
}

function where(loc) {
  const parts = loc.filter((p) => p !== "body");
  const words = [];
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i];
    if (typeof p === "number") words.push(parts[i - 1] === "lines" ? `line ${p + 1}` : `#${p + 1}`);
    else if (p !== "lines" || typeof parts[i + 1] !== "number") words.push(FIELD_WORDS[p] || String(p).replaceAll("_", " "));
  }
  const text = words.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// A problem-details answer in words: its detail, then each field error.
export function problemText(error) {
  const problem = error && error.problem ? error.problem : {};
  const parts = [inWords(problem.detail || problem.title || error.message || "Something went wrong")];
  for (const item of problem.errors || []) {
    const place = Array.isArray(item.loc) ? where(item.loc) : item.field ? (FIELD_WORDS[item.field] || item.field) : "";
    const message = item.msg || item.message;
    if (message && (parts[0].includes(message) || parts[0].includes(inWords(message)))) continue; // the detail already says it
    parts.push(place ? `${place}: ${message}` : message);
  }
  return parts.join(" · ");
}

export function notice(kind, text) {
  return h("p", { class: `notice ${kind}`, role: kind === "bad" ? "alert" : "status" }, text);
}

// crypto.randomUUID exists only on secure origins; a phone on plain http over the LAN lacks it.
export function uuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function field(labelText, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h("div", {}, h("label", { for: id }, labelText), input, hint ? h("p", { class: "muted small" }, hint) : null);
}
