/* compare.js — the "compare services" picker on the services index.
   Reads window.NotesiteCompareData, written by the build to
   compare-data.js beside the services index and loaded just before this file as a classic
   script (no fetch, so it works from file://). The reader ticks two to four
   services; a table shows their facts side by side, with a source link for
   every value. All text goes in through textContent; links only take
   relative hrefs. Adds nothing to window. Without JS (or without the data)
   the page keeps its complete lists and a pointer to the comparison tables. */
(function () {
  "use strict";

  var doc = document;
  var MIN = 2;
  var MAX = 4;
  var NUMBERS = ["no", "one", "two", "three", "four"];

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Only same-site relative links: no scheme ("javascript:", "http:"),
     no protocol-relative "//host". */
  function safeHref(href) {
    if (typeof href !== "string" || !href) return null;
    if (/^[a-z][a-z0-9+.\-]*:/i.test(href) || href.indexOf("//") === 0) return null;
    return href;
  }

  function link(href, text, className) {
    var safe = safeHref(href);
    var node = el(safe ? "a" : "span", className, text);
    if (safe) node.setAttribute("href", safe);
    return node;
  }

  /* "A", "A and B", "A, B and C" */
  function listNames(names) {
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function icon(paths) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = doc.createElementNS(ns, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    var path = doc.createElementNS(ns, "path");
    path.setAttribute("d", paths);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linecap", "round");
    svg.appendChild(path);
    return svg;
  }

  function normalise(text) {
    return String(text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function init() {
    var app = doc.querySelector("[data-compare-app]");
    if (!app) return;
    var data = window.NotesiteCompareData;
    var services = data && Array.isArray(data.services) ? data.services.filter(function (s) {
      return s && typeof s.name === "string";
    }) : [];
    if (services.length < MIN) {
      /* No data (compare-data.js missing) or too little to compare: keep
         the no-JS pointer to the tables and say why. */
      var why = app.querySelector("[data-compare-why]");
      if (why) {
        why.textContent = data
          ? "There are not enough services to compare yet."
          : "The comparison data could not be loaded.";
      }
      return;
    }

    var chosen = []; /* indexes into services, in the order picked */
    var boxes = [];

    /* -------- Picker: a fieldset of labelled checkboxes by category -------- */

    var layout = el("div", "compare-layout");
    var picker = el("fieldset", "compare-picker");
    var legend = el("legend", "compare-legend");
    legend.appendChild(doc.createTextNode("Services "));
    legend.appendChild(el("span", "compare-legend-hint", "choose " + MIN + " to " + MAX));
    picker.appendChild(legend);

    var findWrap = el("div", "filter-field compare-find");
    findWrap.appendChild(icon("M15 15l5 5M16.5 10.5a6 6 0 1 1-12 0 6 6 0 0 1 12 0z"));
    var findLabel = el("label", "visually-hidden", "Find a service to compare");
    findLabel.setAttribute("for", "compare-find");
    var find = el("input", "filter-input");
    find.type = "search";
    find.id = "compare-find";
    find.placeholder = "Find a service";
    find.setAttribute("autocomplete", "off");
    find.setAttribute("spellcheck", "false");
    findWrap.appendChild(findLabel);
    findWrap.appendChild(find);
    picker.appendChild(findWrap);

    var options = el("div", "compare-options");
    var byCategory = {};
    var categories = [];
    services.forEach(function (s, i) {
      var cat = s.category || "Other";
      if (!byCategory[cat]) {
        byCategory[cat] = [];
        categories.push(cat);
      }
      byCategory[cat].push(i);
    });
    categories.sort(function (a, b) {
      return a.localeCompare(b);
    });
    var groups = [];
    categories.forEach(function (cat) {
      var group = el("fieldset", "compare-category");
      group.appendChild(el("legend", "compare-category-name", cat));
      var list = el("ul", "compare-option-list");
      list.setAttribute("role", "list");
      byCategory[cat].sort(function (a, b) {
        return services[a].name.localeCompare(services[b].name);
      });
      byCategory[cat].forEach(function (i) {
        var s = services[i];
        var item = el("li", "compare-option");
        var label = el("label");
        var box = el("input");
        box.type = "checkbox";
        box.value = String(i);
        box.addEventListener("change", onToggle);
        label.appendChild(box);
        label.appendChild(el("span", "compare-option-name", s.name));
        if (s.summary) label.title = s.summary;
        item.appendChild(label);
        item.setAttribute("data-text", normalise(s.name + " " + cat + " " + (s.summary || "")));
        list.appendChild(item);
        boxes[i] = box;
      });
      group.appendChild(list);
      options.appendChild(group);
      groups.push(group);
    });
    var noMatch = el("p", "compare-no-match", "No service matches.");
    noMatch.hidden = true;
    options.appendChild(noMatch);
    picker.appendChild(options);

    /* -------- Selection: status, chosen chips, clear -------- */

    var side = el("div", "compare-side");
    var status = el("p", "compare-status");
    status.id = "compare-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var chosenHeading = el("p", "compare-chosen-heading", "Chosen");
    chosenHeading.id = "compare-chosen-heading";
    var chips = el("ul", "compare-chosen");
    chips.setAttribute("role", "list");
    chips.setAttribute("aria-labelledby", "compare-chosen-heading");
    var clear = el("button", "compare-clear", "Clear all");
    clear.type = "button";
    clear.addEventListener("click", function () {
      chosen = [];
      update(true);
      find.focus();
    });
    side.appendChild(chosenHeading);
    side.appendChild(chips);
    side.appendChild(clear);
    side.appendChild(status);

    layout.appendChild(picker);
    layout.appendChild(side);

    var result = el("div", "compare-result");

    app.textContent = "";
    app.appendChild(layout);
    app.appendChild(result);
    app.classList.add("is-ready");

    /* -------- Behaviour -------- */

    function onToggle(e) {
      var i = Number(e.currentTarget.value);
      var at = chosen.indexOf(i);
      if (e.currentTarget.checked && at < 0) {
        if (chosen.length >= MAX) {
          e.currentTarget.checked = false;
          say("You can compare up to " + NUMBERS[MAX] + " services. Remove one first.");
          return;
        }
        chosen.push(i);
      } else if (!e.currentTarget.checked && at >= 0) {
        chosen.splice(at, 1);
      }
      update(true);
    }

    function filterOptions() {
      var terms = normalise(find.value).split(" ").filter(Boolean);
      var any = false;
      groups.forEach(function (group) {
        var shown = 0;
        var items = group.querySelectorAll(".compare-option");
        for (var k = 0; k < items.length; k++) {
          var text = items[k].getAttribute("data-text");
          var match = terms.every(function (t) {
            return text.indexOf(t) >= 0;
          });
          items[k].hidden = !match;
          if (match) shown++;
        }
        group.hidden = shown === 0;
        if (shown) any = true;
      });
      noMatch.hidden = any;
    }
    find.addEventListener("input", filterOptions);

    var sayTimer = 0;
    function say(message) {
      /* Re-set the text after a beat so repeated messages are announced. */
      window.clearTimeout(sayTimer);
      status.textContent = message;
      sayTimer = window.setTimeout(function () {
        if (status.textContent !== message) status.textContent = message;
      }, 60);
    }

    function names() {
      return chosen.map(function (i) {
        return services[i].name;
      });
    }

    function update(announce) {
      for (var i = 0; i < boxes.length; i++) {
        if (!boxes[i]) continue;
        var on = chosen.indexOf(i) >= 0;
        boxes[i].checked = on;
        boxes[i].disabled = !on && chosen.length >= MAX;
        boxes[i].parentNode.parentNode.classList.toggle("is-chosen", on);
      }
      renderChips();
      renderTable();
      clear.hidden = chosen.length === 0;
      chosenHeading.hidden = chosen.length === 0;
      remember();
      var message;
      if (chosen.length === 0) {
        message = "No services chosen. Choose " + NUMBERS[MIN] + " to " + NUMBERS[MAX] + ".";
      } else if (chosen.length < MIN) {
        message = names()[0] + " chosen. Choose at least one more to compare.";
      } else {
        message = "Comparing " + listNames(names()) + ": " + rowCount + " row" + (rowCount === 1 ? "" : "s") + " in the table below.";
        if (chosen.length >= MAX) message += " That is the most the table shows; remove one to choose another.";
      }
      if (announce) say(message);
      else status.textContent = message;
    }

    function renderChips() {
      chips.textContent = "";
      chosen.forEach(function (i, position) {
        var s = services[i];
        var chip = el("li", "compare-chip");
        chip.appendChild(el("span", "compare-chip-name", s.name));
        var remove = el("button", "compare-chip-remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + s.name);
        remove.title = "Remove " + s.name;
        remove.appendChild(icon("M7 7l10 10M17 7L7 17"));
        remove.addEventListener("click", function () {
          chosen.splice(chosen.indexOf(i), 1);
          update(true);
          /* Keep keyboard focus nearby: the next chip's button, else the search. */
          var buttons = chips.querySelectorAll(".compare-chip-remove");
          var next = buttons[Math.min(position, buttons.length - 1)];
          (next || find).focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    var rowCount = 0;

    function renderTable() {
      result.textContent = "";
      rowCount = 0;
      if (chosen.length < MIN) {
        var hint = el("p", "compare-placeholder");
        hint.textContent = chosen.length === 0
          ? "Tick two to four services and their facts appear here side by side."
          : "Tick at least one more service to see the comparison.";
        result.appendChild(hint);
        return;
      }
      var picked = chosen.map(function (i) {
        return services[i];
      });

      /* Rows: the union of fact keys (compared case-insensitively). Facts
         most of the chosen services have come first; ties keep the order
         in which they first appear. */
      var keys = [];
      var keyIndex = {};
      picked.forEach(function (s) {
        var seen = {};
        (s.facts || []).forEach(function (f) {
          var id = normalise(f.key);
          if (!id || seen[id]) return;
          seen[id] = true;
          if (!(id in keyIndex)) {
            keyIndex[id] = keys.length;
            keys.push({ label: f.key, id: id, order: keys.length, count: 0 });
          }
          keys[keyIndex[id]].count++;
        });
      });
      keys.sort(function (a, b) {
        return b.count - a.count || a.order - b.order;
      });

      var wrap = el("div", "table-scroll compare-table-wrap");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-labelledby", "compare-caption");
      wrap.tabIndex = 0;
      var table = el("table", "compare-table");
      var caption = el("caption", "compare-caption");
      caption.id = "compare-caption";
      caption.appendChild(el("span", "caption-text", listNames(names()) + " compared"));
      table.appendChild(caption);

      var thead = el("thead");
      var headRow = el("tr");
      var corner = el("th", null, "Fact");
      corner.scope = "col";
      headRow.appendChild(corner);
      picked.forEach(function (s) {
        var th = el("th");
        th.scope = "col";
        th.appendChild(link(s.href, s.name, "compare-col-name"));
        if (s.category) th.appendChild(el("span", "compare-col-category", s.category));
        headRow.appendChild(th);
      });
      thead.appendChild(headRow);
      table.appendChild(thead);

      var tbody = el("tbody");
      function row(label, cell) {
        var tr = el("tr");
        var th = el("th", null, label);
        th.scope = "row";
        tr.appendChild(th);
        picked.forEach(function (s) {
          var td = el("td");
          cell(s, td);
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
        rowCount++;
      }
      function noData(td) {
        td.appendChild(el("span", "no-data", "No data in the notes"));
      }
      row("Summary", function (s, td) {
        if (s.summary) td.appendChild(el("span", "compare-summary", s.summary));
        else noData(td);
      });
      keys.forEach(function (key) {
        row(key.label, function (s, td) {
          var values = [];
          var more = 0;
          var moreHref = null;
          (s.facts || []).forEach(function (f) {
            if (normalise(f.key) !== key.id || !Array.isArray(f.values)) return;
            values = values.concat(f.values);
            /* A long fact lists only the values most notes state; the rest are on the
               service's page. */
            if (f.more > 0 && f.more_href) {
              more += f.more;
              moreHref = f.more_href;
            }
          });
          if (!values.length) {
            noData(td);
            return;
          }
          var list = el("ul", "sourced");
          list.setAttribute("role", "list");
          values.forEach(function (v) {
            if (!v) return;
            var li = el("li");
            li.appendChild(el("span", "sourced-text", v.text));
            if (v.source) {
              li.appendChild(doc.createTextNode(" "));
              var src = link(v.href, "", "source-link");
              src.appendChild(el("span", "visually-hidden", "Source: "));
              src.appendChild(doc.createTextNode(v.source));
              li.appendChild(src);
            }
            list.appendChild(li);
          });
          if (more && moreHref) {
            var rest = el("li", "sourced-more");
            rest.appendChild(link(moreHref, more + " more on the service page"));
            list.appendChild(rest);
          }
          td.appendChild(list);
        });
      });
      table.appendChild(tbody);
      wrap.appendChild(table);
      result.appendChild(wrap);
    }

    /* Keep the choice when the reader follows a link and comes back. */
    function remember() {
      try {
        var state = window.history.state && typeof window.history.state === "object" ? window.history.state : {};
        var next = {};
        for (var k in state) if (Object.prototype.hasOwnProperty.call(state, k)) next[k] = state[k];
        next.notesiteCompare = names();
        window.history.replaceState(next, "");
      } catch (e) {
        /* history unavailable: the choice lasts while the page is open */
      }
    }

    function restore() {
      try {
        var saved = window.history.state && window.history.state.notesiteCompare;
        if (!Array.isArray(saved)) return;
        saved.forEach(function (name) {
          for (var i = 0; i < services.length; i++) {
            if (services[i].name === name && chosen.indexOf(i) < 0 && chosen.length < MAX) chosen.push(i);
          }
        });
      } catch (e) {
        /* nothing to restore */
      }
    }

    restore();
    update(false);
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
