/* The scheduler and progress files of themes/default/static/assets/study.js, under node
   (no browser): run by tests/it/study_js.rs. Usage: node tests/it/study_scheduler.mjs
   <study.js>. Prints "ok <name>" per check and exits non-zero at the first failure. */
import fs from "node:fs";
import assert from "node:assert/strict";

const file = process.argv[2];
const source = fs.readFileSync(file, "utf8");
/* As the page loads it (a classic script), with a CommonJS `module` to hand the API out. */
const module = { exports: {} };
new Function("module", source)(module);
const S = module.exports;
assert.equal(typeof S.schedule, "function", "study.js exports its pure functions under node");

let passed = 0;
function check(name, fn) {
  fn();
  passed += 1;
  console.log(`ok ${name}`);
}

const AGAIN = 1, HARD = 2, GOOD = 3, EASY = 4;
const DAY = 86400000;

check("UTC days: midnight UTC starts a day, whatever the hour elsewhere", () => {
  const d = S.utcDay(Date.UTC(2026, 11, 7, 0, 0, 0));
  assert.equal(S.utcDay(Date.UTC(2026, 11, 7, 23, 59, 59, 999)), d);
  assert.equal(S.utcDay(Date.UTC(2026, 11, 8, 0, 0, 0)), d + 1);
  assert.equal(S.utcDay(Date.UTC(2026, 11, 6, 23, 59, 59)), d - 1);
  assert.equal(d, Math.round(Date.UTC(2026, 11, 7) / DAY));
  /* A local-time string with an offset is the same instant, hence the same UTC day. */
  assert.equal(S.utcDay(Date.parse("2026-12-07T23:30:00-05:00")), d + 1);
});

check("SM-2 intervals grow with Good: 1, 6, then times the ease", () => {
  let s = null;
  let day = 20000;
  const intervals = [];
  for (let i = 0; i < 6; i++) {
    s = S.schedule(s, GOOD, day);
    intervals.push(s.interval);
    assert.equal(s.due, day + s.interval);
    day = s.due;
  }
  assert.deepEqual(intervals.slice(0, 2), [1, 6]);
  for (let i = 1; i < intervals.length; i++) assert.ok(intervals[i] > intervals[i - 1], `intervals grow: ${intervals}`);
  /* Good (quality 4) leaves the ease at 2.5: 6 × 2.5 = 15, 15 × 2.5 = 38 (rounded). */
  assert.equal(s.ease, 2.5);
  assert.equal(intervals[2], 15);
  assert.equal(intervals[3], 38);
});

check("Easy grows faster than Good, Hard slower, and the ease moves as SM-2 says", () => {
  const run = (g) => {
    let s = null;
    for (let i = 0; i < 4; i++) s = S.schedule(s, g, 100);
    return s;
  };
  const easy = run(EASY), good = run(GOOD), hard = run(HARD);
  assert.ok(easy.interval > good.interval && good.interval > hard.interval, `${easy.interval} > ${good.interval} > ${hard.interval}`);
  assert.equal(S.schedule(null, EASY, 0).ease, 2.6); /* +0.1 */
  assert.equal(S.schedule(null, HARD, 0).ease, 2.36); /* -0.14 */
  let s = null;
  for (let i = 0; i < 30; i++) s = S.schedule(s, HARD, 0);
  assert.equal(s.ease, 1.3, "the ease never falls below 1.3");
});

check("Again resets the repetitions and brings the card back today", () => {
  let s = null;
  for (let i = 0; i < 4; i++) s = S.schedule(s, GOOD, 500);
  assert.ok(s.interval > 6);
  const lapse = S.schedule(s, AGAIN, 600);
  assert.equal(lapse.reps, 0);
  assert.equal(lapse.interval, 0);
  assert.equal(lapse.due, 600, "due again the same day");
  assert.equal(lapse.lapses, 1);
  assert.ok(lapse.ease < s.ease, "a lapse lowers the ease");
  const again = S.schedule(lapse, GOOD, 600);
  assert.equal(again.interval, 1, "after a lapse, the intervals start again at 1 day");
  assert.equal(again.due, 601);
  assert.throws(() => S.schedule(null, 5, 0));
});

const deck = Array.from({ length: 30 }, (_, i) => ({ id: `c-${String(i).padStart(16, "0")}` }));

check("today's queue: due cards first, then at most 20 new ones; counts follow the answers", () => {
  const p = S.emptyProgress("site1");
  const today = 1000;
  let q = S.queue(p, deck, today);
  assert.equal(q.length, S.NEW_PER_DAY);
  assert.deepEqual(q, deck.slice(0, 20).map((c) => c.id));
  let c = S.counts(p, deck, today);
  assert.deepEqual([c.due, c.new, c.done, c.unseen, c.learned], [0, 20, 0, 30, 0]);
  for (const card of deck.slice(0, 10)) S.grade(p, card.id, card === deck[3] ? AGAIN : GOOD, today);
  c = S.counts(p, deck, today);
  assert.deepEqual([c.due, c.new, c.done, c.learned], [1, 10, 10, 9], JSON.stringify(c));
  q = S.queue(p, deck, today);
  assert.equal(q[0], deck[3].id, "the card answered Again comes first, due today");
  assert.equal(q.length, 11);
  /* The next day: the nine Good cards are due (interval 1), and the new-card limit starts over. */
  c = S.counts(p, deck, today + 1);
  assert.deepEqual([c.due, c.new, c.done], [10, 20, 0]);
  q = S.queue(p, deck, today + 1);
  assert.deepEqual(q.slice(0, 10).sort(), deck.slice(0, 10).map((x) => x.id).sort());
  assert.equal(q.length, 30);
});

check("cards no longer in the deck keep their progress", () => {
  const p = S.emptyProgress("s");
  S.grade(p, "c-gone000000000000", GOOD, 10);
  const c = S.counts(p, deck, 10);
  assert.equal(c.done, 1);
  assert.equal(c.new, 19, "the new card studied today counts against today's limit");
  assert.ok(p.cards["c-gone000000000000"]);
  const round = S.parseProgress(S.exportText(p, 10 * DAY));
  assert.ok(round.ok && round.progress.cards["c-gone000000000000"]);
});

check("export then import gives the same schedule back", () => {
  const p = S.emptyProgress("abc123");
  deck.slice(0, 12).forEach((card, i) => S.grade(p, card.id, (i % 4) + 1, 3000));
  S.grade(p, deck[0].id, GOOD, 3001);
  const text = S.exportText(p, Date.UTC(2026, 11, 7));
  const parsed = JSON.parse(text);
  assert.equal(parsed.format, "notesite-study-progress");
  assert.equal(parsed.exported, "2026-12-07T00:00:00.000Z");
  const back = S.parseProgress(text);
  assert.ok(back.ok, back.error);
  assert.deepEqual(JSON.parse(JSON.stringify(back.progress.cards)), JSON.parse(JSON.stringify(p.cards)));
  assert.equal(back.progress.site, "abc123");
  for (const day of [3000, 3001, 3002, 3010]) {
    assert.deepEqual(S.queue(back.progress, deck, day), S.queue(p, deck, day), `same queue on day ${day}`);
    assert.deepEqual(S.counts(back.progress, deck, day), S.counts(p, deck, day));
  }
  /* Into an empty store: every card comes back. */
  const empty = S.emptyProgress("abc123");
  assert.equal(S.mergeProgress(empty, back.progress), 12);
  assert.deepEqual(S.queue(empty, deck, 3005), S.queue(p, deck, 3005));
  /* Merging keeps the more recent review of each card and cards only in the store. */
  const mine = S.emptyProgress("abc123");
  S.grade(mine, deck[1].id, EASY, 4000);
  S.grade(mine, "c-only-mine000000", GOOD, 4000);
  S.mergeProgress(mine, back.progress);
  assert.equal(mine.cards[deck[1].id].last, 4000, "the newer review in the store wins");
  assert.ok(mine.cards["c-only-mine000000"]);
  assert.equal(mine.cards[deck[2].id].last, 3000);
});

check("two tabs of one day: merging keeps both tabs' reviews and today's counts", () => {
  const a = S.emptyProgress("s");
  S.grade(a, "c-a", GOOD, 50);
  S.grade(a, "c-b", GOOD, 50);
  const b = S.parseProgress(S.exportText(a, 0)).progress; /* the other tab read it */
  S.grade(b, "c-c", GOOD, 50);
  assert.equal(S.mergeProgress(a, b), 1);
  assert.deepEqual([a.doneToday, a.newToday, Object.keys(a.cards).length], [3, 3, 3]);
  /* A file of an earlier day changes no count of today. */
  const old = S.emptyProgress("s");
  S.grade(old, "c-d", GOOD, 40);
  S.mergeProgress(a, old);
  assert.deepEqual([a.day, a.doneToday, Object.keys(a.cards).length], [50, 3, 4]);
});

check("bad files are refused with a readable message", () => {
  const good = JSON.parse(S.exportText(S.emptyProgress("x"), 0));
  const cases = [
    ["not json {", /not JSON/],
    ["[1,2]", /not a notesite study progress file/],
    [JSON.stringify({ ...good, format: "other" }), /not a notesite study progress file/],
    [JSON.stringify({ ...good, version: 9 }), /version 9/],
    [JSON.stringify({ ...good, cards: [] }), /no list of cards/],
    [JSON.stringify({ ...good, cards: { "c-1": { reps: "3" } } }), /card c-1 .*damaged/],
    [JSON.stringify({ ...good, cards: { "c-1": { reps: 1, ease: 0.5, interval: 1, due: 1, last: 0, reviews: 1, lapses: 0 } } }), /damaged/],
  ];
  for (const [text, message] of cases) {
    const r = S.parseProgress(text);
    assert.equal(r.ok, false, text);
    assert.match(r.error, message);
    assert.ok(/^[A-Z].*\.$/.test(r.error), `a sentence: ${r.error}`);
  }
});

check("retry order: a permutation of the choices, deterministic with a seeded random", () => {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const a = S.shuffle(4, rnd);
  assert.deepEqual([...a].sort(), [0, 1, 2, 3]);
  seed = 42;
  assert.deepEqual(S.shuffle(4, rnd), a);
  assert.deepEqual(S.shuffle(4, () => 0.999), [0, 1, 2, 3]);
});

console.log(`passed ${passed}`);
