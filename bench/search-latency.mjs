#!/usr/bin/env node
/* search-latency.mjs — query latency in headless Chromium once a query's files are loaded,
   for bench/compare: notesite's runtime (assets/search.js, page opened from file://) and,
   when given, Pagefind's (pagefind.js, served over loopback http: it refuses file://).
   Times are performance.now() inside the page, so loading files is never counted.

   node bench/search-latency.mjs --notesite PUBLIC_DIR [--pagefind SITE_DIR]
                                 [--queries FILE] [--repeat N]

   QUERIES: a JSON list (default: tests/search-queries.json, the parity test's queries).
   Per query, after one search that loads its files:
   - notesite "cold": pages(q, {limit: 6}) (the header box's grouped results) with the files loaded but nothing derived from
     them kept (inflate, decode, expansion and ranking all redone): a first query's cost
     once its files have arrived; the median of N runs;
   - notesite "warm": the same search again with everything kept (the next keystrokes);
   - Pagefind: search(q) again (its loaded chunks stay cached, as they do between its
     keystrokes); its results' data() is not included, as notesite's docs() is not.
   Prints JSON: per engine the per-query milliseconds and their median over the queries.
   playwright-core comes from tests/e2e/node_modules; Chromium from $CHROMIUM or
   /usr/bin/chromium. */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(REPO, "tests/e2e/package.json"));
const { chromium } = require("playwright-core");

/* The Chromium flags every browser check uses, kept in one file. */
const FLAGS = JSON.parse(fs.readFileSync(path.join(REPO, "tests/e2e/chromium-flags.json"), "utf8"));

function options(argv) {
  const out = { queries: path.join(REPO, "tests/search-queries.json"), repeat: 7 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === "--notesite") out.notesite = path.resolve(value);
    else if (argv[i] === "--pagefind") out.pagefind = path.resolve(value);
    else if (argv[i] === "--queries") out.queries = path.resolve(value);
    else if (argv[i] === "--repeat") out.repeat = Number(value);
    else usage();
  }
  if (!out.notesite && !out.pagefind) usage();
  return out;
}

function usage() {
  process.stderr.write("usage: search-latency.mjs --notesite PUBLIC_DIR [--pagefind SITE_DIR] [--queries FILE] [--repeat N]\n");
  process.exit(2);
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(rows, keys) {
  const out = { queries: rows };
  for (const key of keys) out[`median_${key}_ms`] = median(rows.map((r) => r[key]));
  return out;
}

/* Runs in the page: each query once to load its files, then timed. */
async function timeNotesite({ queries, repeat }) {
  const S = window.NotesiteSearch;
  const rows = [];
  for (const query of queries) {
    const first = await S.pages(query, { limit: 6 });
    const cold = [];
    for (let i = 0; i < repeat; i++) {
      S._test.forgetPrepared();
      const start = performance.now();
      await S.pages(query, { limit: 6 });
      cold.push(performance.now() - start);
    }
    const warm = [];
    for (let i = 0; i < repeat; i++) {
      const start = performance.now();
      await S.pages(query, { limit: 6 });
      warm.push(performance.now() - start);
    }
    const mid = (v) => v.sort((a, b) => a - b)[v.length >> 1];
    rows.push({ query, hits: first.total, cold: mid(cold), warm: mid(warm) });
  }
  return rows;
}

async function timePagefind({ queries, repeat }) {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const rows = [];
  for (const query of queries) {
    const first = await pagefind.search(query);
    const times = [];
    for (let i = 0; i < repeat; i++) {
      const start = performance.now();
      await pagefind.search(query);
      times.push(performance.now() - start);
    }
    rows.push({ query, hits: first ? first.results.length : 0, search: times.sort((a, b) => a - b)[times.length >> 1] });
  }
  return rows;
}

async function notesite(browser, publicDir, queries, repeat) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "notesite-latency-"));
  const harness = path.join(dir, "latency.html");
  const runtime = pathToFileURL(path.join(publicDir, "assets/search.js")).href;
  fs.writeFileSync(harness, `<!doctype html><meta charset="utf-8"><script src="${runtime}"></script>`);
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(harness).href);
    return summary(await page.evaluate(timeNotesite, { queries, repeat }), ["cold", "warm"]);
  } finally {
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/* A static server of `root` on loopback, with a blank page at /__latency.html. */
function serve(root) {
  const types = { ".js": "text/javascript", ".json": "application/json", ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream" };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/__latency.html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>latency</title>");
      return;
    }
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function pagefind(browser, siteDir, queries, repeat) {
  const server = await serve(siteDir);
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/__latency.html`);
    return summary(await page.evaluate(timePagefind, { queries, repeat }), ["search"]);
  } finally {
    await page.close();
    server.close();
  }
}

const opts = options(process.argv.slice(2));
const queries = JSON.parse(fs.readFileSync(opts.queries, "utf8"));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS });
try {
  const out = { repeat: opts.repeat, queries: queries.length };
  if (opts.notesite) out.notesite = await notesite(browser, opts.notesite, queries, opts.repeat);
  if (opts.pagefind) out.pagefind = await pagefind(browser, opts.pagefind, queries, opts.repeat);
  process.stdout.write(JSON.stringify(out) + "\n");
} finally {
  await browser.close();
}
