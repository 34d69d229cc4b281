/* search-ui.js — the header search box and search-hit highlighting, on every page.
   The box is a form that opens search/index.html?q=… without JS; with JS it becomes an
   ARIA combobox that searches as you type and lists the top pages (title, breadcrumb,
   best section, snippet), each followed by its other matching sections. Keys: "/" or Ctrl/Cmd-K focus it, ↑/↓ move, Enter
   opens, Esc closes. Result links carry ?h=terms so the target page marks the words
   (<mark class="search-hit">) inside <main>. Text from notes only reaches the page as
   textContent. Needs search.js (NotesiteSearch); adds NotesiteSearch.ui (root, href,
   snippet) for search-page.js and nothing else to window. */
(function () {
  "use strict";

  var S = window.NotesiteSearch;
  if (!S) return;
  var doc = document;
  var SHOWN = 6; /* pages; each may list up to two more of its sections */
  var DEBOUNCE_MS = 80;

  /* The page's relative path to the site root ("" at the root, "../" one down). */
  function siteRoot() {
    var meta = doc.querySelector('meta[name="notesite-root"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }

  /* Link to a result, relative to this page, asking the target to mark `terms`. */
  function href(url, terms) {
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    var fragment = hash < 0 ? "" : url.slice(hash);
    var query = (terms || []).slice(0, 40).map(encodeURIComponent).join("+");
    if (query) path += (path.indexOf("?") < 0 ? "?" : "&") + "h=" + query;
    return siteRoot() + path + fragment;
  }

  /* A snippet (from NotesiteSearch.snippets) as DOM: text and <mark>s. */
  function snippet(snip, className) {
    var node = doc.createElement("span");
    node.className = className || "search-snippet";
    if (!snip || !snip.text) return node;
    var at = 0;
    function text(s) {
      if (s) node.appendChild(doc.createTextNode(s.replace(/\s+/g, " ")));
    }
    if (snip.before) text("… ");
    snip.marks.forEach(function (m) {
      text(snip.text.slice(at, m[0]));
      var mark = doc.createElement("mark");
      mark.textContent = snip.text.slice(m[0], m[1]);
      node.appendChild(mark);
      at = m[1];
    });
    text(snip.text.slice(at));
    if (snip.after) text(" …");
    return node;
  }

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Results with what a list needs: doc metadata, link, snippet (filled later). */
  function describe(result) {
    var ids = result.hits.map(function (h) {
      return h.doc;
    });
    return Promise.all([
      S.docs(ids),
      Promise.all(
        ids.map(function (id) {
          return S.matchedTerms(id, result.words);
        })
      )
    ]).then(function (both) {
      return both[0].map(function (d, i) {
        return d && { doc: d, href: href(d.url, both[1][i]) };
      }).filter(Boolean);
    });
  }

  /* Grouped results (NotesiteSearch.pages) as a flat list of items: each page's best
     section (`sub: false`), then its other sections (`sub: true`), in rank order. */
  function describePages(result) {
    var hits = [];
    var sub = [];
    result.pages.forEach(function (page) {
      page.hits.forEach(function (h, i) {
        hits.push(h);
        sub.push(i > 0);
      });
    });
    return describe({ hits: hits, words: result.words }).then(function (items) {
      return items.map(function (item, i) {
        item.sub = sub[i];
        return item;
      });
    });
  }

  S.ui = { root: siteRoot, href: href, snippet: snippet, describe: describe, describePages: describePages, el: el };

  /* ---------------------------------------------------------------- */
  /* Header combobox                                                   */
  /* ---------------------------------------------------------------- */

  /* The combobox's panel and live region, which pages leave out (they do nothing
     without this script): built once, in the form, unless a template wrote them. */
  function buildPanel(form, input) {
    if (doc.getElementById("search-panel")) return;
    var panel = el("div", "search-panel");
    panel.id = "search-panel";
    panel.hidden = true;
    var list = el("ul", "search-list");
    list.id = "search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Top results");
    var message = el("p", "search-message");
    message.id = "search-message";
    message.hidden = true;
    var more = el("a", "search-more", "See all results");
    more.id = "search-more";
    more.href = form.getAttribute("action") || "";
    more.hidden = true;
    panel.appendChild(list);
    panel.appendChild(message);
    panel.appendChild(more);
    var status = el("p", "visually-hidden");
    status.id = "search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(panel);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "search-listbox");
    input.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
  }

  function initBox() {
    var form = doc.getElementById("search");
    var input = doc.getElementById("search-input");
    if (form && input) buildPanel(form, input);
    var panel = doc.getElementById("search-panel");
    var list = doc.getElementById("search-listbox");
    var status = doc.getElementById("search-status");
    var more = doc.getElementById("search-more");
    var message = doc.getElementById("search-message");
    if (!form || !input || !panel || !list || !message) return;
    form.classList.add("is-live");

    var timer = 0;
    var serial = 0;
    var active = -1;
    var options = [];
    var lastQuery = null;

    function setOpen(open) {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function openOption(option, newTab) {
      var target = option.getAttribute("data-href");
      if (newTab) window.open(target, "_blank", "noopener");
      else window.location.href = target;
    }

    function announce(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function showMessage(text) {
      message.textContent = text;
      message.hidden = !text;
    }

    function render(query, result, items) {
      list.textContent = "";
      options = items.map(function (item, i) {
        var d = item.doc;
        var option = el("li", item.sub ? "search-option search-option-sub" : "search-option");
        option.id = "search-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        /* Options hold no links (no interactive content inside an option):
           clicking or Enter opens `data-href`. */
        option.setAttribute("data-href", item.href);
        if (item.sub) {
          /* Another section of the page above: its heading, said with the page's title. */
          option.appendChild(el("span", "search-option-heading", d.heading || d.title));
          option.setAttribute("aria-label", d.title + " › " + (d.heading || d.title));
        } else {
          var title = el("span", "search-option-title", d.title);
          if (d.heading && d.heading !== d.title) {
            title.appendChild(el("span", "search-option-heading", d.heading));
          }
          option.appendChild(title);
          if (d.breadcrumb) option.appendChild(el("span", "search-option-crumb", d.breadcrumb));
          option.appendChild(el("span", "search-snippet"));
        }
        option.addEventListener("mousemove", function () {
          if (active !== i) setActive(i);
        });
        option.addEventListener("click", function (e) {
          openOption(option, e.ctrlKey || e.metaKey || e.shiftKey);
        });
        option.addEventListener("auxclick", function (e) {
          if (e.button === 1) openOption(option, true);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = !options.length;
      showMessage(result.total ? "" : "No results for “" + query + "”. Check the spelling or try fewer words.");
      if (more) {
        more.hidden = !result.total;
        more.href = form.action.replace(/[?#].*$/, "") + "?q=" + encodeURIComponent(query);
        more.textContent = result.total > options.length ? "See all results (" + result.total + " matching sections)" : "Open the results page";
      }
      var shownPages = result.pages.length;
      announce(
        result.total
          ? shownPages + (shownPages === 1 ? " page" : " pages") + " shown, " + result.total + (result.total === 1 ? " matching section" : " matching sections")
          : "No results"
      );
      setOpen(true);
    }

    /* Snippets of the pages' best sections (sub-results show their heading only). */
    function fillSnippets(run, result, items) {
      var at = [];
      var ids = [];
      items.forEach(function (item, i) {
        if (item.sub) return;
        at.push(i);
        ids.push(item.doc.doc);
      });
      S.snippets(ids, result.words).then(function (snips) {
        if (run !== serial) return;
        snips.forEach(function (snip, k) {
          var option = options[at[k]];
          var old = option && option.querySelector(".search-snippet");
          if (old) old.parentNode.replaceChild(snippet(snip), old);
        });
      }, function () {});
    }

    function run() {
      var query = input.value.trim();
      if (query === lastQuery && !panel.hidden) return;
      lastQuery = query;
      var mine = ++serial;
      if (!query) {
        list.textContent = "";
        options = [];
        setOpen(false);
        announce("");
        return;
      }
      S.pages(query, { limit: SHOWN })
        .then(function (result) {
          return describePages(result).then(function (items) {
            if (mine !== serial) return;
            render(query, result, items);
            fillSnippets(mine, result, items);
          });
        })
        .catch(function () {
          if (mine !== serial) return;
          list.textContent = "";
          options = [];
          list.hidden = true;
          if (more) more.hidden = true;
          showMessage("Search is unavailable: the search files could not be loaded.");
          announce("Search is unavailable");
          setOpen(true);
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    }

    input.addEventListener("input", function () {
      lastQuery = null;
      schedule();
    });
    input.addEventListener("focus", function () {
      S.preload().catch(function () {});
      if (input.value.trim() && options.length + (message.hidden ? 0 : 1)) setOpen(true);
    });
    input.addEventListener("keydown", function (e) {
      var open = !panel.hidden;
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (!open) {
          lastQuery = null;
          run();
          return;
        }
        if (options.length) setActive(active + 1 < options.length ? active + 1 : 0);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        e.preventDefault();
        if (open && options.length) setActive(active > 0 ? active - 1 : options.length - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0 && options[active]) {
          e.preventDefault();
          openOption(options[active], e.ctrlKey || e.metaKey || e.shiftKey);
        }
        /* otherwise the form opens the full results page */
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
        } else if (input.value) {
          e.preventDefault();
          input.value = "";
          lastQuery = null;
          run();
        }
      }
    });
    /* Close when focus leaves the box (the options are not focusable). */
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) setOpen(false);
    });
    doc.addEventListener("pointerdown", function (e) {
      if (!form.contains(e.target)) setOpen(false);
    });
    /* Keep focus in the input while clicking an option. */
    list.addEventListener("mousedown", function (e) {
      e.preventDefault();
    });

    doc.addEventListener("keydown", function (e) {
      var key = e.key;
      var typing = isEditable(e.target);
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === "k" || key === "K")) {
        e.preventDefault();
        focusBox();
      } else if (key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        focusBox();
      }
    });

    function focusBox() {
      input.focus();
      input.select();
    }
  }

  function isEditable(node) {
    if (!node || node.nodeType !== 1) return false;
    var tag = node.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable;
  }

  /* ---------------------------------------------------------------- */
  /* Highlighting on the target page (?h=term+term)                    */
  /* ---------------------------------------------------------------- */

  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, svg: 1, SVG: 1, MARK: 1, BUTTON: 1 };

  function highlightTerms() {
    var raw = null;
    try {
      raw = new URLSearchParams(window.location.search).get("h");
    } catch (e) {
      return;
    }
    if (!raw) return;
    var main = doc.getElementById("main") || doc.querySelector("main");
    if (!main) return;
    /* `h` holds index terms (matchedTerms: already analysed and stemmed), one per word. */
    var terms = raw.split(/\s+/).filter(Boolean);
    Promise.resolve(terms).then(function (terms) {
      if (!terms.length) return;
      var wanted = Object.create(null);
      terms.forEach(function (t) {
        wanted[t] = true;
      });
      var nodes = textNodes(main);
      return S.tokens(
        nodes.map(function (n) {
          return n.nodeValue;
        })
      ).then(function (perNode) {
        var marks = [];
        nodes.forEach(function (node, i) {
          var hits = perNode[i].filter(function (t) {
            return wanted[t.term];
          });
          for (var k = hits.length - 1; k >= 0; k--) marks.push(wrap(node, hits[k].start, hits[k].end));
        });
        reveal(marks);
      });
    }).catch(function () {});
  }

  function textNodes(root) {
    var out = [];
    var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== root; p = p.parentNode) {
          if (SKIP[p.nodeName] || (p.classList && p.classList.contains("anchor"))) return NodeFilter.FILTER_REJECT;
        }
        return /[\p{Alphabetic}\p{N}]/u.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  /* Wraps node.nodeValue[start, end) in a mark (called from the end backwards). */
  function wrap(node, start, end) {
    var middle = node.splitText(start);
    middle.splitText(end - start);
    var mark = doc.createElement("mark");
    mark.className = "search-hit";
    middle.parentNode.replaceChild(mark, middle);
    mark.appendChild(middle);
    return mark;
  }

  /* Without a #section, bring the first hit into view. */
  function reveal(marks) {
    if (!marks.length || window.location.hash) return;
    var first = marks.reduce(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING ? b : a;
    });
    first.scrollIntoView({ block: "center" });
  }

  initBox();
  highlightTerms();
})();
