// The app shell: a hash router over the screens, the signed-in context, the connection status and
// the outbox of cases waiting to be sent.

import { OfflineError, api, onSignedOut, tokens } from "./api.js";
import { todayIn } from "./dates.js";
import * as outbox from "./outbox.js";
import { signIn, signUp } from "./screens/auth.js";
import { caselog, isResident } from "./screens/caselog.js";
import { cases } from "./screens/cases.js";
import { globals } from "./screens/globals.js";
import { group, groups } from "./screens/groups.js";
import { files } from "./screens/files.js";
import { home, offlineHome } from "./screens/home.js";
import { logScreen } from "./screens/log.js";
import { notFound } from "./screens/notfound.js";
import { reports } from "./screens/reports.js";
import { settings } from "./screens/settings.js";
import { h, mount, notice, problemText, toast } from "./ui.js";

const view = document.getElementById("view");
const tabs = document.getElementById("tabs");
const net = document.getElementById("net");
const ME = "rvuedge.me";

const ctx = {
  me: null,
  today() { return todayIn(this.me ? this.me.time_zone : undefined); },
  // Screens that leave a case in the outbox hand it over here to be retried.
  sendWaiting() { return sendWaiting(); },
};

const routes = [
  [/^#\/signin$/, "signin", signIn, false],
  [/^#\/signup$/, "signup", signUp, false],
  [/^#\/?$/, "home", home, true],
  [/^#\/log$/, "log", (v, c) => logScreen(v, c, null), true],
  [/^#\/case\/([0-9a-fA-F-]{36})$/, "home", (v, c, id) => logScreen(v, c, id), true],
  [/^#\/cases(?:\?(.*))?$/, "home", (v, c, q) => cases(v, c, q || ""), true],
  [/^#\/reports$/, "reports", reports, true],
  [/^#\/files$/, "reports", files, true],
  [/^#\/globals$/, "globals", globals, true],
  [/^#\/settings$/, "settings", settings, true],
  [/^#\/caselog$/, "caselog", caselog, true],
  [/^#\/groups$/, "settings", (v, c) => groups(v, c, null), true],
  [/^#\/groups\/join\/([A-Za-z0-9-]{1,40})$/, "settings", groups, true],
  [/^#\/groups\/([0-9a-fA-F-]{36})$/, "settings", group, true],
];
const NOT_FOUND = [/^/, "", notFound, true];

async function loadMe() {
  try {
    ctx.me = await api("/me");
    localStorage.setItem(ME, JSON.stringify(ctx.me));
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    ctx.me = JSON.parse(localStorage.getItem(ME) || "null");
  }
}

let rendering = 0;
async function render() {
  const run = ++rendering;
  const hash = location.hash || "#/";
  const [pattern, tab, screen, needsUser] = routes.find(([re]) => re.test(hash)) || NOT_FOUND;
  const params = (hash.match(pattern) || []).slice(1);
  if (needsUser && !tokens.get()) {
    sessionStorage.setItem("rvuedge.return", hash);
    location.hash = "#/signin";
    return;
  }
  try {
    if (needsUser && !ctx.me) await loadMe();
    if (needsUser && !ctx.me) { location.hash = "#/signin"; return; }
  } catch (error) {
    if (run !== rendering) return; // the session ended and sign-in is already drawn
    mount(view, notice("bad", problemText(error)));
    return;
  }
  tabs.hidden = !needsUser;
  tabs.querySelector("[data-tab=caselog]").hidden = !isResident(ctx);
  for (const link of tabs.querySelectorAll("a")) {
    if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // Each render draws into its own container: a slow screen the user has already left writes
  // into a detached element instead of over the screen they went to.
  const container = h("div");
  view.replaceChildren(container);
  try {
    await screen(container, ctx, ...params);
  } catch (error) {
    if (run !== rendering) return;
    if (error instanceof OfflineError && tab === "home") offlineHome(container, ctx);
    else if (error instanceof OfflineError) mount(container, notice("warn", "You are offline. This screen needs the connection; you can still log cases."), h("p", {}, h("a", { href: "#/log" }, "Log a case")));
    else mount(container, notice("bad", problemText(error)));
  }
  updateNet();
}

async function updateNet() {
  const waiting = ctx.me ? (await outbox.items(ctx.me.id)).length : 0;
  const parts = [];
  if (!navigator.onLine) parts.push("Offline");
  if (waiting) parts.push(`${waiting} waiting to send`);
  net.textContent = parts.join(" · ");
  net.className = `net${parts.length ? " offline" : ""}`;
}

// Cases still waiting while the device says it is online are tried again soon, then less often:
// the first request after the signal returns often fails, and the next "online" event may never come.
let retryTimer = null;
let retryDelayMs = 0;

async function sendWaiting() {
  if (!ctx.me || !tokens.get()) return;
  const result = await outbox.flush(ctx.me.id);
  if (result.sent.length) {
    toast(`${result.sent.length} case${result.sent.length === 1 ? "" : "s"} sent`);
    if ((location.hash || "#/") === "#/" || location.hash === "#") render();
  }
  updateNet();
  clearTimeout(retryTimer);
  if (result.waiting && navigator.onLine) {
    retryDelayMs = Math.min(retryDelayMs ? retryDelayMs * 2 : 1000, 30000);
    retryTimer = setTimeout(sendWaiting, retryDelayMs);
  } else {
    retryDelayMs = 0;
  }
}

onSignedOut(() => {
  tokens.clear();
  ctx.me = null;
  // Several requests of one screen may each find the session gone: remember the screen once.
  if (/^#\/sign(in|up)$/.test(location.hash)) return;
  sessionStorage.setItem("rvuedge.return", location.hash || "#/");
  toast("Your session ended. Sign in again; your unsaved case is kept.");
  location.hash = "#/signin";
});
outbox.onChange(updateNet);
window.addEventListener("hashchange", render);
window.addEventListener("online", () => { retryDelayMs = 0; updateNet(); sendWaiting(); });
window.addEventListener("offline", updateNet);
setInterval(() => { if (navigator.onLine) sendWaiting(); }, 30000);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => { /* plain http off localhost: no worker */ });
}

render().then(sendWaiting);
