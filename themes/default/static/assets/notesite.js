/* notesite.js — page behaviour for the default theme: the light/dark toggle,
   the small-screen navigation drawer and collapsible nav sections, the
   "On this page" panel and its scroll-spy (IntersectionObserver), copy
   buttons on code blocks, and filter-as-you-type lists (services index).
   Pages work without it; this only enhances.
   Loaded as a classic deferred script (works from file://). Only name added
   to window: `notesite` (setTheme/getTheme, for later features). */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var THEME_KEY = "notesite-theme";

  function mq(query) {
    return window.matchMedia ? window.matchMedia(query) : null;
  }

  function onChange(mql, fn) {
    if (!mql) return;
    if (mql.addEventListener) mql.addEventListener("change", fn);
    else if (mql.addListener) mql.addListener(fn);
  }

  var systemDark = mq("(prefers-color-scheme: dark)");
  var navDrawer = mq("(max-width: 55.99rem)");
  var tocPanel = mq("(max-width: 74.99rem)");

  /* ---------------------------------------------------------------- */
  /* Theme                                                            */
  /* ---------------------------------------------------------------- */

  function readStoredTheme() {
    try {
      var v = window.localStorage.getItem(THEME_KEY);
      return v === "light" || v === "dark" ? v : null;
    } catch (e) {
      return null;
    }
  }

  function getTheme() {
    var explicit = root.dataset.theme;
    if (explicit === "light" || explicit === "dark") return explicit;
    return systemDark && systemDark.matches ? "dark" : "light";
  }

  function syncThemeButtons() {
    var dark = getTheme() === "dark";
    var buttons = doc.querySelectorAll(".theme-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
      buttons[i].title = dark ? "Switch to light theme" : "Switch to dark theme";
    }
  }

  /* theme: "light" | "dark" | null (null = follow the system again). */
  function setTheme(theme, persist) {
    if (theme === "light" || theme === "dark") {
      root.dataset.theme = theme;
    } else {
      delete root.dataset.theme;
      theme = null;
    }
    if (persist !== false) {
      try {
        if (theme) window.localStorage.setItem(THEME_KEY, theme);
        else window.localStorage.removeItem(THEME_KEY);
      } catch (e) {
        /* storage unavailable: the choice lasts for this page only */
      }
    }
    syncThemeButtons();
  }

  function initTheme() {
    var buttons = doc.querySelectorAll(".theme-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        setTheme(getTheme() === "dark" ? "light" : "dark");
      });
    }
    onChange(systemDark, syncThemeButtons);
    /* Keep other open tabs of the site in step. */
    window.addEventListener("storage", function (e) {
      if (e.key === THEME_KEY) setTheme(readStoredTheme(), false);
    });
    syncThemeButtons();
  }

  /* ---------------------------------------------------------------- */
  /* Navigation: drawer on small screens, collapsible sections         */
  /* ---------------------------------------------------------------- */

  /* The sidebar's tree, drawn from the site's nav-tree.js (window.notesiteNav:
     pages as [url from the root, title, parent index or -1, 1 for a folder]),
     in place of the page's one link to its folder. The page says which pages
     are open (data-open: its ancestors and itself) and its own title. */
  /* An element with these attributes (strings) and children (nodes). Note
     titles reach the page only as text, never as markup. */
  function make(tag, attrs, children) {
    var node = doc.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    for (var c = 0; c < (children || []).length; c++) node.appendChild(children[c]);
    return node;
  }

  function drawNavTree(sidebar) {
    var data = window.notesiteNav;
    var fallback = sidebar.querySelector("[data-open]");
    if (!data || !data.pages || !fallback) return;
    var meta = doc.querySelector('meta[name="notesite-root"]');
    var prefix = meta ? meta.getAttribute("content") : "";
    var open;
    try {
      open = JSON.parse(fallback.getAttribute("data-open"));
    } catch (e) {
      return;
    }
    var here = open[open.length - 1];
    var pages = data.pages;
    var kids = {};
    var index = {};
    for (var i = 0; i < pages.length; i++) {
      (kids[pages[i][2]] = kids[pages[i][2]] || []).push(i);
      index[pages[i][0]] = i;
    }
    var isOpen = {};
    for (var j = 0; j < open.length; j++) isOpen[open[j]] = true;
    /* A page the tree does not list (a note of a large site) is shown under
       the deepest open page it lists. */
    var holder = null;
    if (!(here in index) && open.length > 1) {
      holder = -1;
      for (var k = open.length - 2; k >= 0; k--) {
        if (open[k] in index) {
          holder = index[open[k]];
          break;
        }
      }
    }
    function item(url, title, folder, children) {
      var current = url === here;
      var opened = !!isOpen[url];
      var cur = current ? " is-current" : "";
      var ancestor = opened && (folder || !current) ? " is-ancestor" : "";
      var attrs = { class: "nav-link" + cur + ancestor, href: prefix + url };
      if (current) attrs["aria-current"] = "page";
      var link = make("a", attrs);
      link.textContent = title;
      if (!folder) {
        return make("li", { class: "nav-item nav-note" }, [make("div", { class: "nav-row" + cur }, [link])]);
      }
      var row = make("div", { class: "nav-row" + cur }, [link]);
      var out = make("li", { class: "nav-item nav-section" + (opened ? " is-open" : "") }, [row]);
      if (!children) return out;
      row.appendChild(
        make(
          "button",
          {
            type: "button",
            class: "nav-toggle",
            "aria-expanded": opened ? "true" : "false",
            "aria-label": "Show or hide the pages in " + title
          },
          [make("span", { class: "icon icon-chevron", "aria-hidden": "true" })]
        )
      );
      out.appendChild(children);
      return out;
    }
    function list(parent, depth) {
      var out = [];
      var listed = kids[parent] || [];
      for (var n = 0; n < listed.length; n++) {
        var p = pages[listed[n]];
        var children = list(listed[n], depth + 1);
        out.push(item(p[0], p[1], p[3] === 1 || !!children, children));
      }
      if (parent === holder) {
        out.push(item(here, fallback.getAttribute("data-title"), false, null));
      }
      if (!out.length) return null;
      return make("ul", { class: "nav-list nav-depth-" + depth, role: "list" }, out);
    }
    var tree = list(-1, 0);
    if (tree) fallback.parentNode.replaceChild(tree, fallback);
  }

  function initNav() {
    var sidebar = doc.getElementById("site-nav");
    var menuButton = doc.querySelector(".menu-toggle");
    if (!sidebar) return;
    drawNavTree(sidebar);

    /* Section disclosure buttons. */
    var toggles = sidebar.querySelectorAll(".nav-toggle");
    for (var i = 0; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function (e) {
        var button = e.currentTarget;
        var item = button.closest(".nav-section");
        if (!item) return;
        var open = !item.classList.contains("is-open");
        item.classList.toggle("is-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    /* Bring the current page's entry into view inside the sidebar only
       (scrollIntoView would also scroll the page). */
    var scroller = sidebar.querySelector(".sidebar-inner");
    var current = sidebar.querySelector('[aria-current="page"]');
    function revealCurrent() {
      if (!scroller || !current) return;
      var box = scroller.getBoundingClientRect();
      var item = current.getBoundingClientRect();
      if (item.top < box.top || item.bottom > box.bottom) {
        scroller.scrollTop += item.top - box.top - box.height / 3;
      }
    }
    revealCurrent();

    if (!menuButton) return;

    var backdrop = doc.createElement("div");
    backdrop.className = "nav-backdrop";
    backdrop.hidden = true;
    sidebar.parentNode.insertBefore(backdrop, sidebar.nextSibling);

    function isOpen() {
      return root.classList.contains("nav-open");
    }

    /* While the drawer is closed (small screens) its links must not be
       reachable by Tab or assistive tech: `inert` does that. */
    function syncInert() {
      sidebar.inert = !!(navDrawer && navDrawer.matches) && !isOpen();
    }

    function setOpen(open, restoreFocus) {
      root.classList.toggle("nav-open", open);
      syncInert();
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      backdrop.hidden = !open;
      if (open) {
        revealCurrent();
        var target = current || sidebar.querySelector("a, button");
        if (target) target.focus({ preventScroll: true });
      } else if (restoreFocus) {
        menuButton.focus();
      }
    }

    menuButton.addEventListener("click", function () {
      setOpen(!isOpen(), true);
    });
    backdrop.addEventListener("click", function () {
      setOpen(false, true);
    });
    doc.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && isOpen()) {
        setOpen(false, true);
      }
    });
    /* Close when keyboard focus leaves the drawer (but not towards the
       menu button, whose own click handler toggles it). */
    sidebar.addEventListener("focusout", function (e) {
      var next = e.relatedTarget;
      if (!isOpen() || !next) return;
      if (!sidebar.contains(next) && next !== menuButton) setOpen(false, false);
    });
    /* Growing past the breakpoint: the drawer no longer exists. */
    onChange(navDrawer, function () {
      if (navDrawer && !navDrawer.matches && isOpen()) setOpen(false, false);
      syncInert();
    });
    syncInert();
  }

  /* ---------------------------------------------------------------- */
  /* "On this page": collapsible panel + scroll-spy                    */
  /* ---------------------------------------------------------------- */

  function initToc() {
    var toc = doc.querySelector("[data-toc]");
    if (!toc) return;
    var toggle = toc.querySelector(".toc-toggle");
    var body = toc.querySelector(".toc-body");

    function setPanel(open) {
      toc.classList.toggle("is-open", open);
      if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }

    if (toggle) {
      toggle.addEventListener("click", function () {
        setPanel(!toc.classList.contains("is-open"));
      });
    }

    var links = toc.querySelectorAll('.toc-body a[href^="#"]');
    var headings = [];
    var linkFor = {};
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var heading = doc.getElementById(id);
      if (!heading) continue;
      headings.push(heading);
      linkFor[id] = links[i];
      links[i].addEventListener("click", onLinkClick);
    }
    if (!headings.length) return;

    var active = null;
    var lockUntil = 0;

    function setActive(link) {
      if (link === active) return;
      if (active) {
        active.classList.remove("is-active");
        active.removeAttribute("aria-current");
      }
      active = link;
      if (!link) return;
      link.classList.add("is-active");
      link.setAttribute("aria-current", "location");
      /* Keep the highlighted entry visible when the TOC itself scrolls. */
      if (body && toc.scrollHeight > toc.clientHeight + 1) {
        var box = toc.getBoundingClientRect();
        var r = link.getBoundingClientRect();
        if (r.top < box.top + 40 || r.bottom > box.bottom - 20) {
          toc.scrollTop += r.top - box.top - box.height / 2;
        }
      }
    }

    function headerOffset() {
      var header = doc.querySelector(".site-header");
      return (header ? header.getBoundingClientRect().height : 0) + 24;
    }

    /* The active heading is the last one whose top has passed the line
       just under the sticky header; at the very bottom of the page it is
       the last heading (short final sections never reach that line). */
    function update() {
      if (Date.now() < lockUntil) return;
      var line = headerOffset();
      var found = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top - line <= 1) found = headings[i];
        else break;
      }
      var scrolled = window.innerHeight + window.scrollY;
      if (scrolled >= doc.documentElement.scrollHeight - 2) {
        var last = headings[headings.length - 1];
        if (last.getBoundingClientRect().top < window.innerHeight) found = last;
      }
      setActive(found ? linkFor[found.id] : null);
    }

    function onLinkClick(e) {
      var id = decodeURIComponent(e.currentTarget.getAttribute("href").slice(1));
      setActive(linkFor[id]);
      /* Let the (smooth) scroll settle before the spy takes over again. */
      lockUntil = Date.now() + 800;
      if (tocPanel && tocPanel.matches) setPanel(false);
    }

    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(update, {
        rootMargin: "-" + Math.round(headerOffset()) + "px 0px -55% 0px",
        threshold: [0, 1]
      });
      for (var j = 0; j < headings.length; j++) observer.observe(headings[j]);
      var footer = doc.querySelector(".site-footer");
      if (footer) new IntersectionObserver(update).observe(footer);
      window.addEventListener("scrollend", update);
    } else {
      var ticking = false;
      window.addEventListener("scroll", function () {
        if (ticking) return;
        ticking = true;
        window.requestAnimationFrame(function () {
          ticking = false;
          update();
        });
      }, { passive: true });
    }
    update();
  }

  /* ---------------------------------------------------------------- */
  /* Code blocks: language label + copy button                        */
  /* ---------------------------------------------------------------- */

  var liveRegion = null;

  function announce(message) {
    if (!liveRegion) {
      liveRegion = doc.createElement("div");
      liveRegion.className = "visually-hidden";
      liveRegion.setAttribute("role", "status");
      doc.body.appendChild(liveRegion);
    }
    liveRegion.textContent = "";
    window.setTimeout(function () {
      liveRegion.textContent = message;
    }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = doc.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      doc.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function initCode() {
    var blocks = doc.querySelectorAll(".prose pre");
    for (var i = 0; i < blocks.length; i++) {
      enhanceCode(blocks[i]);
    }
  }

  function enhanceCode(pre) {
    var code = pre.querySelector("code") || pre;
    var wrap = doc.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);

    var lang = pre.getAttribute("data-lang");
    // The build writes the language label inside <pre>; move it onto the wrapper.
    var label = pre.querySelector(".code-lang");
    if (lang) {
      wrap.setAttribute("data-lang", lang);
      if (!label) {
        label = doc.createElement("span");
        label.className = "code-lang";
        label.textContent = lang;
      }
      wrap.appendChild(label);
    }

    var button = doc.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", lang ? "Copy " + lang + " code" : "Copy code");
    var timer = 0;
    button.addEventListener("click", function () {
      copyText(code.textContent.replace(/\n$/, "")).then(
        function () {
          done("Copied", "Code copied to clipboard");
        },
        function () {
          done("Failed", "Copy failed");
        }
      );
    });
    function done(text, message) {
      button.textContent = text;
      button.classList.add("is-done");
      announce(message);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        button.textContent = "Copy";
        button.classList.remove("is-done");
      }, 1600);
    }
    wrap.appendChild(button);
  }

  /* ---------------------------------------------------------------- */
  /* Keyboard access to horizontal scrollers (wide tables, code, math) */
  /* ---------------------------------------------------------------- */

  function initScrollers() {
    var boxes = doc.querySelectorAll('.prose pre, .prose .table-wrap, .prose math, .table-scroll, .related-graph');
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      /* Long tables scroll down inside their box too (it is at most 80vh tall). */
      var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    }
    /* A relation graph wider than a phone opens on its centre. */
    var figures = doc.querySelectorAll(".related-graph");
    for (var j = 0; j < figures.length; j++) {
      var extra = figures[j].scrollWidth - figures[j].clientWidth;
      if (extra > 1) figures[j].scrollLeft = extra / 2;
    }
  }

  /* ---------------------------------------------------------------- */
  /* Filter-as-you-type lists (services index)                        */
  /* ---------------------------------------------------------------- */

  /* Markup: <div data-filter="ID" hidden> holding an <input> and a
     [data-filter-status] line; element #ID holds [data-filter-item]s
     (matched on data-filter-text, else their text; counted once per
     data-filter-key), [data-filter-group]s (hidden when none of their items
     is shown), an optional [data-filter-empty] message, [data-filter-jumps]
     link bars (links to hidden targets are dimmed) and [data-filter-clear]
     links. Without JS the box stays hidden and every list is complete. */
  function initFilters() {
    var boxes = doc.querySelectorAll("[data-filter]");
    for (var i = 0; i < boxes.length; i++) initFilter(boxes[i]);
  }

  function initFilter(box) {
    var scope = doc.getElementById(box.getAttribute("data-filter"));
    var input = box.querySelector("input");
    if (!scope || !input) return;
    var status = box.querySelector("[data-filter-status]");
    var noun = (status && status.getAttribute("data-filter-noun")) || "entry";
    var nouns = (status && status.getAttribute("data-filter-nouns")) || "entries";
    var items = scope.querySelectorAll("[data-filter-item]");
    var groups = scope.querySelectorAll("[data-filter-group]");
    var empty = scope.querySelector("[data-filter-empty]");
    var jumps = scope.querySelectorAll("[data-filter-jumps] a[href^='#']");
    var clears = scope.querySelectorAll("[data-filter-clear]");
    var texts = [];
    var keys = [];
    var total = {};
    var totalCount = 0;
    for (var i = 0; i < items.length; i++) {
      texts.push(normalise(items[i].getAttribute("data-filter-text") || items[i].textContent));
      keys.push(items[i].getAttribute("data-filter-key") || texts[i]);
      if (!total[keys[i]]) {
        total[keys[i]] = true;
        totalCount++;
      }
    }

    function normalise(text) {
      return String(text || "").toLowerCase().replace(/\s+/g, " ").trim();
    }

    function plural(n) {
      return n === 1 ? noun : nouns;
    }

    var timer = 0;
    function setStatus(text, announce) {
      if (!status) return;
      window.clearTimeout(timer);
      if (!announce) {
        status.textContent = text;
        return;
      }
      /* Wait for a pause in typing so screen readers hear one update. */
      timer = window.setTimeout(function () {
        status.textContent = text;
      }, 350);
    }

    function apply(announce) {
      var terms = normalise(input.value).split(" ").filter(Boolean);
      var shown = {};
      var shownCount = 0;
      for (var i = 0; i < items.length; i++) {
        var match = true;
        for (var t = 0; t < terms.length; t++) {
          if (texts[i].indexOf(terms[t]) < 0) {
            match = false;
            break;
          }
        }
        items[i].hidden = !match;
        if (match && !shown[keys[i]]) {
          shown[keys[i]] = true;
          shownCount++;
        }
      }
      /* Innermost groups first, so an outer group sees its inner ones. */
      for (var g = groups.length - 1; g >= 0; g--) {
        groups[g].hidden = !groups[g].querySelector("[data-filter-item]:not([hidden])");
      }
      if (empty) empty.hidden = shownCount > 0;
      for (var j = 0; j < jumps.length; j++) {
        var target = doc.getElementById(decodeURIComponent(jumps[j].getAttribute("href").slice(1)));
        var gone = !!(target && target.closest("[hidden]"));
        jumps[j].classList.toggle("is-empty", gone);
        if (gone) jumps[j].setAttribute("aria-disabled", "true");
        else jumps[j].removeAttribute("aria-disabled");
      }
      if (!terms.length) setStatus(totalCount + " " + plural(totalCount), announce);
      else if (!shownCount) setStatus("No " + nouns + " match “" + input.value.trim() + "”", announce);
      else setStatus(shownCount + " of " + totalCount + " " + plural(totalCount) + " match", announce);
    }

    input.addEventListener("input", function () {
      apply(true);
    });
    input.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && input.value) {
        e.preventDefault();
        input.value = "";
        apply(true);
      }
    });
    for (var c = 0; c < clears.length; c++) {
      clears[c].addEventListener("click", function () {
        input.value = "";
        apply(true);
      });
    }
    for (var k = 0; k < jumps.length; k++) {
      jumps[k].addEventListener("click", function (e) {
        if (e.currentTarget.getAttribute("aria-disabled") === "true") e.preventDefault();
      });
    }
    box.hidden = false;
    /* The browser may have restored a value on back/forward. */
    apply(false);
  }

  /* A "#" link beside each heading of a note's text, to copy a link to it. */
  function initAnchors() {
    var headings = doc.querySelectorAll(".prose :is(h1, h2, h3, h4, h5, h6)[id]");
    for (var i = 0; i < headings.length; i++) {
      var a = doc.createElement("a");
      a.className = "anchor";
      a.href = "#" + headings[i].id;
      a.setAttribute("aria-label", "Link to this section");
      a.textContent = "#";
      headings[i].appendChild(a);
    }
  }

  function init() {
    initAnchors();
    initTheme();
    initNav();
    initToc();
    initCode();
    initScrollers();
    initFilters();
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  window.notesite = {
    getTheme: getTheme,
    setTheme: setTheme
  };
})();
