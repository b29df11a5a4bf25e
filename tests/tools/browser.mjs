// Drives the page in web/dist in a real Chromium (Debian's package) through Playwright: serves
// the folder from a static server on the loopback address, opens the page, loads each disclosure
// given (with the hourly CSVs beside it), downloads its report in the formats asked, types a
// broken file and reads its findings, and records every request the page makes.
//
// Usage: node browser.mjs DIST OUT CHROMIUM JOBS.json
// JOBS.json: {"date": "YYYY-MM-DD", "documents": [{"yaml": PATH, "files": [PATH...],
//   "downloads": [{"template": T, "audience": A|null, "format": F, "save": PATH}]}],
//   "broken": PATH, "screenshots": [{"width": W, "height": H, "save": PATH}]}
// Prints one JSON object: the requests after load, the broken file's findings, the timings.
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const [dist, , executablePath, jobsPath] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsPath, "utf8"));

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  const file = join(dist, path === "/" ? "index.html" : path);
  try {
    if (!file.startsWith(dist) || !statSync(file).isFile()) throw new Error("not a file");
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
const result = { requestsAfterLoad: [], consoleErrors: [], timings: {}, broken: null };
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let loaded = false;
  // Requests of the page and of its worker: those while it loads (which must include the
  // worker's fetch of the module, or this listener sees nothing) and those after.
  result.requestsWhileLoading = [];
  context.on("request", (request) => {
    (loaded ? result.requestsAfterLoad : result.requestsWhileLoading).push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") result.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => result.consoleErrors.push(String(error)));

  const opened = Date.now();
  await page.goto(origin + "/");
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  await page.waitForSelector("body[data-checked]", { timeout: 60000 });
  loaded = true;
  result.timings.firstCheckMs = Date.now() - opened;

  // Waits for the check started by the last change to finish (findings and preview shown). Every
  // change goes through it, so no check of an earlier change is still running when the count is
  // read: the page counts a check as finished only when no later change is waiting.
  const checked = async (change) => {
    const before = await page.evaluate(() => Number(document.body.dataset.checked || 0));
    await change();
    await page.waitForFunction(
      (n) => Number(document.body.dataset.checked || 0) > n,
      before,
      { timeout: 120000 },
    );
  };
  // A date input's fill fires `change`, which starts a check.
  await checked(() => page.fill("#date", jobs.date));

  result.documents = [];
  for (const document of jobs.documents) {
    const started = Date.now();
    await checked(() => page.setInputFiles("#open", [document.yaml, ...document.files]));
    const entry = {
      yaml: document.yaml,
      checkMs: Date.now() - started,
      count: await page.textContent("#count"),
      // The preview is a sandboxed srcdoc frame, loaded before the check counts as finished:
      // its heading is read at once (a short timeout), so a missing one is reported, not awaited.
      previewHeading: await page
        .frameLocator("#preview")
        .locator("h1")
        .first()
        .textContent({ timeout: 2000 })
        .catch(() => null),
      downloads: [],
    };
    for (const job of document.downloads) {
      await checked(async () => {
        await page.selectOption("#template", job.template);
        await page.selectOption("#audience", job.audience ?? "");
      });
      const began = Date.now();
      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 120000 }),
        page.click(`.downloads button[data-format="${job.format}"]`),
      ]);
      await download.saveAs(job.save);
      result.timings.firstReportMs ??= Date.now() - opened;
      entry.downloads.push({ save: job.save, name: download.suggestedFilename(), ms: Date.now() - began });
    }
    // A re-render after an edit: from a keystroke (a space at the end of the first line) to the
    // new findings and preview, less the page's 250 ms pause for typing.
    const began = Date.now();
    await checked(async () => {
      await page.focus("#text");
      await page.keyboard.press("Control+Home");
      await page.keyboard.press("End");
      await page.keyboard.type(" ");
    });
    entry.recheckAfterEditMs = Date.now() - began - 250;
    entry.checkedInMs = Number((await page.textContent("#status")).match(/in (\d+) ms/)?.[1]);
    result.documents.push(entry);
  }

  await checked(() => page.setInputFiles("#open", [jobs.broken]));
  result.broken = await page.$$eval("#findings li", (items) => items.map((i) => i.textContent));

  // The completion: the keys the schema allows at the top of the file.
  await page.fill("#text", "");
  await page.focus("#text");
  await page.keyboard.press("Control+Space");
  await page.waitForSelector("#completion:not([hidden]) li", { timeout: 30000 });
  result.completion = await page.$$eval("#completion li", (items) =>
    items.map((i) => i.firstChild.textContent),
  );
  // And inside a mapping, by indentation: the organisation's keys.
  await page.fill("#text", "schema_version: 1\norganisation:\n  ");
  await page.focus("#text");
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Control+Space");
  await page.waitForFunction(() => {
    const first = document.querySelector("#completion:not([hidden]) li");
    return first && first.firstChild.textContent !== "claims";
  }, null, { timeout: 30000 });
  result.nestedCompletion = await page.$$eval("#completion li", (items) =>
    items.map((i) => i.firstChild.textContent),
  );
  await page.keyboard.press("Escape");
  // And a key's values: the roles.
  await page.fill("#text", "schema_version: 1\norganisation:\n  role: ");
  await page.focus("#text");
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Control+Space");
  await page.waitForSelector("#completion:not([hidden]) li", { timeout: 30000 });
  result.valueCompletion = await page.$$eval("#completion li", (items) =>
    items.map((i) => i.firstChild.textContent),
  );
  await page.keyboard.press("Enter");
  result.afterValue = await page.inputValue("#text");
  // And in a list written at its key's indentation (`sites:\n- id: a\n  `): a site's keys.
  await page.fill("#text", "sites:\n- id: a\n  ");
  await page.focus("#text");
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Control+Space");
  await page.waitForSelector("#completion:not([hidden]) li", { timeout: 30000 });
  result.listCompletion = await page.$$eval("#completion li", (items) =>
    items.map((i) => i.firstChild.textContent),
  );
  await page.keyboard.press("Escape");

  for (const shot of jobs.screenshots ?? []) {
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await checked(() => page.setInputFiles("#open", [jobs.documents[0].yaml, ...jobs.documents[0].files]));
    await page.screenshot({ path: shot.save });
  }
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify(result) + "\n");
