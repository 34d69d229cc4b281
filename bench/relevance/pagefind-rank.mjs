#!/usr/bin/env node
/* pagefind-rank.mjs — Pagefind's own ranking of judged queries, for bench/relevance/run.
   Runs Pagefind's runtime (pagefind.js from the bundle) in node with `fetch` answered from
   the bundle's files, the same shim as bench/pagefind-client.mjs.

   node bench/relevance/pagefind-rank.mjs BUNDLE_DIR LIMIT < queries.json

   stdin: a JSON array of query strings. stdout: a JSON array, per query its top LIMIT
   results in Pagefind's order, each `{url, anchors}`: the page URL from the site root, and
   the `#ids` of the sub-results Pagefind's default UI shows under it (`shownSubResults`). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [bundleArg, limitArg] = process.argv.slice(2);
if (!bundleArg || !limitArg) {
  process.stderr.write("usage: pagefind-rank.mjs BUNDLE_DIR LIMIT < queries.json\n");
  process.exit(2);
}
const bundle = path.resolve(bundleArg);
const limit = Number(limitArg);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));

/* Just enough of a page for the runtime: its language lookup, and no Worker. */
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => "en" }) };
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url || String(input));
  const bytes = fs.readFileSync(fileURLToPath(url));
  const type = url.pathname.endsWith(".pagefind") ? "application/wasm" : "application/octet-stream";
  return new Response(bytes, { headers: { "content-type": type } });
};

const pagefind = await import(pathToFileURL(path.join(bundle, "pagefind.js")).href);
await pagefind.options({ basePath: pathToFileURL(bundle).href + "/", baseUrl: "/" });

/* As pagefind-ui.js does (Pagefind 1.x): leave out a first sub-result that is the page
   itself, then keep the 3 with the most matched words (ties in page order). */
function shownSubResults(data) {
  let subs = data.sub_results || [];
  if (subs.length > 0 && subs[0].url === (data.meta?.url || data.url)) subs = subs.slice(1);
  if (subs.length <= 3) return subs;
  const top = [...subs].sort((a, b) => b.locations.length - a.locations.length).slice(0, 3);
  return subs.filter((s) => top.includes(s));
}
const out = [];
for (const query of queries) {
  const found = await pagefind.search(query);
  const top = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  out.push(
    top.map((d) => ({
      url: d.url,
      anchors: shownSubResults(d)
        .map((s) => (s.url.includes("#") ? s.url.slice(s.url.indexOf("#") + 1) : ""))
        .filter((a) => a !== ""),
    })),
  );
}
await pagefind.destroy();
process.stdout.write(JSON.stringify(out) + "\n");
