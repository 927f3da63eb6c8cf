// The dashboard's shell: the session (the API key lives in this tab's sessionStorage only), calls to the JSON API
// with the key as a bearer token, routing on the URL's fragment (#/jobs, #/jobs/<id>), and the refresh loop.
import { renderJob, renderJobs } from "/dashboard/views.js";

const KEY = "batchjobs.apiKey";
const VERSION = "2026-04-22.preview";
const $ = (id) => document.getElementById(id);
let timer = null;
let generation = 0;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || "HTTP " + status);
    this.status = status;
  }
}

function key() {
  return sessionStorage.getItem(KEY);
}

/** Calls the API on this origin with the session's key; a 401 signs out. */
export async function api(method, path, body) {
  const headers = { Authorization: "Bearer " + key(), "Stripe-Version": VERSION };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
  const json = await response.json().catch(() => null);
  if (response.status === 401) {
    signOut("The API key was refused: sign in again.");
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

export function say(text) {
  const box = $("message");
  box.textContent = text || "";
  box.hidden = !text;
}

function signOut(reason) {
  sessionStorage.removeItem(KEY);
  stopRefresh();
  show();
  say(reason);
}

function stopRefresh() {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
}

/** Renders the view the fragment names, and again after `every` ms while the view asks for it. */
async function show() {
  stopRefresh();
  const mine = ++generation;
  const signedIn = key() !== null;
  $("sign-in").hidden = signedIn;
  $("sign-out").hidden = !signedIn;
  const view = $("view");
  if (!signedIn) {
    view.replaceChildren();
    $("account").textContent = "";
    return;
  }
  $("account").textContent = key().startsWith("sk_live_") ? "live mode" : "test mode";
  const route = location.hash.replace(/^#\/?/, "");
  const jobMatch = /^jobs\/([A-Za-z0-9_]+)/.exec(route);
  const statusMatch = /status=([a-z_]+)/.exec(route);
  const pageMatch = /[?&]page=([^&]+)/.exec(route);
  const tick = async () => {
    let again;
    try {
      again = jobMatch
        ? await renderJob(view, jobMatch[1], { api, say, refresh: show })
        : await renderJobs(view, statusMatch ? statusMatch[1] : "", pageMatch ? decodeURIComponent(pageMatch[1]) : null,
          { api, say });
      if (mine === generation) {
        say("");
      }
    } catch (error) {
      if (mine === generation && key() !== null) {
        say(error.message);
      }
      again = true;
    }
    if (mine === generation && again && key() !== null) {
      timer = setTimeout(tick, jobMatch ? 1000 : 3000);
    }
  };
  await tick();
}

async function signIn(event) {
  event.preventDefault();
  const input = $("api-key");
  const typed = input.value.trim();
  input.value = "";
  sessionStorage.setItem(KEY, typed);
  try {
    await api("GET", "/v2/core/batch_jobs?limit=1");
  } catch (error) {
    if (key() !== null) {
      signOut(error.message);
    }
    return;
  }
  say("");
  if (!location.hash.startsWith("#/jobs")) {
    location.hash = "#/jobs";
  }
  show();
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut(""));
  window.addEventListener("hashchange", show);
  show();
});
