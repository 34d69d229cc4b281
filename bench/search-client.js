#!/usr/bin/env node
/* search-client.js — runs the site's own search runtime (assets/search.js) in node over an
   exported index (public/search/), for the benchmarks. No browser, no network: files are
   read from disk and evaluated the way a <script> tag would, through the runtime's
   `loader` hook.

   node bench/search-client.js bytes PUBLIC_DIR QUERY...
       What a first query costs the browser: for each query, in a fresh runtime, the files
       loaded by pages(q, {limit: 6}), docs() of the sections it lists and snippets() of each
       page's best section (what search-ui.js does), with their raw and gzip sizes. Prints
       JSON.
   node bench/search-client.js serve PUBLIC_DIR
       For criterion (benches/pipeline.rs): reads lines `{"query": q, "iters": n, "cold": b}`
       on stdin and answers each with the nanoseconds that n searches took, measured inside
       node. Cold: every search starts from a fresh runtime (files already in memory, so it
       is parse + decode + rank); warm: caches kept, as for the second keystroke on. */
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const readline = require("readline");

const SHOWN = 6; /* pages search-ui.js shows, each with up to 3 of its sections */

const runtimeSources = {};

function loadRuntime(publicDir) {
  const file = path.join(publicDir, "assets/search.js");
  if (!(file in runtimeSources)) runtimeSources[file] = fs.readFileSync(file, "utf8");
  const source = runtimeSources[file];
  const window = {};
  new Function("window", source)(window);
  return window.NotesiteSearch;
}

/* A loader that evaluates search/<name>.js from memory (filled from disk on first use). */
function memoryLoader(publicDir, api, texts, seen) {
  return function (url, name) {
    if (!(name in texts)) texts[name] = fs.readFileSync(path.join(publicDir, "search", name + ".js"), "utf8");
    if (seen) seen.push(name);
    new Function("NotesiteSearch", texts[name])(api);
  };
}

async function firstQuery(publicDir, query, texts) {
  const api = loadRuntime(publicDir);
  const seen = [];
  api.configure({ base: "search/", loader: memoryLoader(publicDir, api, texts, seen) });
  const result = await api.pages(query, { limit: SHOWN });
  const ids = result.pages.flatMap((p) => p.hits.map((h) => h.doc));
  const best = result.pages.map((p) => p.hits[0].doc);
  await api.docs(ids);
  await api.snippets(best, result.words);
  const files = seen.map((name) => {
    const bytes = Buffer.byteLength(texts[name]);
    const gzip = zlib.gzipSync(texts[name], { level: 6 }).length;
    return { name, bytes, gzip };
  });
  return { query, hits: result.total, files };
}

async function bytes(publicDir, queries) {
  const texts = {};
  const runtime = ["assets/search.js", "assets/search-ui.js"].map((file) => {
    const text = fs.readFileSync(path.join(publicDir, file));
    return { name: file, bytes: text.length, gzip: zlib.gzipSync(text, { level: 6 }).length };
  });
  const out = [];
  for (const query of queries) out.push(await firstQuery(publicDir, query, texts));
  process.stdout.write(JSON.stringify({ runtime, queries: out }) + "\n");
}

async function serve(publicDir) {
  const texts = {};
  let warm = null;
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { query, iters, cold } = JSON.parse(line);
    if (!warm) {
      warm = loadRuntime(publicDir);
      warm.configure({ base: "search/", loader: memoryLoader(publicDir, warm, texts, null) });
    }
    await warm.pages(query, { limit: SHOWN }); /* fills `texts`, outside the timing */
    const start = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) {
      let api = warm;
      if (cold) {
        api = loadRuntime(publicDir);
        api.configure({ base: "search/", loader: memoryLoader(publicDir, api, texts, null) });
      }
      await api.pages(query, { limit: SHOWN });
    }
    const elapsed = process.hrtime.bigint() - start;
    process.stdout.write(elapsed.toString() + "\n");
  }
}

async function main() {
  const [mode, publicDir, ...rest] = process.argv.slice(2);
  if (mode === "bytes" && publicDir) return bytes(publicDir, rest);
  if (mode === "serve" && publicDir) return serve(publicDir);
  process.stderr.write("usage: search-client.js bytes PUBLIC_DIR QUERY... | serve PUBLIC_DIR\n");
  process.exit(2);
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
