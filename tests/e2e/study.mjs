#!/usr/bin/env node
/* Study mode in a real browser (issue 21): the study pages of a built site, opened from
   file:// in headless Chromium (playwright-core + axe-core, as run.mjs).

   Usage: node tests/e2e/study.mjs <built-site-folder> [--screenshots DIR] [--prefix NAME]
          [--require-coverage]
   Checks: the deck (study ten cards by key and by click: flip, source link, grade; reload and
   the schedule persists; two days later the cards are due; export progress to a file, clear
   the storage, import the file and the schedule is back; a bad file is refused and changes
   nothing; without localStorage the page says so and keeps working), the quiz (answer every
   question, feedback, the score, each wrong answer's section link, retry), the coverage page
   (progress filled from the deck's storage), axe-core in light and dark on the deck, the quiz and the coverage page (serious/critical
   fail), no sideways scroll at 390 px, no request outside the site, no page or console error.
   Screenshots of a card, the quiz and the coverage page, desktop and phone:
   DIR/<prefix>{card,quiz,coverage}-{desktop,phone}.png (default DIR target/e2e-screenshots).
   The coverage page is optional (a site names exam domains or not) unless --require-coverage.
   Exit status 0 only if every check passed. */

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const AXE = path.join(HERE, "node_modules/axe-core/axe.min.js");
const LAUNCH_ARGS = JSON.parse(fs.readFileSync(path.join(HERE, "chromium-flags.json"), "utf8"));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const DAY = 86400000;

const argv = process.argv.slice(2);
let site = null;
let shots = process.env.E2E_SCREENSHOTS || path.join(REPO, "target/e2e-screenshots");
let prefix = "study-";
let requireCoverage = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--screenshots") shots = argv[++i];
  else if (argv[i] === "--prefix") prefix = argv[++i];
  else if (argv[i] === "--require-coverage") requireCoverage = true;
  else site = argv[i];
}
if (!site) {
  console.error("usage: node tests/e2e/study.mjs <built-site-folder> [--screenshots DIR] [--prefix NAME] [--require-coverage]");
  process.exit(2);
}
const SITE = fs.realpathSync(path.resolve(site));
fs.mkdirSync(shots, { recursive: true });
const url = (rel) => pathToFileURL(path.join(SITE, rel)).href;
const DECK = "study/index.html";
const QUIZ = "study/quiz/index.html";
const COVERAGE = "study/coverage/index.html";
for (const page of [DECK, QUIZ]) {
  if (!fs.existsSync(path.join(SITE, page))) {
    console.error(`study e2e: ${page} is missing in ${SITE}`);
    process.exit(2);
  }
}
const hasCoverage = fs.existsSync(path.join(SITE, COVERAGE));
/* The first per-note (else per-service) study page, which shares the site's progress. */
function firstPage(dir) {
  if (!fs.existsSync(dir)) return null;
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  if (entries.some((e) => e.isFile() && e.name === "index.html")) return path.join(dir, "index.html");
  for (const e of entries) {
    const hit = e.isDirectory() && firstPage(path.join(dir, e.name));
    if (hit) return hit;
  }
  return null;
}
const smallDeckFile = firstPage(path.join(SITE, "study/notes")) || firstPage(path.join(SITE, "study/services"));
const smallDeck = smallDeckFile && path.relative(SITE, smallDeckFile);

function findChromium() {
  const wanted = process.env.CHROMIUM || "/usr/bin/chromium";
  if (wanted.includes("/")) return wanted;
  for (const dir of (process.env.PATH || "").split(":")) {
    const candidate = path.join(dir, wanted);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return wanted;
}

const results = [];
const problems = [];
function expect(condition, message) {
  if (!condition) throw new Error(message);
}
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    const message = String(error && error.message ? error.message : error).split("\n")[0];
    results.push({ name, ok: false, message });
    console.log(`FAIL ${name}: ${message}`);
  }
}

const inside = (u) => {
  if (u.startsWith("data:") || u.startsWith("blob:") || u === "about:blank") return true;
  if (!u.startsWith("file://")) return false;
  const p = path.resolve(fileURLToPath(u.split(/[?#]/)[0]));
  return p === SITE || p.startsWith(SITE + path.sep);
};

async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || DESKTOP,
    colorScheme: "light",
    reducedMotion: "reduce",
    acceptDownloads: true,
    hasTouch: !!options.touch,
  });
  context.setDefaultTimeout(15000);
  if (options.theme) {
    await context.addInitScript((theme) => {
      try {
        localStorage.setItem("notesite-theme", theme);
      } catch {}
    }, options.theme);
  }
  if (options.noStorage) {
    /* As a browser that refuses storage to file:// pages: touching localStorage throws. */
    await context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", {
        configurable: true,
        get() {
          throw new DOMException("storage is disabled", "SecurityError");
        },
      });
    });
  }
  await context.route((u) => !inside(u.href), (route) => {
    problems.push(`request outside the site: ${route.request().url()}`);
    return route.abort("blockedbyclient");
  });
  context.on("page", (page) => {
    page.on("pageerror", (e) => problems.push(`uncaught ${e.message} on ${page.url()}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error "${m.text()}" on ${page.url()}`);
    });
  });
  context.on("requestfailed", (r) => {
    const why = r.failure()?.errorText || "";
    if (!/ERR_ABORTED|ERR_BLOCKED_BY_CLIENT/.test(why)) problems.push(`failed request ${r.url()} ${why}`);
  });
  return context;
}

async function open(page, rel) {
  await page.goto(url(rel), { waitUntil: "load" });
  await page.waitForFunction(() => document.readyState === "complete");
}

async function data(page) {
  return page.evaluate(() => JSON.parse(document.getElementById("study-data").textContent));
}

async function counts(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll(".study-tally")) out[el.dataset.count] = el.querySelector("strong").textContent;
    return { due: Number(out.due), new: Number(out.new), done: Number(out.done), learned: out.learned };
  });
}

async function stored(page) {
  return page.evaluate(() => {
    const key = "notesite-study:" + document.getElementById("study-app").dataset.site;
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  });
}

async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const bad = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} ×${v.nodes.length} (first: ${v.nodes[0]?.target.join(" ")}: ${v.nodes[0]?.failureSummary?.split("\n")[1] || ""})`);
  });
  expect(!bad.length, `${what}: serious axe violations: ${bad.join("; ")}`);
}

async function fits(page, what) {
  const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(w.scroll <= w.view, `${what} is ${w.scroll} px wide in a ${w.view} px window`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${prefix}${name}.png`), fullPage: true, animations: "disabled" });
}

/* One card from its front to a grade: Space flips (or a click/tap on "Show answer"), the back
   and its source link show, the key (or a click on the button) grades. */
async function studyOne(page, grade, how) {
  const front = await page.locator(".study-flashcard-front").textContent();
  const id = await page.locator(".study-flashcard").getAttribute("data-card");
  if (how === "keys") {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press("Space");
  } else if (how === "tap") {
    await page.locator(".study-flip").tap();
  } else {
    await page.locator(".study-flip").click();
  }
  await page.locator(".study-flashcard-back").waitFor({ state: "visible" });
  const back = await page.locator(".study-flashcard-answer").textContent();
  const href = await page.locator(".study-flashcard-back a.study-ui-source").getAttribute("href");
  expect(back && back.trim(), `card "${front}" shows no answer`);
  expect(href, `card "${front}" has no source link`);
  expect(await page.locator(".study-grades").isVisible(), "the grade buttons do not show after the flip");
  if (how === "keys") await page.keyboard.press(String(grade));
  else if (how === "tap") await page.locator(`.study-grade[data-grade="${grade}"]`).tap();
  else await page.locator(`.study-grade[data-grade="${grade}"]`).click();
  await page.waitForFunction(
    ([before, g]) => {
      const card = document.querySelector(".study-flashcard");
      const status = document.querySelector(".study-status").textContent;
      return (card.hidden || card.dataset.card !== before || g === 1) && /Again|Hard|Good|Easy/.test(status);
    },
    [id, grade]
  );
  return { id, front };
}

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: LAUNCH_ARGS, timeout: 60000 });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "study-e2e-"));
let deckData = null;
let studied = [];
let exportFile = null;
try {
  const context = await newContext(browser);
  const page = await context.newPage();

  await check("deck: study ten cards (Space/keys and clicks), counts follow", async () => {
    await open(page, DECK);
    await page.waitForSelector(".study-tallies .study-tally");
    deckData = await data(page);
    const total = deckData.cards.length;
    expect(total >= 10, `the deck has ${total} cards, the test studies ten`);
    const fallback = await page.evaluate(() => [...document.getElementById("study-app").children].filter((c) => !c.hidden && !c.classList.contains("study-ui")).length);
    expect(fallback === 0, "the no-script list still shows beside the cards");
    const before = await counts(page);
    expect(before.done === 0 && before.due === 0 && before.new === Math.min(20, total), `fresh counts: ${JSON.stringify(before)}`);
    await shot(page, "card-front-desktop");
    /* Card 3 is answered Again: it comes back in this session. */
    for (let i = 0; i < 10; i++) {
      const grade = i === 2 ? 1 : i === 5 ? 4 : 3;
      studied.push(await studyOne(page, grade, i % 2 ? "click" : "keys"));
      if (i === 8) {
        await page.keyboard.press("Space");
        await page.locator(".study-flashcard-back").waitFor({ state: "visible" });
        await shot(page, "card-desktop");
        await axe(page, "a flipped card");
        await page.keyboard.press("3");
        studied.push({ id: null });
        break;
      }
    }
    const after = await counts(page);
    expect(after.done === 10, `done today ${after.done}, want 10`);
    expect(after.due === 1, `due ${after.due}, want 1 (the card answered Again)`);
    expect(after.new === Math.min(total - 10, 20 - 10), `new ${after.new}, want ${Math.min(total - 10, 10)}`);
    const saved = await stored(page);
    expect(saved && Object.keys(saved.cards).length === 10, `localStorage holds ${saved ? Object.keys(saved.cards).length : 0} cards`);
  });

  await check("deck: the schedule persists across a reload, and two days later the cards are due", async () => {
    const before = await counts(page);
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".study-tallies .study-tally");
    const after = await counts(page);
    expect(JSON.stringify(after) === JSON.stringify(before), `after reload ${JSON.stringify(after)}, before ${JSON.stringify(before)}`);
    expect(after.done === 10 && after.due === 1, `after reload: ${JSON.stringify(after)}`);
    /* The card due now is the one answered Again. */
    const first = await page.locator(".study-flashcard").getAttribute("data-card");
    expect(first === studied[2].id, "the card answered Again is not first in the queue");
    /* Two days later, in a context of its own (the clock is a context's) holding the same storage. */
    const key = await page.evaluate(() => "notesite-study:" + document.getElementById("study-app").dataset.site);
    const text = await page.evaluate((k) => localStorage.getItem(k), key);
    const laterContext = await newContext(browser);
    await laterContext.addInitScript(([k, t]) => {
      try {
        localStorage.setItem(k, t);
      } catch {} /* about:blank has no storage */
    }, [key, text]);
    await laterContext.clock.setFixedTime(new Date(Date.now() + 2 * DAY));
    const later = await laterContext.newPage();
    await open(later, DECK);
    await later.waitForSelector(".study-tallies .study-tally");
    const c = await counts(later);
    /* Nine Good/Easy cards (intervals 1 day) and the lapsed one are due; the day's counts restart. */
    expect(c.due === 10 && c.done === 0, `two days later: ${JSON.stringify(c)}`);
    await laterContext.close();
  });

  await check("deck: export progress, clear storage, import it: the schedule is back; a bad file changes nothing", async () => {
    const before = await counts(page);
    const savedBefore = await stored(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("button", { hasText: "Export progress" }).click()]);
    exportFile = path.join(tmp, download.suggestedFilename());
    await download.saveAs(exportFile);
    const exported = JSON.parse(fs.readFileSync(exportFile, "utf8"));
    expect(exported.format === "notesite-study-progress" && Object.keys(exported.cards).length === 10, `export: ${JSON.stringify(exported).slice(0, 200)}`);
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".study-tallies .study-tally");
    const cleared = await counts(page);
    expect(cleared.done === 0 && cleared.due === 0, `after clearing: ${JSON.stringify(cleared)}`);
    await page.setInputFiles("#study-import-file", exportFile);
    await page.waitForFunction(() => /imported/.test(document.querySelector(".study-status").textContent));
    const back = await counts(page);
    expect(JSON.stringify(back) === JSON.stringify(before), `after import ${JSON.stringify(back)}, before export ${JSON.stringify(before)}`);
    const savedAfter = await stored(page);
    expect(JSON.stringify(savedAfter.cards) === JSON.stringify(savedBefore.cards), "the imported schedule differs from the exported one");
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(".study-tallies .study-tally");
    expect(JSON.stringify(await counts(page)) === JSON.stringify(before), "the import did not persist across a reload");
    /* A bad file: a readable message, nothing changed. */
    await page.setInputFiles("#study-import-file", { name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
    await page.waitForFunction(() => /Import failed/.test(document.querySelector(".study-status").textContent));
    const message = await page.locator(".study-status:not(.study-sr)").textContent();
    expect(/not a notesite study progress file/.test(message), `bad file message: ${message}`);
    expect(JSON.stringify((await stored(page)).cards) === JSON.stringify(savedBefore.cards), "a bad file changed the stored progress");
    expect(JSON.stringify(await counts(page)) === JSON.stringify(before), "a bad file changed the counts");
  });

  await check("two tabs: a review in one shows in the other's counts, and neither loses it", async () => {
    const other = await context.newPage();
    await open(other, DECK);
    await other.waitForSelector(".study-tallies .study-tally");
    const before = await counts(other);
    await studyOne(page, 3, "keys");
    await other.waitForFunction((done) => Number(document.querySelector('.study-tally[data-count="done"] strong').textContent) === done + 1, before.done);
    await studyOne(other, 3, "click");
    const saved = await stored(page);
    const mine = await counts(page);
    expect(mine.done === before.done + 2 && saved.doneToday === before.done + 2, `after one review in each tab: ${JSON.stringify(mine)}, stored ${saved.doneToday}`);
    await other.close();
    /* Back to the ten cards of the checks below: export, clear, import the file saved above. */
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: "load" });
    await page.setInputFiles("#study-import-file", exportFile);
    await page.waitForFunction(() => /imported/.test(document.querySelector(".study-status").textContent));
    expect(Object.keys((await stored(page)).cards).length === 10, "the ten cards are not back");
  });

  await check("deck, quiz and coverage in dark mode: axe-core, no serious violations", async () => {
    const dark = await newContext(browser, { theme: "dark" });
    const p = await dark.newPage();
    await open(p, DECK);
    await p.waitForSelector(".study-flashcard");
    expect(await p.evaluate(() => document.documentElement.dataset.theme === "dark"), "the page is not dark");
    const bg = await p.evaluate(() => getComputedStyle(document.querySelector(".study-flashcard")).backgroundColor);
    expect(bg !== "rgb(255, 255, 255)", `the card stays white in dark mode (${bg})`);
    await p.keyboard.press("Space");
    await axe(p, "a flipped card in dark mode");
    await open(p, QUIZ);
    await p.locator(".study-quiz-choice").first().click();
    await p.locator(".study-feedback p").waitFor();
    await axe(p, "a quiz question with feedback in dark mode");
    if (hasCoverage) {
      await open(p, COVERAGE);
      await p.waitForSelector("td.study-progress .study-progress-text");
      await axe(p, "the coverage page in dark mode");
    }
    await dark.close();
  });

  await check("deck without localStorage: the page says so and keeps working in memory", async () => {
    const ctx = await newContext(browser, { noStorage: true });
    const p = await ctx.newPage();
    await open(p, DECK);
    await p.waitForSelector(".study-flashcard");
    const note = (await p.locator(".study-note").textContent()) || "";
    expect(/localStorage is unavailable/.test(note), `no word about the missing storage: "${note}"`);
    await studyOne(p, 3, "keys");
    await studyOne(p, 3, "click");
    const c = await counts(p);
    expect(c.done === 2, `done ${c.done} without storage`);
    await ctx.close();
  });

  await check(`a note's or service's deck shares the site's progress${smallDeck ? "" : " (no such page: skipped)"}`, async () => {
    if (!smallDeck) return;
    await open(page, smallDeck);
    await page.waitForSelector(".study-tallies .study-tally");
    const cards = (await data(page)).cards;
    const saved = await stored(page);
    const today = Math.floor(Date.now() / DAY);
    const learned = cards.filter((c) => saved.cards[c.id] && saved.cards[c.id].reps > 0).length;
    const due = cards.filter((c) => saved.cards[c.id] && saved.cards[c.id].due <= today).length;
    const c = await counts(page);
    expect(c.learned === `${learned}/${cards.length}` && c.due === due && c.done === 10, `${smallDeck}: ${JSON.stringify(c)}, want learned ${learned}/${cards.length}, due ${due}, done 10`);
  });

  await check("quiz: answer every question (keys and clicks), feedback, score, review links, retry", async () => {
    await open(page, QUIZ);
    const quiz = (await data(page)).quiz;
    expect(quiz.length > 0, "the quiz page has no questions");
    await page.waitForSelector(".study-quiz-choice");
    const fallback = await page.evaluate(() => [...document.getElementById("study-app").children].filter((c) => !c.hidden && !c.classList.contains("study-ui")).length);
    expect(fallback === 0, "the no-script questions still show beside the quiz");
    let right = 0;
    const wrongOnes = [];
    for (let i = 0; i < quiz.length; i++) {
      const q = quiz[i];
      const heading = (await page.locator(".study-quiz-question").textContent()).trim();
      expect(heading === q.question, `question ${i + 1} shows "${heading}", want "${q.question}"`);
      /* Every third answer is wrong on purpose. */
      const pick = i % 3 === 1 ? (q.answer + 1) % q.choices.length : q.answer;
      if (pick === q.answer) right += 1;
      else wrongOnes.push(q);
      if (i % 2 === 0) {
        const shown = await page.locator(".study-quiz-choice").evaluateAll((els) => els.map((e) => Number(e.dataset.choice)));
        await page.keyboard.press(String(shown.indexOf(pick) + 1));
      } else {
        await page.locator(`.study-quiz-choice[data-choice="${pick}"]`).click();
      }
      await page.locator(".study-feedback p").waitFor();
      const feedback = await page.locator(".study-feedback p").textContent();
      expect(pick === q.answer ? /^Correct/.test(feedback) : /answer is/.test(feedback), `feedback "${feedback}"`);
      const live = await page.locator(".study-status.study-sr").textContent();
      expect(live === feedback, "the feedback is not in the live region");
      if (q.source && q.source.href) expect((await page.locator(".study-feedback a").getAttribute("href")) === q.source.href, "no link to the section");
      if (i === 1) {
        await shot(page, "quiz-desktop");
        await axe(page, "a quiz question with feedback");
      }
      await page.locator(".study-next").click();
    }
    const score = await page.locator(".study-score").textContent();
    expect(score === `Score: ${right} / ${quiz.length}`, `score "${score}", want ${right} / ${quiz.length}`);
    const review = await page.locator(".study-review li").count();
    expect(review === wrongOnes.length, `${review} answers to review, want ${wrongOnes.length}`);
    const links = await page.locator(".study-review li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(JSON.stringify(links) === JSON.stringify(wrongOnes.filter((q) => q.source && q.source.href).map((q) => q.source.href)), "review links differ from the sections of the wrong answers");
    await axe(page, "the quiz score");
    await page.locator(".study-retry").click();
    expect((await page.locator(".study-quiz-progress").textContent()).startsWith("Question 1 of"), "retry does not start again");
    const choices = await page.locator(".study-quiz-choice").evaluateAll((els) => els.map((e) => Number(e.dataset.choice)).sort());
    expect(JSON.stringify(choices) === JSON.stringify(quiz[0].choices.map((_, i) => i)), "retry lost choices");
  });

  await check(`coverage: progress filled from the deck's storage${hasCoverage ? "" : " (no coverage page: skipped)"}`, async () => {
    if (!hasCoverage) {
      expect(!requireCoverage, `${COVERAGE} is missing`);
      return;
    }
    await open(page, COVERAGE);
    const cov = await data(page);
    let saved = await stored(page);
    expect(saved && Object.keys(saved.cards).length === 10, "the coverage page does not see the deck's progress");
    /* The ten cards studied may all lie outside the domains: then one card of a domain is
       learned by importing a progress file that holds it (merged with the rest). */
    if (!cov.cards.some((c) => (c.domains || []).length && saved.cards[c.id] && saved.cards[c.id].reps > 0)) {
      const target = cov.cards.find((c) => (c.domains || []).length);
      expect(target, "no card of the coverage page belongs to a domain");
      const today = Math.floor(Date.now() / DAY);
      const file = path.join(tmp, "one-card.json");
      fs.writeFileSync(file, JSON.stringify({
        format: "notesite-study-progress", version: 1, site: saved.site,
        cards: { [target.id]: { reps: 1, ease: 2.5, interval: 1, due: today + 1, last: today, reviews: 1, lapses: 0 } },
      }));
      await open(page, DECK);
      await page.setInputFiles("#study-import-file", file);
      await page.waitForFunction(() => /imported: 1 card updated/.test(document.querySelector(".study-status").textContent));
      await open(page, COVERAGE);
      saved = await stored(page);
      expect(Object.keys(saved.cards).length === 11, "the import did not merge one card into the ten");
    }
    const learnedIds = new Set(Object.keys(saved.cards).filter((id) => saved.cards[id].reps > 0));
    await page.waitForSelector("td.study-progress .study-progress-text");
    const rows = await page.locator("tr[data-domain]").evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.dataset.domain, text: tr.querySelector("td.study-progress").textContent }))
    );
    expect(rows.length >= 2, `${rows.length} domain rows`);
    let some = 0;
    for (const row of rows) {
      const cards = cov.cards.filter((c) => (c.domains || []).includes(row.id));
      const learned = cards.filter((c) => learnedIds.has(c.id)).length;
      some += learned;
      const want = cards.length ? `${learned}/${cards.length} learned` : "no cards";
      expect(row.text.startsWith(want), `domain ${row.id}: "${row.text}", want "${want}…"`);
    }
    expect(some > 0, "no domain shows progress");
    await shot(page, "coverage-desktop");
    await axe(page, "the coverage page");
  });
  await context.close();

  await check("phone (390 px, touch): card, quiz and coverage fit without sideways scrolling (+ screenshots)", async () => {
    const ctx = await newContext(browser, { viewport: PHONE, touch: true });
    const p = await ctx.newPage();
    await open(p, DECK);
    await p.waitForSelector(".study-flashcard");
    await fits(p, "the deck (front)");
    await studyOne(p, 3, "tap");
    await p.locator(".study-flip").tap();
    await p.locator(".study-flashcard-back").waitFor({ state: "visible" });
    await fits(p, "the deck (back)");
    await shot(p, "card-phone");
    await axe(p, "a card at 390 px");
    await open(p, QUIZ);
    await p.locator(".study-quiz-choice").first().tap();
    await p.locator(".study-feedback p").waitFor();
    await fits(p, "the quiz");
    await shot(p, "quiz-phone");
    if (hasCoverage) {
      await open(p, COVERAGE);
      await p.waitForSelector("td.study-progress .study-progress-text");
      await fits(p, "the coverage page");
      /* The progress is on screen, not in a part of the table scrolled off to the side. */
      const cell = await p.evaluate(() => {
        const r = document.querySelector("tr[data-domain] td.study-progress").getBoundingClientRect();
        return { left: r.left, right: r.right, width: window.innerWidth };
      });
      expect(cell.left >= 0 && cell.right <= cell.width, `the progress cell lies at ${Math.round(cell.left)}–${Math.round(cell.right)} px in a ${cell.width} px window`);
      await shot(p, "coverage-phone");
    }
    await ctx.close();
  });
} catch (error) {
  results.push({ name: "run", ok: false, message: String(error && error.stack ? error.stack : error) });
  console.log(`FAIL run: ${error && error.stack ? error.stack : error}`);
} finally {
  await browser.close().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok);
const uniq = [...new Set(problems)];
for (const p of uniq) console.log(`problem: ${p}`);
console.log(`${failed.length || uniq.length ? "FAILED" : "OK"}: ${results.length - failed.length}/${results.length} study checks passed${uniq.length ? `, ${uniq.length} request/page problem(s)` : ""}; screenshots in ${shots}`);
process.exit(failed.length || uniq.length ? 1 : 0);
