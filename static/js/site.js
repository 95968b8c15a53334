/* Quick exit, and a print link. Everything here enhances plain links that work without it. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (link) {
    var target = link.href;
    var status = document.getElementById("quick-exit-status");
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      // Blank the page first, so nothing stays on screen while the next page loads,
      // then replace this history entry so Back does not return here.
      document.title = "";
      document.documentElement.className += " exiting";
      document.body.innerHTML = "";
      window.location.replace(target);
    };
    link.addEventListener("click", leave);

    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift" || event.repeat) { return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 3000; });
      presses.push(now);
      if (presses.length >= 3) { leave(); return; }
      if (status) { status.textContent = link.getAttribute("data-pressed").replace("%(count)s", presses.length); }
    });
  }

  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  }
})();
