// The dashboard's views, built with DOM calls only: every value from the API goes in as text (textContent or a
// text node), never as markup, since job metadata, identifiers and failure reasons are whatever a client sent.
const STATUSES = ["ready_for_upload", "validating", "in_progress", "paused", "cancelling", "complete", "canceled",
  "timeout", "validation_failed", "batch_failed", "upload_timeout"];
const TERMINAL = new Set(["complete", "canceled", "timeout", "validation_failed", "batch_failed", "upload_timeout"]);
const CANCELABLE = new Set(["ready_for_upload", "validating", "in_progress", "paused"]);
/** Statuses whose committed results can be read while the job runs (GET .../results). */
const RUNNING = new Set(["in_progress", "paused", "cancelling"]);
const FAILURES_PER_PAGE = 10;

/** An element with attributes (class, on<event> listeners, others as attributes) and text or element children. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "class") {
      node.className = value;
    } else if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  }
  return node;
}

const details = (job) => (job.status_details && job.status_details[job.status]) || {};
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
const metadata = (job) => Object.entries(job.metadata || {}).map(([k, v]) => k + "=" + v).join(", ");
const badge = (status) => el("span", { class: "status status-" + status, "data-status": status }, status);

/** Only http(s) URLs become links: a download URL is the API's, but nothing else should ever be followed. */
function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

/** The same-origin path of a next_page_url (relative or absolute). */
function pathOf(url) {
  const parsed = new URL(url, location.href);
  return parsed.origin === location.origin ? parsed.pathname + parsed.search : null;
}

/** The fragment of the jobs list with this filter and, past the first page, this page token. */
const listHash = (status, token) => "#/jobs" + (status || token ? "?" : "")
  + [status ? "status=" + encodeURIComponent(status) : "", token ? "page=" + encodeURIComponent(token) : ""]
    .filter(Boolean).join("&");

export async function renderJobs(view, status, token, ctx) {
  const query = "/v2/core/batch_jobs?limit=50" + (status ? "&status=" + encodeURIComponent(status) : "")
    + (token ? "&page=" + encodeURIComponent(token) : "");
  const page = await ctx.api("GET", query);
  const older = page.next_page_url ? new URL(page.next_page_url, location.href).searchParams.get("page") : null;
  const jobs = page.data.slice().sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  const filter = el("select", {
    id: "status-filter",
    onchange: (event) => {
      location.hash = listHash(event.target.value, null);
    },
  }, el("option", { value: "" }, "all statuses"), ...STATUSES.map((s) => el("option", { value: s }, s)));
  filter.value = status;
  const rows = jobs.map((job) => {
    const d = details(job);
    const done = d.success_count === undefined ? "" : Number(d.success_count) + Number(d.failure_count);
    return el("tr", { "data-job": job.id },
      el("td", {}, el("a", { href: "#/jobs/" + encodeURIComponent(job.id), class: "job-link" }, job.id)),
      el("td", {}, badge(job.status)),
      el("td", {}, job.endpoint.http_method.toUpperCase() + " " + job.endpoint.path),
      el("td", {}, done === "" ? "—" : done + (d.total_count ? " / " + d.total_count : "")),
      el("td", {}, when(job.created)),
      el("td", {}, metadata(job)));
  });
  const table = el("table", { id: "jobs" },
    el("thead", {}, el("tr", {}, ...["Job", "Status", "Endpoint", "Rows done", "Created", "Metadata"]
      .map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows));
  view.removeAttribute("data-job");
  view.replaceChildren(
    el("h2", {}, "Jobs"),
    el("p", { class: "actions" }, el("label", {}, "Status ", filter),
      el("span", { class: "muted" }, "newest first; " + jobs.length + " shown" + (token ? ", an older page" : ""))),
    jobs.length ? table : el("p", { id: "no-jobs", class: "muted" }, "No jobs."),
    el("p", { class: "actions" },
      ...(token ? [el("a", { id: "jobs-newest", href: listHash(status, null) }, "Newest jobs")] : []),
      ...(older ? [el("a", { id: "jobs-older", href: listHash(status, older) }, "Older jobs")] : [])));
  return jobs.some((job) => !TERMINAL.has(job.status));
}

/** The job's page: built once per job, then brought up to date on every refresh. */
let state = {};

function skeleton(view, id, ctx) {
  // A POST on this job; then the page refreshes, or `then` takes the answer.
  const act = (path, body, then) => async () => {
    try {
      const answer =
        await ctx.api("POST", "/v2/core/batch_jobs/" + encodeURIComponent(id) + path, body ? body() : undefined);
      (then || ctx.refresh)(answer);
    } catch (error) {
      ctx.say(error.message);
    }
  };
  const rate = el("input", { id: "rate", type: "number", min: "1", max: "100", "aria-label": "maximum rps" });
  const retry = (only) => act("/retry", () => ({ only }), (child) => {
    location.hash = "#/jobs/" + encodeURIComponent(child.id);
  });
  const soFar = async () => {
    try {
      const results = await ctx.api("GET", "/v2/core/batch_jobs/" + encodeURIComponent(id) + "/results");
      const url = safeUrl(results.download_url && results.download_url.url);
      document.getElementById("so-far").replaceChildren(...(url ? [el("a", { id: "so-far-link", href: url,
        download: "", rel: "noreferrer" }, results.row_count + " rows as of " + when(results.as_of)
        + (results.truncated ? " (truncated)" : ""))] : []));
    } catch (error) {
      ctx.say(error.message);
    }
  };
  state = { id, failuresPath: null, failureCount: null, rate };
  view.setAttribute("data-job", id);
  view.replaceChildren(
    el("p", {}, el("a", { href: "#/jobs" }, "← all jobs")),
    el("div", { class: "card" },
      el("h2", {}, el("span", { id: "job-id" }, id), " ", el("span", { id: "job-status" })),
      el("p", { id: "job-endpoint", class: "muted" }),
      el("progress", { id: "job-progress", max: "1" }),
      el("p", { id: "progress-label" }),
      el("dl", { id: "counts", class: "counts" }),
      el("div", { class: "actions" },
        el("button", { id: "cancel", type: "button", onclick: act("/cancel") }, "Cancel"),
        el("button", { id: "pause", type: "button", onclick: act("/pause") }, "Pause"),
        el("button", { id: "resume", type: "button", onclick: act("/resume") }, "Resume"),
        el("label", {}, "Rate ", rate, " rps"),
        el("button", { id: "set-rate", type: "button", onclick: act("", () => ({ maximum_rps: Number(rate.value) })) },
          "Set rate"),
        el("button", { id: "retry", type: "button", onclick: retry("retryable") }, "Retry failed rows"),
        el("button", { id: "retry-all", type: "button", onclick: retry("all") }, "Retry every failed row"),
        el("button", { id: "results-so-far", type: "button", onclick: soFar }, "Results so far"),
        el("span", { id: "so-far" })),
      el("p", { id: "lineage", class: "muted" }),
      el("p", { id: "downloads", class: "actions" })),
    el("div", { class: "card" }, el("h3", {}, "Failures"),
      el("table", { id: "failures" }, el("thead", {}, el("tr", {}, ...["Row", "Identifier", "Reason"]
        .map((h) => el("th", {}, h)))), el("tbody", {})),
      el("p", { class: "actions" },
        el("button", { id: "failures-first", type: "button", onclick: () => loadFailures(ctx, null) }, "First page"),
        el("button", { id: "failures-next", type: "button", onclick: () => loadFailures(ctx, state.nextFailures) },
          "Next page")),
      el("pre", { id: "failure-detail", hidden: "" })),
    el("div", { class: "card" }, el("h3", {}, "Events"), el("ol", { id: "timeline", class: "timeline" })));
}

async function loadFailures(ctx, path) {
  const first = "/v2/core/batch_jobs/" + encodeURIComponent(state.id) + "/failures?limit=" + FAILURES_PER_PAGE;
  state.failuresPath = path || first;
  const page = await ctx.api("GET", state.failuresPath);
  state.nextFailures = page.next_page_url ? pathOf(page.next_page_url) : null;
  document.getElementById("failures-next").disabled = !state.nextFailures;
  const detail = document.getElementById("failure-detail");
  const rows = page.data.map((failure) => {
    const row = el("tr", { class: "clickable failure", "data-failure": failure.id },
      el("td", {}, failure.item_index), el("td", {}, failure.item_identifier), el("td", {}, failure.reason));
    row.addEventListener("click", () => {
      document.querySelectorAll("tr.failure.selected").forEach((r) => r.classList.remove("selected"));
      row.classList.add("selected");
      detail.textContent = JSON.stringify(failure, null, 2);
      detail.hidden = false;
    });
    return row;
  });
  document.querySelector("#failures tbody").replaceChildren(...(rows.length ? rows
    : [el("tr", {}, el("td", { colspan: "3", class: "muted" }, "No failed rows."))]));
}

function download(id, label, file) {
  const url = file && file.download_url && safeUrl(file.download_url.url);
  return url ? [el("a", { id, href: url, download: "", rel: "noreferrer" }, label + " (" + file.size + " bytes)")] : [];
}

export async function renderJob(view, id, ctx) {
  if (state.id !== id || view.getAttribute("data-job") !== id) {
    skeleton(view, id, ctx);
  }
  const job = await ctx.api("GET", "/v2/core/batch_jobs/" + encodeURIComponent(id));
  const d = details(job);
  const success = Number(d.success_count || 0);
  const failed = Number(d.failure_count || 0);
  const total = d.total_count ? Number(d.total_count) : null;
  const bar = document.getElementById("job-progress");
  if (job.status === "complete" && total === null) {
    bar.max = 1;
    bar.value = 1;
  } else if (total !== null) {
    bar.max = Math.max(total, 1);
    bar.value = success + failed;
  } else {
    bar.removeAttribute("value");
  }
  document.getElementById("job-status").replaceChildren(badge(job.status));
  document.getElementById("job-endpoint").textContent = job.endpoint.http_method.toUpperCase() + " "
    + job.endpoint.path + (metadata(job) ? " · " + metadata(job) : "");
  document.getElementById("progress-label").textContent = (success + failed) + " of " + (total ?? "?")
    + " rows" + (total ? " (" + Math.floor((100 * (success + failed)) / Math.max(total, 1)) + "%)" : "");
  const counts = [["Succeeded", success], ["Failed", failed], ["Total", total ?? "—"],
    ["Rate", d.rows_per_second ? d.rows_per_second + " rows/s" : "—"], ["ETA", when(d.estimated_completion_at)],
    ["Maximum rps", job.maximum_rps], ["Effective rps", job.effective_rps ?? "—"], ["Created", when(job.created)]];
  if (d.error || d.reason) {
    counts.push([d.error ? "Error" : "Paused because", d.error || d.reason]);
  }
  document.getElementById("counts").replaceChildren(...counts.map(([k, v]) =>
    el("div", {}, el("dt", {}, k), el("dd", { "data-count": k.toLowerCase() }, v))));
  document.getElementById("cancel").hidden = !CANCELABLE.has(job.status);
  document.getElementById("pause").hidden = job.status !== "in_progress";
  document.getElementById("resume").hidden = job.status !== "paused";
  document.getElementById("set-rate").disabled = TERMINAL.has(job.status);
  document.getElementById("retry").hidden = !TERMINAL.has(job.status) || failed === 0;
  document.getElementById("retry-all").hidden = !TERMINAL.has(job.status) || failed === 0;
  document.getElementById("results-so-far").hidden = !RUNNING.has(job.status);
  if (TERMINAL.has(job.status)) {
    document.getElementById("so-far").replaceChildren();
  }
  const jobLink = (other) => el("a", { href: "#/jobs/" + encodeURIComponent(other), class: "lineage-link" }, other);
  const retries = job.retries || [];
  document.getElementById("lineage").replaceChildren(
    ...(job.retry_of ? ["Retry of ", jobLink(job.retry_of)] : []),
    ...(job.retry_of && retries.length ? ["; "] : []),
    ...(retries.length ? ["Retried as ", ...retries.flatMap((r, i) => (i ? [", ", jobLink(r)] : [jobLink(r)]))] : []));
  if (document.activeElement !== state.rate) {
    state.rate.value = job.maximum_rps;
  }
  document.getElementById("downloads").replaceChildren(
    ...download("download-results", "Results", d.output_file), ...download("download-errors", "Error file", d.error_file));
  const events = await ctx.api("GET", "/v2/core/events?limit=100&object_id=" + encodeURIComponent(id));
  document.getElementById("timeline").replaceChildren(...events.data.slice().reverse().map((event) =>
    el("li", { "data-event": event.type }, el("span", { class: "muted" }, when(event.created)), " ", event.type,
      event.data && event.data.status ? " → " + event.data.status : "")));
  if (failed !== state.failureCount) {
    state.failureCount = failed;
    await loadFailures(ctx, state.failuresPath);
  }
  return !TERMINAL.has(job.status);
}
