// The API client: bearer tokens kept in localStorage, refreshed once on a 401 as the API intends
// (each refresh token works once), problem details turned into ApiError.

const API = "/api/v1";
const TOKENS = "rvuedge.tokens";

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export class OfflineError extends Error {}

export const tokens = {
  get() {
    try { return JSON.parse(localStorage.getItem(TOKENS)); } catch { return null; }
  },
  set(pair) { localStorage.setItem(TOKENS, JSON.stringify(pair)); },
  clear() { localStorage.removeItem(TOKENS); },
};

let signedOutHandler = () => {};
export function onSignedOut(handler) { signedOutHandler = handler; }

let refreshing = null;
function refreshTokens() {
  if (!refreshing) {
    refreshing = (async () => {
      const pair = tokens.get();
      if (!pair || !pair.refresh_token) return false;
      let response;
      try {
        response = await fetch(`${API}/auth/refresh`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: pair.refresh_token }),
        });
      } catch {
        throw new OfflineError("No connection");
      }
      if (!response.ok) { tokens.clear(); return false; }
      tokens.set(await response.json());
      return true;
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

// timeoutMs: a request that hangs (one bar of signal) counts as no connection, so a waiting case is
// retried instead of blocking every later send behind it.
export async function api(path, { method = "GET", body, form, files, auth = true, blob = false, timeoutMs } = {}) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const headers = { Accept: "application/json, application/problem+json" };
    const pair = tokens.get();
    if (auth && pair) headers.Authorization = `Bearer ${pair.access_token}`;
    let payload;
    if (files) payload = files; // a FormData: the browser writes the multipart boundary itself
    else if (form) payload = new URLSearchParams(form);
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    let response;
    try {
      const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
      response = await fetch(`${API}${path}`, { method, headers, body: payload, signal });
    } catch {
      throw new OfflineError("No connection");
    }
    if (response.status === 401 && auth && pair) {
      if (attempt === 0 && await refreshTokens()) continue;
      // Refused even with fresh tokens (a server that changed its signing key): sign in again
      // rather than stay on a screen that can only show the refusal.
      signedOutHandler();
    }
    if (response.status === 204) return null;
    if (response.ok && blob) return response;
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : { detail: await response.text() };
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  throw new ApiError(401, { detail: "Your session has ended; please sign in again." });
}

let openapi = null;
// The operations this server offers, so optional screens (sites, exports) appear only when built.
export async function hasOperation(path) {
  if (!openapi) {
    try { openapi = await api("/openapi.json", { auth: false }); } catch { return false; }
  }
  return Boolean(openapi.paths && openapi.paths[`${API}${path}`]);
}

// Fetch a file the API makes (an export, a PDF) and hand it to the browser as a download.
export async function download(path, filename) {
  const response = await api(path, { blob: true });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
