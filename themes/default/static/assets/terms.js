/* terms.js — glossary terms marked in a note open their definition in a small
   popover. Each mark is a link to the term's glossary entry carrying the
   definition in `data-definition`, so without this script it still leads to
   the definition. With it, the mark is a disclosure button: focus, click or tap
   opens the popover (the definition and a link to the entry), Escape or a
   click elsewhere closes it and focus goes back to the mark.
   Loaded as a classic deferred script, only on pages with marked terms (works
   from file://, no network). Adds no name to window. */
(function () {
  "use strict";

  var doc = document;
  var open = null; // { mark, pop }
  var count = 0;

  function close(refocus) {
    if (!open) return;
    var mark = open.mark;
    open.pop.parentNode.removeChild(open.pop);
    mark.setAttribute("aria-expanded", "false");
    open = null;
    if (refocus) mark.focus();
  }

  function show(mark) {
    if (open && open.mark === mark) return;
    close(false);
    var pop = doc.createElement("span");
    pop.className = "term-popover";
    pop.id = mark.getAttribute("aria-controls");
    pop.setAttribute("role", "note");
    var text = doc.createElement("span");
    text.className = "term-popover-text";
    // textContent: the definition comes from notes and is never parsed as HTML.
    text.textContent = mark.getAttribute("data-definition") || "";
    var link = doc.createElement("a");
    link.className = "term-popover-link";
    link.href = mark.getAttribute("data-href");
    link.textContent = "In the glossary";
    pop.appendChild(text);
    pop.appendChild(doc.createTextNode(" "));
    pop.appendChild(link);
    // Right after the mark, so Tab from the mark reaches the popover's link.
    mark.parentNode.insertBefore(pop, mark.nextSibling);
    mark.setAttribute("aria-expanded", "true");
    open = { mark: mark, pop: pop };
  }

  function enhance(mark) {
    count += 1;
    mark.setAttribute("data-href", mark.getAttribute("href"));
    mark.removeAttribute("href");
    mark.setAttribute("role", "button");
    mark.setAttribute("tabindex", "0");
    mark.setAttribute("aria-expanded", "false");
    mark.setAttribute("aria-controls", "term-popover-" + count);
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("click", function (event) {
      event.preventDefault();
      if (open && open.mark === mark && event.detail > 0 && mark.hasAttribute("data-opened-by-focus")) {
        // The click that focused the mark already opened it: keep it open.
        mark.removeAttribute("data-opened-by-focus");
        return;
      }
      if (open && open.mark === mark) close(false);
      else show(mark);
    });
    mark.addEventListener("mousedown", function () {
      if (doc.activeElement !== mark) mark.setAttribute("data-opened-by-focus", "");
    });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (open && open.mark === mark) close(false);
        else show(mark);
      }
    });
  }

  var marks = doc.querySelectorAll("a.term[data-definition]");
  for (var i = 0; i < marks.length; i++) enhance(marks[i]);

  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) close(true);
  });
  doc.addEventListener("click", function (event) {
    if (!open) return;
    var target = event.target;
    if (target === open.mark || open.pop.contains(target)) return;
    close(false);
  });
  doc.addEventListener("focusin", function (event) {
    if (!open) return;
    var target = event.target;
    if (target === open.mark || open.pop.contains(target)) return;
    close(false);
  });
})();
