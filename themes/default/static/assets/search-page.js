/* search-page.js — the full results page (search/index.html?q=…): every page the query
   finds, grouped as NotesiteSearch.pages groups them (a page ranks by its best section and
   lists up to three of its matching sections), 20 pages a screen, with checkbox filters by
   category and by note built from the matched sections, the counts, and the state (q, p, c,
   n) kept in the URL so
   back/forward and reloading work, from file:// too. Needs search.js and search-ui.js;
   adds nothing to window. Text from notes only reaches the page as textContent. */
(function () {
  "use strict";

  var S = window.NotesiteSearch;
  var root = document.querySelector("[data-search-page]");
  if (!S || !S.ui || !root) return;

  var PER_PAGE = 20;
  var NOTES_SHOWN = 12;
  var el = S.ui.el;
  var input = document.getElementById("search-page-input");
  var count = root.querySelector("[data-search-count]");
  var body = root.querySelector("[data-search-body]");
  var filters = root.querySelector("[data-search-filters]");
  var list = root.querySelector("[data-search-list]");
  var pages = root.querySelector("[data-search-pages]");
  var clear = root.querySelector("[data-search-clear]");
  var facets = {
    category: root.querySelector('[data-facet="category"]'),
    note: root.querySelector('[data-facet="note"]')
  };

  /* Filters start open beside the results, folded above them on narrow screens. */
  filters.open = !(window.matchMedia && window.matchMedia("(max-width: 61.99rem)").matches);

  var state = readState();
  var result = null; /* { hits, total, words } for state.q */
  var metas = []; /* facets(...) of result.hits ({ doc, category, note, page }), same order */
  var showAllNotes = false;
  var serial = 0;
  var baseTitle = document.title;

  /* ---------------------------------------------------------------- */
  /* State ⇄ URL                                                       */
  /* ---------------------------------------------------------------- */

  function readState() {
    var params = new URLSearchParams(window.location.search);
    return {
      q: (params.get("q") || "").trim(),
      page: Math.max(1, parseInt(params.get("p"), 10) || 1),
      category: params.getAll("c"),
      note: params.getAll("n")
    };
  }

  function stateUrl(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    if (s.page > 1) params.set("p", String(s.page));
    s.category.forEach(function (c) {
      params.append("c", c);
    });
    s.note.forEach(function (n) {
      params.append("n", n);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function saveState(push) {
    try {
      window.history[push ? "pushState" : "replaceState"](null, "", stateUrl(state));
    } catch (e) {
      /* some file:// setups refuse: the page still works, the URL just lags */
    }
  }

  /* ---------------------------------------------------------------- */
  /* Filtering                                                         */
  /* ---------------------------------------------------------------- */

  function passes(meta, except) {
    if (except !== "category" && state.category.length && state.category.indexOf(meta.category) < 0) return false;
    if (except !== "note" && state.note.length && state.note.indexOf(meta.note) < 0) return false;
    return true;
  }

  /* [{ value, count }] for a facet, counting results that pass the other facet. */
  function facetValues(name) {
    var counts = Object.create(null);
    var order = [];
    metas.forEach(function (meta) {
      var value = meta[name];
      if (!value) return;
      if (!(value in counts)) {
        counts[value] = 0;
        order.push(value);
      }
      if (passes(meta, name)) counts[value]++;
    });
    return order
      .map(function (value) {
        return { value: value, count: counts[value] };
      })
      .filter(function (v) {
        return v.count > 0 || state[name].indexOf(v.value) >= 0;
      })
      .sort(function (a, b) {
        return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
      });
  }

  function renderFacet(name) {
    var box = facets[name];
    var ul = box.querySelector("ul");
    var values = facetValues(name);
    ul.textContent = "";
    var limit = name === "note" && !showAllNotes ? NOTES_SHOWN : values.length;
    values.forEach(function (v, i) {
      var checked = state[name].indexOf(v.value) >= 0;
      if (i >= limit && !checked) return;
      var li = el("li", "search-facet-item");
      var label = el("label");
      var check = el("input");
      check.type = "checkbox";
      check.checked = checked;
      check.addEventListener("change", function () {
        toggle(name, v.value, check.checked);
      });
      label.appendChild(check);
      label.appendChild(el("span", "search-facet-name", v.value));
      label.appendChild(el("span", "count", String(v.count)));
      li.appendChild(label);
      ul.appendChild(li);
    });
    if (values.length > limit) {
      var more = el("button", "button-quiet search-facet-more", "Show all " + values.length + " notes");
      more.type = "button";
      more.addEventListener("click", function () {
        showAllNotes = true;
        renderFacet("note");
        var next = ul.querySelectorAll("input")[limit];
        if (next) next.focus();
      });
      var li = el("li", "search-facet-item");
      li.appendChild(more);
      ul.appendChild(li);
    }
    box.hidden = values.length < 2 && !state[name].length;
  }

  function toggle(name, value, on) {
    var values = state[name].filter(function (v) {
      return v !== value;
    });
    if (on) values.push(value);
    state[name] = values;
    state.page = 1;
    saveState(false);
    render(false);
  }

  /* ---------------------------------------------------------------- */
  /* Rendering                                                         */
  /* ---------------------------------------------------------------- */

  /* Sections (in rank order) grouped by page, by search.js's own rule (a page where its
     best section ranks, with at most sectionsPerPage of its sections): [{ sections }]. */
  function groupByPage(sections) {
    var pages = sections.map(function (meta) {
      return meta.page;
    });
    var perPage = (result && result.sectionsPerPage) || 3;
    return S.group(sections, pages, Infinity, perPage, true).pages.map(function (page) {
      return { sections: page.hits };
    });
  }

  function render(focusResults) {
    var shown = groupByPage(
      metas.filter(function (m) {
        return passes(m);
      })
    );
    var total = result ? result.total : 0;
    var filtered = state.category.length + state.note.length > 0;
    count.textContent = countText(shown.length, groupByPage(metas).length, total, filtered);
    renderFacet("category");
    renderFacet("note");
    filters.hidden = total < 2;
    clear.hidden = !filtered;
    var last = Math.max(1, Math.ceil(shown.length / PER_PAGE));
    if (state.page > last) state.page = last;
    var slice = shown.slice((state.page - 1) * PER_PAGE, state.page * PER_PAGE);
    renderList(slice);
    renderPages(last);
    body.hidden = !total;
    if (focusResults) {
      count.tabIndex = -1;
      count.focus({ preventScroll: true });
      root.scrollIntoView({ block: "start" });
    }
  }

  /* shown: pages passing the filters; pages: all pages found; sections: sections found. */
  function countText(shown, pagesFound, sections, filtered) {
    var q = "“" + state.q + "”";
    if (!state.q) return "Type one or more words: pages holding more of them come first; the last one may be the start of a word, and small typos are forgiven.";
    if (!sections) return "No results for " + q + ". Check the spelling, or try other words.";
    var noun = pagesFound === 1 ? " page" : " pages";
    var where = " (" + sections + (sections === 1 ? " matching section" : " matching sections") + ")";
    if (!filtered) return pagesFound + noun + " for " + q + where;
    return shown + " of " + pagesFound + noun + " for " + q + " match the filters";
  }

  /* The shown results: their titles and links come from docs(), loaded for them only. */
  function renderList(slice) {
    var mine = ++serial;
    list.start = (state.page - 1) * PER_PAGE + 1;
    /* No query (the page opened without ?q=) or nothing found: no list to fill. */
    if (!result || !slice.length) {
      list.textContent = "";
      return;
    }
    var ids = [];
    slice.forEach(function (group) {
      group.sections.forEach(function (m) {
        ids.push(m.doc);
      });
    });
    S.docs(ids).then(function (docs) {
      if (mine !== serial) return;
      var byDoc = Object.create(null);
      docs.forEach(function (d) {
        if (d) byDoc[d.doc] = d;
      });
      list.textContent = "";
      fillList(
        mine,
        slice
          .map(function (group) {
            return group.sections
              .map(function (m) {
                return byDoc[m.doc];
              })
              .filter(Boolean);
          })
          .filter(function (sections) {
            return sections.length;
          })
      );
    }, function () {
      if (mine === serial) list.textContent = "";
    });
  }

  /* One item a page: its best section (title, heading, snippet), then its other matching
     sections as links under it. */
  function fillList(mine, groups) {
    var links = [];
    var best = groups.map(function (sections) {
      var meta = sections[0];
      var li = el("li", "search-result");
      if (meta.breadcrumb) li.appendChild(el("p", "search-result-crumb", meta.breadcrumb));
      var h = el("h2", "search-result-title");
      var a = el("a", null, meta.title);
      a.href = S.ui.href(meta.url, []);
      if (meta.heading && meta.heading !== meta.title) a.appendChild(el("span", "search-result-heading", meta.heading));
      h.appendChild(a);
      li.appendChild(h);
      links.push({ meta: meta, link: a });
      var snippet = el("p", "search-result-snippet");
      li.appendChild(snippet);
      if (sections.length > 1) {
        var sub = el("ul", "search-subresults");
        sub.setAttribute("aria-label", "More sections of " + meta.title);
        sections.slice(1).forEach(function (other) {
          var item = el("li");
          var link = el("a", null, other.heading || other.title);
          link.href = S.ui.href(other.url, []);
          item.appendChild(link);
          sub.appendChild(item);
          links.push({ meta: other, link: link });
        });
        li.appendChild(sub);
      }
      list.appendChild(li);
      return { meta: meta, snippet: snippet };
    });
    var ids = best.map(function (b) {
      return b.meta.doc;
    });
    S.snippets(ids, result.words, { length: 220 }).then(function (snips) {
      if (mine !== serial) return;
      snips.forEach(function (snip, i) {
        best[i].snippet.appendChild(S.ui.snippet(snip));
      });
    }, function () {});
    links.forEach(function (item) {
      S.matchedTerms(item.meta.doc, result.words).then(function (terms) {
        if (mine === serial) item.link.href = S.ui.href(item.meta.url, terms);
      }, function () {});
    });
  }

  function renderPages(last) {
    pages.textContent = "";
    pages.hidden = last < 2;
    if (last < 2) return;
    var ul = el("ul", "search-pages-list");
    ul.setAttribute("role", "list");
    function add(label, page, current, rel) {
      var li = el("li");
      if (page == null) {
        li.appendChild(el("span", "search-pager-gap", label));
      } else if (current) {
        var here = el("span", "search-pager-link is-current", label);
        here.setAttribute("aria-current", "page");
        li.appendChild(here);
      } else {
        var a = el("a", "search-pager-link", label);
        a.href = stateUrl({ q: state.q, page: page, category: state.category, note: state.note });
        if (rel) a.rel = rel;
        if (rel === "prev") a.setAttribute("aria-label", "Previous page");
        if (rel === "next") a.setAttribute("aria-label", "Next page");
        a.addEventListener("click", function (e) {
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
          e.preventDefault();
          state.page = page;
          saveState(true);
          render(true);
        });
        li.appendChild(a);
      }
      ul.appendChild(li);
    }
    if (state.page > 1) add("← Previous", state.page - 1, false, "prev");
    var previous = 0;
    for (var p = 1; p <= last; p++) {
      if (p === 1 || p === last || Math.abs(p - state.page) <= 2) {
        if (p - previous > 1) add("…", null);
        add(String(p), p, p === state.page);
        previous = p;
      }
    }
    if (state.page < last) add("Next →", state.page + 1, false, "next");
    pages.appendChild(ul);
  }

  /* ---------------------------------------------------------------- */
  /* Running the query                                                 */
  /* ---------------------------------------------------------------- */

  function run() {
    input.value = state.q;
    document.title = state.q ? "“" + state.q + "” · " + baseTitle : baseTitle;
    if (!state.q) {
      result = null;
      metas = [];
      render(false);
      return Promise.resolve();
    }
    count.textContent = "Searching…";
    var q = state.q;
    return S.search(q, { limit: 0 })
      .then(function (r) {
        return S.facets(
          r.hits.map(function (h) {
            return h.doc;
          })
        ).then(function (docs) {
          if (q !== state.q) return;
          result = r;
          metas = docs.filter(Boolean);
          render(false);
        });
      })
      .catch(function () {
        count.textContent = "Search is unavailable: the search files could not be loaded.";
        body.hidden = true;
      });
  }

  clear.addEventListener("click", function () {
    state.category = [];
    state.note = [];
    state.page = 1;
    saveState(false);
    render(false);
  });

  window.addEventListener("popstate", function () {
    var next = readState();
    var same = next.q === state.q;
    state = next;
    if (same && result) render(true);
    else run();
  });

  run();
})();
