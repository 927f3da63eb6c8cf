// Drives the dashboard in Debian's Chromium: sign in, page to older jobs and back, filter, watch a job run to complete
// with its bar moving (pausing it, changing its rate, taking its results so far and resuming it on the way), open a
// failure, download the results, retry the failed row and follow the retry's lineage back. DashboardBrowserIT runs it
// against the shared local cloud and asserts its exit code.
// Usage: node dashboard.mjs <base url> <api key> <job id> <upload url> <input file> <screenshot dir> <oldest job id>
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, key, jobId, uploadUrl, inputFile, shots, oldestJobId] = process.argv.slice(2);
const chromiumPath = process.env.BATCHJOBS_CHROMIUM || "/usr/bin/chromium";
const deadline = Date.now() + 120_000;
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "batchjobs-chromium-"));
let step = 0;

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// A fresh profile (Playwright passes it as --user-data-dir) that is removed at the end.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  acceptDownloads: true,
  viewport: { width: 1200, height: 900 },
});
const page = context.pages()[0] || (await context.newPage());
const problems = [];
page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
page.on("pageerror", (error) => problems.push(error.message));
page.on("response", (response) => response.status() >= 400 && problems.push(response.status() + " " + response.url()));
const shot = async (name) => page.screenshot({ path: join(shots, String(++step).padStart(2, "0") + "-" + name + ".png"),
  fullPage: true });

try {
  // 1. Sign in: the key goes to sessionStorage, never into the URL or a cookie.
  await page.goto(base + "/dashboard");
  await page.locator("#api-key").waitFor();
  await shot("sign-in");
  await page.fill("#api-key", key);
  await page.click("#sign-in-form button[type=submit]");
  await page.locator("#jobs tr[data-job='" + jobId + "']").waitFor({ timeout: 15_000 });
  check(!page.url().includes(key), "the key is in the URL");
  check((await context.cookies()).length === 0, "the dashboard set a cookie");
  check(await page.evaluate(() => sessionStorage.getItem("batchjobs.apiKey")) === key, "the key is not in sessionStorage");
  await shot("jobs");

  // 2. More than a page of jobs: the oldest is on the next page, and the first page is one click back.
  check(await page.locator("#jobs tr[data-job='" + oldestJobId + "']").count() === 0, "the oldest job is on page one");
  await page.click("#jobs-older");
  await page.locator("#jobs tr[data-job='" + oldestJobId + "']").waitFor({ timeout: 15_000 });
  check(await page.locator("#jobs tr[data-job='" + jobId + "']").count() === 0, "the newest job is on the older page");
  await shot("jobs-older");
  await page.click("#jobs-newest");
  await page.locator("#jobs tr[data-job='" + jobId + "']").waitFor({ timeout: 15_000 });

  // The status filter narrows the list.
  await page.selectOption("#status-filter", "complete");
  await page.waitForFunction(() => location.hash === "#/jobs?status=complete");
  await page.waitForFunction((id) => !document.querySelector("#jobs tr[data-job='" + id + "']"), jobId);
  await page.selectOption("#status-filter", "");

  // 3. The job's page, then the upload that starts it: the bar moves until the job is complete.
  await page.click("a.job-link[href='#/jobs/" + jobId + "']");
  await page.locator("#job-status [data-status]").waitFor();
  check(await page.locator("#job-endpoint b").count() === 0, "metadata was rendered as markup");
  check((await page.textContent("#job-endpoint")).includes("<b>dashboard</b>"), "the metadata is not shown as text");
  await shot("job-ready");
  const put = await fetch(uploadUrl, { method: "PUT", body: readFileSync(inputFile) });
  check(put.status === 200, "the upload answered " + put.status);
  const seen = [];
  let status = "";
  let shotRunning = false;
  while (status !== "complete") {
    check(Date.now() < deadline, "the job did not complete; bar values seen: " + seen.join(", "));
    status = await page.getAttribute("#job-status [data-status]", "data-status");
    const value = await page.$eval("#job-progress", (bar) => (bar.hasAttribute("value") ? bar.value / bar.max : -1));
    if (seen.length === 0 || seen[seen.length - 1] !== value) {
      seen.push(value);
    }
    if (status === "in_progress" && !shotRunning && value > 0) {
      shotRunning = true;
      await shot("job-running");
      // The controls: pause, change the rate while paused, resume.
      await page.click("#pause");
      await page.locator("#job-status [data-status='paused']").waitFor({ timeout: 15_000 });
      await page.fill("#rate", "8");
      await page.click("#set-rate");
      await page.locator("[data-count='maximum rps']", { hasText: "8" }).waitFor({ timeout: 15_000 });
      // The rows finished so far, as a download link.
      await page.click("#results-so-far");
      await page.locator("#so-far-link").waitFor({ timeout: 20_000 });
      const soFar = await page.textContent("#so-far-link");
      check(/^\d+ rows as of /.test(soFar) && Number(soFar.split(" ")[0]) > 0, "results so far: " + soFar);
      check(!(await page.getAttribute("#so-far-link", "href")).includes(key), "the results-so-far link carries the key");
      await shot("job-paused");
      await page.click("#resume");
      await page.waitForFunction(() => document.querySelector("#job-status [data-status]").dataset.status !== "paused",
        null, { timeout: 15_000 });
    }
    await page.waitForTimeout(250);
  }
  const moving = seen.filter((v) => v >= 0);
  check(new Set(moving).size >= 2, "the bar never moved: " + seen.join(", "));
  check(moving[moving.length - 1] === 1, "the bar of a complete job is not full: " + seen.join(", "));
  await page.locator("#download-results").waitFor();
  await page.locator("#timeline li[data-event='v2.core.batch_job.completed']").waitFor({ timeout: 10_000 });
  await shot("job-complete");

  // 4. Open a failure.
  await page.locator("tr.failure").first().click();
  const detail = await page.locator("#failure-detail").textContent();
  check(/cus_nobody|resource_missing|No such/i.test(detail), "the failure's detail does not name it: " + detail);
  await shot("failure");

  // 5. Download the results through the page's link and check its content.
  const href = await page.getAttribute("#download-results", "href");
  check(href && !href.includes(key), "the results link is missing or carries the key");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#download-results")]);
  const results = readFileSync(await download.path(), "utf8");
  const lines = results.trim().split("\n").map((line) => JSON.parse(line));
  const rows = readFileSync(inputFile, "utf8").trim().split("\n").length;
  check(lines.length === rows, "the results file has " + lines.length + " lines for " + rows + " rows");
  check(lines.some((line) => JSON.stringify(line).includes("cus_nobody")), "the failed row is not in the results");
  await shot("downloaded");

  // 6. Retry the failed row (a 404: only "every failed row" takes it); the retry's page links back to this job.
  check(await page.isHidden("#pause") && await page.isVisible("#retry-all"), "a complete job with a failure offers no retry");
  await page.click("#retry-all");
  await page.waitForFunction((id) => location.hash.startsWith("#/jobs/") && location.hash !== "#/jobs/" + id, jobId,
    { timeout: 15_000 });
  await page.locator("#lineage a.lineage-link[href='#/jobs/" + jobId + "']").waitFor({ timeout: 15_000 });
  check((await page.textContent("#lineage")).startsWith("Retry of "), "the retry does not say what it retries");
  const retryId = decodeURIComponent(new URL(page.url()).hash.slice("#/jobs/".length));
  await page.locator("#job-status [data-status='complete']").waitFor({ timeout: 30_000 });
  await shot("retry-complete");
  await page.click("#lineage a.lineage-link");
  await page.locator("#lineage a.lineage-link[href='#/jobs/" + retryId + "']").waitFor({ timeout: 15_000 });
  check((await page.textContent("#lineage")).startsWith("Retried as "), "the parent does not list its retry");

  check(problems.length === 0, "the page logged errors: " + problems.join(" | "));
  console.log("dashboard: signed in, bar moved through " + seen.join(" → ") + ", failure opened, "
    + lines.length + " result lines downloaded, retried as " + retryId + "; screenshots in " + shots);
} catch (error) {
  await shot("failed").catch(() => {});
  console.error("dashboard: " + error.message);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
