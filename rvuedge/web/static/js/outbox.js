// Cases waiting to be sent, kept in IndexedDB so a reload or a closed tab loses nothing.
// Each keeps its client-chosen id: the server's idempotent create makes every retry safe, so a
// reload in the middle of a send can neither lose the case nor store it twice.

import { ApiError, OfflineError, api } from "./api.js";

const DB_NAME = "rvuedge";
const STORE = "outbox";
let flushing = null;
const listeners = new Set();
const SEND_TIMEOUT_MS = 20000;

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

export function onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); }
function changed() { for (const listener of listeners) listener(); }

export async function enqueue(owner, body) {
  const item = { id: body.id, owner, body, state: "waiting", error: null, queued_at: new Date().toISOString() };
  await withStore("readwrite", (store) => store.put(item));
  changed();
  return item;
}

export async function items(owner) {
  const all = (await withStore("readonly", (store) => store.getAll())) || [];
  return all.filter((item) => item.owner === owner).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
}

export async function remove(id) {
  await withStore("readwrite", (store) => store.delete(id));
  changed();
}

async function markFailed(item, detail) {
  await withStore("readwrite", (store) => store.put({ ...item, state: "failed", error: detail }));
}

// The last cases this device sent from its outbox, so the screen can say what went out.
function sentKey(owner) { return `rvuedge.sent.${owner}`; }

function rememberSent(owner, item, stored) {
  const entry = {
    id: item.id, date_of_service: item.body.date_of_service, codes: item.body.lines.map((l) => l.code),
    waited: (item.tries || 0) > 0,
    total_wrvu: stored.total_wrvu, queued_at: item.queued_at, sent_at: new Date().toISOString(),
  };
  localStorage.setItem(sentKey(owner), JSON.stringify([entry, ...recentlySent(owner)].slice(0, 10)));
}

// Entries older than a day are dropped as they are read: the list is about what just went out.
export function recentlySent(owner) {
  let entries;
  try { entries = JSON.parse(localStorage.getItem(sentKey(owner))) || []; } catch { entries = []; }
  const dayAgo = new Date(Date.now() - 86400000).toISOString();
  const fresh = entries.filter((e) => e.sent_at > dayAgo);
  if (fresh.length !== entries.length) localStorage.setItem(sentKey(owner), JSON.stringify(fresh));
  return fresh;
}

// A deleted case leaves the list of sent cases.
export function forgetSent(owner, id) {
  const entries = recentlySent(owner);
  const kept = entries.filter((e) => e.id !== id);
  if (kept.length !== entries.length) localStorage.setItem(sentKey(owner), JSON.stringify(kept));
}

// No connection: every case still waiting has now waited (Home lists them once they are sent).
async function markWaited(owner) {
  const waiting = (await items(owner)).filter((item) => item.state === "waiting");
  await withStore("readwrite", (store) => {
    for (const item of waiting) store.put({ ...item, tries: (item.tries || 0) + 1 });
  });
}

// Send every waiting case of this owner. Returns {sent: [case...], failed, waiting}.
export function flush(owner) {
  if (!flushing) {
    flushing = send(owner).finally(() => { flushing = null; changed(); });
  }
  return flushing;
}

async function send(owner) {
  const sent = [];
  let offline = false;
  for (const item of await items(owner)) {
    if (item.state !== "waiting") continue;
    try {
      const stored = await api("/cases", { method: "POST", body: item.body, timeoutMs: SEND_TIMEOUT_MS });
      await remove(item.id);
      rememberSent(owner, item, stored);
      sent.push(stored);
    } catch (error) {
      if (error instanceof OfflineError) {
        offline = true;
        await markWaited(owner);
        break;
      }
      if (error instanceof ApiError && error.status >= 400 && error.status < 500
          && ![401, 408, 429].includes(error.status)) {
        await markFailed(item, error.message);
        continue;
      }
      break; // a server error or a lost session: keep it waiting and try again later
    }
  }
  const left = await items(owner);
  return {
    sent,
    offline,
    waiting: left.filter((i) => i.state === "waiting").length,
    failed: left.filter((i) => i.state === "failed").length,
  };
}
