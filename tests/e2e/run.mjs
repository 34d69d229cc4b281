#!/usr/bin/env node
/* Real-browser end-to-end tests of a built notesite site (issue 7).

   Usage: node tests/e2e/run.mjs <built-site-folder> [--screenshots DIR] [--only file|http]

   Every scenario runs twice, in headless Debian Chromium (never a downloaded browser):
     file  the site opened from disk: file://…/<site>/index.html
     http  the site served by a tiny static server under a sub-path: http://127.0.0.1:PORT/notes/
   Scenarios: follow links from the home page to a note, a service page and a comparison;
   the services filter and the compare picker; the header search (combobox, "/" shortcut,
   results page, opening a result); the light/dark toggle and its memory; screenshots;
   axe-core on the main kinds of page in light and dark (serious/critical violations fail).
   Every request the pages make is logged: any URL outside the site (not a file under the
   site folder, not http://127.0.0.1:PORT/notes/…) fails the run, and so do failed or 4xx/5xx
   requests inside the site, uncaught page errors and console errors.

   Environment: CHROMIUM (path or name on PATH; default /usr/bin/chromium),
   E2E_SCREENSHOTS (folder; default <repo>/target/e2e-screenshots). Exit status 0 only if
   every check passed. */

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const AXE = path.join(HERE, "node_modules/axe-core/axe.min.js");
const SUBPATH = "/notes/";
/* The Chromium flags every browser check uses (also the Rust tests and bench/), one file. */
const LAUNCH_ARGS = JSON.parse(fs.readFileSync(path.join(HERE, "chromium-flags.json"), "utf8"));
const VIEWPORT = { width: 1280, height: 800 };
const TIMEOUT = 15000;

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

function usage(message) {
  if (message) console.error(`e2e: ${message}`);
  console.error("usage: node tests/e2e/run.mjs <built-site-folder> [--screenshots DIR] [--only file|http]");
  process.exit(2);
}

const argv = process.argv.slice(2);
let siteArg = null;
let shotsDir = process.env.E2E_SCREENSHOTS || path.join(REPO, "target/e2e-screenshots");
let only = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--screenshots") shotsDir = argv[++i] || usage("--screenshots needs a folder");
  else if (argv[i] === "--only") only = argv[++i];
  else if (argv[i] === "-h" || argv[i] === "--help") usage();
  else if (!siteArg) siteArg = argv[i];
  else usage(`unexpected argument ${argv[i]}`);
}
if (!siteArg) usage("the built site folder is required");
if (only && only !== "file" && only !== "http") usage("--only takes file or http");
const SITE = fs.realpathSync(path.resolve(siteArg));
if (!fs.existsSync(path.join(SITE, "index.html"))) usage(`${SITE}/index.html does not exist: build the site first`);
shotsDir = path.resolve(shotsDir);
fs.mkdirSync(shotsDir, { recursive: true });

function findChromium() {
  const wanted = process.env.CHROMIUM || "/usr/bin/chromium";
  if (wanted.includes("/")) return fs.existsSync(wanted) ? wanted : null;
  for (const dir of (process.env.PATH || "").split(":")) {
    const candidate = path.join(dir, wanted);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}
const CHROMIUM = findChromium();
if (!CHROMIUM) usage(`chromium not found (${process.env.CHROMIUM || "/usr/bin/chromium"}); apt-get install -y chromium`);
if (!fs.existsSync(AXE)) usage(`${AXE} is missing: run npm ci in tests/e2e`);

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

const results = []; /* { mode, name, ok, ms, error } */
const problems = { outside: [], broken: [], errors: [], axe: [] };
const counts = {}; /* mode → requests the pages made */
const started = Date.now();

function fail(message) {
  throw new Error(message);
}
function expect(condition, message) {
  if (!condition) fail(message);
}

/* ------------------------------------------------------------------ */
/* The static server: public/ under /notes/, 404 elsewhere             */
/* ------------------------------------------------------------------ */

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".woff2": "font/woff2",
};

function startServer() {
  const log = [];
  const server = http.createServer((req, res) => {
    let status = 404;
    let body = "not found\n";
    let headers = { "content-type": "text/plain; charset=utf-8" };
    try {
      const { pathname } = new URL(req.url, "http://x");
      if (pathname === SUBPATH.slice(0, -1)) {
        status = 301;
        headers = { location: SUBPATH };
        body = "";
      } else if (pathname.startsWith(SUBPATH)) {
        const rel = decodeURIComponent(pathname.slice(SUBPATH.length));
        let file = path.resolve(SITE, "." + path.sep + rel);
        if (file === SITE || file.startsWith(SITE + path.sep)) {
          if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
          if (fs.existsSync(file) && fs.statSync(file).isFile()) {
            status = 200;
            body = fs.readFileSync(file);
            headers = { "content-type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream" };
          }
        }
      }
    } catch {
      status = 400;
      body = "bad request\n";
    }
    log.push({ method: req.method, url: req.url, status });
    res.writeHead(status, { ...headers, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, log, port: server.address().port }));
  });
}

/* ------------------------------------------------------------------ */
/* Modes: where the site is and what counts as inside it               */
/* ------------------------------------------------------------------ */

function fileMode() {
  const base = pathToFileURL(SITE + path.sep).href; /* file:///…/public/ */
  return {
    name: "file",
    base,
    home: base + "index.html",
    inside(url) {
      if (!url.startsWith("file://")) return false;
      try {
        const p = path.resolve(fileURLToPath(url.split(/[?#]/)[0]));
        return p === SITE || p.startsWith(SITE + path.sep);
      } catch {
        return false;
      }
    },
  };
}

function httpMode(port) {
  const origin = `http://127.0.0.1:${port}`;
  const base = origin + SUBPATH;
  return {
    name: "http",
    base,
    home: base, /* a directory URL, as a reader would type it */
    inside(url) {
      try {
        const u = new URL(url);
        return u.origin === origin && u.pathname.startsWith(SUBPATH);
      } catch {
        return false;
      }
    },
  };
}

/* A note page (not a generated one) that marks a glossary term, relative to the site, or
   null: the build decides which terms the example notes define, the test finds one. */
function pageWithTerms() {
  const generated = /^(services|compare|comparisons|glossary|search)\//;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(SITE, full).split(path.sep).join("/");
      if (entry.isDirectory()) {
        if (generated.test(rel + "/")) continue;
        const hit = walk(full);
        if (hit) return hit;
      } else if (entry.name.endsWith(".html") && rel !== "index.html" && fs.readFileSync(full, "utf8").includes('<a class="term"')) {
        return rel;
      }
    }
    return null;
  };
  return walk(SITE);
}

/* data: and blob: URLs are made inside the page; nothing leaves it for them. */
function inPage(url) {
  return url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank";
}

/* ------------------------------------------------------------------ */
/* Browser contexts that watch every request                           */
/* ------------------------------------------------------------------ */

async function newContext(browser, mode, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || VIEWPORT,
    colorScheme: options.colorScheme || "light",
    reducedMotion: "reduce",
    serviceWorkers: "block",
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  if (options.theme) {
    await context.addInitScript((theme) => {
      try {
        window.localStorage.setItem("notesite-theme", theme);
      } catch {}
    }, options.theme);
  }
  const label = options.label || "";
  /* The guard's self-test sends its deliberate leaks to its own list. */
  const outside = options.sink || problems.outside;
  /* Requests that would leave the site are recorded and never sent. */
  context.blocked = [];
  await context.route(
    (url) => !mode.inside(url.href) && !inPage(url.href),
    (route) => {
      context.blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    }
  );
  context.requests = [];
  context.on("request", (request) => {
    const url = request.url();
    context.requests.push(url);
    counts[mode.name] = (counts[mode.name] || 0) + 1;
    if (!mode.inside(url) && !inPage(url)) {
      outside.push(`${mode.name}${label}: ${request.resourceType()} ${url} (from ${request.frame()?.url?.() || "?"})`);
    }
  });
  context.on("requestfailed", (request) => {
    const url = request.url();
    const why = request.failure()?.errorText || "failed";
    /* Aborted: the page navigated on before the load finished (clicking a result
       while snippets load), or the request was ours to block (logged above). */
    if (/ERR_ABORTED|ERR_BLOCKED_BY_CLIENT/.test(why) || !mode.inside(url)) return;
    problems.broken.push(`${mode.name}${label}: ${url} ${why}`);
  });
  context.on("response", (response) => {
    if (response.status() >= 400 && mode.inside(response.url())) {
      problems.broken.push(`${mode.name}${label}: ${response.url()} HTTP ${response.status()}`);
    }
  });
  context.on("page", (page) => watchPage(page, mode, label, outside, options.sink || problems.errors));
  return context;
}

function watchPage(page, mode, label, outside, errors) {
  page.on("pageerror", (error) => {
    errors.push(`${mode.name}${label}: uncaught ${error.message} on ${page.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") {
      errors.push(`${mode.name}${label}: console error "${message.text()}" on ${page.url()}`);
    }
  });
  page.on("websocket", (ws) => {
    if (!mode.inside(ws.url())) outside.push(`${mode.name}${label}: websocket ${ws.url()}`);
  });
}

/* ------------------------------------------------------------------ */
/* Page helpers                                                        */
/* ------------------------------------------------------------------ */

async function open(page, url) {
  await page.goto(url, { waitUntil: "load" });
  await settle(page);
}

/* Deferred scripts ran (notesite.js marks the theme button) and fonts/layout settled. */
async function settle(page) {
  await page.waitForLoadState("load");
  await page.waitForFunction(() => document.readyState === "complete");
  await page.evaluate(() => (document.fonts ? document.fonts.ready.then(() => true) : true));
}

/* Click a link and wait for the page it opens. */
async function follow(page, locator, what) {
  const count = await locator.count();
  expect(count > 0, `no link to ${what} found`);
  const link = locator.first();
  const href = await link.getAttribute("href");
  const before = page.url();
  await link.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL((u) => u.href !== before, { waitUntil: "load" }), link.click()]);
  await settle(page);
  return href;
}

async function bodyKind(page) {
  return page.evaluate(() => document.body.className);
}

async function expectKind(page, kind, what) {
  const cls = await bodyKind(page);
  expect(cls.split(/\s+/).includes(`page-${kind}`), `${what}: expected body.page-${kind}, got "${cls}" at ${page.url()}`);
}

async function text(page, selector) {
  const loc = page.locator(selector).first();
  if (!(await loc.count())) return null;
  return ((await loc.textContent()) || "").replace(/\s+/g, " ").trim();
}

function relUrl(mode, url) {
  return url.startsWith(mode.base) ? url.slice(mode.base.length) : url;
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                           */
/* ------------------------------------------------------------------ */

async function scenarios(browser, mode) {
  const found = {}; /* urls discovered by following links, reused by the axe pass */
  const log = (line) => console.log(`[${mode.name}] ${line}`);

  async function check(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ mode: mode.name, name, ok: true, ms: Date.now() - t0 });
      log(`PASS ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      const message = String(error && error.message ? error.message : error).split("\n")[0];
      results.push({ mode: mode.name, name, ok: false, ms: Date.now() - t0, error: message });
      log(`FAIL ${name}: ${message}`);
    }
  }

  await check("request guard self-test: leaks are seen and blocked", async () => {
    const caught = [];
    const ctx = await newContext(browser, mode, { label: " (guard self-test)", sink: caught });
    try {
      const p = await ctx.newPage();
      await open(p, mode.home);
      const leaks = ["https://example.com/leak.png", `${new URL(mode.home).protocol === "http:" ? new URL(mode.home).origin : "file://"}/etc/leak.png`];
      const loaded = await p.evaluate(
        (urls) =>
          Promise.all(
            urls.map(
              (u) =>
                new Promise((resolve) => {
                  const img = new Image();
                  img.onload = () => resolve(true);
                  img.onerror = () => resolve(false);
                  img.src = u;
                })
            )
          ),
        leaks
      );
      for (const leak of leaks) {
        expect(caught.some((line) => line.includes(leak)), `a request to ${leak} went unnoticed (caught: ${caught.join("; ") || "nothing"})`);
      }
      expect(!loaded[0] && ctx.blocked.includes(leaks[0]), `the request to ${leaks[0]} was not blocked`);
      if (mode.name === "http") expect(ctx.blocked.includes(leaks[1]), `the request to ${leaks[1]} was not blocked`);
    } finally {
      await ctx.close();
    }
  });

  const context = await newContext(browser, mode);
  const page = await context.newPage();

  await check("home page opens", async () => {
    await open(page, mode.home);
    await expectKind(page, "index", "home");
    expect((await text(page, "h1")) || "", "home has no <h1>");
    expect(await page.evaluate(() => document.documentElement.classList.contains("js")), "theme-init.js did not run (no html.js)");
    const cards = await page.locator("section.children .card-section .card-title a").count();
    expect(cards > 0, "home lists no section cards");
    const stylesheet = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).position);
    expect(stylesheet !== "static", "notesite.css did not apply (the header is not sticky)");
  });

  await check("home → section → note (and back home by the brand link)", async () => {
    await open(page, mode.home);
    await follow(page, page.locator("section.children .card-section .card-title a"), "a section");
    await expectKind(page, "section", "section page");
    await follow(page, page.locator(".card-note .card-title a"), "a note");
    await expectKind(page, "note", "note page");
    found.note = page.url();
    expect((await text(page, "main h1")) || "", "the note has no <h1>");
    expect((await page.locator("main .prose p").count()) > 0, "the note has no paragraphs");
    /* The "On this page" list jumps within the note. */
    const toc = page.locator(".toc-body a");
    if (await toc.count()) {
      const href = await toc.nth(Math.min(1, (await toc.count()) - 1)).getAttribute("href");
      await toc.nth(Math.min(1, (await toc.count()) - 1)).click();
      await page.waitForFunction((h) => location.hash === h, href);
      const id = decodeURIComponent(href.slice(1));
      expect(await page.evaluate((i) => !!document.getElementById(i), id), `TOC target ${href} missing`);
    }
    /* The sidebar is drawn from the shared nav-tree.js: the note marked current under its
       open folder, each link leading to a page; and a heading's "#" link (notesite.js). */
    const current = page.locator('#site-nav a[aria-current="page"]');
    expect((await current.count()) === 1, "the sidebar does not mark the open note");
    expect((await current.textContent()).trim() === ((await text(page, "main h1")) || "").trim(),
      "the sidebar's current entry is not the note");
    expect((await page.locator("#site-nav .nav-section.is-open > .nav-row a.is-ancestor").count()) >= 1,
      "the sidebar does not open the note's folder");
    expect((await page.locator("main .prose h2[id] > a.anchor").count()) > 0, "headings have no # link");
    await follow(page, page.locator("#site-nav .nav-section.is-open > .nav-row a.is-ancestor").last(), "the folder (sidebar)");
    await expectKind(page, "section", "sidebar folder link");
    await follow(page, page.locator("a.brand"), "home (brand)");
    await expectKind(page, "index", "brand link");
  });

  await check("home → services index → filter → service page", async () => {
    await open(page, mode.home);
    await follow(page, page.locator(".hero-actions a", { hasText: "Browse services" }), "the services index");
    await expectKind(page, "services", "services index");
    found.services = page.url();
    const filter = page.locator("[data-filter]");
    expect(await filter.isVisible(), "the services filter stayed hidden (notesite.js did not run?)");
    await page.fill("#service-filter", "bedrock");
    await page.waitForFunction(() => /match/.test(document.querySelector("#service-filter-status").textContent));
    const rows = await page.$$eval(".service-row", (els) =>
      els.map((e) => ({ hidden: e.hidden || !!e.closest("[hidden]"), text: e.getAttribute("data-filter-text") || "" }))
    );
    const shown = rows.filter((r) => !r.hidden);
    expect(shown.length > 0, "filter 'bedrock' shows no service row");
    expect(shown.length < rows.length, "filter 'bedrock' hid nothing");
    expect(shown.every((r) => /bedrock/i.test(r.text)), "filter 'bedrock' shows rows without 'bedrock'");
    await follow(page, page.locator("a.service-row-name", { hasText: /^Amazon Bedrock$/ }), "Amazon Bedrock");
    await expectKind(page, "service", "service page");
    expect((await text(page, "main h1")) === "Amazon Bedrock", `service page h1 is "${await text(page, "main h1")}"`);
    found.service = page.url();
  });

  await check("service page → comparison → a service in the table", async () => {
    await open(page, found.service || mode.base + "services/amazon-bedrock/index.html");
    await follow(page, page.locator("#compared-in ~ ul a, .comparison-links a"), "a comparison");
    await expectKind(page, "comparison", "comparison page");
    found.comparison = page.url();
    const rows = await page.locator("table.compare-table tbody tr").count();
    expect(rows >= 2, `the comparison table has ${rows} rows`);
    expect(((await text(page, "table.compare-table caption")) || "").length > 0, "the comparison table has no caption");
    /* Services are the rows, or (few of them) the columns. */
    await follow(page, page.locator("table.compare-table tbody th a, table.compare-table thead th a"), "a service from the table");
    await expectKind(page, "service", "service from comparison");
  });

  await check("home → comparison tables → a head-to-head comparison", async () => {
    await open(page, mode.home);
    await follow(page, page.locator(".hero-actions a", { hasText: "Compare" }), "the comparison tables");
    await expectKind(page, "comparisons", "comparisons index");
    await follow(page, page.locator(".comparison-cards .card-title a, .category-table-list a"), "a comparison");
    await expectKind(page, "comparison", "comparison page");
    expect((await page.locator("table.compare-table tbody tr").count()) >= 2, "comparison table too short");
  });

  await check("compare picker: pick two services, see a table", async () => {
    await open(page, found.services || mode.base + "services/index.html");
    await page.waitForSelector("[data-compare-app].is-ready");
    expect(!(await page.locator(".compare-result table").count()), "a table shows before anything is picked");
    const pick = (name) =>
      page.locator(".compare-option label", { has: page.locator(".compare-option-name", { hasText: new RegExp(`^${name}$`) }) }).locator("input");
    await pick("Amazon Bedrock").check();
    const hint = (await text(page, ".compare-result")) || "";
    expect(/at least one more/i.test(hint), `after one pick the result says "${hint}"`);
    await pick("Amazon SageMaker").check();
    await page.waitForSelector(".compare-result table.compare-table");
    const cols = await page.locator(".compare-result thead th").allTextContents();
    expect(cols.length === 3, `the table has ${cols.length} header cells, want 3 (Fact + 2)`);
    expect(cols[1].includes("Amazon Bedrock") && cols[2].includes("Amazon SageMaker"), `table columns: ${cols.join(" | ")}`);
    const rows = await page.locator(".compare-result tbody tr").count();
    expect(rows >= 2, `the picked table has ${rows} rows`);
    await page.waitForFunction(() => /Comparing/.test(document.getElementById("compare-status").textContent));
    /* The find box narrows the options. */
    await page.fill("#compare-find", "textract");
    const visible = await page.$$eval(".compare-option", (els) =>
      els.filter((e) => !e.hidden && !e.closest("[hidden]") && /textract/.test(e.getAttribute("data-text"))).map((e) => e.textContent.trim())
    );
    const stray = await page.$$eval(".compare-option", (els) => els.filter((e) => !e.hidden && !/textract/.test(e.getAttribute("data-text"))).length);
    expect(!stray, `find 'textract' leaves ${stray} options shown that do not mention it`);
    const all = await page.locator(".compare-option").count();
    expect(visible.includes("Amazon Textract") && visible.length < all, `find 'textract' shows: ${visible.join(", ")}`);
    await page.fill("#compare-find", "");
    /* At most four: the rest are disabled. */
    await pick("Amazon Comprehend").check();
    await pick("Amazon Textract").check();
    const enabled = await page.$$eval(".compare-option input", (els) => els.filter((e) => !e.disabled && !e.checked).length);
    expect(enabled === 0, `with four picked, ${enabled} unpicked boxes are still enabled`);
    expect((await page.locator(".compare-result thead th").count()) === 5, "four picks do not give five header cells");
    /* Column links lead to the service pages. */
    await follow(page, page.locator(".compare-result thead th a", { hasText: "Amazon Textract" }), "Amazon Textract from the picker table");
    await expectKind(page, "service", "picker column link");
    expect((await text(page, "main h1")) === "Amazon Textract", "picker column link opened the wrong service");
    /* Back: the choice is remembered (history state). */
    await page.goBack({ waitUntil: "load" });
    await page.waitForSelector(".compare-result table.compare-table");
    const picked = await page.locator(".compare-chip-name").allTextContents();
    expect(picked.length === 4, `after Back, ${picked.length} services are still picked (want 4): ${picked.join(", ")}`);
  });

  await check('search box: "/" focuses, type, pick a result with the keyboard', async () => {
    await open(page, mode.home);
    await page.locator("main").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement && document.activeElement.id === "search-input"), '"/" did not focus #search-input');
    await page.keyboard.type("guardrails", { delay: 20 });
    /* Wait for the list of the whole query (not of a prefix typed on the way). */
    await page.waitForFunction(() => /[?&]q=guardrails$/.test(document.getElementById("search-more").getAttribute("href") || ""));
    await page.waitForSelector('#search-listbox [role="option"]');
    expect((await page.getAttribute("#search-input", "aria-expanded")) === "true", "combobox not expanded");
    const count = await page.locator('#search-listbox [role="option"]').count();
    expect(count >= 1 && count <= 18, `the combobox lists ${count} options`);
    await page.waitForFunction(() => /matching section/i.test(document.getElementById("search-status").textContent));
    /* Grouped by page: each page once, its other sections right under it. */
    const options = await page.$$eval('#search-listbox [role="option"]', (nodes) =>
      nodes.map((n) => ({ sub: n.classList.contains("search-option-sub"), page: n.getAttribute("data-href").split(/[?#]/)[0] }))
    );
    const tops = options.filter((o) => !o.sub).map((o) => o.page);
    expect(tops.length >= 1 && tops.length <= 6, `the combobox lists ${tops.length} pages`);
    expect(new Set(tops).size === tops.length, `a page is listed twice: ${tops.join(", ")}`);
    expect(!options[0].sub, "the list starts with a sub-result");
    options.forEach((o, i) => {
      if (o.sub) {
        const owner = options.slice(0, i).reverse().find((x) => !x.sub);
        expect(owner.page === o.page, `sub-result ${o.page} is not under its page (${owner.page})`);
      }
    });
    await page.keyboard.press("ArrowDown");
    expect((await page.getAttribute("#search-input", "aria-activedescendant")) === "search-option-0", "ArrowDown did not select the first option");
    expect((await page.getAttribute("#search-option-0", "aria-selected")) === "true", "first option not aria-selected");
    const target = await page.getAttribute("#search-option-0", "data-href");
    await Promise.all([page.waitForURL((u) => /[?&]h=/.test(u.href), { waitUntil: "load" }), page.keyboard.press("Enter")]);
    await settle(page);
    expect(mode.inside(page.url()), `Enter opened ${page.url()}`);
    await page.waitForSelector("main mark.search-hit", { timeout: 5000 }).catch(() => fail(`no highlighted hit on ${relUrl(mode, page.url())} (from option ${target})`));
  });

  await check("search results page: Enter opens it, a result opens", async () => {
    await open(page, mode.home);
    await page.fill("#search-input", "sagemaker endpoints");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=/, { waitUntil: "load" }), page.press("#search-input", "Enter")]);
    await settle(page);
    await expectKind(page, "search", "results page");
    found.search = page.url();
    await page.waitForSelector("[data-search-list] li.search-result");
    const count = (await text(page, "#search-count")) || "";
    expect(/^\d+ pages? for “sagemaker endpoints” \(\d+ matching sections?\)/.test(count), `result count says "${count}"`);
    /* One result a page, its other matching sections linked under it. */
    const listed = await page.$$eval("[data-search-list] li.search-result", (items) =>
      items.map((li) => ({
        page: li.querySelector(".search-result-title a").getAttribute("href").split(/[?#]/)[0],
        subs: Array.from(li.querySelectorAll(".search-subresults a")).map((a) => a.getAttribute("href").split(/[?#]/)[0])
      }))
    );
    expect(new Set(listed.map((l) => l.page)).size === listed.length, "a page is listed twice on the results page");
    expect(listed.some((l) => l.subs.length), "no result lists more sections of its page");
    listed.forEach((l) => l.subs.forEach((sub) => expect(sub === l.page, `sub-result ${sub} under ${l.page}`)));
    expect((await page.inputValue("#search-page-input")) === "sagemaker endpoints", "the results page input does not hold the query");
    const results = await page.locator("[data-search-list] li.search-result").count();
    expect(results >= 1 && results <= 20, `${results} results on the first page`);
    await page.waitForSelector("[data-search-list] .search-result-snippet mark");
    await follow(page, page.locator("[data-search-list] .search-result-title a"), "the first result");
    expect(mode.inside(page.url()), `the result opened ${page.url()}`);
    const kind = await bodyKind(page);
    expect(/page-(note|service|section|index|glossary|comparison)/.test(kind), `the result opened a page of kind "${kind}"`);
    await page.waitForSelector("main mark.search-hit", { timeout: 5000 }).catch(() => fail(`no highlighted hit on ${relUrl(mode, page.url())}`));
    /* Nothing found says so. */
    await open(page, new URL("index.html?q=zzyzx", found.search).href);
    await page.waitForFunction(() => /No results/.test(document.getElementById("search-count").textContent));
  });

  await check("search page opened without a query: an empty box, no error", async () => {
    const errors = [];
    const onError = (error) => errors.push(error.message);
    page.on("pageerror", onError);
    try {
      const bare = found.search ? new URL("index.html", found.search).href : mode.base + "search/index.html";
      await open(page, bare);
      await page.waitForFunction(() => /Type one or more words/.test(document.getElementById("search-count").textContent));
      /* The TypeError came from a callback run once the search files loaded: let them. */
      await page.waitForLoadState("networkidle");
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      expect((await page.inputValue("#search-page-input")) === "", "the search box is not empty");
      expect((await page.locator("[data-search-list] li").count()) === 0, "results are listed without a query");
      expect(errors.length === 0, `page errors: ${errors.join("; ")}`);
    } finally {
      page.off("pageerror", onError);
    }
  });

  await check("header search works from a page deep in the site (See all results)", async () => {
    await open(page, found.service || mode.base + "services/amazon-bedrock/index.html");
    await page.fill("#search-input", "textract");
    await page.waitForFunction(() => /[?&]q=textract$/.test(document.getElementById("search-more").getAttribute("href") || ""));
    await page.waitForSelector('#search-listbox [role="option"]');
    await follow(page, page.locator("#search-more"), "See all results");
    await expectKind(page, "search", "See all results");
    await page.waitForSelector("[data-search-list] li.search-result");
  });

  await check("dark mode: toggle, remembered across pages and reloads, toggled back", async () => {
    const ctx = await newContext(browser, mode, { label: " (dark toggle)" });
    try {
      const p = await ctx.newPage();
      await open(p, mode.home);
      /* Read after two frames: with reduced motion the theme's reset gives every
         property a 0.01 ms transition, so colours settle a frame after the switch. */
      const state = () =>
        p.evaluate(async () => {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return {
            theme: document.documentElement.dataset.theme || null,
            pressed: document.querySelector(".theme-toggle").getAttribute("aria-pressed"),
            bg: getComputedStyle(document.body).backgroundColor,
            stored: (() => {
              try {
                return localStorage.getItem("notesite-theme");
              } catch {
                return "unavailable";
              }
            })(),
          };
        });
      const light = await state();
      expect(light.theme === null && light.pressed === "false", `fresh start is not light: ${JSON.stringify(light)}`);
      await p.click(".theme-toggle");
      const dark = await state();
      expect(dark.theme === "dark" && dark.pressed === "true", `toggle did not switch to dark: ${JSON.stringify(dark)}`);
      expect(dark.bg !== light.bg, `the background stayed ${light.bg} in dark mode`);
      expect(dark.stored === "dark", `dark is not remembered (localStorage: ${dark.stored})`);
      await follow(p, p.locator(".hero-actions a", { hasText: "Browse services" }), "the services index");
      const next = await state();
      expect(next.theme === "dark" && next.pressed === "true" && next.bg === dark.bg, `dark not kept on the next page: ${JSON.stringify(next)}`);
      await p.reload({ waitUntil: "load" });
      await settle(p);
      expect((await state()).theme === "dark", "dark not kept after reload");
      await p.click(".theme-toggle");
      const back = await state();
      expect(back.theme === "light" && back.pressed === "false" && back.stored === "light", `toggle back: ${JSON.stringify(back)}`);
      await follow(p, p.locator("a.brand"), "home");
      expect((await state()).theme === "light", "light not kept after toggling back");
    } finally {
      await ctx.close();
    }
  });

  await check("dark mode follows the system when nothing is saved", async () => {
    const ctx = await newContext(browser, mode, { colorScheme: "dark", label: " (system dark)" });
    try {
      const p = await ctx.newPage();
      await open(p, mode.home);
      const s = await p.evaluate(() => ({
        theme: document.documentElement.dataset.theme || null,
        pressed: document.querySelector(".theme-toggle").getAttribute("aria-pressed"),
        scheme: getComputedStyle(document.body).backgroundColor,
      }));
      expect(s.theme === null && s.pressed === "true", `system dark: ${JSON.stringify(s)}`);
    } finally {
      await ctx.close();
    }
  });

  await check("glossary term: Tab opens its popover, Escape closes it, a tap opens it, its link reaches the entry (+ axe)", async () => {
    const rel = pageWithTerms();
    expect(rel, "no note page marks a glossary term");
    const url = mode.base + rel;
    found.terms = url;
    await open(page, url);
    await page.waitForSelector('a.term[role="button"]');
    /* Keyboard only: Tab from the top of the page until a term has the focus. */
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    let focused = false;
    for (let i = 0; i < 400 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement.classList.contains("term"));
    }
    expect(focused, "Tab never reached a marked term");
    const opened = await page.evaluate(() => {
      const mark = document.activeElement;
      const pop = document.getElementById(mark.getAttribute("aria-controls"));
      return {
        expanded: mark.getAttribute("aria-expanded"),
        text: pop && pop.querySelector(".term-popover-text").textContent,
        definition: mark.getAttribute("data-definition"),
        href: pop && pop.querySelector("a").getAttribute("href"),
        visible: !!pop && pop.getBoundingClientRect().height > 0,
      };
    });
    expect(opened.expanded === "true" && opened.visible, `focus did not open the popover: ${JSON.stringify(opened)}`);
    expect(opened.text && opened.text === opened.definition, `the popover does not say the definition: ${JSON.stringify(opened)}`);
    expect(/#./.test(opened.href || ""), `the popover does not link to a glossary entry: ${opened.href}`);
    await page.addScriptTag({ path: AXE });
    const bad = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes[0]?.html}`);
    });
    expect(!bad.length, `serious axe violations with the popover open: ${bad.join("; ")}`);
    await page.keyboard.press("Escape");
    const closed = await page.evaluate(() => ({
      popovers: document.querySelectorAll(".term-popover").length,
      expanded: document.activeElement.getAttribute("aria-expanded"),
      onMark: document.activeElement.classList.contains("term"),
    }));
    expect(closed.popovers === 0 && closed.expanded === "false" && closed.onMark, `Escape did not close it (focus back on the term): ${JSON.stringify(closed)}`);
    await page.locator("a.term").first().click();
    expect((await page.locator(".term-popover").count()) === 1, "a click (tap) did not open the popover");
    await follow(page, page.locator(".term-popover a"), "the glossary entry");
    const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
    expect(hash && (await page.evaluate((id) => !!document.getElementById(id) && document.getElementById(id).classList.contains("glossary-entry"), hash)), `the popover's link does not reach a glossary entry (#${hash})`);
  });

  await check("phone width (390 px): comparison and note pages do not scroll sideways (+ screenshots)", async () => {
    const ctx = await newContext(browser, mode, { viewport: { width: 390, height: 844 }, label: " (phone)" });
    try {
      const p = await ctx.newPage();
      const targets = [["comparison", found.comparison], ["terms", found.terms]];
      for (const [name, url] of targets) {
        expect(url, `no ${name} page was reached`);
        await open(p, url);
        const width = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        expect(width.scroll <= width.view, `${name} page is ${width.scroll}px wide in a ${width.view}px window`);
        await p.screenshot({ path: path.join(shotsDir, `${mode.name}-${name}-phone.png`), fullPage: true, animations: "disabled" });
      }
    } finally {
      await ctx.close();
    }
    for (const [name, url] of [["comparison", found.comparison], ["terms", found.terms]]) {
      await open(page, url);
      await page.screenshot({ path: path.join(shotsDir, `${mode.name}-${name}-desktop.png`), fullPage: true, animations: "disabled" });
    }
  });

  await check("comparison: the first column stays in view when the table scrolls sideways", async () => {
    const ctx = await newContext(browser, mode, { viewport: { width: 390, height: 844 }, label: " (phone)" });
    try {
      const p = await ctx.newPage();
      await open(p, found.comparison);
      const moved = await p.evaluate(() => {
        const wrap = document.querySelector(".compare-table-wrap");
        const first = wrap.querySelector("tbody tr > :first-child");
        const before = first.getBoundingClientRect().left;
        wrap.scrollLeft = 400;
        return { scrolled: wrap.scrollLeft, shift: Math.abs(first.getBoundingClientRect().left - before) };
      });
      expect(moved.scrolled > 0, "the comparison table does not scroll inside its box at 390 px");
      expect(moved.shift < 1, `the first column moved ${moved.shift}px when the table scrolled`);
    } finally {
      await ctx.close();
    }
  });

  await context.close();

  /* Screenshots and accessibility, light then dark. */
  const pages = [
    ["home", mode.home, null],
    ["note", found.note, null],
    ["service", found.service, null],
    ["comparison", found.comparison, null],
    ["services", found.services, "[data-compare-app].is-ready"],
    ["search", found.search, "[data-search-list] li.search-result"],
  ];
  for (const theme of ["light", "dark"]) {
    const ctx = await newContext(browser, mode, { theme, label: ` (${theme})` });
    const p = await ctx.newPage();
    for (const [name, url, ready] of pages) {
      await check(`${name} page in ${theme}: axe-core, no serious violations${["home", "service", "search"].includes(name) ? " (+ screenshot)" : ""}`, async () => {
        expect(url, `no ${name} page was reached by the navigation checks`);
        await open(p, url);
        if (ready) await p.waitForSelector(ready);
        if (name === "search") await p.waitForSelector("[data-search-list] .search-result-snippet mark");
        const actual = await p.evaluate(() => document.documentElement.dataset.theme || null);
        expect(actual === theme, `the page is in ${actual} mode`);
        if (["home", "service", "search"].includes(name)) {
          const file = path.join(shotsDir, `${mode.name}-${name}-${theme}.png`);
          await p.screenshot({ path: file, fullPage: true, animations: "disabled" });
        }
        await p.addScriptTag({ path: AXE });
        const violations = await p.evaluate(async () => {
          /* preload: false: axe would otherwise re-fetch the stylesheets by XHR, which file:// forbids. */
          const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html })),
          }));
        });
        const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        for (const v of violations) {
          const entry = { mode: mode.name, theme, page: name, url: relUrl(mode, url), ...v };
          if (bad.includes(v)) problems.axe.push(entry);
          else log(`  note: axe ${v.impact} ${v.id} on ${name} (${theme}): ${v.help} [${v.nodes.length} node(s), first: ${v.nodes[0]?.target}]`);
        }
        expect(!bad.length, `${bad.length} serious/critical axe violation(s): ${bad.map((v) => `${v.id} ×${v.nodes.length}`).join(", ")}`);
      });
    }
    await ctx.close();
  }
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

let server = null;
let browser = null;
let serverLog = [];
let port = 0;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS, timeout: 60000 });
  console.log(`e2e: ${SITE}\ne2e: ${CHROMIUM} (${browser.version()}), screenshots → ${shotsDir}`);
  const modes = [];
  if (only !== "http") modes.push(fileMode());
  if (only !== "file") {
    const s = await startServer();
    server = s.server;
    serverLog = s.log;
    port = s.port;
    modes.push(httpMode(port));
    console.log(`e2e: serving ${SITE} at http://127.0.0.1:${port}${SUBPATH}`);
  }
  /* The two modes are independent: run them side by side. */
  await Promise.all(modes.map((mode) => scenarios(browser, mode)));
} catch (error) {
  results.push({ mode: "-", name: "run", ok: false, ms: 0, error: String(error && error.stack ? error.stack : error) });
  console.log(`FAIL run: ${error && error.stack ? error.stack : error}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await new Promise((r) => server.close(r));
}

/* The server saw every HTTP request: anything outside /notes/ is a leak too. */
for (const entry of serverLog) {
  if (!new URL(entry.url, "http://x").pathname.startsWith(SUBPATH)) {
    problems.outside.push(`http (server log): ${entry.method} ${entry.url} → ${entry.status}`);
  }
}

/* ------------------------------------------------------------------ */
/* Summary                                                             */
/* ------------------------------------------------------------------ */

const uniq = (list) => [...new Set(list)];
const failed = results.filter((r) => !r.ok);
console.log("\n================ e2e summary ================");
for (const r of results) {
  console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.mode.padEnd(4)}  ${r.name}${r.ok ? "" : `\n        ${r.error}`}`);
}
for (const [mode, n] of Object.entries(counts)) console.log(`\n${mode}: the pages made ${n} requests (all logged)`);
if (serverLog.length) console.log(`HTTP server: ${serverLog.length} requests, ${serverLog.filter((e) => e.status >= 400).length} answered 4xx`);
const sections = [
  ["Requests outside the site", uniq(problems.outside)],
  ["Broken requests inside the site", uniq(problems.broken)],
  ["Page errors / console errors", uniq(problems.errors)],
];
for (const [title, list] of sections) {
  console.log(`\n${title}: ${list.length ? list.length : "none"}`);
  for (const line of list.slice(0, 40)) console.log(`  - ${line}`);
  if (list.length > 40) console.log(`  … and ${list.length - 40} more`);
}
console.log(`\nSerious/critical accessibility violations: ${problems.axe.length ? "" : "none"}`);
for (const v of problems.axe) {
  console.log(`  - [${v.mode} ${v.theme}] ${v.page} (${v.url}): ${v.impact} ${v.id}: ${v.help}`);
  const summary = (v.nodes[0]?.summary || "").split("\n").slice(0, 3).join(" / ");
  if (summary) console.log(`      ${summary}`);
  for (const n of v.nodes.slice(0, 3)) console.log(`      at ${n.target}: ${n.html.replace(/\s+/g, " ").slice(0, 140)}`);
  if (v.nodes.length > 3) console.log(`      … and ${v.nodes.length - 3} more node(s)`);
}
const shots = fs.readdirSync(shotsDir).filter((f) => f.endsWith(".png")).sort();
console.log(`\nScreenshots (${shots.length}) in ${shotsDir}`);
const extra = uniq(problems.outside).length + uniq(problems.broken).length + uniq(problems.errors).length;
const ok = failed.length === 0 && extra === 0;
console.log(
  `\n${ok ? "OK" : "FAILED"}: ${results.length - failed.length}/${results.length} checks passed` +
    `${extra ? `, ${extra} request/page problem(s)` : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s`
);
process.exit(ok ? 0 : 1);
