/* notesite theme-init.js — loaded synchronously in <head>, before first paint.
   Job: apply the reader's saved light/dark choice (localStorage "notesite-theme")
   to <html data-theme> so the page never flashes the wrong colours, and mark
   <html class="js"> so the stylesheet can switch on script-driven UI (nav drawer,
   collapsible TOC). With nothing saved, data-theme stays unset and the CSS
   follows the system setting (prefers-color-scheme). Adds nothing to window. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = window.localStorage.getItem("notesite-theme");
    if (saved === "light" || saved === "dark") {
      root.dataset.theme = saved;
    }
  } catch (e) {
    /* storage blocked (privacy mode, some file:// setups): follow the system */
  }
})();
