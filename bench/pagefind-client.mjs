#!/usr/bin/env node
/* pagefind-client.mjs — what a first Pagefind query downloads, measured by running
   Pagefind's own runtime (pagefind.js from the bundle) in node, with `fetch` answered from
   the bundle's files and logged. For bench/compare.

   node bench/pagefind-client.mjs BUNDLE_DIR SHOWN QUERY...

   For each query, a fresh copy of the runtime does search(q) and loads data() of the first
   SHOWN results (Pagefind's default UI shows 5). Prints JSON: per query the files fetched,
   their bytes on disk (Pagefind stores its index gzip-compressed, so that is what travels),
   plus pagefind.js itself (raw and gzip), which the page loads before any fetch. */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";

const [bundleArg, shownArg, ...queries] = process.argv.slice(2);
if (!bundleArg || !shownArg) {
  process.stderr.write("usage: pagefind-client.mjs BUNDLE_DIR SHOWN QUERY...\n");
  process.exit(2);
}
const bundle = path.resolve(bundleArg);
const shown = Number(shownArg);

let fetched = [];
/* Just enough of a page for the runtime: its language lookup, and no Worker. */
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => "en" }) };
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url || String(input));
  const file = fileURLToPath(url);
  const bytes = fs.readFileSync(file);
  fetched.push({ name: path.relative(bundle, file), bytes: bytes.length });
  const type = file.endsWith(".pagefind") ? "application/wasm" : "application/octet-stream";
  return new Response(bytes, { headers: { "content-type": type } });
};

const runtimePath = path.join(bundle, "pagefind.js");
const runtime = fs.readFileSync(runtimePath);
const out = { runtime: { bytes: runtime.length, gzip: zlib.gzipSync(runtime, { level: 6 }).length }, queries: [] };
for (let i = 0; i < queries.length; i++) {
  fetched = [];
  /* A fresh module instance per query: nothing cached from the previous one. */
  const pagefind = await import(pathToFileURL(runtimePath).href + "?fresh=" + i);
  await pagefind.options({ basePath: pathToFileURL(bundle).href + "/" });
  const result = await pagefind.search(queries[i]);
  await Promise.all(result.results.slice(0, shown).map((r) => r.data()));
  const bytes = fetched.reduce((sum, f) => sum + f.bytes, 0) + runtime.length;
  out.queries.push({ query: queries[i], hits: result.results.length, files: fetched, bytes });
  await pagefind.destroy();
}
process.stdout.write(JSON.stringify(out) + "\n");
