/* Quick exit, and print buttons. The quick exit is a plain link that works without this script;
   print buttons are shown only by it. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (link) {
    var target = link.href;
    var bar = link.parentNode;
    var status = document.getElementById("quick-exit-status");
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      // Blank the page first, so nothing stays on screen while the next page loads,
      // then replace this history entry so Back does not return here.
      document.title = "";
      document.documentElement.classList.add("exiting");
      document.body.innerHTML = "";
      window.location.replace(target);
    };
    link.addEventListener("click", leave);

    // Shift pressed on its own three times in a row, within a few seconds. A Shift that is
    // part of a combination (a capital letter typed in the search box, Shift+Tab to move
    // back through the page) is not a press and starts the count again, so nobody is sent
    // away while typing "Santa Fe" or tabbing backwards.
    var WINDOW_MS = 5000;
    var presses = 0;
    var shiftAlone = false;
    var expiry = null;
    var announce = function (text) { if (status) { status.textContent = text; } };
    var reset = function () {
      presses = 0;
      clearTimeout(expiry);
      announce("");
    };
    document.addEventListener("keydown", function (event) {
      if (event.key === "Shift") {
        if (!event.repeat) { shiftAlone = true; }
        return;
      }
      shiftAlone = false;
      if (presses) { reset(); }
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift" || !shiftAlone) { return; }
      shiftAlone = false;
      presses += 1;
      clearTimeout(expiry);
      if (presses >= 3) { leave(); return; }
      expiry = setTimeout(reset, WINDOW_MS);
      announce(link.getAttribute("data-pressed").replace("%(count)s", presses));
    });
    // A press interrupted by leaving the window (Shift+click, switching apps) does not count.
    window.addEventListener("blur", function () { shiftAlone = false; });

    // The bar is sticky: keep whatever gets focus or is scrolled to clear of it, whatever
    // its height in this language, at this width and text size (the CSS has a fallback).
    // The observer reports the height after layout, so reading it forces no extra layout.
    var clearBar = function (height) {
      document.documentElement.style.scrollPaddingTop = (height + 8) + "px";
    };
    if (window.ResizeObserver) {
      new ResizeObserver(function (entries) {
        var size = entries[0].borderBoxSize;
        clearBar(size && size[0] ? size[0].blockSize : bar.offsetHeight);
      }).observe(bar);
    }
  }

  // Print buttons: printing needs this script, so they are shown by it (their row is kept
  // empty without it, so showing them moves nothing on the page).
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Results filters: a <details> closed on a phone, so that the results come first; on a wide
  // screen they stand open beside the results (site.css does it where ::details-content works).
  var filters = document.getElementById("filters");
  if (filters && filters.tagName === "DETAILS" && window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = true;
  }
})();
