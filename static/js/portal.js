/* Small enhancements of pages that work without them.

   - A table that is wider than its region scrolls there: the region then takes the keyboard's
     focus (so that the arrow keys scroll it) and is named after the table's caption.
   - On a narrow screen a list's filters fold behind their summary, which says how many are in use. */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 40rem)");

  function markScrollingRegions() {
    document.querySelectorAll(".hds-table-container").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth;
      if (region.hasAttribute("tabindex") && !region.hasAttribute("data-scroll-region")) {
        return; // focusable and named in the page itself
      }
      if (scrolls) {
        var caption = region.querySelector("caption");
        region.setAttribute("data-scroll-region", "");
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else if (region.hasAttribute("data-scroll-region")) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (name) {
          region.removeAttribute(name);
        });
      }
    });
  }

  function foldFilters() {
    if (!NARROW.matches) return;
    document.querySelectorAll("details.filters-fold").forEach(function (fold) {
      fold.open = false;
    });
  }

  function onReady() {
    foldFilters();
    markScrollingRegions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
  var pending;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markScrollingRegions, 100);
  });
  // A list's results replaced by htmx bring tables of their own.
  document.addEventListener("htmx:afterSettle", markScrollingRegions);
})();
