/* Accessibility and phone width on pages of real notes (issue 20): each page given is opened
   from file:// in headless Chromium at a desktop width and at a 390 px phone width; axe-core
   must find no serious or critical violation, and at 390 px the page must not be wider than
   the screen (wide tables and formulas scroll inside themselves) nor cut the site's name.
   Optional screenshots of each page at both widths (the whole page for a long note's first
   page, which lists its chapters).

   Usage: node tests/e2e/pages.mjs [--screenshots DIR] PAGE.html...
   Environment: CHROMIUM (default /usr/bin/chromium). Exit status 0 only if every page passes;
   the problems are printed one a line. */

import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(HERE, "node_modules/axe-core/axe.min.js");
const LAUNCH_ARGS = JSON.parse(fs.readFileSync(path.join(HERE, "chromium-flags.json"), "utf8"));
const WIDTHS = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
];

const argv = process.argv.slice(2);
let shots = null;
const pages = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--screenshots") shots = argv[++i];
  else pages.push(path.resolve(argv[i]));
}
if (!pages.length) {
  console.error("usage: node tests/e2e/pages.mjs [--screenshots DIR] PAGE.html...");
  process.exit(2);
}
/* The folder holds this run's screenshots only. */
if (shots) {
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
}

/* CHROMIUM is a path or a name looked up on PATH (as in run.mjs). */
function findChromium() {
  const wanted = process.env.CHROMIUM || "/usr/bin/chromium";
  if (wanted.includes("/")) return wanted;
  for (const dir of (process.env.PATH || "").split(":")) {
    const candidate = path.join(dir, wanted);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return wanted;
}

const problems = [];
const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: LAUNCH_ARGS,
  timeout: 60000,
});
try {
  for (const [label, viewport] of WIDTHS) {
    const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
    const page = await context.newPage();
    for (const [index, file] of pages.entries()) {
      const name = path.relative(process.cwd(), file);
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 30000 });
      if (shots) {
        /* A chapter page (`note/part-1/`) is named with its note; the first page of a chapter
           set is taken whole, so its list of chapters is in the picture. */
        const dir = path.dirname(file);
        const chapter = /^part-\d+$/.test(path.basename(dir));
        const folder = (chapter ? `${path.basename(path.dirname(dir))}-` : "") + path.basename(dir);
        const shot = `${String(index + 1).padStart(2, "0")}-${folder.replace(/[^A-Za-z0-9]+/g, "-")}-${label}.png`;
        const fullPage = (await page.locator(".chapter-list").count()) > 0;
        await page.screenshot({ path: path.join(shots, shot), animations: "disabled", fullPage });
      }
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id} ×${v.nodes.length} (first: ${v.nodes[0]?.target.join(" ")})`);
      });
      for (const v of violations) problems.push(`${name} (${label}): axe ${v}`);
      if (label === "phone") {
        const fit = await page.evaluate(() => {
          const title = document.querySelector(".brand-title");
          return {
            page: document.documentElement.scrollWidth,
            title: title ? title.scrollWidth - title.clientWidth : 0,
          };
        });
        if (fit.page > viewport.width) problems.push(`${name} (phone): the page is ${fit.page} px wide`);
        if (fit.title > 1) problems.push(`${name} (phone): the site's name is cut (${fit.title} px hidden)`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`checked ${pages.length} page(s) at ${WIDTHS.map(([l, v]) => `${l} ${v.width} px`).join(" and ")}`);
for (const p of problems) console.log(`problem: ${p}`);
process.exit(problems.length ? 1 : 0);
