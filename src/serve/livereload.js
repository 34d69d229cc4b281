/* notesite live reload: injected only by `notesite serve`, never written by `build`.
   Listens to the server's events: reloads the page (keeping its scroll position), follows
   a renamed note, swaps stylesheets without a reload, and shows build errors in an overlay. */
(function () {
  "use strict";
  var key = "notesite-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  function here() {
    var path = location.pathname.replace(/^\/+/, "");
    return path === "" || /\/$/.test(path) ? path + "index.html" : path;
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function overlay(errors) {
    var box = document.getElementById("notesite-error-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "notesite-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "background:#2b0b0e;color:#ffe9ea;border:2px solid #ff6b75;border-radius:8px;padding:1rem 1.25rem;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4);white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Build failed: the last good version of the site is shown.\n\n";
    box.appendChild(title);
    errors.forEach(function (e) {
      var line = document.createElement("div");
      line.style.marginBottom = ".75rem";
      var where = e.file ? e.file + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "") + ": " : "";
      line.textContent = where + e.message + (e.hint ? "\n  hint: " + e.hint : "");
      box.appendChild(line);
    });
  }
  function clearOverlay() {
    var box = document.getElementById("notesite-error-overlay");
    if (box) box.parentNode.removeChild(box);
  }
  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?&]reload=\d+$/, "");
      links[i].setAttribute("href", href + (href.indexOf("?") < 0 ? "?" : "&") + "reload=" + Date.now());
    }
  }
  var source = new EventSource("/__notesite/events");
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    clearOverlay();
    var page = here();
    for (var i = 0; i < (data.renamed || []).length; i++) {
      if (data.renamed[i][0] === page) {
        location.href = "/" + data.renamed[i][1];
        return;
      }
    }
    if (!data.pages || data.pages.length === 0 || data.pages.indexOf(page) >= 0 || data.all) reload();
  });
  source.addEventListener("css", function () { clearOverlay(); swapStylesheets(); });
  source.addEventListener("error", function (event) {
    if (event.data) overlay(JSON.parse(event.data).errors || []);
  });
  source.addEventListener("ok", clearOverlay);
})();
