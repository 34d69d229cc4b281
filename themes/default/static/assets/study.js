/* study.js — study mode in the browser: flash cards with spaced repetition, a quiz,
   and the learner's progress on the exam coverage page.

   Loaded (classic deferred script, no modules, no network) only by study pages. It reads
   `#study-app[data-mode][data-site]` and the JSON in `#study-data` (cards, quiz, domains:
   see README "Study mode") and enhances the readable no-script markup of the page.

   Scheduling is SM-2, the SuperMemo 2 algorithm as published by P. Wozniak (1990):
   https://super-memory.com/english/ol/sm2.htm. The four buttons are SM-2 qualities
   Again = 2 (a lapse: repetitions start again), Hard = 3, Good = 4, Easy = 5. Intervals
   are 1 day, then 6 days, then the previous interval times the ease factor (EF, starting
   at 2.5, changed after every answer by EF + (0.1 - (5 - q) (0.08 + (5 - q) 0.02)),
   never below 1.3). As SM-2 asks, a card answered Again is shown again the same day,
   until it is answered Hard or better. Days are UTC days (days since 1970-01-01 UTC), so
   a review counts the same day wherever the browser's clock zone is.

   Progress is kept in localStorage under `notesite-study:<data-site>`, one entry per card
   id; ids of cards no longer in the deck are kept, never deleted (a card may come back
   after an edit). Without localStorage (some file:// settings) the page says so and keeps
   the progress in memory. Progress can be exported as a JSON file and imported back.

   Under node the pure functions (scheduler, counts, queue, export/import) are exported for
   the tests (tests/it/study_js.rs); in a page the script adds no name to window. */
(function (global) {
  "use strict";

  var DAY_MS = 86400000;
  var NEW_PER_DAY = 20;
  var START_EASE = 2.5;
  var MIN_EASE = 1.3;
  var FORMAT = "notesite-study-progress";
  var VERSION = 1;
  var GRADES = [
    { grade: 1, name: "Again", quality: 2 },
    { grade: 2, name: "Hard", quality: 3 },
    { grade: 3, name: "Good", quality: 4 },
    { grade: 4, name: "Easy", quality: 5 }
  ];

  /* ---------------------------------------------------------------- */
  /* Pure functions: days, the scheduler, progress, queue, files       */
  /* ---------------------------------------------------------------- */

  /** The UTC day number (days since 1970-01-01 UTC) of a time in milliseconds. */
  function utcDay(ms) {
    return Math.floor(ms / DAY_MS);
  }

  /** The state of a card never studied. */
  function freshState() {
    return { reps: 0, ease: START_EASE, interval: 0, due: 0, last: -1, reviews: 0, lapses: 0 };
  }

  /** SM-2: the state after answering `grade` (1 Again, 2 Hard, 3 Good, 4 Easy) on `today`. */
  function schedule(state, grade, today) {
    var g = GRADES[grade - 1];
    if (!g) throw new Error("grade must be 1, 2, 3 or 4");
    var s = state || freshState();
    var q = g.quality;
    var ease = s.ease + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02));
    if (ease < MIN_EASE) ease = MIN_EASE;
    ease = Math.round(ease * 1000) / 1000;
    var next = {
      reps: s.reps,
      ease: ease,
      interval: s.interval,
      due: today,
      last: today,
      reviews: s.reviews + 1,
      lapses: s.lapses
    };
    if (q < 3) {
      // A lapse: repetitions start again, and the card comes back today.
      next.reps = 0;
      next.interval = 0;
      next.lapses = s.lapses + 1;
      next.due = today;
      return next;
    }
    next.reps = s.reps + 1;
    if (next.reps === 1) next.interval = 1;
    else if (next.reps === 2) next.interval = 6;
    else next.interval = Math.max(1, Math.round(s.interval * s.ease));
    next.due = today + next.interval;
    return next;
  }

  /** An empty progress record for a site. */
  function emptyProgress(site) {
    return { format: FORMAT, version: VERSION, site: site || "", cards: {}, day: -1, newToday: 0, doneToday: 0 };
  }

  /** Progress with its daily counters moved to `today` (a new day starts at zero). */
  function rollDay(progress, today) {
    if (progress.day !== today) {
      progress.day = today;
      progress.newToday = 0;
      progress.doneToday = 0;
    }
    return progress;
  }

  /** Record an answer: updates the card's state and today's counts; returns the new state. */
  function grade(progress, cardId, g, today) {
    rollDay(progress, today);
    var before = progress.cards[cardId];
    if (!before) progress.newToday += 1;
    var after = schedule(before, g, today);
    progress.cards[cardId] = after;
    progress.doneToday += 1;
    return after;
  }

  /** Counts of a deck for today: due (studied, due today or before), new (allowed today),
      unseen (never studied), learned (answered Hard or better at the last review), done. */
  function counts(progress, cards, today, newPerDay) {
    var limit = newPerDay == null ? NEW_PER_DAY : newPerDay;
    var newToday = progress.day === today ? progress.newToday : 0;
    var doneToday = progress.day === today ? progress.doneToday : 0;
    var due = 0, unseen = 0, learned = 0;
    for (var i = 0; i < cards.length; i++) {
      var s = progress.cards[cards[i].id];
      if (!s) unseen += 1;
      else {
        if (s.due <= today) due += 1;
        if (s.reps > 0) learned += 1;
      }
    }
    return {
      due: due,
      "new": Math.max(0, Math.min(unseen, limit - newToday)),
      unseen: unseen,
      learned: learned,
      total: cards.length,
      done: doneToday
    };
  }

  /** Today's queue of card ids: due cards first (most overdue first, then deck order),
      then new cards in deck order, as many as today's new-card limit still allows. */
  function queue(progress, cards, today, newPerDay) {
    var c = counts(progress, cards, today, newPerDay);
    var due = [], fresh = [];
    for (var i = 0; i < cards.length; i++) {
      var s = progress.cards[cards[i].id];
      if (s && s.due <= today) due.push({ id: cards[i].id, due: s.due, at: i });
      else if (!s && fresh.length < c["new"]) fresh.push(cards[i].id);
    }
    due.sort(function (a, b) { return a.due - b.due || a.at - b.at; });
    return due.map(function (d) { return d.id; }).concat(fresh);
  }

  /** How long until the card comes back after each grade, as short labels ("today", "1 d"). */
  function previews(state, today) {
    return GRADES.map(function (g) {
      var n = schedule(state, g.grade, today).due - today;
      return n <= 0 ? "today" : n < 31 ? n + " d" : n < 365 ? Math.round(n / 30) + " mo" : (n / 365).toFixed(1) + " y";
    });
  }

  function isCount(n) {
    return typeof n === "number" && isFinite(n) && Math.floor(n) === n;
  }

  function validState(s) {
    return !!s && typeof s === "object" &&
      isCount(s.reps) && s.reps >= 0 &&
      typeof s.ease === "number" && isFinite(s.ease) && s.ease >= MIN_EASE && s.ease <= 10 &&
      isCount(s.interval) && s.interval >= 0 &&
      isCount(s.due) && isCount(s.last) &&
      isCount(s.reviews) && s.reviews >= 0 && isCount(s.lapses) && s.lapses >= 0;
  }

  /** The text of an export file. */
  function exportText(progress, now) {
    return JSON.stringify({
      format: FORMAT,
      version: VERSION,
      site: progress.site,
      exported: new Date(now).toISOString(),
      day: progress.day,
      newToday: progress.newToday,
      doneToday: progress.doneToday,
      cards: progress.cards
    }, null, 1);
  }

  /** Read a progress file (or stored text): { ok: true, progress } or { ok: false, error }
      where error is a sentence for the reader. Nothing is changed either way. */
  function parseProgress(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: "This file is not a study progress file (it is not JSON)." };
    }
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      return { ok: false, error: "This file is not a notesite study progress file." };
    }
    if (data.version !== VERSION) {
      return { ok: false, error: "This progress file has version " + String(data.version) + "; this page reads version " + VERSION + "." };
    }
    if (!data.cards || typeof data.cards !== "object" || Array.isArray(data.cards)) {
      return { ok: false, error: "This progress file has no list of cards." };
    }
    var cards = {};
    for (var id in data.cards) {
      if (!Object.prototype.hasOwnProperty.call(data.cards, id)) continue;
      var s = data.cards[id];
      if (!validState(s)) return { ok: false, error: "The progress of card " + id + " in this file is damaged; nothing was imported." };
      cards[id] = {
        reps: s.reps, ease: s.ease, interval: s.interval, due: s.due, last: s.last,
        reviews: s.reviews, lapses: s.lapses
      };
    }
    var p = emptyProgress(typeof data.site === "string" ? data.site : "");
    p.cards = cards;
    if (isCount(data.day) && isCount(data.newToday) && isCount(data.doneToday)) {
      p.day = data.day;
      p.newToday = Math.max(0, data.newToday);
      p.doneToday = Math.max(0, data.doneToday);
    }
    return { ok: true, progress: p };
  }

  /** Merge imported progress into the current one: per card, the more recent review wins
      (the file wins a tie); cards only in either are kept. Returns how many cards changed. */
  function mergeProgress(into, from) {
    var changed = 0;
    for (var id in from.cards) {
      if (!Object.prototype.hasOwnProperty.call(from.cards, id)) continue;
      var mine = into.cards[id];
      var theirs = from.cards[id];
      if (!mine || theirs.last >= mine.last) {
        if (!mine || JSON.stringify(mine) !== JSON.stringify(theirs)) changed += 1;
        into.cards[id] = theirs;
      }
    }
    if (from.day > into.day) {
      into.day = from.day;
      into.newToday = from.newToday;
      into.doneToday = from.doneToday;
    } else if (from.day === into.day) {
      // The same day in two tabs (or a file of today): each count is the larger one.
      into.newToday = Math.max(into.newToday, from.newToday);
      into.doneToday = Math.max(into.doneToday, from.doneToday);
    }
    return changed;
  }

  /** The choices of a quiz question in a new order: an array of original indexes. `random`
      returns numbers in [0, 1) (Math.random in the page, a seeded one in tests). */
  function shuffle(n, random) {
    var order = [];
    for (var i = 0; i < n; i++) order.push(i);
    for (var j = n - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    return order;
  }

  var api = {
    NEW_PER_DAY: NEW_PER_DAY,
    utcDay: utcDay,
    freshState: freshState,
    schedule: schedule,
    emptyProgress: emptyProgress,
    grade: grade,
    counts: counts,
    queue: queue,
    previews: previews,
    exportText: exportText,
    parseProgress: parseProgress,
    mergeProgress: mergeProgress,
    shuffle: shuffle,
    storageKey: function (site) { return "notesite-study:" + site; }
  };

  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  }
  if (typeof document === "undefined") return;

  /* ---------------------------------------------------------------- */
  /* The page                                                          */
  /* ---------------------------------------------------------------- */

  var doc = document;

  function el(tag, attrs, children) {
    var node = doc.createElement(tag);
    for (var name in attrs || {}) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function button(label, className) {
    return el("button", { type: "button", className: "study-button" + (className ? " " + className : ""), text: label });
  }

  function sourceLink(source) {
    if (!source || !source.href) return null;
    return el("a", { href: source.href, className: "study-ui-source", text: "Source: " + (source.label || source.href) });
  }

  /* The store: localStorage when the browser allows it, else memory (said on the page). */
  function openStore(site) {
    var key = api.storageKey(site);
    var storage = null;
    try {
      storage = global.localStorage;
      var probe = key + ":probe";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
    } catch (e) {
      storage = null;
    }
    var progress = emptyProgress(site);
    var problem = null;
    if (storage) {
      var text = null;
      try { text = storage.getItem(key); } catch (e) { text = null; }
      if (text) {
        var read = parseProgress(text);
        if (read.ok) {
          progress = read.progress;
          progress.site = site;
        } else {
          problem = "The saved progress could not be read and was set aside; studying starts afresh.";
          try { storage.setItem(key + ":unreadable", text); } catch (e) { /* full: keep going */ }
        }
      }
    }
    var store = {
      progress: progress,
      persistent: !!storage,
      problem: problem,
      /* Another tab of the same site saved: take its newer reviews in, then `fn`. */
      onChange: function (fn) {
        global.addEventListener("storage", function (event) {
          if (event.key !== key || !event.newValue) return;
          var read = parseProgress(event.newValue);
          if (read.ok && mergeProgress(progress, read.progress)) fn();
        });
      },
      save: function () {
        if (!storage) return true;
        try {
          storage.setItem(key, exportText(progress, Date.now()));
          return true;
        } catch (e) {
          return false;
        }
      }
    };
    return store;
  }

  function today() {
    return utcDay(Date.now());
  }

  /* Export and import: a Blob link (works from file://) and a file input. */
  function progressTools(store, status, onImport) {
    var exportButton = button("Export progress", "study-button-quiet");
    var input = el("input", { type: "file", accept: ".json,application/json", id: "study-import-file", className: "study-import-input" });
    var label = el("label", { "for": "study-import-file", className: "study-import-label", text: "Import progress from a file" });
    exportButton.addEventListener("click", function () {
      var blob = new Blob([exportText(store.progress, Date.now())], { type: "application/json" });
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: "study-progress-" + (store.progress.site || "site") + ".json" });
      a.hidden = true;
      doc.body.appendChild(a);
      a.click();
      setTimeout(function () {
        URL.revokeObjectURL(url);
        a.parentNode.removeChild(a);
      }, 0);
      say(status, "Progress exported (" + Object.keys(store.progress.cards).length + " cards).");
    });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var read = parseProgress(String(reader.result));
        input.value = "";
        if (!read.ok) {
          say(status, "Import failed: " + read.error, true);
          return;
        }
        var changed = mergeProgress(store.progress, read.progress);
        store.save();
        var other = read.progress.site && read.progress.site !== store.progress.site ? " (the file comes from another site or address; cards this site has were matched by id)" : "";
        say(status, "Progress imported: " + changed + " card" + (changed === 1 ? "" : "s") + " updated" + other + ".");
        onImport();
      };
      reader.onerror = function () {
        input.value = "";
        say(status, "Import failed: the file could not be read.", true);
      };
      reader.readAsText(file);
    });
    return el("div", { className: "study-tools" }, [
      exportButton,
      el("div", { className: "study-import" }, [label, input])
    ]);
  }

  function say(status, message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
  }

  /* A polite live region; `quiet` ones are for screen readers only (the same words show
     elsewhere on the page). */
  function liveRegion(quiet) {
    return el("p", { className: "study-status" + (quiet ? " study-sr" : ""), role: "status", "aria-live": "polite" });
  }

  /* The no-script markup inside #study-app is hidden and the interactive part goes into
     one `.study-ui` element after it. */
  function enhance(app) {
    for (var i = 0; i < app.children.length; i++) app.children[i].hidden = true;
    app.classList.add("is-enhanced");
    var ui = el("div", { className: "study-ui" });
    app.appendChild(ui);
    return ui;
  }

  function storageNote(store) {
    var text = store.problem || (store.persistent ? null :
      "This browser does not let the page keep data here (localStorage is unavailable, as in some file:// settings): progress lasts until the page is closed. Export it to keep it.");
    return text ? el("p", { className: "study-note", text: text }) : null;
  }

  /* ---------------- deck ---------------- */

  function deck(app, data) {
    var cards = (data.cards || []).filter(function (c) { return c && c.id; });
    var store = openStore(app.getAttribute("data-site") || "");
    var progress = store.progress;
    var day = today();
    var session = queue(progress, cards, day);
    var byId = {};
    cards.forEach(function (c) { byId[c.id] = c; });
    var current = null;
    var flipped = false;

    var countsLine = el("p", { className: "study-tallies" });
    var front = el("p", { className: "study-flashcard-front" });
    var back = el("div", { className: "study-flashcard-back" });
    var kind = el("p", { className: "study-flashcard-kind" });
    var card = el("section", { className: "study-flashcard", tabindex: "-1", "aria-label": "Flash card" }, [kind, front, back]);
    var flip = button("Show answer", "study-flip");
    flip.setAttribute("aria-keyshortcuts", "Space Enter");
    var grades = el("div", { className: "study-grades", role: "group", "aria-label": "How well did you know it?" });
    var gradeButtons = GRADES.map(function (g) {
      var b = button("", "study-grade study-grade-" + g.name.toLowerCase());
      b.setAttribute("data-grade", String(g.grade));
      b.setAttribute("aria-keyshortcuts", String(g.grade));
      b.addEventListener("click", function () { answer(g.grade); });
      grades.appendChild(b);
      return b;
    });
    var done = el("div", { className: "study-done", tabindex: "-1" });
    var status = liveRegion();
    var spoken = liveRegion(true);
    var help = el("p", { className: "study-help", text: "Keys: Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy." });

    var ui = enhance(app);
    [storageNote(store), countsLine, card, flip, grades, done, status, spoken, help,
     progressTools(store, status, function () { restart(); })].forEach(function (n) { if (n) ui.appendChild(n); });

    function showCounts() {
      var c = counts(progress, cards, today());
      countsLine.textContent = "";
      [["Due", c.due, "due"], ["New", c["new"], "new"], ["Done today", c.done, "done"], ["Learned", c.learned + "/" + c.total, "learned"]]
        .forEach(function (item) {
          countsLine.appendChild(el("span", { className: "study-tally", "data-count": item[2] }, [
            el("span", { className: "study-tally-label", text: item[0] + " " }),
            el("strong", { text: String(item[1]) })
          ]));
        });
    }

    function show() {
      showCounts();
      current = session.length ? byId[session[0]] : null;
      flipped = false;
      card.hidden = flip.hidden = !current;
      grades.hidden = true;
      back.hidden = true;
      done.hidden = !!current;
      if (!current) {
        done.textContent = "";
        done.appendChild(el("p", { text: cards.length ? "Nothing left to study today. Come back tomorrow for the cards that are due then." : "This deck has no cards." }));
        return;
      }
      kind.textContent = { term: "Term", service: "Service", fact: "Fact", user: "Your card" }[current.kind] || "Card";
      front.textContent = current.front;
      back.textContent = "";
      back.appendChild(el("p", { className: "study-flashcard-answer", text: current.back }));
      var link = sourceLink(current.source);
      if (link) back.appendChild(link);
      card.setAttribute("data-card", current.id);
    }

    function reveal() {
      if (!current || flipped) return;
      flipped = true;
      back.hidden = false;
      flip.hidden = true;
      grades.hidden = false;
      var labels = previews(progress.cards[current.id], today());
      gradeButtons.forEach(function (b, i) {
        b.textContent = "";
        b.appendChild(el("span", { className: "study-grade-key", text: String(GRADES[i].grade) }));
        b.appendChild(doc.createTextNode(" " + GRADES[i].name + " "));
        b.appendChild(el("span", { className: "study-grade-when", text: labels[i] }));
      });
      say(spoken, "Answer: " + current.back);
      card.focus({ preventScroll: true });
    }

    function answer(g) {
      if (!current || !flipped) return;
      var d = today();
      var after = grade(progress, current.id, g, d);
      var saved = store.save();
      session.shift();
      if (after.due <= d) session.push(current.id);
      var name = GRADES[g - 1].name;
      say(status, saved ? name + ": " + (after.due <= d ? "this card comes back in this session." : "next review in " + (after.due - d) + " day" + (after.due - d === 1 ? "" : "s") + ".")
        : "The progress could not be saved (storage full?): export it to keep it.", !saved);
      show();
      if (current) flip.focus();
      else done.focus();
    }

    function restart() {
      session = queue(progress, cards, today());
      show();
    }

    store.onChange(showCounts);
    flip.addEventListener("click", reveal);
    doc.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      var t = event.target;
      var tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      if ((event.key === " " || event.key === "Enter") && !flipped) {
        // A focused button or link does its own thing with these keys.
        if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;
        if (!current) return;
        event.preventDefault();
        reveal();
      } else if (/^[1-4]$/.test(event.key) && flipped) {
        event.preventDefault();
        answer(Number(event.key));
      }
    });
    show();
  }

  /* ---------------- quiz ---------------- */

  function quiz(app, data) {
    var questions = (data.quiz || []).filter(function (q) { return q && q.choices && q.choices.length; });
    var status = liveRegion(true);
    var box = el("div", { className: "study-quiz" });
    var ui = enhance(app);
    ui.appendChild(box);
    ui.appendChild(status);
    var at, results, orders, chosen;

    function start(random) {
      at = 0;
      results = [];
      orders = questions.map(function (q) { return random ? shuffle(q.choices.length, Math.random) : q.choices.map(function (_, i) { return i; }); });
      render();
    }

    function render() {
      box.textContent = "";
      chosen = null;
      if (!questions.length) {
        box.appendChild(el("p", { text: "There are no questions yet." }));
        return;
      }
      if (at >= questions.length) return finish();
      var q = questions[at];
      var heading = el("h2", { className: "study-quiz-question", id: "study-quiz-question", text: q.question });
      var progressLine = el("p", { className: "study-quiz-progress", text: "Question " + (at + 1) + " of " + questions.length });
      var list = el("div", { className: "study-quiz-choices", role: "group", "aria-labelledby": "study-quiz-question" });
      orders[at].forEach(function (original, shown) {
        var b = button("", "study-quiz-choice");
        b.appendChild(el("span", { className: "study-grade-key", text: String(shown + 1) }));
        b.appendChild(doc.createTextNode(" " + q.choices[original]));
        b.setAttribute("data-choice", String(original));
        b.setAttribute("aria-keyshortcuts", String(shown + 1));
        b.addEventListener("click", function () { choose(original); });
        list.appendChild(b);
      });
      var next = button(at + 1 < questions.length ? "Next question" : "See the score", "study-next");
      next.hidden = true;
      next.addEventListener("click", function () { at += 1; render(); focusFirst(); });
      var feedback = el("div", { className: "study-feedback" });
      box.appendChild(progressLine);
      box.appendChild(heading);
      box.appendChild(list);
      box.appendChild(feedback);
      box.appendChild(next);
    }

    function focusFirst() {
      var first = box.querySelector(".study-quiz-choice, .study-retry");
      if (first) first.focus();
    }

    function choose(original) {
      if (chosen !== null || at >= questions.length) return;
      var q = questions[at];
      chosen = original;
      var right = original === q.answer;
      results.push({ q: q, chosen: original, right: right });
      var buttons = box.querySelectorAll(".study-quiz-choice");
      for (var i = 0; i < buttons.length; i++) {
        var idx = Number(buttons[i].getAttribute("data-choice"));
        buttons[i].setAttribute("aria-disabled", "true");
        if (idx === q.answer) buttons[i].classList.add("is-answer");
        if (idx === original) buttons[i].classList.add(right ? "is-right" : "is-wrong");
        if (idx === original) buttons[i].setAttribute("aria-pressed", "true");
      }
      var feedback = box.querySelector(".study-feedback");
      feedback.textContent = "";
      var message = right ? "Correct." : "Not quite: the answer is " + q.choices[q.answer] + ".";
      feedback.appendChild(el("p", { className: right ? "is-right" : "is-wrong", text: message }));
      var link = sourceLink(q.source);
      if (link) feedback.appendChild(link);
      say(status, message);
      var next = box.querySelector(".study-next");
      next.hidden = false;
      next.focus();
    }

    function finish() {
      var score = results.filter(function (r) { return r.right; }).length;
      var heading = el("h2", { className: "study-score", tabindex: "-1", text: "Score: " + score + " / " + questions.length });
      box.appendChild(heading);
      var wrong = results.filter(function (r) { return !r.right; });
      if (wrong.length) {
        box.appendChild(el("p", { text: "To review:" }));
        box.appendChild(el("ul", { className: "study-review" }, wrong.map(function (r) {
          return el("li", {}, [
            el("span", { text: r.q.question + " — " + r.q.choices[r.q.answer] + ". " }),
            sourceLink(r.q.source)
          ]);
        })));
      } else {
        box.appendChild(el("p", { text: "Every answer was right." }));
      }
      var retry = button("Retry (choices reshuffled)", "study-retry");
      retry.addEventListener("click", function () { start(true); focusFirst(); });
      box.appendChild(retry);
      say(status, "Quiz finished: " + score + " of " + questions.length + " right.");
      heading.focus();
    }

    doc.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      var tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      if (/^[1-9]$/.test(event.key) && chosen === null && at < questions.length) {
        var b = box.querySelectorAll(".study-quiz-choice")[Number(event.key) - 1];
        if (b) {
          event.preventDefault();
          b.click();
        }
      }
    });
    start(false);
  }

  /* ---------------- coverage ---------------- */

  function coverage(app, data) {
    var store = openStore(app.getAttribute("data-site") || "");
    var cards = data.cards || [];
    var note = storageNote(store);
    if (note) app.insertBefore(note, app.firstChild);
    var rows = app.querySelectorAll("tr[data-domain]");
    if (!rows.length) rows = doc.querySelectorAll("tr[data-domain]");
    // Each cell names its column, so that a narrow screen can show a row as a block
    // ("Notes: …", "Progress: …"; study.css) instead of a table wider than the phone.
    var table = rows.length ? rows[0].closest("table") : null;
    var heads = table ? table.querySelectorAll("thead th") : [];
    if (table) table.classList.add("study-coverage-blocks");
    for (var i = 0; i < rows.length; i++) {
      for (var k = 0; k < rows[i].children.length && k < heads.length; k++) {
        rows[i].children[k].setAttribute("data-label", heads[k].textContent.trim());
      }
    }
    function fill() {
      var day = today();
      for (var i = 0; i < rows.length; i++) {
        var id = rows[i].getAttribute("data-domain");
        var cell = rows[i].querySelector("td.study-progress");
        if (!cell) continue;
        var mine = cards.filter(function (c) { return (c.domains || []).indexOf(id) >= 0; });
        var c = counts(store.progress, mine, day);
        var share = c.total ? Math.round((100 * c.learned) / c.total) : 0;
        cell.textContent = "";
        cell.setAttribute("data-learned", String(c.learned));
        cell.setAttribute("data-total", String(c.total));
        cell.appendChild(el("span", { className: "study-progress-text", text: c.total ? c.learned + "/" + c.total + " learned" + (c.due ? ", " + c.due + " due" : "") : "no cards" }));
        if (c.total) {
          var bar = el("span", { className: "study-bar", "aria-hidden": "true" }, [el("span", { className: "study-bar-fill" })]);
          bar.firstChild.style.width = share + "%";
          cell.appendChild(bar);
        }
      }
    }
    fill();
    store.onChange(fill);
  }

  function init() {
    var app = doc.getElementById("study-app");
    var script = doc.getElementById("study-data");
    if (!app || !script) return;
    var data;
    try {
      data = JSON.parse(script.textContent || "{}");
    } catch (e) {
      app.appendChild(el("p", { className: "study-note", text: "The study data of this page could not be read." }));
      return;
    }
    var mode = app.getAttribute("data-mode");
    if (mode === "deck") deck(app, data);
    else if (mode === "quiz") quiz(app, data);
    else if (mode === "coverage") coverage(app, data);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : this);
