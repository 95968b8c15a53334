/* Quick exit, and a print link. Everything here enhances plain links that work without it. */
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
    var clearBar = function () {
      document.documentElement.style.scrollPaddingTop = (bar.offsetHeight + 8) + "px";
    };
    clearBar();
    if (window.ResizeObserver) { new ResizeObserver(clearBar).observe(bar); }
    else { window.addEventListener("resize", clearBar); }
  }

  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  }
})();
