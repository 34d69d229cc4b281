/* run.js — runs the site's own search runtime (public/assets/search.js) under node, with
   no browser, for tests/search_parity.rs. The runtime is evaluated in a node `vm` context
   whose only globals are what it uses of a browser: `window` (where it registers
   NotesiteSearch) and the web APIs it inflates packed files with (Blob,
   DecompressionStream, Response, TextDecoder, TextEncoder). There is no `document`, so the
   index files (public/search/<name>.js) are loaded through the runtime's `loader` hook:
   read from disk and evaluated in the same context, as a <script> tag would.

   node crates/search/parity/run.js PUBLIC_DIR < request.json
   request: {"runs": [{"ranking": null or a replacement for the manifest's `ranking`,
                       "queries": [query, ...]}]}
   answer (stdout): [[{"query": q, "total": n, "hits": [[doc, score], ...],
                      "pages": [[doc, ...], ...],
                      "tops": [[limit, total, [[doc, score], ...]], ...],
                      "pruned": rankings of the query that rankPruned made}, ...] per run]:
   every hit of every query (limit 0), its first 10 pages grouped by pages() (each
   page the docs of its sections), and its hits with each of TOP_LIMITS. Each run starts
   from a fresh runtime. */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const publicDir = process.argv[2];
if (!publicDir) {
  process.stderr.write("usage: node run.js PUBLIC_DIR < request.json\n");
  process.exit(2);
}
const runtime = new vm.Script(fs.readFileSync(path.join(publicDir, "assets/search.js"), "utf8"), {
  filename: "search.js"
});
const texts = {};
/* The limits each query is also ranked with: a limit lets the runtime skip the sections
   that cannot reach it (rankPruned), which must give the first hits of the whole list. */
const TOP_LIMITS = [1, 10, 50];

/* A fresh runtime whose manifest's `ranking` is replaced by `ranking` when it is not null. */
function freshRuntime(ranking) {
  const context = vm.createContext({
    window: {},
    Blob,
    DecompressionStream,
    Response,
    TextDecoder,
    TextEncoder
  });
  runtime.runInContext(context);
  const api = context.window.NotesiteSearch;
  const register = {
    add(name, data) {
      if (name === "manifest" && ranking !== null) data.ranking = ranking;
      api.add(name, data);
    }
  };
  context.NotesiteSearch = register;
  api.configure({
    base: "search/",
    loader(url, name) {
      if (!(name in texts)) texts[name] = fs.readFileSync(path.join(publicDir, "search", name + ".js"), "utf8");
      vm.runInContext(texts[name], context, { filename: url });
    }
  });
  return api;
}

async function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const answer = [];
  for (const run of request.runs) {
    const api = freshRuntime(run.ranking == null ? null : run.ranking);
    const results = [];
    for (const query of run.queries) {
      const before = api._test.prunedRanks();
      const r = await api.search(query, { limit: 0 });
      const grouped = await api.pages(query, { limit: 10 });
      const tops = [];
      for (const limit of TOP_LIMITS) {
        const top = await api.search(query, { limit });
        tops.push([limit, top.total, top.hits.map((h) => [h.doc, h.score])]);
      }
      results.push({
        query,
        total: r.total,
        hits: r.hits.map((h) => [h.doc, h.score]),
        pages: grouped.pages.map((p) => p.hits.map((h) => h.doc)),
        tops,
        pruned: api._test.prunedRanks() - before
      });
    }
    answer.push(results);
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + "\n");
  process.exit(1);
});
